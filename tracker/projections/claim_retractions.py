"""The ``claim_retractions`` view: every curator retraction, visible while the claim is hidden.

Owns the retraction rows. A retraction never touches the log's claim; the other views
hide the claim, and this view shows what was retracted, by whom and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import sqlalchemy as sa

from tracker.domain.book import Book, Recorded
from tracker.domain.events import ClaimRetracted
from tracker.domain.truces import Assessment
from tracker.projections._base import ClaimView, Row, UtcTimestamp

COLUMNS: dict[str, str] = {
    "claim_id": "The retracted claim.",
    "claim_kind": "report, casualty or denial.",
    "claim_known": "True if the claim itself is in the log.",
    "reason": "Why the curator retracted it.",
    "curator": "Who retracted it.",
    "recorded_at": "Record time of the retraction (UTC).",
    "position": "Log position of the retraction.",
}


class ClaimRetractions(ClaimView):
    """Projection behind ``claim_retractions``."""

    name: ClassVar[str] = "claim_retractions"
    description: ClassVar[str] = (
        "Curator retractions: the claims hidden from the other views, and why."
    )
    key: ClassVar[tuple[str, ...]] = ("claim_id",)
    column_docs: ClassVar[Mapping[str, str]] = COLUMNS

    def columns(self) -> list[sa.Column[Any]]:
        return [
            sa.Column("claim_id", sa.Text, nullable=False),
            sa.Column("claim_kind", sa.Text, nullable=False),
            sa.Column("claim_known", sa.Boolean, nullable=False),
            sa.Column("reason", sa.Text, nullable=False),
            sa.Column("curator", sa.Text, nullable=False),
            sa.Column("recorded_at", UtcTimestamp(), nullable=False),
            sa.Column("position", sa.BigInteger, nullable=False),
        ]

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        known = set(book.reports) | set(book.casualties) | set(book.denials)
        for cid in sorted(book.retractions):
            ev, rec = book.retractions[cid]
            yield retraction_row(ev, rec, known=cid in known)


def retraction_row(ev: ClaimRetracted, rec: Recorded, *, known: bool) -> Row:
    """The ``claim_retractions`` row of one retraction."""
    return {
        "claim_id": ev.claim_id,
        "claim_kind": ev.claim_kind,
        "claim_known": known,
        "reason": ev.reason,
        "curator": ev.curator,
        "recorded_at": rec.recorded_at,
        "position": rec.position,
    }
