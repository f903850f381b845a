"""Casualty copy (extractor v18): who gives a toll named sentences before it, which uniformed
men are no soldiers, and what a figure counts. Sentences written for these tests, in the
shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub

# Who gives the toll


def test_a_toll_one_sentence_after_the_partys_statement_is_its_own() -> None:
    text = (
        "Azerbaijan's Prosecutor General's Office said on Sunday that Armenian forces had "
        "fired rockets at Barda. The rockets fell on a street near the market. Four civilians "
        "were killed and 13 were wounded."
    )
    found = figures(text, pub(2020, 10, 25))
    assert ("AZ", "azerbaijani", "civilian_killed", 4) in found
    assert ("AZ", "azerbaijani", "civilian_injured", 13) in found


def test_a_toll_in_the_next_paragraph_or_after_a_witness_stays_the_writers() -> None:
    next_paragraph = (
        "Azerbaijan's Prosecutor General's Office said on Sunday that Armenian forces had "
        "fired rockets at Barda. The rockets fell on a street near the market.\n\n"
        "Four civilians were killed and 13 were wounded."
    )
    witness = (
        "Azerbaijan's Prosecutor General's Office said on Sunday that Armenian forces had "
        "fired rockets at Barda. Residents told reporters the rockets fell near the market. "
        "Four civilians were killed and 13 were wounded."
    )
    unnamed = (
        "According to local officials, rockets fell on Barda on Sunday. The market was "
        "closed. Four civilians were killed and 13 were wounded."
    )
    for text in (next_paragraph, witness, unnamed):
        found = figures(text, pub(2020, 10, 25))
        assert not any(c == "AZ" and n == 4 for c, _, _, n in found)


def test_the_russian_ministrys_statement_runs_on_into_its_toll() -> None:
    text = (
        "The Russian Defence Ministry said on Wednesday that the ceasefire had been broken "
        "near the Saribaba heights. One Armenian serviceman was wounded."
    )
    assert figures(text, pub(2022, 8, 3)) == {("RU", "armenian", "military_injured", 1)}


def test_the_bulletin_is_the_russian_ministrys_or_its_peacekeepers() -> None:
    said = (
        "The Russian Defence Ministry put out its daily bulletin on Wednesday. Near the "
        "Saribaba heights one Armenian serviceman was killed, the bulletin said."
    )
    assert figures(said, pub(2022, 8, 3)) == {("RU", "armenian", "military_killed", 1)}
    by = (
        "According to the bulletin of the Russian peacekeeping contingent, two Azerbaijani "
        "servicemen were wounded near Buzdukh."
    )
    assert figures(by, pub(2022, 8, 3)) == {("RU", "azerbaijani", "military_injured", 2)}


def test_a_body_before_a_colon_in_a_headline_gives_its_figures() -> None:
    text = (
        "Prosecutor General's Office: 7 people died after Armenian shelling\n\n"
        "As a result of the occupiers' shelling of homes, 7 civilians have been killed in "
        "total."
    )
    assert figures(text, pub(2020, 10, 5)) == {("AZ", "azerbaijani", "civilian_killed", 7)}


def test_data_cited_inside_a_quotation_are_the_quoted_partys() -> None:
    text = (
        '"We count 25 wounded people, nine of whom, according to our records, are in grave '
        'condition. The enemy shelled Martuni again today," the ombudsman of Artsakh said.'
    )
    assert ("NK", "armenian", "total_injured", 25) in figures(text, pub(2020, 10, 3))


def test_data_cited_outside_a_quotation_stay_the_writers() -> None:
    text = "According to preliminary data, four people were killed in Martuni."
    assert figures(text, pub(2020, 10, 3)) == {("unattributed", "both", "total_killed", 4)}


def test_the_health_ministry_and_the_embassy_are_the_ones_named_before() -> None:
    health = (
        "Armenia's Health Ministry gave new figures on Tuesday. The health ministry said 12 "
        "more servicemen had died of their wounds."
    )
    assert figures(health, pub(2020, 10, 20)) == {("AM", "armenian", "military_killed", 12)}
    embassy = (
        "A statement came from the Azerbaijani embassy in Moscow on Tuesday. The embassy noted "
        "that six Azerbaijani servicemen were killed near Kelbajar."
    )
    assert figures(embassy, pub(2021, 11, 17)) == {("AZ", "azerbaijani", "military_killed", 6)}


def test_a_second_speakers_bare_figure_is_of_the_same_count() -> None:
    text = "Azerbaijan says it has lost 50 soldiers since 13 September, while Armenia says 49."
    assert figures(text, pub(2022, 9, 15)) == {
        ("AZ", "azerbaijani", "military_killed", 50),
        ("AM", "armenian", "military_killed", 49),
    }


def test_a_bare_figure_with_no_count_before_it_is_none() -> None:
    text = "The border was calm on Tuesday, and Armenia says 4."
    assert figures(text, pub(2022, 9, 15)) == set()


# Which uniformed men are no soldiers


def test_interior_ministry_and_border_service_men_are_no_soldiers() -> None:
    before = "Two Interior Ministry servicemen were wounded in Shusha, Azerbaijan said."
    assert figures(before, pub(2021, 5, 20)) == {("AZ", "azerbaijani", "total_injured", 2)}
    after = (
        "The State Border Service of Azerbaijan said one of its servicemen was killed in Kelbajar."
    )
    assert figures(after, pub(2021, 5, 20)) == {("AZ", "azerbaijani", "total_killed", 1)}


def test_a_defence_ministrys_own_servicemen_stay_soldiers() -> None:
    text = "The Armenian Defence Ministry said two of its servicemen were killed near Vardenis."
    assert figures(text, pub(2022, 9, 13)) == {("AM", "armenian", "military_killed", 2)}


def test_an_armys_officer_is_a_soldier_and_a_police_officer_is_not() -> None:
    army = (
        "A contract officer of Armenia's Armed Forces was killed near Vardenis, the Armenian "
        "Defence Ministry said."
    )
    assert figures(army, pub(2021, 5, 25)) == {("AM", "armenian", "military_killed", 1)}
    police = "Two police officers were wounded near Lachin, Azerbaijan said."
    assert figures(police, pub(2021, 5, 25)) == {("AZ", "azerbaijani", "total_injured", 2)}


# What a figure counts


def test_deaths_of_its_soldiers_are_soldiers_deaths() -> None:
    text = "Artsakh's Defence Ministry said on Monday there were 23 new deaths of its servicemen."
    assert figures(text, pub(2020, 10, 19)) == {("NK", "armenian", "military_killed", 23)}
    people = "Artsakh's Defence Ministry said on Monday there were 23 new deaths of people."
    assert figures(people, pub(2020, 10, 19)) == {("NK", "armenian", "total_killed", 23)}


def test_civilian_victims_are_civilian_dead() -> None:
    text = (
        "Artsakh's human rights ombudsman told reporters on Monday that there are 21 civilian "
        "victims so far."
    )
    assert figures(text, pub(2020, 10, 5)) == {("NK", "armenian", "civilian_killed", 21)}
    hurt = "The ombudsman of Artsakh said 14 civilian victims were hospitalised with injuries."
    assert figures(hurt, pub(2020, 10, 5)) == {("NK", "armenian", "civilian_injured", 14)}


def test_children_named_as_a_part_leave_the_toll_unspecified() -> None:
    part = (
        "Karabakh's authorities said on Wednesday that 150 people, including children, had "
        "died in the two days of fighting."
    )
    assert figures(part, pub(2023, 9, 27)) == {("NK", "armenian", "total_killed", 150)}
    homes = "Karabakh's authorities said on Wednesday that 150 people had died in their homes."
    assert figures(homes, pub(2023, 9, 27)) == {("NK", "armenian", "civilian_killed", 150)}


def test_the_karabakh_capital_is_armenian_ground() -> None:
    capital = "The Defence Ministry said 12 people were killed in Stepanakert on Monday."
    assert figures(capital, pub(2020, 10, 20)) == {("AM", "armenian", "total_killed", 12)}
    terter = "The Defence Ministry said 12 people were killed in Terter on Monday."
    assert figures(terter, pub(2020, 10, 20)) == {("AZ", "azerbaijani", "total_killed", 12)}


def test_a_foreign_governments_comment_does_not_go_on_to_count_the_dead() -> None:
    text = (
        "Turkey's Foreign Ministry condemned the shelling of Barda on Wednesday. Four civilians "
        "were killed."
    )
    assert not any(c == "TR" for c, *_ in figures(text, pub(2020, 10, 28)))
