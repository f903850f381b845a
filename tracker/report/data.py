"""The report's data: the analysts' views read into plain, frozen dataclasses.

Owns reading ``truce_status``, ``truce_status_history``, ``violation_reports``,
``casualty_claims``, ``denials`` and the daily counts of ``truce_timeline_daily``
(``daily_counts``, the only reader of the picture's numbers) by name, with SQL, and the log position the
projections have reached, and turning their rows into ``ReportData``. Must not read the
log or projection tables directly, compute statuses (the projections do), draw, or print.

Tolerant by design: a missing view or column degrades the report (an empty section, a
blank cell, a note on the page) instead of failing it. JSON-array columns may arrive as
JSON text (both databases today), a Python list, or comma-separated text.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from tracker.projections.asof import claim_views_as_of
from tracker.store import EventStore

log = logging.getLogger(__name__)

#: How a truce ended, as the picture colours it; ``announced`` = not yet in force.
OUTCOMES: tuple[str, ...] = ("collapsed", "superseded", "ended", "ongoing", "announced")

#: The views the report reads, in the order it reads them.
VIEWS: tuple[str, ...] = (
    "truce_status",
    "truce_status_history",
    "violation_reports",
    "casualty_claims",
    "denials",
)


@dataclass(frozen=True, slots=True)
class Truce:
    """One ``truce_status`` row, as the report shows it."""

    truce_id: str
    name: str = ""
    parties: tuple[str, ...] = ()
    brokers: tuple[str, ...] = ()
    announced_at: datetime | None = None
    effective_at: datetime | None = None
    ended_at: datetime | None = None
    end_reason: str | None = None
    superseded_by: str | None = None
    status: str = ""
    status_rule: str | None = None
    status_reason: str = ""
    lifespan_minutes: int | None = None
    lifespan: str = ""
    first_violation_at: datetime | None = None
    first_violation_local: str = ""
    ended_local: str = ""
    minutes_to_first_violation: int | None = None
    time_to_first_violation: str = ""
    first_published_at: datetime | None = None
    time_to_first_published: str = ""
    report_count: int = 0
    report_counts_by_accuser: tuple[tuple[str, int], ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def outcome(self) -> str:
        """collapsed, superseded, ended, ongoing or announced: how the bar is coloured."""
        for candidate in (self.end_reason, self.status):
            if candidate in ("collapsed", "superseded", "ended"):
                return candidate
        if self.status == "announced":
            return "announced"
        return "ongoing"


@dataclass(frozen=True, slots=True)
class Violation:
    """One ``violation_reports`` row: a claim, never a fact."""

    report_id: str
    truce_id: str | None = None
    incident_id: str | None = None
    accuser: str = "unattributed"
    accuser_text: str = ""
    accused: str = "unattributed"
    against: str | None = None
    occurred_at: datetime | None = None
    occurred_precision: str = ""
    occurred_local: str = ""  # in the zone as written, at its precision
    places: tuple[str, ...] = ()
    description: str = ""
    published_at: datetime | None = None
    recorded_at: datetime | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Casualty:
    """One ``casualty_claims`` row: a claimant's figure."""

    claim_id: str
    claimant: str = ""
    side: str = ""
    category: str = ""
    outcome: str = ""
    figure: int = 0
    qualifier: str = ""
    occurred_at: datetime | None = None
    recorded_at: datetime | None = None
    sources: tuple[str, ...] = ()
    qualifier_text: str = ""


@dataclass(frozen=True, slots=True)
class StatusInterval:
    """One ``truce_status_history`` row: [valid_from, valid_to)."""

    truce_id: str
    status: str
    valid_from: datetime | None
    valid_to: datetime | None
    reason: str = ""
    rule_id: str | None = None


#: The ``truce_timeline_daily`` column the daily picture counts, and what it is called.
DAILY_COLUMN = "incidents"
#: Read instead when the timeline lacks ``DAILY_COLUMN`` (an older database).
DAILY_FALLBACK = "reports"


