"""Casualty figures a careful reader keeps (extractor v19): fire on "the city of" a town, a
party's published count, rates and the parts of a breakdown that are no tolls, a source
named as "the same update", a toll whose victims are named with their owner, the side a list
names once, tolls written with "lives", an editor's note or word inside a sentence, and one
side's figure given twice.
Sentences written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tracker.extract import extract

# Fire on "the city of <name>"


def test_victims_of_a_strike_on_the_city_of_a_town_are_civilians() -> None:
    text = (
        "Twenty-one people were killed and 70 wounded in a rocket strike on the city of Barda, "
        "the Azerbaijani prosecutor's office said on Wednesday."
    )
    found = figures(text, pub(2020, 10, 28))
    assert ("AZ", "azerbaijani", "civilian_killed", 21) in found
    assert ("AZ", "azerbaijani", "civilian_injured", 70) in found


def test_victims_of_fire_near_a_town_named_alone_stay_a_total() -> None:
    guard = (
        "Twenty-one people were killed and 70 wounded in shelling near Barda, the Azerbaijani "
        "prosecutor's office said on Wednesday."
    )
    found = figures(guard, pub(2020, 10, 28))
    assert ("AZ", "azerbaijani", "total_killed", 21) in found


# A party's published count


def test_a_body_that_published_data_about_its_dead_gives_that_toll() -> None:
    text = (
        "The Azerbaijani Defence Ministry said its losses stood at 2,900 servicemen. "
        "Weeks later the Armenian health ministry published data about 3,825 dead servicemen."
    )
    found = figures(text, pub(2021, 10, 5))
    assert ("AM", "armenian", "military_killed", 3825) in found
    assert not any(f == 3825 and who == "AZ" for who, _, _, f in found)
    claims = extract(text, published=pub(2021, 10, 5)).casualties
    # "data about N": what the report tells of, not a rounded figure
    assert [c.qualifier for c in claims if c.figure == 3825] == ["exact"]


# Rates and the parts of a breakdown


def test_a_rate_of_losses_per_day_is_no_toll() -> None:
    text = "According to the analyst, up to 60 soldiers were killed every day during the war."
    assert figures(text, pub(2021, 10, 5)) == set()


def test_a_toll_of_the_first_day_is_kept() -> None:
    guard = "The Armenian Defence Ministry said 60 servicemen were killed on the first day."
    assert ("AM", "armenian", "military_killed", 60) in figures(guard, pub(2022, 9, 14))


def test_the_parts_of_a_toll_of_the_same_kind_are_no_figures() -> None:
    text = (
        "The Azerbaijani Defence Ministry said 80 servicemen, including 71 servicemen of the "
        "army and 9 servicemen of the border service, were killed in the fighting."
    )
    assert figures(text, pub(2022, 9, 14)) == {("AZ", "azerbaijani", "military_killed", 80)}


def test_a_part_of_another_kind_is_still_a_figure() -> None:
    guard = (
        "The Azerbaijani prosecutor's office said 30 people were killed, "
        "including four civilians, and 60 injured."
    )
    found = figures(guard, pub(2020, 10, 20))
    assert ("AZ", "azerbaijani", "civilian_killed", 4) in found


# Verbs of a toll written with "lives"


def test_the_lives_claimed_by_shelling_are_a_toll() -> None:
    text = (
        "The Karabakh ombudsman said Azerbaijani shelling of Stepanakert had claimed the lives "
        "of 20 civilians since the war began."
    )
    assert ("NK", "armenian", "civilian_killed", 20) in figures(text, pub(2020, 10, 10))


def test_soldiers_who_sacrificed_their_lives_are_dead() -> None:
    text = "The Karabakh army said 30 more soldiers sacrificed their lives in the fighting."
    assert ("NK", "armenian", "military_killed", 30) in figures(text, pub(2020, 10, 10))


def test_a_word_the_editor_put_in_brackets_is_read_past() -> None:
    text = (
        '"Today 40 [more] fighters of the Karabakh army gave their lives on the front," the '
        "deputy commander told reporters."
    )
    assert ("NK", "armenian", "military_killed", 40) in figures(text, pub(2020, 10, 2))


def test_claimed_before_a_figure_of_the_dead_is_still_a_speech_cue() -> None:
    guard = "Azerbaijan claimed that 20 Armenian soldiers were killed near Fuzuli."
    assert ("AZ", "armenian", "military_killed", 20) in figures(guard, pub(2020, 10, 10))


# Who gives the figure


def test_they_announced_in_a_capital_is_that_capitals_side() -> None:
    text = "In Yerevan, they announced 12 servicemen were wounded in the morning."
    assert ("AM", "armenian", "military_injured", 12) in figures(text, pub(2020, 9, 28))


def test_the_same_update_is_the_source_just_named() -> None:
    text = (
        "The Karabakh army's information centre reports the losses of the other side every "
        "evening. According to the same update, Azerbaijan lost 300 troops."
    )
    found = figures(text, pub(2020, 10, 2))
    assert any(
        who in ("NK", "AM") and side == "azerbaijani" and cat == "military_killed" and f == 300
        for who, side, cat, f in found
    )


def test_a_country_that_lost_troops_gives_their_side_whoever_reports_it() -> None:
    text = (
        "The Armenian Defence Ministry said its troops held the line. Azerbaijan lost 300 troops."
    )
    found = figures(text, pub(2020, 10, 2))
    assert ("AM", "azerbaijani", "military_killed", 300) in found


# What the toll counts


def test_a_toll_of_soldiers_named_with_their_army_before_the_verb() -> None:
    text = (
        "The number of servicemen of the Karabakh defence army killed in the fighting has "
        "reached 150, the authorities in Stepanakert said on Friday."
    )
    found = figures(text, pub(2020, 10, 2))
    assert ("NK", "armenian", "military_killed", 150) in found


def test_a_count_of_one_sides_soldiers_is_of_that_side() -> None:
    text = "The count of Azerbaijani soldiers killed has reached 50, the Armenian ministry said."
    assert ("AM", "azerbaijani", "military_killed", 50) in figures(text, pub(2020, 10, 2))


def test_the_side_a_list_names_once_carries_to_its_next_figure() -> None:
    text = (
        "According to official information, 120 Armenian citizens were killed or went "
        "missing, 180 servicemen were wounded."
    )
    found = figures(text, pub(2022, 9, 20))
    assert ("AM", "armenian", "military_injured", 180) in found


def test_an_editors_note_does_not_end_the_sentence() -> None:
    text = (
        "The deputy commander of the Karabakh army (the unrecognised republic \u2013 Ed.) "
        "Samvel Petrosyan reports that 20 servicemen had died and there were over 60 wounded."
    )
    found = figures(text, pub(2020, 9, 28))
    assert {(side, cat, f) for _, side, cat, f in found} == {
        ("armenian", "military_killed", 20),
        ("armenian", "military_injured", 60),
    }
    assert all(who in ("AM", "NK") for who, _, _, _ in found)


def test_one_sides_figure_given_by_two_of_its_bodies_is_one_claim() -> None:
    text = (
        "Yerevan's defence ministry said on Sunday that 20 Karabakh soldiers had died. "
        "The Karabakh army confirmed it had lost 20 soldiers."
    )
    claims = extract(text, published=pub(2020, 9, 27)).casualties
    assert [(c.side, c.category, c.figure) for c in claims] == [("armenian", "military_killed", 20)]
