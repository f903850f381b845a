"""The event store: the only code that writes the log.

Owns appending (optimistic concurrency, unconditional idempotency, contiguous global
positions in commit order), reading a stream, reading everything after a position in
pages, and translating database errors into ``tracker.errors``. Must not know about
projections, feeds or the CLI.

Ordering. Every append takes the log's write lock first — ``LOCK TABLE log_lock IN
EXCLUSIVE MODE`` on PostgreSQL (held to the end of the transaction), ``BEGIN IMMEDIATE``
on SQLite — and only then reads the head of the log
and assigns positions ``head+1 … head+n``. Appends are therefore serialised, commit
order equals position order, positions are contiguous even when a transaction rolls
back, and a reader following ``position > cursor`` can never skip an event committed
late. ``recorded_at`` is read from the clock under the same lock and never decreases
along the log, so "what had the log recorded at time T" is always a prefix of it.
See docs/architecture.md for why this beats a sequence with gap detection.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson
import psycopg
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import PoolProxiedConnection

from tracker.db import IMMEDIATE, describe_url
from tracker.errors import (
    AppendOnlyViolation,
    IdempotencyConflict,
    StoreError,
    StoreUnavailable,
    WrongExpectedVersion,
)
from tracker.store import bulk, chain
from tracker.store.events import (
    ANY,
    NO_STREAM,
    STREAM_EXISTS,
    AppendResult,
    EventPayload,
    ExpectedVersion,
    NewEvent,
    RecordedEvent,
    canonical_json,
    canonical_json_bytes,
    uuid_from_int,
)
from tracker.store.tables import event_columns

log = logging.getLogger(__name__)


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
AppendRequest = tuple[str, Sequence[NewEvent], ExpectedVersion]
Document = tuple[str, str, str]  # (sha256, media_type, text)

#: The columns of ``tables.events`` (the one definition) as the raw SQL below reads them.
_COLUMNS = event_columns()
#: Written, not read back with events: the hash chain (``tracker.store.chain``).
_INSERT_COLUMNS = event_columns(with_hash=True)
#: The columns as read: on PostgreSQL the JSON comes as text and ``_loads_fast`` decodes it.
_SELECT_COLUMNS_PG = event_columns(postgres=True)

#: The log's write lock on PostgreSQL. Locking a table IN EXCLUSIVE MODE needs UPDATE on
#: it: the service role has that on ``log_lock`` (and only INSERT on the log), a
#: read-only role has not, so an analyst cannot hold the lock and stall every append
#: (with an advisory lock anyone who can connect could).
_PG_LOCK = "LOCK TABLE log_lock IN EXCLUSIVE MODE"

#: The fast INSERT is a prepared statement (psycopg prepares it on its 5th use), but the
#: server kept re-planning it for each call's array sizes ("custom plans"): ~200 µs a
#: call. Its one generic plan is right for every call; SET LOCAL ends with the transaction.
_PG_GENERIC_PLAN = "SET LOCAL plan_cache_mode = force_generic_plan"

#: Codes for expected versions in the PostgreSQL fast path: n >= 0 is "exactly n"
#: (0 = no stream), and these two markers.
_ANY_CODE, _EXISTS_CODE = -1, -2

#: The PostgreSQL fast path: insert every event at head+1.. and each stream's version+1..
#: in one statement, only if no id is already in the log and every stream is at its
#: expected version. Runs after the log's lock, so its snapshot sees the true head.
_PG_FAST_INSERT = f"""
WITH new AS (
  SELECT * FROM unnest(%b::uuid[], %b::text[], %b::text[], %b::int[], %b::text[], %b::text[],
                       %b::timestamptz[], %b::bytea[])
    WITH ORDINALITY AS n(event_id, stream_id, type, schema_version, data, metadata,
                         occurred_at, digest, ord)
), cur AS (
  SELECT c.stream_id, c.expected,
         (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = c.stream_id) AS v
  FROM unnest(%b::text[], %b::int[]) AS c(stream_id, expected)
), head AS (
  SELECT position, recorded_at, hash FROM events ORDER BY position DESC LIMIT 1
), stamp AS (
  SELECT (SELECT greatest(clock_timestamp(), max(recorded_at)) FROM head) AS at
), placed AS (
  SELECT n.*, coalesce((SELECT position FROM head), 0) + n.ord AS position,
         coalesce(cur.v, 0)
           + row_number() OVER (PARTITION BY n.stream_id ORDER BY n.ord) AS stream_version
  FROM new n JOIN cur USING (stream_id)
), links AS (
  SELECT array_agg(
           int8send(p.position) || int8send(p.stream_version::bigint)
           || int8send((extract(epoch FROM s.at) * 1000000)::bigint) || p.digest
           ORDER BY p.ord) AS parts
  FROM placed p CROSS JOIN stamp s
), chain AS (
  SELECT c.i, c.h FROM links l
  CROSS JOIN LATERAL tracker_chain(coalesce((SELECT hash FROM head), ''::bytea), l.parts) AS c
)
INSERT INTO events ({_INSERT_COLUMNS})
SELECT p.position, p.event_id, p.stream_id, p.stream_version,
       p.type, p.schema_version, p.data::jsonb, p.metadata::jsonb,
       (SELECT at FROM stamp), p.occurred_at, chain.h
FROM placed p JOIN chain ON chain.i = p.ord
WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = ANY(%b::uuid[]))
  AND NOT EXISTS (
    SELECT 1 FROM cur WHERE NOT (
      cur.expected = {_ANY_CODE}
      OR (cur.expected = {_EXISTS_CODE} AND cur.v IS NOT NULL)
      OR coalesce(cur.v, 0) = cur.expected))
