"""General mechanisms checked on copy the rules were not tuned on (extractor v16): sentences
written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub, violations
from tracker.extract import extract

# Who speaks


def test_a_running_toll_in_the_perfect_after_a_party_s_statement_is_the_writer_s() -> None:
    text = (
        "The Karabakh authorities said Azerbaijani forces had shelled Stepanakert on Tuesday. "
        "Since the offensive started on Tuesday, 32 people in all have been killed."
    )
    assert {(c, k, f) for c, _, k, f in figures(text, pub(2023, 9, 20))} == {
        ("unattributed", "total_killed", 32)
    }


def test_stepanakert_before_a_verb_of_speech_is_the_karabakh_authorities() -> None:
    text = "Stepanakert accused Baku of firing on a farmer near Martakert on Wednesday."
    ex = extract(text, published=pub(2021, 6, 3))
    assert [(v.accuser, v.accused, v.date, v.places) for v in ex.violations] == [
        ("NK", "AZ", "2021-06-02", ("Martakert",))
    ]


def test_violations_recorded_by_the_peacekeepers_are_their_report() -> None:
    text = (
        "The Russian peacekeeping contingent recorded two ceasefire violations in the Martakert "
        "district on Friday."
    )
    assert violations(text, pub(2021, 3, 20)) == [("RU", "unattributed", "2021-03-19")]


# Who did it


def test_subversive_acts_are_an_attack() -> None:
    text = (
        "Azerbaijan's defence ministry accused Armenian forces of carrying out large-scale "
        "subversive acts near Kelbajar and Lachin on Monday night."
    )
    assert violations(text, pub(2022, 9, 13)) == [("AZ", "AM", "2022-09-12")]


# When


def test_a_night_that_runs_until_the_next_morning_is_the_next_day() -> None:
    text = (
        "Azerbaijan's defence ministry said Armenian forces fired on its positions near Kelbajar "
        "from late Monday night until Tuesday morning."
    )
    assert violations(text, pub(2022, 9, 13)) == [("AZ", "AM", "2022-09-13")]


# What counts


def test_two_other_truces_agreed_earlier_this_month_are_both_earlier_truces() -> None:
    text = (
        "Each side held the other responsible for wrecking two other ceasefires reached earlier "
        "this month."
    )
    ex = extract(text, published=pub(2020, 10, 26))
    assert {r.truce_id for r in ex.truce_refs} == {"nk-2020-10-10", "nk-2020-10-18"}


def test_a_claim_called_a_lie_after_its_words_is_denied() -> None:
    text = (
        "Azerbaijan's defence ministry called the Armenian reports of shelling near Sotk on "
        "Tuesday a lie."
    )
    ex = extract(text, published=pub(2022, 9, 14))
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AZ", "AM")]
    text = (
        "The Armenian defence ministry called Azerbaijan's claims that its forces fired on "
        "Kelbajar untrue."
    )
    ex = extract(text, published=pub(2022, 9, 14))
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AM", "AZ")]


def test_an_accusation_a_party_rejected_is_its_denial() -> None:
    text = (
        "Armenia's defence ministry said Azerbaijani troops had fired on Armenian positions near "
        "Sotk on Tuesday, an accusation Baku rejected."
    )
    ex = extract(text, published=pub(2022, 9, 14))
    assert [(d.denier, d.accuser, d.date) for d in ex.denials] == [("AZ", "AM", "2022-09-13")]


# How many


def test_a_figure_that_died_before_the_next_figure_s_verb_is_killed() -> None:
    text = (
        "Armenia's defence ministry said two of its soldiers died and three were wounded near "
        "Jermuk."
    )
    assert figures(text, pub(2022, 9, 13)) == {
        ("AM", "armenian", "military_killed", 2),
        ("AM", "armenian", "military_injured", 3),
    }


def test_a_toll_a_figure_brings_to_counts_the_victims_of_that_figure() -> None:
    text = (
        "Armenia's defence ministry said a further 15 soldiers had died of their wounds, bringing "
        "the toll to 120."
    )
    assert figures(text, pub(2022, 9, 16)) == {
        ("AM", "armenian", "military_killed", 15),
        ("AM", "armenian", "military_killed", 120),
    }


# Mechanisms seen on real copy


def test_a_body_of_no_kind_named_before_is_of_the_party_its_sentence_names() -> None:
    text = (
        "Yerevan rejected the claim that it struck Barda.\n\n"
        "Hikmet Hajiyev, an aide to Azerbaijan's president, said Armenian troops had launched "
        "Smerch rockets at the town, and the prosecutor general's office later said the strike had "
        "killed 21 civilians and wounded 70."
    )
    assert figures(text, pub(2020, 10, 28)) == {
        ("AZ", "azerbaijani", "civilian_killed", 21),
        ("AZ", "azerbaijani", "civilian_injured", 70),
    }


def test_victims_reported_dead_in_an_attack_a_party_denies_are_the_writer_s_report() -> None:
    text = (
        'Shushan Stepanyan, speaking for Armenia\'s defence ministry, said: "This is untrue." '
        "A day earlier, on Tuesday, five civilians were reported dead after an Armenian missile "
        "hit a village of the Barda district, but Yerevan denied having fired it."
    )
    ex = extract(text, published=pub(2020, 10, 28))
    assert {(c.claimant, c.figure) for c in ex.casualties} == {("unattributed", 5)}
    assert ("unattributed", "AM", "2020-10-27") in {
        (v.accuser, v.accused, v.date) for v in ex.violations
    }
    assert ("AM", "2020-10-27") in {(d.denier, d.date) for d in ex.denials}


def test_a_heading_between_paragraphs_is_no_party_s_statement() -> None:
    text = (
        "Yerevan's defence ministry rejected the report.\n\n"
        "More than 1,000 dead\n\n"
        "Since fighting broke out on September 27, over 1,000 people have lost their lives."
    )
    assert {c for c, _, _, _ in figures(text, pub(2020, 10, 20))} == {"unattributed"}


def test_truce_agreements_mediated_by_three_brokers_are_each_one_s() -> None:
    text = (
        "Baku and Yerevan traded charges of breaking the truce agreements mediated by Moscow, "
        "Paris and Washington."
    )
    ex = extract(text, published=pub(2020, 10, 29))
    assert {r.truce_id for r in ex.truce_refs} == {
        "nk-2020-10-10",
        "nk-2020-10-18",
        "nk-2020-10-26",
    }


def test_forces_that_had_not_attacked_deny_the_attack() -> None:
    text = (
        "The Karabakh information centre reported that an attack had taken place on the "
        "Ghazanchetsots cathedral in Shushi. Baku's defence ministry replied that its troops had "
        "not attacked any church or other place of worship."
    )
    ex = extract(text, published=pub(2020, 10, 8))
    assert [(v.accuser, v.accused) for v in ex.violations] == [("NK", "AZ")]
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AZ", "NK")]


def test_a_party_accused_that_says_it_keeps_the_truce_denies_the_accusation() -> None:
    text = (
        "Minutes into the truce, Azerbaijan's defence ministry accused Armenian troops of firing "
        "on Terter. Armenia's defence ministry replied that its units were respecting their "
        "obligations under the deal."
    )
    ex = extract(text, published=pub(2020, 10, 26))
    assert [(d.denier, d.accuser, d.date) for d in ex.denials] == [("AM", "AZ", "2020-10-26")]
    pledge = "The Armenian defence ministry said its forces strictly adhere to the ceasefire."
    assert extract(pledge, published=pub(2021, 5, 26)).denials == ()


def test_a_call_to_keep_the_truce_after_an_accusation_is_no_denial() -> None:
    text = (
        "The Armenian prime minister blamed Baku for an attack on Jermuk overnight. Azerbaijan "
        "said Armenian units had attacked first. On Tuesday, Russia's foreign ministry urged "
        'both countries "to show restraint, avoid any escalation and keep strictly to the '
        "ceasefire\" reached with Moscow's help in 2020."
    )
    ex = extract(text, published=pub(2022, 9, 13))
    assert ex.denials == ()


def test_a_leader_who_reacted_to_an_attack_accuses_its_agent() -> None:
    text = (
        "Arayik Harutyunyan, who leads Karabakh, reacted to the Azerbaijani shelling of Shushi's "
        "main church by calling it vandalism."
    )
    assert violations(text, pub(2020, 10, 8)) == [("NK", "AZ", "2020-10-08")]


def test_shelling_that_went_on_until_the_next_morning_moves_the_story_to_that_day() -> None:
    text = (
        "Azerbaijani troops fired on Stepanakert again from late on Wednesday, and the barrage "
        "went on until the next morning. Azerbaijani artillery then hit Shushi in the afternoon."
    )
    ex = extract(text, published=pub(2020, 10, 8))
    assert {(v.date, v.places) for v in ex.violations} == {
        ("2020-10-07", ("Stepanakert",)),
        ("2020-10-08", ("Shushi",)),
    }


def test_the_casualties_among_civilians_are_the_dead_counted_after_the_noun() -> None:
    text = (
        "The number of civilians injured has risen to 40, the Karabakh ombudsman said. The "
        "recorded casualties among civilians are five."
    )
    assert figures(text, pub(2023, 9, 19)) == {
        ("NK", "armenian", "civilian_injured", 40),
        ("NK", "armenian", "civilian_killed", 5),
    }


def test_information_denounced_as_fake_is_denied() -> None:
    text = (
        'Baku\'s defence ministry denounced as "fake" the Armenian reports that its army had '
        "shelled positions near Jermuk on Wednesday."
    )
    ex = extract(text, published=pub(2022, 9, 29))
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AZ", "AM")]


def test_a_bare_ministry_is_not_of_the_forces_named_after_by_the() -> None:
    text = (
        "An Azerbaijani serviceman was hurt near Kelbajar on September 28 in shelling by the "
        "Armenian armed forces, the Defense Ministry said."
    )
    assert figures(text, pub(2022, 9, 29)) == {("AZ", "azerbaijani", "military_injured", 1)}
    assert violations(text, pub(2022, 9, 29)) == [("AZ", "AM", "2022-09-28")]


def test_a_year_after_since_dates_the_fighting_not_the_truce() -> None:
    text = (
        "There was no word from Baku about a truce to end the heaviest fighting between the two "
        "countries since 2020."
    )
    assert extract(text, published=pub(2022, 9, 15)).truce_refs == ()


# The writer's background


def test_an_attack_during_a_war_of_years_before_is_no_report_of_the_story() -> None:
    for text in (
        "Azerbaijani forces shelled Stepanakert during the 2020 war, killing dozens of civilians.",
        "In the 44-day war, Armenian forces fired rockets at Ganja and Barda.",
        "In 2020, Armenian forces fired rockets at Ganja and Barda.",
        "During both wars over Karabakh thousands of soldiers died, and Armenian forces shelled "
        "Ganja in the second.",
    ):
        assert extract(text, published=pub(2022, 9, 14)).violations == (), text
