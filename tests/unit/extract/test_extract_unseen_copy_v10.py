"""General mechanisms seen on real copy (extractor v10): sentences written for these tests,
in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from datetime import datetime

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations
from tracker.extract import extract


def truces(text: str, when: datetime) -> set[str]:
    return {r.truce_id for r in extract(text, published=when).truce_refs}


def test_a_victim_killed_by_a_side_names_that_side_as_the_attacker() -> None:
    text = (
        "The Azerbaijani defence ministry said on Friday that a private was killed by "
        "Armenian snipers near Shusha on Thursday."
    )
    assert accusations(text, pub(2021, 10, 15)) == {("AZ", "AM", "2021-10-14")}
    text = (
        "The Karabakh army said two of its servicemen were wounded by Azerbaijani troops on Monday."
    )
    assert accusations(text, pub(2022, 8, 2)) == {("NK", "AZ", "2022-08-01")}


def test_a_death_dated_in_one_sentence_dates_the_quotation_that_tells_it() -> None:
    text = (
        "Baku announced on Saturday that a serviceman had died on the night of December 10. "
        '"A soldier of the Azerbaijani Army was killed as a result of fire by illegal Armenian '
        'armed groups near Hadrut," the Defence Ministry said.'
    )
    assert accusations(text, pub(2020, 12, 12)) == {("AZ", "NK", "2020-12-10")}


def test_a_part_of_the_victims_already_counted_is_no_figure_of_its_own() -> None:
    text = (
        "The Karabakh defence army said Azerbaijani fire wounded six of its servicemen on "
        "Thursday. Two of the servicemen were seriously wounded."
    )
    assert figures(text, pub(2021, 10, 15)) == {("NK", "armenian", "military_injured", 6)}


def test_wounds_dealt_to_victims_are_injuries() -> None:
    text = (
        "The Karabakh defence army said Azerbaijani fire on Thursday caused wounds to four of "
        "its servicemen."
    )
    assert figures(text, pub(2021, 10, 15)) == {("NK", "armenian", "military_injured", 4)}


def test_soldiers_and_civilians_counted_together_are_a_total() -> None:
    text = "Some 700 soldiers and civilians have died since fighting erupted on 27 September."
    assert figures(text, pub(2020, 10, 18)) == {("unattributed", "both", "total_killed", 700)}
    text = "The ministry said 12 civilians and two soldiers were wounded in Tartar on Sunday."
    assert figures(text, pub(2020, 10, 18)) == {
        ("AZ", "azerbaijani", "civilian_injured", 12),
        ("AZ", "azerbaijani", "military_injured", 2),
    }


def test_a_past_year_told_after_a_statement_is_the_writers_background() -> None:
    text = (
        "Azerbaijan claimed on Tuesday that one of its soldiers had been killed by Armenian "
        "forces near Kalbajar.\n\nThe two neighbours fought a six-week war in late 2020 in "
        "which more than 6,500 people died."
    )
    assert ("unattributed", "both", "total_killed", 6500) in figures(text, pub(2022, 1, 11))
    assert ("AZ", "azerbaijani", "total_killed", 6500) not in figures(text, pub(2022, 1, 11))


def test_a_daily_bulletin_over_the_past_day_reports_the_day_before() -> None:
    text = (
        "In its daily bulletin the Russian peacekeeping command said it had logged two ceasefire "
        "violations near Martakert over the past day."
    )
    assert {(a, d) for a, _, d in accusations(text, pub(2023, 9, 14, 12))} == {("RU", "2023-09-13")}
    text = (
        "Azerbaijani troops fired on Karabakh positions near Martakert three times during the "
        "past 24 hours, the Russian Defence Ministry said."
    )
    assert accusations(text, pub(2022, 8, 4, 12)) == {("RU", "AZ", "2022-08-03")}


def test_troops_that_invade_or_enter_the_peacekeepers_zone_are_attacking() -> None:
    text = (
        "The Karabakh defence army said Azerbaijani units invaded Parukh, a village of the "
        "Askeran district, on March 24."
    )
    assert accusations(text, pub(2022, 3, 26)) == {("NK", "AZ", "2022-03-24")}
    text = (
        "The Russian Defence Ministry said Azerbaijani troops had entered the peacekeepers' "
        "area of responsibility near Parukh on March 24."
    )
    assert accusations(text, pub(2022, 3, 26)) == {("RU", "AZ", "2022-03-24")}


def test_an_attack_in_a_clause_of_time_after_since_is_no_attack_of_the_story() -> None:
    text = (
        "Since Azerbaijani troops shelled Sotk, the situation on the border has stayed tense, "
        "the Armenian Defence Ministry said on Monday."
    )
    assert accusations(text, pub(2021, 9, 1)) == set()


def test_a_number_before_ceasefire_violations_counts_breaches_not_truces() -> None:
    text = "On Tuesday the ministry said two ceasefire violations had been logged near Martuni."
    assert truces(text, pub(2023, 9, 14)) == {"nk-2020-11-10"}


def test_a_truce_agreed_a_week_ago_under_a_mediator_is_the_truce_of_that_mediator() -> None:
    text = (
        "The two foreign ministers agreed a truce a week ago following mediation by Russia, but "
        "it did not hold."
    )
    assert truces(text, pub(2020, 10, 18)) == {"nk-2020-10-10"}


def test_separatists_supported_by_a_country_are_the_regions_forces() -> None:
    text = (
        "Armenian-supported separatists said on Sunday that Azerbaijani troops had fired at a "
        "school in Martuni."
    )
    assert {(a, b) for a, b, _ in accusations(text, pub(2022, 1, 11))} == {("NK", "AZ")}


def test_a_sniper_that_fatally_shot_a_man_killed_a_civilian() -> None:
    text = (
        "A farmer was fatally shot by Azerbaijani snipers near Martakert on Saturday, the "
        "Karabakh police said."
    )
    assert accusations(text, pub(2021, 10, 11)) == {("NK", "AZ", "2021-10-09")}
    assert figures(text, pub(2021, 10, 11)) == {("NK", "armenian", "civilian_killed", 1)}


def test_losses_on_a_named_side_are_that_sides_figures() -> None:
    text = (
        '"On the Azerbaijani side two people were killed and one was wounded," the Russian '
        "Defence Ministry said on March 6."
    )
    assert figures(text, pub(2023, 3, 6)) == {
        ("RU", "azerbaijani", "total_killed", 2),
        ("RU", "azerbaijani", "total_injured", 1),
    }


def test_details_given_impersonally_go_on_with_the_last_source() -> None:
    text = (
        "The Russian Defence Ministry reported the incident near Stepanakert on March 5. "
        "It is specified that the attack left three people dead."
    )
    assert figures(text, pub(2023, 3, 6)) == {("RU", "both", "total_killed", 3)}


def test_a_serviceman_of_a_named_army_wounded_is_one_injured() -> None:
    text = (
        "Soldier of the Karabakh Defence Army Arman Petrosyan suffered a shrapnel wound on "
        "Monday morning as Azerbaijani units shelled his position, the Karabakh defence "
        "ministry said."
    )
    assert figures(text, pub(2022, 8, 1)) == {("NK", "armenian", "military_injured", 1)}


def test_fire_opened_from_the_opposite_side_accuses_the_other_party() -> None:
    text = (
        "According to the Azerbaijani Defence Ministry, on March 5 fire was opened on its "
        "troops from the opposite side."
    )
    assert accusations(text, pub(2023, 3, 6)) == {("AZ", "AM", "2023-03-05")}


def test_the_day_a_truce_stopped_the_war_is_no_incident_day() -> None:
    text = (
        "Armenia's Foreign Ministry condemned the Azerbaijani assault on two Hadrut villages, "
        "saying it breached the truce which halted the war on 10 November."
    )
    assert accusations(text, pub(2020, 12, 13)) == {("AM", "AZ", "2020-12-13")}


def test_a_quotation_standing_alone_after_a_quoted_source_is_that_sources() -> None:
    text = (
        '"On March 5 Azerbaijani servicemen shot at a car carrying Karabakh police officers near '
        'Stepanakert," the Russian Defence Ministry said. "On the Azerbaijani side two people '
        'were killed and one was wounded."'
    )
    assert figures(text, pub(2023, 3, 6)) == {
        ("RU", "azerbaijani", "total_killed", 2),
        ("RU", "azerbaijani", "total_injured", 1),
    }


def test_a_source_in_a_relative_clause_speaks_for_that_clause_only() -> None:
    text = (
        "Four civilians were injured on Monday near a checkpoint that, according to the "
        "Azerbaijani side, had been closed for a week."
    )
    assert figures(text, pub(2023, 3, 6)) == {("unattributed", "both", "civilian_injured", 4)}


def test_another_soldier_wounded_after_one_killed_is_one_injured() -> None:
    text = (
        '"Armenian gunmen opened fire on our post near Hadrut: one serviceman died and another '
        'soldier was wounded," the Azerbaijani Defence Ministry said on December 28.'
    )
    assert figures(text, pub(2020, 12, 28)) == {
        ("AZ", "azerbaijani", "military_killed", 1),
        ("AZ", "azerbaijani", "military_injured", 1),
    }


def test_servicemen_of_a_countrys_defence_ministry_are_that_countrys() -> None:
    text = "Two servicemen of the Azerbaijani Ministry of Defence died near Hadrut on December 8."
    assert figures(text, pub(2020, 12, 13)) == {
        ("unattributed", "azerbaijani", "military_killed", 2)
    }


def test_a_body_that_goes_on_to_tell_the_incident_owns_the_figures_before() -> None:
    text = (
        "Two Karabakh policemen died and one was hurt when Azerbaijani troops ambushed their car "
        "on Sunday. The Karabakh police said the ambush happened on the road to Stepanakert."
    )
    assert figures(text, pub(2023, 3, 5)) == {
        ("NK", "armenian", "total_killed", 2),
        ("NK", "armenian", "total_injured", 1),
    }
