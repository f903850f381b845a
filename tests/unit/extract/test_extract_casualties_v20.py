"""Casualty copy (extractor v20): the verb of the second pair of a ministry's list, tolls
written "took lives of", a count of soldiers and civilians together, and the party that
raises (revises, updates) its own count.
Sentences written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub

# The verb of the second pair of a list


def test_the_second_pair_of_a_list_takes_its_own_verb() -> None:
    text = (
        "The Azerbaijani Foreign Ministry said that 4 civilians and 3 servicemen were killed "
        "and 9 civilians and 11 servicemen were injured by mines since the war ended."
    )
    found = figures(text, pub(2021, 3, 1))
    assert ("AZ", "azerbaijani", "civilian_injured", 9) in found
    assert ("AZ", "azerbaijani", "military_injured", 11) in found
    assert not any(f == 9 and cat == "civilian_killed" for _, _, cat, f in found)


def test_a_figure_after_the_verb_with_no_verb_of_its_own_keeps_it() -> None:
    text = "The Armenian Defence Ministry said Azerbaijani fire killed two and 5 more soldiers."
    found = figures(text, pub(2022, 9, 13))
    assert not any(f == 5 and cat.endswith("injured") for _, _, cat, f in found)


# "took lives of N"


def test_took_lives_of_is_a_toll_of_the_dead() -> None:
    text = (
        "The Armenian Defence Ministry said the attack on the border took lives of 12 people "
        "on Tuesday and left several wounded."
    )
    found = figures(text, pub(2022, 9, 14))
    assert ("AM", "armenian", "total_killed", 12) in found
    assert not any(f == 12 and cat.endswith("injured") for _, _, cat, f in found)


# A count of soldiers and civilians together


def test_a_number_of_soldiers_and_civilians_killed_is_a_total() -> None:
    text = (
        "On Thursday the Karabakh authorities said the number of servicemen and civilians "
        "killed in the two days of fighting had reached 200."
    )
    found = figures(text, pub(2023, 9, 21))
    assert ("NK", "armenian", "total_killed", 200) in found
    assert not any(f == 200 and cat == "military_killed" for _, _, cat, f in found)


# The party that raises its own count


def test_a_party_that_revises_its_count_claims_the_figure() -> None:
    text = (
        "Officials in Stepanakert have revised up their toll of the dead from the assault to 200."
    )
    found = figures(text, pub(2023, 9, 23))
    assert any(c == "NK" and f == 200 and cat.endswith("_killed") for c, _, cat, f in found)


def test_a_leader_raising_the_toll_in_a_headline_claims_it() -> None:
    text = "Pashinyan raises border death toll to 105 after new shelling"
    found = figures(text, pub(2022, 9, 14))
    assert any(c == "AM" and f == 105 for c, _, _, f in found)


def test_an_attack_raising_the_toll_is_no_claimant() -> None:
    text = "Azerbaijani shelling raised the death toll in the village to 5 on Sunday."
    found = figures(text, pub(2020, 10, 4))
    assert not any(c == "AZ" and f == 5 for c, _, _, f in found)


# A parenthesis between a toll and the bare figure after it


def test_a_bare_figure_after_a_parenthesis_keeps_the_victims_noun() -> None:
    text = (
        "The Armenian Defence Ministry said 30 civilians have been killed (four of them on "
        "Sunday) and more than 90 have been wounded."
    )
    found = figures(text, pub(2020, 10, 5))
    assert ("AM", "armenian", "civilian_injured", 90) in found
    assert not any(f == 90 and cat == "total_injured" for _, _, cat, f in found)


# A report released in the sentence before the toll


def test_a_report_released_before_the_toll_is_its_source() -> None:
    text = (
        "The Armenian Defence Ministry on Monday released updated figures on the fighting. "
        "As of October 5, 30 civilians have been killed and 90 wounded."
    )
    found = figures(text, pub(2020, 10, 6))
    assert ("AM", "armenian", "civilian_killed", 30) in found


def test_a_prosecutors_new_data_are_the_source_of_the_next_toll() -> None:
    text = (
        "Azerbaijan's Prosecutor General's Office on Monday published new data. Since "
        "September 27, 30 civilians have been killed and 90 wounded."
    )
    found = figures(text, pub(2020, 10, 6))
    assert ("AZ", "azerbaijani", "civilian_killed", 30) in found


def test_a_report_of_another_paragraph_is_no_source() -> None:
    text = (
        "The Armenian Defence Ministry on Monday released updated figures on the fighting."
        "\n\nAs of October 5, 30 civilians have been killed and 90 wounded."
    )
    found = figures(text, pub(2020, 10, 6))
    assert not any(c == "AM" and f == 30 for c, _, _, f in found)
