"""General mechanisms checked on copy the rules were not tuned on (extractor v15): sentences
written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub

# How many


def test_figures_of_the_speaker_s_country_s_soldiers_are_the_speaker_s_dead() -> None:
    text = (
        "Azerbaijan's defence minister said on Sunday that four of his country's soldiers had "
        "been killed near Sur and Hadrut since late November."
    )
    assert figures(text, pub(2020, 12, 13)) == {("AZ", "azerbaijani", "military_killed", 4)}


def test_a_figure_lost_with_no_noun_takes_the_victims_of_the_figure_before() -> None:
    text = (
        "The Karabakh army said 2 of its servicemen were killed near the Saribaba height, "
        "while the Azerbaijani defence ministry said it lost one."
    )
    assert figures(text, pub(2022, 8, 3)) == {
        ("NK", "armenian", "military_killed", 2),
        ("AZ", "azerbaijani", "military_killed", 1),
    }
