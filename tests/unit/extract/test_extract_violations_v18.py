"""Accusations, their days and places (extractor v18): sentences written for these tests, in
the shapes wire copy takes, from the reference facts (places of the line of contact and the
border, the sides and their bodies)."""

from __future__ import annotations

from datetime import datetime

from tests.unit.extract.test_extract_unseen_copy_v8 import pub
from tracker.extract import extract


def claims(text: str, when: datetime) -> set[tuple[str, str, str | None, tuple[str, ...]]]:
    return {
        (v.accuser, v.accused, v.occurred.date, tuple(sorted(v.places)))
        for v in extract(text, published=when).violations
    }


def accusations(text: str, when: datetime) -> set[tuple[str, str, str | None]]:
    return {(a, b, d) for a, b, d, _ in claims(text, when)}


# Who accuses whom: the passive


def test_accused_by_in_the_passive_names_the_accuser_after_by() -> None:
    text = "Azerbaijani units were accused by Yerevan of shelling the village of Sotk."
    assert accusations(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-14")}


def test_blamed_by_a_ministry_in_the_passive() -> None:
    text = (
        "The Armenian side has been blamed by the Azerbaijani Defence Ministry for firing at "
        "its positions in the Kalbajar direction on Monday."
    )
    assert accusations(text, pub(2022, 9, 14)) == {("AZ", "AM", "2022-09-12")}


def test_accused_in_the_passive_with_nobody_named_is_no_accusation_of_the_accused() -> None:
    text = "Azerbaijani troops were accused of shelling the village of Sotk."
    assert ("AZ", "AM", "2022-09-14") not in accusations(text, pub(2022, 9, 14))


def test_guard_the_active_accusation_is_unchanged() -> None:
    text = "Yerevan blamed Baku for the shelling of Jermuk on Tuesday."
    assert accusations(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-13")}


# Several accusations in one text


def test_a_denial_that_accuses_back_is_a_claim_of_the_denier() -> None:
    text = (
        "Armenia accused Azerbaijan of opening fire on the village of Sotk on Tuesday. "
        "Baku denied the claim and accused Armenian units of firing first at its positions "
        "near Kalbajar."
    )
    found = accusations(text, pub(2022, 9, 14))
    assert ("AM", "AZ", "2022-09-13") in found
    assert ("AZ", "AM", "2022-09-13") in found


# The day of the incident, not of the report


def test_overnight_into_a_weekday_is_that_day_alone() -> None:
    text = (
        "Azerbaijani forces fired at Armenian positions near Jermuk overnight into Tuesday, "
        "the Armenian Defence Ministry said."
    )
    assert claims(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-13", ("Jermuk",))}


def test_overnight_into_a_written_date_after_the_verb_is_one_report() -> None:
    text = (
        "Armenian units fired at Azerbaijani positions in the Lachin direction overnight into "
        "13 September, the Azerbaijani ministry said."
    )
    assert accusations(text, pub(2022, 9, 14)) == {("AZ", "AM", "2022-09-13")}


def test_the_night_from_one_weekday_to_the_next_is_the_second() -> None:
    text = (
        "During the night from Monday into Tuesday, Azerbaijani units shelled Armenian positions "
        "near Goris, the ministry in Yerevan said."
    )
    assert accusations(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-13")}
    text = (
        "Azerbaijani units shelled Armenian positions near Goris on the night of Monday to "
        "Tuesday, the ministry in Yerevan said."
    )
    assert accusations(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-13")}


def test_guard_a_day_and_a_later_night_are_two_reports() -> None:
    text = (
        "Azerbaijani units fired at Armenian positions near Sotk on Monday and again "
        "overnight, the Armenian ministry said."
    )
    found = accusations(text, pub(2022, 9, 14))
    assert ("AM", "AZ", "2022-09-12") in found
    assert ("AM", "AZ", "2022-09-14") in found


def test_the_incident_day_told_after_a_claim_dated_by_its_statement() -> None:
    text = (
        "Azerbaijan on Wednesday accused Armenian forces of shelling its positions in the "
        "Lachin district. The incident took place on Monday evening, the ministry said."
    )
    assert claims(text, pub(2022, 9, 14)) == {("AZ", "AM", "2022-09-12", ("Lachin",))}


def test_guard_a_claim_with_its_own_incident_day_keeps_it() -> None:
    text = (
        "The Azerbaijani ministry said on Wednesday that Armenian forces fired at its positions "
        "near Lachin on Tuesday. The incident took place on Monday, the Armenian side claimed."
    )
    assert ("AZ", "AM", "2022-09-13") in accusations(text, pub(2022, 9, 14))


# The places of the scene told before the claim


def test_the_scene_in_the_sentence_before_places_the_claim() -> None:
    text = (
        "The clashes broke out near the village of Sotk in Armenia's Gegharkunik province. "
        "The Armenian ministry said Azerbaijani troops had fired mortars at its positions."
    )
    assert claims(text, pub(2022, 9, 13)) == {("AM", "AZ", "2022-09-13", ("Sotk",))}


def test_the_scene_of_the_lead_places_the_first_claim() -> None:
    text = (
        "Shooting was heard near Martakert overnight into Tuesday.\n\n"
        "Residents stayed in shelters.\n\n"
        "The Karabakh Defence Army said Azerbaijani units had fired at its posts with mortars."
    )
    assert claims(text, pub(2021, 5, 18)) == {("NK", "AZ", "2021-05-18", ("Martakert",))}


def test_guard_a_scene_of_another_day_does_not_place_the_claim() -> None:
    text = (
        "Clashes broke out near Sotk on Friday. "
        "Armenia's ministry said Azerbaijani forces had shelled its positions on Tuesday."
    )
    assert claims(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-13", ())}


def test_guard_a_party_claim_with_places_keeps_its_own() -> None:
    text = (
        "Fighting flared near Jermuk on Tuesday. "
        "Armenia's ministry said Azerbaijani forces had shelled Goris on Tuesday."
    )
    assert claims(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-13", ("Goris",))}


# Both sides' statements in one paragraph, and a ministry's list of directions


def test_an_aside_between_the_subject_and_its_verb_is_no_inversion() -> None:
    text = (
        "The Armenian Defence Ministry reported that Azerbaijani troops opened fire on its positions near "
        "Jermuk on Tuesday. Azerbaijan's Defence Ministry, in turn, said Armenian units shelled "
        "its positions in the Kalbajar district."
    )
    found = claims(text, pub(2022, 9, 14))
    assert ("AM", "AZ", "2022-09-13", ("Jermuk",)) in found
    assert ("AZ", "AM", "2022-09-13", ("Kelbajar",)) in found


def test_for_its_part_an_accusation_of_the_other_capital() -> None:
    text = (
        "The Armenian side claims that Azerbaijani artillery shelled Jermuk. Baku, for its "
        "part, accuses Yerevan of provocations near Lachin."
    )
    found = accusations(text, pub(2022, 9, 13))
    assert found == {("AM", "AZ", "2022-09-13"), ("AZ", "AM", "2022-09-13")}


def test_an_inverted_verb_before_the_and_a_body_names_the_body() -> None:
    text = (
        "Positions near Tovuz came under fire from Armenian units, said the Azerbaijani "
        "Defence Ministry."
    )
    assert accusations(text, pub(2021, 7, 20)) == {("AZ", "AM", "2021-07-20")}


def test_the_lines_of_a_list_of_directions_place_the_claim() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian forces had violated the ceasefire in "
        "several directions on Monday. In the Kalbajar direction, Azerbaijani positions were "
        "fired upon. In the Lachin direction, fire was opened from the village of Sotk."
    )
    found = claims(text, pub(2022, 9, 13))
    assert found == {("AZ", "AM", "2022-09-12", ("Kelbajar", "Lachin", "Sotk"))}


def test_guard_a_sentence_far_from_the_claim_adds_no_places() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian forces had shelled its positions in the "
        "Kalbajar direction on Monday. The ministry gave no figures. Talks were held in Moscow. "
        "Residents of Goris said they heard gunfire in the Lachin direction."
    )
    found = claims(text, pub(2022, 9, 13))
    assert ("AZ", "AM", "2022-09-12", ("Kelbajar",)) in found


def test_an_aside_naming_a_second_source_leaves_the_first_the_speaker() -> None:
    text = (
        "Officials in Baku accused Armenia of shelling Terter overnight. "
        "Karabakh officials, as well as the Armenian state media, said that Azerbaijani units "
        "shelled several villages near Martuni overnight."
    )
    found = accusations(text, pub(2020, 10, 19))
    assert found == {("AZ", "AM", "2020-10-19"), ("NK", "AZ", "2020-10-19")}


# Mutual accusations and denials


def test_both_sides_accusing_the_other_of_an_attack_they_date_is_two_claims() -> None:
    text = "Each side blamed the other for violating the truce on Sunday as well."
    found = accusations(text, pub(2020, 10, 19))
    assert found == {("AZ", "AM", "2020-10-18"), ("AM", "AZ", "2020-10-18")}


def test_guard_mutual_blame_dated_only_by_when_it_was_said_is_no_claim() -> None:
    text = "On Monday Baku and Yerevan blamed each other for shelling Terter and Martakert."
    assert accusations(text, pub(2020, 10, 19)) == set()


def test_the_parties_rejecting_each_others_accusations_just_told_are_two_denials() -> None:
    text = (
        "The Armenian ministry accused Azerbaijan of shelling a village in the Tavush province "
        "on Saturday. Baku said Armenian units had fired at Tovuz on Saturday. "
        "The two parties rejected each other's accusations."
    )
    denials = {
        (d.denier, d.accuser, d.occurred.date)
        for d in extract(text, published=pub(2020, 10, 12)).denials
    }
    assert denials == {("AZ", "AM", "2020-10-10"), ("AM", "AZ", "2020-10-10")}


def test_guard_rejecting_each_others_accounts_time_and_again_is_no_denial() -> None:
    text = (
        "The Armenian ministry accused Azerbaijan of shelling a village in the Tavush province "
        "on Saturday. Baku said Armenian units had fired at Tovuz on Saturday. "
        "The two parties routinely reject each other's accusations."
    )
    assert extract(text, published=pub(2020, 10, 12)).denials == ()


# A claim called false


def test_a_document_judged_false_is_its_authors_claim_denied_by_the_speaker() -> None:
    text = (
        '"The statement issued by the Azerbaijani Defence Ministry that Armenian units fired '
        'at its positions near Kalbajar on 5 March is nothing but disinformation," the '
        "Armenian Defence Ministry stated."
    )
    ex = extract(text, published=pub(2023, 3, 6))
    assert {(d.denier, d.accuser, d.occurred.date) for d in ex.denials} == {
        ("AM", "AZ", "2023-03-05")
    }
    assert {(v.accuser, v.accused, v.occurred.date) for v in ex.violations} == {
        ("AZ", "AM", "2023-03-05")
    }


def test_false_information_spread_about_fire_is_the_spreaders_claim_denied() -> None:
    text = (
        "By spreading false reports about fire allegedly opened by Azerbaijani units on "
        "21 September, the Armenian side sought to cover up its own attack, the ministry in "
        "Baku stressed."
    )
    ex = extract(text, published=pub(2022, 9, 22))
    assert {(d.denier, d.accuser, d.occurred.date) for d in ex.denials} == {
        ("AZ", "AM", "2022-09-21")
    }
    assert ("AM", "AZ", "2022-09-21") in {
        (v.accuser, v.accused, v.occurred.date) for v in ex.violations
    }
    assert ("AZ", "AM", "2022-09-21") not in {
        (v.accuser, v.accused, v.occurred.date) for v in ex.violations
    }


# Attack words


def test_fire_from_a_list_of_arms_in_a_direction_is_an_attack() -> None:
    text = (
        "Early on 3 August, Azerbaijani units fired machine guns, howitzers, and drones toward "
        "Karabakh posts near Martakert, the Karabakh Defence Army said."
    )
    assert accusations(text, pub(2022, 8, 4)) == {("NK", "AZ", "2022-08-03")}


def test_shells_found_by_the_police_are_no_attack() -> None:
    text = (
        "Two artillery shells were discovered in Lachin during an operation of the district "
        "police, the Azerbaijani Interior Ministry said on Wednesday."
    )
    assert accusations(text, pub(2022, 9, 21)) == set()


def test_both_sides_accusing_each_other_in_the_present_is_no_claim() -> None:
    text = (
        "Relations between Baku and Yerevan have soured in recent weeks; both sides accuse "
        "the other side of attacks across the border."
    )
    assert accusations(text, pub(2023, 9, 1)) == set()


def test_an_attack_being_prepared_is_no_attack() -> None:
    text = "The Karabakh Defence Ministry says Baku is preparing a new provocation."
    assert accusations(text, pub(2023, 9, 11)) == set()
    text = (
        "The Azerbaijani side plainly plans to carry out another large provocation against "
        "Karabakh, the Defence Army said."
    )
    assert accusations(text, pub(2023, 9, 11)) == set()


def test_an_attempt_to_break_through_the_border_is_an_attack() -> None:
    text = (
        "The Armenian Defence Ministry reported an Azerbaijani attempt to break through the "
        "border in the Syunik province on Tuesday."
    )
    assert claims(text, pub(2021, 11, 17)) == {("AM", "AZ", "2021-11-16", ("Syunik",))}


def test_a_clock_range_over_one_night_is_the_second_day() -> None:
    text = (
        "Armenian units fired at Azerbaijani positions near Lachin from 22:30 on 12 September "
        "to 01:40 on 13 September, the ministry in Baku said."
    )
    assert claims(text, pub(2022, 9, 14)) == {("AZ", "AM", "2022-09-13", ("Lachin",))}
    text = (
        "The ministry in Baku said Armenian units fired at its positions near Lachin between "
        "23:10 on Monday and 00:50 on Tuesday."
    )
    assert accusations(text, pub(2022, 9, 14)) == {("AZ", "AM", "2022-09-13")}


def test_guard_a_clock_range_over_a_day_and_a_night_keeps_both_days() -> None:
    text = (
        "Armenian units fired at Azerbaijani positions near Lachin from 15:00 on 12 September "
        "to 03:00 on 13 September, the ministry in Baku said."
    )
    found = accusations(text, pub(2022, 9, 14))
    assert {("AZ", "AM", "2022-09-12"), ("AZ", "AM", "2022-09-13")} <= found


def test_a_denial_joined_to_the_deniers_own_claim_by_and_said() -> None:
    text = (
        "The Azerbaijani Defence Ministry denied that its units had fired on Sotk and said "
        "Armenian troops had shelled its positions in the Kalbajar district on Tuesday."
    )
    ex = extract(text, published=pub(2022, 9, 14))
    assert {(v.accuser, v.accused, v.occurred.date) for v in ex.violations} == {
        ("AZ", "AM", "2022-09-13")
    }
    assert {(d.denier, d.accuser) for d in ex.denials} == {("AZ", "AM")}


def test_a_denial_with_a_counter_claim_after_saying() -> None:
    text = (
        "Yerevan dismissed Baku's claim that Armenian units had shelled Tovuz on Tuesday, "
        "saying Azerbaijani troops had opened fire on Berd."
    )
    assert claims(text, pub(2022, 9, 14)) == {
        ("AM", "AZ", "2022-09-13", ("Berd",)),
        ("AZ", "AM", "2022-09-13", ("Tovuz",)),
    }


def test_a_claim_rejected_by_a_party_in_the_passive_is_its_denial() -> None:
    text = "Baku's claim that Armenian units had shelled Tovuz on Tuesday was rejected by Yerevan."
    ex = extract(text, published=pub(2022, 9, 14))
    assert {(d.denier, d.accuser, d.occurred.date) for d in ex.denials} == {
        ("AM", "AZ", "2022-09-13")
    }
    assert {(v.accuser, v.accused) for v in ex.violations} == {("AZ", "AM")}


def test_fired_first_at_the_end_of_a_statement_is_an_attack() -> None:
    text = (
        "Baku says Armenian units shelled its posts; Yerevan says Azerbaijani troops fired first."
    )
    found = accusations(text, pub(2022, 9, 13))
    assert found == {("AZ", "AM", "2022-09-13"), ("AM", "AZ", "2022-09-13")}
