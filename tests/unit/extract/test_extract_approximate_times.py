"""Clock times with approximate words are known to the hour."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.extract import extract


def test_an_approximate_clock_time_is_known_to_the_hour_not_the_minute() -> None:
    text = (
        "The Azerbaijani Defence Ministry said Armenian forces shelled Terter shortly after noon. "
        "The Armenian Defence Ministry said Azerbaijani troops attacked near Hadrut at 12:05."
    )
    found = extract(text, published=datetime(2020, 10, 10, 14, 0, tzinfo=UTC)).violations
    by_accuser = {v.accuser: v.occurred for v in found}
    assert by_accuser["AZ"].precision == "hour" and by_accuser["AZ"].expression.endswith(
        "shortly after noon"
    )
    assert by_accuser["AM"].precision == "minute"
