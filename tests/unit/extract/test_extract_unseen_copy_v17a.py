"""General mechanisms checked on copy the rules were not tuned on (extractor v17, first
part): sentences written for these tests, in the shapes such copy takes, from the reference
facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub, violations
from tracker.extract import extract

# Who speaks


def test_a_body_after_a_comma_and_its_verb_speaks_not_the_agent_before_it() -> None:
    text = (
        "The Armenian army fought off an offensive by Azerbaijan near Hadrut overnight, said the "
        "country's defence ministry on Thursday."
    )
    assert violations(text, pub(2020, 10, 15)) == [("AM", "AZ", "2020-10-15")]


def test_a_truce_announced_in_the_passive_is_no_one_s_statement() -> None:
    text = (
        "Six residents of Martuni lost their lives after the truce had been announced, the "
        "region's ombudsman said."
    )
    assert figures(text, pub(2020, 10, 12)) == {("NK", "armenian", "civilian_killed", 6)}


def test_a_party_s_rescue_service_is_that_party() -> None:
    text = "Azerbaijani drones struck Stepanakert overnight, Karabakh's rescue service said."
    assert violations(text, pub(2020, 10, 28)) == [("NK", "AZ", "2020-10-28")]


def test_the_head_of_state_is_the_president_named_before() -> None:
    text = (
        "Ilham Aliyev called the strike a war crime. "
        '"Armenian forces fired missiles at Mingachevir," the head of state wrote on Twitter on '
        "Sunday."
    )
    assert violations(text, pub(2020, 10, 11)) == [("AZ", "AM", "2020-10-11")]


# When


def test_the_hour_a_truce_came_into_force_does_not_date_the_attacks_despite_it() -> None:
    text = (
        "Azerbaijan's defence ministry said Armenian forces kept shelling Terter despite the "
        "humanitarian truce, which had entered into force at 4 p.m. (GMT+4) on Saturday."
    )
    assert violations(text, pub(2020, 10, 11)) == [("AZ", "AM", "2020-10-11")]


def test_a_time_in_brackets_after_a_local_time_is_the_same_instant() -> None:
    text = (
        "Azerbaijan's foreign ministry said an Armenian missile hit Ganja at about 03:00 local "
        "time on October 17 [2300 GMT October 16]. "
        "The ministry said Armenian forces also shelled Terter at 12 p.m."
    )
    assert {v.date for v in extract(text, published=pub(2020, 10, 17)).violations} == {"2020-10-17"}


def test_a_day_the_speaker_looks_ahead_to_does_not_date_the_fighting() -> None:
    text = (
        "Armenia's defence ministry said on Sunday that Azerbaijani forces were attacking Shushi "
        "and that by Monday the battle will be over."
    )
    assert violations(text, pub(2020, 11, 8)) == [("AM", "AZ", "2020-11-08")]


# How many


def test_killed_between_a_figure_and_its_noun_keeps_the_noun() -> None:
    text = "The Karabakh defence ministry said it had counted 710 killed soldiers so far."
    assert figures(text, pub(2020, 10, 20)) == {("NK", "armenian", "military_killed", 710)}


def test_the_number_of_killed_soldiers_names_the_victims_of_its_figure() -> None:
    text = "The number of killed servicemen has risen to 729, the Karabakh defence ministry said."
    assert figures(text, pub(2020, 10, 21)) == {("NK", "armenian", "military_killed", 729)}


def test_a_figure_set_beside_a_group_counted_before_is_a_part_of_it() -> None:
    text = (
        "The Karabakh defence ministry said 50 more soldiers had died. A fifth of the killed "
        "soldiers, 10 people, were reservists."
    )
    assert figures(text, pub(2020, 10, 21)) == {("NK", "armenian", "military_killed", 50)}


def test_others_in_the_next_sentence_are_of_the_kind_counted_before() -> None:
    text = (
        "Azerbaijan's prosecutor general's office said an Armenian missile strike on Ganja "
        "killed ten civilians. As many as 35 others were wounded, it said."
    )
    assert figures(text, pub(2020, 10, 11)) == {
        ("AZ", "azerbaijani", "civilian_killed", 10),
        ("AZ", "azerbaijani", "civilian_injured", 35),
    }


def test_a_body_a_witness_saw_carried_out_is_a_scene_not_a_toll() -> None:
    text = (
        "Azerbaijan's prosecutor general's office said twelve civilians were killed in Ganja on "
        "Saturday. A wire photographer saw rescuers carrying two dead people out of a block of "
        "flats."
    )
    assert figures(text, pub(2020, 10, 17)) == {("AZ", "azerbaijani", "civilian_killed", 12)}


# Denials


def test_keeping_a_truce_named_with_its_kind_in_quotation_marks_denies_the_accusation() -> None:
    text = (
        "Armenia's defence ministry said Azerbaijani troops shelled Martuni on Thursday. Baku's "
        "defence ministry insisted that its army is observing the \u201chumanitarian truce\u201d."
    )
    ex = extract(text, published=pub(2020, 10, 15))
    assert [(d.denier, d.accuser, d.date) for d in ex.denials] == [("AZ", "AM", "2020-10-15")]


# What counts


def test_the_agreement_on_a_truce_is_the_truce_it_made() -> None:
    text = (
        "Azerbaijani troops shelled Martuni on Tuesday morning despite the new agreement on a "
        "humanitarian truce, the Karabakh defence army said."
    )
    ex = extract(text, published=pub(2020, 10, 20))
    assert {r.truce_id for r in ex.truce_refs} == {"nk-2020-10-18"}
    text = "The foreign ministers are negotiating an agreement on a ceasefire."
    assert extract(text, published=pub(2020, 10, 20)).truce_refs == ()


# Who did it


def test_the_side_defending_a_town_from_attacks_is_not_their_agent() -> None:
    text = (
        "Fighting for Hadrut went on on Friday, with Karabakh units defending the town against "
        "heavy attacks by Azerbaijani troops."
    )
    assert violations(text, pub(2020, 10, 9)) == [("unattributed", "AZ", "2020-10-09")]
