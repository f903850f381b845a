"""Accusations read after their measurement (extractor v19): sentences written for these
tests, in the shapes wire copy takes, from the reference facts (the known truces, the places
of the line of contact, the sides and their bodies)."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import pub
from tests.unit.extract.test_extract_violations_v18 import accusations, claims
from tests.unit.extract.test_extract_violations_v19 import denials, truces

# Who speaks


def test_as_reported_by_names_the_source_after_by() -> None:
    text = (
        "On Tuesday morning Azerbaijani units opened fire near Martuni, as reported by the "
        "Karabakh defence army."
    )
    assert accusations(text, pub(2021, 5, 12)) == {("NK", "AZ", "2021-05-11")}


def test_as_stated_by_a_ministry_is_that_ministry_s_claim() -> None:
    text = "Armenian forces shelled the village of Alkhanly, as stated by the Azerbaijani ministry."
    assert accusations(text, pub(2020, 10, 20)) == {("AZ", "AM", "2020-10-20")}


def test_a_declared_ceasefire_is_no_statement_of_its_own() -> None:
    text = (
        "On 19 October the Karabakh army announced strikes by Azerbaijani forces on "
        "settlements in the south, despite the declared ceasefire."
    )
    assert accusations(text, pub(2020, 10, 20)) == {("NK", "AZ", "2020-10-19")}


def test_guard_declared_that_still_speaks() -> None:
    text = "The Azerbaijani ministry declared that Armenian units shelled Terter on Monday."
    assert accusations(text, pub(2020, 10, 20)) == {("AZ", "AM", "2020-10-19")}


# The attack


def test_a_missile_attack_made_on_a_town_is_an_attack() -> None:
    text = "Armenian forces made a missile attack on the city of Barda on 27 October."
    assert accusations(text, pub(2020, 10, 28)) == {("unattributed", "AM", "2020-10-27")}


def test_guard_a_statement_made_about_attacks_is_no_attack() -> None:
    text = "The ministry made a statement about attacks on villages in the region."
    assert accusations(text, pub(2020, 10, 28)) == set()


def test_the_day_a_checkpoint_was_set_up_is_not_the_day_of_the_fire() -> None:
    text = (
        "Baku accused Armenian soldiers of firing on its checkpoint set up last month on the "
        "road to Lachin."
    )
    assert accusations(text, pub(2023, 6, 15)) == {("AZ", "AM", "2023-06-15")}


# Days of a denial


def test_a_denial_listing_two_days_denies_each() -> None:
    text = "Yerevan denied carrying out the strikes on Barda on Tuesday and Wednesday."
    assert denials(text, pub(2020, 10, 28)) == {("AM", "2020-10-27"), ("AM", "2020-10-28")}


def test_an_undated_accusation_takes_the_days_its_denial_lists() -> None:
    text = (
        "Baku accused Armenia of two days of rocket strikes on Barda. Yerevan denied carrying "
        "out the strikes on Tuesday, when three people died, and on Wednesday."
    )
    found = accusations(text, pub(2020, 10, 28))
    assert ("AZ", "AM", "2020-10-27") in found
    assert ("AZ", "AM", "2020-10-28") in found


def test_guard_an_accusation_with_its_own_day_is_not_copied() -> None:
    text = (
        "Baku said Armenian forces fired rockets at Barda on Wednesday. Yerevan denied carrying "
        "out any strikes on Tuesday or on Wednesday."
    )
    assert ("AZ", "AM", "2020-10-27") not in accusations(text, pub(2020, 10, 28))


# Places


def test_the_area_mentioned_above_points_back_to_its_places() -> None:
    text = (
        "Baku said Karabakh units fired at its positions near Taghavard on Monday. The Karabakh "
        "army said Azerbaijani units violated the ceasefire in the abovementioned area on Monday."
    )
    found = claims(text, pub(2022, 2, 22))
    assert ("NK", "AZ", "2022-02-21", ("Taghavard",)) in found


def test_the_shelling_concentrated_on_towns_gives_the_claim_before_it_its_places() -> None:
    text = (
        "Karabakh officials said Azerbaijani troops shelled the region overnight, killing a "
        "pensioner. The shelling was mostly concentrated on Martuni and Askeran."
    )
    found = claims(text, pub(2020, 11, 6))
    assert ("NK", "AZ", "2020-11-06", ("Askeran", "Martuni")) in found


def test_guard_talks_concentrated_on_a_town_give_no_places() -> None:
    text = (
        "Karabakh officials said Azerbaijani troops shelled the region overnight, killing a "
        "pensioner. The talks were mostly concentrated on Martuni and Askeran."
    )
    found = claims(text, pub(2020, 11, 6))
    assert ("NK", "AZ", "2020-11-06", ()) in found


# Truce references


def test_a_truce_announced_over_the_weekend_is_the_one_made_that_weekend() -> None:
    text = "Shelling went on despite a truce announced over the weekend, officials said."
    assert truces(text, pub(2020, 10, 13)) == {"nk-2020-10-10"}


def test_guard_no_known_truce_made_that_weekend() -> None:
    text = "Shelling went on despite a truce announced over the weekend, officials said."
    assert truces(text, pub(2020, 10, 6)) == set()


def test_a_long_list_of_signatories_keeps_the_opening_day_of_the_statement() -> None:
    text = (
        "On 9 November 2020, the head of state of the Russian Federation, the head of state of "
        "the Republic of Azerbaijan and the head of government of the Republic of Armenia "
        "signed a document on a full ceasefire along the front."
    )
    assert truces(text, pub(2021, 6, 11)) == {"nk-2020-11-10"}


def test_a_body_s_short_name_in_brackets_speaks_for_it_later() -> None:
    text = (
        "Armenia's National Security Service (NSS) reported a quiet night on Monday. On "
        "Tuesday border guards near Sotk came under Azerbaijani fire, the NSS said."
    )
    assert accusations(text, pub(2023, 6, 14)) == {("AM", "AZ", "2023-06-13")}


def test_guard_a_short_name_never_given_names_no_party() -> None:
    text = "On Tuesday border guards near Sotk came under Azerbaijani fire, the NSS said."
    assert ("AM", "AZ", "2023-06-13") not in accusations(text, pub(2023, 6, 14))
