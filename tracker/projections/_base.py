"""Shared machinery of the truce views: a facts table, the book, and row syncing.

Owns ``BookProjection``: each view keeps its own copy of the domain events it needs
(``<name>_facts__vN``: position, type, payload, record time), folds them into a
``tracker.domain.book.Book`` and, once per batch, recomputes its rows with the pure
rules and writes only the rows that changed. Rows are therefore a function of the
log prefix alone: incremental catch-up and a rebuild give identical tables. Also owns
``UtcTimestamp`` (timestamptz on PostgreSQL, ISO-8601 ``...Z`` text on SQLite) and JSON
text helpers. Must not read the clock or fetch anything.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from tracker.domain.book import Book, Recorded
from tracker.domain.events import EVENT_TYPES, decode
from tracker.domain.truces import Assessment, assess
from tracker.domain.values import Provenance, format_utc, parse_instant
from tracker.projections.runner import Projection
from tracker.store import RecordedEvent

Row = dict[str, Any]


class UtcTimestamp(TypeDecorator[datetime]):
    """An aware UTC instant: ``timestamptz`` on PostgreSQL, ``YYYY-MM-DDTHH:MM:SSZ`` text on SQLite.

    The SQLite text sorts and compares like the instant, so documented queries can use
    literals such as ``'2020-10-11T00:00:00Z'`` on both databases.
    """

    impl = sa.String(20)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(sa.DateTime(timezone=True))
        return dialect.type_descriptor(sa.String(20))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return value if dialect.name == "postgresql" else format_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.astimezone(UTC)
        return parse_instant(str(value))


def as_json(value: Any) -> str:
    """Deterministic JSON text for list and object columns."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def facts_table(metadata: sa.MetaData, name: str) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("recorded_at", UtcTimestamp(), nullable=False),
    )


def typed_columns(
    names: Iterable[str],
    *,
    times: Collection[str] = (),
    ints: Collection[str] = (),
    bools: Collection[str] = (),
    required: Collection[str] = (),
) -> list[sa.Column[Any]]:
    """Columns for ``names`` in order: UTC instants, BIGINTs, booleans, else text.

    ``required`` columns are NOT NULL.
    """
    cols: list[sa.Column[Any]] = []
    for name in names:
        kind: Any
        if name in times:
            kind = UtcTimestamp()
        elif name in ints:
            kind = sa.BigInteger
        elif name in bools:
            kind = sa.Boolean
        else:
            kind = sa.Text
        cols.append(sa.Column(name, kind, nullable=name not in required))
    return cols


class BookProjection(Projection):
    """A view computed from the book of domain events; subclasses give columns and ``rows``."""

    key: ClassVar[tuple[str, ...]]

    def __init__(self) -> None:
        self._book: Book | None = None
        self._book_table: str | None = None
        self._dirty = False
        self._pending: list[Row] = []

    @property
    def table_names(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.name, f"{self.name}_facts")

    def columns(self) -> list[sa.Column[Any]]:
        raise NotImplementedError

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        raise NotImplementedError

    def define(self, metadata: sa.MetaData, names: dict[str, str]) -> dict[str, sa.Table]:
        main = sa.Table(names[self.name], metadata, *self.columns())
        facts = facts_table(metadata, names[f"{self.name}_facts"])
        return {self.name: main, f"{self.name}_facts": facts}

    def reset(self) -> None:
        self._book, self._book_table, self._dirty = None, None, False
        self._pending = []

    def _load(self, conn: Connection, facts: sa.Table) -> Book:
        if self._book is None or self._book_table != facts.name:
            book = Book()
            for r in conn.execute(sa.select(facts).order_by(facts.c.position)):
                ev = decode(r.type, json.loads(r.data))
                if ev is not None:
                    book.apply(ev, Recorded(int(r.position), r.recorded_at))
            self._book, self._book_table = book, facts.name
        return self._book

    def handle(self, event: RecordedEvent, conn: Connection, tables: dict[str, sa.Table]) -> None:
        if event.type not in EVENT_TYPES:
            return
        facts = tables[f"{self.name}_facts"]
        book = self._load(conn, facts)
        domain_event = decode(event.type, event.data)
        if domain_event is None:
            return
        recorded_at = ts(event.recorded_at)
        assert recorded_at is not None
        self._pending.append(
            {
                "position": event.position,
                "type": event.type,
                "data": as_json(event.data),
                "recorded_at": recorded_at,
            }
        )
        book.apply(domain_event, Recorded(event.position, recorded_at))
        self._dirty = True

    def finish_batch(self, conn: Connection, tables: dict[str, sa.Table]) -> None:
        if self._pending:
            conn.execute(sa.insert(tables[f"{self.name}_facts"]), self._pending)
            self._pending = []
        if not self._dirty:
            return
        book = self._load(conn, tables[f"{self.name}_facts"])
        sync_rows(conn, tables[self.name], self.key, list(self.rows(book, assess(book))))
        self._dirty = False

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [(self.name, self.key, True)]


def sync_rows(conn: Connection, table: sa.Table, key: Sequence[str], rows: list[Row]) -> None:
    """Make ``table`` hold exactly ``rows``, writing only what changed."""
    cols = [c.name for c in table.columns]
    existing = {
        tuple(r[k] for k in key): dict(r) for r in conn.execute(sa.select(table)).mappings()
    }
    wanted = {tuple(r[k] for k in key): {c: r.get(c) for c in cols} for r in rows}
    stale = [k for k, r in existing.items() if wanted.get(k) != r]
    fresh = [r for k, r in wanted.items() if existing.get(k) != r]
    for k in stale:
        cond = sa.and_(*(table.c[name] == value for name, value in zip(key, k, strict=True)))
        conn.execute(sa.delete(table).where(cond))
    if fresh:
        conn.execute(sa.insert(table), fresh)


def source_columns(prov: Provenance) -> Row:
    """The columns saying where a claim comes from, as every claim view shows them."""
    return {
        "published_at": ts(prov.published.instant) if prov.published else None,
        "source_urls": as_json(list(prov.urls)),
        "source_item_id": prov.item_id,
        "quote": prov.quote,
        "evidence_span": as_json(list(prov.span)) if prov.span else None,
    }


def ts(value: datetime | None) -> datetime | None:
    """Normalise an instant for a timestamp column (second precision, UTC)."""
    return None if value is None else value.astimezone(UTC).replace(microsecond=0)
