"""Projections: SQL views derived from the log, rebuildable and versioned.

Owns the registry of analyst views (``all_projections``) and re-exports the runner.
Each view lives in its own module; ``runner.py`` runs them. Must not fetch, print or
import the CLI.
"""

from __future__ import annotations

from tracker.projections.casualty_claims import CasualtyClaims
from tracker.projections.claim_retractions import ClaimRetractions
from tracker.projections.denials import Denials
from tracker.projections.items import Items
from tracker.projections.runner import Projection, Runner, RunResult
from tracker.projections.truce_announcements import TruceAnnouncements
from tracker.projections.truce_status import TruceStatus
from tracker.projections.truce_status_history import TruceStatusHistory
from tracker.projections.truce_timeline_daily import TruceTimelineDaily
from tracker.projections.violation_reports import ViolationReports
from tracker.store import EventStore


def all_projections() -> list[Projection]:
    """Fresh instances of every analyst view, in run order."""
    return [
        TruceStatus(),
        TruceStatusHistory(),
        ViolationReports(),
        Denials(),
        CasualtyClaims(),
        TruceTimelineDaily(),
        ClaimRetractions(),
        TruceAnnouncements(),
        Items(),
    ]


def project(store: EventStore, *, rebuild: bool = False, batch_size: int = 500) -> list[RunResult]:
    """Catch every analyst view up with the log (or rebuild them); the hook ``tracker.jobs`` calls.

    Failures are isolated: a failing projection is reported in its ``RunResult`` and
    marked failed at its checkpoint; the others go on.
    """
    return Runner(store, all_projections(), batch_size=batch_size).run(rebuild=rebuild)


__all__ = ["Projection", "RunResult", "Runner", "all_projections", "project"]
