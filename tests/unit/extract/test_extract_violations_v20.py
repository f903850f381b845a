"""Accusations and their days (extractor v20): sentences written for these tests, in the
shapes wire copy takes, from the reference facts (the sides, the wars and their years)."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import pub
from tests.unit.extract.test_extract_violations_v18 import accusations

# The years counted back from the day of publication


def test_an_attack_some_years_ago_is_dated_to_its_year() -> None:
    text = (
        "Karabakh authorities said the town was shelled by Azerbaijan in an offensive two "
        "years ago that killed thousands."
    )
    assert accusations(text, pub(2022, 9, 15)) == {("NK", "AZ", "2020")}


def test_guard_an_attack_some_days_ago_keeps_its_day() -> None:
    text = "Karabakh authorities said the town was shelled by Azerbaijan two days ago."
    assert accusations(text, pub(2022, 9, 15)) == {("NK", "AZ", "2022-09-13")}


# A blaze is no gunfire


def test_a_fire_at_a_depot_is_no_attack() -> None:
    text = (
        "A video released on Monday by the Karabakh ombudsman shows a fire at a petrol storage "
        "site near Stepanakert."
    )
    assert accusations(text, pub(2023, 9, 26)) == set()


def test_guard_fire_opened_at_positions_is_an_attack() -> None:
    text = "Azerbaijani units opened fire at Armenian positions near Sotk on Monday, Yerevan said."
    assert ("AM", "AZ", "2023-09-25") in accusations(text, pub(2023, 9, 26))


# A region's name before an attack word, after "in", says where


def test_killed_in_a_region_attack_names_no_attacker() -> None:
    text = "Baku says dozens of people killed in Karabakh offensive"
    assert ("AZ", "NK") not in {(a, b) for a, b, _ in accusations(text, pub(2023, 9, 22))}


def test_guard_killed_in_an_adjective_attack_names_the_attacker() -> None:
    text = "Two soldiers were killed in an Azerbaijani attack near Sotk on Tuesday, Yerevan said."
    assert ("AM", "AZ", "2023-09-19") in accusations(text, pub(2023, 9, 20))


# The lead's report day, under a byline


def test_a_lead_dated_by_its_report_under_bylines_is_the_claim_the_body_dates() -> None:
    text = (
        "By Our Staff\n\nBy Leyla Mammadova\n\n"
        "Azerbaijani army posts came under Armenian fire in the Tovuz region, the Defence "
        "Ministry reported on January 28.\n\n"
        '"From 9 pm to 11 pm on January 27, units of the Armenian armed forces fired small arms '
        'at the positions of the Azerbaijani army in Tovuz region," the ministry said.'
    )
    assert accusations(text, pub(2022, 1, 28)) == {("AZ", "AM", "2022-01-27")}


def test_a_lead_dated_by_the_day_it_was_reported_is_the_claim_the_body_dates() -> None:
    text = (
        "Azerbaijani army posts came under Armenian fire in the Tovuz region, the Defence "
        "Ministry reported on January 28.\n\n"
        '"From 9 pm to 11 pm on January 27, units of the Armenian armed forces fired small arms '
        'at the positions of the Azerbaijani army in Tovuz region," the ministry said.'
    )
    assert accusations(text, pub(2022, 1, 28)) == {("AZ", "AM", "2022-01-27")}


# A claim "from" a country: its author, not a place


def test_claims_from_a_country_are_that_country_s() -> None:
    text = (
        "The statement follows claims from Armenia's ambassador in Brussels that Azerbaijani "
        "forces had fired on a bus carrying peacekeepers."
    )
    found = accusations(text, pub(2023, 9, 21))
    assert {(a, b) for a, b, _ in found} == {("AM", "AZ")}
