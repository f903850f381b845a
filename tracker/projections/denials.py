"""The ``denials`` view: one row per (denial, denied report), with the report's incident.

Owns the denial rows. A denial names reports; it is shown against each of them and
carries the incident id, so analysts can see every claim of the incident it disputes.
Retracted denials and denials of retracted reports are hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import sqlalchemy as sa

from tracker.domain.book import Book, Recorded
from tracker.domain.events import ViolationDenied, ViolationReported
from tracker.domain.truces import Assessment
from tracker.projections._base import ClaimView, Row, as_json, ts, typed_columns

COLUMNS: dict[str, str] = {
    "denial_id": "Id of the denial (stream denial-<id>).",
    "report_id": "A report the denial disputes.",
    "incident_id": "Incident of that report.",
    "truce_id": "Truce the report is assigned to.",
    "denier": "Denying actor code.",
    "denier_text": "The denier as written.",
    "statement": "What the denial says.",
    "report_accuser": "Who made the denied claim.",
    "report_occurred_at": "Occurred time of the denied claim (UTC).",
    "confirmed": "True if the denial is curated or a curator confirmed it.",
    "published_at": "Publication time of the denial's source (UTC), if known.",
    "source_urls": "JSON array of source URLs of the denial.",
    "recorded_at": "Record time of the denial (UTC).",
    "position": "Log position of the denial.",
}


class Denials(ClaimView):
    """Projection behind ``denials``."""

    name: ClassVar[str] = "denials"
    description: ClassVar[str] = (
        "Denials of violation claims, one row per denied report, with incident and truce."
    )
    key: ClassVar[tuple[str, ...]] = ("denial_id", "report_id")
    column_docs: ClassVar[Mapping[str, str]] = COLUMNS

    def columns(self) -> list[sa.Column[Any]]:
        return typed_columns(
            COLUMNS,
            times={"report_occurred_at", "published_at", "recorded_at"},
            ints={"position"},
            bools={"confirmed"},
        )

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        for did in sorted(book.denials):
            denial, rec = book.denials[did]
            if book.is_retracted(did):
                continue
            for rid in sorted(set(denial.report_ids)):
                found = book.reports.get(rid)
                if found is None or book.is_retracted(rid):
                    continue
                yield denial_row(
                    denial,
                    rec,
                    found[0],
                    incident_id=assessment.incidents.get(rid),
                    truce_id=assessment.assignment.get(rid),
                    confirmed=did in book.confirmations,
                )

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [
            (self.name, ("denial_id", "report_id"), True),
            (self.name, ("report_id",), False),
            (self.name, ("incident_id",), False),
        ]


def denial_row(
    denial: ViolationDenied,
    rec: Recorded,
    report: ViolationReported,
    *,
    incident_id: str | None,
    truce_id: str | None,
    confirmed: bool,
) -> Row:
    """The ``denials`` row of one live denial against one live report it names."""
    pub = denial.provenance.published
    return {
        "denial_id": denial.denial_id,
        "report_id": report.report_id,
        "incident_id": incident_id,
        "truce_id": truce_id,
        "denier": denial.denier,
        "denier_text": denial.denier_text,
        "statement": denial.statement,
        "report_accuser": report.accuser,
        "report_occurred_at": ts(report.occurred.instant),
        "confirmed": confirmed or not (denial.provenance.item_id or denial.provenance.extractor),
        "published_at": ts(pub.instant) if pub else None,
        "source_urls": as_json(list(denial.provenance.urls)),
        "recorded_at": rec.recorded_at,
        "position": rec.position,
    }
