"""The store's tables, as SQLAlchemy Core ``Table`` objects (Alembic's metadata).

Owns the schema of the log (``events``), the insert-only content-addressed
``documents`` table and ``projection_checkpoints``. Projection tables are created by
the projection runner at run time, under their own versioned names; they are not here.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from tracker.db import metadata

#: BIGINT on PostgreSQL; on SQLite an INTEGER PRIMARY KEY is the rowid itself.
Position = BigInteger().with_variant(Integer(), "sqlite")
Json = JSON().with_variant(JSONB(), "postgresql")

events = Table(
    "events",
    metadata,
    Column(
        "position",
        Position,
        primary_key=True,
        autoincrement=False,
        comment="Global position, contiguous 1..N in commit order.",
    ),
    Column(
        "event_id",
        Uuid(),
        nullable=False,
        unique=True,
        comment="Client-supplied id; appending the same id again is a no-op.",
    ),
    Column("stream_id", String(255), nullable=False, comment="Stream, e.g. truce-<truce id>."),
    Column("stream_version", Integer, nullable=False, comment="1-based version within the stream."),
    Column("type", String(200), nullable=False, comment="Event type, the domain class name."),
    Column("schema_version", SmallInteger, nullable=False, comment="Schema version of data."),
    Column("data", Json, nullable=False, comment="The event's payload."),
    Column(
        "metadata",
        Json,
        nullable=False,
        comment="Provenance: source, recorded_by, correlation and causation ids.",
    ),
    Column(
        "recorded_at",
        DateTime(timezone=True),
        nullable=False,
        comment="Record time (UTC, database clock); never decreases along position.",
    ),
    Column(
        "occurred_at",
        DateTime(timezone=True),
        nullable=True,
        comment="Valid time of what the event reports, when it has one.",
    ),
    Column(
        "hash",
        LargeBinary(32),
        nullable=True,
        comment="SHA-256 chaining this event to the previous one (tracker db verify).",
    ),
    UniqueConstraint("stream_id", "stream_version"),
    # No other index: each would cost every append as much as the hash chain, and the
    # reads by type or record time scan or search the primary key (migration 0004).
)

#: The payload columns PostgreSQL returns as JSON and raw SQL reads back as text.
_JSON_COLUMNS = frozenset({"data", "metadata"})


def event_columns(*, postgres: bool = False, with_hash: bool = False) -> str:
    """The ``events`` columns in table order, for the driver-level SQL of the hot paths
    (reads and appends): the JSON payloads as text on PostgreSQL, ``hash`` (the chain,
    written but not read back with events) only when asked."""
    names = [c.name for c in events.columns if with_hash or c.name != "hash"]
    return ", ".join(f"{n}::text" if postgres and n in _JSON_COLUMNS else n for n in names)


documents = Table(
    "documents",
    metadata,
    Column("sha256", String(64), primary_key=True, comment="SHA-256 of the text, hex."),
    Column("media_type", String(100), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

projection_checkpoints = Table(
    "projection_checkpoints",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False, comment="Last log position applied."),
    Column("status", String(20), nullable=False, comment="ok, rebuilding or failed."),
    Column("error", Text, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
