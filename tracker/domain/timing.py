"""Durations at a precision: lifespans and times to first violation.

Owns the minute/day arithmetic between two valid times and its text form ("5 min",
"22 h 40 min", "16 days"): a duration is shown at the coarser precision of its two ends.
Pure.
"""

from __future__ import annotations

from tracker.domain.values import ValidTime

__all__ = ["duration_text", "span"]


def duration_text(minutes: int, precision: str, days: int | None = None) -> str:
    """Minutes shown at the precision of the coarser of the two times."""
    if precision in ("day", "week", "month", "year"):
        d = days if days is not None else minutes // 1440
        return "same day" if d == 0 else f"{d} day" if d == 1 else f"{d} days"
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 2 * 1440:
        h, m = divmod(minutes, 60)
        return f"{h} h {m} min" if m else f"{h} h"
    d, rest = divmod(minutes, 1440)
    return f"{d} d {rest // 60} h" if rest // 60 else f"{d} d"


def _coarser(a: str, b: str) -> str:
    order = ("minute", "hour", "day", "week", "month", "year")
    return a if order.index(a) >= order.index(b) else b


def span(start: ValidTime, end: ValidTime) -> tuple[int, int, str]:
    """(minutes, local days, precision) from ``start`` to ``end`` (never negative)."""
    minutes = max(0, int((end.instant - start.instant).total_seconds() // 60))
    days = max(0, (end.local.date() - start.local.astimezone(end.zone).date()).days)
    return minutes, days, _coarser(start.precision, end.precision)