RETURNING position, stream_version
"""


_sqlite_ts = bulk.utc_text


_parse_sqlite_ts = bulk.utc_from_text


#: the C scanner under ``json.loads`` (an attribute typeshed does not declare)
_scan_json: Callable[[str, int], tuple[Any, int]] = getattr(  # noqa: B009
    json.JSONDecoder(), "scan_once"
)


def _loads(text: str) -> Any:
    """``json.loads`` at about half the cost, for JSON as the databases hand it back.

    ``json.loads`` wraps the C scanner in two whitespace regex matches and two Python
    frames, which cost as much as scanning a 300-byte payload. The log's JSON never has
    surrounding whitespace (``canonical_json`` on SQLite, ``jsonb`` output on
    PostgreSQL), so scan directly; anything else takes ``json.loads`` and its errors.
    """
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def _loads_fast(text: str) -> Any:
    """``_loads`` by orjson (a third of its cost), with the same values.

    ``json`` takes what orjson refuses (NaN, lone surrogates, numbers beyond a double)
    and what it reads otherwise: an integer beyond 64 bits, which orjson reads as a
    float. Such an integer has 20 digits or more, or 19 after a minus sign, which one
    ``bytes.translate`` and two substring searches find (a digit run of a string or a
    hash sends the text to ``json`` as well, which reads it as ever).
    """
    marks = text.encode("utf-8", "surrogatepass").translate(_DIGIT_MARKS)
    if _WIDE_INT in marks or _WIDE_NEG in marks:
        return _loads(text)
    try:
        return _orjson_loads(text)
    except orjson.JSONDecodeError:
        return _loads(text)


_orjson_loads = orjson.loads
#: ``bytes.translate`` table: ASCII digits to ``0``, ``-`` kept, every other byte a space.
_DIGIT_MARKS = bytes(48 if 48 <= b <= 57 else b if b == 45 else 32 for b in range(256))
#: the shortest integers beyond orjson's (``2**64`` and up, ``-2**63 - 1`` and down)
_WIDE_INT, _WIDE_NEG = b"0" * 20, b"-" + b"0" * 19
_Read = TypeVar("_Read", RecordedEvent, EventPayload)


def _fast_uuid(value: str) -> uuid.UUID:
    """``uuid.UUID(value)`` for the 32 hex digits SQLite stores, at half the cost."""
    return uuid_from_int(int(value, 16))


_probe = uuid.uuid4()
_uuid_from_hex: Callable[[str], uuid.UUID] = (
    _fast_uuid
    if _fast_uuid(_probe.hex) == _probe and str(_fast_uuid(_probe.hex)) == str(_probe)
    else uuid.UUID
)


_TYPE_BYTES: dict[str, bytes] = {}


def _type_bytes(type_: str) -> bytes:
    """``type_`` in UTF-8, from a small cache (an append's events share a few types)."""
    found = _TYPE_BYTES.get(type_)
    if found is None:
        found = type_.encode()
        if len(_TYPE_BYTES) < 1024:
            _TYPE_BYTES[type_] = found
    return found


class _Prepared:
    """An event encoded once, before the write lock: its JSON and what its hash covers.

    ``body`` (SQLite: chain version 2, one SHA-256 per event under the lock) or
    ``digest`` (PostgreSQL: version 1, whose link the server computes) — see
    ``tracker.store.chain``.
    """

    __slots__ = (
        "body",
        "data_json",
        "digest",
        "event",
        "hex_id",
        "meta_json",
        "norm",
        "occurred_text",
    )

    def __init__(self, event: NewEvent, stream: str, stream_bytes: bytes | None) -> None:
        if not event.type:
            raise StoreError("an event needs a type")
        self.event = event
        data = canonical_json_bytes(event.data)
        meta = canonical_json_bytes(event.metadata)
        self.data_json = data.decode()
        self.meta_json = meta.decode()
        self.norm = self.data_json
        occurred = event.occurred_at
        if occurred is not None and occurred.tzinfo is None:
            occurred = occurred.replace(tzinfo=UTC)  # stored as UTC (bulk.utc_text)
        self.hex_id = event.event_id.hex
        if stream_bytes is not None:
            self.digest = b""
            self.occurred_text = None if occurred is None else _sqlite_ts(occurred)
            self.body = chain.body_v2(
                self.hex_id.encode(),
                stream_bytes,
                _type_bytes(event.type),
                event.schema_version,
                data,
                meta,
                occurred,
            )
        else:
            self.body = b""
            self.occurred_text = None
            self.digest = chain.content_digest(
                self.hex_id,
                stream,
                event.type,
                event.schema_version,
                self.data_json,
                self.meta_json,
                occurred,
            )


class _Recheck(Exception):
    """A signal inside the store, never raised out of it: the append without the id
    check cannot decide alone, run the full one."""


class EventStore:
    """Append to and read from the log on SQLite or PostgreSQL.

    Args:
        engine: from ``tracker.db.make_engine``.
        upcasters: ``{(type, version): fn}`` turning a payload of that version into
            the next; chained on read, stored rows are never rewritten.
    """

    def __init__(
        self, engine: Engine, upcasters: Mapping[tuple[str, int], Upcaster] | None = None
    ) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.is_postgres = self.dialect == "postgresql"
        self.upcasters = dict(upcasters or {})
        self._ph = "%s" if self.is_postgres else "?"
        self._select_columns = _SELECT_COLUMNS_PG if self.is_postgres else _COLUMNS

    # ---------------------------------------------------------------- writing

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: ExpectedVersion = ANY,
        *,
        documents: Iterable[Document] = (),
        also: Callable[[Connection], None] | None = None,
    ) -> AppendResult:
        """Append ``events`` to ``stream_id`` atomically.

        A retry of events already in the log (same ids, same type, schema version,
        stream and data) is a no-op that returns the original positions.

        Raises:
            WrongExpectedVersion: the stream is not at ``expected_version``.
            IdempotencyConflict: an event id is in the log with other content.
            StoreUnavailable: the database is down, locked or timed out.
        """
        return self.append_batch(
            [(stream_id, events, expected_version)], documents=documents, also=also
        )[0]

    def append_batch(
        self,
        requests: Sequence[AppendRequest],
        *,
        documents: Iterable[Document] = (),
        also: Callable[[Connection], None] | None = None,
    ) -> list[AppendResult]:
        """Append to several streams in one transaction: all or nothing.

        ``documents`` are stored (insert-only, keyed by hash) and ``also(conn)`` runs
        in the same transaction, so state that depends on the events (a feed's
        validators, a projection's checkpoint) commits with them or not at all.

        Raises:
            WrongExpectedVersion, IdempotencyConflict, StoreUnavailable.
        """
        v2 = not self.is_postgres  # the chain version this store writes (chain.py)
        prepared = []
        for stream, evs, exp in requests:
            stream_bytes = stream.encode() if v2 else None
            prepared.append((stream, [_Prepared(e, stream, stream_bytes) for e in evs], exp))
        for stream, _evs, _exp in prepared:
            if not stream or len(stream) > 255:
                raise StoreError(f"bad stream id {stream!r}: 1 to 255 characters")
        docs = list(documents)
        with self._translate():
            if also is None and not docs:
                # the hot path: DBAPI connection and cursor, no SQLAlchemy per statement
                if self.is_postgres:
                    fast = self._append_pg_fast(prepared)
                    if fast is not None:
                        return fast
                if not self.is_postgres:
                    try:
                        with self._raw_write_transaction() as raw:
                            return self._append_locked(raw, prepared, check_ids=False)
                    except (_Recheck, sqlite3.IntegrityError):
                        pass  # a retry or a conflict: decide again, checking every id first
                with self._raw_write_transaction() as raw:
                    return self._append_locked(raw, prepared)
            with self._write_transaction() as conn:
                results = self._append_locked(_driver(conn.connection), prepared)
                if docs:
                    self._put_documents(conn, docs)
                if also is not None:
                    also(conn)
        return results

    @contextmanager
    def _write_transaction(self) -> Iterator[Connection]:
        """A SQLAlchemy transaction holding the log's write lock (for ``also`` callbacks)."""
        with self.engine.connect() as conn:
            if not self.is_postgres:
                conn.execution_options(**{IMMEDIATE: True})
            with conn.begin():
                if self.is_postgres:
                    conn.exec_driver_sql(_PG_LOCK)
                yield conn

    @contextmanager
    def _raw_write_transaction(self) -> Iterator[Any]:
        """The same transaction and lock on a pooled DBAPI connection, for plain appends."""
        pooled = self.engine.raw_connection()
        try:
            raw = _driver(pooled)
            try:
                # psycopg opens the transaction itself (READ COMMITTED) before the lock
                raw.execute(_PG_LOCK if self.is_postgres else "BEGIN IMMEDIATE")
                yield raw
            except BaseException:
                _abort(pooled, raw)
                raise
            raw.commit()
        finally:
            pooled.close()

    def _append_pg_fast(
        self, prepared: list[tuple[str, list[_Prepared], ExpectedVersion]]
    ) -> list[AppendResult] | None:
        """The common PostgreSQL append in one round trip, or None to take the full path.

        BEGIN, ``SET LOCAL plan_cache_mode``, the log's lock, one ``INSERT … SELECT
        FROM unnest(…)`` and COMMIT go to the server in one pipeline. The INSERT reads the
        head, the streams' versions and the ids it would duplicate, and inserts every row only
        if no id is already in the log and every stream is at its expected version. Its
        snapshot is taken after the lock is granted, so it sees the true head. Nothing
        inserted means a retry, a conflict or a wrong version: the transaction (which
        wrote nothing) commits, and the caller runs the full path, which decides again
        from scratch under the lock and raises the typed errors. Array parameters go in
        binary (``%b``): psycopg's text array quoting of JSON cost more than the insert.
        """
        codes = _fast_path_codes(prepared)
        if codes is None:
            return None
        ids, streams, types, schemas, data, meta, occurred, digests = [], [], [], [], [], [], [], []
        for stream, evs, _exp in prepared:
            for p in evs:
                ev = p.event
                ids.append(ev.event_id)
                streams.append(stream)
                types.append(ev.type)
                schemas.append(ev.schema_version)
                data.append(p.data_json)
                meta.append(p.meta_json)
                occurred.append(ev.occurred_at)
                digests.append(p.digest)
        params = (
            ids, streams, types, schemas, data, meta, occurred, digests,
            [s for s, _e, _x in prepared], codes, ids,
        )  # fmt: skip
        pooled = self.engine.raw_connection()
        try:
            raw = _driver(pooled)
            try:
                # one round trip: BEGIN, SET, lock, INSERT, COMMIT; the lock is held only
                # while the server works, never across a client turn
                with raw.pipeline(), raw.cursor() as cur:
                    cur.execute(_PG_GENERIC_PLAN)
                    cur.execute(_PG_LOCK)
                    cur.execute(_PG_FAST_INSERT, params)
                    raw.commit()
                    rows = cur.fetchall()
            except BaseException:
                _abort(pooled, raw)
                raise
        finally:
            pooled.close()
        if len(rows) != len(ids):
            return None  # committed nothing: not the plain case
        rows.sort()  # by position, which is head + the event's place in the request
        results = []
        i = 0
        for stream, evs, _exp in prepared:
            mine = rows[i : i + len(evs)]
            i += len(evs)
            results.append(AppendResult(stream, [r[0] for r in mine], mine[-1][1], len(evs)))
        return results

    def _append_locked(
        self,
        raw: Any,
        prepared: list[tuple[str, list[_Prepared], ExpectedVersion]],
        *,
        check_ids: bool = True,
    ) -> list[AppendResult]:
        """Place, chain and insert the events under the log's write lock.

        With ``check_ids=False`` (SQLite's plain append) the ids are not looked up
        first: the events are taken to be new, and the insert itself refuses one that is
        in the log (the unique index and the REPLACE guard both probe it). That probe
        failing (``sqlite3.IntegrityError``) or a stream not at its expected version
        (``_Recheck``: it may be a retry, which needs no expected version) leaves the
        caller to roll back and decide again with ``check_ids=True``.
        """
        all_ids = [p.event.event_id for _s, evs, _e in prepared for p in evs] if check_ids else []
        streams = list(dict.fromkeys(s for s, _e, _x in prepared))
        head, head_recorded, head_hash, now, n_existing, versions = self._head(
            raw, all_ids, streams
        )
        existing = self._existing(raw, all_ids) if n_existing else {}
        recorded_at = now if head_recorded is None or now > head_recorded else head_recorded
        stamp = recorded_at if self.is_postgres else _sqlite_ts(recorded_at)
        results: list[AppendResult] = []
        rows: list[tuple[Any, ...]] = []
        seen: dict[str, tuple[str, str, int]] = {}
        position = head
        previous = head_hash or chain.GENESIS
        recorded_us = chain.micros(recorded_at)
        link, link_v2 = chain.link, chain.link_v2
        for stream, evs, expected in prepared:
            fresh: list[_Prepared] = []
            old_positions: list[int] = []
            for p in evs:
                ev = p.event
                found = existing.get(ev.event_id) if existing else None
                if found is not None:
                    key = (stream, ev.type, ev.schema_version)
                    if (found[1], found[3], found[4]) != key or found[5] != p.norm:
                        raise IdempotencyConflict(
                            ev.event_id, _difference(found, stream, ev, p.norm)
                        )
                    old_positions.append(found[0])
                    continue
                # keyed by the hex id: a str keeps its hash, a UUID computes it in Python
                mine = (stream, p.norm, ev.schema_version)
                if seen.setdefault(p.hex_id, mine) is not mine:
                    if seen[p.hex_id] != mine:
                        raise IdempotencyConflict(
                            ev.event_id, "twice in one append with different content"
                        )
                    continue
                fresh.append(p)
            actual = versions.get(stream)
            if not fresh:
                results.append(AppendResult(stream, old_positions, actual or 0, 0))
                continue
            if not old_positions:
                try:
                    _check_expected(stream, expected, actual)
                except WrongExpectedVersion:
                    if not check_ids:
                        raise _Recheck from None
                    raise
            version = actual or 0
            positions = []
            for p in fresh:
                position += 1
                version += 1
                positions.append(position)
                ev = p.event
                if p.body:  # SQLite: the row as stored (ids as hex, times as text)
                    previous = link_v2(previous, position, version, recorded_us, p.body)
                    rows.append((
                        position, p.hex_id, stream, version, ev.type, ev.schema_version,
                        p.data_json, p.meta_json, stamp, p.occurred_text, previous,
                    ))  # fmt: skip
                else:
                    previous = link(previous, position, version, recorded_us, p.digest)
                    rows.append((
                        position, ev.event_id, stream, version, ev.type, ev.schema_version,
                        p.data_json, p.meta_json, stamp, ev.occurred_at, previous,
                    ))  # fmt: skip
            versions[stream] = version
            results.append(AppendResult(stream, old_positions + positions, version, len(fresh)))
        if rows:
            self._insert(raw, rows)
        return results

    def _head(
        self, raw: Any, ids: list[uuid.UUID], streams: list[str]
    ) -> tuple[int, datetime | None, bytes | None, datetime, int, dict[str, int]]:
        if self.is_postgres:
            row = _fetch(
                raw,
                "SELECT h.position, h.recorded_at, h.hash, clock_timestamp(), "
                "(SELECT count(*) FROM events WHERE event_id = ANY(%s)), "
                "(SELECT coalesce(json_object_agg(s.stream_id, s.v), '{}'::json) FROM "
                " (SELECT stream_id, max(stream_version) AS v FROM events "
                "  WHERE stream_id = ANY(%s) GROUP BY stream_id) s) "
                "FROM (SELECT 1) AS one LEFT JOIN LATERAL "
                "(SELECT position, recorded_at, hash FROM events ORDER BY position DESC LIMIT 1) h "
                "ON true",
                (ids, streams),
            )[0]
            versions = row[5] if isinstance(row[5], dict) else json.loads(row[5])
            return (
                int(row[0] or 0),
                row[1],
                None if row[2] is None else bytes(row[2]),
                row[3],
                int(row[4]),
                {k: int(v) for k, v in versions.items()},
            )
        now = datetime.now(UTC)
        if len(streams) == 1 and len(ids) <= 500:
            # the usual append, one statement: head, the stream's version, known ids
            known = (
                f"(SELECT count(*) FROM events WHERE event_id IN ({','.join('?' * len(ids))}))"
                if ids
                else "0"
            )
            head, head_at, head_hash, version, n = _fetch(
                raw,
                "SELECT h.position, h.recorded_at, h.hash, "
                f"(SELECT max(stream_version) FROM events WHERE stream_id = ?), {known} "
                "FROM (SELECT 1) LEFT JOIN "
                "(SELECT position, recorded_at, hash FROM events ORDER BY position DESC LIMIT 1) h",
                [streams[0], *(i.hex for i in ids)],
            )[0]
            versions = {} if version is None else {streams[0]: int(version)}
            if head is None:
                return 0, None, None, now, int(n), versions
            return int(head), _parse_sqlite_ts(head_at), head_hash, now, int(n), versions
        heads = _fetch(
            raw, "SELECT position, recorded_at, hash FROM events ORDER BY position DESC LIMIT 1"
        )
        versions = {}
        for chunk in _chunks(streams, 500):
            marks = ",".join("?" * len(chunk))
            for stream, v in _fetch(
                raw,
                f"SELECT stream_id, max(stream_version) FROM events WHERE stream_id IN ({marks}) "
                "GROUP BY stream_id",
                chunk,
            ):
                versions[stream] = int(v)
        n = 0
        for chunk in _chunks([i.hex for i in ids], 500):
            marks = ",".join("?" * len(chunk))
            n += _fetch(raw, f"SELECT count(*) FROM events WHERE event_id IN ({marks})", chunk)[0][
                0
            ]
        if not heads:
            return 0, None, None, now, n, versions
        return int(heads[0][0]), _parse_sqlite_ts(heads[0][1]), heads[0][2], now, n, versions

    def _existing(self, raw: Any, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[Any, ...]]:
        out: dict[uuid.UUID, tuple[Any, ...]] = {}
        cols = "event_id, position, stream_id, stream_version, type, schema_version, data"
        if self.is_postgres:
            rows = _fetch(raw, f"SELECT {cols} FROM events WHERE event_id = ANY(%s)", (ids,))
        else:
            rows = []
            for chunk in _chunks([i.hex for i in ids], 500):
                marks = ",".join("?" * len(chunk))
                rows += _fetch(raw, f"SELECT {cols} FROM events WHERE event_id IN ({marks})", chunk)
        for r in rows:
            event_id = r[0] if isinstance(r[0], uuid.UUID) else uuid.UUID(r[0])
            data = r[6] if not isinstance(r[6], str) else json.loads(r[6])
            out[event_id] = (int(r[1]), r[2], int(r[3]), r[4], int(r[5]), canonical_json(data))
        return out

    def _insert(self, raw: Any, rows: list[tuple[Any, ...]]) -> None:
        if self.is_postgres:
            sql = (
                f"INSERT INTO events ({_INSERT_COLUMNS}) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb, %s, %s, %s)"
            )
        else:
            cur = raw.cursor()
            try:  # multi-row statements: see tracker.store.bulk for why not executemany
                bulk.insert_rows(
                    cur.execute,
                    f"INSERT INTO events ({_INSERT_COLUMNS})",
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                    max_variables=bulk.variable_limit(raw),
                )
            finally:
                cur.close()
            return
        cur = raw.cursor()
        try:
            if len(rows) == 1:
                cur.execute(sql, rows[0])
            else:
                cur.executemany(sql, rows)
        finally:
            cur.close()

    def _put_documents(self, conn: Connection, docs: list[Document]) -> None:
        now = datetime.now(UTC)
        if self.is_postgres:
            sql = (
                "INSERT INTO documents (sha256, media_type, text, created_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING"
            )
            params: list[tuple[str, str, str, object]] = [(s, m, t, now) for s, m, t in docs]
            conn.exec_driver_sql(sql, params)
            return
        stamp = _sqlite_ts(now)
        raw = _driver(conn.connection)
        # Plain INSERT of the new ones only: a trigger refuses any insert of a hash that
        # is there already (so that REPLACE cannot rewrite a document), OR IGNORE included.
        wanted = {s: (s, m, t) for s, m, t in docs}
        for chunk in _chunks(sorted(wanted), 500):
            marks = ",".join("?" * len(chunk))
            for (sha,) in _fetch(
                raw, f"SELECT sha256 FROM documents WHERE sha256 IN ({marks})", chunk
            ):
                wanted.pop(sha, None)
        if not wanted:
            return
        bulk.insert_rows(
            raw.execute,
            "INSERT INTO documents (sha256, media_type, text, created_at)",
            "(?, ?, ?, ?)",
            [(s, m, t, stamp) for s, m, t in wanted.values()],
            max_variables=bulk.variable_limit(raw),
        )

    # ---------------------------------------------------------------- reading

    def read_stream(self, stream_id: str, *, after_version: int = 0) -> list[RecordedEvent]:
        """Every event of ``stream_id`` after ``after_version``, in stream order.

        Raises:
            StoreUnavailable: the database is down.
        """
        sql = (
            f"SELECT {self._select_columns} FROM events WHERE stream_id = {self._ph} "
            f"AND stream_version > {self._ph} ORDER BY stream_version"
        )
        with self._translate():
            return self._select(sql, (stream_id, after_version))

    def read_all(
        self,
        after: int = 0,
        *,
        page_size: int = 500,
        up_to_position: int | None = None,
        up_to_recorded_at: datetime | None = None,
        types: Collection[str] | None = None,
    ) -> Iterator[RecordedEvent]:
        """Stream every event after global position ``after``, in position order.

        Reads in pages of ``page_size`` on short transactions (keyset paging), so a
        long read holds no snapshot. ``up_to_*`` bound the read to a prefix of the
        log ("as of"); ``types`` filters by event type.

        Raises:
            StoreUnavailable: the database is down.
        """
        ph = self._ph
        cond = [f"position > {ph}"]
        fixed: list[Any] = []
        if up_to_recorded_at is not None:
            # a prefix of the log (record time never decreases along it), found on each page
            # as the page's own reads see the log: the same events a filter would let through
            cond.append(f"position <= {_position_at_sql(ph)}")
            fixed.extend([self._stamp(up_to_recorded_at)] * 2)
        if types is not None:
            type_list = sorted(types)
            if not type_list:
                return
            cond.append(f"type IN ({','.join([ph] * len(type_list))})")
            fixed.extend(type_list)
        cond.append(f"position <= {ph}")  # the page's window (``_Keyset``)
        sql = (
            f"SELECT {self._select_columns} FROM events WHERE {' AND '.join(cond)} "
            f"ORDER BY position LIMIT {int(page_size)}"
        )
        pages = self._keyset(after, up_to_position, page_size)
        window = pages.first()
        while window is not None:
            with self._translate():
                page = self._select(sql, (window[0], *fixed, window[1]))
            yield from page
            window = pages.next(len(page), page[-1].position if page else 0)

    def read_payloads(
        self,
        types: Collection[str],
        *,
        after: int = 0,
        up_to_position: int | None = None,
        page_size: int = 5000,
    ) -> Iterator[EventPayload]:
        """Stream the payloads of the events of ``types`` after ``after``, in position order.

        What a set-based rebuild reads: ``read_all``'s events without their ids,
        metadata and valid times, for half its cost. Pages as ``read_all`` does.

        Raises:
            StoreUnavailable: the database is down.
        """
        new, payload, loads = tuple.__new__, EventPayload, _loads_fast
        ts = (lambda value: value) if self.is_postgres else _parse_sqlite_ts
        for rows in self._payload_pages(types, after, up_to_position, page_size):
            page = [new(payload, (r[0], r[1], r[2], r[3], loads(r[4]), ts(r[5]))) for r in rows]
            yield from [self._upcast(e) for e in page] if self.upcasters else page

    def read_payload_texts(
        self,
        types: Collection[str],
        *,
        after: int = 0,
        up_to_position: int | None = None,
        page_size: int = 5000,
    ) -> Iterator[tuple[EventPayload, str | None]]:
        """``read_payloads``, each payload with the JSON text the log holds for it where
        that text is ``canonical_json`` of the payload: on SQLite (which stores that
        text) for a payload no upcaster changed, else ``None`` (PostgreSQL stores
        ``jsonb``, whose text differs). A rebuild that stores payloads again takes the
        text instead of writing the JSON anew.

        Raises:
            StoreUnavailable: the database is down.
        """
        new, payload, loads, ts = tuple.__new__, EventPayload, _loads_fast, _parse_sqlite_ts
        postgres = self.is_postgres
        for rows in self._payload_pages(types, after, up_to_position, page_size):
            if postgres:  # jsonb's text is not the canonical one
                page = [(new(payload, (*r[:4], loads(r[4]), r[5])), None) for r in rows]
            else:
                page = [(new(payload, (*r[:4], loads(r[4]), ts(r[5]))), r[4]) for r in rows]
            if self.upcasters:  # an upcast payload's stored text is of the old one
                page = [(u, None if u is not p else t) for p, t in page for u in [self._upcast(p)]]
            yield from page

    def _payload_pages(
        self, types: Collection[str], after: int, up_to_position: int | None, page_size: int
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows (position, stream, type, schema version, JSON text, record time) of
        the events of ``types`` after ``after``, a page at a time (keyset paging).

        On PostgreSQL the next page is asked for while the caller takes this one (a
        thread of its own): the server's part of a page (reading the rows, writing each
        ``jsonb`` as text) overlaps the caller's decoding instead of following it. Not on
        SQLite, where the read is this process's own work: ``sqlite3`` gives the GIL up
        at every row it steps, and a reader thread beside a busy caller would wait for it
        at each.
        """
        type_list = sorted(types)
        if not type_list:
            return
        ph = self._ph
        cond = [f"position > {ph}", f"type IN ({','.join([ph] * len(type_list))})"]
        cond.append(f"position <= {ph}")  # the page's window (``_Keyset``)
        fixed: list[Any] = list(type_list)
        data = "data::text" if self.is_postgres else "data"
        sql = (
            f"SELECT position, stream_id, type, schema_version, {data}, recorded_at FROM events "
            f"WHERE {' AND '.join(cond)} ORDER BY position LIMIT {int(page_size)}"
        )
        pages = self._keyset(after, up_to_position, page_size)
        if self.is_postgres:
            yield from self._pages_ahead(sql, fixed, pages)
            return
        window = pages.first()
        while window is not None:
            with self._translate():
                rows = self._fetch_rows(sql, (window[0], *fixed, window[1]))
            yield rows
            window = pages.next(len(rows), rows[-1][0] if rows else 0)

    def _pages_ahead(
        self, sql: str, fixed: list[Any], pages: _Keyset
    ) -> Iterator[list[tuple[Any, ...]]]:
        """``_payload_pages``' loop with the next page fetched while this one is taken."""
        window = pages.first()
        if window is None:
            return
        with ThreadPoolExecutor(1, thread_name_prefix="log-page") as ahead:
            pending = ahead.submit(self._fetch_rows, sql, (window[0], *fixed, window[1]))
            try:
                while True:
                    with self._translate():
                        rows = pending.result()
                    window = pages.next(len(rows), rows[-1][0] if rows else 0)
                    if window is not None:
                        pending = ahead.submit(
                            self._fetch_rows, sql, (window[0], *fixed, window[1])
                        )
                    yield rows
                    if window is None:
                        return
            finally:
                # a caller that stops early: a page not begun is not fetched (one in
                # flight is waited for as the executor closes)
                pending.cancel()

    def _keyset(self, after: int, up_to: int | None, page_size: int) -> _Keyset:
        """The windows of a paged read of the log after ``after`` (up to ``up_to``).

        On PostgreSQL each page's query is bounded to a window of positions, so that the
        rows the server may visit for a page do not depend on its plan: without
        statistics on ``events`` (a log just filled, autovacuum off or behind) the planner
        took ``position > cursor ORDER BY position LIMIT n`` with a type filter for a
        bitmap scan of every later position and a sort, a read of the whole rest of the
        log for each page. A read with no ``up_to`` goes by windows to the head it sees
        at its start, then on without one (the events appended meanwhile). SQLite walks
        its primary key in order whatever the query: one open window there.
        """
        if not self.is_postgres:
            return _Keyset(after, page_size, up_to, open_end=up_to is None, span=_OPEN)
        bound = up_to if up_to is not None else self.last_position()
        return _Keyset(after, page_size, bound, open_end=up_to is None)

    def last_position(self) -> int:
        """The position of the newest event, 0 for an empty log."""
        with self._translate(), self.engine.connect() as conn:
            value = conn.exec_driver_sql("SELECT max(position) FROM events").scalar()
        return int(value or 0)

    def position_at(self, recorded_at: datetime) -> int:
        """The last position the log had recorded at ``recorded_at`` (0 if none).

        A binary search over positions (``recorded_at`` never decreases along the log):
        about 20 primary-key lookups in a million events, no index on the time.
        """
        value = self._stamp(recorded_at)
        with self._translate(), self.engine.connect() as conn:
            pos = conn.exec_driver_sql(
                f"SELECT {_position_at_sql(self._ph)}", (value, value)
            ).scalar()
        return int(pos or 0)

    def _stamp(self, value: datetime) -> datetime | str:
        """A time as this database compares it with ``recorded_at``."""
        return value if self.is_postgres else _sqlite_ts(value)

    def stream_version(self, stream_id: str) -> int | None:
        """The stream's current version, or None if it does not exist."""
        with self._translate(), self.engine.connect() as conn:
            v = conn.exec_driver_sql(
                f"SELECT max(stream_version) FROM events WHERE stream_id = {self._ph}", (stream_id,)
            ).scalar()
        return None if v is None else int(v)

    def get_document(self, sha256: str) -> str | None:
        """The text stored under ``sha256``, or None."""
        return self.get_documents([sha256]).get(sha256)

    def get_documents(self, hashes: Iterable[str]) -> dict[str, str]:
        """The texts stored under ``hashes`` (missing ones absent), in one query per 500."""
        wanted = sorted(set(hashes))
        out: dict[str, str] = {}
        with self._translate(), self.engine.connect() as conn:
            for chunk in _chunks(wanted, 500):
                marks = ",".join([self._ph] * len(chunk))
                rows = conn.exec_driver_sql(
                    f"SELECT sha256, text FROM documents WHERE sha256 IN ({marks})", tuple(chunk)
                )
                out.update((sha, text) for sha, text in rows)
        return out

    def _select(self, sql: str, params: Sequence[Any]) -> list[RecordedEvent]:
        """Events selected by ``sql`` (all columns, in order), decoded and upcast.

        One pooled DBAPI connection per call, returned before the caller sees a row,
        so a slow reader holds neither a connection nor a snapshot. On PostgreSQL the
        SELECT runs in autocommit: no BEGIN and ROLLBACK round trips around it.
        """
        rows = self._fetch_rows(sql, params)
        events = self._decode_pg(rows) if self.is_postgres else self._decode_sqlite(rows)
        if self.upcasters:
            events = [self._upcast(e) for e in events]
        return events

    def _fetch_rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The rows of a SELECT, on a pooled DBAPI connection of its own (see ``_select``)."""
        pooled = self.engine.raw_connection()
        try:
            raw = _driver(pooled)
            try:
                if self.is_postgres:
                    raw.autocommit = True
                    try:
                        return list(raw.execute(sql, params).fetchall())
                    finally:
                        if not _broken(raw):
                            raw.autocommit = False
                return list(raw.execute(sql, params).fetchall())
            except BaseException:
                _abort(pooled, raw)
                raise
        finally:
            pooled.close()

    @staticmethod
    def _decode_sqlite(rows: list[tuple[Any, ...]]) -> list[RecordedEvent]:
        # one comprehension over local names: this loop is read-all's whole cost
        new, event, loads, uid, ts = (
            tuple.__new__,
            RecordedEvent,
            _loads_fast,
            _uuid_from_hex,
            _parse_sqlite_ts,
        )
        return [
            new(event, (r[0], uid(r[1]), r[2], r[3], r[4], r[5], loads(r[6]), loads(r[7]),
                        ts(r[8]), None if r[9] is None else ts(r[9])))
            for r in rows
        ]  # fmt: skip

    @staticmethod
    def _decode_pg(rows: list[tuple[Any, ...]]) -> list[RecordedEvent]:
        # psycopg has decoded uuid and timestamptz; the JSON comes as text
        new, event, loads = tuple.__new__, RecordedEvent, _loads_fast
        return [
            new(event, (r[0], r[1], r[2], r[3], r[4], r[5], loads(r[6]), loads(r[7]), r[8], r[9]))
            for r in rows
        ]

    def _upcast(self, e: _Read) -> _Read:
        data, version = e.data, e.schema_version
        while (e.type, version) in self.upcasters:
            data = self.upcasters[(e.type, version)](data)
            version += 1
        return e if version == e.schema_version else e._replace(data=data, schema_version=version)

    # ---------------------------------------------------------------- errors

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except (IntegrityError, sqlite3.IntegrityError, psycopg.IntegrityError) as exc:
            raise self._refused(exc) from exc
        except (DBAPIError, sqlite3.Error, psycopg.Error) as exc:
            raise self._unavailable(_first_line(exc)) from exc
        except SQLAlchemyError as exc:
            raise StoreUnavailable(
                f"database error on {describe_url(self.engine)}: {_first_line(exc)}"
            ) from exc

    @staticmethod
    def _refused(exc: Exception) -> StoreError:
        text = _first_line(exc)
        if "append-only" in text:
            return AppendOnlyViolation(text)
        if "stream" in text:
            return WrongExpectedVersion("?", "a free version", None)
        return StoreError(f"the log refused the write: {text}")

    def _unavailable(self, text: str) -> StoreError:
        if "append-only" in text:
            return AppendOnlyViolation(text)
        if "lock timeout" in text:
            return StoreUnavailable(
                "timed out waiting for the log's write lock (another writer holds it); retry"
            )
        if "database is locked" in text:
            return StoreUnavailable(
                "the SQLite database is locked by another writer; retry, or use PostgreSQL "
                "for several concurrent writers"
            )
        return StoreUnavailable(f"database error on {describe_url(self.engine)}: {text}")


#: No position reaches it: the upper end of a window that is not bounded.
_OPEN = 1 << 62


class _Keyset:
    """Keyset paging over log positions, each page within a window ``(cursor, end]``.

    A full page moves the cursor to its last position in the same window's span; a page
    with fewer rows than asked read its whole window, so the cursor moves to the window's
    end and the span doubles (types that are rare in the log take few queries), up to
    ``MAX_SPAN`` (a ``span`` of ``_OPEN``: one window to ``bound``). With no ``bound`` the
    window is open (``_OPEN``). After ``bound``: an
    open window if ``open_end``, else the read ends.
    """

    MAX_SPAN = 1 << 20

    def __init__(
        self,
        after: int,
        page_size: int,
        bound: int | None,
        *,
        open_end: bool = True,
        span: int | None = None,
    ):
        self.cursor, self.page_size, self.bound, self.open_end = after, page_size, bound, open_end
        self.span = page_size if span is None else span
        self.end = 0

    def first(self) -> tuple[int, int] | None:
        return self._window()

    def next(self, rows: int, last: int) -> tuple[int, int] | None:
        """The window after a page of ``rows`` rows whose last position is ``last``."""
        if rows >= self.page_size:
            self.cursor = last
        elif self.end == _OPEN:
            return None
        else:
            self.cursor = self.end
            self.span = max(self.span, min(self.span * 2, self.MAX_SPAN))
        return self._window()

    def _window(self) -> tuple[int, int] | None:
        if self.bound is None or self.cursor >= self.bound:
            if self.bound is not None and not self.open_end:
                return None
            self.end = _OPEN
        else:
            self.end = min(self.bound, self.cursor + self.span)
        return self.cursor, self.end


def _position_at_sql(ph: str) -> str:
    """A scalar subquery: the last position recorded at or before a time (0 if none),
    which it takes as two parameters, both that time.

    A binary search over ``[0, head]``: ``lo`` is a position recorded at or before the
    time (0 before the first), and every position above ``hi`` was recorded after it.
    Each step reads the first event at or after the middle by primary key, so a gap in
    positions (there is none in a sound log) cannot mislead it. Record time never
    decreases along position (the store stamps it under the write lock; ``tracker db
    verify`` checks it), which is what makes the search exact.
    """
    mid = "(lo + hi + 1) / 2"
    probe = f"(SELECT recorded_at FROM events WHERE position >= {mid} ORDER BY position LIMIT 1)"
    return (
        "(WITH RECURSIVE s(lo, hi) AS ("
        "SELECT CAST(0 AS BIGINT), coalesce((SELECT max(position) FROM events), 0) "
        f"UNION ALL SELECT CASE WHEN {probe} <= {ph} THEN {mid} ELSE lo END, "
        f"CASE WHEN {probe} <= {ph} THEN hi ELSE {mid} - 1 END FROM s WHERE lo < hi) "
        "SELECT lo FROM s WHERE lo = hi)"
    )


def _fast_path_codes(
    prepared: list[tuple[str, list[_Prepared], ExpectedVersion]],
) -> list[int] | None:
    """Expected-version codes for the PostgreSQL fast path, or None if the append needs
    the full path: an empty request, a stream named twice, an id given twice, or an
    expected version that is not valid (the full path raises the error)."""
    codes: list[int] = []
    n_events = 0
    ids: set[uuid.UUID] = set()
    for _stream, evs, expected in prepared:
        if not evs:
            return None
        n_events += len(evs)
        ids.update(p.event.event_id for p in evs)
        if expected is ANY:
            codes.append(_ANY_CODE)
        elif expected is STREAM_EXISTS:
            codes.append(_EXISTS_CODE)
        elif expected is NO_STREAM:
            codes.append(0)
        elif isinstance(expected, int) and not isinstance(expected, bool) and expected >= 0:
            codes.append(expected)
        else:
            return None
    if not prepared or len(ids) != n_events or len({s for s, _e, _x in prepared}) != len(prepared):
        return None
    return codes


def _check_expected(stream: str, expected: ExpectedVersion, actual: int | None) -> None:
    if expected is ANY:
        return
    if expected is NO_STREAM or expected == 0:
        if actual is not None:
            raise WrongExpectedVersion(stream, "no stream" if expected is NO_STREAM else 0, actual)
        return
    if expected is STREAM_EXISTS:
        if actual is None:
            raise WrongExpectedVersion(stream, "an existing stream", None)
        return
    if not isinstance(expected, int) or isinstance(expected, bool) or expected < 0:
        raise StoreError(f"bad expected version {expected!r}")
    if actual != expected:
        raise WrongExpectedVersion(stream, expected, actual)


def _difference(found: tuple[Any, ...], stream: str, ev: NewEvent, norm: str) -> str:
    if found[1] != stream:
        return f"it belongs to stream {found[1]!r}, not {stream!r}"
    if found[3] != ev.type:
        return f"stored type {found[3]}, new type {ev.type}"
    if found[4] != ev.schema_version:
        return f"stored schema version {found[4]}, new {ev.schema_version}"
    return "the data differs"


def _driver(pooled: PoolProxiedConnection) -> Any:
    """The driver's own connection (sqlite3 or psycopg) under a pooled connection."""
    raw = pooled.driver_connection
    if raw is None:
        raise StoreUnavailable("the database connection is closed")
    return raw


def _fetch(raw: Any, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` run on the DBAPI connection ``raw``, inside its transaction.

    The append path's few small queries skip SQLAlchemy's result machinery, which cost
    more than SQLite itself; errors are the driver's and ``_translate`` maps them.
    """
    cur = raw.cursor()
    try:
        cur.execute(sql, params)
        return list(cur.fetchall()) if cur.description else []
    finally:
        cur.close()


def _broken(raw: Any) -> bool:
    """True when the driver connection is lost (psycopg marks it; sqlite3 never is)."""
    return bool(getattr(raw, "broken", False) or getattr(raw, "closed", False))


def _abort(pooled: Any, raw: Any) -> None:
    """Roll back after an error; a connection the error broke leaves the pool instead.

    Without this a dead connection (the server restarted, a network cut) would go back
    to the pool and fail every later call; with it only the call that met it fails.
    """
    if _broken(raw):
        pooled.invalidate()
        return
    try:
        raw.rollback()
    except Exception:  # the rollback itself found the connection dead
        pooled.invalidate()


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
