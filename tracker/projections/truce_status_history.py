"""The ``truce_status_history`` view: status intervals per truce, in valid time.

Owns the interval rows: one row per (truce, interval) with ``valid_from`` (inclusive)
and ``valid_to`` (exclusive; NULL = open), so "the status of truce T at time X" is
``WHERE truce_id = T AND valid_from <= X AND (valid_to IS NULL OR X < valid_to)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

import sqlalchemy as sa

from tracker.domain.book import Book
from tracker.domain.truces import RULES_VERSION, Assessment, TruceAssessment
from tracker.projections._base import ClaimView, Row, UtcTimestamp, ts

COLUMNS: dict[str, str] = {
    "truce_id": "The truce.",
    "seq": "Order of the interval within the truce's history, from 1.",
    "status": "announced, holding, violated, collapsed, superseded or ended.",
    "valid_from": "Start of the interval (UTC, inclusive); NULL only if the announcement time is unknown.",
    "valid_to": "End of the interval (UTC, exclusive); NULL for the current, open interval.",
    "rule_id": "Id of the rule that started the interval (docs/status-rules.md).",
    "reason": "Human-readable reason.",
    "rules_version": "Version of the status rules.",
}


class TruceStatusHistory(ClaimView):
    """Projection behind ``truce_status_history``."""

    name: ClassVar[str] = "truce_status_history"
    description: ClassVar[str] = (
        "Status intervals of every truce in valid time, each with the rule that fired."
    )
    key: ClassVar[tuple[str, ...]] = ("truce_id", "seq")
    column_docs: ClassVar[Mapping[str, str]] = COLUMNS

    def columns(self) -> list[sa.Column[Any]]:
        return [
            sa.Column("truce_id", sa.Text, nullable=False),
            sa.Column("seq", sa.Integer, nullable=False),
            sa.Column("status", sa.Text, nullable=False),
            sa.Column("valid_from", UtcTimestamp()),
            sa.Column("valid_to", UtcTimestamp()),
            sa.Column("rule_id", sa.Text, nullable=False),
            sa.Column("reason", sa.Text, nullable=False),
            sa.Column("rules_version", sa.Integer, nullable=False),
        ]

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        return history_rows(assessment.truces)

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [
            (self.name, ("truce_id", "seq"), True),
            (self.name, ("truce_id", "valid_from"), False),
        ]


def history_rows(truces: Mapping[str, TruceAssessment]) -> Iterator[Row]:
    """The status intervals of each assessed truce."""
    for tid, a in truces.items():
        for seq, iv in enumerate(a.history, start=1):
            yield {
                "truce_id": tid,
                "seq": seq,
                "status": iv.status,
                "valid_from": ts(iv.valid_from),
                "valid_to": ts(iv.valid_to),
                "rule_id": iv.rule_id,
                "reason": iv.reason,
                "rules_version": RULES_VERSION,
            }
