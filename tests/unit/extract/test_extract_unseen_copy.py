"""Mechanisms seen on real copy (extractor v7): sentences written for these tests in the
patterns such copy uses."""

from __future__ import annotations

from datetime import datetime

from tracker.extract import extract
from tracker.extract.timeexpr import parse_tz

TZ = "+04:00"


def pub(y: int, m: int, d: int, h: int = 18) -> datetime:
    return datetime(y, m, d, h, tzinfo=parse_tz(TZ))


def sides(text: str, when: datetime) -> set[tuple[str, str, str | None]]:
    return {(v.accuser, v.accused, v.date) for v in extract(text, published=when).violations}


def test_an_attack_in_the_progressive_is_an_attack() -> None:
    text = "Baku said enemy forces were shelling its territory on Tuesday."
    assert sides(text, pub(2022, 1, 12)) == {("AZ", "AM", "2022-01-11")}
    text = "Residents told reporters there was shelling near Martuni on Tuesday."  # a noun
    assert sides(text, pub(2020, 10, 14)) == set()


def test_an_attack_carried_out_names_its_agent() -> None:
    text = "On Monday the Armenian army carried out a missile attack on Barda, the Azerbaijani Defence Ministry said."
    assert sides(text, pub(2020, 10, 28)) == {("AZ", "AM", "2020-10-26")}
    text = (
        "Karabakh's ombudsman said two people were killed on Tuesday during the military "
        "operation carried out by Azerbaijan."
    )
    assert sides(text, pub(2023, 9, 20)) == {("NK", "AZ", "2023-09-19")}


def test_shot_by_names_the_agent() -> None:
    text = "Azerbaijan's border service said a guard was wounded after he was shot by Armenian forces on Friday."
    assert sides(text, pub(2022, 1, 12)) == {("AZ", "AM", "2022-01-07")}


def test_fired_the_weapons_is_an_attack() -> None:
    text = (
        "The Azerbaijani defence ministry said that on Tuesday the Armenian army had fired its "
        "weapons first."
    )
    assert sides(text, pub(2022, 9, 14)) == {("AZ", "AM", "2022-09-13")}


def test_a_local_clock_time_with_its_gmt_equivalent_keeps_the_local_day() -> None:
    text = (
        "Azerbaijani artillery hit Armenian positions near Jermuk at around 0:05 am (20:05 GMT) "
        "on Tuesday, Armenia's defence ministry said."
    )
    (v,) = extract(text, published=pub(2022, 9, 13)).violations
    assert v.date == "2022-09-13"
    assert v.occurred.start is not None and v.occurred.start.hour == 0


def test_sites_of_a_party_that_came_under_fire_are_the_target() -> None:
    text = "Bunkers and posts of the Azerbaijani army… came under fire from assorted weapons on Tuesday."
    assert sides(text, pub(2022, 1, 12)) == set()


def test_according_to_which_is_the_statement_of_the_body_named_before() -> None:
    text = (
        "The Armenian ministry said a claim by Azerbaijan's defence ministry, according to which "
        "Armenian troops had fired on its posts on 3 May, was untrue."
    )
    ex = extract(text, published=pub(2022, 5, 4))
    assert {(v.accuser, v.accused, v.date) for v in ex.violations} == {("AZ", "AM", "2022-05-03")}
    assert [(d.denier, d.accuser, d.date) for d in ex.denials] == [("AM", "AZ", "2022-05-03")]


def test_a_singular_possessive_owns_the_accusation_a_denial_answers() -> None:
    text = (
        "Yerevan's defence ministry denies the Azerbaijani army's accusations that Armenian "
        "troops had fired on posts near Yeraskh."
    )
    ex = extract(text, published=pub(2021, 5, 28))
    assert {(v.accuser, v.accused) for v in ex.violations} == {("AZ", "AM")}
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AM", "AZ")]


def test_an_undated_headline_denial_takes_the_day_the_body_gives_the_accusation() -> None:
    text = (
        "Yerevan denies Azerbaijani charges of opening fire\n\n"
        "Armenia's defence ministry said a report by the Azerbaijani ministry, according to "
        "which Armenian troops had fired on 9 August, was groundless."
    )
    ex = extract(text, published=pub(2022, 8, 10))
    assert {(v.accuser, v.accused, v.date) for v in ex.violations} == {("AZ", "AM", "2022-08-09")}
    assert {(d.denier, d.date) for d in ex.denials} == {("AM", "2022-08-09")}


def test_a_partys_fake_news_is_a_verdict_of_the_other_side() -> None:
    text = "The Azerbaijani ministry's fake news spoke of one of its soldiers being wounded."
    ex = extract(text, published=pub(2021, 5, 28))
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AM", "AZ")]


def test_the_broker_of_a_truce_is_not_the_agent_of_its_breach() -> None:
    text = "A new ceasefire, brokered by the United States, has been violated within hours."
    assert {v.accused for v in extract(text, published=pub(2020, 10, 26)).violations} <= {
        "AM",
        "AZ",
        "NK",
    }


def test_a_plan_to_attack_is_not_an_attack() -> None:
    text = (
        "According to Baku, the peacekeepers had been notified in advance of its plan to launch "
        "an attack on Tuesday."
    )
    assert sides(text, pub(2023, 9, 19)) == set()


def test_the_population_of_a_city_is_not_a_casualty_figure() -> None:
    text = "A rocket hit Ganja, a city of more than 300,000 people, and killed 10 civilians."
    figures = {c.figure for c in extract(text, published=pub(2020, 10, 17)).casualties}
    assert figures == {10}


