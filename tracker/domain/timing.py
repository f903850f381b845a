"""Durations at a precision: lifespans and times to first violation.

Owns the minute/day arithmetic between two valid times and its text form ("5 min",
"22 h 40 min", "16 days"): a duration is shown at the coarser precision of its two ends.
Pure.
"""

from __future__ import annotations

from datetime import datetime

from tracker.domain.values import ValidTime

__all__ = ["duration_text", "local_text", "span"]


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


def local_text(t: ValidTime) -> str:
    """A valid time in the zone it was written in, at its precision.

    "2020-10-26 08:05 +04:00" (minute), "2023-09-19 13h +04:00" (hour), "2020-11-26
    (+04:00)" (day: the day itself, never an instant of the day before in UTC), "week of
    2020-11-26 (+04:00)", "2020-11 (+04:00)", "2020 (+04:00)".
    """
    local = t.local
    if local.year < 1000:  # strftime does not pad these years; isoformat does
        return _local_text_strftime(local, t.precision, t.tz)
    iso = local.isoformat()  # YYYY-MM-DDTHH:MM:SS...: slices at a third of strftime's cost
    if t.precision == "minute":
        return f"{iso[:10]} {iso[11:16]} {t.tz}"
    if t.precision == "hour":
        return f"{iso[:10]} {iso[11:13]}h {t.tz}"
    if t.precision == "day":
        return f"{iso[:10]} ({t.tz})"
    if t.precision == "week":
        return f"week of {iso[:10]} ({t.tz})"
    if t.precision == "month":
        return f"{iso[:7]} ({t.tz})"
    return f"{iso[:4]} ({t.tz})"


def _local_text_strftime(local: datetime, precision: str, tz: str) -> str:
    if precision == "minute":
        return f"{local:%Y-%m-%d %H:%M} {tz}"
    if precision == "hour":
        return f"{local:%Y-%m-%d %H}h {tz}"
    if precision == "day":
        return f"{local:%Y-%m-%d} ({tz})"
    if precision == "week":
        return f"week of {local:%Y-%m-%d} ({tz})"
    if precision == "month":
        return f"{local:%Y-%m} ({tz})"
    return f"{local:%Y} ({tz})"