@dataclass(frozen=True, slots=True)
class DailyCount:
    """One ``truce_timeline_daily`` cell: what one accuser claimed on one local day."""

    truce_id: str
    day: date
    accuser: str
    count: int


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report shows, read at one moment."""

    generated_at: datetime
    truces: tuple[Truce, ...] = ()
    violations: tuple[Violation, ...] = ()
    casualties: tuple[Casualty, ...] = ()
    history: tuple[StatusInterval, ...] = ()
    denial_count: int = 0
    log_position: int | None = None
    as_of: datetime | None = None
    notes: tuple[str, ...] = field(default=())
    daily: tuple[DailyCount, ...] = ()
    daily_column: str = DAILY_COLUMN
    local_zone: str = ""

    def reports_by_accuser(self) -> dict[str, int]:
        """Violation reports per accusing actor, most first."""
        counts = Counter(v.accuser for v in self.violations)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def truces_by_outcome(self) -> dict[str, int]:
        """Truces per outcome (collapsed, superseded, ...), in ``OUTCOMES`` order."""
        counts = Counter(t.outcome for t in self.truces)
        return {o: counts[o] for o in OUTCOMES if counts[o]}


# ---------------------------------------------------------------- value coercion


def to_datetime(value: Any) -> datetime | None:
    """An aware UTC datetime from a timestamp column (datetime, ISO text, ``...Z``), else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        log.warning("unreadable timestamp %r in a view; shown as blank", value)
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def to_list(value: Any) -> tuple[str, ...]:
    """A tuple of strings from a JSON array (text or list) or comma-separated text.

    Objects inside the array give their ``actor``, ``code``, ``url`` or ``value`` field.
    """
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                return (text,)
        else:
            return tuple(p.strip() for p in text.split(",") if p.strip())
    if isinstance(value, Mapping):
        return tuple(str(k) for k in value)
    if not isinstance(value, Sequence):
        return (str(value),)
    out: list[str] = []
    for item in value:
        if isinstance(item, Mapping):
            for key in ("actor", "code", "url", "value", "name"):
                if item.get(key):
                    out.append(str(item[key]))
                    break
        elif item is not None and item != "":
            out.append(str(item))
    return tuple(out)


