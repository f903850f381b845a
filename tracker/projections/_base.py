"""Shared pieces of the claim views: the view contract, column types and JSON text.

Owns ``ClaimView`` (what one claim view declares: columns, comments, indexes, and its
rows from a whole ``Book``), ``UtcTimestamp`` (timestamptz on PostgreSQL, ISO-8601
``...Z`` text on SQLite) and the JSON text helpers. The incremental engine that keeps
the views' tables is ``claims.py``. Must not read the clock or fetch anything.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from tracker.domain.book import Book
from tracker.domain.truces import Assessment
from tracker.domain.values import Provenance, format_utc, parse_instant
from tracker.store import bulk, canonical_json

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
        return value if dialect.name == "postgresql" else utc_z(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.astimezone(UTC)
        return parse_instant(str(value))


def as_json(value: Any) -> str:
    """Deterministic JSON text for list and object columns (sorted keys, compact)."""
    return canonical_json(value)


def utc_z(value: datetime) -> str:
    """``format_utc(value)`` at a fifth of its cost for the usual aware UTC instant.

    ``isoformat`` instead of ``strftime``; years before 1000 (which ``strftime`` does
    not pad) and other zones take ``format_utc`` itself.
    """
    if value.tzinfo is UTC and value.year >= 1000:
        return value.isoformat(timespec="seconds")[:19] + "Z"
    return format_utc(value)


#: The SQLite text of instants encoded lately, shared by every table a build writes: a
#: claim's record, occurred and publication times go to its staging row and to its view
#: row, so each is made once. ``utc_z`` is a function of the instant alone (equal aware
#: datetimes are the same instant), so any table may take another's text. At most
#: ``_INSTANT_TEXT_LIMIT`` (about 17 MB; the claim views' rebuild of 10^5 events holds
#: some 68,000), then emptied; ``forget_instant_texts`` empties it after a build.
_INSTANT_TEXT: dict[datetime, str] = {}
_INSTANT_TEXT_LIMIT = 100_000


def _instant_text(value: datetime) -> str:
    text = _INSTANT_TEXT.get(value)
    if text is None:
        text = utc_z(value)  # a naive time raises, as format_utc does
        if len(_INSTANT_TEXT) >= _INSTANT_TEXT_LIMIT:
            _INSTANT_TEXT.clear()
        _INSTANT_TEXT[value] = text
    return text


def forget_instant_texts() -> None:
    """Empty the instants' shared text (a build's times are not the next batch's)."""
    _INSTANT_TEXT.clear()


