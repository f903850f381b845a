"""General mechanisms checked on copy the rules were not tuned on (extractor v13): sentences
written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations
from tests.unit.extract.test_extract_unseen_copy_v10 import truces

# Who speaks


def test_a_report_by_a_body_after_according_to_names_that_body() -> None:
    text = (
        "On 3 August, Azerbaijani units fired at positions near Martakert, according to a "
        "report by the Artsakh (Nagorno-Karabakh) Defence Army."
    )
    assert accusations(text, pub(2022, 8, 4)) == {("NK", "AZ", "2022-08-03")}


def test_the_body_a_press_release_is_by_speaks_in_its_text() -> None:
    text = (
        "Press release by the Ministry of Defence of Armenia.\n\n"
        "On 13 September at about 00:05, Azerbaijani units opened fire at positions near "
        "Jermuk, killing a soldier of the Armenian army."
    )
    assert accusations(text, pub(2022, 9, 13)) == {("AM", "AZ", "2022-09-13")}


def test_a_country_that_vows_to_avenge_victims_claims_them() -> None:
    text = (
        "Armenia's defence ministry reported shelling near Hadrut overnight. Azerbaijan has "
        "vowed to avenge the deaths of 13 civilians killed in the strike on Ganja on Saturday."
    )
    assert figures(text, pub(2020, 10, 18)) == {("AZ", "azerbaijani", "civilian_killed", 13)}


def test_a_body_that_detailed_an_attack_made_the_claim() -> None:
    text = (
        "Units of Armenia shelled posts near Kalbajar on Tuesday, wounding two soldiers, the "
        "defence ministry of Azerbaijan detailed."
    )
    assert accusations(text, pub(2022, 9, 14)) == {("AZ", "AM", "2022-09-13")}
    assert figures(text, pub(2022, 9, 14)) == {("AZ", "azerbaijani", "military_injured", 2)}


def test_a_figure_in_the_claim_the_speaker_calls_false_is_not_its_own() -> None:
    text = (
        "Azerbaijani media reports that Armenian fire near Sotk had wounded an Azerbaijani "
        "serviceman are false, the Armenian defence ministry said."
    )
    assert figures(text, pub(2022, 6, 1)) == set()


# Who did it


def test_a_sniper_of_a_side_that_killed_or_fired_names_that_side() -> None:
    text = "On Wednesday Baku said an Armenian sniper had shot and killed an Azerbaijani soldier."
    assert accusations(text, pub(2021, 7, 22)) == {("AZ", "AM", "2021-07-21")}
    text = (
        "A soldier of the Azerbaijani army was killed by sniper fire opened by Armenian units "
        "near Kalbajar on 3 August, Azerbaijan's defence ministry said."
    )
    assert accusations(text, pub(2022, 8, 4)) == {("AZ", "AM", "2022-08-03")}


def test_an_offensive_launched_with_an_adjective_is_an_attack() -> None:
    text = "On 19 September, Azerbaijan launched a full-scale offensive against Nagorno-Karabakh."
    assert accusations(text, pub(2023, 9, 27)) == {("unattributed", "AZ", "2023-09-19")}


def test_the_offensive_operations_of_a_country_name_it_as_the_attacker() -> None:
    text = (
        "The army is halting the offensive operations of Azerbaijan launched in violation of "
        "the truce, the spokeswoman of Armenia's defence ministry said."
    )
    assert accusations(text, pub(2020, 10, 13)) == {("AM", "AZ", "2020-10-13")}


# When


def test_a_denial_told_again_answers_the_accusation_the_body_dates() -> None:
    text = (
        "Defence Ministry: the Azerbaijani army did not shell Armenian positions\n"
        "Azerbaijan's defence ministry rejected Armenian media reports of an alleged shelling of "
        "Armenian posts along the border.\n"
        "The ministry added that its troops did not open fire in that area.\n"
        "According to the Armenian defence ministry, Azerbaijani troops shot at Armenian "
        "soldiers close to Norabak on the evening of 22 November."
    )
    assert accusations(text, pub(2021, 11, 23)) == {("AM", "AZ", "2021-11-22")}


def test_a_habit_told_with_keeps_is_no_incident() -> None:
    text = (
        "Tension stays high as Azerbaijan repeatedly keeps violating the ceasefire near Martakert."
    )
    assert accusations(text, pub(2023, 6, 22)) == set()


# What counts


def test_a_month_names_the_one_known_truce_that_took_effect_in_it() -> None:
    assert truces("Moscow helped to secure a ceasefire in November.", pub(2021, 5, 25)) == {
        "nk-2020-11-10"
    }
    # three known truces took effect in October 2020: the month names none of them
    assert truces("Moscow helped to secure a ceasefire in October.", pub(2020, 11, 5)) == set()


def test_a_decade_told_of_something_else_further_on_does_not_qualify_the_truce() -> None:
    text = (
        "Moscow brokered a truce in November, after Azerbaijani troops took back districts "
        "that Armenian forces had held since the 1990s."
    )
    assert truces(text, pub(2021, 6, 2)) == {"nk-2020-11-10"}
    # the words right after the mention still name a truce outside the known set
    assert truces("The ceasefire of the 1990s held until 2016.", pub(2021, 6, 2)) == set()


def test_the_joint_statement_signed_on_its_day_is_that_truce() -> None:
    text = (
        "The attack obstructs the implementation of the Joint Statement signed on November 10, "
        "2020."
    )
    assert truces(text, pub(2021, 10, 14)) == {"nk-2020-11-10"}


def test_a_border_in_the_next_clause_does_not_qualify_the_truce() -> None:
    text = (
        "Fighting in Karabakh stopped under a Russian-brokered ceasefire, but the border has "
        "seen clashes again this year."
    )
    assert truces(text, pub(2021, 7, 23)) == {"nk-2020-11-10"}


def test_tolls_of_the_pandemic_in_links_are_no_casualties() -> None:
    text = (
        "Armenia's defence ministry said Azerbaijani units fired on its posts near Sotk.\n"
        "- Coronavirus: Peru logs 2,000 more infections and 45 deaths in a day\n"
        "- Chile: COVID-19 claims 30 more lives as 1,120 people test positive"
    )
    assert figures(text, pub(2021, 7, 28)) == set()


# How many


def test_losses_among_the_personnel_are_the_dead() -> None:
    text = "Azerbaijan's defence ministry reported 12 losses among its military personnel."
    assert figures(text, pub(2022, 9, 13)) == {("AZ", "azerbaijani", "military_killed", 12)}


def test_the_injury_of_a_serviceman_is_one_injured() -> None:
    text = (
        "Azerbaijani fire near Martakert on Monday resulted in the injury of a serviceman, the "
        "Karabakh defence army said."
    )
    assert figures(text, pub(2022, 8, 2)) == {("NK", "armenian", "military_injured", 1)}
