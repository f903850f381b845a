"""Mechanisms found on a batch of copy of the years after the November 2020 statement
(extractor v17): sentences written for these tests, in the shapes such copy takes, from the
reference facts."""

from __future__ import annotations

from datetime import datetime

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations
from tracker.extract import extract

# Who did it


def test_fire_from_adjective_positions_names_the_attacker() -> None:
    text = (
        "The Karabakh police said that two villagers of Chartar came under fire from "
        "Azerbaijani positions while they were working in a vineyard on Wednesday morning."
    )
    assert accusations(text, pub(2023, 3, 22)) == {("NK", "AZ", "2023-03-22")}


def test_fire_from_the_adjective_positions_in_a_writers_report() -> None:
    text = (
        "Farmers near Chartar were targeted by fire from the Azerbaijani positions on "
        "Wednesday morning."
    )
    assert accusations(text, pub(2023, 3, 22)) == {("unattributed", "AZ", "2023-03-22")}


def test_positions_left_are_no_attacker() -> None:
    text = "Azerbaijani troops withdrew from Armenian positions near Parukh on Friday."
    assert ("unattributed", "AM", "2022-03-25") not in accusations(text, pub(2022, 3, 25))


def test_a_surname_after_an_initial_not_the_leaders_is_someone_else() -> None:
    text = (
        "Residents of Chartar, K. Harutyunyan and S. Babayan, were targeted by fire while "
        "working in their vineyards on Wednesday morning."
    )
    assert accusations(text, pub(2023, 3, 22)) == set()


def test_a_leaders_surname_after_his_own_initial_is_still_his() -> None:
    text = "A. Harutyunyan said Azerbaijani forces shelled Martakert on Thursday."
    assert accusations(text, pub(2020, 10, 8)) == {("NK", "AZ", "2020-10-08")}


def test_units_of_an_army_named_after_by_far_from_the_verb_are_the_agent() -> None:
    text = (
        "Posts, dugouts and depots of the Azerbaijani army across the Kalbajar and Lachin "
        "districts were hit from several kinds of weapon, mortars among them, by units of the "
        "Armenian armed forces early on Tuesday."
    )
    found = accusations(text, pub(2022, 9, 13))
    assert ("unattributed", "AZ", "2022-09-13") not in found


def test_units_of_an_army_after_by_are_not_a_target() -> None:
    text = (
        "The positions of the Azerbaijani army near Sotk were shelled overnight by units of "
        "the Armenian armed forces, Baku said on Tuesday."
    )
    assert accusations(text, pub(2022, 9, 13)) == {("AZ", "AM", "2022-09-13")}


def test_saboteurs_who_crossed_into_held_territory_attacked() -> None:
    text = (
        "Karabakh's foreign ministry said on 5 March that a group of Azerbaijani saboteurs "
        "crossed into territory under its control near Dyukyanlar."
    )
    assert accusations(text, pub(2023, 3, 6)) == {("NK", "AZ", "2023-03-05")}


def test_troops_who_tried_to_cross_the_border_attacked() -> None:
    text = (
        "The defence ministry in Baku said Armenian troops tried to cross the border near "
        "Kalbajar on Tuesday."
    )
    assert accusations(text, pub(2022, 9, 14)) == {("AZ", "AM", "2022-09-13")}


def test_people_who_crossed_into_a_territory_are_no_attack() -> None:
    text = "Thousands of refugees crossed into Armenian territory over the Hakari bridge on Monday."
    assert accusations(text, pub(2023, 9, 26)) == set()


def test_a_count_of_breaches_the_next_sentence_tells_with_its_agent_is_that_breach() -> None:
    text = (
        '"In the past day, one ceasefire violation has been recorded. On 3 August, Azerbaijani '
        'armed forces fired on positions near Saribaba," the Russian defence ministry said in '
        "its bulletin on Thursday."
    )
    assert accusations(text, pub(2022, 8, 4)) == {("RU", "AZ", "2022-08-03")}


def test_a_count_of_breaches_told_in_full_by_it_in_the_next_sentence_is_that_breach() -> None:
    text = (
        "The Russian defence ministry said one violation of the ceasefire had been registered "
        "in the Lachin district over the past day. It said Azerbaijani armed forces fired on "
        "positions near Saribaba on 3 August."
    )
    assert accusations(text, pub(2022, 8, 4)) == {("RU", "AZ", "2022-08-03")}


def test_a_count_of_breaches_told_alone_is_still_reported() -> None:
    text = (
        "The Russian defence ministry said on 12 December that one ceasefire violation had been "
        "recorded in the Hadrut district."
    )
    assert ("RU", "unattributed", "2020-12-12") in accusations(text, pub(2020, 12, 12))


# How many


def test_a_lead_figure_is_the_body_s_that_the_next_sentence_cites_for_the_incident() -> None:
    text = (
        "Three Karabakh police officers were killed in an ambush near Dyukyanlar. According to "
        "the Karabakh interior ministry, the ambush took place on the road to Stepanakert."
    )
    assert figures(text, pub(2023, 3, 5)) == {("NK", "armenian", "total_killed", 3)}