def _encoder(column: sa.Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """How one column's values go to the driver: ``None`` when they go as they are.

    Instants on SQLite are encoded once per distinct value (``_instant_text``: a batch's
    rows share few, an item's band rows all carry its publication time); on PostgreSQL
    the driver takes the datetime. Other types keep SQLAlchemy's bind processing.
    """
    if isinstance(column.type, UtcTimestamp):
        return None if dialect.name == "postgresql" else _instant_text
    return column.type.bind_processor(dialect)


def write_rows(conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (dicts by column name) into ``table`` in multi-row statements.

    Values are encoded column by column as SQLAlchemy's bind processing would
    (``_encoder``), without its per-row parameter building (a third of a rebuild's time).
    On SQLite one statement step per chunk also keeps the GIL waits of a busy process
    away (see ``tracker.store.bulk``); on PostgreSQL the rows go by ``COPY``, in the
    connection's transaction. Returns the rows written.
    """
    if not rows:
        return 0
    names = [c.name for c in table.columns]
    try:  # rows that carry every column (the usual case): one C call a row
        get = itemgetter(*names)
        values = (
            [list(get(row)) for row in rows]
            if len(names) > 1
            else [[row[names[0]]] for row in rows]
        )
    except KeyError:
        values = [[row.get(name) for name in names] for row in rows]
    return write_values(conn, table, values)


def write_values(conn: Connection, table: sa.Table, values: list[list[Any]]) -> int:
    """``write_rows`` for rows given as lists of values in the order of ``table``'s
    columns (encoded in place)."""
    if not values:
        return 0
    dialect = conn.dialect
    cols = list(table.columns)
    names = [c.name for c in cols]
    for i, column in enumerate(cols):
        encode = _encoder(column, dialect)
        if encode is None:
            continue
        if isinstance(column.type, sa.Boolean) and all(type(v[i]) is bool for v in values):
            continue  # what SQLAlchemy's processing would give: the driver binds a bool as 1/0
        for v in values:
            x = v[i]
            if x is not None:
                v[i] = encode(x)
    prep = dialect.identifier_preparer
    columns = ", ".join(prep.quote(n) for n in names)
    if dialect.name == "postgresql":
        # COPY: no statement text to build and for the driver to parse (a multi-row
        # INSERT of thousands of placeholders costs psycopg more than the rows)
        raw = conn.connection.driver_connection
        assert raw is not None
        with (
            raw.cursor() as cur,
            cur.copy(f"COPY {prep.format_table(table)} ({columns}) FROM STDIN") as copy,
        ):
            for v in values:
                copy.write_row(v)
        return len(values)
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    head = f"INSERT INTO {prep.format_table(table)} ({columns})"
    group = "(" + ", ".join(["?"] * len(names)) + ")"
    limit = bulk.SAFE_VARIABLES if dialect.name == "sqlite" else 30_000

    def run(sql: str, params: Sequence[Any]) -> None:
        conn.exec_driver_sql(sql.replace("?", mark) if mark != "?" else sql, tuple(params))

    bulk.insert_rows(run, head, group, values, max_variables=limit)
    return len(values)


def any_of(conn: Connection, column: sa.ColumnElement[Any], keys: Iterable[Any]) -> Any:
    """``column IN (keys)``: on PostgreSQL ``column = ANY(:keys)``, one array parameter,
    instead of a placeholder per key for the driver to find in the statement's text."""
    if conn.dialect.name == "postgresql":
        array = postgresql.ARRAY(column.type)
        return column == sa.any_(sa.bindparam(None, list(keys), type_=array))
    return column.in_(list(keys))


def typed_columns(
    names: Iterable[str],
    *,
    times: Collection[str] = (),
    ints: Collection[str] = (),
    bools: Collection[str] = (),
    required: Collection[str] = (),
    floats: Collection[str] = (),
) -> list[sa.Column[Any]]:
    """Columns for ``names`` in order: UTC instants, BIGINTs, booleans, floats, else text.

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
        elif name in floats:
            kind = sa.Float
        else:
            kind = sa.Text
        cols.append(sa.Column(name, kind, nullable=name not in required))
    return cols


class ClaimView:
    """One analyst view over the claims: its columns, comments, indexes and row rules.

    The rows themselves are maintained by ``tracker.projections.claims.ClaimViews``, which
    keeps every claim view up to date from one shared staging table. ``rows`` gives the
    same rows from a whole ``Book`` (as-of answers and tests use it).
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    key: ClassVar[tuple[str, ...]]
    column_docs: ClassVar[Mapping[str, str]] = {}

    def columns(self) -> list[sa.Column[Any]]:
        raise NotImplementedError

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        raise NotImplementedError

    def view_sql(self, physical: str, dialect: str) -> str:
        return f"SELECT * FROM {physical}"

    def comments(self) -> dict[str, str]:
        """Column name -> comment; ``""`` is the view's own comment."""
        return {"": self.description, **self.column_docs}

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        """(view name, columns, unique) of the view's table: what analysts filter and join on."""
        return [(self.name, self.key, True)]


def source_columns(prov: Provenance) -> Row:
    """The columns saying where a claim comes from, as every claim view shows them."""
    span = prov.span
    return {
        "published_at": ts(prov.published.instant) if prov.published else None,
        "source_urls": _urls_json(prov.urls),
        "source_item_id": prov.item_id,
        "quote": prov.quote,
        "evidence_span": (
            (_pair_json(*span) if len(span) == 2 else as_json(list(span))) if span else None
        ),
    }


@lru_cache(maxsize=4096)
def _urls_json(urls: tuple[str, ...]) -> str:
    """The JSON list of a claim's source URLs, made once per distinct tuple (most claims
    have none, or share their item's)."""
    return as_json(list(urls))


@lru_cache(maxsize=4096, typed=True)
def _pair_json(start: int, end: int) -> str:
    """The JSON of an evidence span, made once per distinct pair (and types)."""
    return as_json([start, end])


def ts(value: datetime | None) -> datetime | None:
    """Normalise an instant for a timestamp column (second precision, UTC).

    An instant already in UTC is not converted, and one already on the second is
    returned as it is (most event times): the same value without two method calls.
    """
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(microsecond=0) if value.microsecond else value
