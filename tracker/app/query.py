"""The query use case: the analysts' views as they stand, and the log itself.

Owns reading the truce table (now, or replayed as of a knowledge or record time), the
violation reports, the log's events, the report's data and the exports. Never writes:
the views are read as the projections left them, and :func:`tracker.app.project.behind`
says how far behind the log they are. Must not print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from tracker.app.root import App
from tracker.domain.truces import assess
from tracker.domain.values import format_utc
from tracker.errors import DomainError, StoreUnavailable, TrackerError
from tracker.projections.asof import as_of as as_of_book
from tracker.projections.truce_status import status_rows
from tracker.report import ReportPaths, build_report, exports
from tracker.report.exports import json_rows
from tracker.store import RecordedEvent

__all__ = ["json_rows"]


# ---------------------------------------------------------------- truces and violations


def _built(app: App, *views: str) -> bool:
    """Whether the views exist (a database no projection has run on has none yet)."""
    present = exports.available_views(app.engine)
    return all(v in present for v in views)


def truces(app: App) -> list[dict[str, Any]]:
    """The rows of ``truce_status`` as they stand, by effective time (none before the
    projections first ran)."""
    if not _built(app, "truce_status"):
        return []
    with app.engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(
                sa.text("SELECT * FROM truce_status ORDER BY effective_at")
            ).mappings()
        ]


def truces_as_of(app: App, cutoff: datetime, clock: str) -> list[dict[str, Any]]:
    """The truce rows replayed from the events known at ``cutoff`` (``clock``: knowledge or
    recorded time), through the same rules as the view.

    Raises:
        TrackerError: nothing about truces was known then (the log starts later).
    """
    found = as_of_book(app.store, cutoff, clock)
    rows = list(status_rows(assess(found.book).truces))
    if not rows and found.earliest is not None:
        raise TrackerError(
            f"nothing about truces was known at {format_utc(cutoff)} ({clock} time): "
            f"the log's earliest {clock} time is {format_utc(found.earliest)}"
        )
    return rows


def violations(app: App, truce_id: str | None = None) -> list[dict[str, Any]]:
    """The rows of ``violation_reports`` (of one truce), by occurred time.

    Raises:
        DomainError: ``truce_id`` names no truce of the view.
    """
    if not _built(app, "truce_status", "violation_reports"):
        if truce_id is not None:
            raise DomainError(f"unknown truce {truce_id!r}; known truces: none")
        return []
    sql = "SELECT * FROM violation_reports"
    params: dict[str, Any] = {}
    if truce_id is not None:
        sql += " WHERE truce_id = :t"
        params["t"] = truce_id
    with app.engine.connect() as conn:
        if truce_id is not None:
            known = conn.execute(
                sa.text("SELECT 1 FROM truce_status WHERE truce_id = :t"), {"t": truce_id}
            ).first()
            if known is None:
                ids = [r[0] for r in conn.execute(sa.text("SELECT truce_id FROM truce_status"))]
                raise DomainError(
                    f"unknown truce {truce_id!r}; known truces: {', '.join(sorted(ids)) or 'none'}"
                )
        return [
            dict(r)
            for r in conn.execute(
                sa.text(sql + " ORDER BY occurred_at, report_id"), params
            ).mappings()
        ]


def boolean_columns(app: App, view: str) -> set[str]:
    """The columns of ``view`` that hold booleans (0/1 on SQLite), for JSON output."""
    if not _built(app, view):
        return set()
    with app.engine.connect() as conn:
        return exports.boolean_columns(conn, view)


# ---------------------------------------------------------------- the log


def events(app: App, stream: str | None, after: int, limit: int) -> list[dict[str, Any]]:
    """At most ``limit`` events after position ``after`` (of one stream), as dicts."""
    found: Iterable[RecordedEvent]
    if stream is not None:
        found = (e for e in app.store.read_stream(stream) if e.position > after)
    else:
        found = app.store.read_all(after)
    rows = []
    for e in found:
        rows.append(e._asdict())
        if len(rows) >= limit:
            break
    return rows


def stream_exists(app: App, stream: str) -> bool:
    return next(iter(app.store.read_stream(stream)), None) is not None


# ---------------------------------------------------------------- report and exports


@contextmanager
def _views_readable() -> Iterator[None]:
    """A database that cannot be read becomes ``StoreUnavailable`` (one line, no trace)."""
    try:
        yield
    except sa_exc.OperationalError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"cannot read the views: {reason}") from exc


def report(
    app: App,
    out_dir: Path,
    *,
    as_of: datetime | None = None,
    on_step: Callable[[str], None] | None = None,
) -> ReportPaths:
    """Write the HTML report and its pictures from the views (or as known at ``as_of``).

    Raises:
        TrackerError: nothing was known at ``as_of``; StoreUnavailable: the views cannot
        be read; OSError: ``out_dir`` cannot be written.
    """
    if as_of is not None:
        known = as_of_book(app.store, as_of)
        if known.events == 0 and known.earliest is not None:
            raise TrackerError(
                f"nothing was known at {format_utc(as_of)} (knowledge time): "
                f"the log's earliest knowledge time is {format_utc(known.earliest)}"
            )
    with _views_readable():
        return build_report(app.engine, out_dir, as_of=as_of, on_step=on_step)


FORMATS = exports.FORMATS
CHUNK_SIZE = exports.CHUNK_SIZE


def resolve_views(app: App, names: Sequence[str]) -> list[str]:
    """The views to export: ``names``, or every analyst view when none is named.

    Raises:
        ExportError: a name is not an analyst view; StoreUnavailable.
    """
    with _views_readable():
        return exports.resolve_views(app.engine, names)


def export_view(app: App, view: str, fmt: str, out: TextIO, *, chunk_size: int) -> int:
    """Stream one view to ``out`` in ``fmt``; returns the rows written."""
    with _views_readable():
        return exports.export_view(app.engine, view, fmt, out, chunk_size=chunk_size)


def export_cameo(app: App, out: TextIO, *, chunk_size: int) -> int:
    """Stream the violation reports and truces in CAMEO terms; returns the rows written."""
    with _views_readable():
        return exports.export_cameo(app.engine, out, chunk_size=chunk_size)
