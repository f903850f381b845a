"""Valid times keep their precision, zone and words; a time without a zone is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.values import ValidTime, actor, parse_instant
from tracker.errors import DomainError


def test_noon_local_in_the_conflict_area_is_eight_utc() -> None:
    t = ValidTime.parse("2020-10-10T12:00+04:00", expression="from 12:00 on 10 October 2020")
    assert t.instant == datetime(2020, 10, 10, 8, 0, tzinfo=UTC)
    assert (t.precision, t.tz, t.expression) == (
        "minute",
        "+04:00",
        "from 12:00 on 10 October 2020",
    )


def test_midnight_moscow_time_is_nine_pm_utc_the_day_before() -> None:
    t = ValidTime.parse("2020-11-10T00:00+03:00")
    assert t.instant == datetime(2020, 11, 9, 21, 0, tzinfo=UTC)
    assert t.local_date.isoformat() == "2020-11-10"


def test_a_date_alone_has_day_precision_and_starts_at_local_midnight() -> None:
    t = ValidTime.parse("2020-11-26", tz="+04:00")
    assert t.precision == "day"
    assert t.instant == datetime(2020, 11, 25, 20, 0, tzinfo=UTC)
    assert t.period_end == datetime(2020, 11, 26, 20, 0, tzinfo=UTC)


def test_a_time_without_a_zone_is_refused_with_a_clear_error() -> None:
    with pytest.raises(DomainError, match="time without a zone"):
        ValidTime.parse("2020-10-10T12:00")
    with pytest.raises(DomainError, match="time without a zone"):
        parse_instant("2020-10-10T12:00")


def test_a_precision_finer_than_the_text_is_refused() -> None:
    with pytest.raises(DomainError, match="not precise to the minute"):
        ValidTime.parse("2020-10-10", precision="minute", tz="+04:00")


def test_an_unknown_actor_is_refused_with_the_known_codes() -> None:
    with pytest.raises(DomainError, match=r"unknown actor 'XX'.*AM"):
        actor("XX")


@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)),
    st.sampled_from(["+04:00", "+03:00", "-04:00", "+00:00", "+05:30"]),
    st.sampled_from(["minute", "hour", "day"]),
)
def test_a_valid_time_survives_its_payload_round_trip(
    moment: datetime, tz: str, precision: str
) -> None:
    text = moment.strftime("%Y-%m-%dT%H:%M") + tz
    t = ValidTime.parse(text, precision=precision, expression="as written")
    back = ValidTime.from_data(t.to_data())
    assert back == t
    assert t.instant <= datetime.fromisoformat(text) < t.period_end