def test_the_parts_of_a_toll_named_after_it_by_are_are_figures_of_their_own() -> None:
    text = (
        "Five people died in the shooting near Dyukyanlar on Sunday. Of the five killed, "
        "three were Karabakh police officers and two were members of the Azerbaijani army."
    )
    found = figures(text, pub(2023, 3, 6))
    assert ("unattributed", "armenian", "total_killed", 3) in found
    assert ("unattributed", "azerbaijani", "military_killed", 2) in found
    assert ("unattributed", "both", "total_killed", 3) not in found


def test_parts_of_a_toll_by_sex_or_age_after_are_are_no_figures() -> None:
    text = (
        "Azerbaijan's prosecutor general's office said 40 civilians were hurt in Ganja. "
        "Of the 40 wounded, 11 were women and nine were children."
    )
    assert figures(text, pub(2020, 10, 11)) == {("AZ", "azerbaijani", "civilian_injured", 40)}


def test_the_toll_of_wars_in_which_people_were_killed_is_the_writers() -> None:
    text = (
        "The Armenian Foreign Ministry said the claims were absurd. The neighbours have "
        "fought two wars over the enclave, in which thousands of people died."
    )
    assert figures(text, pub(2023, 3, 6)) == set()


def test_an_exact_toll_of_wars_in_which_people_died_is_the_writers() -> None:
    text = (
        "Armenia's defence ministry said on Monday that Azerbaijani forces had shelled its "
        "positions near Sotk. The countries have fought two wars, in which more than 30,000 "
        "people were killed."
    )
    found = figures(text, pub(2022, 9, 13))
    assert found == {("unattributed", "both", "total_killed", 30000)}


def test_karabakhi_victims_are_armenian() -> None:
    text = (
        "Three Karabakhi Armenian policemen were killed in the shooting near Dyukyanlar on 5 March."
    )
    assert figures(text, pub(2023, 3, 6)) == {("unattributed", "armenian", "total_killed", 3)}


# When


def test_earlier_in_the_day_is_the_day_the_sentence_names() -> None:
    text = (
        "On Tuesday, Armenia's defence ministry said Azerbaijani forces shelled Jermuk in "
        "fighting that erupted earlier in the day."
    )
    assert accusations(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-13")}


def test_earlier_in_the_day_alone_is_still_the_publication_day() -> None:
    text = "Armenia's defence ministry said Azerbaijani forces shelled Jermuk earlier in the day."
    assert accusations(text, pub(2022, 9, 13)) == {("AM", "AZ", "2022-09-13")}


# Where


def places_of(text: str, when: datetime) -> set[str]:
    return {p for v in extract(text, published=when).violations for p in v.places}


def test_the_azerbaijani_names_of_armenian_border_towns_are_read() -> None:
    text = (
        "Azerbaijan's defence ministry said on Tuesday that Armenian units fired on its positions "
        "in the Kalbajar district from the direction of Garakilsa and Keshishkend."
    )
    assert {"Sisian", "Yeghegnadzor"} <= places_of(text, pub(2022, 9, 13))


def test_sotka_is_sotk() -> None:
    text = (
        "Armenia's defence ministry said Azerbaijani forces shelled its positions in the "
        "direction of Sotka on Thursday."
    )
    assert "Sotk" in places_of(text, pub(2023, 5, 11))


# Whose dead


def victims(text: str, when: datetime) -> set[tuple[str, str, int]]:
    return {(c.claimant, c.side, c.figure) for c in extract(text, published=when).casualties}


def test_a_toll_of_a_strike_by_adjective_forces_that_has_risen_is_not_theirs() -> None:
    text = (
        "Azerbaijani officials said the toll in Barda from the missile strike by Armenian "
        "forces has risen to five."
    )
    assert victims(text, pub(2020, 10, 28)) == {("AZ", "azerbaijani", 5)}


def test_a_running_total_of_one_attack_is_of_its_victims_side() -> None:
    text = (
        "Azerbaijan's prosecutor general's office said a man hurt in the shelling of Terter "
        "had died, bringing the total number of deaths from the attack to three."
    )
    found = victims(text, pub(2020, 10, 15))
    assert ("AZ", "azerbaijani", 3) in found
    assert ("AZ", "both", 3) not in found


def test_an_overall_toll_of_a_party_is_still_both_sides() -> None:
    text = "Armenia's defence ministry said the overall death toll had reached 300."
    assert victims(text, pub(2022, 9, 15)) == {("AM", "both", 300)}


def test_the_toll_of_clashes_in_which_soldiers_died_is_still_the_speakers() -> None:
    text = (
        "The Armenian defence ministry said on Tuesday that the clashes on the border, in which "
        "49 Armenian servicemen were killed, had stopped."
    )
    assert ("AM", "armenian", "military_killed", 49) in figures(text, pub(2022, 9, 13))
