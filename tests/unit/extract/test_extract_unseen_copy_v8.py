"""Mechanisms seen on real copy (extractor v8): sentences written for these tests, in the
patterns such copy uses, from the reference facts."""

from __future__ import annotations

from datetime import datetime

from tracker.extract import extract
from tracker.extract.timeexpr import parse_tz

TZ = "+04:00"


def pub(y: int, m: int, d: int, h: int = 18) -> datetime:
    return datetime(y, m, d, h, tzinfo=parse_tz(TZ))


def figures(text: str, when: datetime) -> set[tuple[str, str, str, int]]:
    return {
        (c.claimant, c.side, c.category, c.figure) for c in extract(text, published=when).casualties
    }


def test_things_counted_beside_victims_are_no_victims() -> None:
    text = (
        "Azerbaijan's Foreign Ministry said 10 civilians were killed, 35 injured and "
        "more than 100 objects damaged in Ganja on October 11."
    )
    assert figures(text, pub(2020, 10, 11)) == {
        ("AZ", "azerbaijani", "civilian_killed", 10),
        ("AZ", "azerbaijani", "civilian_injured", 35),
    }


def test_a_toll_broken_down_by_sex_counts_once() -> None:
    text = (
        "The Azerbaijani prosecutor general's office said 10 civilians were killed in Ganja "
        "on October 11, including four women and six men."
    )
    assert figures(text, pub(2020, 10, 11)) == {("AZ", "azerbaijani", "civilian_killed", 10)}
    text = (
        "The Azerbaijani prosecutor general's office said 35 civilians were wounded in Ganja. "
        "Of these, 20 were seriously wounded - 12 men and 8 women."
    )
    assert not {f for f in figures(text, pub(2020, 10, 11)) if f[3] in (12, 8)}


def test_a_body_named_bare_before_a_headline_colon_speaks_for_the_dateline() -> None:
    text = (
        "Ombudsman: 4 civilians dead, 11 hurt in Martuni\n\n"
        "STEPANAKERT, OCTOBER 2. The human rights defender's office released its figures."
    )
    assert figures(text, pub(2020, 10, 2)) == {
        ("NK", "armenian", "civilian_killed", 4),
        ("NK", "armenian", "civilian_injured", 11),
    }


def test_a_claim_released_as_disinformation_is_denied_by_the_other_side() -> None:
    text = (
        "Once again the Azerbaijani Defence Ministry released disinformation, this time accusing "
        "the Defense Army of firing near Taghavard on Sunday."
    )
    ex = extract(text, published=pub(2022, 2, 21))
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AM", "AZ")]


def test_an_allegation_about_an_armys_alleged_attack_is_not_the_speakers_accusation() -> None:
    text = (
        "The claim spread by the Armenian Defence Ministry concerning the Azerbaijani army's "
        "alleged shelling of Armenian posts near Sotk on Tuesday is untrue, the ministry said."
    )
    ex = extract(text, published=pub(2022, 9, 21))
    assert {(v.accuser, v.accused) for v in ex.violations} == {("AM", "AZ")}
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AZ", "AM")]


def test_according_to_it_is_the_source_just_named() -> None:
    text = (
        "Armenian forces violated the ceasefire 23 times on Monday, the Azerbaijani Defence "
        "Ministry said on Tuesday. According to it, the Armenian side shelled positions in "
        "the Tovuz district on Sunday."
    )
    ex = extract(text, published=pub(2020, 9, 22))
    assert {(v.accuser, v.accused, v.date) for v in ex.violations} == {
        ("AZ", "AM", "2020-09-21"),
        ("AZ", "AM", "2020-09-20"),
    }


def test_a_live_blogs_day_heading_dates_its_entries() -> None:
    text = (
        "Live updates: the offensive and its aftermath\n"
        "September 21, 2023\n"
        "11:40 a.m.: Karabakh police said Azerbaijani forces opened fire near Stepanakert.\n"
        "September 20, 2023\n"
        "9:30 p.m.: Power was cut in several districts of Stepanakert.\n"
        "9:10 p.m.: Armenia's Foreign Ministry said today's Azerbaijani shelling of Stepanakert "
        "was aimed at the population.\n"
    )
    ex = extract(text, published=pub(2023, 9, 21, 23))
    assert {(v.accuser, v.accused, v.date) for v in ex.violations} == {
        ("NK", "AZ", "2023-09-21"),
        ("AM", "AZ", "2023-09-20"),
    }


