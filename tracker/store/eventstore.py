"""The event store: the only code that writes the log.

Owns appending (optimistic concurrency, unconditional idempotency, contiguous global
positions in commit order), reading a stream, reading everything after a position in
pages, and translating database errors into ``tracker.errors``. Must not know about
projections, feeds or the CLI.

Ordering. Every append takes the log's write lock first — ``pg_advisory_xact_lock`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite — and only then reads the head of the log
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
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from tracker.db import IMMEDIATE, describe_url
from tracker.errors import (
    AppendOnlyViolation,
    IdempotencyConflict,
    StoreError,
    StoreUnavailable,
    WrongExpectedVersion,
)
from tracker.store.events import (
    ANY,
    NO_STREAM,
    STREAM_EXISTS,
    AppendResult,
    ExpectedVersion,
    NewEvent,
    RecordedEvent,
    canonical_json,
)

log = logging.getLogger(__name__)

#: Key of the transaction-scoped advisory lock that serialises appends on PostgreSQL.
LOG_LOCK_KEY = 0x7472_6163_6B65_72  # "tracker"

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
AppendRequest = tuple[str, Sequence[NewEvent], ExpectedVersion]
Document = tuple[str, str, str]  # (sha256, media_type, text)

_COLUMNS = (
    "position, event_id, stream_id, stream_version, type, schema_version, data, metadata, "
    "recorded_at, occurred_at"
)
_SQLITE_TS = "%Y-%m-%d %H:%M:%S.%f"


def _sqlite_ts(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime(_SQLITE_TS)


def _parse_sqlite_ts(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


class _Prepared:
    __slots__ = ("data_json", "event", "meta_json", "norm")

    def __init__(self, event: NewEvent) -> None:
        if not event.type:
            raise StoreError("an event needs a type")
        self.event = event
        self.data_json = canonical_json(event.data)
        self.meta_json = canonical_json(event.metadata)
        self.norm = self.data_json


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
        prepared = [(stream, [_Prepared(e) for e in evs], exp) for stream, evs, exp in requests]
        for stream, _evs, _exp in prepared:
            if not stream or len(stream) > 255:
                raise StoreError(f"bad stream id {stream!r}: 1 to 255 characters")
        docs = list(documents)
        with self._translate(), self._write_transaction() as conn:
            results = self._append_locked(conn, prepared)
            if docs:
                self._put_documents(conn, docs)
            if also is not None:
                also(conn)
        return results

    @contextmanager
    def _write_transaction(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            if not self.is_postgres:
                conn.execution_options(**{IMMEDIATE: True})
            with conn.begin():
                if self.is_postgres:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOG_LOCK_KEY})")
                yield conn

    def _append_locked(
        self, conn: Connection, prepared: list[tuple[str, list[_Prepared], ExpectedVersion]]
    ) -> list[AppendResult]:
        all_ids = [p.event.event_id for _s, evs, _e in prepared for p in evs]
        streams = list(dict.fromkeys(s for s, _e, _x in prepared))
        head, head_recorded, now, n_existing, versions = self._head(conn, all_ids, streams)
        existing = self._existing(conn, all_ids) if n_existing else {}
        recorded_at = now if head_recorded is None or now > head_recorded else head_recorded
        results: list[AppendResult] = []
        rows: list[tuple[Any, ...]] = []
        seen: dict[uuid.UUID, tuple[str, str, int]] = {}
        position = head
        for stream, evs, expected in prepared:
            fresh: list[_Prepared] = []
            old_positions: list[int] = []
            for p in evs:
                ev = p.event
                key = (stream, ev.type, ev.schema_version)
                found = existing.get(ev.event_id)
                if found is not None:
                    if (found[1], found[3], found[4]) != key or found[5] != p.norm:
                        raise IdempotencyConflict(
                            ev.event_id, _difference(found, stream, ev, p.norm)
                        )
                    old_positions.append(found[0])
                    continue
                if ev.event_id in seen:
                    if seen[ev.event_id] != (stream, p.norm, ev.schema_version):
                        raise IdempotencyConflict(
                            ev.event_id, "twice in one append with different content"
                        )
                    continue
                seen[ev.event_id] = (stream, p.norm, ev.schema_version)
                fresh.append(p)
            actual = versions.get(stream)
            if not fresh:
                results.append(AppendResult(stream, old_positions, actual or 0, 0))
                continue
            if not old_positions:
                _check_expected(stream, expected, actual)
            version = actual or 0
            positions = []
            for p in fresh:
                position += 1
                version += 1
                positions.append(position)
                rows.append(self._row(position, stream, version, p, recorded_at))
            versions[stream] = version
            results.append(AppendResult(stream, old_positions + positions, version, len(fresh)))
        if rows:
            self._insert(conn, rows)
        return results

    def _head(
        self, conn: Connection, ids: list[uuid.UUID], streams: list[str]
    ) -> tuple[int, datetime | None, datetime, int, dict[str, int]]:
        if self.is_postgres:
            row = conn.exec_driver_sql(
                "SELECT h.position, h.recorded_at, clock_timestamp(), "
                "(SELECT count(*) FROM events WHERE event_id = ANY(%s)), "
                "(SELECT coalesce(json_object_agg(s.stream_id, s.v), '{}'::json) FROM "
                " (SELECT stream_id, max(stream_version) AS v FROM events "
                "  WHERE stream_id = ANY(%s) GROUP BY stream_id) s) "
                "FROM (SELECT 1) AS one LEFT JOIN LATERAL "
                "(SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1) h ON true",
                (ids, streams),
            ).one()
            versions = row[4] if isinstance(row[4], dict) else json.loads(row[4])
            return (
                int(row[0] or 0),
                row[1],
                row[2],
                int(row[3]),
                {k: int(v) for k, v in versions.items()},
            )
        head = conn.exec_driver_sql(
            "SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1"
        ).first()
        versions = {}
        for chunk in _chunks(streams, 500):
            marks = ",".join("?" * len(chunk))
            for stream, v in conn.exec_driver_sql(
                f"SELECT stream_id, max(stream_version) FROM events WHERE stream_id IN ({marks}) "
                "GROUP BY stream_id",
                tuple(chunk),
            ):
                versions[stream] = int(v)
        n = 0
        for chunk in _chunks([i.hex for i in ids], 500):
            marks = ",".join("?" * len(chunk))
            n += conn.exec_driver_sql(
                f"SELECT count(*) FROM events WHERE event_id IN ({marks})", tuple(chunk)
            ).scalar_one()
        now = datetime.now(UTC)
        if head is None:
            return 0, None, now, n, versions
        return int(head[0]), _parse_sqlite_ts(head[1]), now, n, versions

    def _existing(self, conn: Connection, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[Any, ...]]:
        out: dict[uuid.UUID, tuple[Any, ...]] = {}
        cols = "event_id, position, stream_id, stream_version, type, schema_version, data"
        if self.is_postgres:
            rows = list(
                conn.exec_driver_sql(f"SELECT {cols} FROM events WHERE event_id = ANY(%s)", (ids,))
            )
        else:
            rows = []
            for chunk in _chunks([i.hex for i in ids], 500):
                marks = ",".join("?" * len(chunk))
                rows += list(
                    conn.exec_driver_sql(
                        f"SELECT {cols} FROM events WHERE event_id IN ({marks})", tuple(chunk)
                    )
                )
        for r in rows:
            event_id = r[0] if isinstance(r[0], uuid.UUID) else uuid.UUID(r[0])
            data = r[6] if not isinstance(r[6], str) else json.loads(r[6])
            out[event_id] = (int(r[1]), r[2], int(r[3]), r[4], int(r[5]), canonical_json(data))
        return out

    def _row(
        self, position: int, stream: str, version: int, p: _Prepared, recorded_at: datetime
    ) -> tuple[Any, ...]:
        ev = p.event
        if self.is_postgres:
            return (
                position,
                ev.event_id,
                stream,
                version,
                ev.type,
                ev.schema_version,
                p.data_json,
                p.meta_json,
                recorded_at,
                ev.occurred_at,
            )
        occurred = _sqlite_ts(ev.occurred_at) if ev.occurred_at is not None else None
        return (
            position,
            ev.event_id.hex,
            stream,
            version,
            ev.type,
            ev.schema_version,
            p.data_json,
            p.meta_json,
            _sqlite_ts(recorded_at),
            occurred,
        )

    def _insert(self, conn: Connection, rows: list[tuple[Any, ...]]) -> None:
        if self.is_postgres:
            sql = (
                f"INSERT INTO events ({_COLUMNS}) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb, %s, %s)"
            )
        else:
            sql = f"INSERT INTO events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        conn.exec_driver_sql(sql, rows if len(rows) > 1 else rows[0])

    def _put_documents(self, conn: Connection, docs: list[Document]) -> None:
        now = datetime.now(UTC)
        if self.is_postgres:
            sql = (
                "INSERT INTO documents (sha256, media_type, text, created_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING"
            )
            params: list[tuple[str, str, str, object]] = [(s, m, t, now) for s, m, t in docs]
        else:
            sql = "INSERT OR IGNORE INTO documents (sha256, media_type, text, created_at) VALUES (?, ?, ?, ?)"
            params = [(s, m, t, _sqlite_ts(now)) for s, m, t in docs]
        conn.exec_driver_sql(sql, params)  # type: ignore[arg-type]

    # ---------------------------------------------------------------- reading

    def read_stream(self, stream_id: str, *, after_version: int = 0) -> list[RecordedEvent]:
        """Every event of ``stream_id`` after ``after_version``, in stream order.

        Raises:
            StoreUnavailable: the database is down.
        """
        sql = (
            f"SELECT {_COLUMNS} FROM events WHERE stream_id = {self._ph} "
            f"AND stream_version > {self._ph} ORDER BY stream_version"
        )
        with self._translate(), self.engine.connect() as conn:
            return [self._decode(r) for r in conn.exec_driver_sql(sql, (stream_id, after_version))]

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
        if up_to_position is not None:
            cond.append(f"position <= {ph}")
            fixed.append(up_to_position)
        if up_to_recorded_at is not None:
            cond.append(f"recorded_at <= {ph}")
            fixed.append(up_to_recorded_at if self.is_postgres else _sqlite_ts(up_to_recorded_at))
        if types is not None:
            type_list = sorted(types)
            if not type_list:
                return
            cond.append(f"type IN ({','.join([ph] * len(type_list))})")
            fixed.extend(type_list)
        sql = f"SELECT {_COLUMNS} FROM events WHERE {' AND '.join(cond)} ORDER BY position LIMIT {int(page_size)}"
        cursor = after
        decode = self._decode
        while True:
            with self._translate(), self.engine.connect() as conn:
                rows = conn.exec_driver_sql(sql, (cursor, *fixed)).all()
            if not rows:
                return
            for r in rows:
                yield decode(r)
            if len(rows) < page_size:
                return
            cursor = rows[-1][0]

    def last_position(self) -> int:
        """The position of the newest event, 0 for an empty log."""
        with self._translate(), self.engine.connect() as conn:
            value = conn.exec_driver_sql("SELECT max(position) FROM events").scalar()
        return int(value or 0)

    def position_at(self, recorded_at: datetime) -> int:
        """The last position the log had recorded at ``recorded_at`` (0 if none)."""
        value = recorded_at if self.is_postgres else _sqlite_ts(recorded_at)
        with self._translate(), self.engine.connect() as conn:
            pos = conn.exec_driver_sql(
                f"SELECT max(position) FROM events WHERE recorded_at <= {self._ph}", (value,)
            ).scalar()
        return int(pos or 0)

    def stream_version(self, stream_id: str) -> int | None:
        """The stream's current version, or None if it does not exist."""
        with self._translate(), self.engine.connect() as conn:
            v = conn.exec_driver_sql(
                f"SELECT max(stream_version) FROM events WHERE stream_id = {self._ph}", (stream_id,)
            ).scalar()
        return None if v is None else int(v)

    def get_document(self, sha256: str) -> str | None:
        """The text stored under ``sha256``, or None."""
        with self._translate(), self.engine.connect() as conn:
            return conn.exec_driver_sql(  # type: ignore[no-any-return]
                f"SELECT text FROM documents WHERE sha256 = {self._ph}", (sha256,)
            ).scalar()

    def _decode(self, r: Any) -> RecordedEvent:
        if self.is_postgres:
            event_id, data, meta, recorded, occurred = r[1], r[6], r[7], r[8], r[9]
            if isinstance(data, str):
                data = json.loads(data)
            if isinstance(meta, str):
                meta = json.loads(meta)
        else:
            event_id = uuid.UUID(r[1])
            data = json.loads(r[6])
            meta = json.loads(r[7])
            recorded = _parse_sqlite_ts(r[8])
            occurred = None if r[9] is None else _parse_sqlite_ts(r[9])
        etype, version = r[4], r[5]
        if self.upcasters:
            while (etype, version) in self.upcasters:
                data = self.upcasters[(etype, version)](data)
                version += 1
        return RecordedEvent(
            r[0], event_id, r[2], r[3], etype, version, data, meta, recorded, occurred
        )

    # ---------------------------------------------------------------- errors

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except IntegrityError as exc:
            text = str(exc.orig)
            if "append-only" in text:
                raise AppendOnlyViolation(_first_line(exc)) from exc
            if "stream" in text:
                raise WrongExpectedVersion("?", "a free version", None) from exc
            raise StoreError(f"the log refused the write: {_first_line(exc)}") from exc
        except (OperationalError, DBAPIError) as exc:
            text = _first_line(exc)
            if "append-only" in text:
                raise AppendOnlyViolation(text) from exc
            if "lock timeout" in text or "canceling statement due to lock timeout" in text:
                raise StoreUnavailable(
                    "timed out waiting for the log's write lock (another writer holds it); retry"
                ) from exc
            if "database is locked" in text:
                raise StoreUnavailable(
                    "the SQLite database is locked by another writer; retry, or use PostgreSQL "
                    "for several concurrent writers"
                ) from exc
            raise StoreUnavailable(
                f"database error on {describe_url(self.engine)}: {text}"
            ) from exc
        except SQLAlchemyError as exc:
            raise StoreUnavailable(
                f"database error on {describe_url(self.engine)}: {_first_line(exc)}"
            ) from exc


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


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
