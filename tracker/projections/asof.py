"""As-of answers: what the views said from what could be known at a time T.

Owns ``book_as_of`` and the ``*_as_of`` row builders. Two clocks choose the events:
``knowledge`` (the default of every ``--as-of``): events whose knowledge time
(``tracker.domain.knowledge``: a source's publication time, a truce's announcement, a
curator's record time) is at or before T; ``recorded``: the log prefix recorded at or
before T (audits: what the database held then). The chosen events are replayed in log
order into an in-memory ``Book`` and the same pure rules and row builders as the live
projections apply, so an as-of answer and a projection built from those events cannot
differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.domain.book import Book, Recorded
from tracker.domain.events import EVENT_TYPES, decode
from tracker.domain.knowledge import knowledge_time
from tracker.domain.truces import assess
from tracker.projections._base import Row, ts
from tracker.projections.truce_status import status_rows
from tracker.projections.violation_reports import ViolationReports
from tracker.store import EventStore

CLOCKS = ("knowledge", "recorded")


@dataclass
class AsOfBook:
    """The book as of T, and the earliest time on the chosen clock in the whole log."""

    book: Book
    events: int  # domain events in the book
    earliest: datetime | None  # None: the log holds no domain event


def as_of(store: EventStore, at: datetime | None, clock: str = "knowledge") -> AsOfBook:
    """The domain events known (or recorded) at or before ``at`` (None: all of them).

    Raises:
        ValueError: ``clock`` is not ``knowledge`` or ``recorded``.
    """
    if clock not in CLOCKS:
        raise ValueError(f"unknown clock {clock!r}; use one of {', '.join(CLOCKS)}")
    book = Book()
    n = 0
    earliest: datetime | None = None
    bound = at if clock == "recorded" else None
    for ev in store.read_all(up_to_recorded_at=bound, types=set(EVENT_TYPES)):
        domain_event = decode(ev.type, ev.data)
        rec_at = ts(ev.recorded_at)
        if domain_event is None or rec_at is None:
            continue
        when = rec_at if clock == "recorded" else knowledge_time(domain_event, rec_at)
        earliest = when if earliest is None else min(earliest, when)
        if at is not None and when > at:
            continue
        book.apply(domain_event, Recorded(ev.position, rec_at))
        n += 1
    if clock == "recorded" and at is not None:
        first = next(iter(store.read_all(types=set(EVENT_TYPES), page_size=1)), None)
        earliest = ts(first.recorded_at) if first is not None else None
    return AsOfBook(book, n, earliest)


def book_as_of(store: EventStore, at: datetime | None = None, clock: str = "knowledge") -> Book:
    """The book of every domain event known (or recorded) at or before ``at``."""
    return as_of(store, at, clock).book


def truce_status_as_of(
    store: EventStore, at: datetime | None, clock: str = "knowledge"
) -> list[Row]:
    """``truce_status`` rows as they stood at ``at`` on ``clock``."""
    book = book_as_of(store, at, clock)
    return list(status_rows(assess(book).truces))


def violation_reports_as_of(
    store: EventStore, at: datetime | None, clock: str = "knowledge"
) -> list[Row]:
    """``violation_reports`` rows as they stood at ``at`` on ``clock``."""
    book = book_as_of(store, at, clock)
    return list(ViolationReports().rows(book, assess(book)))


def claim_views_as_of(
    store: EventStore, at: datetime | None, clock: str = "knowledge"
) -> dict[str, list[Row]]:
    """Every claim view's rows (``truce_status``, ``violation_reports``...) as of ``at``."""
    from tracker.projections.claims import claim_views  # the views' row builders

    book = book_as_of(store, at, clock)
    assessment = assess(book)
    return {v.name: list(v.rows(book, assessment)) for v in claim_views()}
