"""The log's two secondary indexes dropped: appends pay for the REPLACE guard instead.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Every append wrote each event into five B-trees on SQLite (the table, ``event_id``,
``(stream_id, stream_version)``, ``(type, position)`` and ``recorded_at``); the last two
cost about 1.1 µs of CPU an event each, as much as the hash chain, and no read needs
them any more:

- ``ix_events_recorded_at``: ``recorded_at`` never decreases along ``position`` (the
  store stamps it under the log's write lock), so "the last position recorded at or
  before T" is a binary search over the primary key (``EventStore.position_at``,
  ``read_all(up_to_recorded_at=…)``): about 20 point lookups in a million events.
- ``ix_events_type_position``: the reads by type are the extractor's and the
  projections' (``ItemIngested``, the domain events), which are a large share of the
  log; a scan of the primary key from the reader's checkpoint serves them at about the
  same cost (docs/performance.md measures a rebuild of 10^5 events).

The downgrade builds both again.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_events_recorded_at", table_name="events")
    op.drop_index("ix_events_type_position", table_name="events")


def downgrade() -> None:
    op.create_index("ix_events_type_position", "events", ["type", "position"])
    op.create_index("ix_events_recorded_at", "events", ["recorded_at"])
