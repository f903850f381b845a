"""Projections: SQL views derived from the log, rebuildable and versioned.

Owns the registry of projections (``all_projections``: the claim views, kept by
``claims.py``, and ``items``) and re-exports the runner. Each claim view declares its
columns in its own module; ``runner.py`` runs the projections. Must not fetch, print or
import the CLI.
"""

from __future__ import annotations

from tracker.projections.claims import ClaimViews
from tracker.projections.items import Items
from tracker.projections.runner import Projection, Runner, RunResult, physical_name
from tracker.store import EventStore


def all_projections() -> list[Projection]:
    """Fresh instances of every projection, in run order."""
    return [ClaimViews(), Items()]


def view_tables() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every analyst view -> (its backing table, the table's key columns)."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for p in all_projections():
        for view in p.views():
            keys = [cols for t, cols, unique in p.indexes() if t == view.table and unique]
            key = keys[0] if keys else tuple(getattr(p, "key", ()))
            out[view.name] = (physical_name(view.table, p.version), key)
    return out


def project(store: EventStore, *, rebuild: bool = False, batch_size: int = 500) -> list[RunResult]:
    """Catch every analyst view up with the log (or rebuild them); as ``tracker.app.project`` does.

    Failures are isolated: a failing projection is reported in its ``RunResult`` and
    marked failed at its checkpoint; the others go on.
    """
    return Runner(store, all_projections(), batch_size=batch_size).run(rebuild=rebuild)


__all__ = [
    "Projection",
    "RunResult",
    "Runner",
    "all_projections",
    "project",
    "view_tables",
]