def to_counts(value: Any) -> tuple[tuple[str, int], ...]:
    """``{"<code>": 3, "<code>": 1}`` (JSON text or dict) as sorted pairs; anything else is empty."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ()
    if not isinstance(value, Mapping):
        return ()
    pairs = []
    for key, count in value.items():
        number = to_int(count)
        if number is not None:
            pairs.append((str(key), number))
    return tuple(sorted(pairs, key=lambda kv: (-kv[1], kv[0])))


def to_int(value: Any) -> int | None:
    """An int from a numeric column, else None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _first(row: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        value = row.get(name)
        if value is not None and value != "":
            return value
    return None


# ---------------------------------------------------------------- rows -> dataclasses


def truce_from_row(row: Mapping[str, Any]) -> Truce:
    """A ``Truce`` from a ``truce_status`` row; missing columns get defaults."""
    return Truce(
        truce_id=_text(row.get("truce_id")),
        name=_text(row.get("name")),
        parties=to_list(row.get("parties")),
        brokers=to_list(row.get("brokers")),
        announced_at=to_datetime(row.get("announced_at")),
        effective_at=to_datetime(row.get("effective_at")),
        ended_at=to_datetime(row.get("ended_at")),
        end_reason=_first(row, "end_reason"),
        superseded_by=_first(row, "superseded_by"),
        status=_text(row.get("status")),
        status_rule=_first(row, "status_rule", "rule_id"),
        status_reason=_text(row.get("status_reason")),
        lifespan_minutes=to_int(row.get("lifespan_minutes")),
        lifespan=_text(row.get("lifespan")),
        first_violation_at=to_datetime(row.get("first_violation_at")),
        first_violation_local=_text(row.get("first_violation_local")),
        ended_local=_text(row.get("ended_local")),
        minutes_to_first_violation=to_int(row.get("minutes_to_first_violation")),
        time_to_first_violation=_text(row.get("time_to_first_violation")),
        first_published_at=to_datetime(row.get("first_published_at")),
        time_to_first_published=_text(row.get("time_to_first_published")),
        report_count=to_int(row.get("report_count")) or 0,
        report_counts_by_accuser=to_counts(row.get("report_counts_by_accuser")),
        sources=to_list(row.get("sources")),
    )


def violation_from_row(row: Mapping[str, Any]) -> Violation:
    """A ``Violation`` from a ``violation_reports`` row."""
    return Violation(
        report_id=_text(row.get("report_id")),
        truce_id=_first(row, "truce_id"),
        incident_id=_first(row, "incident_id"),
        accuser=_text(_first(row, "accuser") or "unattributed"),
        accuser_text=_text(row.get("accuser_text")),
        accused=_text(_first(row, "accused") or "unattributed"),
        against=_first(row, "against"),
        occurred_at=to_datetime(row.get("occurred_at")),
        occurred_precision=_text(row.get("occurred_precision")),
        occurred_local=_text(row.get("occurred_local")),
        places=to_list(row.get("places")),
        description=_text(row.get("description")),
        published_at=to_datetime(row.get("published_at")),
        recorded_at=to_datetime(row.get("recorded_at")),
        sources=to_list(_first(row, "source_urls", "sources", "source_url")),
    )


def casualty_from_row(row: Mapping[str, Any]) -> Casualty:
    """A ``Casualty`` from a ``casualty_claims`` row."""
    return Casualty(
        claim_id=_text(row.get("claim_id")),
        claimant=_text(row.get("claimant")),
        side=_text(row.get("side")),
        category=_text(row.get("category")),
        outcome=_text(row.get("outcome")),
        figure=to_int(row.get("figure")) or 0,
        qualifier=_text(row.get("qualifier")),
        qualifier_text=_text(row.get("qualifier_text")),
        occurred_at=to_datetime(_first(row, "occurred_at", "published_at")),
        recorded_at=to_datetime(row.get("recorded_at")),
        sources=to_list(_first(row, "source_urls", "sources", "source_url")),
    )


def interval_from_row(row: Mapping[str, Any]) -> StatusInterval:
    """A ``StatusInterval`` from a ``truce_status_history`` row."""
    return StatusInterval(
        truce_id=_text(row.get("truce_id")),
        status=_text(row.get("status")),
        valid_from=to_datetime(row.get("valid_from")),
        valid_to=to_datetime(row.get("valid_to")),
        reason=_text(row.get("reason")),
        rule_id=_first(row, "rule_id"),
    )


# ---------------------------------------------------------------- reading


def existing_views(conn: Connection) -> set[str]:
    """Names of the views and tables the connection can see."""
    inspector = sa.inspect(conn)
    return set(inspector.get_view_names()) | set(inspector.get_table_names())


def read_rows(conn: Connection, view: str) -> list[dict[str, Any]]:
    """Every row of ``view`` as a dict keyed by column name."""
    quoted = conn.dialect.identifier_preparer.quote(view)
    result = conn.execute(sa.text(f"SELECT * FROM {quoted}"))
    return [dict(m) for m in result.mappings()]


def log_position(conn: Connection, views: Sequence[str]) -> int | None:
    """The log position every view read has reached: the least of their checkpoints.

    Falls back to the least checkpoint of all projections, or None if there are none.
    """
    if "projection_checkpoints" not in existing_views(conn):
        return None
    rows = conn.execute(sa.text("SELECT name, position FROM projection_checkpoints")).all()
    positions = {str(name): int(pos) for name, pos in rows if pos is not None}
    mine = [positions[v] for v in views if v in positions]
    chosen = mine or list(positions.values())
    return min(chosen) if chosen else None


def daily_counts(
    rows: Sequence[Mapping[str, Any]] | None,
) -> tuple[tuple[DailyCount, ...], str]:
    """The daily counts by accuser of ``truce_timeline_daily`` rows and the column counted.

    The one place the picture's numbers come from: ``DAILY_COLUMN`` (incidents), else
    ``DAILY_FALLBACK`` (reports) on a timeline without it; empty without the view (None).
    """
    if rows is None:
        return (), DAILY_COLUMN
    column = DAILY_COLUMN if not rows or DAILY_COLUMN in rows[0] else DAILY_FALLBACK
    out = []
    for r in rows:
        count = to_int(r.get(column))
        day = r.get("day")
        if not count or day is None:
            continue
        when = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        out.append(DailyCount(_text(r.get("truce_id")), when, _text(r.get("accuser")), count))
    out.sort(key=lambda c: (c.day, c.truce_id, c.accuser))
    return tuple(out), column


def zone_of(text: str) -> timezone:
    """The zone of a ``+HH:MM`` offset; UTC for anything else."""
    if len(text) == 6 and text[0] in "+-" and text[3] == ":" and text[1:3].isdigit():
        sign = -1 if text[0] == "-" else 1
        return timezone(sign * timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))
    return UTC


def local_zone(rows: Sequence[Mapping[str, Any]]) -> str:
    """The UTC offset most truces were written in (``effective_local``), as ``+HH:MM``."""
    zones = Counter(
        text[-6:]
        for r in rows
        if (text := _text(r.get("effective_local"))) and text[-6] in "+-" and text[-3] == ":"
    )
    return zones.most_common(1)[0][0] if zones else ""


