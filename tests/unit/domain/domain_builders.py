"""Builders for domain tests: a truce, a report, a book folded from events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from tracker.domain.book import Book, Recorded
from tracker.domain.events import Event, TruceAnnounced, ViolationReported
from tracker.domain.values import Place, Provenance, ValidTime

SOURCE = Provenance(urls=("https://example.org/a",))


def at(text: str, precision: str | None = None, tz: str | None = None) -> ValidTime:
    return ValidTime.parse(text, precision=precision, tz=tz)


def a_truce(
    truce_id: str = "t1",
    parties: tuple[str, ...] = ("AM", "AZ"),
    effective: str = "2020-10-10T12:00+04:00",
    announced: str | None = None,
) -> TruceAnnounced:
    return TruceAnnounced(
        truce_id=truce_id,
        name=f"truce {truce_id}",
        parties=parties,
        effective=at(effective),
        announced=at(announced) if announced else None,
        sources=("https://example.org/truce",),
    )


def a_report(
    report_id: str,
    occurred: str,
    accuser: str = "AM",
    accused: str = "AZ",
    places: tuple[str, ...] = (),
    weapon: str = "",
    killed: int | None = None,
    precision: str | None = None,
    published: str | None = None,
) -> ViolationReported:
    prov = Provenance(
        urls=(f"https://example.org/{report_id}",), published=at(published) if published else None
    )
    return ViolationReported(
        report_id=report_id,
        accuser=accuser,
        accused=accused,
        occurred=at(occurred, precision),
        places=tuple(Place(p, p) for p in places),
        weapon=weapon,
        killed=killed,
        provenance=prov,
    )


def a_book(events: Iterable[Event]) -> Book:
    book = Book()
    for i, ev in enumerate(events, start=1):
        book.apply(ev, Recorded(i, datetime(2026, 1, 1, tzinfo=UTC)))
    return book