def test_prosecutors_are_a_body_of_their_country() -> None:
    text = "Ten civilians were killed in Ganja on October 11, Azerbaijani prosecutors said."
    assert figures(text, pub(2020, 10, 11)) == {("AZ", "azerbaijani", "civilian_killed", 10)}


def test_the_bulletin_is_the_body_that_issued_it() -> None:
    text = (
        "In its Saturday bulletin the Russian Defence Ministry reported that its peacekeepers "
        "man 23 observation posts. \u201cOne violation of the ceasefire was logged in the Hadrut "
        "district on December 11,\u201d the bulletin says."
    )
    ex = extract(text, published=pub(2020, 12, 12))
    assert {(v.accuser, v.date) for v in ex.violations} == {("RU", "2020-12-11")}


def test_the_first_ceasefire_violation_counts_breaches_not_truces() -> None:
    text = (
        "Russia's Defence Ministry said the first ceasefire violation since the deployment had "
        "been registered in the Hadrut district."
    )
    assert "nk-2020-10-10" not in extract(text, published=pub(2020, 12, 12)).truce_ids


def test_two_days_written_with_one_month_are_two_days() -> None:
    text = (
        "Baku's defence ministry accused Defense Army units of opening fire near Shosh on "
        "February 20 and 21."
    )
    ex = extract(text, published=pub(2022, 2, 21))
    assert {v.date for v in ex.violations} == {"2022-02-20", "2022-02-21"}
    text = "Baku accused Armenian forces of shelling Tovuz on 20 and 21 July."
    assert {v.date for v in extract(text, published=pub(2020, 7, 22)).violations} == {
        "2020-07-20",
        "2020-07-21",
    }


def test_earlier_in_the_day_is_the_day_of_the_story() -> None:
    text = (
        "A single violation of the ceasefire was logged in the Hadrut district on December 11, "
        "Russia's Defence Ministry said on Saturday. Earlier in the day, Armenia's Defence "
        "Ministry said Azerbaijani troops had attacked near Hadrut."
    )
    ex = extract(text, published=pub(2020, 12, 12))
    assert ("AM", "AZ", "2020-12-12") in {(v.accuser, v.accused, v.date) for v in ex.violations}


def test_a_denied_accusation_of_two_days_is_denied_for_each() -> None:
    text = (
        "Once again the Azerbaijani Defence Ministry released disinformation, this time accusing "
        "the Defense Army of opening fire near Taghavard on February 20 and 21."
    )
    ex = extract(text, published=pub(2022, 2, 21))
    assert {(d.denier, d.accuser, d.date) for d in ex.denials} == {
        ("AM", "AZ", "2022-02-20"),
        ("AM", "AZ", "2022-02-21"),
    }


def test_the_country_of_a_ministry_is_not_the_nation_that_fired() -> None:
    text = (
        "In Ganja, an Azerbaijani city, ten civilians were killed and 35 injured by Armenian "
        "missile fire, the country's Foreign Ministry said on October 11."
    )
    assert figures(text, pub(2020, 10, 11)) == {
        ("AZ", "azerbaijani", "civilian_killed", 10),
        ("AZ", "azerbaijani", "civilian_injured", 35),
    }
    found = extract(text, published=pub(2020, 10, 11)).violations
    assert [(v.accuser, v.accused) for v in found] == [("AZ", "AM")]


def test_figures_take_the_source_the_next_sentence_names() -> None:
    text = (
        "Two servicemen were killed and 14 wounded in the Martakert district on August 3. "
        "This was stated by the defence ministry of the unrecognised republic."
    )
    assert figures(text, pub(2022, 8, 3)) == {
        ("NK", "armenian", "military_killed", 2),
        ("NK", "armenian", "military_injured", 14),
    }


