"""The ``truce_timeline_daily`` view: violation claims per truce, local day and accuser.

Owns the daily counts (the input of the report's timeline picture and of "incidents per
day by accusing side"). Days are the claims' local days, as ``violation_reports.occurred_day``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import sqlalchemy as sa

from tracker.domain.book import Book
from tracker.domain.incidents import side_key
from tracker.domain.truces import RULES, Assessment
from tracker.projections._base import ClaimView, Row

COLUMNS: dict[str, str] = {
    "truce_id": "The truce the claims are assigned to.",
    "day": "Local day of the claims (violation_reports.occurred_day: the day in the zone as written; a day-precision claim's own day), YYYY-MM-DD.",
    "accuser": "Accusing actor code.",
    "accuser_side": "Side the accuser speaks for, or the third party itself.",
    "reports": "Violation claims that day (syndicated and re-written copies each count).",
    "incidents": "Distinct incidents among them: what happened, copies collapsed (count these).",
    "heavy_reports": "Claims naming heavy weapons, offensive operations or deaths.",
    "killed_claimed": "Sum of killed figures given in the claims (NULL-free).",
}


class TruceTimelineDaily(ClaimView):
    """Projection behind ``truce_timeline_daily``."""

    name: ClassVar[str] = "truce_timeline_daily"
    description: ClassVar[str] = "Violation claims per truce, local day and accusing actor."
    key: ClassVar[tuple[str, ...]] = ("truce_id", "day", "accuser")
    column_docs: ClassVar[Mapping[str, str]] = COLUMNS

    def columns(self) -> list[sa.Column[Any]]:
        return [
            sa.Column("truce_id", sa.Text, nullable=False),
            sa.Column("day", sa.Text, nullable=False),
            sa.Column("accuser", sa.Text, nullable=False),
            sa.Column("accuser_side", sa.Text, nullable=False),
            sa.Column("reports", sa.BigInteger, nullable=False),
            sa.Column("incidents", sa.BigInteger, nullable=False),
            sa.Column("heavy_reports", sa.BigInteger, nullable=False),
            sa.Column("killed_claimed", sa.BigInteger, nullable=False),
        ]

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        acc: dict[tuple[str, str, str], dict[str, Any]] = {}
        incidents: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for r, _ in book.live_reports():
            tid = assessment.assignment.get(r.report_id)
            if tid is None or tid not in assessment.truces:
                continue
            day = r.occurred.local_date.isoformat()
            key = (tid, day, r.accuser)
            row = acc.setdefault(
                key,
                {
                    "truce_id": tid,
                    "day": day,
                    "accuser": r.accuser,
                    "accuser_side": side_key(r.accuser),
                    "reports": 0,
                    "heavy_reports": 0,
                    "killed_claimed": 0,
                },
            )
            row["reports"] += 1
            row["heavy_reports"] += int(RULES.is_heavy(r))
            row["killed_claimed"] += r.killed or 0
            incidents[key].add(assessment.incidents[r.report_id])
        for key in sorted(acc):
            yield {**acc[key], "incidents": len(incidents[key])}

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [
            (self.name, ("truce_id", "day", "accuser"), True),
            (self.name, ("day", "accuser_side"), False),
        ]
