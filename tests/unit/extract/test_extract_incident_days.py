"""Incident days and clock times of violation reports (sentences written for these tests)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tracker.extract import extract
from tracker.extract.timeexpr import parse_tz

TZ = "+04:00"


def pub(y: int, m: int, d: int, h: int = 18) -> datetime:
    return datetime(y, m, d, h, tzinfo=parse_tz(TZ))


def one(text: str, when: datetime) -> tuple[str | None, str, int | None]:
    (v,) = extract(text, published=when).violations
    start = v.occurred.start
    return v.date, v.occurred.precision, None if start is None else start.hour * 60 + start.minute


@pytest.mark.parametrize(
    ("words", "day"),
    [
        ("overnight", "2020-10-18"),
        ("in the past 24 hours", "2020-10-18"),
        ("on Saturday", "2020-10-17"),
        ("last night", "2020-10-17"),
        ("on Thursday", "2020-10-15"),
    ],
)
def test_relative_days_against_the_publication_day(words: str, day: str) -> None:
    text = f"Armenia's Defence Ministry said Azerbaijani artillery shelled Martuni {words}."
    assert one(text, pub(2020, 10, 18))[0] == day


def test_a_clock_time_today_is_minute_precision() -> None:
    text = "Armenia's Defence Ministry said Azerbaijani rockets hit Martuni today 8.45 a.m."
    assert one(text, pub(2020, 10, 18)) == ("2020-10-18", "minute", 8 * 60 + 45)


def test_a_clock_time_written_with_a_space() -> None:
    text = "Armenia's Defence Ministry said Azerbaijani units attacked near Hadrut at 06: 40 today."
    assert one(text, pub(2020, 10, 18)) == ("2020-10-18", "minute", 6 * 60 + 40)


def test_since_a_recent_time_dates_to_its_start() -> None:
    text = (
        "Armenia's Defence Ministry said Azerbaijani forces have shelled Martuni "
        "since noon on 17 October."
    )
    assert one(text, pub(2020, 10, 18)) == ("2020-10-17", "minute", 12 * 60)


def test_since_the_start_of_the_war_is_background() -> None:
    text = (
        "Armenia's Defence Ministry said Azerbaijani forces have shelled Martuni "
        "since 27 September."
    )
    assert one(text, pub(2020, 10, 18))[0] == "2020-10-18"


def test_after_midnight_in_a_story_about_an_earlier_day_is_the_next_day() -> None:
    text = (
        "Karabakh's ombudsman said Azerbaijani units fired on Taghavard on 6 June at 19:30. "
        "After midnight, the Azerbaijani side fired again, the ombudsman said."
    )
    days = {v.date for v in extract(text, published=pub(2021, 6, 7)).violations}
    assert days == {"2021-06-06", "2021-06-07"}


@pytest.mark.parametrize("words", ["The next morning", "The following day", "A day later"])
def test_the_next_morning_in_a_story_about_an_earlier_day_is_the_next_day(words: str) -> None:
    text = (
        "On the evening of 3 May, Karabakh's ombudsman said Azerbaijani soldiers fired on Taghavard. "
        f"{words}, Azerbaijan's Defence Ministry claimed that Armenian units shelled its positions."
    )
    keys = {(v.accuser, v.date) for v in extract(text, published=pub(2021, 5, 5)).violations}
    assert keys == {("NK", "2021-05-03"), ("AZ", "2021-05-04")}


def test_the_next_day_is_never_after_publication() -> None:
    text = (
        "Karabakh's ombudsman said Azerbaijani units fired on Taghavard on 4 May. "
        "The next morning, Azerbaijan's Defence Ministry claimed that Armenian units shelled its positions."
    )
    keys = {(v.accuser, v.date) for v in extract(text, published=pub(2021, 5, 4)).violations}
    assert ("AZ", "2021-05-05") not in keys


def test_shortly_after_the_ceasefire_came_into_force_is_the_truces_start() -> None:
    text = (
        "Armenia's Defence Ministry said Azerbaijani forces shelled Martuni shortly after "
        "the humanitarian ceasefire came into force at noon on 10 October."
    )
    date, precision, minutes = one(text, pub(2020, 10, 11))
    assert (date, precision, minutes) == ("2020-10-10", "hour", 12 * 60)


def test_a_truces_effective_day_does_not_date_later_reports() -> None:
    text = (
        "The ceasefire came into effect on Saturday, but both sides reported violations. "
        "Armenia's Defence Ministry said Azerbaijani forces shelled the southern front."
    )
    keys = {(v.accuser, v.date) for v in extract(text, published=pub(2020, 10, 12)).violations}
    assert keys == {("AM", "2020-10-12")}


def test_the_date_of_a_document_is_not_the_incident_day() -> None:
    text = (
        "Armenia's Defence Ministry said Azerbaijani troops, violating the trilateral "
        "statement of November 9, 2020, opened fire on Armenian posts near Sotk."
    )
    assert one(text, pub(2021, 5, 27))[0] == "2021-05-27"


def test_a_statement_does_not_run_on_into_the_storys_background() -> None:
    text = (
        "Armenian forces keep shelling Terter and Barda, Azerbaijan's Defence Ministry said. "
        "Armenian troops launched a large-scale attack on Azerbaijani positions on 27 September."
    )
    keys = {(v.accuser, v.date) for v in extract(text, published=pub(2020, 10, 20)).violations}
    assert ("AZ", "2020-10-20") in keys and ("AZ", "2020-09-27") not in keys


def test_a_statement_runs_on_into_a_recent_day() -> None:
    text = (
        "Armenian forces keep shelling Terter and Barda, Azerbaijan's Defence Ministry said. "
        "Armenian troops launched an attack on Azerbaijani positions on 18 October."
    )
    keys = {(v.accuser, v.date) for v in extract(text, published=pub(2020, 10, 20)).violations}
    assert ("AZ", "2020-10-18") in keys


def test_two_days_written_before_the_attack_are_two_reports() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian units on 14 May and overnight into 15 May "
        "shelled its positions near Lachin."
    )
    found = {
        (v.accuser, v.date, v.places) for v in extract(text, published=pub(2021, 5, 15)).violations
    }
    assert found == {("AZ", "2021-05-14", ("Lachin",)), ("AZ", "2021-05-15", ("Lachin",))}


def test_an_opening_day_before_a_clock_range_is_one_report() -> None:
    text = (
        "On 15 May, Azerbaijan's Defence Ministry said, Armenian units shelled its positions near "
        "Lachin from 22:20 on 14 May until midnight."
    )
    days = {v.date for v in extract(text, published=pub(2021, 5, 15)).violations}
    assert len(days) == 1


def test_a_day_after_an_attack_dates_the_attack_the_day_before() -> None:
    text = "Residents inspected damaged homes in Barda on Monday, a day after Armenian forces shelled the town."
    assert {v.date for v in extract(text, published=pub(2020, 10, 12)).violations} == {"2020-10-11"}


def test_the_story_goes_on_from_the_later_of_two_days() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian units on 12 May and overnight into 13 May "
        "shelled its positions near Lachin. Karabakh's Defense Army said Azerbaijani troops fired on Taghavard."
    )
    found = {(v.accuser, v.date) for v in extract(text, published=pub(2021, 5, 15)).violations}
    assert ("NK", "2021-05-13") in found


def test_the_story_goes_on_from_the_start_of_a_range() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian units shelled its positions near Lachin "
        "from 12 May to 13 May. Karabakh's Defense Army said Azerbaijani troops fired on Taghavard."
    )
    found = {(v.accuser, v.date) for v in extract(text, published=pub(2021, 5, 15)).violations}
    assert ("NK", "2021-05-12") in found


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        (
            "TERTER, Oct 19 - Officials said two civilians were killed by shelling of "
            "Terter on 17 October.",
            "2020-10-17",
            "day",
        ),
        (
            "Officials said a rocket struck a village near Tartar at about 03:00 on "
            "Monday, killing four civilians.",
            "2020-10-19",
            "hour",
        ),
    ],
)
def test_a_casualty_figure_takes_the_incident_time_its_own_sentence_gives(
    text: str, day: str, precision: str
) -> None:
    (c, *_) = extract(text, published=pub(2020, 10, 19)).casualties
    assert c.occurred is not None
    assert (c.occurred.date, c.occurred.precision) == (day, precision)


@pytest.mark.parametrize(
    "text",
    [
        "YEREVAN, Oct 19 - Officials said thirty soldiers have been killed since 27 September.",
        "Officials said thirty soldiers have been killed so far.",
        "MARTUNI, Oct 19 - Officials said thirty soldiers were killed.",
    ],
)
def test_a_running_toll_or_a_date_line_gives_a_figure_no_incident_time(text: str) -> None:
    (c, *_) = extract(text, published=pub(2020, 10, 19)).casualties
    assert c.occurred is None


def _days(text: str, when: datetime) -> list[tuple[str, str, str | None]]:
    return sorted((v.accuser, v.accused, v.date) for v in extract(text, published=when).violations)


@pytest.mark.parametrize(
    ("words", "day"),
    [
        ("on 3-4 March 2021", "2021-03-03"),
        ("on March 3-4, 2021", "2021-03-03"),
        ("on the night of 3-4 March 2021", "2021-03-04"),
        ("on the night of March 3-4, 2021", "2021-03-04"),
        ("on 3–4 March", "2023-03-03"),
    ],
)
def test_a_range_of_days_is_one_day_with_its_year(words: str, day: str) -> None:
    text = f"Armenia's Defence Ministry said Azerbaijani artillery shelled Martuni {words}."
    assert one(text, pub(2023, 3, 20))[0] == day


def test_a_statement_told_the_day_after_dates_the_storys_incident() -> None:
    text = (
        "Two soldiers died in Sunday's armed incident near Martuni, officials in Stepanakert said. "
        "The Defence Ministry of Armenia confirmed on Monday that Azerbaijani troops opened fire first."
    )
    assert ("AM", "AZ", "2023-03-05") in _days(text, pub(2023, 3, 7))
    assert all(d == "2023-03-05" for _, _, d in _days(text, pub(2023, 3, 7)))


def test_a_statement_told_weeks_later_keeps_its_own_day() -> None:
    text = (
        "Two soldiers died in an armed incident near Martuni on 1 February, officials said. "
        "The Defence Ministry of Armenia said on Monday that Azerbaijani troops opened fire."
    )
    assert ("AM", "AZ", "2023-03-06") in _days(text, pub(2023, 3, 7))


def test_the_storys_day_is_the_one_written_nearest_the_fighting() -> None:
    text = (
        "Armenia's Defence Ministry said Azerbaijan, spreading disinformation on 5 March, "
        "on 6 March opened fire on Armenian positions near Sotk. "
        "The ministry added that Azerbaijani forces also used mortars."
    )
    assert {d for _, _, d in _days(text, pub(2023, 3, 7))} == {"2023-03-06"}
