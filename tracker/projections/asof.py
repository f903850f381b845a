"""As-of answers: what the views said from what the log had recorded at a record time.

Owns ``book_as_of`` and ``truce_status_as_of``: replay the log prefix recorded at or
before T into an in-memory ``Book`` and apply the same pure rules and row builders as
the live projections, so an as-of answer and a projection built at T cannot differ.
"""

from __future__ import annotations

from datetime import datetime

from tracker.domain.book import Book, Recorded
from tracker.domain.events import EVENT_TYPES, decode
from tracker.domain.truces import assess
from tracker.projections._base import Row, ts
from tracker.projections.truce_status import status_rows
from tracker.projections.violation_reports import ViolationReports
from tracker.store import EventStore


def book_as_of(store: EventStore, recorded_at: datetime | None = None) -> Book:
    """The book of every domain event recorded at or before ``recorded_at`` (None: all)."""
    book = Book()
    for ev in store.read_all(up_to_recorded_at=recorded_at, types=set(EVENT_TYPES)):
        domain_event = decode(ev.type, ev.data)
        rec_at = ts(ev.recorded_at)
        if domain_event is not None and rec_at is not None:
            book.apply(domain_event, Recorded(ev.position, rec_at))
    return book


def truce_status_as_of(store: EventStore, recorded_at: datetime | None) -> list[Row]:
    """``truce_status`` rows as the log stood at ``recorded_at`` (record time)."""
    book = book_as_of(store, recorded_at)
    return list(status_rows(assess(book).truces))


def violation_reports_as_of(store: EventStore, recorded_at: datetime | None) -> list[Row]:
    """``violation_reports`` rows as the log stood at ``recorded_at`` (record time)."""
    book = book_as_of(store, recorded_at)
    return list(ViolationReports().rows(book, assess(book)))
