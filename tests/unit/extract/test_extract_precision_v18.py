"""What a careful reader would not report (extractor v18): background told as news, figures
that are no victims, claims read from words that make none. Sentences written for these
tests from the reference facts; each mechanism has a guard that must still be reported."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations

# Words that make no statement


def test_a_war_claiming_lives_is_no_one_speaking() -> None:
    text = (
        "Fighting erupted between Armenia and Azerbaijan on Monday along their border, "
        "claiming about 100 lives in two days."
    )
    assert accusations(text, pub(2022, 9, 14)) == set()


def test_claiming_that_is_still_a_statement() -> None:
    text = "Armenia, claiming that Azerbaijani troops shelled Sotk on Monday, asked for talks."
    assert accusations(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-12")}


def test_the_claimed_goal_is_an_adjective_not_a_speaker() -> None:
    text = (
        "Azerbaijani forces attacked the positions of the Armenian authorities in Karabakh "
        "on Tuesday with the claimed aim of restoring order."
    )
    assert accusations(text, pub(2023, 9, 20)) == {("unattributed", "AZ", "2023-09-19")}


def test_a_party_that_claimed_an_attack_still_speaks() -> None:
    text = (
        "The Armenian Defence Ministry claimed that Azerbaijani forces shelled Jermuk on Tuesday."
    )
    assert accusations(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-13")}


def test_troops_that_took_no_part_in_the_fighting_accuse_no_one() -> None:
    text = (
        "Yerevan rejected this, saying that no soldier of its own had joined the hostilities "
        "or was stationed in Karabakh."
    )
    assert accusations(text, pub(2023, 9, 21)) == set()


def test_fighting_that_went_on_is_still_a_partys_report() -> None:
    text = (
        "The Karabakh defence army said clashes reportedly continued near Martakert on Wednesday."
    )
    assert accusations(text, pub(2023, 9, 20)) == {("NK", "AZ", "2023-09-20")}


def test_breaking_a_convention_by_settling_people_is_no_attack() -> None:
    text = (
        "Armenia flagrantly violated the Geneva Convention by settling families in the "
        "occupied districts around Lachin."
    )
    assert accusations(text, pub(2020, 10, 5)) == set()


def test_violating_the_truce_is_still_an_attack() -> None:
    text = "Armenian forces violated the humanitarian truce by shelling Terter on Sunday."
    assert accusations(text, pub(2020, 10, 19)) == {("unattributed", "AM", "2020-10-18")}


def test_breaking_the_law_by_shelling_is_still_an_attack() -> None:
    text = "Armenian forces violated international law by shelling Barda on Tuesday."
    assert accusations(text, pub(2020, 10, 28)) == {("unattributed", "AM", "2020-10-27")}


# Background and third countries


def test_a_writers_account_of_an_offensive_weeks_before_is_background() -> None:
    text = "Azerbaijani forces launched an offensive on Karabakh on September 19."
    assert accusations(text, pub(2023, 10, 12)) == set()


def test_a_writers_account_of_the_war_start_months_before_is_background() -> None:
    text = "Azerbaijani forces attacked Karabakh in September 2020, starting a six-week war."
    assert accusations(text, pub(2021, 6, 14)) == set()


def test_a_writers_account_of_yesterday_is_still_news() -> None:
    text = "Azerbaijani forces shelled Stepanakert on Monday."
    assert accusations(text, pub(2020, 10, 6)) == {("unattributed", "AZ", "2020-10-05")}


def test_the_broker_of_a_broken_truce_is_not_its_violator() -> None:
    text = "Russia brokered a humanitarian truce that took effect on 10 October but was violated."
    assert accusations(text, pub(2020, 10, 20)) == set()


def test_the_peacekeepers_under_fire_are_not_the_attackers() -> None:
    text = (
        "A car of the Russian peacekeeping contingent was driving back from a post near "
        "Janyatag when it came under fire from small arms."
    )
    assert {d for _, d, _ in accusations(text, pub(2023, 9, 20))} <= {"unattributed"}


def test_a_target_joined_to_another_target_is_no_attacker() -> None:
    text = (
        "The Russian peacekeeping command said troops moved to attack positions of the "
        "Armenian army and the Armenian armed units near Askeran on Tuesday."
    )
    assert accusations(text, pub(2023, 9, 20)) == set()


def test_an_attacker_named_after_the_attack_still_accused() -> None:
    text = "Posts of the Azerbaijani army near Tovuz were attacked by Armenian units on Sunday."
    assert accusations(text, pub(2020, 7, 13)) == {("unattributed", "AM", "2020-07-12")}


# Figures that are no victims, and losses a party disowns


def test_the_years_of_an_old_war_are_no_figure() -> None:
    text = "Some 30,000 people died in the 1988-94 war over the region."
    assert figures(text, pub(2020, 10, 1)) == {("unattributed", "both", "total_killed", 30000)}


def test_a_loss_the_other_side_calls_an_accident_is_not_its_claim() -> None:
    text = (
        "Armenia's defence ministry said on Tuesday that one of its soldiers was killed near "
        "Verin Shorzha.\n\n"
        '"By our information, an Armenian serviceman died in an accident there, and our army '
        "had no part in it,\" Azerbaijan's defence ministry said."
    )
    assert figures(text, pub(2021, 5, 25)) == {("AM", "armenian", "military_killed", 1)}


def test_a_party_counting_the_other_sides_dead_still_claims_them() -> None:
    text = "Azerbaijan's defence ministry said 20 Armenian soldiers were killed near Fuzuli."
    assert figures(text, pub(2020, 10, 6)) == {("AZ", "armenian", "military_killed", 20)}


# Whose figure an agency relays


def test_an_agency_citing_a_ministry_after_the_day_relays_the_ministry() -> None:
    text = (
        "During the operation in Karabakh, 192 Azerbaijani servicemen were killed, the state "
        "news agency AZERTAC reported on Thursday, quoting the country's Health Ministry."
    )
    assert figures(text, pub(2023, 9, 28)) == {("AZ", "azerbaijani", "military_killed", 192)}


def test_an_agency_citing_no_one_keeps_the_figure_its_own() -> None:
    text = (
        "During the operation in Karabakh, 192 Azerbaijani servicemen were killed, the state "
        "news agency AZERTAC reported on Thursday."
    )
    assert figures(text, pub(2023, 9, 28)) == {
        ("unattributed", "azerbaijani", "military_killed", 192)
    }


# An interview laid out under its speakers' names


def test_answers_under_a_leaders_name_in_an_interview_are_his() -> None:
    text = (
        "The two leaders answered a broadcaster's questions on the war.\n"
        "Q: What have the two sides lost so far?\n"
        "President of Azerbaijan Ilham Aliyev\n"
        "Up to now 25 of our civilians have died, and over 120 were hurt.\n"
        "Q: Are foreign fighters involved?\n"
    )
    assert figures(text, pub(2020, 10, 6)) == {
        ("AZ", "azerbaijani", "civilian_killed", 25),
        ("AZ", "azerbaijani", "civilian_injured", 120),
    }


def test_a_name_on_its_own_line_outside_an_interview_is_a_caption() -> None:
    text = (
        "Ilham Aliyev\n"
        "So far 25 civilians have been killed and more than 120 wounded in the fighting.\n"
    )
    assert {c for c, _, _, _ in figures(text, pub(2020, 10, 6))} == {"unattributed"}