def test_people_who_lost_property_are_not_wounded() -> None:
    text = (
        "Azerbaijan's prosecutor general's office said 10 civilians were killed, 35 injured, "
        "and 400 people suffered material damage in Ganja on October 11."
    )
    assert figures(text, pub(2020, 10, 11)) == {
        ("AZ", "azerbaijani", "civilian_killed", 10),
        ("AZ", "azerbaijani", "civilian_injured", 35),
    }


def test_another_victim_after_a_figure_of_one_is_counted() -> None:
    text = (
        "One Azerbaijani serviceman was killed and another was wounded near Hadrut on "
        "December 8, the Azerbaijani Defence Ministry said."
    )
    assert figures(text, pub(2020, 12, 13)) == {
        ("AZ", "azerbaijani", "military_killed", 1),
        ("AZ", "azerbaijani", "military_injured", 1),
    }


def test_a_soldier_named_as_having_lost_his_life_is_one_killed() -> None:
    text = (
        "The Azerbaijani Defence Ministry said Armenian forces fired at its positions near "
        "Hadrut on December 8. Private Elvin Aliyev lost his life when the shells landed."
    )
    assert ("AZ", "azerbaijani", "military_killed", 1) in figures(text, pub(2020, 12, 13))


def test_the_toll_of_a_denied_strike_is_the_writers_for_the_other_side() -> None:
    text = (
        "Armenia denied responsibility for the strike on Ganja, which left ten civilians killed "
        "and 35 wounded."
    )
    assert figures(text, pub(2020, 10, 11)) == {
        ("unattributed", "azerbaijani", "civilian_killed", 10),
        ("unattributed", "azerbaijani", "civilian_injured", 35),
    }


def test_a_victim_of_a_unit_of_the_region_is_on_its_side() -> None:
    text = (
        "A soldier from an armed unit of Nagorno-Karabakh was hurt by shelling near Martuni, "
        "the Russian Defence Ministry said in its bulletin on August 4."
    )
    assert figures(text, pub(2022, 8, 4)) == {("RU", "armenian", "military_injured", 1)}


def test_a_claim_spread_by_a_side_and_called_false_via_a_statement() -> None:
    text = (
        "Reports of Azerbaijani fire at Armenian positions near Sotk, spread by the Armenian "
        "side, are false, a news agency reports via a statement of the Azerbaijani Defence "
        "Ministry."
    )
    found = extract(text, published=pub(2022, 8, 7))
    assert [(d.denier, d.accuser) for d in found.denials] == [("AZ", "AM")]
    assert [(v.accuser, v.accused) for v in found.violations] == [("AM", "AZ")]


def violations(text: str, when: datetime) -> list[tuple[str, str, str]]:
    return [(v.accuser, v.accused, v.date) for v in extract(text, published=when).violations]


def test_an_accusation_of_not_observing_the_truce_is_a_violation() -> None:
    text = "The Azerbaijani Defence Ministry accused Armenia of not observing the new truce."
    assert violations(text, pub(2020, 10, 18)) == [("AZ", "AM", "2020-10-18")]


def test_a_sniper_shot_of_a_force_accuses_that_force() -> None:
    text = (
        "An Azerbaijani soldier died on December 8 after a sniper shot from illegal Armenian "
        "armed detachments operating where Russian peacekeepers are deployed, the Azerbaijani "
        "Defence Ministry said."
    )
    assert violations(text, pub(2020, 12, 13)) == [("AZ", "NK", "2020-12-08")]


def test_a_speech_verb_after_a_quotation_has_its_subject_after_it() -> None:
    text = (
        '"Armenian forces attacked our positions near Hadrut, obstructing the work of the '
        'Russian peacekeepers," stated the Azerbaijani Defence Ministry on December 8.'
    )
    assert violations(text, pub(2020, 12, 8)) == [("AZ", "AM", "2020-12-08")]


def test_the_date_of_an_agreement_is_not_the_day_of_later_reports() -> None:
    text = (
        "The Azerbaijani Defence Ministry said Armenian forces shelled its positions near Sur "
        "on Thursday. Such shelling grossly violates the commitments Armenia took on in the "
        "tripartite statement of November 10, 2020. This provocation by Armenia's armed forces "
        "reveals its intentions, the ministry said."
    )
    assert {d for _, _, d in violations(text, pub(2020, 11, 26))} == {"2020-11-26"}
