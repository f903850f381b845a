"""The book: what a prefix of the log says about truces and claims, folded in memory.

Owns ``Book`` (the fold of domain events in log order) and its records. Projections
and as-of queries build a ``Book`` from the events they see and hand it to the pure
rules in ``truces.py``; the same fold serves both, so a live projection and an as-of
replay cannot disagree. Pure: no I/O, no clock (record times come with the events).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tracker.domain.events import (
    CasualtyClaimReported,
    ClaimConfirmed,
    ClaimRetracted,
    Event,
    ItemExtracted,
    TruceAnnounced,
    TruceCollapsed,
    TruceEnded,
    TruceSuperseded,
    TruceTimeCorrected,
    ViolationDenied,
    ViolationReported,
)
from tracker.domain.values import ValidTime

__all__ = ["Book", "Recorded", "TruceRecord"]


@dataclass(frozen=True, slots=True)
class Recorded:
    """Where and when the log recorded an event (its position and record time)."""

    position: int
    recorded_at: datetime


@dataclass
class TruceRecord:
    """Everything the log says about one truce."""

    announcement: TruceAnnounced | None = None
    announced_rec: Recorded | None = None
    effective: ValidTime | None = None
    announced: ValidTime | None = None
    corrections: list[tuple[TruceTimeCorrected, Recorded]] = field(default_factory=list)
    collapses: list[tuple[TruceCollapsed, Recorded]] = field(default_factory=list)
    supersessions: list[tuple[TruceSuperseded, Recorded]] = field(default_factory=list)
    ends: list[tuple[TruceEnded, Recorded]] = field(default_factory=list)


@dataclass
class Book:
    """The fold of domain events, keyed by truce id and claim id.

    Claims (reports, denials, casualty claims) are kept whether or not they were
    retracted; ``retractions`` and ``confirmations`` are keyed by claim id so that
    their order relative to the claim does not matter. Claims extracted from a feed
    item by an extraction that a later ``ItemExtracted`` of the same item replaced are
    ``superseded``: hidden like retracted ones, never deleted.
    """

    truces: dict[str, TruceRecord] = field(default_factory=dict)
    reports: dict[str, tuple[ViolationReported, Recorded]] = field(default_factory=dict)
    denials: dict[str, tuple[ViolationDenied, Recorded]] = field(default_factory=dict)
    casualties: dict[str, tuple[CasualtyClaimReported, Recorded]] = field(default_factory=dict)
    retractions: dict[str, tuple[ClaimRetracted, Recorded]] = field(default_factory=dict)
    confirmations: dict[str, tuple[ClaimConfirmed, Recorded]] = field(default_factory=dict)
    superseded: set[str] = field(default_factory=set)
    unconfirmed_truces: dict[str, tuple[TruceAnnounced, Recorded]] = field(default_factory=dict)
    _by_item: dict[str, dict[str, str]] = field(default_factory=dict)

    def apply(self, event: Event, rec: Recorded) -> None:
        """Fold one event in (events must come in log order)."""
        if isinstance(event, TruceAnnounced) and event.status.startswith("extracted"):
            # An announcement read from the news waits for a curator (``tracker record
            # truce``) before it takes part in the status rules.
            self.unconfirmed_truces[event.truce_id] = (event, rec)
            self._from_item(event.provenance.item_id, event.truce_id, event.stream_id)
        elif isinstance(event, TruceAnnounced):
            t = self._truce(event.truce_id)
            t.announcement, t.announced_rec = event, rec
            t.effective, t.announced = event.effective, event.announced
            for corr, _ in t.corrections:
                self._correct(t, corr)
        elif isinstance(event, TruceTimeCorrected):
            t = self._truce(event.truce_id)
            t.corrections.append((event, rec))
            self._correct(t, event)
        elif isinstance(event, TruceCollapsed):
            self._truce(event.truce_id).collapses.append((event, rec))
        elif isinstance(event, TruceSuperseded):
            self._truce(event.truce_id).supersessions.append((event, rec))
        elif isinstance(event, TruceEnded):
            self._truce(event.truce_id).ends.append((event, rec))
        elif isinstance(event, ViolationReported):
            self.reports[event.report_id] = (event, rec)
            self._from_item(event.provenance.item_id, event.report_id, f"report-{event.report_id}")
        elif isinstance(event, ViolationDenied):
            self.denials[event.denial_id] = (event, rec)
            self._from_item(event.provenance.item_id, event.denial_id, f"denial-{event.denial_id}")
        elif isinstance(event, CasualtyClaimReported):
            self.casualties[event.claim_id] = (event, rec)
            self._from_item(event.provenance.item_id, event.claim_id, f"claim-{event.claim_id}")
        elif isinstance(event, ItemExtracted):
            kept = set(event.streams)
            for claim_id, stream in self._by_item.get(event.item_id, {}).items():
                if stream not in kept:
                    self.superseded.add(claim_id)
        elif isinstance(event, ClaimRetracted):
            self.retractions.setdefault(event.claim_id, (event, rec))
        elif isinstance(event, ClaimConfirmed):
            self.confirmations.setdefault(event.claim_id, (event, rec))

    def _from_item(self, item_id: str | None, claim_id: str, stream: str) -> None:
        if item_id is not None:
            self._by_item.setdefault(item_id, {})[claim_id] = stream
            self.superseded.discard(claim_id)

    def _truce(self, truce_id: str) -> TruceRecord:
        return self.truces.setdefault(truce_id, TruceRecord())

    @staticmethod
    def _correct(t: TruceRecord, corr: TruceTimeCorrected) -> None:
        if corr.which == "effective":
            t.effective = corr.time
        else:
            t.announced = corr.time

    def is_retracted(self, claim_id: str) -> bool:
        """True for a claim hidden from the views: retracted, or superseded by re-extraction."""
        return claim_id in self.retractions or claim_id in self.superseded

    def live_reports(self) -> list[tuple[ViolationReported, Recorded]]:
        """Reports not retracted, in a deterministic order (occurred time, then id)."""
        rows = [r for rid, r in self.reports.items() if not self.is_retracted(rid)]
        rows.sort(key=lambda r: (r[0].occurred.instant, r[0].report_id))
        return rows
