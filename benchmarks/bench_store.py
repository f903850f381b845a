"""Benchmark tracker's event store against the eventsourcing library and the raw driver.

Prints one markdown table per database (SQLite in WAL mode with synchronous=FULL, and
PostgreSQL in a database the script creates and drops), with these rows:

    fill  200,000 events, 1,000 per transaction (one run; the pre-fill itself)
    (c)   read all from position 0, 200,000 events, pages of 500, JSON decoded
    (a)   single-event transactions: 3,000 appends over 100 streams
    (b)   batches of 100 events per transaction: 300 transactions
    (d)   single-event transactions from 4 concurrent writer *processes*

and three columns of events/s (median of 3 runs) — tracker's ``EventStore``; the
eventsourcing library's ``SQLiteApplicationRecorder`` / ``PostgresApplicationRecorder``
(``insert_events``, ``select_notifications(limit=500)``); and the raw driver (sqlite3,
psycopg) inserting the same rows into the same table (tracker's migrated schema, so the
same primary key, unique indexes, secondary indexes and append-only triggers) with
nothing else — the physical limit — then the ratios ours/theirs and ours/raw.

Every event carries an exactly 300-byte JSON payload. Each write backend is pre-filled
to 200,000 events before any write row is timed, and write runs accumulate on the same
tables (so the table grows from 200k to ~310k events over three runs). Counts and
order are verified after each read-all, and the log is checked at the end.

Usage::

    python benchmarks/bench_store.py            # full run, ~5-8 minutes on 2 cores
    python benchmarks/bench_store.py --quick    # 1 run, 20,000-event fill, ~1 minute
    python benchmarks/bench_store.py --only sqlite --rows a,b

PostgreSQL admin URL: ``TRACKER_BENCH_PG_URL`` (default postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import multiprocessing as mp
import os
import platform
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

PG_ADMIN_URL = os.environ.get(
    "TRACKER_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PAYLOAD_BYTES = 300
STREAMS = 100
WRITERS = 4
SLICES = 6  # write rows run in slices, interleaved across backends
EVENT_TYPE = "BenchEvent"
ES_TOPIC = "bench:BenchEvent"


# --------------------------------------------------------------------------- workload


def payload(i: int) -> dict[str, Any]:
    """A JSON object whose canonical encoding is exactly PAYLOAD_BYTES bytes."""
    base = {"n": i, "pad": "", "report": "shelling reported near the line of contact"}
    size = len(json.dumps(base, sort_keys=True, separators=(",", ":")).encode())
    base["pad"] = "x" * (PAYLOAD_BYTES - size)
    return base


def payload_text(i: int) -> str:
    text = json.dumps(payload(i), sort_keys=True, separators=(",", ":"))
    assert len(text.encode()) == PAYLOAD_BYTES, len(text)
    return text


META = {"source": "bench", "recorded_by": "bench_store"}
META_TEXT = json.dumps(META, sort_keys=True, separators=(",", ":"))


def stream_name(tag: str, k: int) -> str:
    return f"{tag}-{k:04d}"


def stream_uuid(name: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, name)


# --------------------------------------------------------------------------- backends


class Backend:
    """One store under test on one database. Subclasses implement the four operations."""

    name = "?"

    def __init__(self, db: str, url: str) -> None:
        self.db, self.url = db, url
        self.versions: dict[str, int] = {}
        self.serial = 0  # events this backend has written (its own counter, for payloads)

    # each write op appends to (stream, next version) with a fresh payload
    def next_event(self, stream: str) -> tuple[str, int, int]:
        v = self.versions.get(stream, 0) + 1
        self.versions[stream] = v
        self.serial += 1
        return stream, v, self.serial

    def setup(self, create: bool = True) -> None: ...
    def close(self) -> None: ...
    def append_one(self, stream: str, version: int, n: int) -> None: ...
    def append_many(self, events: list[tuple[str, int, int]]) -> None: ...
    def read_all(self) -> int: ...
    def count(self) -> int: ...


class Ours(Backend):
    name = "tracker"

    def setup(self, create: bool = True) -> None:
        from tracker.db import make_engine
        from tracker.store import EventStore, migrate

        self.engine = make_engine(self.url)
        if create:
            migrate.upgrade(self.engine)
        self.store = EventStore(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def _new(self, n: int) -> Any:
        from tracker.store import NewEvent

        return NewEvent(type=EVENT_TYPE, data=payload(n), metadata=META)

    def append_one(self, stream: str, version: int, n: int) -> None:
        self.store.append(stream, [self._new(n)], expected_version=version - 1)

    def append_many(self, events: list[tuple[str, int, int]]) -> None:
        by_stream: dict[str, list[tuple[int, int]]] = {}
        for s, v, n in events:
            by_stream.setdefault(s, []).append((v, n))
        self.store.append_batch(
            [(s, [self._new(n) for _v, n in evs], evs[0][0] - 1) for s, evs in by_stream.items()]
        )

    def read_all(self) -> int:
        count, last = 0, 0
        for ev in self.store.read_all(0, page_size=500):
            if ev.position <= last:
                raise AssertionError(f"order broken at {ev.position} after {last}")
            last = ev.position
            count += 1
        return count

    def count(self) -> int:
        return self.store.last_position()


class EsSqlite(Backend):
    name = "eventsourcing"

    def setup(self, create: bool = True) -> None:
        from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

        self.datastore = SQLiteDatastore(self.url)
        self.recorder = SQLiteApplicationRecorder(self.datastore)
        if create:
            self.recorder.create_table()

    def close(self) -> None:
        self.datastore.close()

    def _stored(self, stream: str, version: int, n: int) -> Any:
        from eventsourcing.persistence import StoredEvent

        return StoredEvent(stream_uuid(stream), version, ES_TOPIC, payload_text(n).encode())

    def append_one(self, stream: str, version: int, n: int) -> None:
        self.recorder.insert_events([self._stored(stream, version, n)])

    def append_many(self, events: list[tuple[str, int, int]]) -> None:
        self.recorder.insert_events([self._stored(*e) for e in events])

    def read_all(self) -> int:
        count, start = 0, 1
        while True:
            page = self.recorder.select_notifications(start, 500)
            for note in page:
                json.loads(note.state)
                if note.id < start:
                    raise AssertionError("order broken")
                start = note.id + 1
            count += len(page)
            if len(page) < 500:
                return count

    def count(self) -> int:
        return int(self.recorder.max_notification_id() or 0)


class EsPostgres(EsSqlite):
    def setup(self, create: bool = True) -> None:
        from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
        from sqlalchemy.engine import make_url

        u = make_url(self.url)
        self.datastore = PostgresDatastore(
            dbname=u.database or "",
            host=u.host or "127.0.0.1",
            port=u.port or 5432,
            user=u.username or "postgres",
            password=u.password or "",
            lock_timeout=10,
        )
        self.recorder = PostgresApplicationRecorder(self.datastore)
        if create:
            self.recorder.create_table()


class RawSqlite(Backend):
    """sqlite3 alone: the same INSERT into tracker's table, no lock, no checks."""

    name = "raw"
    INSERT = (
        "INSERT INTO events (position, event_id, stream_id, stream_version, type, "
        "schema_version, data, metadata, recorded_at, occurred_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )

    def setup(self, create: bool = True) -> None:
        if create:
            migrate_schema(self.url)
        path = self.url.removeprefix("sqlite:///")
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA busy_timeout=10000")
        self.position = int(
            self.conn.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()[0]
        )
        self.stride, self.offset = 1, 0

    def close(self) -> None:
        self.conn.close()

    def _row(self, stream: str, version: int, n: int) -> tuple[Any, ...]:
        self.position += self.stride
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return (
            self.position + self.offset, _uuid7().hex, stream, version, EVENT_TYPE, 1,
            payload_text(n), META_TEXT, now, None,
        )  # fmt: skip

    def append_one(self, stream: str, version: int, n: int) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        c.execute(self.INSERT, self._row(stream, version, n))
        c.execute("COMMIT")

    def append_many(self, events: list[tuple[str, int, int]]) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        c.executemany(self.INSERT, [self._row(*e) for e in events])
        c.execute("COMMIT")

    def read_all(self) -> int:
        sql = (
            "SELECT position, event_id, stream_id, stream_version, type, schema_version, data, "
            "metadata, recorded_at, occurred_at FROM events WHERE position > ? "
            "ORDER BY position LIMIT 500"
        )
        count, cursor = 0, 0
        while True:
            rows = self.conn.execute(sql, (cursor,)).fetchall()
            # keep the decoded page, as psycopg's fetchall does and any reader must
            page = [(*r[:6], json.loads(r[6]), json.loads(r[7]), *r[8:]) for r in rows]
            count += len(page)
            if len(rows) < 500:
                return count
            cursor = rows[-1][0]

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM events").fetchone()[0])


class RawPostgres(RawSqlite):
    INSERT = RawSqlite.INSERT.replace("?", "%s")

    def setup(self, create: bool = True) -> None:
        import psycopg

        if create:
            migrate_schema(self.url)
        self.conn = psycopg.connect(pg_dsn(self.url), autocommit=True)
        self.position = int(
            self.conn.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()[0]
        )  # type: ignore[index]
        self.stride, self.offset = 1, 0

    def _row(self, stream: str, version: int, n: int) -> tuple[Any, ...]:
        self.position += self.stride
        return (
            self.position + self.offset, _uuid7(), stream, version, EVENT_TYPE, 1,
            payload_text(n), META_TEXT, datetime.now(UTC), None,
        )  # fmt: skip

    def append_one(self, stream: str, version: int, n: int) -> None:
        self.conn.execute(self.INSERT, self._row(stream, version, n))  # autocommit: one tx

    def append_many(self, events: list[tuple[str, int, int]]) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.executemany(self.INSERT, [self._row(*e) for e in events])

    def read_all(self) -> int:
        sql = (
            "SELECT position, event_id, stream_id, stream_version, type, schema_version, data, "
            "metadata, recorded_at, occurred_at FROM events WHERE position > %s "
            "ORDER BY position LIMIT 500"
        )
        count, cursor = 0, 0
        while True:  # psycopg decodes jsonb to dicts itself
            rows = self.conn.execute(sql, (cursor,)).fetchall()
            count += len(rows)
            if len(rows) < 500:
                return count
            cursor = rows[-1][0]


def _uuid7() -> uuid.UUID:
    from tracker.store import uuid7

    return uuid7()


def migrate_schema(url: str) -> None:
    from tracker.db import make_engine
    from tracker.store import migrate

    eng = make_engine(url)
    migrate.upgrade(eng)
    eng.dispose()


def pg_dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


BACKENDS: dict[str, dict[str, type[Backend]]] = {
    "sqlite": {"tracker": Ours, "eventsourcing": EsSqlite, "raw": RawSqlite},
    "postgresql": {"tracker": Ours, "eventsourcing": EsPostgres, "raw": RawPostgres},
}


# --------------------------------------------------------------------------- concurrent writers


def _writer(
    db: str, kind: str, url: str, w: int, n: int, base: int, ready: Any, go: Any, out: Any
) -> None:
    b = BACKENDS[db][kind](db, url)
    b.setup(create=False)  # the parent made the tables; concurrent DDL races
    if isinstance(b, RawSqlite):  # disjoint positions per writer: the unserialised limit
        b.position, b.stride = base + w - WRITERS, WRITERS
    b.serial = 10_000_000 * (w + 1)
    streams = [stream_name(f"d{w}-{base}", k) for k in range(STREAMS // WRITERS)]
    ready.put(w)
    go.wait()
    t0 = time.perf_counter()
    for i in range(n):
        b.append_one(*b.next_event(streams[i % len(streams)]))
    out.put((w, n, time.perf_counter() - t0))
    b.close()
    out.close()
    out.join_thread()
    os._exit(0)  # skip interpreter shutdown: a library's pool threads can hang it


def run_writers(db: str, kind: str, url: str, total: int, base: int) -> float:
    """events/s for ``total`` single-event transactions from WRITERS processes."""
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    per = total // WRITERS
    procs = [
        ctx.Process(target=_writer, args=(db, kind, url, w, per, base, ready, go, out))
        for w in range(WRITERS)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=120)
    t0 = time.perf_counter()
    go.set()
    results = [out.get(timeout=600) for _ in procs]
    elapsed = time.perf_counter() - t0
    for p in procs:
        p.join(timeout=60)
        if p.exitcode != 0:
            raise RuntimeError(f"{kind} writer exited with {p.exitcode}")
    return sum(r[1] for r in results) / elapsed


# --------------------------------------------------------------------------- harness


@dataclass
class Sizes:
    fill: int = 200_000
    fill_tx: int = 1_000
    single: int = 3_000
    batches: int = 300
    batch: int = 100
    writers_total: int = 3_000
    runs: int = 3


@dataclass
class Results:
    cells: dict[tuple[str, str], list[float]] = field(default_factory=dict)

    def add(self, row: str, kind: str, value: float) -> None:
        self.cells.setdefault((row, kind), []).append(value)

    def median(self, row: str, kind: str) -> float | None:
        values = self.cells.get((row, kind))
        return statistics.median(values) if values else None


def row_log(res: Results, row: str, kinds: list[str]) -> str:
    return ", ".join(f"{k} {res.cells[(row, k)][-1]:,.0f}" for k in kinds)


def timed(fn: Callable[[], int]) -> float:
    t0 = time.perf_counter()
    n = fn()
    return n / (time.perf_counter() - t0)


def cycle_streams(tag: str) -> Iterator[str]:
    k = 0
    while True:
        yield stream_name(tag, k % STREAMS)
        k += 1


def bench_database(db: str, url_for: Callable[[str], str], sz: Sizes, rows: set[str]) -> Results:
    res = Results()
    kinds = list(BACKENDS[db])
    backends = {k: BACKENDS[db][k](db, url_for(k)) for k in kinds}
    for b in backends.values():
        b.setup()
    try:
        # pre-fill: 1,000 events per tx over 100 streams (also the "fill" row)
        for kind, b in backends.items():
            streams = cycle_streams("fill")
            done = 0
            t0 = time.perf_counter()
            while done < sz.fill:
                b.append_many([b.next_event(next(streams)) for _ in range(sz.fill_tx)])
                done += sz.fill_tx
            res.add("fill", kind, done / (time.perf_counter() - t0))
            log(f"{db} {kind}: filled {done} events ({res.median('fill', kind):,.0f}/s)")
        if "c" in rows:
            for run in range(sz.runs):
                for kind in kinds[run % len(kinds) :] + kinds[: run % len(kinds)]:
                    res.add("c", kind, timed(backends[kind].read_all))
                log(f"{db} c run {run + 1}: " + row_log(res, "c", kinds))
        for run in range(sz.runs):
            # interleave the backends in slices and rotate who goes first, so that the
            # machine's drift (other load, checkpoints) falls on all columns alike
            order = kinds[run % len(kinds) :] + kinds[: run % len(kinds)]
            if "a" in rows:
                spent = dict.fromkeys(kinds, 0.0)
                streams = {k: cycle_streams(f"a{run}") for k in kinds}
                for _slice in range(SLICES):
                    for kind in order:
                        b = backends[kind]
                        t0 = time.perf_counter()
                        for _ in range(sz.single // SLICES):
                            b.append_one(*b.next_event(next(streams[kind])))
                        spent[kind] += time.perf_counter() - t0
                for kind in kinds:
                    res.add("a", kind, sz.single // SLICES * SLICES / spent[kind])
                log(f"{db} a run {run + 1}: " + row_log(res, "a", kinds))
            if "b" in rows:
                spent = dict.fromkeys(kinds, 0.0)
                streams = {k: cycle_streams(f"b{run}") for k in kinds}
                for _slice in range(SLICES):
                    for kind in order:
                        b = backends[kind]
                        t0 = time.perf_counter()
                        for _ in range(sz.batches // SLICES):
                            st = next(streams[kind])  # 100 events of one stream per tx
                            b.append_many([b.next_event(st) for _ in range(sz.batch)])
                        spent[kind] += time.perf_counter() - t0
                for kind in kinds:
                    res.add("b", kind, sz.batches // SLICES * SLICES * sz.batch / spent[kind])
                log(f"{db} b run {run + 1}: " + row_log(res, "b", kinds))
            if "d" in rows:
                for kind in order:
                    b = backends[kind]
                    base = b.count() + 1
                    if isinstance(b, RawSqlite):
                        b.close()  # the writers take over positions; reopen after
                    rate = run_writers(db, kind, url_for(kind), sz.writers_total, base)
                    if isinstance(b, RawSqlite):
                        b.setup()
                    res.add("d", kind, rate)
                log(f"{db} d run {run + 1}: " + row_log(res, "d", kinds))
        # integrity: tracker's log is contiguous 1..N
        ours = backends["tracker"]
        assert isinstance(ours, Ours)
        with ours.engine.connect() as conn:
            n, lo, hi = conn.exec_driver_sql(
                "SELECT count(*), min(position), max(position) FROM events"
            ).one()
        if not (n == hi and lo == 1):
            raise AssertionError(f"tracker's log is not contiguous: {n} events, {lo}..{hi}")
        log(f"{db} tracker: log verified contiguous 1..{n}")
    finally:
        for b in backends.values():
            b.close()
    return res


def row_labels(sz: Sizes) -> dict[str, str]:
    return {
        "fill": f"fill, {sz.fill_tx:,} events per tx (one run, events/s)",
        "c": f"(c) read all, {sz.fill // 1000}k events, page 500, JSON decoded (events/s)",
        "a": f"(a) single-event tx, {sz.single:,} over {STREAMS} streams (tx/s)",
        "b": f"(b) {sz.batch} events per tx, {sz.batches} tx (events/s)",
        "d": f"(d) single-event tx, {WRITERS} writer processes, {sz.writers_total:,} tx (tx/s)",
    }


def table(db: str, res: Results, sz: Sizes) -> str:
    lines = [
        f"**{db}**, {'median of ' + str(sz.runs) if sz.runs > 1 else '1 run'}, "
        f"writes timed at {sz.fill:,}+ events",
        "",
        "| row | tracker | eventsourcing | raw driver | ours/theirs | ours/raw |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in ("a", "b", "d", "c", "fill"):
        ours, theirs, raw = (res.median(row, k) for k in ("tracker", "eventsourcing", "raw"))
        if ours is None:
            continue

        def fmt(v: float | None) -> str:
            return "–" if v is None else f"{v:,.0f}"

        def ratio(a: float | None, b: float | None) -> str:
            return "–" if a is None or not b else f"{a / b:.2f}"

        lines.append(
            f"| {row_labels(sz)[row]} | {fmt(ours)} | {fmt(theirs)} | {fmt(raw)} | "
            f"{ratio(ours, theirs)} | {ratio(ours, raw)} |"
        )
    return "\n".join(lines)


def log(msg: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def machine() -> str:
    import psycopg
    import sqlalchemy

    try:
        es = importlib.metadata.version("eventsourcing")
    except importlib.metadata.PackageNotFoundError:
        es = "absent"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (
        f"{os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, SQLAlchemy {sqlalchemy.__version__}, "
        f"psycopg {psycopg.__version__}, eventsourcing {es}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1 run, 20k-event fill and read")
    ap.add_argument("--runs", type=int, help="runs per cell (default 3, --quick 1)")
    ap.add_argument("--fill", type=int, help="events to pre-fill (default 200,000)")
    ap.add_argument("--only", choices=["sqlite", "postgresql"], help="one database only")
    ap.add_argument("--rows", default="a,b,c,d", help="rows to run, e.g. a,b (default all)")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally blocks drop databases
    sz = Sizes()
    if args.quick:
        sz = Sizes(fill=20_000, single=1_000, batches=100, writers_total=1_000, runs=1)
    if args.runs:
        sz.runs = args.runs
    if args.fill:
        sz.fill = args.fill
    rows = set(args.rows.split(","))
    print(f"Machine: {machine()}\n")
    out: list[str] = []
    t_start = time.perf_counter()
    if args.only in (None, "sqlite"):
        tmp = tempfile.mkdtemp(prefix="tracker-bench-", dir="/var/tmp")
        try:
            res = bench_database(
                "sqlite",
                lambda k: f"sqlite:///{tmp}/{k}.db" if k != "eventsourcing" else f"{tmp}/es.db",
                sz,
                rows,
            )
            out.append(table("SQLite (WAL, synchronous=FULL)", res, sz))
            print(out[-1] + "\n", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.only in (None, "postgresql"):
        from tracker.db import make_engine

        admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        tag = f"{os.getpid()}"
        names = {k: f"tracker_bench_{k}_{tag}" for k in BACKENDS["postgresql"]}
        with admin.connect() as conn:
            version = conn.exec_driver_sql("SHOW server_version").scalar()
            for name in names.values():
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
                conn.exec_driver_sql(f"CREATE DATABASE {name}")
        base = PG_ADMIN_URL.rsplit("/", 1)[0]
        try:
            res = bench_database("postgresql", lambda k: f"{base}/{names[k]}", sz, rows)
            out.append(table(f"PostgreSQL {version} (fsync on, 127.0.0.1)", res, sz))
            print(out[-1] + "\n", flush=True)
        finally:
            with admin.connect() as conn:
                for name in names.values():
                    conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.dispose()
    print(f"Total time: {time.perf_counter() - t_start:,.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
