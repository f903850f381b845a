"""The quarantine use case: what polling, extraction and projections set aside.

Owns listing the quarantine, closing a row, and trying a row's stage again: an
extraction is re-run on its item, a feed item makes its feed due now, a projection event
waits for a rebuild. Must not print.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.app import extract
from tracker.app.root import App
from tracker.errors import StoreError
from tracker.store import feed_state as fs
from tracker.store import quarantine
from tracker.store.quarantine import STAGES
from tracker.store.quarantine import QuarantineRow as Row

__all__ = ["STAGES", "Retried", "Row", "resolve", "retry", "rows"]


def rows(app: App, *, include_resolved: bool = False, stage: str | None = None) -> list[Row]:
    """The open rows (or every row), of one stage or all."""
    return quarantine.list_rows(app.engine, include_resolved=include_resolved, stage=stage)


def resolve(app: App, row_id: int, how: str) -> Row:
    """Close row ``row_id``, saying what was done about it.

    Raises:
        StoreError: no open row has that id.
    """
    return quarantine.resolve(app.engine, row_id, how=how, now=app.now())


@dataclass(frozen=True, slots=True)
class Retried:
    """What a retry did: ``re-extracted`` (with the events appended), ``feed-due`` or
    ``needs-rebuild``."""

    outcome: str
    row: Row
    appended: int = 0


def retry(app: App, row_id: int) -> Retried:
    """Try row ``row_id``'s stage again.

    Raises:
        StoreError: no open row has that id, or the extraction fails again (the row stays).
    """
    found = {r.id: r for r in quarantine.list_rows(app.engine)}
    row = found.get(row_id)
    if row is None:
        raise StoreError(f"no open quarantine row {row_id}")
    if row.stage == "extract" and row.position is not None:
        try:
            n = extract.retry(app, row.position)
        except Exception as exc:
            raise StoreError(f"extraction failed again: {type(exc).__name__}: {exc}") from exc
        quarantine.resolve(app.engine, row_id, how="re-extracted", now=app.now())
        return Retried("re-extracted", row, n)
    if row.stage == "ingest" and row.feed:
        fs.poll_again(app.engine, row.feed, now=app.now())
        return Retried("feed-due", row)
    return Retried("needs-rebuild", row)
