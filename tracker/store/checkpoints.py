"""Checkpoints of log consumers (projections, the extraction job) in ``projection_checkpoints``.

Owns reading and writing a consumer's position. Writes take the caller's connection so
that a checkpoint commits in the same transaction as the work it records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from tracker.store.tables import projection_checkpoints as cp


@dataclass(frozen=True, slots=True)
class Checkpoint:
    name: str
    version: int
    position: int
    status: str
    error: str | None
    updated_at: datetime


def load(conn_or_engine: Connection | Engine, name: str) -> Checkpoint | None:
    """The consumer's checkpoint, or None if it never ran."""
    query = select(cp).where(cp.c.name == name)
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.connect() as conn:
            row = conn.execute(query).first()
    else:
        row = conn_or_engine.execute(query).first()
    if row is None:
        return None
    return Checkpoint(row.name, row.version, row.position, row.status, row.error, row.updated_at)


def save(
    conn: Connection,
    name: str,
    version: int,
    position: int,
    *,
    status: str = "ok",
    error: str | None = None,
) -> None:
    """Insert or update the consumer's checkpoint on ``conn`` (the caller's transaction)."""
    values = {
        "name": name,
        "version": version,
        "position": position,
        "status": status,
        "error": error,
        "updated_at": datetime.now(UTC),
    }
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(cp).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[cp.c.name],
        set_={
            k: stmt.excluded[k] for k in ("version", "position", "status", "error", "updated_at")
        },
    )
    conn.execute(stmt)
