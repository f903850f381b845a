"""General mechanisms seen on real copy (extractor v11): sentences written for these tests,
in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from datetime import datetime

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations
from tracker.extract import extract
from tracker.extract.text import sentences


def denied(text: str, when: datetime) -> set[tuple[str, str | None]]:
    return {(d.denier, d.occurred.date) for d in extract(text, published=when).denials}


def test_a_ceasefire_written_with_a_hyphen_is_no_appeal_to_cease() -> None:
    text = "Yerevan accused Baku of a cease-fire violation on Monday."
    assert accusations(text, pub(2022, 3, 29)) == {("AM", "AZ", "2022-03-28")}


def test_at_the_time_dates_the_claim_and_its_denial_by_the_sentence_before() -> None:
    text = (
        "The negotiations came after an escalation in Karabakh on 25 March that saw "
        "Azerbaijani troops take a village, killing three soldiers of the region's army. At "
        "the time Armenia accused Azerbaijan of a ceasefire violation, but Azerbaijan's "
        "foreign ministry rejected the accusation."
    )
    when = pub(2022, 4, 7)
    assert accusations(text, when) == {("AM", "AZ", "2022-03-25")}
    assert denied(text, when) == {("AZ", "2022-03-25")}


def test_a_clause_with_no_day_takes_the_day_of_the_attack_in_the_clause_before() -> None:
    text = (
        "Armenia's defence ministry said Azerbaijani forces shelled its positions at 00:04 on "
        "Sunday, while Azerbaijan's defence ministry said Armenian forces fired at Jabrayil "
        "at 00:10."
    )
    assert accusations(text, pub(2020, 10, 19)) == {
        ("AM", "AZ", "2020-10-18"),
        ("AZ", "AM", "2020-10-18"),
    }


def test_an_attempt_to_seize_heights_is_an_attack() -> None:
    text = (
        "On Tuesday the Azerbaijani defence ministry reported an attempt by Armenian troops to "
        "seize heights in the Kalbajar district."
    )
    assert accusations(text, pub(2021, 11, 17)) == {("AZ", "AM", "2021-11-16")}


def test_attacks_that_have_continued_with_no_day_are_no_incident() -> None:
    text = "Despite the truce, Armenian forces have continued attacking Azerbaijani positions."
    assert accusations(text, pub(2020, 10, 14)) == set()


def test_men_captured_or_missing_are_no_casualty_figure() -> None:
    text = (
        "Armenia's defence ministry said one soldier was killed on Tuesday, 6 were captured "
        "and 15 went missing."
    )
    assert figures(text, pub(2021, 11, 17)) == {("AM", "armenian", "military_killed", 1)}
    text = (
        "The Armenian defence ministry said two soldiers were wounded and nine Armenian "
        "servicemen were taken prisoner."
    )
    assert figures(text, pub(2021, 11, 17)) == {("AM", "armenian", "military_injured", 2)}
    text = (
        "Armenia's defence ministry said five servicemen were killed, 7 were captured, "
        "11 went missing and 4 were wounded."
    )
    assert figures(text, pub(2021, 11, 17)) == {
        ("AM", "armenian", "military_killed", 5),
        ("AM", "armenian", "military_injured", 4),
    }


def test_things_named_with_an_adjective_are_no_victims() -> None:
    text = (
        "Azerbaijan's prosecutor's office said nine civilians were killed and more than 10 "
        "apartment buildings were damaged in Ganja."
    )
    assert figures(text, pub(2020, 10, 12)) == {("AZ", "azerbaijani", "civilian_killed", 9)}
    text = (
        "The Karabakh police said an Azerbaijani unit ambushed a police car on a road outside "
        "Stepanakert, killing three officers."
    )
    assert figures(text, pub(2023, 3, 5)) == {("NK", "armenian", "total_killed", 3)}


def test_soldiers_named_together_are_counted_one_each() -> None:
    text = (
        "The Karabakh defence army said contract servicemen Aram Petrosyan and Davit Sargsyan "
        "were mortally wounded by Azerbaijani fire on Wednesday."
    )
    assert ("NK", "armenian", "military_killed", 2) in figures(text, pub(2022, 8, 4))


def test_killed_and_wounded_in_action_abbreviated() -> None:
    text = "Armenia's defence ministry said two servicemen were KIA and three were WIA."
    assert figures(text, pub(2022, 9, 13)) == {
        ("AM", "armenian", "military_killed", 2),
        ("AM", "armenian", "military_injured", 3),
    }


def test_an_agency_report_with_reference_to_a_body_gives_the_body_the_word() -> None:
    text = (
        "Ten civilians are now dead after the rocket attack on Ganja, the agency reports with "
        "reference to Azerbaijan's Prosecutor General's Office."
    )
    assert {c.claimant for c in extract(text, published=pub(2020, 10, 12)).casualties} == {"AZ"}


def test_a_year_long_before_the_conflict_names_no_truce_of_its_own() -> None:
    text = (
        "Baku said Armenian shelling breached both the 1949 Geneva Conventions and the "
        "humanitarian truce that began on 10 October."
    )
    refs = {r.truce_id for r in extract(text, published=pub(2020, 10, 12)).truce_refs}
    assert refs == {"nk-2020-10-10"}


def test_a_site_named_like_a_sentence_boundary_does_not_end_the_sentence() -> None:
    text = "The ministry told Report.Az that Armenian forces fired at Tovuz on Monday."
    assert len(sentences(text)) == 1


def test_two_accusers_joined_by_and_make_one_claim_each() -> None:
    text = "Moscow and Yerevan accused Azerbaijan of shelling villages near Stepanakert on Monday."
    assert accusations(text, pub(2022, 3, 29)) == {
        ("RU", "AZ", "2022-03-28"),
        ("AM", "AZ", "2022-03-28"),
    }


def test_a_truce_a_party_has_broken_is_an_accusation_against_it() -> None:
    text = (
        "Armenia's defence ministry, through its spokesman, stated that Azerbaijan had broken "
        "the humanitarian truce on Sunday within three minutes of its start."
    )
    assert accusations(text, pub(2020, 10, 18)) == {("AM", "AZ", "2020-10-18")}
    text = "On Sunday Baku said that Armenian units had broken the truce as well."
    assert accusations(text, pub(2020, 10, 18)) == {("AZ", "AM", "2020-10-18")}
    text = "Yerevan said the agreement was broken by Azerbaijan on Sunday morning."
    assert accusations(text, pub(2020, 10, 18)) == {("AM", "AZ", "2020-10-18")}


def test_an_attack_from_a_country_names_its_attacker() -> None:
    text = "On Thursday, Baku reported one more attack from Armenia and said its units had pushed it back."
    assert accusations(text, pub(2021, 11, 19)) == {("AZ", "AM", "2021-11-18")}
    text = "The Azerbaijani defence ministry reported gunfire from Armenia on Thursday."
    assert accusations(text, pub(2021, 11, 19)) == {("AZ", "AM", "2021-11-18")}


def test_a_new_attack_reported_days_after_the_story_is_of_the_day_told() -> None:
    text = (
        "Yerevan said the 16 November clashes on the border had cost it seven soldiers. On 18 "
        "November, Baku reported another attack by Armenian units."
    )
    assert ("AZ", "AM", "2021-11-18") in accusations(text, pub(2021, 11, 19))


def test_authorities_in_a_capital_speak_for_its_side() -> None:
    text = (
        "Yerevan said Azerbaijani troops opened fire on a police car on Sunday. In Baku, "
        "authorities said three Azerbaijani servicemen were killed in the exchange of fire."
    )
    assert ("AZ", "azerbaijani", "military_killed", 3) in figures(text, pub(2023, 3, 6))
    text = (
        "Baku said Armenian units fired at its posts on Sunday. In Yerevan, officials said "
        "three Armenian servicemen were wounded."
    )
    assert ("AM", "armenian", "military_injured", 3) in figures(text, pub(2023, 3, 6))


def test_one_military_is_one_serviceman() -> None:
    text = (
        "Armenia's defence ministry said on Tuesday that it knew so far of the death of one "
        "military on the border."
    )
    assert figures(text, pub(2021, 11, 17)) == {("AM", "armenian", "military_killed", 1)}
