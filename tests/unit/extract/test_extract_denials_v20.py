"""Denials and the accusations around them (extractor v20): sentences written for these
tests, in the shapes wire copy takes, from the reference facts (the sides, their bodies and
the places of the border)."""

from __future__ import annotations

from datetime import datetime

from tests.unit.extract.test_extract_unseen_copy_v8 import pub
from tests.unit.extract.test_extract_violations_v18 import accusations
from tracker.extract import extract


def denials(text: str, when: datetime) -> set[tuple[str, str | None]]:
    return {(d.denier, d.date) for d in extract(text, published=when).denials}


# A denial whose "that" is left out


def test_a_denied_accusation_without_that_is_not_the_denier_s_own_claim() -> None:
    text = (
        "The Azerbaijani Defence Ministry on Tuesday dismissed accusations it had opened fire "
        "across the border on Armenian posts."
    )
    found = accusations(text, pub(2022, 9, 13))
    assert ("AZ", "AM") not in {(a, b) for a, b, _ in found}


# A campaign of false words, with no attack named


def test_a_disinformation_campaign_preparing_provocations_is_no_denial() -> None:
    text = (
        "The Armenian Defence Ministry said a disinformation campaign by Baku had laid the basis "
        "for new provocations on the border."
    )
    assert denials(text, pub(2023, 9, 1)) == set()


def test_guard_a_disinformation_campaign_about_an_attack_is_a_denial() -> None:
    text = (
        "The Armenian Defence Ministry said a disinformation campaign by Baku falsely claimed "
        "that Armenian units had shelled Azerbaijani posts near Kalbajar on Thursday."
    )
    assert ("AM", "2023-08-31") in denials(text, pub(2023, 9, 1))


# A denial about forces held or gathered, not about an attack


def test_denying_a_troop_presence_is_no_denial_of_an_attack() -> None:
    text = (
        "Yerevan denied that it had a military presence in the region and accused Baku of "
        "a new aggression."
    )
    assert denials(text, pub(2023, 9, 20)) == set()


def test_false_information_about_a_buildup_is_no_denial_of_an_attack() -> None:
    text = (
        "Armenia accused Azerbaijani media of spreading false information about a concentration "
        "of Armenian troops near Sotk."
    )
    assert denials(text, pub(2023, 9, 1)) == set()
