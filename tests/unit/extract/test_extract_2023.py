"""Reports of 2023 (the blockade, the September offensive and its truce): sentences written
for these tests in the pattern of that period's copy."""

from __future__ import annotations

from datetime import datetime

from tracker.extract import extract
from tracker.extract.timeexpr import parse_tz

TZ = "+04:00"


def pub(y: int, m: int, d: int, h: int = 18) -> datetime:
    return datetime(y, m, d, h, tzinfo=parse_tz(TZ))


def test_ethnic_armenians_opening_a_sentence_are_the_karabakh_side() -> None:
    text = "Ethnic Armenians said on Friday that Azerbaijani troops fired on a village."
    (v,) = extract(text, published=pub(2023, 10, 2)).violations
    assert (v.accuser, v.accused, v.date) == ("NK", "AZ", "2023-09-29")


def test_a_denied_accusation_of_a_plural_possessive_is_theirs() -> None:
    text = "Baku denied the Karabakh Armenians' accusation that its troops shelled a village on Monday."
    ex = extract(text, published=pub(2023, 9, 26))
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AZ", "NK")]


def test_a_photo_caption_does_not_date_the_story_under_it() -> None:
    text = (
        "Smoke rises over a village on September 19, 2023, in this handout picture.\n"
        "Karabakh officials accuse Baku of breaking the ceasefire\n"
        "Karabakh officials said Azerbaijani forces opened fire on Friday."
    )
    ex = extract(text, published=pub(2023, 9, 23))
    assert {v.date for v in ex.violations} == {"2023-09-22"}
    assert ex.truce_ids == ("nk-2023-09-20",)


def test_a_source_after_learned_from_speaks() -> None:
    text = "A local site has learned from the Karabakh police that Azerbaijani troops fired at shepherds near Martuni on Tuesday."
    (v,) = extract(text, published=pub(2023, 4, 12)).violations
    assert (v.accuser, v.accused, v.date) == ("NK", "AZ", "2023-04-11")


def test_illegal_armenian_armed_detachments_are_the_karabakh_forces() -> None:
    text = (
        "On Sunday, members of illegal Armenian armed formations fired at Azerbaijani army "
        "positions near Shusha, the Azerbaijani Defence Ministry said."
    )
    (v,) = extract(text, published=pub(2023, 7, 17)).violations
    assert (v.accuser, v.accused, v.date) == ("AZ", "NK", "2023-07-16")


def test_armenian_forces_in_karabakh_are_the_karabakh_side() -> None:
    text = "Armenian forces in Karabakh said on Monday that Azerbaijani troops shelled their posts."
    (v,) = extract(text, published=pub(2023, 9, 20)).violations
    assert (v.accuser, v.accused) == ("NK", "AZ")


def test_a_bare_ceasefire_after_a_named_truce_is_that_truce() -> None:
    text = (
        "Russian peacekeepers helped to secure a full cessation of hostilities, starting at "
        "13:00 on September 20, 2023.\n"
        "More than 20 people died after Azerbaijan began its offensive on Tuesday.\n"
        "Baku said it accepted the ceasefire agreement."
    )
    refs = extract(text, published=pub(2023, 9, 20)).truce_refs
    assert [(r.truce_id, r.basis) for r in refs] == [
        ("nk-2023-09-20", "date"),
        ("nk-2023-09-20", "named before"),
    ]


def test_a_soldier_named_after_the_participle_of_the_attack_is_one_casualty() -> None:
    text = (
        "Armenia's Defence Ministry said Azerbaijani troops fired on its positions near Sotk "
        "on Monday, wounding serviceman Tigran Hakobyan."
    )
    (c,) = extract(text, published=pub(2023, 11, 14)).casualties
    assert (c.claimant, c.side, c.category, c.figure) == ("AM", "armenian", "military_injured", 1)


def test_trilateral_agreements_in_the_plural_name_the_2020_statement() -> None:
    text = "Moscow urged Baku and Yerevan to keep to the trilateral agreements of their leaders."
    assert extract(text, published=pub(2023, 8, 3)).truce_ids == ("nk-2020-11-10",)


def test_a_declaration_of_a_truce_day_names_that_truce() -> None:
    text = "The minister wrote that Baku had broken the declaration of 9 November 2020 again."
    assert extract(text, published=pub(2023, 5, 2)).truce_ids == ("nk-2020-11-10",)


def test_a_hashtag_calling_a_claim_fake_news_is_a_denial() -> None:
    text = (
        "Baku is spreading #fakenews again when it alleges that Armenian soldiers fired at its "
        "posts on Tuesday, Armenia's defence ministry said."
    )
    ex = extract(text, published=pub(2023, 6, 8))
    assert [(d.denier, d.accuser, d.date) for d in ex.denials] == [("AM", "AZ", "2023-06-06")]


def test_border_guards_are_uniformed_non_military_and_their_service_speaks() -> None:
    text = "The State Border Service said a border guard was wounded by Armenian fire on Friday."
    (c,) = extract(text, published=pub(2023, 6, 17)).casualties
    assert (c.claimant, c.side, c.category, c.figure) == ("AZ", "azerbaijani", "total_injured", 1)
