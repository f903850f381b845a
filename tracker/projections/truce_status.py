"""The ``truce_status`` view: one row per truce with its status, lifespan and first violation.

Owns the view's columns, their comments, the row builder (``status_rows``, also used by
``tracker truces --as-of``) and the view SQL. The only clock-dependent columns
(``status`` of a truce whose effective time has passed since the last event, ongoing
``lifespan_minutes``) are computed by the view from the database's clock, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import sqlalchemy as sa

from tracker.domain.book import Book
from tracker.domain.timing import local_text
from tracker.domain.truces import RULES_VERSION, Assessment, TruceAssessment
from tracker.projections._base import ClaimView, Row, as_json, ts, typed_columns

COLUMNS: dict[str, str] = {
    "truce_id": "Stable id of the truce (as in the conflict pack's truces.tsv).",
    "name": "Name of the truce as curated.",
    "kind": "Kind as the sources describe it (humanitarian ceasefire, armistice...).",
    "truce_class": "ETH/PRIO class: cessation, cessation with compliance, definitive.",
    "purpose": "What the truce is for, as the sources say (ETH/PRIO purpose).",
    "truce_type": "humanitarian or general (a ceasefire of all hostilities); NULL if not coded.",
    "declaration": "bilateral, unilateral or multilateral: who declared it; NULL if not coded.",
    "form": "The form of the text as the sources describe it (joint statement, parallel statements...).",
    "written": "written, verbal or unclear (ETH/PRIO written); NULL if not coded.",
    "mediated": "True if a third party mediated (at least one broker; ETH/PRIO mediator_nego).",
    "scope": "The area and actors the truce covers, as curated.",
    "monitoring": "The agreed monitoring or compliance mechanism ('none' when the text agrees none; ETH/PRIO implement).",
    "terms": "JSON array of the provisions, as curated (PA-X style).",
    "attribute_sources": "JSON object: attribute (purpose, truce_type, declaration, written, brokers, scope, monitoring, terms) -> source URLs.",
    "parties": "JSON array of the actor codes bound by the truce.",
    "brokers": "JSON array of broker actor codes (a set; brokers can be disputed).",
    "broker_sources": "JSON object: broker code -> source URLs naming it.",
    "signatories": "JSON array of {name, role}.",
    "announced_at": "When the truce became public (UTC; start of its precision period).",
    "announced_precision": "Precision of announced_at: minute, hour, day, week, month, year.",
    "effective_at": "When the truce takes force (UTC).",
    "effective_precision": "Precision of effective_at.",
    "effective_local": "effective_at in the zone as written (ISO-8601 with offset).",
    "effective_as_written": "The words the sources used for the effective time.",
    "effective_disputed": "JSON array of other readings of the effective time, with sources.",
    "first_violation_report_id": "Report id of the first violation claim by occurred time.",
    "first_violation_at": "Occurred time (UTC, start of its precision period) of the first claim known to fall at or after effect.",
    "first_violation_precision": "Precision of first_violation_at.",
    "first_violation_local": "The same in the zone as written, at its precision ('2020-11-26 (+04:00)', '2020-10-18 00:04 +04:00').",
    "first_violation_accuser": "Accuser (actor code) of the first violation claim.",
    "minutes_to_first_violation": "Minutes from effect to the first claim, by occurred time (valid-time clock): the earliest the claim allows.",
    "minutes_to_first_violation_max": "The latest the claim allows: to the end of its precision period (a day-precision claim on the effective day: 0 to the end of that day); equals minutes_to_first_violation for a claim known to the minute.",
    "time_to_first_violation": "The same at the claim's precision ('5 min', '16 days').",
    "first_published_report_id": "Report id of the earliest published violation claim.",
    "first_published_at": "Publication time (UTC) of that claim (knowledge-time clock; its record time when the source gave none).",
    "minutes_to_first_published": "Minutes from effect to the first claim's publication.",
    "time_to_first_published": "The same at the publication time's precision.",
    "minutes_to_first_violation_by_accuser": "JSON object: accuser -> minutes from effect to its first claim.",
    "report_count": "Violation claims counted against this truce: assigned to it and occurred before its latest possible end (retracted claims excluded; syndicated and re-written copies each count).",
    "report_counts_by_accuser": "JSON object: accusing actor -> number of those claims.",
    "incident_count": "Incidents among those claims (copies of one claim, and claims of one happening, collapse to one).",
    "incident_counts_by_accuser": "JSON object: accusing actor -> incidents it reported.",
    "ended_at": "When the truce stopped being in force, at the earliest: first of collapse, supersession, end (UTC, start of the end's precision period).",
    "ended_precision": "Precision of ended_at.",
    "ended_latest_at": "The latest possible end (UTC): the end of the precision period of ended_at (an end known to the day: the next local midnight); equals ended_at when known to the minute.",
    "ended_local": "ended_at in the zone as written, at its precision ('2020-10-18 (+04:00)').",
    "end_reason": "collapsed, superseded or ended (the first that happened; the same word as status); NULL while in force.",
    "end_detail": "Collapse rule id, successor truce id, or the ended sub-reason.",
    "superseded_by": "The truce that superseded this one, if any.",
    "lifespan_minutes": "Shortest possible lifespan: minutes from effect to ended_at; while in force, to the database's now.",
    "lifespan_max_minutes": "Longest possible lifespan: minutes from effect to ended_latest_at (NULL while in force); equals lifespan_minutes when the end is known to the minute.",
    "lifespan": "Lifespan as text: exact ('1043 d 12 h'), bounds when the end is known to the day ('0 min to 24 h'), or 'ongoing'.",
    "lifespan_ongoing": "True while the truce is in force (lifespan right-censored).",
    "status": "announced, holding, violated, collapsed, superseded or ended; once the truce's life ended, the same word as end_reason.",
    "status_rule": "Id of the rule that set the status (docs/status-rules.md).",
    "status_reason": "Human-readable reason for the status.",
    "rules_version": "Version of the status rules that produced the row.",
    "sources": "JSON array of source URLs of the truce and its end events.",
}


def status_rows(truces: Mapping[str, TruceAssessment]) -> Iterable[Row]:
    """One ``truce_status`` row per assessed truce (the stored form: no clock)."""
    for tid, a in truces.items():
        ann = a.announcement
        first = a.first_by_occurred
        pub = a.first_by_published
        yield {
            "truce_id": tid,
            "name": ann.name,
            "kind": ann.kind,
            "truce_class": ann.truce_class,
            "purpose": ann.purpose or None,
            "truce_type": ann.truce_type or None,
            "declaration": ann.declaration or None,
            "form": ann.form or None,
            "written": ann.written or None,
            "mediated": bool(ann.brokers),
            "scope": ann.scope or None,
            "monitoring": ann.monitoring or None,
            "terms": as_json(list(ann.terms)),
            "attribute_sources": as_json({a.value: list(a.sources) for a in ann.attribute_sources}),
            "parties": as_json(sorted(ann.parties)),
            "brokers": as_json(sorted({b.value for b in ann.brokers})),
            "broker_sources": as_json({b.value: list(b.sources) for b in ann.brokers}),
            "signatories": as_json([{"name": s.name, "role": s.role} for s in ann.signatories]),
            "announced_at": ts(a.announced.instant) if a.announced else None,
            "announced_precision": a.announced.precision if a.announced else None,
            "effective_at": ts(a.effective.instant),
            "effective_precision": a.effective.precision,
            "effective_local": a.effective.local.isoformat(timespec="minutes"),
            "effective_as_written": a.effective.expression,
            "effective_disputed": as_json([d.to_data() for d in ann.effective_disputed]),
            "first_violation_report_id": first.report_id if first else None,
            "first_violation_at": ts(first.occurred.instant) if first else None,
            "first_violation_precision": first.occurred.precision if first else None,
            "first_violation_local": local_text(first.occurred) if first else None,
            "first_violation_accuser": first.accuser if first else None,
            "minutes_to_first_violation": a.minutes_to_first_occurred,
            "minutes_to_first_violation_max": a.minutes_to_first_occurred_max,
            "time_to_first_violation": a.text_to_first_occurred or None,
            "first_published_report_id": pub[0].report_id if pub else None,
            "first_published_at": ts(pub[1].instant) if pub else None,
            "minutes_to_first_published": a.minutes_to_first_published,
            "time_to_first_published": a.text_to_first_published or None,
            "minutes_to_first_violation_by_accuser": as_json(a.first_by_accuser),
            "report_count": a.report_count,
            "report_counts_by_accuser": as_json(a.report_counts),
            "incident_count": a.incident_count,
            "incident_counts_by_accuser": as_json(a.incident_counts),
            "ended_at": ts(a.ended_at.instant) if a.ended_at else None,
            "ended_precision": a.ended_at.precision if a.ended_at else None,
            "ended_latest_at": ts(a.ended_latest) if a.ended_latest else None,
            "ended_local": local_text(a.ended_at) if a.ended_at else None,
            "end_reason": a.end_reason,
            "end_detail": a.end_detail or None,
            "superseded_by": a.superseded_by,
            "lifespan_minutes": a.lifespan_minutes,
            "lifespan_max_minutes": a.lifespan_max_minutes,
            "lifespan": a.lifespan_text,
            "lifespan_ongoing": a.ended_at is None,
            "status": a.status,
            "status_rule": a.rule_id,
            "status_reason": a.status_reason,
            "rules_version": RULES_VERSION,
            "sources": as_json(a.sources),
        }


_TIMES = {
    "announced_at",
    "effective_at",
    "first_violation_at",
    "first_published_at",
    "ended_at",
    "ended_latest_at",
}
_INTS = {
    "minutes_to_first_violation",
    "minutes_to_first_violation_max",
    "minutes_to_first_published",
    "report_count",
    "incident_count",
    "lifespan_minutes",
    "lifespan_max_minutes",
    "rules_version",
}


def now_sql(dialect: str) -> str:
    """The database clock, in the same form as stored timestamps."""
    return "now()" if dialect == "postgresql" else "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


def minutes_since_sql(column: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"CAST(floor(EXTRACT(EPOCH FROM (now() - {column})) / 60) AS BIGINT)"
    return f"CAST((julianday('now') - julianday({column})) * 1440 AS INTEGER)"


class TruceStatus(ClaimView):
    """Projection behind ``truce_status``."""

    name: ClassVar[str] = "truce_status"
    description: ClassVar[str] = (
        "One row per truce: parties, brokers, announced and effective times, first reported "
        "violation on both clocks, report counts, end, lifespan, status with the rule that fired."
    )
    key: ClassVar[tuple[str, ...]] = ("truce_id",)
    column_docs: ClassVar[Mapping[str, str]] = COLUMNS

    def columns(self) -> list[sa.Column[Any]]:
        return typed_columns(
            COLUMNS,
            times=_TIMES,
            ints=_INTS,
            bools={"lifespan_ongoing", "mediated"},
            required={"truce_id", "status"},
        )

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        return status_rows(assessment.truces)

    def view_sql(self, physical: str, dialect: str) -> str:
        now = now_sql(dialect)
        computed = {
            "lifespan_minutes": f"CASE WHEN ended_at IS NULL AND effective_at <= {now} "
            f"THEN {minutes_since_sql('effective_at', dialect)} ELSE lifespan_minutes END",
            "status": f"CASE WHEN status = 'announced' AND effective_at <= {now} THEN 'holding' ELSE status END",
        }
        cols = [f"{computed[c]} AS {c}" if c in computed else c for c in COLUMNS]
        return f"SELECT {', '.join(cols)} FROM {physical}"

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [(self.name, ("truce_id",), True), (self.name, ("effective_at",), False)]
