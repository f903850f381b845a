"""The quarantine: what was set aside so that the rest could go on, and why.

Owns the ``quarantine`` table (an ordinary table, not the log): one row per bad item,
event or claim that a stage refused, keyed by the stage and what it concerns, with the
reason in words. Polling, extraction and projections write here instead of stopping;
operators read it (``tracker quarantine list``, or SQL) and close a row once they have
retracted the claim or re-run the stage (``tracker quarantine resolve``). A row set
aside again after it was resolved is counted but stays resolved.

Stages: ``ingest`` (a feed item refused: impossible date, over the size limits),
``extract`` (an item extraction failed on), ``project`` (an event a projection could
not apply).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from tracker.db import IMMEDIATE, describe_url, metadata
from tracker.errors import StoreError, StoreUnavailable
from tracker.store.feed_state import UtcDateTime

STAGES = ("ingest", "extract", "project")

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stage", String(20), nullable=False, comment="ingest, extract or project."),
    Column("subject", String(300), nullable=False, comment="What it concerns (unique per stage)."),
    Column("feed", String(64), nullable=True, comment="The feed, for ingest rows."),
    Column("item", Text, nullable=True, comment="The item's identity or item id."),
    Column("position", BigInteger, nullable=True, comment="Log position of the event."),
    Column("projection", String(100), nullable=True, comment="The projection, for project."),
    Column("error", Text, nullable=False, comment="Why, in words."),
    Column("occurrences", Integer, nullable=False, comment="Times it was set aside."),
    Column("first_seen_at", UtcDateTime(), nullable=False),
    Column("last_seen_at", UtcDateTime(), nullable=False),
    Column("resolved_at", UtcDateTime(), nullable=True, comment="Closed by an operator."),
    Column("resolution", Text, nullable=True, comment="How it was closed, in words."),
    UniqueConstraint("stage", "subject"),
)


@dataclass(frozen=True, slots=True)
class Quarantined:
    """One thing set aside (what :func:`record` takes)."""

    stage: str
    subject: str
    error: str
    feed: str | None = None
    item: str | None = None
    position: int | None = None
    projection: str | None = None


@dataclass(frozen=True, slots=True)
class QuarantineRow:
    """A row of the table, as listed."""

    id: int
    stage: str
    subject: str
    feed: str | None
    item: str | None
    position: int | None
    projection: str | None
    error: str
    occurrences: int
    first_seen_at: datetime
    last_seen_at: datetime
    resolved_at: datetime | None
    resolution: str | None

    def as_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        for key in ("first_seen_at", "last_seen_at", "resolved_at"):
            if out[key] is not None:
                out[key] = out[key].isoformat()
        return out


def for_item(feed: str, item: str, error: str) -> Quarantined:
    """An ``ingest`` row: ``item`` (its identity) of ``feed`` was refused."""
    return Quarantined("ingest", f"{feed}\x1f{item}"[:300], error, feed=feed, item=item)


def record(conn: Connection, rows: Sequence[Quarantined], *, now: datetime) -> None:
    """Add ``rows`` in the caller's transaction; one already there is counted again."""
    if not rows:
        return
    for row in {(r.stage, r.subject): r for r in rows}.values():
        if row.stage not in STAGES:
            raise StoreError(f"unknown quarantine stage {row.stage!r}")
        found = conn.execute(
            select(quarantine.c.id).where(
                quarantine.c.stage == row.stage, quarantine.c.subject == row.subject
            )
        ).first()
        if found is None:
            conn.execute(
                quarantine.insert().values(
                    **dataclasses.asdict(row),
                    occurrences=1,
                    first_seen_at=now,
                    last_seen_at=now,
                )
            )
        else:
            conn.execute(
                update(quarantine)
                .where(quarantine.c.id == found[0])
                .values(
                    error=row.error,
                    occurrences=quarantine.c.occurrences + 1,
                    last_seen_at=now,
                )
            )


def record_now(engine: Engine, rows: Sequence[Quarantined], *, now: datetime) -> None:
    """:func:`record` in a transaction of its own.

    Raises:
        StoreUnavailable: the database is down.
    """
    _write(engine, lambda conn: record(conn, rows, now=now))


def list_rows(
    engine: Engine, *, include_resolved: bool = False, stage: str | None = None
) -> list[QuarantineRow]:
    """Rows of the quarantine, open ones only unless ``include_resolved``, oldest first."""
    query = select(*quarantine.c).order_by(quarantine.c.id)
    if not include_resolved:
        query = query.where(quarantine.c.resolved_at.is_(None))
    if stage is not None:
        query = query.where(quarantine.c.stage == stage)
    try:
        with engine.connect() as conn:
            return [QuarantineRow(**r._mapping) for r in conn.execute(query)]
    except SQLAlchemyError as exc:
        raise _unavailable(engine, exc) from exc


def open_subjects(engine: Engine, stage: str) -> set[str]:
    """Subjects of ``stage`` that are set aside and not resolved."""
    return {r.subject for r in list_rows(engine, stage=stage)}


def resolve(engine: Engine, row_id: int, *, how: str, now: datetime) -> QuarantineRow:
    """Close row ``row_id`` with ``how`` (what the operator did), and return it.

    Raises:
        StoreError: no such row, or it is closed already.
        StoreUnavailable: the database is down.
    """
    if not how.strip():
        raise StoreError("say how it was resolved (retracted, re-run, ignored ...)")

    def run(conn: Connection) -> None:
        done = conn.execute(
            update(quarantine)
            .where(quarantine.c.id == row_id, quarantine.c.resolved_at.is_(None))
            .values(resolved_at=now, resolution=how.strip())
        )
        if done.rowcount != 1:
            raise StoreError(f"no open quarantine row {row_id}")

    _write(engine, run)
    return next(r for r in list_rows(engine, include_resolved=True) if r.id == row_id)


def _write(engine: Engine, fn: Any) -> None:
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.execution_options(**{IMMEDIATE: True})
            with conn.begin():
                fn(conn)
    except SQLAlchemyError as exc:
        raise _unavailable(engine, exc) from exc


def _unavailable(engine: Engine, exc: Exception) -> StoreUnavailable:
    line = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"])[0]
    if "no such table" in line or "does not exist" in line:
        return StoreUnavailable(
            f"the quarantine is missing on {describe_url(engine)} ({line}); run `tracker db upgrade`"
        )
    return StoreUnavailable(f"database error on {describe_url(engine)}: {line}")
