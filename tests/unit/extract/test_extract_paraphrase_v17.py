"""Wording the rules were not written for (extractor v17): the same facts told with the
other verbs and phrases a wire writer uses. Sentences written for these tests."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub, violations

# Attack verbs


def test_pounded_is_an_attack_like_shelled() -> None:
    text = "Armenia's Defence Ministry said Azerbaijani artillery pounded Martuni on Tuesday."
    assert violations(text, pub(2020, 10, 14)) == [("AM", "AZ", "2020-10-13")]


def test_were_pounding_is_an_attack_in_progress() -> None:
    text = "Azerbaijani forces were pounding Askeran overnight, the Karabakh defence army said."
    assert violations(text, pub(2020, 10, 20)) == [("NK", "AZ", "2020-10-20")]


def test_assaulted_is_an_attack_on_its_object() -> None:
    text = "Baku said on Sunday that Armenian units had assaulted its posts near Kalbajar."
    assert violations(text, pub(2021, 11, 14)) == [("AZ", "AM", "2021-11-14")]


def test_shooting_in_the_air_is_fire_as_much_as_firing_into_it() -> None:
    text = (
        "On May 3 the Karabakh ombudsman wrote that Azerbaijani troops near Shushi had been "
        "shooting in the air for an hour."
    )
    assert violations(text, pub(2021, 5, 4)) == [("NK", "AZ", "2021-05-03")]


# A stationing verb is no speech verb


def test_troops_posted_near_a_town_are_not_posting_a_statement() -> None:
    text = (
        "On the evening of May 3, the Karabakh ombudsman said that Azerbaijani troops posted near "
        "Shushi had opened fire on a village."
    )
    assert violations(text, pub(2021, 5, 4)) == [("NK", "AZ", "2021-05-03")]


# Casualty words


def test_lost_his_life_is_killed() -> None:
    text = "Azerbaijan's Defence Ministry said one of its soldiers lost his life near Lachin."
    assert figures(text, pub(2021, 11, 16)) == {("AZ", "azerbaijani", "military_killed", 1)}


def test_a_victim_who_lost_her_life_in_an_attack_reports_the_attack() -> None:
    text = (
        "Armenian forces shelled Terter, and one resident lost her life, Azerbaijan's "
        "prosecutor's office said on Thursday."
    )
    assert figures(text, pub(2020, 10, 15)) == {("AZ", "azerbaijani", "civilian_killed", 1)}


def test_people_left_dead_in_a_town_report_an_attack_there() -> None:
    text = "Karabakh officials said on Tuesday that four people were left dead in Martuni."
    assert violations(text, pub(2020, 10, 13)) == [("NK", "AZ", "2020-10-13")]


def test_a_figure_of_hurt_people_is_a_figure_of_injured() -> None:
    text = "Reporters in Terter counted nine hurt civilians on Wednesday."
    assert figures(text, pub(2020, 10, 15)) == {
        ("unattributed", "azerbaijani", "civilian_injured", 9)
    }


def test_hurt_by_a_party_s_units_is_an_attack_by_them() -> None:
    text = (
        "Yerevan said two of its border guards were hurt by Azerbaijani units near Sotk on Monday."
    )
    assert violations(text, pub(2022, 9, 13)) == [("AM", "AZ", "2022-09-12")]


# A speech verb between a party and the attack


def test_a_party_that_wrote_of_the_attack_did_not_make_it() -> None:
    text = (
        "Azerbaijan's foreign ministry wrote Armenian forces shelled Barda on Tuesday, killing two "
        "civilians."
    )
    assert figures(text, pub(2020, 10, 28)) == {("AZ", "azerbaijani", "civilian_killed", 2)}


def test_a_party_that_added_a_toll_speaks_of_its_own_victims() -> None:
    text = "Karabakh officials added Azerbaijani units shelled Martuni, killing three residents."
    assert figures(text, pub(2020, 10, 13)) == {("NK", "armenian", "civilian_killed", 3)}


def test_a_party_that_noted_a_loss_lost_its_own_soldier() -> None:
    text = "Armenia noted Azerbaijani troops struck Sotk on Monday and killed a soldier."
    assert figures(text, pub(2022, 9, 13)) == {("AM", "armenian", "military_killed", 1)}


# A country's possessive as the attacker


def test_wounded_by_a_country_s_troops_names_the_attacker() -> None:
    text = "Karabakh's army said two of its soldiers were wounded by Azerbaijan's troops on Sunday."
    assert violations(text, pub(2022, 8, 2)) == [("NK", "AZ", "2022-07-31")]


def test_an_attempt_by_a_country_s_troops_to_seize_heights_is_an_attack() -> None:
    text = (
        "Azerbaijan's defence ministry reported an attempt by Armenia's troops to seize heights "
        "near Lachin on Tuesday."
    )
    assert violations(text, pub(2021, 11, 17)) == [("AZ", "AM", "2021-11-16")]


# The day the story has reached


def test_shots_at_a_village_on_a_day_move_the_story_to_that_day() -> None:
    text = (
        "On 3 May Karabakh's ombudsman said Azerbaijani troops shot at Taghavard. The next day "
        "Azerbaijan's defence ministry claimed that Armenian units fired on its posts near Lachin."
    )
    assert sorted(violations(text, pub(2021, 5, 6))) == [
        ("AZ", "AM", "2021-05-04"),
        ("NK", "AZ", "2021-05-03"),
    ]
