"""General mechanisms checked on copy the rules were not tuned on (extractor v14): sentences
written for these tests, in the shapes such copy takes, from the reference facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tests.unit.extract.test_extract_unseen_copy_v9 import accusations
from tests.unit.extract.test_extract_unseen_copy_v10 import truces
from tracker.extract import extract

# Who speaks


def test_an_event_before_a_participle_of_speech_is_no_speaker() -> None:
    text = (
        "Two Azerbaijani soldiers were killed and five Armenian servicemen wounded near Martuni "
        "in clashes reported late on Thursday."
    )
    claimants = {f[0] for f in figures(text, pub(2021, 10, 15))}
    assert claimants == {"unattributed"}


def test_a_participle_after_a_comma_is_the_subject_s_speech() -> None:
    text = (
        "The Azerbaijani defence ministry issued a statement on a violation of the truce by the "
        "Armenian side, claiming that on 31 May Armenian units opened fire at its positions "
        "near Kalbajar."
    )
    assert accusations(text, pub(2022, 6, 1)) == {("AZ", "AM", "2022-05-31")}


def test_a_party_that_confirms_the_incident_makes_the_report_before_its_own() -> None:
    text = (
        "Azerbaijani units fired at the village of Khramort on 8 March. A spokesman of the "
        "Artsakh Defence Army confirmed the incident."
    )
    assert accusations(text, pub(2022, 3, 9)) == {("NK", "AZ", "2022-03-08")}


# Who did it


def test_a_provocation_in_quotation_marks_from_a_country_names_it() -> None:
    text = (
        'Azerbaijan\'s defence ministry said it was only taking "local measures" in response to '
        '"the large-scale provocation" from Armenia.'
    )
    assert accusations(text, pub(2022, 9, 13)) == {("AZ", "AM", "2022-09-13")}


def test_positions_of_an_army_named_twice_are_the_target() -> None:
    text = (
        "On Thursday Azerbaijani troops fired at homes in Karmir Shuka and at the positions of "
        "the Artsakh (Nagorno-Karabakh) Defence Army nearby."
    )
    assert accusations(text, pub(2022, 1, 27)) == {("unattributed", "AZ", "2022-01-27")}


# When


def test_the_time_a_truce_is_due_to_take_effect_is_no_incident_day() -> None:
    text = (
        "A truce to end the clashes that broke out three weeks ago was due to take effect at "
        "midnight Sunday.\n"
        "Azerbaijan's defence ministry said Monday that Armenian forces fired on three districts "
        "at night."
    )
    assert accusations(text, pub(2020, 10, 19)) == {("AZ", "AM", "2020-10-19")}


# What counts


def test_a_report_called_nothing_but_nonsense_is_denied() -> None:
    text = (
        "Armenia's defence ministry reported shelling of Jermuk. \"The stories in the Armenian "
        'media that our troops have entered Armenia are nothing but nonsense," the Azerbaijani '
        "defence ministry said."
    )
    denials = {(d.denier, d.accuser) for d in extract(text, published=pub(2022, 9, 13)).denials}
    assert denials == {("AZ", "AM")}


def test_a_truce_in_a_story_of_a_country_s_border_with_the_other_is_no_karabakh_truce() -> None:
    text = (
        "Azerbaijani units shelled Jermuk and Goris along Armenia's border with Azerbaijan, "
        "Armenia's defence ministry said. A ceasefire brokered by Russia took effect at 9 a.m."
    )
    assert truces(text, pub(2022, 9, 13)) == set()


def test_a_truce_violated_near_a_border_village_is_the_truce_in_force() -> None:
    text = (
        "Azerbaijani fire breaks the ceasefire at a Karabakh border village\n\n"
        "Azerbaijani units fired at Khramort on Monday, the Artsakh Defence Army said."
    )
    assert truces(text, pub(2022, 3, 9)) == {"nk-2020-11-10"}


def test_a_truce_agreed_earlier_this_month_is_the_one_before() -> None:
    text = (
        "The new truce was the second attempt to end the fighting after the collapse of the "
        "ceasefire agreed earlier this month in Moscow."
    )
    assert truces(text, pub(2020, 10, 19)) == {"nk-2020-10-18", "nk-2020-10-10"}


# How many


def test_injuries_are_counted_as_the_injured() -> None:
    text = "Artsakh officials said Azerbaijani shelling caused 12 deaths and more than 40 injuries."
    assert figures(text, pub(2023, 9, 20)) == {
        ("NK", "armenian", "total_killed", 12),
        ("NK", "armenian", "total_injured", 40),
    }


def test_a_second_figure_without_its_noun_is_of_the_first_one_s_side() -> None:
    text = (
        "A total of 80 Azerbaijani servicemen were killed and 280 were wounded during "
        "Azerbaijan's operation in Karabakh, the Azerbaijani defence ministry said."
    )
    assert figures(text, pub(2023, 9, 27)) == {
        ("AZ", "azerbaijani", "military_killed", 80),
        ("AZ", "azerbaijani", "military_injured", 280),
    }
