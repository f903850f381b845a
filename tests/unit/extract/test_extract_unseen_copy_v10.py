"""General mechanisms checked on copy the rules were not tuned on (extractor v10): sentences
written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from datetime import datetime

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations
from tracker.extract import extract


def test_a_victim_killed_by_a_side_names_that_side_as_the_attacker() -> None:
    text = (
        "The Azerbaijani defence ministry said on Friday that one of its soldiers was killed "
        "by an Armenian sniper on Thursday evening."
    )
    assert accusations(text, pub(2021, 10, 15)) == {("AZ", "AM", "2021-10-14")}
    text = (
        "The Karabakh army said two of its servicemen were wounded by Azerbaijani troops on Monday."
    )
    assert accusations(text, pub(2022, 8, 2)) == {("NK", "AZ", "2022-08-01")}


def test_a_death_dated_in_one_sentence_dates_the_quotation_that_tells_it() -> None:
    text = (
        "The ministry in Baku also spoke of the death of a serviceman on the evening of "
        'December 10. "A soldier of the Azerbaijani Army was killed as a result of fire by '
        'illegal Armenian armed groups near Hadrut," the Defence Ministry said.'
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
        "The Karabakh defence army said Azerbaijani fire on Thursday caused gunshot wounds "
        "to four servicemen."
    )
    assert figures(text, pub(2021, 10, 15)) == {("NK", "armenian", "military_injured", 4)}


def test_soldiers_and_civilians_counted_together_are_a_total() -> None:
    text = "The fighting that began on 27 September has killed 700 soldiers and civilians."
    assert figures(text, pub(2020, 10, 18)) == {("unattributed", "both", "total_killed", 700)}
    text = "The ministry said 12 civilians and two soldiers were wounded in Tartar on Sunday."
    assert figures(text, pub(2020, 10, 18)) == {
        ("AZ", "azerbaijani", "civilian_injured", 12),
        ("AZ", "azerbaijani", "military_injured", 2),
    }


def test_a_past_year_told_after_a_statement_is_the_writers_background() -> None:
    text = (
        "Azerbaijan claimed on Tuesday that one of its soldiers had been killed by Armenian "
        "forces, in the latest clash on the border.\n\nThe two countries clashed in late 2020 "
        "over Nagorno-Karabakh, leaving more than 6,000 dead."
    )
    assert ("unattributed", "both", "total_killed", 6000) in figures(text, pub(2022, 1, 11))
    assert ("AZ", "azerbaijani", "total_killed", 6000) not in figures(text, pub(2022, 1, 11))


def test_a_daily_bulletin_over_the_past_day_reports_the_day_before() -> None:
    text = (
        "Two violations of the ceasefire were recorded over the past day in the Martakert "
        "district, the Russian Defence Ministry said in its bulletin."
    )
    assert {(a, d) for a, _, d in accusations(text, pub(2023, 9, 14, 12))} == {("RU", "2023-09-13")}
    text = (
        "During the past 24 hours, three violations by the Azerbaijani armed forces were "
        "recorded near Martakert, the Russian Defence Ministry said."
    )
    assert accusations(text, pub(2022, 8, 4, 12)) == {("RU", "AZ", "2022-08-03")}


def truces(text: str, when: datetime) -> set[str]:
    return {r.truce_id for r in extract(text, published=when).truce_refs}


def test_troops_that_invade_or_enter_the_peacekeepers_zone_are_attacking() -> None:
    text = "The Karabakh defence army said Azerbaijani troops invaded the village of Parukh on March 24."
    assert accusations(text, pub(2022, 3, 26)) == {("NK", "AZ", "2022-03-24")}
    text = (
        "The Russian Defence Ministry said Azerbaijani units entered the zone of responsibility "
        "of the peacekeepers on March 24."
    )
    assert accusations(text, pub(2022, 3, 26)) == {("RU", "AZ", "2022-03-24")}


def test_an_attack_in_a_clause_of_time_after_since_is_no_attack_of_the_story() -> None:
    text = (
        "The border has been tense since Azerbaijani forces shelled Sotk, the Armenian "
        "Defence Ministry said on Monday."
    )
    assert accusations(text, pub(2021, 9, 1)) == set()


def test_a_number_before_ceasefire_violations_counts_breaches_not_truces() -> None:
    text = "Two ceasefire violations were recorded in Nagorno-Karabakh, the ministry said."
    assert truces(text, pub(2023, 9, 14)) == {"nk-2020-11-10"}


def test_a_truce_agreed_a_week_ago_under_a_mediator_is_the_truce_of_that_mediator() -> None:
    text = (
        "A week ago, after mediation by Russia, Armenia and Azerbaijan agreed a truce, "
        "but it was broken within minutes."
    )
    assert truces(text, pub(2020, 10, 18)) == {"nk-2020-10-10"}


def test_separatists_supported_by_a_country_are_the_regions_forces() -> None:
    text = (
        "The incident follows claims from Armenian-supported separatists earlier this week that "
        "Azerbaijani forces opened fire on a village."
    )
    assert {(a, b) for a, b, _ in accusations(text, pub(2022, 1, 11))} == {("NK", "AZ")}


def test_a_sniper_that_fatally_shot_a_man_killed_a_civilian() -> None:
    text = (
        "An Azerbaijani sniper fatally shot an Armenian farmer near Martakert on Saturday, "
        "the Karabakh police said."
    )
    assert accusations(text, pub(2021, 10, 11)) == {("NK", "AZ", "2021-10-09")}
    assert figures(text, pub(2021, 10, 11)) == {("NK", "armenian", "civilian_killed", 1)}


def test_losses_on_a_named_side_are_that_sides_figures() -> None:
    text = (
        '"On the Azerbaijani side, the losses were two dead and one wounded," the Russian '
        "Defence Ministry said on March 6."
    )
    assert figures(text, pub(2023, 3, 6)) == {
        ("RU", "azerbaijani", "total_killed", 2),
        ("RU", "azerbaijani", "total_injured", 1),
    }


def test_details_given_impersonally_go_on_with_the_last_source() -> None:
    text = (
        "The Russian Defence Ministry reported the incident near Stepanakert on March 5. "
        "It is specified that three people were killed as a result."
    )
    assert figures(text, pub(2023, 3, 6)) == {("RU", "both", "total_killed", 3)}


def test_a_serviceman_of_a_named_army_wounded_is_one_injured() -> None:
    text = (
        "Serviceman of the Artsakh Defence Army Arman Petrosyan was wounded as a result of a "
        "provocation by Azerbaijani forces, the Artsakh Defence Ministry reports."
    )
    assert figures(text, pub(2022, 8, 1)) == {("NK", "armenian", "military_injured", 1)}


def test_fire_opened_from_the_opposite_side_accuses_the_other_party() -> None:
    text = (
        "The Azerbaijani Defence Ministry stated that fire was opened from the opposite side "
        "on March 5."
    )
    assert accusations(text, pub(2023, 3, 6)) == {("AZ", "AM", "2023-03-05")}


def test_the_day_a_truce_stopped_the_war_is_no_incident_day() -> None:
    text = (
        "The Armenian Foreign Ministry condemned the attack by Azerbaijani forces on two villages "
        "of Hadrut as a violation of the ceasefire that stopped the war on November 10."
    )
    assert accusations(text, pub(2020, 12, 13)) == {("AM", "AZ", "2020-12-13")}


def test_a_quotation_standing_alone_after_a_quoted_source_is_that_sources() -> None:
    text = (
        '"Azerbaijani servicemen fired at a police car near Stepanakert on March 5," the Russian '
        'Defence Ministry said. "There were also losses on the Azerbaijani side: two dead and '
        'one injured."'
    )
    assert figures(text, pub(2023, 3, 6)) == {
        ("RU", "azerbaijani", "total_killed", 2),
        ("RU", "azerbaijani", "total_injured", 1),
    }


def test_a_source_in_a_relative_clause_speaks_for_that_clause_only() -> None:
    text = (
        "Three policemen were killed on Sunday after their car was stopped on a road which "
        "according to the Azerbaijani military was closed to them."
    )
    assert figures(text, pub(2023, 3, 5)) == {("unattributed", "both", "total_killed", 3)}


def test_another_soldier_wounded_after_one_killed_is_one_injured() -> None:
    text = (
        '"One of our servicemen was killed and another soldier was wounded near Hadrut," the '
        "Azerbaijani Defence Ministry said on December 28."
    )
    assert figures(text, pub(2020, 12, 28)) == {
        ("AZ", "azerbaijani", "military_killed", 1),
        ("AZ", "azerbaijani", "military_injured", 1),
    }


def test_servicemen_of_a_countrys_defence_ministry_are_that_countrys() -> None:
    text = "On 26 November three servicemen of the Azerbaijani Ministry of Defence were killed near Sur."
    assert figures(text, pub(2020, 12, 13)) == {
        ("unattributed", "azerbaijani", "military_killed", 3)
    }


def test_a_body_that_goes_on_to_tell_the_incident_owns_the_figures_before() -> None:
    text = (
        "An attack by Azerbaijani forces on Sunday morning left three Armenian police officers "
        "dead and one injured. The Karabakh Interior Ministry reported that the incident "
        "occurred near Stepanakert."
    )
    assert figures(text, pub(2023, 3, 5)) == {
        ("NK", "armenian", "total_killed", 3),
        ("NK", "armenian", "total_injured", 1),
    }