def test_a_serviceman_who_became_shehid_is_killed() -> None:
    text = "Two Azerbaijani servicemen became shehids on Tuesday, the Azerbaijani Defence Ministry said."
    ex = extract(text, published=pub(2022, 1, 12))
    assert [(c.category, c.figure) for c in ex.casualties] == [("military_killed", 2)]
    text = "An Azerbaijani serviceman became a martyr on Tuesday, the Azerbaijani Defence Ministry said."
    ex = extract(text, published=pub(2022, 1, 12))
    assert [(c.category, c.figure) for c in ex.casualties] == [("military_killed", 1)]


def test_a_soldier_named_after_his_rank_and_army_is_not_a_civilian() -> None:
    text = (
        "The Azerbaijani Defence Ministry said Sergeant of the Azerbaijani army, Mammadli, "
        "Orkhan Ilgar was killed near Tovuz."
    )
    ex = extract(text, published=pub(2020, 9, 21))
    assert "civilian_killed" not in {c.category for c in ex.casualties}


def test_a_toll_of_last_month_after_a_partys_statement_is_the_writers() -> None:
    text = (
        "The Azerbaijani defence ministry said Armenian units shelled its positions on Tuesday. "
        "Two Armenian soldiers died in fighting there last month."
    )
    ex = extract(text, published=pub(2022, 9, 13))
    assert [(c.claimant, c.figure) for c in ex.casualties] == [("unattributed", 2)]


def test_a_full_stop_glued_to_a_parenthesis_ends_the_sentence() -> None:
    text = (
        "Armenian units shot at its posts on Thursday, the Azerbaijani Defence Ministry says."
        "Some 80 soldiers died in fighting along the border last week.(Archive)The ministry "
        "gave no further detail."
    )
    ex = extract(text, published=pub(2022, 9, 23))
    assert [(c.claimant, c.figure) for c in ex.casualties] == [("unattributed", 80)]


def test_a_bare_ministry_reporting_its_own_victim_accuses_the_other_side() -> None:
    text = (
        "An Azerbaijani serviceman was killed on Tuesday in an Armenian provocation at the "
        "border, the Defence Ministry said."
    )
    assert sides(text, pub(2022, 1, 12)) == {("AZ", "AM", "2022-01-11")}


def test_coming_under_occupation_is_no_attack() -> None:
    text = (
        "The November 10, 2020 truce closed a conflict over a region that had come under the "
        "occupation of Armenian forces during the fighting of the early 1990s."
    )
    assert sides(text, pub(2022, 1, 12)) == set()


def test_two_of_something_else_is_no_count_of_truces() -> None:
    text = (
        "On Tuesday, a month after their last clashes, the two countries breached the truce again."
    )
    assert extract(text, published=pub(2022, 9, 13)).truce_ids == ("nk-2020-11-10",)


def test_one_of_its_guards_is_one_casualty() -> None:
    text = "On Thursday Azerbaijan's border service announced that one of its guards was hurt."
    ex = extract(text, published=pub(2023, 6, 16))
    assert [(c.claimant, c.category, c.figure) for c in ex.casualties] == [
        ("AZ", "total_injured", 1)
    ]


def test_the_number_of_civilian_injuries_is_a_civilian_figure() -> None:
    text = "The Karabakh ombudsman said the number of civilian injuries now stood at 23."
    ex = extract(text, published=pub(2023, 9, 19))
    assert [(c.claimant, c.category, c.figure) for c in ex.casualties] == [
        ("NK", "civilian_injured", 23)
    ]


def test_a_pronoun_before_a_later_cue_is_the_speaker_already_named() -> None:
    text = (
        "Yerevan claimed that on Thursday a serviceman was hurt by shelling by Azerbaijan of a "
        "border village close to the crossing where it claimed that soldiers had tried to raise "
        "a flag."
    )
    assert sides(text, pub(2023, 6, 16)) == {("AM", "AZ", "2023-06-15")}


def test_a_line_showing_someone_in_the_present_is_a_caption_and_dates_no_story() -> None:
    text = (
        "Truce breaks down within hours\n\n"
        " A local resident examines a house destroyed in shelling in Martuni on 17 October.\n\n"
        "Armenia's defence ministry on Sunday said the Azerbaijani army had used artillery during the night."
    )
    assert sides(text, pub(2020, 10, 18)) == {("AM", "AZ", "2020-10-18")}


def test_a_denial_after_a_sentence_where_something_took_place_stands() -> None:
    text = (
        "Baku's defence ministry said Armenian units fired on its posts on Thursday.\n"
        "The ministry added that the incident took place around 6 p.m.\n"
        "Yerevan's defence ministry denied the statement, saying it was untrue."
    )
    ex = extract(text, published=pub(2024, 8, 16))
    assert [(d.denier, d.accuser, d.date) for d in ex.denials] == [("AM", "AZ", "2024-08-15")]


def test_staging_an_offensive_is_an_attack_and_skirmishes_date_the_story() -> None:
    text = (
        "On 16 November, skirmishes broke out in border areas. Yerevan accused Azerbaijan of "
        "staging an offensive, while Baku stated that Armenian troops had attacked its posts."
    )
    assert sides(text, pub(2021, 11, 23)) == {
        ("AM", "AZ", "2021-11-16"),
        ("AZ", "AM", "2021-11-16"),
    }


def test_a_quotation_announced_by_the_sentence_before_it_is_that_partys() -> None:
    text = (
        "The Ministry of Defence of Azerbaijan made the following statement;\n\n"
        "\"Late on 10 May, Armenian units shelled our army's posts, wounding one soldier. The "
        'situation has stayed tense since morning. That is all."'
    )
    ex = extract(text, published=pub(2023, 5, 11))
    assert {(v.accuser, v.accused, v.date) for v in ex.violations} == {("AZ", "AM", "2023-05-10")}
    assert [(c.claimant, c.figure) for c in ex.casualties] == [("AZ", 1)]