def load(
    engine: Engine, *, as_of: datetime | None = None, now: datetime | None = None
) -> ReportData:
    """Read the views into ``ReportData``; with ``as_of``, what could be known at T.

    As of T, the claim views are rebuilt from the events whose knowledge time is at or
    before T (``tracker.projections.asof``): what had been published, announced or
    recorded by then, with the same rules (``at_time`` is the older valid-time cut).

    Raises:
        sqlalchemy.exc.OperationalError and friends if the database cannot be reached
        (the CLI's caller translates them).
    """
    generated_at = (now or datetime.now(UTC)).astimezone(UTC)
    notes: list[str] = []
    rows: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        present = existing_views(conn)
        for view in VIEWS:
            if view in present:
                rows[view] = read_rows(conn, view)
            else:
                rows[view] = []
                notes.append(f"view {view} is missing: run `tracker project`")
        position = log_position(conn, [v for v in VIEWS if v in present])
        daily_rows = (
            read_rows(conn, "truce_timeline_daily") if "truce_timeline_daily" in present else None
        )
    if as_of is not None:  # rebuilt from what was known then: nothing to trim afterwards
        known = claim_views_as_of(EventStore(engine), as_of.astimezone(UTC))
        rows.update({view: known[view] for view in VIEWS if view in known})
        daily_rows = known.get("truce_timeline_daily", daily_rows)
    daily, daily_column = daily_counts(daily_rows)
    truces = sorted(
        (truce_from_row(r) for r in rows["truce_status"]),
        key=lambda t: (t.effective_at or generated_at, t.truce_id),
    )
    violations = sorted(
        (violation_from_row(r) for r in rows["violation_reports"]),
        key=lambda v: (v.occurred_at or generated_at, v.report_id),
    )
    casualties = sorted(
        (casualty_from_row(r) for r in rows["casualty_claims"]),
        key=lambda c: (c.occurred_at or generated_at, c.claim_id),
    )
    data = ReportData(
        generated_at=generated_at,
        truces=tuple(truces),
        violations=tuple(violations),
        casualties=tuple(casualties),
        history=tuple(interval_from_row(r) for r in rows["truce_status_history"]),
        denial_count=len(rows["denials"]),
        log_position=position,
        notes=tuple(notes),
        daily=daily,
        daily_column=daily_column,
        local_zone=local_zone(rows["truce_status"]),
    )
    return replace(data, as_of=as_of.astimezone(UTC)) if as_of is not None else data


def status_at(
    history: Sequence[StatusInterval], truce_id: str, when: datetime
) -> StatusInterval | None:
    """The interval of ``truce_id`` that contains ``when``, if any."""
    for iv in history:
        if iv.truce_id != truce_id:
            continue
        starts = iv.valid_from is None or iv.valid_from <= when
        if starts and (iv.valid_to is None or when < iv.valid_to):
            return iv
    return None


def at_time(data: ReportData, when: datetime) -> ReportData:
    """``data`` as it stood at ``when`` in valid time.

    Truces not yet announced are dropped; an end after ``when`` is ignored (the truce is
    shown in force); the status comes from ``truce_status_history``; reports and claims
    that occurred after ``when`` are dropped.
    """
    when = when.astimezone(UTC)
    truces: list[Truce] = []
    for t in data.truces:
        known_from = t.announced_at or t.effective_at
        if known_from is not None and known_from > when:
            continue
        if t.ended_at is not None and t.ended_at > when:
            t = replace(
                t, ended_at=None, ended_local="", end_reason=None, superseded_by=None, lifespan=""
            )
        iv = status_at(data.history, t.truce_id, when)
        if iv is not None:
            t = replace(t, status=iv.status, status_reason=iv.reason, status_rule=iv.rule_id)
        truces.append(t)
    kept = {t.truce_id for t in truces}
    violations = tuple(
        v for v in data.violations if v.occurred_at is not None and v.occurred_at <= when
    )
    casualties = tuple(
        c for c in data.casualties if c.occurred_at is not None and c.occurred_at <= when
    )
    truces = [_recount(t, violations) for t in truces]
    history = tuple(iv for iv in data.history if iv.truce_id in kept)
    last_day = when.astimezone(zone_of(data.local_zone)).date()
    return replace(
        data,
        daily=tuple(c for c in data.daily if c.truce_id in kept and c.day <= last_day),
        truces=tuple(truces),
        violations=violations,
        casualties=casualties,
        history=history,
        as_of=when,
    )


def _recount(truce: Truce, violations: Sequence[Violation]) -> Truce:
    mine = [v for v in violations if v.truce_id == truce.truce_id]
    counts = Counter(v.accuser for v in mine)
    first = min((v.occurred_at for v in mine if v.occurred_at), default=None)
    return replace(
        truce,
        report_count=len(mine),
        report_counts_by_accuser=tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        first_violation_at=first if first else None,
        first_violation_local=truce.first_violation_local
        if first == truce.first_violation_at
        else "",
        minutes_to_first_violation=truce.minutes_to_first_violation if first else None,
        time_to_first_violation=truce.time_to_first_violation if first else "",
    )
