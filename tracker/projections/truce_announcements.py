"""The ``truce_announcements`` view: truces read from the news, waiting for a curator.

Owns the rows of extracted, unconfirmed truce announcements. The extractor records an
announcement it could not match to a known truce as ``TruceAnnounced`` with status
``extracted-unconfirmed``; such a truce takes no part in the status rules until a
curator records it (``tracker record truce``). This view is the curator's queue: what
was announced, between whom, from when, where it was read, and the curated truce it
probably is already (same parties, taking effect within :data:`MATCH_WINDOW`).
Announcements retracted, or dropped by a later extraction of their item, are hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, ClassVar

import sqlalchemy as sa

from tracker.domain.book import Book, Recorded
from tracker.domain.events import TruceAnnounced
from tracker.domain.truces import Assessment
from tracker.projections._base import (
    ClaimView,
    Row,
    as_json,
    source_columns,
    ts,
    typed_columns,
)

#: How far apart an announcement's and a curated truce's effective times may be for the
#: announcement to be shown as probably that truce.
MATCH_WINDOW = timedelta(days=2)

COLUMNS: dict[str, str] = {
    "announcement_id": "Id of the announcement read from the news (stream truce-<id>).",
    "name": "The announcing sentence, up to 120 characters.",
    "parties": "JSON array of the actor codes the truce binds.",
    "brokers": "JSON array of the brokers named (actor codes).",
    "effective_at": "When the truce is to take effect (UTC, start of its precision period).",
    "effective_precision": "Precision of effective_at (minute, hour, day...).",
    "effective_as_written": "The effective time as the source wrote it.",
    "curated_truce_id": (
        "A curated truce between the same parties taking effect within two days of "
        "effective_at (the closest), if any: the announcement is then probably recorded "
        "already. NULL: a candidate for `tracker record truce`."
    ),
    "published_at": "Publication time of the source (UTC), if known.",
    "source_urls": "JSON array of source URLs.",
    "source_item_id": "Feed item id the announcement was extracted from.",
    "quote": "Text span quoted from the source.",
    "evidence_span": "JSON [start, end]: character offsets of the quote in the feed item's text.",
    "extractor": "Extractor version (extractor:vN).",
    "recorded_at": "Record time: when the log learned the announcement (UTC).",
    "position": "Log position of the announcement.",
}


class TruceAnnouncements(ClaimView):
    """Projection behind ``truce_announcements``."""

    name: ClassVar[str] = "truce_announcements"
    description: ClassVar[str] = (
        "Truce announcements read from the news and not yet recorded by a curator, with "
        "their source and the curated truce each probably is."
    )
    key: ClassVar[tuple[str, ...]] = ("announcement_id",)
    column_docs: ClassVar[Mapping[str, str]] = COLUMNS

    def columns(self) -> list[sa.Column[Any]]:
        return typed_columns(
            COLUMNS, times={"effective_at", "published_at", "recorded_at"}, ints={"position"}
        )

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        for tid in sorted(book.unconfirmed_truces):
            if book.is_retracted(tid):
                continue
            a, rec = book.unconfirmed_truces[tid]
            yield announcement_row(a, rec, curated_match(book, a))

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [
            (self.name, ("announcement_id",), True),
            (self.name, ("effective_at",), False),
        ]


def curated_match(book: Book, announcement: TruceAnnounced) -> str | None:
    """The curated truce between the same parties whose effective time is closest to the
    announcement's, within :data:`MATCH_WINDOW`; ``None`` if there is none."""
    parties = set(announcement.parties)
    when = announcement.effective.instant
    best: tuple[timedelta, str] | None = None
    for tid, truce in book.truces.items():
        if truce.announcement is None or truce.effective is None:
            continue
        if set(truce.announcement.parties) != parties:
            continue
        gap = abs(truce.effective.instant - when)
        if gap <= MATCH_WINDOW and (best is None or (gap, tid) < best):
            best = (gap, tid)
    return None if best is None else best[1]


def announcement_row(a: TruceAnnounced, rec: Recorded, curated_truce_id: str | None) -> Row:
    """The ``truce_announcements`` row of one live, unconfirmed announcement."""
    prov = a.provenance
    return {
        "announcement_id": a.truce_id,
        "name": a.name,
        "parties": as_json(sorted(a.parties)),
        "brokers": as_json([b.value for b in a.brokers]),
        "effective_at": ts(a.effective.instant),
        "effective_precision": a.effective.precision,
        "effective_as_written": a.effective.expression,
        "curated_truce_id": curated_truce_id,
        **source_columns(prov),
        "extractor": prov.extractor,
        "recorded_at": rec.recorded_at,
        "position": rec.position,
    }
