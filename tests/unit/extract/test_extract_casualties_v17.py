"""Casualty copy (extractor v17): who gives a toll, what it counts, and what a tally is not.
Sentences written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations

# Who gives the toll


def test_a_body_that_told_an_agency_in_the_lead_speaks_for_the_story() -> None:
    text = (
        "Armenian forces fired missiles at residential blocks in the centre of Ganja at "
        "about two in the morning, Azerbaijan's Prosecutor General's Office told Trend.\n\n"
        "Rescuers worked through the rubble until dawn.\n\n"
        "Rescue teams then moved to the next street.\n\n"
        "Ten civilians lost their lives and 35 were hospitalised with injuries."
    )
    found = figures(text, pub(2020, 10, 12))
    assert ("AZ", "azerbaijani", "civilian_killed", 10) in found


def test_the_body_that_published_a_report_speaks_for_its_figures() -> None:
    text = (
        "Artsakh's human rights ombudsman issued an interim report on Tuesday about the "
        "attacks of early August.\n"
        "The document lists each case with a short description.\n"
        "Near the Saribaba heights, two servicemen were killed and 19 were wounded."
    )
    found = figures(text, pub(2022, 8, 10))
    assert ("NK", "armenian", "military_killed", 2) in found


def test_the_data_of_a_reports_author_are_its_own() -> None:
    text = (
        "Artsakh's human rights ombudsman issued an interim report on Tuesday about the "
        "attacks of early August.\n"
        "The document lists each case with a short description.\n"
        "According to the data collected, two servicemen were killed and 19 were wounded."
    )
    found = figures(text, pub(2022, 8, 10))
    assert ("NK", "armenian", "military_killed", 2) in found


def test_the_human_rights_ombudsman_is_the_one_named_before() -> None:
    text = (
        "The Human Rights Ombudsman of Artsakh met families in Stepanakert on Monday.\n"
        "The Human Rights Ombudsman further recorded 19 wounded servicemen."
    )
    assert figures(text, pub(2022, 8, 8)) == {("NK", "armenian", "military_injured", 19)}


def test_victims_a_passive_verb_reveals_are_not_revealed_by_their_killers() -> None:
    text = (
        "According to the figures gathered, the names of three police officers killed by "
        "the Azerbaijani forces were revealed."
    )
    found = figures(text, pub(2023, 3, 6))
    assert not any(c == "AZ" for c, *_ in found)


def test_official_data_on_a_sides_losses_are_its_governments() -> None:
    text = "According to official information, 19 Armenian servicemen were wounded."
    assert figures(text, pub(2022, 8, 4)) == {("AM", "armenian", "military_injured", 19)}


def test_a_toll_announced_on_twitter_by_an_aide_is_his() -> None:
    text = (
        "In Ganja, the death toll from the missile strike passed ten, and almost 35 people "
        "were hurt. This was announced on Twitter by Hikmet Hajiyev, the aide to the "
        "president."
    )
    found = figures(text, pub(2020, 10, 11))
    assert ("AZ", "azerbaijani", "total_injured", 35) in found


def test_the_ministries_of_two_countries_give_nobodys_figure() -> None:
    text = (
        "The Defence Ministries of Azerbaijan and Armenia reported on Thursday that at least "
        "three soldiers from both countries had lost their lives."
    )
    found = figures(text, pub(2022, 8, 4))
    assert not any(c in ("AM", "AZ") and n == 3 for c, _, _, n in found)


# What the toll counts


def test_a_toll_of_perished_soldiers_is_read() -> None:
    text = (
        "The Defence Ministry of Nagorno-Karabakh said that the number of perished "
        "servicemen has made two since the Saribaba clash."
    )
    assert figures(text, pub(2022, 8, 5)) == {("NK", "armenian", "military_killed", 2)}


def test_the_verb_after_a_breakdown_with_figures_tells_the_kind() -> None:
    text = (
        "Azerbaijan's Foreign Ministry said 10 civilians died in Ganja, while 35 residents, "
        "12 of them elderly and 4 children, were hurt."
    )
    assert figures(text, pub(2020, 10, 11)) == {
        ("AZ", "azerbaijani", "civilian_killed", 10),
        ("AZ", "azerbaijani", "civilian_injured", 35),
    }


def test_confirmed_deaths_are_deaths() -> None:
    text = (
        "The Karabakh police said there are three confirmed deaths among its officers "
        "after the ambush near Dyukyanlar."
    )
    assert ("NK", "armenian", "total_killed", 3) in figures(text, pub(2023, 3, 5))


# What a tally is not


def test_a_tally_over_months_is_no_incident() -> None:
    text = (
        "From 27 September to 10 November, ten civilians were killed in Ganja by Armenian "
        "missiles, the Prosecutor General's Office of Azerbaijan said."
    )
    assert accusations(text, pub(2020, 12, 1)) == set()


# Who speaks, in a machine-translated copy


def test_the_ministry_of_defense_of_the_republic_is_the_countrys() -> None:
    text = (
        "On Sunday night, the Azerbaijani authorities reported a missile strike on Ganja. "
        "According to the Defence Ministry of the republic, the city had come under fire from "
        "Armenian territory."
    )
    assert accusations(text, pub(2020, 10, 11)) == {("AZ", "AM", "2020-10-11")}
