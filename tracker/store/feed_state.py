"""Feed state and the item identity index: every SQL statement about feeds.

Owns ``feed_state`` (validators, failures, next poll, lease: an ordinary table, not the
log), ``item_index`` (which item identities and content hashes each feed has in the log,
derived from ``ItemIngested`` and written in the same transaction as those events), and
the ``feed_health`` view. Must not fetch, parse or decide schedules (``tracker.ingest``
does), and must not import ``tracker.ingest``: feeds and updates arrive as plain values.

Claims. A poller takes due feeds with :func:`claim_due`: on PostgreSQL ``SELECT ... FOR
UPDATE SKIP LOCKED`` then a lease (``lease_owner``, ``lease_until``) committed at once,
so several ingesters never poll one feed at the same time; an expired lease is
reclaimable. On SQLite the claim runs under ``BEGIN IMMEDIATE`` (one ingester per file
is enforced by the service's file lock). :func:`save_poll` returns the ``also(conn)``
callback for :meth:`tracker.store.EventStore.append_batch`: a feed's new validators
and next poll are saved in the same transaction as the events they led to, and the
lease is released there too. A crash before that commit leaves the old validators, so
the next poll fetches the same items again and the idempotent append keeps them once.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Dialect,
    Engine,
    Float,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    Uuid,
    and_,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from tracker.db import IMMEDIATE, describe_url, metadata
from tracker.errors import StoreUnavailable
from tracker.intents import FeedUpdate
from tracker.store import bulk

__all__ = [
    "DEFAULT_LEASE_S",
    "FeedHealth",
    "FeedSpec",
    "FeedStateRow",
    "FeedUpdate",
    "IndexEntry",
    "IndexEntrySpec",
    "KnownItem",
    "SyncResult",
    "claim_due",
    "exact_duplicates",
    "extend_leases",
    "feed_state",
    "item_index",
    "known_items",
    "list_health",
    "list_states",
    "poll_again",
    "record_poll",
    "release",
    "save_poll",
    "sha256_hex",
    "sync_feeds",
]

_R = TypeVar("_R")

#: How long a claim is valid; a crashed ingester's feeds are reclaimable after it. A
#: round extends the leases of the feeds it still has in hand (``extend_leases``) every
#: third of this, so a long fetch keeps its feed.
DEFAULT_LEASE_S = 60.0


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both databases (SQLite stores naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else bulk.utc_from_text(value)


_UTC_DATETIME = UtcDateTime()

feed_state = Table(
    "feed_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("url", Text, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("configured_interval_s", Float, nullable=False),
    Column("interval_s", Float, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("body_sha256", String(64)),
    Column("effective_url", Text),
    Column("last_attempt_at", UtcDateTime()),
    Column("last_success_at", UtcDateTime()),
    Column("last_new_at", UtcDateTime()),
    Column("last_full_fetch_at", UtcDateTime()),
    Column("last_outcome", String(20)),
    Column("last_error", Text),
    Column("last_warning", Text),
    Column("last_duration_ms", Integer),
    Column("consecutive_failures", Integer, nullable=False),
    Column("consecutive_rate_limited", Integer, nullable=False),
    Column("next_poll_at", UtcDateTime(), nullable=False, index=True),
    Column("paused_at", UtcDateTime()),
    Column("pause_reason", Text),
    Column("lease_owner", String(200)),
    Column("lease_until", UtcDateTime()),
    Column("items_seen", BigInteger, nullable=False),
    Column("items_new", BigInteger, nullable=False),
    Column("items_duplicate", BigInteger, nullable=False),
    Column("identity_mode", String(10), nullable=False),
    Column("gaps", Integer, nullable=False),
    Column("last_gap_at", UtcDateTime()),
    Column("moved_to", Text),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

item_index = Table(
    "item_index",
    metadata,
    Column("feed", String(64), primary_key=True),
    Column("identity_sha256", String(64), primary_key=True),
    Column("identity", Text, nullable=False),
    Column("item_id", String(64), nullable=False, index=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("link_sha256", String(64), index=True),
    Column("duplicate_of", String(64)),
    Column("revisions", Integer, nullable=False),
    Column("event_id", Uuid(), nullable=False),
    Column("first_seen_at", UtcDateTime(), nullable=False),
)


def sha256_hex(value: str) -> str:
    """Hex SHA-256 of ``value`` (UTF-8): the key of identities and URL aliases in the index."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class FeedSpec(Protocol):
    """What :func:`sync_feeds` needs of a feed-list entry (``FeedConfig`` fits)."""

    @property
    def name(self) -> str: ...
    @property
    def fetch_url(self) -> str: ...
    @property
    def interval_s(self) -> float: ...
    @property
    def enabled(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class FeedStateRow:
    """One ``feed_state`` row."""

    name: str
    url: str
    enabled: bool
    configured_interval_s: float
    interval_s: float
    etag: str | None
    last_modified: str | None
    body_sha256: str | None
    effective_url: str | None
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_new_at: datetime | None
    last_full_fetch_at: datetime | None
    last_outcome: str | None
    last_error: str | None
    last_warning: str | None
    last_duration_ms: int | None
    consecutive_failures: int
    consecutive_rate_limited: int
    next_poll_at: datetime
    paused_at: datetime | None
    pause_reason: str | None
    lease_owner: str | None
    lease_until: datetime | None
    items_seen: int
    items_new: int
    items_duplicate: int
    identity_mode: str
    created_at: datetime
    updated_at: datetime
    gaps: int = 0
    last_gap_at: datetime | None = None
    moved_to: str | None = None


_STATE_FIELDS = tuple(f.name for f in dataclasses.fields(FeedStateRow))


#: Fields bound into the UPDATE (``quarantined`` goes to its own table).
_UPDATE_FIELDS = tuple(f.name for f in dataclasses.fields(FeedUpdate) if f.name != "quarantined")


class IndexEntrySpec(Protocol):
    """What :func:`save_poll` reads of an index entry (:class:`IndexEntry` fits; so does
    the poller's own row, passed as it is: a round writes one per item)."""

    @property
    def feed(self) -> str: ...
    @property
    def identity(self) -> str: ...
    @property
    def item_id(self) -> str: ...
    @property
    def content_hash(self) -> str: ...
    @property
    def link_alias(self) -> str | None: ...
    @property
    def duplicate_of(self) -> str | None: ...
    @property
    def event_id(self) -> uuid.UUID: ...
    @property
    def seen_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """An item identity entering (or revised in) the index with its event."""

    feed: str
    identity: str
    item_id: str
    content_hash: str
    link_alias: str | None
    duplicate_of: str | None
    event_id: uuid.UUID
    seen_at: datetime


@dataclass(frozen=True, slots=True)
class KnownItem:
    """An identity a feed already has in the log, with its latest content hash."""

    item_id: str
    content_hash: str
    revisions: int


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What :func:`sync_feeds` changed."""

    added: list[str]
    updated: list[str]
    disabled: list[str]


@dataclass(frozen=True, slots=True)
class FeedHealth:
    """One row of the ``feed_health`` view."""

    feed: str
    url: str
    status: str
    last_outcome: str | None
    last_error: str | None
    last_warning: str | None
    pause_reason: str | None
    consecutive_failures: int
    consecutive_rate_limited: int
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    next_poll_at: datetime
    lag_s: float | None
    items_seen: int
    items_new: int
    items_duplicate: int
    interval_s: float
    gaps: int = 0
    quarantined: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: times as ISO 8601 text."""
        return {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in dataclasses.asdict(self).items()
        }


# --------------------------------------------------------------------------- helpers


def _translate(engine: Engine, exc: Exception) -> StoreUnavailable:
    orig = getattr(exc, "orig", None)
    line = (str(orig if orig is not None else exc).strip().splitlines() or ["?"])[0]
    if "database is locked" in line:
        return StoreUnavailable(
            "the SQLite database is locked by another writer; retry, or use PostgreSQL"
        )
    if "no such table" in line or "does not exist" in line:
        return StoreUnavailable(
            f"feed state is missing on {describe_url(engine)} ({line}); run `tracker db upgrade`"
        )
    return StoreUnavailable(f"database error on {describe_url(engine)}: {line}")


def _write(engine: Engine, fn: Callable[[Connection], Any]) -> Any:
    """Run ``fn`` in a write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.execution_options(**{IMMEDIATE: True})
            with conn.begin():
                return fn(conn)
    except SQLAlchemyError as exc:
        raise _translate(engine, exc) from exc


def _read(engine: Engine, fn: Callable[[Connection], Any]) -> Any:
    try:
        with engine.connect() as conn:
            return fn(conn)
    except SQLAlchemyError as exc:
        raise _translate(engine, exc) from exc


def _insert(conn: Connection) -> Any:
    return pg_insert if conn.dialect.name == "postgresql" else sqlite_insert


def _row(mapping: Any) -> FeedStateRow:
    return FeedStateRow(**{name: mapping[name] for name in _STATE_FIELDS})


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# The statements a polling round runs per feed or per item go to the driver directly
# (``exec_driver_sql``): SQLAlchemy's per-row parameter processing cost as much as
# SQLite's own work. Values are bound as the ``UtcDateTime`` and ``Uuid`` columns store
# them.

_NAMED_PARAM = re.compile(r"(?<![:\w]):(\w+)")


@functools.cache
def _pyformat(sql: str) -> str:
    return _NAMED_PARAM.sub(r"%(\1)s", sql)


def _named(conn: Connection, sql: str) -> str:
    """``sql`` with ``:name`` parameters in the driver's style (sqlite3 takes them as is)."""
    return sql if conn.dialect.name == "sqlite" else _pyformat(sql)


def _driver_ts(conn: Connection) -> Callable[[datetime | None], Any]:
    """How a ``UtcDateTime`` value is bound through the driver on ``conn``'s database."""
    if conn.dialect.name == "sqlite":
        return _sqlite_utc_text
    return functools.partial(_UTC_DATETIME.process_bind_param, dialect=conn.dialect)


def _sqlite_utc_text(value: datetime | None) -> str | None:
    return None if value is None else bulk.utc_text(value)


# --------------------------------------------------------------------------- feed list


def sync_feeds(engine: Engine, feeds: Sequence[FeedSpec], *, now: datetime) -> SyncResult:
    """Make ``feed_state`` match the feed list: add new feeds (due now), update changed ones.

    A feed whose URL changed loses its validators and is due now. Feeds no longer in the
    list, or disabled there, are marked ``enabled = false`` (their rows stay: health and
    history remain visible). Safe to run from several ingesters at once.

    Raises:
        StoreUnavailable: the database is down or not migrated.
    """

    def run(conn: Connection) -> SyncResult:
        rows = {
            r.name: r
            for r in conn.execute(
                select(
                    feed_state.c.name,
                    feed_state.c.url,
                    feed_state.c.enabled,
                    feed_state.c.configured_interval_s,
                )
            )
        }
        added: list[str] = []
        updated: list[str] = []
        listed = set()
        fresh: list[dict[str, Any]] = []
        for feed in feeds:
            listed.add(feed.name)
            old = rows.get(feed.name)
            if old is None:
                fresh.append(
                    {
                        "name": feed.name,
                        "url": feed.fetch_url,
                        "enabled": feed.enabled,
                        "configured_interval_s": float(feed.interval_s),
                        "interval_s": float(feed.interval_s),
                        "consecutive_failures": 0,
                        "consecutive_rate_limited": 0,
                        "next_poll_at": now,
                        "items_seen": 0,
                        "items_new": 0,
                        "items_duplicate": 0,
                        "identity_mode": "guid",
                        "gaps": 0,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                added.append(feed.name)
                continue
            changes: dict[str, Any] = {}
            if old.url != feed.fetch_url:
                changes.update(
                    url=feed.fetch_url,
                    etag=None,
                    last_modified=None,
                    body_sha256=None,
                    effective_url=None,
                    moved_to=None,
                    next_poll_at=now,
                    paused_at=None,
                    pause_reason=None,
                    consecutive_failures=0,
                    consecutive_rate_limited=0,
                )
            if bool(old.enabled) != feed.enabled:
                changes["enabled"] = feed.enabled
            if float(old.configured_interval_s) != float(feed.interval_s):
                changes.update(
                    configured_interval_s=float(feed.interval_s), interval_s=float(feed.interval_s)
                )
            if changes:
                changes["updated_at"] = now
                conn.execute(
                    update(feed_state).where(feed_state.c.name == feed.name).values(**changes)
                )
                updated.append(feed.name)
        if fresh:
            stmt = _insert(conn)(feed_state).on_conflict_do_nothing(index_elements=["name"])
            conn.execute(stmt, fresh)
        gone = [name for name, r in rows.items() if name not in listed and r.enabled]
        for chunk in _chunks(gone):
            conn.execute(
                update(feed_state)
                .where(feed_state.c.name.in_(chunk))
                .values(enabled=False, updated_at=now)
            )
        return SyncResult(added, updated, gone)

    result: SyncResult = _write(engine, run)
    return result


# --------------------------------------------------------------------------- claims


def claim_due(
    engine: Engine,
    *,
    owner: str,
    now: datetime,
    limit: int = 1000,
    lease_s: float = DEFAULT_LEASE_S,
    sole_ingester: bool = False,
    names: Sequence[str] | None = None,
) -> list[FeedStateRow]:
    """Lease up to ``limit`` due, enabled, unleased feeds to ``owner``, oldest due first.

    With ``names``, those feeds are claimed whether due or not (``tracker poll --feed``),
    but never while another ingester's lease on them is valid. The lease is committed
    before this returns, so the poll itself holds no transaction.

    Raises:
        StoreUnavailable: the database is down or not migrated.
    """
    until = now + timedelta(seconds=lease_s)
    free = or_(feed_state.c.lease_until.is_(None), feed_state.c.lease_until < now)
    if sole_ingester:
        # The caller holds the one-ingester lock (SQLite): another owner's lease is a
        # crashed process's, released at once rather than after it expires.
        free = or_(free, feed_state.c.lease_owner != owner)
    if names is not None:
        cond = and_(feed_state.c.name.in_(list(names)), free)
    else:
        cond = and_(feed_state.c.enabled.is_(True), feed_state.c.next_poll_at <= now, free)
    query = select(feed_state).where(cond).order_by(feed_state.c.next_poll_at).limit(limit)
    if engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)

    def run(conn: Connection) -> list[FeedStateRow]:
        rows = [_row(r._mapping) for r in conn.execute(query)]
        for chunk in _chunks([r.name for r in rows]):
            conn.execute(
                update(feed_state)
                .where(feed_state.c.name.in_(chunk))
                .values(lease_owner=owner, lease_until=until)
            )
        return [dataclasses.replace(r, lease_owner=owner, lease_until=until) for r in rows]

    claimed: list[FeedStateRow] = _write(engine, run)
    return claimed


def extend_leases(
    engine: Engine,
    names: Sequence[str],
    *,
    owner: str,
    now: datetime,
    lease_s: float = DEFAULT_LEASE_S,
) -> None:
    """Extend ``owner``'s leases on ``names`` to ``now + lease_s`` (a round's heartbeat).

    Raises:
        StoreUnavailable: the database is down.
    """
    until = now + timedelta(seconds=lease_s)

    def run(conn: Connection) -> None:
        for chunk in _chunks(list(names)):
            conn.execute(
                update(feed_state)
                .where(feed_state.c.name.in_(chunk), feed_state.c.lease_owner == owner)
                .values(lease_until=until)
            )

    _write(engine, run)


def poll_again(engine: Engine, name: str, *, now: datetime) -> None:
    """Make ``name`` due now and forget its validators: its next poll reads the whole body.

    Raises:
        StoreUnavailable: the database is down.
    """

    def run(conn: Connection) -> None:
        conn.execute(
            update(feed_state)
            .where(feed_state.c.name == name)
            .values(
                etag=None, last_modified=None, body_sha256=None, next_poll_at=now, updated_at=now
            )
        )

    _write(engine, run)


def release(engine: Engine, names: Sequence[str], *, owner: str) -> None:
    """Give back leases held by ``owner`` without recording a poll (shutdown, crash path)."""

    def run(conn: Connection) -> None:
        for chunk in _chunks(list(names)):
            conn.execute(
                update(feed_state)
                .where(feed_state.c.name.in_(chunk), feed_state.c.lease_owner == owner)
                .values(lease_owner=None, lease_until=None)
            )

    _write(engine, run)


# --------------------------------------------------------------------------- outcomes


_SAVE_POLL_SQL = """
    UPDATE feed_state SET
      last_attempt_at = :attempt_at,
      last_outcome = :outcome,
      last_error = :error,
      last_duration_ms = :duration_ms,
      next_poll_at = :next_poll_at,
      interval_s = :interval_s,
      consecutive_failures = :consecutive_failures,
      consecutive_rate_limited = :consecutive_rate_limited,
      paused_at = :paused_at,
      pause_reason = :pause_reason,
      items_seen = items_seen + :seen,
      items_new = items_new + :new,
      items_duplicate = items_duplicate + :duplicates,
      lease_owner = CASE WHEN lease_owner = :owner THEN NULL ELSE lease_owner END,
      lease_until = CASE WHEN lease_owner = :owner THEN NULL ELSE lease_until END,
      updated_at = :attempt_at,
      last_success_at = CASE WHEN :success THEN :attempt_at ELSE last_success_at END,
      etag = CASE WHEN :success THEN :etag ELSE etag END,
      last_modified = CASE WHEN :success THEN :last_modified ELSE last_modified END,
      body_sha256 = CASE WHEN :success THEN :body_sha256 ELSE body_sha256 END,
      effective_url = CASE WHEN :success THEN :effective_url ELSE effective_url END,
      last_warning = CASE WHEN :success THEN :warning ELSE last_warning END,
      last_full_fetch_at = CASE WHEN :full_fetch THEN :attempt_at ELSE last_full_fetch_at END,
      last_new_at = CASE WHEN :found_new THEN :attempt_at ELSE last_new_at END,
      identity_mode = COALESCE(:identity_mode, identity_mode),
      gaps = gaps + CASE WHEN :gap THEN 1 ELSE 0 END,
      last_gap_at = CASE WHEN :gap THEN :attempt_at ELSE last_gap_at END,
      moved_to = CASE WHEN CAST(:moved_to AS TEXT) IS NULL THEN moved_to
                      WHEN CAST(:moved_to AS TEXT) = '' THEN NULL
                      ELSE CAST(:moved_to AS TEXT) END
    WHERE name = :name
    """


def save_poll(
    updates: Sequence[FeedUpdate], entries: Sequence[IndexEntrySpec] = (), *, owner: str
) -> Callable[[Connection], None]:
    """The ``also(conn)`` for ``append_batch``: save outcomes, validators and index rows.

    Runs inside the append's transaction, so validators are saved with the events they
    led to or not at all. Releases ``owner``'s leases on those feeds. Validators,
    ``last_success_at`` and the warning change only on a successful poll.
    """

    def also(conn: Connection) -> None:
        if updates:
            ts = _driver_ts(conn)
            params = [
                {
                    **{f: getattr(u, f) for f in _UPDATE_FIELDS},
                    "attempt_at": ts(u.attempt_at),
                    "next_poll_at": ts(u.next_poll_at),
                    "paused_at": ts(u.paused_at),
                    "owner": owner,
                }
                for u in updates
            ]
            conn.exec_driver_sql(_named(conn, _SAVE_POLL_SQL), params)
            refused = [(u, item, why) for u in updates for item, why in u.quarantined]
            if refused:
                from tracker.store import quarantine  # it builds on this module's types

                quarantine.record(
                    conn,
                    [quarantine.for_item(u.name, item, why) for u, item, why in refused],
                    now=max(u.attempt_at for u, _i, _w in refused),
                )
        if entries:
            _upsert_index(conn, entries)

    return also


def record_poll(engine: Engine, updates: Sequence[FeedUpdate], *, owner: str) -> None:
    """Save polls that appended nothing (not modified, no new items, failures).

    Raises:
        StoreUnavailable: the database is down.
    """
    _write(engine, save_poll(updates, owner=owner))


_UPSERT_INDEX_HEAD = (
    "INSERT INTO item_index (feed, identity_sha256, identity, item_id, content_hash, "
    "link_sha256, duplicate_of, revisions, event_id, first_seen_at)"
)
_UPSERT_INDEX_TAIL = (
    "ON CONFLICT (feed, identity_sha256) DO UPDATE SET "
    "content_hash = excluded.content_hash, event_id = excluded.event_id, "
    "link_sha256 = excluded.link_sha256, revisions = item_index.revisions + 1"
)
_UPSERT_INDEX_SQL = (
    f"{_UPSERT_INDEX_HEAD} VALUES (:feed, :identity_sha256, :identity, :item_id, "
    ":content_hash, :link_sha256, :duplicate_of, 1, :event_id, :first_seen_at) "
    f"{_UPSERT_INDEX_TAIL}"
)


_INDEX_PARAMS = (
    "feed", "identity_sha256", "identity", "item_id", "content_hash", "link_sha256",
    "duplicate_of", "event_id", "first_seen_at",
)  # fmt: skip


def _upsert_index(conn: Connection, entries: Sequence[IndexEntrySpec]) -> None:
    stamps: dict[datetime, Any] = {}  # a feed's entries share one time: convert it once
    convert = _driver_ts(conn)

    def ts(value: datetime) -> Any:
        if value not in stamps:
            stamps[value] = convert(value)
        return stamps[value]

    sqlite = conn.dialect.name == "sqlite"
    rows = [
        (
            e.feed,
            sha256_hex(e.identity),
            e.identity,
            e.item_id,
            e.content_hash,
            sha256_hex(e.link_alias) if e.link_alias else None,
            e.duplicate_of,
            e.event_id.hex if sqlite else e.event_id,  # as sqlalchemy.Uuid stores it
            ts(e.seen_at),
        )
        for e in entries
    ]  # in the order of _INDEX_PARAMS
    if not sqlite:
        named = [dict(zip(_INDEX_PARAMS, row, strict=True)) for row in rows]
        conn.exec_driver_sql(_named(conn, _UPSERT_INDEX_SQL), named)
        return
    raw = conn.connection.driver_connection
    assert raw is not None
    bulk.insert_rows(  # multi-row statements: see tracker.store.bulk for why
        raw.execute,
        _UPSERT_INDEX_HEAD,
        "(?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",  # _INDEX_PARAMS with revisions = 1
        rows,
        tail=_UPSERT_INDEX_TAIL,
        max_variables=bulk.variable_limit(raw),
    )


# --------------------------------------------------------------------------- lookups


_KNOWN_SQL = (
    "SELECT identity_sha256, item_id, content_hash, revisions FROM item_index "
    "WHERE feed = {p} AND identity_sha256 {keys}"
)
_BY_LINK_SQL = (
    "SELECT link_sha256, coalesce(duplicate_of, item_id) FROM item_index "
    "WHERE link_sha256 {keys} ORDER BY first_seen_at DESC, item_id DESC"
)
_BY_HASH_SQL = (
    "SELECT content_hash, coalesce(duplicate_of, item_id) FROM item_index "
    "WHERE content_hash {keys} ORDER BY first_seen_at DESC, item_id DESC"
)


def _lookup(engine: Engine, fn: Callable[[Any, bool], _R]) -> _R:
    """``fn(cursor, on_sqlite)`` on a pooled driver connection, for the per-feed lookups.

    No SQLAlchemy ``Connection``: setting one up (joining the engine's event dispatch)
    cost as much as the lookup itself. A driver error invalidates the connection and
    becomes ``StoreUnavailable``.
    """
    errors = (SQLAlchemyError, engine.dialect.dbapi.Error)  # type: ignore[union-attr]
    try:
        pooled = engine.raw_connection()  # a refused connection is the driver's error here
    except errors as exc:
        raise _translate(engine, exc) from exc
    try:
        cursor = pooled.cursor()
        try:
            return fn(cursor, engine.dialect.name == "sqlite")
        finally:
            cursor.close()
    except errors as exc:
        pooled.invalidate()
        raise _translate(engine, exc) from exc
    finally:
        pooled.close()


def _select_in(
    cursor: Any, sqlite: bool, sql: str, keys: Sequence[str], *first: Any
) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` whose ``{keys}`` column is one of ``keys`` (``{p}``: ``first``)."""
    if not keys:
        return []
    if not sqlite:
        cursor.execute(sql.format(p="%s", keys="= ANY(%s)"), (*first, list(keys)))
        return list(cursor.fetchall())
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(keys):
        cursor.execute(
            sql.format(p="?", keys=f"IN ({','.join('?' * len(chunk))})"), (*first, *chunk)
        )
        rows += cursor.fetchall()
    return rows


def known_items(engine: Engine, feed: str, identities: Sequence[str]) -> dict[str, KnownItem]:
    """The identities among ``identities`` that ``feed`` already has in the log.

    Raises:
        StoreUnavailable: the database is down.
    """
    by_sha = {sha256_hex(i): i for i in identities}

    def run(cursor: Any, sqlite: bool) -> dict[str, KnownItem]:
        rows = _select_in(cursor, sqlite, _KNOWN_SQL, list(by_sha), feed)
        return {
            by_sha[sha]: KnownItem(item_id, digest, int(revisions))
            for sha, item_id, digest, revisions in rows
        }

    if not by_sha:
        return {}
    return _lookup(engine, run)


def exact_duplicates(
    engine: Engine, *, link_aliases: Sequence[str], content_hashes: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Items already in the log with one of these URL aliases or content hashes.

    Returns ``(by_link_alias, by_content_hash)``, each mapping the key to the
    ``item_id`` of the earliest such item (following its own ``duplicate_of``, so the
    answer is the original, not another copy).

    Raises:
        StoreUnavailable: the database is down.
    """
    by_sha = {sha256_hex(a): a for a in link_aliases}
    hashes_wanted = list(dict.fromkeys(content_hashes))

    def run(cursor: Any, sqlite: bool) -> tuple[dict[str, str], dict[str, str]]:
        # rows come newest first: the last one written for a key is the earliest item
        links = {
            by_sha[key]: root
            for key, root in _select_in(cursor, sqlite, _BY_LINK_SQL, list(by_sha))
        }
        hashes = dict(_select_in(cursor, sqlite, _BY_HASH_SQL, hashes_wanted))
        return links, hashes

    if not by_sha and not hashes_wanted:
        return {}, {}
    return _lookup(engine, run)


# --------------------------------------------------------------------------- reading


def list_states(engine: Engine, names: Sequence[str] | None = None) -> list[FeedStateRow]:
    """``feed_state`` rows by name (all when ``names`` is None).

    Raises:
        StoreUnavailable: the database is down or not migrated.
    """
    query = select(feed_state).order_by(feed_state.c.name)
    if names is not None:
        query = query.where(feed_state.c.name.in_(list(names)))

    def run(conn: Connection) -> list[FeedStateRow]:
        return [_row(r._mapping) for r in conn.execute(query)]

    rows: list[FeedStateRow] = _read(engine, run)
    return rows


_HEALTH_FIELDS = tuple(f.name for f in dataclasses.fields(FeedHealth))


def list_health(engine: Engine) -> list[FeedHealth]:
    """Every row of the ``feed_health`` view, by feed name.

    Raises:
        StoreUnavailable: the database is down or not migrated.
    """
    sql = text(f"SELECT {', '.join(_HEALTH_FIELDS)} FROM feed_health ORDER BY feed")
    ts = UtcDateTime()

    def run(conn: Connection) -> list[FeedHealth]:
        out = []
        for r in conn.execute(sql):
            m = dict(r._mapping)
            for key in ("last_attempt_at", "last_success_at", "next_poll_at"):
                m[key] = ts.process_result_value(m[key], conn.dialect)
            m["lag_s"] = None if m["lag_s"] is None else float(m["lag_s"])
            out.append(FeedHealth(**m))
        return out

    rows: list[FeedHealth] = _read(engine, run)
    return rows
