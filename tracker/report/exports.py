"""Exports of the analysts' views: CSV, JSON Lines, and events in CAMEO terms.

Owns streaming a view out in chunks (a server-side cursor on PostgreSQL, SQLite's
lazy cursor; never the whole view in memory), the portable rendering of values
(UTC times as ``YYYY-MM-DDTHH:MM:SSZ``, booleans as ``true``/``false``) and the CAMEO
mapping of ``docs/exports.md``: truces as 0871 "Declare truce, ceasefire", violation
reports as 196 "Violate ceasefire", each report kept as a claim with its claimant.
Must not read the log or projection tables (views only), write to the database, or
print (it writes to the stream it is given).
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, TextIO

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from tracker.domain.values import ACTORS
from tracker.errors import TrackerError

log = logging.getLogger(__name__)

#: The analysts' views, in export order (those present in the database are exported).
ANALYST_VIEWS: tuple[str, ...] = (
    "truce_status",
    "truce_status_history",
    "violation_reports",
    "denials",
    "casualty_claims",
    "truce_timeline_daily",
    "claim_retractions",
    "truce_announcements",
    "items",
    "feed_health",
)
FORMATS: tuple[str, ...] = ("csv", "jsonl", "cameo")
CHUNK_SIZE = 1000

#: The CAMEO export's columns, in order (documented one by one in docs/exports.md).
CAMEO_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "EventDate",
    "DatePrecision",
    "DateAsWritten",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "EventDescription",
    "QuadClass",
    "Actor1Code",
    "Actor1Name",
    "Actor2Code",
    "Actor2Name",
    "Parties",
    "Mediators",
    "IsClaim",
    "Claimant",
    "ClaimantName",
    "ClaimantAsWritten",
    "Denied",
    "TruceId",
    "ReportId",
    "IncidentId",
    "EffectiveDate",
    "EndDate",
    "EndReason",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "admin1",
    "geo_precision",
    "fatalities",
    "injuries",
    "notes",
    "SOURCEURL",
    "Sources",
    "DATEADDED",
)


class ExportError(TrackerError):
    """An export was asked for something that cannot be exported (an unknown view)."""


@dataclass(frozen=True, slots=True)
class Chunked:
    """A view's columns and an iterator of its rows (tuples, already portable values)."""

    columns: tuple[str, ...]
    rows: Iterator[tuple[Any, ...]]


# ---------------------------------------------------------------- discovery


def available_views(engine: Engine) -> list[str]:
    """The analysts' views present in the database, in ``ANALYST_VIEWS`` order."""
    with engine.connect() as conn:
        present = _relations(conn)
    return [v for v in ANALYST_VIEWS if v in present]


def resolve_views(engine: Engine, names: Sequence[str]) -> list[str]:
    """The views to export: ``names`` checked against the database, or every analyst view.

    Raises:
        ExportError: a name is not an analyst view present in the database.
    """
    available = available_views(engine)
    if not names:
        if not available:
            raise ExportError(
                "no analyst views in the database; run `tracker db upgrade` and `tracker project`"
            )
        return available
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ExportError(
            f"unknown view {', '.join(unknown)}; choose from {', '.join(available) or 'none'}"
        )
    return list(dict.fromkeys(names))


def _relations(conn: Connection) -> set[str]:
    inspector = sa.inspect(conn)
    return set(inspector.get_view_names()) | set(inspector.get_table_names())


# ---------------------------------------------------------------- values


