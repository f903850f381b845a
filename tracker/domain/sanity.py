"""Sane ranges: dates and figures that no report can carry, refused at the edge.

Owns the bounds every entry point applies before anything reaches the log — a feed
item's publication date (the poller), a curated time or figure (the CLI, ``load``),
an extracted figure (extraction) — so that one absurd value is refused with a reason
instead of being coerced, or of failing every later projection. Pure: the caller
passes the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

#: The earliest date a report may carry.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
#: How far past the clock a date may lie (an announced truce, a clock a little ahead).
AHEAD = timedelta(days=366)
#: The largest figure (killed, wounded, a casualty claim) a report may carry.
MAX_FIGURE = 10_000_000


def latest(now: datetime) -> datetime:
    """The latest date accepted when the clock reads ``now``."""
    return now + AHEAD


def date_refusal(when: datetime, now: datetime, what: str = "the date") -> str | None:
    """Why ``when`` is refused (before 1900, or more than a year after ``now``), or ``None``."""
    if when.tzinfo is None:
        return f"{what} {when.isoformat()} has no time zone"
    if when < EARLIEST:
        return f"{what} {when.isoformat()} is before {EARLIEST.date().isoformat()}"
    if when > latest(now):
        return (
            f"{what} {when.isoformat()} is more than a year after now "
            f"(latest accepted: {latest(now).date().isoformat()})"
        )
    return None


def figure_refusal(value: int | None, name: str) -> str | None:
    """Why the figure ``value`` is refused (negative or above :data:`MAX_FIGURE`), or ``None``."""
    if value is None:
        return None
    if value < 0:
        return f"negative figure for {name}: {value}"
    if value > MAX_FIGURE:
        return f"figure for {name} is {value:,}, above the sane maximum of {MAX_FIGURE:,}"
    return None
