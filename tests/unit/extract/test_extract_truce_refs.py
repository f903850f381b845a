"""Truce references: dates that name truces, truces outside the known set, and discourse."""

from __future__ import annotations

from datetime import datetime

import pytest

from tracker.extract import extract
from tracker.extract.timeexpr import parse_tz


def refs(text: str, y: int, m: int, d: int) -> set[str]:
    published = datetime(y, m, d, 12, 0, tzinfo=parse_tz("+04:00"))
    return {r.truce_id for r in extract(text, published=published).truce_refs}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A list of days of one month, after or before the month's name.
        (
            "A truce was proclaimed twice, on October 10 and 18, and fighting went on both times.",
            {"nk-2020-10-10", "nk-2020-10-18"},
        ),
        (
            "A truce was proclaimed on 10, 18 and 26 October, and each time it broke down.",
            {"nk-2020-10-10", "nk-2020-10-18", "nk-2020-10-26"},
        ),
        # Two announcement days in one mention: the second is the day before a truce took effect.
        (
            "The sides said the humanitarian truce agreed on October 10 and October 17 "
            "would finally hold.",
            {"nk-2020-10-10", "nk-2020-10-18"},
        ),
    ],
)
def test_days_written_out_name_the_truces_of_those_days(text: str, expected: set[str]) -> None:
    assert refs(text, 2020, 11, 2) == expected


def test_an_opening_date_belongs_to_the_clause_that_names_the_truce() -> None:
    text = "On October 10, the foreign ministers agreed a humanitarian truce in Moscow."
    assert refs(text, 2020, 10, 20) == {"nk-2020-10-10"}


def test_talks_in_moscow_name_the_russian_broker() -> None:
    text = "After two days of talks in Moscow the sides accepted a humanitarian ceasefire."
    found = refs(text, 2020, 10, 12)
    assert found == {"nk-2020-10-10"}


@pytest.mark.parametrize(
    "text",
    [
        "The shelling was a flagrant breach of the ceasefire agreement of 5 May 1993.",
        "The raid broke the truce of 1997 and the later accord on strengthening the ceasefire.",
    ],
)
def test_truces_of_earlier_years_are_not_known_truces(text: str) -> None:
    assert refs(text, 2021, 5, 3) == set()


def test_a_truce_agreed_in_the_days_of_the_report_is_a_new_one_and_so_is_the_truce_after() -> None:
    text = (
        "The two governments agreed on a ceasefire on Thursday after three days of clashes. "
        "An official said the truce had held through the night."
    )
    assert refs(text, 2022, 6, 10) == set()


def test_a_truce_brokered_on_a_day_no_known_truce_was_agreed_is_not_forced_onto_one() -> None:
    text = "An earlier ceasefire that Moscow brokered on Tuesday collapsed within hours."
    assert refs(text, 2022, 6, 10) == set()


def test_the_truce_in_force_is_still_found_without_a_new_agreement() -> None:
    text = "Baku accused Yerevan of violating the ceasefire near the line of contact on Monday."
    assert refs(text, 2021, 7, 14) == {"nk-2020-11-10"}


@pytest.mark.parametrize(
    ("published", "expected"),
    [((2020, 11, 20), {"nk-2020-11-10"}), ((2022, 5, 4), set())],
)
def test_a_peace_deal_is_the_november_statement_only_while_it_is_new(
    published: tuple[int, int, int], expected: set[str]
) -> None:
    text = "Officials in both capitals said the peace deal would need more work."
    assert refs(text, *published) == expected


def test_a_list_item_names_the_statement_on_ending_the_war() -> None:
    text = (
        'Several guns were also destroyed during the "Thunder" operation.\n'
        "- In the first hour of November 10, 2020, Aliyev, Pashinyan and Putin put their names to "
        "the statement on ending the war over Karabakh."
    )
    assert refs(text, 2022, 8, 3) == {"nk-2020-11-10"}