def portable(value: Any) -> Any:
    """A value as both databases should export it: UTC ``...Z`` times, plain numbers."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _boolean_columns(conn: Connection, view: str) -> set[str]:
    """Columns declared BOOLEAN (SQLite hands them back as 0/1; PostgreSQL as bools)."""
    try:
        columns = sa.inspect(conn).get_columns(view)
    except sa.exc.SQLAlchemyError:
        return set()
    return {c["name"] for c in columns if isinstance(c["type"], sa.Boolean)}


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return value


# ---------------------------------------------------------------- streaming


@cache
def json_columns() -> dict[str, frozenset[str]]:
    """View -> its list and object columns (those the view's comments call JSON)."""
    from tracker.projections import all_projections  # the views' own column docs

    return {
        v.name: frozenset(c for c, doc in v.comments.items() if c and doc.startswith("JSON"))
        for p in all_projections()
        for v in p.views()
    }


def decode_json_columns(chunked: Chunked, view: str) -> Chunked:
    """The rows with the view's JSON text columns as JSON values (lists, objects)."""
    wanted = json_columns().get(view, frozenset())
    flags = tuple(c in wanted for c in chunked.columns)
    if not any(flags):
        return chunked

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in chunked.rows:
            yield tuple(
                _json_value(v) if is_json else v for v, is_json in zip(row, flags, strict=True)
            )

    return Chunked(chunked.columns, rows())


def json_rows(
    view: str, rows: Iterable[Mapping[str, Any]], booleans: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Rows of ``view`` in the one portable form of the JSONL export (``--json`` outputs):
    UTC ``...Z`` times, JSON booleans (``booleans``: the view's boolean columns, which
    SQLite returns as 0/1), list and object columns as JSON values."""
    wanted = json_columns().get(view, frozenset())
    flags = set(booleans)
    out = []
    for row in rows:
        record: dict[str, Any] = {}
        for column, value in row.items():
            if column in flags and value is not None:
                value = bool(value)
            elif column in wanted:
                value = _json_value(value)
            record[column] = portable(value)
        out.append(record)
    return out


def boolean_columns(conn: Connection, view: str) -> set[str]:
    """The view's BOOLEAN columns (SQLite hands them back as 0/1)."""
    return _boolean_columns(conn, view)


def _json_value(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def stream_view(conn: Connection, view: str, *, chunk_size: int = CHUNK_SIZE) -> Chunked:
    """Stream ``view`` in chunks of ``chunk_size`` rows; ``view`` must be a checked name.

    On PostgreSQL the rows come through a server-side cursor; keep ``conn`` open while
    iterating.
    """
    booleans = _boolean_columns(conn, view)
    quoted = conn.dialect.identifier_preparer.quote(view)
    result = conn.execution_options(stream_results=True, yield_per=chunk_size).execute(
        sa.text(f"SELECT * FROM {quoted}")
    )
    columns = tuple(result.keys())
    flags = tuple(c in booleans for c in columns)

    def rows() -> Iterator[tuple[Any, ...]]:
        for partition in result.partitions(chunk_size):
            for row in partition:
                yield tuple(
                    (None if v is None else bool(v)) if is_bool else portable(v)
                    for v, is_bool in zip(row, flags, strict=True)
                )

    return Chunked(columns, rows())


def write_csv(chunked: Chunked, out: TextIO) -> int:
    """Write a header and every row as CSV; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(chunked.columns)
    count = 0
    for row in chunked.rows:
        writer.writerow([_csv_cell(v) for v in row])
        count += 1
    return count


def write_jsonl(chunked: Chunked, out: TextIO) -> int:
    """Write one JSON object per row; returns the number of rows."""
    count = 0
    for row in chunked.rows:
        record = dict(zip(chunked.columns, row, strict=True))
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count


WRITERS: dict[str, Callable[[Chunked, TextIO], int]] = {"csv": write_csv, "jsonl": write_jsonl}


def export_view(
    engine: Engine, view: str, fmt: str, out: TextIO, *, chunk_size: int = CHUNK_SIZE
) -> int:
    """Export one (checked) view as ``csv`` or ``jsonl`` to ``out``; returns the row count.

    JSON Lines carry list and object columns as JSON values; CSV as their JSON text.
    """
    with engine.connect() as conn:
        chunked = stream_view(conn, view, chunk_size=chunk_size)
        if fmt == "jsonl":
            chunked = decode_json_columns(chunked, view)
        return WRITERS[fmt](chunked, out)


# ---------------------------------------------------------------- CAMEO


def _json_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [p.strip() for p in value.split(",") if p.strip()]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None and v != ""]
    return [str(value)]


def cameo_code(actor: str | None) -> str:
    """The CAMEO code of a tracker actor code (ISO alpha-3 for states), else the code itself."""
    if not actor:
        return ""
    # the conflict pack's CAMEO codes (ISO-3166 alpha-3, IGO...); others pass through
    known = ACTORS.get(actor)
    return known.cameo if known is not None and known.cameo else actor


def actor_name(actor: str | None) -> str:
    """The registry's name for an actor code, else the code."""
    if not actor:
        return ""
    known = ACTORS.get(actor)
    return known.name if known is not None else actor


def _sqldate(when: Any) -> str:
    text = portable(when)
    return text[:10].replace("-", "") if isinstance(text, str) and len(text) >= 10 else ""


def _blank() -> dict[str, Any]:
    return dict.fromkeys(CAMEO_COLUMNS)


def truce_event(row: Mapping[str, Any]) -> dict[str, Any]:
    """A ``truce_status`` row as a CAMEO 0871 event: the declaration, dated when announced."""
    parties = _json_list(row.get("parties"))
    brokers = _json_list(row.get("brokers"))
    sources = _json_list(row.get("sources"))
    when = row.get("announced_at") or row.get("effective_at")
    precision = (
        row.get("announced_precision")
        if row.get("announced_at")
        else row.get("effective_precision")
    )
    event = _blank()
    event.update(
        GLOBALEVENTID=f"truce:{row.get('truce_id')}",
        SQLDATE=_sqldate(when),
        EventDate=portable(when),
        DatePrecision=precision,
        DateAsWritten=None if row.get("announced_at") else row.get("effective_as_written"),
        EventCode="0871",
        EventBaseCode="087",
        EventRootCode="08",
        EventDescription="Declare truce, ceasefire",
        QuadClass=2,
        Actor1Code=cameo_code(parties[0]) if parties else "",
        Actor1Name=actor_name(parties[0]) if parties else "",
        Actor2Code=cameo_code(parties[1]) if len(parties) > 1 else "",
        Actor2Name=actor_name(parties[1]) if len(parties) > 1 else "",
        Parties=";".join(cameo_code(p) for p in parties),
        Mediators=";".join(cameo_code(b) for b in brokers),
        IsClaim=False,
        TruceId=row.get("truce_id"),
        EffectiveDate=portable(row.get("effective_at")),
        EndDate=portable(row.get("ended_at")),
        EndReason=row.get("end_reason"),
        notes=row.get("name"),
        SOURCEURL=sources[0] if sources else "",
        Sources=" ".join(sources),
    )
    return event


def violation_event(row: Mapping[str, Any]) -> dict[str, Any]:
    """A ``violation_reports`` row as a CAMEO 196 event: a claim by the accuser, not a fact.

    Actor1 is the accused; Actor2 the side hit: ``against`` when the accuser is a third
    party (a monitor), else the accuser itself.
    """
    accuser = row.get("accuser") or ""
    accused = row.get("accused") or ""
    victim = row.get("against") or accuser
    sources = _json_list(row.get("source_urls") or row.get("sources"))
    places = _json_list(row.get("places"))
    denied = row.get("denied")
    event = _blank()
    event.update(
        GLOBALEVENTID=f"report:{row.get('report_id')}",
        SQLDATE=str(row.get("occurred_day") or "").replace("-", "")
        or _sqldate(row.get("occurred_at")),  # the local day, as violation_reports gives it
        EventDate=portable(row.get("occurred_at")),
        DatePrecision=row.get("occurred_precision"),
        DateAsWritten=row.get("occurred_as_written"),
        EventCode="196",
        EventBaseCode="196",
        EventRootCode="19",
        EventDescription="Violate ceasefire",
        QuadClass=4,
        Actor1Code=cameo_code(accused),
        Actor1Name=actor_name(accused),
        Actor2Code=cameo_code(victim),
        Actor2Name=actor_name(victim),
        IsClaim=True,
        Claimant=cameo_code(accuser),
        ClaimantName=actor_name(accuser),
        ClaimantAsWritten=row.get("accuser_text"),
        Denied=None if denied is None else bool(int(denied)),
        TruceId=row.get("truce_id"),
        ReportId=row.get("report_id"),
        IncidentId=row.get("incident_id"),
        ActionGeo_FullName="; ".join(places),
        ActionGeo_CountryCode=row.get("country"),
        ActionGeo_Lat=row.get("latitude"),
        ActionGeo_Long=row.get("longitude"),
        admin1=row.get("admin1"),
        geo_precision=row.get("geo_precision"),
        fatalities=row.get("killed"),
        injuries=row.get("wounded"),
        notes=row.get("description"),
        SOURCEURL=sources[0] if sources else "",
        Sources=" ".join(sources),
        DATEADDED=portable(row.get("recorded_at")),
    )
    return event


def cameo_events(engine: Engine, *, chunk_size: int = CHUNK_SIZE) -> Chunked:
    """Truces then violation reports as CAMEO rows, streamed (missing views give no rows)."""
    present = set(available_views(engine))

    def rows() -> Iterator[tuple[Any, ...]]:
        for view, convert in (
            ("truce_status", truce_event),
            ("violation_reports", violation_event),
        ):
            if view not in present:
                log.warning("view %s is missing; the CAMEO export has none of its events", view)
                continue
            with engine.connect() as conn:
                chunked = stream_view(conn, view, chunk_size=chunk_size)
                for values in chunked.rows:
                    event = convert(dict(zip(chunked.columns, values, strict=True)))
                    yield tuple(portable(event[c]) for c in CAMEO_COLUMNS)

    return Chunked(CAMEO_COLUMNS, rows())


def export_cameo(
    engine: Engine, out: TextIO, fmt: str = "csv", *, chunk_size: int = CHUNK_SIZE
) -> int:
    """Write the CAMEO events as ``csv`` (default) or ``jsonl``; returns the row count."""
    return WRITERS[fmt](cameo_events(engine, chunk_size=chunk_size), out)
