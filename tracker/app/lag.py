"""How far the log's consumers are behind its head: the extraction job and the projections.

Owns measuring lag for the service's metrics. Reads positions through the checkpoint API
(``tracker.store.checkpoints``) and the log's public reads; never touches a projection's
internals. Must not print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from tracker.app.extract import CHECKPOINT as EXTRACTION_CHECKPOINT
from tracker.app.root import App
from tracker.extract import EXTRACTOR_VERSION
from tracker.projections import all_projections
from tracker.store import checkpoints
from tracker.store.tables import events

ITEM_TYPE = "ItemIngested"


@dataclass(frozen=True, slots=True)
class ProjectionLag:
    name: str
    #: events between the projection's checkpoint and the head of the log
    behind: int
    failed: bool
    error: str | None


@dataclass(frozen=True, slots=True)
class Lag:
    head: int
    #: ingested items the extraction job has not read yet
    extraction_pending: int
    #: age of the oldest of them by record time, seconds (0 when none is pending)
    extraction_lag_s: float
    projections: tuple[ProjectionLag, ...]

    @property
    def failed_projections(self) -> list[str]:
        return [p.name for p in self.projections if p.failed]


def measure(app: App) -> Lag:
    """The lag of every consumer of the log, now.

    Raises:
        StoreUnavailable: the database is down.
    """
    head = app.store.last_position()
    extraction = checkpoints.load(app.engine, EXTRACTION_CHECKPOINT)
    after = extraction.position if extraction and extraction.version == EXTRACTOR_VERSION else 0
    with app.engine.connect() as conn:
        pending = conn.execute(
            sa.select(sa.func.count())
            .select_from(events)
            .where(events.c.type == ITEM_TYPE, events.c.position > after)
        ).scalar_one()
    oldest = (
        next(app.store.read_all(after, page_size=1, types={ITEM_TYPE}), None) if pending else None
    )
    projections = []
    for projection in all_projections():
        cp = checkpoints.load(app.engine, projection.name)
        # A first build that failed has no live checkpoint, only the build's own one.
        shown = cp or checkpoints.load(app.engine, f"{projection.name}@v{projection.version}")
        position = cp.position if cp is not None else 0
        projections.append(
            ProjectionLag(
                name=projection.name,
                behind=max(0, head - position),
                failed=shown is not None and shown.status == "failed",
                error=shown.error if shown is not None and shown.status == "failed" else None,
            )
        )
    return Lag(
        head=head,
        extraction_pending=int(pending),
        extraction_lag_s=_age(app.now(), oldest.recorded_at) if oldest is not None else 0.0,
        projections=tuple(projections),
    )


def _age(now: datetime, then: datetime) -> float:
    return max(0.0, (now - then).total_seconds())
