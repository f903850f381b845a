"""Mechanisms seen on real copy (extractor v16): sentences written for these tests, in the
shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations
from tests.unit.extract.test_extract_unseen_copy_v10 import truces

# Categories


def test_a_figure_after_a_comma_and_takes_the_victims_named_before_it() -> None:
    text = (
        "The Azerbaijani prosecutor's office said that 30 civilians had been taken to hospital "
        "with shrapnel wounds, and 9 had been killed since the shelling began."
    )
    assert ("AZ", "azerbaijani", "civilian_killed", 9) in figures(text, pub(2020, 10, 2))


def test_dead_before_the_victims_noun_is_no_bar_to_the_noun() -> None:
    text = "The Armenian defence ministry said on Thursday that it counted 105 dead soldiers."
    assert figures(text, pub(2022, 9, 15)) == {("AM", "armenian", "military_killed", 105)}


def test_casualties_among_its_military_are_soldiers() -> None:
    text = (
        "The Karabakh defence ministry said on Sunday that 40 more casualties among its military "
        "had been recorded, bringing its military death toll since late September to 673."
    )
    assert figures(text, pub(2020, 10, 18)) == {
        ("NK", "armenian", "military_killed", 40),
        ("NK", "armenian", "military_killed", 673),
    }


def test_an_additional_figure_is_of_the_victims_before_it() -> None:
    text = (
        "A spokesman for the Artsakh Defence Army said two of its servicemen were killed by "
        "Azerbaijani fire near Saribaba, with an additional 19 wounded."
    )
    assert ("NK", "armenian", "military_injured", 19) in figures(text, pub(2022, 8, 3))


def test_one_of_the_martyrs_who_was_a_civilian_is_a_civilian() -> None:
    text = (
        "The Azerbaijani health ministry said 192 servicemen lost their lives in the operation "
        "and that one of the martyrs was a civilian."
    )
    found = figures(text, pub(2023, 9, 27))
    assert ("AZ", "azerbaijani", "civilian_killed", 1) in found
    assert ("AZ", "azerbaijani", "military_killed", 1) not in found


def test_a_bare_figure_with_its_own_verb_past_an_including_apposition_is_counted() -> None:
    text = (
        "Armenia's Security Council said that 105, including two civilians, were killed in "
        "the attack on Jermuk."
    )
    assert ("AM", "armenian", "total_killed", 105) in figures(text, pub(2022, 9, 15))


def test_the_parts_after_of_whom_are_no_figures_of_their_own() -> None:
    text = (
        "The Artsakh ombudsman said 80 civilians had been wounded so far, of whom 19 women and 41 "
        "men were badly wounded."
    )
    assert figures(text, pub(2020, 10, 5)) == {("NK", "armenian", "civilian_injured", 80)}


def test_victims_counted_as_female_and_male_are_parts_of_the_toll() -> None:
    text = (
        "The Artsakh ombudsman said on Thursday that 31 civilians (22 male, 9 female) had been "
        "badly hurt."
    )
    assert figures(text, pub(2020, 10, 1)) == {("NK", "armenian", "civilian_injured", 31)}


def test_captives_of_two_kinds_at_the_end_of_a_list_are_no_casualties() -> None:
    text = (
        "Armenia's defence ministry said 49 soldiers had died, 120 soldiers had been hurt, and "
        "17 soldiers and 2 civilians had been taken captive."
    )
    assert figures(text, pub(2022, 9, 20)) == {
        ("AM", "armenian", "military_killed", 49),
        ("AM", "armenian", "military_injured", 120),
    }


# Who claims it


def test_the_toll_of_a_past_decade_s_war_is_the_writer_s() -> None:
    text = (
        "The Karabakh defence ministry said on Monday that 40 more of its soldiers had been "
        "killed. The region last saw fighting on this scale in the early 1990s, when about "
        "30,000 people died."
    )
    assert figures(text, pub(2020, 10, 19)) == {
        ("NK", "armenian", "military_killed", 40),
        ("unattributed", "both", "total_killed", 30000),
    }


def test_a_speaker_of_parliament_speaks_for_the_party() -> None:
    text = (
        "Roughly 300 Azerbaijani troops died in the fighting on the border, Alen Simonyan, the "
        "speaker of Armenia's National Assembly, said on Friday."
    )
    assert figures(text, pub(2022, 10, 1)) == {("AM", "azerbaijani", "military_killed", 300)}


def test_a_body_that_publishes_a_list_of_the_dead_claims_it() -> None:
    text = (
        "The Karabakh defence ministry released a list of 56 soldiers killed in "
        "the fighting near Hadrut."
    )
    assert figures(text, pub(2020, 10, 20)) == {("NK", "armenian", "military_killed", 56)}


def test_a_ministry_in_the_region_s_republic_is_the_region_s() -> None:
    text = (
        "The Ministry of Defence in the Karabakh Republic said on Thursday that 40 more of its "
        "soldiers had been killed."
    )
    assert figures(text, pub(2020, 10, 22)) == {("NK", "armenian", "military_killed", 40)}


def test_a_prosecutor_s_office_without_an_article_is_a_body_and_not_the_aggressor() -> None:
    text = (
        "The leadership of aggressor Armenia keeps up its terror against civilians, and 4 "
        "civilians were wounded in Tartar on Friday, Prosecutor General's Office said."
    )
    assert figures(text, pub(2020, 10, 18)) == {("AZ", "azerbaijani", "civilian_injured", 4)}


def test_a_party_shelling_as_a_body_speaks_is_not_the_body_s_party() -> None:
    text = (
        "Armenian forces are shelling Tartar, where 6 civilians were wounded, Prosecutor "
        "General's Office said."
    )
    assert figures(text, pub(2020, 10, 3)) == {("AZ", "azerbaijani", "civilian_injured", 6)}


def test_a_body_named_without_its_party_speaks_on_in_the_next_sentence() -> None:
    text = (
        "Prosecutor General's Office said on Friday that the shelling went on through the "
        "night. In Tartar, 6 civilians were wounded."
    )
    assert figures(text, pub(2020, 10, 3)) == {("AZ", "azerbaijani", "civilian_injured", 6)}


def test_a_body_named_without_its_party_accuses_the_other_party() -> None:
    text = "Armenian units keep firing on Tartar, Prosecutor General's Office said on Friday."
    assert accusations(text, pub(2020, 10, 2)) == {("AZ", "AM", "2020-10-02")}


def test_a_party_whose_possessive_governs_the_shelling_is_the_attacker() -> None:
    text = (
        "As a result of the Armenian armed forces' shelling of Tartar, 3 civilians were killed, "
        "the prosecutor's office said."
    )
    assert figures(text, pub(2020, 10, 5)) == {("AZ", "azerbaijani", "civilian_killed", 3)}


# Truces


def test_the_ceasefire_which_had_been_agreed_is_the_truce_in_force() -> None:
    text = (
        "Moscow urged both sides to respect the ceasefire, which had been agreed between Baku "
        "and Yerevan through Russian mediation."
    )
    assert truces(text, pub(2022, 9, 13)) == {"nk-2020-11-10"}


def test_the_ceasefire_in_which_the_sides_agreed_is_no_new_truce() -> None:
    text = (
        "The Azerbaijani defence ministry said the ceasefire, in which the sides agreed to stay "
        "at the positions they held, was otherwise observed near Hadrut."
    )
    assert truces(text, pub(2020, 12, 13)) == {"nk-2020-11-10"}
