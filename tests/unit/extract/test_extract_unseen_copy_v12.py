"""General mechanisms seen on real copy (extractor v12): sentences written for these tests,
in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations
from tests.unit.extract.test_extract_unseen_copy_v10 import truces
from tests.unit.extract.test_extract_unseen_copy_v11 import denied


def test_a_body_of_the_breakaway_region_of_karabakh_is_the_regions() -> None:
    text = (
        "The emergencies ministry of the breakaway enclave of Karabakh on Sunday denied "
        "that its units had fired at Barda."
    )
    assert denied(text, pub(2020, 10, 11)) == {("NK", "2020-10-11")}


def test_a_habit_told_on_a_regular_basis_is_no_incident() -> None:
    text = "Baku says Armenian units fire at its border posts on a regular basis."
    assert accusations(text, pub(2023, 5, 3)) == set()


def test_positions_that_have_been_repeatedly_targeted_are_a_series() -> None:
    text = "Since the spring, Azerbaijani posts have been repeatedly targeted by Armenian units."
    assert accusations(text, pub(2023, 5, 3)) == set()


def test_a_relative_day_names_an_announced_truce_only_with_words_of_its_making() -> None:
    # 17 October 2020: the Moscow truce of 10 October was the one in force; the second
    # humanitarian truce was announced that evening and took effect at midnight.
    breach = (
        "Baku's defence ministry said units of Armenia, in a gross breach of the humanitarian "
        "ceasefire, were shelling Goranboy this morning."
    )
    assert truces(breach, pub(2020, 10, 17, 12)) == {"nk-2020-10-10"}
    made = "The humanitarian truce agreed on Saturday evening is to begin at midnight."
    assert truces(made, pub(2020, 10, 17, 22)) == {"nk-2020-10-18"}


def test_the_adversary_that_suffered_losses_is_the_other_side() -> None:
    text = (
        '"Our units returned fire and the adversary suffered two dead and three wounded," '
        "Armenia's defence ministry said."
    )
    assert figures(text, pub(2021, 11, 16)) == {
        ("AM", "azerbaijani", "military_killed", 2),
        ("AM", "azerbaijani", "military_injured", 3),
    }


def test_a_named_serviceman_who_suffered_a_wound_is_one_injured() -> None:
    text = (
        "Azerbaijan's defence ministry said Armenian units fired at its posts in Kalbajar on "
        "Tuesday and that serviceman Rauf Aliyev suffered a wound to his arm."
    )
    assert figures(text, pub(2022, 9, 28)) == {("AZ", "azerbaijani", "military_injured", 1)}


def test_the_night_of_one_day_to_the_next_is_the_second_day() -> None:
    text = (
        "Baku's defence ministry said: \"On the night of July 19 to July 20, Armenian units "
        'fired at our posts in Nakhchivan."'
    )
    assert accusations(text, pub(2021, 7, 20)) == {("AZ", "AM", "2021-07-20")}


def test_the_spokesperson_is_the_one_named_for_a_party_before() -> None:
    text = (
        "YEREVAN, June 2. A report by the Azerbaijani defence ministry that Armenian units had "
        "shelled its posts near Lachin is false, a spokesperson for Armenia's armed forces "
        'told reporters on Wednesday.\n\n"Two of our soldiers were wounded by Azerbaijani fire '
        'near Berd," the spokesperson added.'
    )
    assert figures(text, pub(2021, 6, 2)) == {("AM", "armenian", "military_injured", 2)}


def test_a_second_party_that_too_denies_is_a_denial_of_its_own() -> None:
    text = (
        "Armenia's defence ministry denied on Monday that its forces had fired at Ganja. "
        "The Karabakh president's spokesman also rejected the Azerbaijani allegations."
    )
    assert denied(text, pub(2020, 10, 5)) == {("AM", "2020-10-05"), ("NK", "2020-10-05")}


def test_a_countrys_diplomacy_is_a_body_of_that_country() -> None:
    text = (
        "Five civilians were killed in Barda on Wednesday, Azerbaijani diplomacy said, "
        "blaming the Armenian armed forces."
    )
    assert ("AZ", "azerbaijani", "civilian_killed", 5) in figures(text, pub(2020, 10, 28))


def test_a_party_that_denounces_a_bombing_accuses_the_other_side() -> None:
    text = (
        "Yerevan, for its part, denounced the heavy bombing of villages near Martuni on Saturday."
    )
    assert accusations(text, pub(2020, 10, 11)) == {("AM", "AZ", "2020-10-10")}


def test_a_war_of_last_year_is_the_writers_background() -> None:
    text = (
        "Armenia's defence ministry said an Azerbaijani sniper wounded one of its soldiers on "
        "Monday. Some 6,500 people died when the two neighbours went to war over the region "
        "last year."
    )
    assert ("AM", "both", "total_killed", 6500) not in figures(text, pub(2021, 7, 27))
    assert ("unattributed", "both", "total_killed", 6500) in figures(text, pub(2021, 7, 27))


def test_a_headline_folds_into_the_lead_past_a_credit_line() -> None:
    text = (
        "Azerbaijan accuses Armenian units of opening fire\n\n"
        "Reuters\n\n"
        "Azerbaijan accused Armenian units of firing at its positions on the border late on "
        "Monday."
    )
    assert accusations(text, pub(2022, 9, 27)) == {("AZ", "AM", "2022-09-26")}


def test_a_truce_concluded_is_no_generic_mention() -> None:
    text = (
        "Residents of Stepanakert heard gunfire on Thursday morning, after the signing of a "
        "truce in Karabakh."
    )
    assert truces(text, pub(2023, 9, 21)) == {"nk-2023-09-20"}


def test_the_day_an_incident_happened_is_not_the_day_of_the_denial() -> None:
    text = (
        "On Tuesday, Azerbaijan's defence ministry rejected Armenian claims that its units "
        "fired at Sotk in an incident Yerevan says occurred on the evening of August 1."
    )
    when = pub(2022, 8, 2)
    assert accusations(text, when) == {("AM", "AZ", "2022-08-01")}
    assert denied(text, when) == {("AZ", "2022-08-01")}


def test_a_partys_positions_in_a_direction_subjected_to_fire_are_the_target() -> None:
    text = (
        "The Azerbaijani army's posts in the Sadarak area were subjected to fire "
        "on Monday, the ministry said."
    )
    assert accusations(text, pub(2021, 7, 20)) == {("AZ", "AM", "2021-07-19")}


def test_they_in_a_capital_speak_for_that_capital() -> None:
    text = (
        "In Yerevan and Stepanakert they denied firing at Ganja and blamed the Azerbaijani army "
        "for shelling Martuni on Monday."
    )
    when = pub(2020, 10, 13)
    assert accusations(text, when) == {("AM", "AZ", "2020-10-12")}
    assert {d for d, _ in denied(text, when)} == {"AM"}


def test_victims_named_after_a_toll_with_among_are_its_kind_and_side() -> None:
    text = (
        "Since the fighting began, the shelling has left 40 dead and 120 wounded among "
        "Karabakh civilians."
    )
    assert figures(text, pub(2020, 10, 20)) == {
        ("unattributed", "armenian", "civilian_killed", 40),
        ("unattributed", "armenian", "civilian_injured", 120),
    }


def test_a_running_total_after_a_figure_is_of_the_same_kind() -> None:
    text = (
        "Karabakh's defence army on Monday reported 23 new deaths among its soldiers, taking "
        "the tally to over 700 troops."
    )
    assert figures(text, pub(2020, 10, 19)) == {
        ("NK", "armenian", "military_killed", 23),
        ("NK", "armenian", "military_killed", 700),
    }
