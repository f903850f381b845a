"""The extractor end to end on short texts written for these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from tracker.errors import ExtractionError
from tracker.extract import EXTRACTOR_VERSION, MAX_CHARS, extract
from tracker.extract.timeexpr import parse_tz

TZ = "+04:00"


def pub(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=parse_tz(TZ))


def test_accusation_with_places_weapon_time_and_span() -> None:
    text = (
        "Azerbaijan's Defence Ministry said on Tuesday that Armenian forces had fired Grad rockets "
        "at Tartar and Barda at 08:05 local time."
    )
    ex = extract(text, published=pub(2020, 10, 28))
    (v,) = ex.violations
    assert (v.accuser, v.accused) == ("AZ", "AM")
    assert v.places == ("Terter", "Barda") and v.places_text == ("Tartar", "Barda")
    assert v.weapon == "Grad"
    assert v.occurred.date == "2020-10-27" and v.occurred.precision == "minute"
    assert v.occurred.start is not None and v.occurred.start.hour == 8
    assert text[v.span[0] : v.span[1]].startswith("Azerbaijan's Defence Ministry")
    assert v.accuser_text == "Azerbaijan's Defence Ministry"


def test_unattributed_fighting_is_kept_apart() -> None:
    ex = extract("Azerbaijani drones struck Martakert on Friday.", published=pub(2020, 10, 31))
    (v,) = ex.violations
    assert (v.accuser, v.accused, v.date) == ("unattributed", "AZ", "2020-10-30")


def test_self_report_and_mutual_blame_are_not_accusations() -> None:
    text = (
        "Azerbaijan's Defence Ministry said its forces shelled Armenian positions near Fuzuli. "
        "The two sides accused each other of violating the truce."
    )
    assert extract(text, published=pub(2020, 10, 20)).violations == ()


def test_denial_points_at_the_accusation_it_answers() -> None:
    text = (
        "Karabakh officials said Azerbaijani artillery shelled Stepanakert on Sunday. "
        "On Tuesday, Azerbaijan's Defence Ministry dismissed the claim as disinformation."
    )
    ex = extract(text, published=pub(2020, 10, 20))
    (d,) = ex.denials
    assert (d.denier, d.accuser, d.date) == ("AZ", "NK", "2020-10-18")


def test_casualty_claims_with_words_qualifiers_and_sides() -> None:
    text = (
        "Nagorno-Karabakh's defence army said thirteen of its soldiers were killed. "
        "Azerbaijan said at least 24 civilians had died and 121 were wounded. "
        "Russia estimated nearly 5,000 deaths on both sides."
    )
    got = {
        (c.claimant, c.side, c.category, c.figure, c.qualifier)
        for c in extract(text, published=pub(2020, 10, 20)).casualties
    }
    assert got == {
        ("NK", "armenian", "military_killed", 13, "exact"),
        ("AZ", "azerbaijani", "civilian_killed", 24, "at_least"),
        ("AZ", "azerbaijani", "civilian_injured", 121, "exact"),
        ("RU", "both", "total_killed", 5000, "nearly"),
    }


def test_implausible_figures_and_non_casualty_numbers_are_dropped() -> None:
    text = (
        "A blogger said 3,000,000 soldiers were killed. "
        "About 1,960 Russian peacekeepers will deploy for five years along a 5-km corridor."
    )
    assert extract(text, published=pub(2020, 11, 10)).casualties == ()


@pytest.mark.parametrize(
    ("sentence", "published", "ids"),
    [
        (
            "The U.S.-brokered truce that took effect Monday collapsed within hours.",
            pub(2020, 10, 28),
            ("nk-2020-10-26",),
        ),
        (
            "Two previous cease-fires brokered by Russia also failed.",
            pub(2020, 10, 29),
            ("nk-2020-10-10", "nk-2020-10-18"),
        ),
        (
            "The Russia-brokered deal that ended the 2020 war is under strain.",
            pub(2022, 8, 4),
            ("nk-2020-11-10",),
        ),
        (
            "Azerbaijan accused Armenia of violating the ceasefire.",
            pub(2021, 6, 10),
            ("nk-2020-11-10",),
        ),
        (
            "The Russian peacekeeping contingent recorded two ceasefire violations in Shusha.",
            pub(2021, 6, 10),
            ("nk-2020-11-10",),
        ),
        (
            "The Russian peacekeeping contingent recorded five ceasefire violations in Shusha.",
            pub(2023, 9, 21),
            ("nk-2023-09-20",),
        ),
        ("The 1994 ceasefire froze the conflict.", pub(2019, 5, 1), ()),
        (
            "The truce that ended the April 2016 fighting was brokered in Moscow.",
            pub(2019, 5, 1),
            (),
        ),
        (
            "Since the ceasefire agreed last September the border has been calm.",
            pub(2023, 5, 15),
            (),
        ),
        ("The sides called for a lasting ceasefire.", pub(2020, 10, 29), ()),
    ],
)
def test_truce_references(sentence: str, published: datetime, ids: tuple[str, ...]) -> None:
    assert extract(sentence, published=published).truce_ids == ids


def test_announcement_of_a_new_truce() -> None:
    text = "Armenia and Azerbaijan agreed to a humanitarian ceasefire from 08:00 local time on Monday, the U.S. State Department said."
    ex = extract(text, published=pub(2020, 10, 25))
    (a,) = ex.announcements
    assert set(a.parties) == {"AM", "AZ"} and a.brokers == ("US",)
    assert a.effective is not None and a.effective.date == "2020-10-26"
    assert a.known_id == "nk-2020-10-26"


@pytest.mark.parametrize(
    ("text", "effective"),
    [
        (
            "The governments of Armenia and Azerbaijan said in a joint statement on Sunday "
            "that a humanitarian ceasefire would take effect at 08:00 local time on 26 October.",
            "2020-10-26",
        ),
        (
            "Armenia and Azerbaijan agreed on Sunday to a humanitarian ceasefire from 08:00 "
            "local time on Monday, the State Department said.",
            "2020-10-26",
        ),
    ],
)
def test_the_effective_day_is_the_one_written_with_the_clock_time(
    text: str, effective: str
) -> None:
    (a,) = extract(text, published=pub(2020, 10, 25)).announcements
    assert a.effective is not None and a.effective.date == effective
    assert a.known_id == "nk-2020-10-26"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("x" * (MAX_CHARS + 1), "too large"),
        ("Ադրբեջանը մեղադրել է Հայաստանին հրադադարը խախտելու մեջ։", "not English"),
        (
            "Азербайджан звинуватив Вірменію у порушенні перемир'я, повідомило міністерство.",
            "not English",
        ),
    ],
)
def test_bad_input_is_skipped_with_a_reason(text: str, reason: str) -> None:
    ex = extract(text, published=pub(2020, 10, 20))
    assert ex.skipped_reason is not None and ex.skipped_reason.startswith(reason)
    assert ex.violations == () and ex.version == EXTRACTOR_VERSION


def test_refused_input_raises() -> None:
    with pytest.raises(ExtractionError):
        extract("text", published=datetime(2020, 10, 20))
    with pytest.raises(ExtractionError):
        extract("a\x00b", published=pub(2020, 10, 20))


def test_html_is_stripped_but_offsets_point_into_the_input() -> None:
    text = "<p>Armenia&#8217;s Defence Ministry said Azerbaijani forces shelled <b>Martuni</b> on Friday.</p>"
    (v,) = extract(text, published=pub(2020, 10, 31)).violations
    assert v.places == ("Martuni",)
    assert "Martuni" in text[v.span[0] : v.span[1]]


def test_gold_dict_has_the_schema_of_eval_md() -> None:
    text = "Azerbaijan said Armenian troops shelled Goranboy on Sunday, killing two civilians."
    gold = extract(text, published=pub(2020, 10, 20)).to_gold_dict("a.txt", pub(2020, 10, 20), TZ)
    assert set(gold) == {
        "doc",
        "published",
        "tz",
        "truces",
        "announcements",
        "violations",
        "denials",
        "casualties",
    }
    assert gold["published"] == "2020-10-20"
    assert gold["violations"] == [
        {"accuser": "AZ", "accused": "AM", "date": "2020-10-18", "places": ["Goranboy"]}
    ]
    assert gold["casualties"][0]["figure"] == 2


def test_extraction_is_deterministic() -> None:
    text = "Armenian officials said Azerbaijani forces shelled Stepanakert overnight, killing a civilian."
    assert extract(text, published=pub(2020, 10, 5)) == extract(text, published=pub(2020, 10, 5))


def test_a_denied_action_is_not_itself_a_report() -> None:
    text = "Azerbaijan denied targeting civilian areas. Armenia said its units had not opened fire."
    assert extract(text, published=pub(2020, 10, 9)).violations == ()


def test_authorities_named_by_where_they_sit_are_the_accusers() -> None:
    text = (
        "Authorities in Nagorno-Karabakh said Azerbaijani forces opened fire on the outskirts "
        "of Stepanakert on Thursday morning, a claim Baku rejected as false."
    )
    ex = extract(text, published=pub(2023, 9, 21))
    assert [(v.accuser, v.accused, v.occurred.date) for v in ex.violations] == [
        ("NK", "AZ", "2023-09-21")
    ]
    assert [d.denier for d in ex.denials] == ["AZ"]


def test_monitor_reports_without_a_culprit_are_unattributed() -> None:
    text = "Russia's Defence Ministry said it recorded two ceasefire violations in the Martakert district."
    (v,) = extract(text, published=pub(2021, 3, 1)).violations
    assert (v.accuser, v.accused, v.places) == ("RU", "unattributed", ("Martakert",))


def test_two_statements_joined_by_while_are_two_reports() -> None:
    text = (
        "Karabakh officials said Azerbaijani forces shelled Stepanakert on Monday, "
        "while Azerbaijan said Armenian forces fired on Terter."
    )
    got = {
        (v.accuser, v.accused, v.places)
        for v in extract(text, published=pub(2020, 10, 6)).violations
    }
    assert got == {("NK", "AZ", ("Stepanakert",)), ("AZ", "AM", ("Terter",))}


def test_enemy_wording_continues_the_previous_speaker() -> None:
    text = (
        "Azerbaijan's Defence Ministry said the night had been tense. "
        "At 03:10 the enemy fired mortars at the Tovuz district."
    )
    (v,) = extract(text, published=pub(2020, 10, 18)).violations
    assert (v.accuser, v.accused, v.weapon, v.occurred.precision) == (
        "AZ",
        "AM",
        "mortars",
        "minute",
    )


def test_all_lower_case_rewrites_are_recased() -> None:
    text = "the azerbaijani defence ministry said armenian forces shelled tartar on friday."
    (v,) = extract(text, published=pub(2020, 10, 31)).violations
    assert (v.accuser, v.accused, v.places, v.date) == ("AZ", "AM", ("Terter",), "2020-10-30")
    assert text[v.span[0] : v.span[1]].startswith("the azerbaijani")


def test_ordinal_humanitarian_truce_and_unknown_context() -> None:
    ex = extract("A third attempt at a truce collapsed on Monday.", published=pub(2020, 10, 27))
    assert ex.truce_ids == ("nk-2020-10-26",)
    ex = extract(
        "In September 2022 a ceasefire brokered with U.S. help ended border fighting.",
        published=pub(2023, 1, 5),
    )
    assert ex.truce_ids == ()
