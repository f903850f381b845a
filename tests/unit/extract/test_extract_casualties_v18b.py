"""Casualty copy the rules were not written for (extractor v18, read afterwards): tolls of
another war summed up beside this one, "killed in action", an abbreviated month between
two figures, and the bodies that give a toll under titles the rules did not know.
Sentences written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub

# Tolls of another war


def test_a_toll_of_another_war_in_the_same_story_is_no_claim() -> None:
    text = (
        "Fighting on the border between Kyrgyzstan and Tajikistan has left at least 30 people "
        "dead and 90 wounded, the Kyrgyz health ministry said. The Tajik side reported 20 dead."
    )
    assert figures(text, pub(2022, 9, 18)) == set()


def test_a_toll_of_this_war_beside_another_is_kept() -> None:
    guard = (
        "While Kyrgyzstan and Tajikistan agreed to stop fighting, the Armenian Defence "
        "Ministry said 49 Armenian servicemen were killed on the border with Azerbaijan."
    )
    assert ("AM", "armenian", "military_killed", 49) in figures(guard, pub(2022, 9, 14))


# "killed in action"


def test_killed_in_action_and_the_wounded_joined_to_it_are_troops() -> None:
    text = (
        "The Armenian Defence Ministry said on Tuesday that the Armenian side has three "
        "killed in action and five wounded near the Lachin road."
    )
    found = figures(text, pub(2023, 4, 11))
    assert ("AM", "armenian", "military_killed", 3) in found
    assert ("AM", "armenian", "military_injured", 5) in found


def test_people_killed_in_a_town_stay_a_total() -> None:
    guard = (
        "The Armenian Defence Ministry said on Tuesday that three people were killed and "
        "five wounded in the shelling near the Lachin road."
    )
    found = figures(guard, pub(2023, 4, 11))
    assert not any(cat.startswith("military") for _, _, cat, _ in found)


# An abbreviated month between two figures


def test_the_victims_noun_carries_over_an_abbreviated_month() -> None:
    text = (
        "Twelve civilians killed since Sept. 27, 45 injured, the Artsakh authorities said "
        "on Sunday."
    )
    found = figures(text, pub(2020, 10, 11))
    assert ("NK", "armenian", "civilian_injured", 45) in found


# Who gives the toll


def test_a_human_rights_commissioner_of_an_unrecognised_republic_speaks_for_it() -> None:
    text = (
        '"Since the morning the assault has left 30 victims," posted the rights commissioner '
        "of the internationally unrecognised Republic of Artsakh on Tuesday."
    )
    assert figures(text, pub(2023, 9, 19)) == {("NK", "armenian", "total_killed", 30)}


def test_a_ministry_of_the_self_proclaimed_republic_is_the_regions() -> None:
    text = (
        "The Foreign Ministry of the self-proclaimed republic reported on Tuesday that "
        "Azerbaijani shelling had wounded 14 people in Stepanakert."
    )
    found = figures(text, pub(2023, 9, 19))
    assert {c for c, _, _, n in found if n == 14} == {"NK"}


def test_information_provided_by_a_body_is_that_bodys() -> None:
    text = (
        "Twelve civilians died when shells hit Stepanakert, according to information "
        "given by the staff at the office of the Human Rights Defender of Artsakh."
    )
    assert figures(text, pub(2020, 10, 5)) == {("NK", "armenian", "civilian_killed", 12)}
    guard = (
        "Twelve civilians died when shells hit Stepanakert, according to information "
        "on social media."
    )
    assert {c for c, _, _, _ in figures(guard, pub(2020, 10, 5))} == {"unattributed"}


# Whose victims unspecified figures count


def test_a_figure_joined_to_a_civilian_toll_counts_civilians() -> None:
    text = (
        "The Armenian Foreign Ministry said on Wednesday there were 15 civilian victims in "
        "Karabakh and 3 in Armenia."
    )
    found = figures(text, pub(2020, 10, 7))
    assert ("AM", "armenian", "civilian_killed", 3) in found
    guard = (
        "The Armenian Foreign Ministry said on Wednesday 15 civilian victims were counted in "
        "Karabakh, and 3 soldiers died."
    )
    assert ("AM", "armenian", "military_killed", 3) in figures(guard, pub(2020, 10, 7))


def test_people_killed_by_a_strike_on_a_city_are_civilians() -> None:
    text = (
        "Azerbaijan's Prosecutor General's Office said the missile strike on Ganja city "
        "on Saturday had killed 9 people."
    )
    assert ("AZ", "azerbaijani", "civilian_killed", 9) in figures(text, pub(2020, 10, 17))
    guard = (
        "Azerbaijan's Prosecutor General's Office said the fighting near Ganja on Saturday "
        "had killed 9 people."
    )
    assert ("AZ", "azerbaijani", "total_killed", 9) in figures(guard, pub(2020, 10, 17))


def test_parts_of_a_toll_with_a_word_on_their_age_are_no_figures_of_their_own() -> None:
    text = (
        "Twelve civilians – one little boy, four women and 7 men – died in the shelling of "
        "Martuni, the Artsakh ombudsman said."
    )
    assert figures(text, pub(2020, 10, 4)) == {("NK", "armenian", "civilian_killed", 12)}
    guard = (
        "The Artsakh ombudsman said 12 civilians were killed in Martuni and two young women "
        "were wounded in Askeran."
    )
    assert ("NK", "armenian", "civilian_injured", 2) in figures(guard, pub(2020, 10, 4))
