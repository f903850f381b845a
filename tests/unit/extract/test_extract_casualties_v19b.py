"""Casualty copy read after its measurement (extractor v19): the dead counted "among military
members", a list that names its victims once, the services a region or a country names
without its name ("the country's <Name> Service", "the enclave's <Name> Service", "the
service said"), the toll of the days a party denies, "several" as no figure, and a strike
the next sentences call one on civilians.
Sentences written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tracker.extract import extract

# The dead counted among "military members"


def test_the_dead_among_military_members_are_soldiers() -> None:
    text = (
        "The Karabakh army reported on Monday that 20 more of its servicemen had died, which "
        "brings the toll of the dead among military members to 400."
    )
    found = figures(text, pub(2020, 10, 12))
    assert ("NK", "armenian", "military_killed", 400) in found
    assert not any(f == 400 and cat == "total_killed" for _, _, cat, f in found)


# A list that names its victims once


def test_people_listed_after_civilians_in_one_sentence_are_civilians() -> None:
    text = "The Azerbaijani prosecutor's office said that 4 civilians died, 17 people were hurt."
    found = figures(text, pub(2020, 10, 28))
    assert ("AZ", "azerbaijani", "civilian_killed", 4) in found
    assert ("AZ", "azerbaijani", "civilian_injured", 17) in found


def test_villagers_then_people_are_the_same_civilians() -> None:
    text = (
        "The Azerbaijani prosecutor's office said 31 villagers died and 90 people were injured "
        "in the Tartar district since September."
    )
    assert ("AZ", "azerbaijani", "civilian_injured", 90) in figures(text, pub(2020, 11, 10))


def test_people_listed_after_soldiers_stay_a_total() -> None:
    guard = "The ministry said 20 soldiers died, while 40 people were hurt along the front."
    found = figures(guard, pub(2020, 10, 10))
    assert any(f == 40 and cat == "total_injured" for _, _, cat, f in found)


def test_people_in_another_sentence_stay_a_total() -> None:
    guard = (
        "The Azerbaijani prosecutor's office said 4 civilians died in Tartar. "
        "In Barda, 17 people were hurt, the office said."
    )
    found = figures(guard, pub(2020, 10, 28))
    assert any(f == 17 and cat == "total_injured" for _, _, cat, f in found)


# Services named without their party's name


def test_the_countrys_named_service_speaks_for_the_country_named_before() -> None:
    text = (
        "Shells of the Azerbaijani army fell on Stepanakert, the capital of Artsakh, in the "
        "night, the country's State Rescue Service reported. Two civilians needed treatment "
        "for wounds, the service said."
    )
    claims = extract(text, published=pub(2020, 10, 17))
    assert [(c.claimant, c.category, c.figure) for c in claims.casualties] == [
        ("NK", "civilian_injured", 2)
    ]
    assert [(v.accuser, v.accused) for v in claims.violations] == [("NK", "AZ")]


def test_the_enclaves_named_service_is_the_enclaves() -> None:
    text = (
        "Azeri rockets hit a house in Shushi and two residents died, the enclave's Fire and "
        "Rescue Service told reporters."
    )
    assert ("NK", "armenian", "civilian_killed", 2) in figures(text, pub(2020, 11, 6))


def test_the_countrys_ministry_after_an_attacking_army_is_the_other_country() -> None:
    guard = (
        "Shells of Armenian forces fell on Tartar in Azerbaijan, and four civilians needed "
        "treatment for wounds, the country's Defence Ministry said."
    )
    assert ("AZ", "azerbaijani", "civilian_injured", 4) in figures(guard, pub(2020, 10, 17))


# The toll of the days a party denies


def test_the_toll_of_a_denied_attack_told_with_when_is_the_writers() -> None:
    text = (
        "Yerevan denied firing at Tartar on Monday, when six people died, and at Barda "
        "the day after, when 14 lost their lives."
    )
    found = figures(text, pub(2020, 10, 28))
    assert ("unattributed", "azerbaijani", "total_killed", 6) in found
    assert ("unattributed", "azerbaijani", "total_killed", 14) in found
    assert not any(who == "AM" for who, _, _, _ in found)


def test_a_denier_counting_its_own_dead_keeps_its_figure() -> None:
    guard = (
        "Armenia rejected the charge, saying four of its soldiers died in the morning, when "
        "its trenches came under fire."
    )
    assert ("AM", "armenian", "military_killed", 4) in figures(guard, pub(2020, 10, 28))


# "several" is no count


def test_several_killed_gives_no_figure() -> None:
    text = (
        "A missile hit a market in Barda: several people died and dozens are in hospital with "
        "wounds, the Azerbaijani prosecutor's office said."
    )
    found = figures(text, pub(2020, 10, 28))
    assert not any(f == 3 for _, _, _, f in found)
    assert any(who == "AZ" and f == 12 for who, _, _, f in found)  # "dozens" stays


# A strike the next sentences call one on civilians


def test_victims_of_a_strike_called_an_attack_on_civilians_are_civilians() -> None:
    text = (
        "Rockets hit Barda on Wednesday, killing 15 people, the Azerbaijani prosecutor's "
        "office said. The strike was the deadliest attack on civilians in weeks."
    )
    assert ("AZ", "azerbaijani", "civilian_killed", 15) in figures(text, pub(2020, 10, 28))


def test_a_toll_of_fighting_before_words_on_civilians_stays_a_total() -> None:
    guard = (
        "Fighting near Fuzuli killed 15 people, the Azerbaijani ministry said. "
        "Both sides deny attacks on civilians."
    )
    assert ("AZ", "azerbaijani", "total_killed", 15) in figures(guard, pub(2020, 10, 28))
