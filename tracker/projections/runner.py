"""The projection engine: catch-up from checkpoints, rebuilds into versioned tables, view swaps.

Owns the ``Projection`` contract, the run loop and ``projection_checkpoints`` rows.
Must not decide what a view contains (each view module does) nor fetch anything.

- Catch-up: events after the checkpoint are handled in batches; each batch's rows and
  the checkpoint advance in ONE transaction, so a crash replays at most one batch.
- Rebuild (a new ``version``, missing tables, or ``rebuild=True``): the projection is
  built from position 0 into fresh tables ``<table>__v<N>__new`` under a shadow
  checkpoint ``<name>@v<N>``, while the old tables keep serving. Each batch's rows and
  the shadow checkpoint commit in one transaction (the tables and the checkpoint at 0
  too), so a rebuild killed at any instant is resumed by the next run, of either kind,
  from its last committed batch, and ends with the rows an uninterrupted one gives.
  Then one transaction does a final catch-up, drops the view and the old tables,
  renames the new tables to ``<table>__v<N>``, creates the indexes (keeping the build
  indexes identical to final ones), re-creates the view
  (and its COMMENTs on PostgreSQL) and moves the checkpoint: analysts never see a
  half-built table.
- Side effects (``after_commit``) run only for live batches, never during a rebuild.
- One bad event never stops a projection: a batch that raises is applied again one
  event per transaction, and the event that still raises is set aside in ``quarantine``
  (stage ``project``, its position and the error) while the projection goes on. A
  database failure is not the event's fault: the projection then stops at its checkpoint,
  is marked ``failed`` with its error, and the others go on.
Projection tables and views are created here at run time, not by Alembic.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection as PipeEnd
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from tracker.db import IMMEDIATE
from tracker.errors import ProjectionError
from tracker.store import EventStore, RecordedEvent
from tracker.store import checkpoints as checkpoint_store
from tracker.store.tables import projection_checkpoints as checkpoints

log = logging.getLogger(__name__)

BUILD_SUFFIX = "__new"
REBUILD_BATCH = 5000
#: SQLite page cache (KiB) of a rebuild's own transactions, its temporary storage in
#: memory: the build tables and the sorts of their indexes stay in memory instead of
#: going to and from the WAL and temporary files (the default cache is 2 MiB). Only
#: memory: the durability and the locking of the transactions are unchanged.
BUILD_CACHE_KIB = 256 * 1024
#: The same on PostgreSQL, for the transaction only (``SET LOCAL``): memory for the
#: sorts of the index builds, and a commit that does not wait for its WAL flush. A
#: server crash can then lose a rebuild's last commits, never half of one, nor an event
#: (the log is not written; a later append's flush covers them); the rebuild resumes
#: from its last surviving batch, as after any crash. Not in a deferred transaction (the
#: set-based build's): a statement would begin it on the server before the log is read,
#: and it would sit idle in its transaction for the whole fold, which the server ends
#: after ``idle_in_transaction_session_timeout``.
_PG_BUILD = ("SET LOCAL maintenance_work_mem = '256MB'", "SET LOCAL synchronous_commit = off")
Progress = Callable[[str, int, int], None]
#: A replay on PostgreSQL analyses the build tables once the log it has replayed reaches
#: this many positions, then each time that doubles: statistics that follow the tables
#: as they grow (autovacuum may be off, or not have passed yet). Without them, a lookup
#: of a few hundred keys (``= ANY(array)``) looks unselective to the planner, which
#: then reads every row of the table for it (an index on the other column, filtered).
ANALYSE_FROM = 20_000
#: How long a rebuild's transaction on SQLite waits for the write lock (ms): the claim
#: views and ``items`` are rebuilt at once, and at 10^6 events each writes its tables in
#: one transaction of a minute or more, far past a connection's own busy timeout.
BUILD_BUSY_MS = 30 * 60 * 1000
_SQLITE_BUILD = ("cache_size", "temp_store", "busy_timeout")


@dataclass(frozen=True, slots=True)
class View:
    """One analyst view a projection shows: its name, the logical table behind it, its SQL
    (given the physical table and the dialect) and its comments (column -> text, ``""``
    for the view itself)."""

    name: str
    table: str
    sql: Callable[[str, str], str]
    comments: Mapping[str, str]


@dataclass(slots=True)
class Work:
    """What a run did, in rows: events read from the log, staging and view rows read and
    written. The cost model of the projections, counted instead of timed."""

    events: int = 0
    rows_read: int = 0
    rows_written: int = 0

    def add(self, other: Work) -> None:
        self.events += other.events
        self.rows_read += other.rows_read
        self.rows_written += other.rows_written


class _Moved(ProjectionError):
    """Another worker advanced this projection's checkpoint: this run leaves it to them."""


class Projection:
    """A named, versioned projection: tables, a handler, a view.

    Subclasses set ``name``, ``version``, ``description``, ``column_docs`` (what each
    column of the view means: the comments on PostgreSQL, and docs/sql.md's tables), and
    implement ``define`` (the tables, built on a fresh ``MetaData`` under the physical
    names given), ``handle`` and optionally ``finish_batch``, ``view_sql``, ``comments``,
    ``indexes`` and ``after_commit``. Handlers never commit, read the clock or call out.
    """

    name: ClassVar[str]
    version: ClassVar[int]
    description: ClassVar[str] = ""
    column_docs: ClassVar[Mapping[str, str]] = {}
    #: logical table names; the first is the one the view shows.
    table_names: ClassVar[tuple[str, ...]]
    #: the event types ``handle`` looks at (None: every event). A rebuild reads only
    #: these from the log, so it never decodes the payloads the projection ignores.
    event_types: ClassVar[frozenset[str] | None] = None

    def define(self, metadata: sa.MetaData, names: dict[str, str]) -> dict[str, sa.Table]:
        raise NotImplementedError

    def handle(self, event: RecordedEvent, conn: Connection, tables: dict[str, sa.Table]) -> None:
        raise NotImplementedError

    def finish_batch(self, conn: Connection, tables: dict[str, sa.Table]) -> None:
        """Called once per batch, inside its transaction, after every ``handle``."""

    def reset(self) -> None:
        """Forget in-memory caches (after a rollback or before a rebuild)."""

    def view_sql(self, physical: str, dialect: str) -> str:
        return f"SELECT * FROM {physical}"

    def comments(self) -> dict[str, str]:
        """Column name -> comment; ``""`` is the view's own comment."""
        return {"": self.description, **self.column_docs}

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        """(logical table, columns, unique) to create on the final tables."""
        return []

    def build_indexes(self) -> list[tuple[str, tuple[str, ...]]]:
        """(logical table, columns) the handlers look rows up by while building.

        Created on the build tables before replay, unique when the final index on the same
        table and columns is. At the swap, one identical to a final index becomes it; the
        others are dropped and ``indexes()`` makes the final ones. List them in
        ``indexes()`` too.
        """
        return []

    def bulk_rebuild(
        self,
        conn: Connection,
        tables: dict[str, sa.Table],
        store: EventStore,
        up_to: int,
        progress: Callable[[int], None] | None = None,
    ) -> bool:
        """Fill the empty build ``tables`` from the log up to position ``up_to`` in one pass.

        A set-based alternative to replaying the log through ``handle``: it runs inside
        the transaction ``conn`` and must leave exactly the rows (and the running state
        in tables) a replay would. That transaction begins deferred: read the log
        through ``store`` first and write afterwards, so that the write lock (SQLite) is
        held only while writing; read nothing through ``conn`` before the first write,
        which ``write_lock`` (or ``indexes_after_load``) takes. ``progress`` takes the log
        position reached. Returns
        False when the projection has no such path; the runner then replays the log.
        """
        return False

    def after_commit(self, events: Sequence[RecordedEvent]) -> None:
        """Side effects of live batches; never called while replaying."""

    def views(self) -> list[View]:
        """The views this projection shows (one, named after it, by default)."""
        return [View(self.name, self.table_names[0], self.view_sql, self.comments())]

    def retired(self) -> tuple[list[str], list[str]]:
        """(tables, checkpoint names) of earlier projections this one replaces, dropped at its swap."""
        return [], []

    def work(self) -> Work:
        """Rows read and written since the last ``reset`` (projections that count them)."""
        return Work()


@dataclass(frozen=True, slots=True)
class RunResult:
    """What one run did to one projection."""

    name: str
    version: int
    status: str  # ok | failed | skipped
    position: int
    processed: int
    rebuilt: bool
    error: str | None = None


def physical_name(logical: str, version: int, building: bool = False) -> str:
    return f"{logical}__v{version}{BUILD_SUFFIX if building else ''}"


class Runner:
    """Runs projections against a store.

    Args:
        store: the event store (the runner reads the log through it).
        projections: the registry to run, in order.
        batch_size: events per transaction.
        concurrent: whether a rebuild of several projections may build all but the first
            in a forked process (None: when the machine and the database allow it).
    """

    def __init__(
        self,
        store: EventStore,
        projections: Sequence[Projection],
        *,
        batch_size: int = 500,
        rebuild_batch_size: int | None = None,
        concurrent: bool | None = None,
    ) -> None:
        self.store = store
        self.engine: Engine = store.engine
        self.projections = list(projections)
        self.batch_size = batch_size
        #: events per transaction while rebuilding (one streamed pass in large batches)
        self.rebuild_batch_size = rebuild_batch_size or max(batch_size, REBUILD_BATCH)
        self.dialect = self.engine.dialect.name
        #: what the last ``run`` did, summed over the projections.
        self.work = Work()
        #: rebuild projections in processes of their own (None: when the machine can)
        self.concurrent = concurrent

    # ----------------------------------------------------------------- public

    def run(self, *, rebuild: bool = False, progress: Progress | None = None) -> list[RunResult]:
        """Catch every projection up (or rebuild them); failures are isolated and reported.

        A rebuild of several projections on a machine with more than one core (and a
        database other processes can open) builds every projection but the first in a
        forked process meanwhile (``_Apart``): each projection's build, resume and swap
        are its own, so they need no order between them, and the builds' Python work
        overlaps. The results come back in the registry's order.
        """
        self.work = Work()
        apart = self.projections[1:] if rebuild and self._concurrent() else []
        if not apart:
            return self._run_each(self.projections, rebuild=rebuild, progress=progress)
        child = _Apart(self, apart, progress)
        try:
            own = self._run_each(self.projections[:1], rebuild=rebuild, progress=progress)
        except BaseException:
            child.stop()
            raise
        others, work = child.join()
        self.work.add(work)
        return own + others

    def _concurrent(self) -> bool:
        """Whether projections can be rebuilt in processes of their own here: more than one
        projection, more than one usable core, Linux (the child dies with its parent,
        ``PR_SET_PDEATHSIG``) and a database the child can open (not SQLite in memory)."""
        if self.concurrent is not None:
            return self.concurrent and len(self.projections) > 1
        if len(self.projections) < 2 or not sys.platform.startswith("linux"):
            return False
        if len(os.sched_getaffinity(0)) < 2:
            return False
        if self.dialect == "sqlite":
            database = self.engine.url.database or ""
            return database not in ("", ":memory:") and "mode=memory" not in str(self.engine.url)
        return True

    def _run_each(
        self, projections: Sequence[Projection], *, rebuild: bool, progress: Progress | None
    ) -> list[RunResult]:
        results = []
        for p in projections:
            try:
                with self._lease(p) as got:
                    if not got:
                        results.append(
                            RunResult(
                                p.name,
                                p.version,
                                "skipped",
                                0,
                                0,
                                False,
                                "another worker holds this projection",
                            )
                        )
                        continue
                    before = p.work()
                    read, written = before.rows_read, before.rows_written
                    results.append(self._run_one(p, rebuild=rebuild, progress=progress))
                    done = p.work()
                    self.work.add(
                        Work(
                            results[-1].processed,
                            done.rows_read - read,
                            done.rows_written - written,
                        )
                    )
            except _Moved as exc:
                p.reset()
                results.append(RunResult(p.name, p.version, "skipped", 0, 0, False, str(exc)))
            except Exception as exc:
                p.reset()
                log.exception("projection %s failed", p.name)
                pos = self._mark_failed(p, exc)
                results.append(
                    RunResult(
                        p.name, p.version, "failed", pos, 0, False, f"{type(exc).__name__}: {exc}"
                    )
                )
        return results

    def status(self) -> list[dict[str, Any]]:
        """The checkpoint rows, as dicts."""
        with self.engine.connect() as conn:
            rows = (
                conn.execute(sa.select(checkpoints).order_by(checkpoints.c.name)).mappings().all()
            )
        return [dict(r) for r in rows]

    # ----------------------------------------------------------------- internals

    def _run_one(self, p: Projection, *, rebuild: bool, progress: Progress | None) -> RunResult:
        cp = self._checkpoint(p.name)
        live = (
            cp is not None and cp["version"] == p.version and self._tables_exist(p, building=False)
        )
        pending = self._pending_build(p)
        if live and not rebuild and not pending:
            assert cp is not None
            self._forget_broken_build(p)
            tables = self._tables(p, building=False)
            pos, n = self._catch_up(p, tables, p.name, int(cp["position"]), live=True)
            return RunResult(p.name, p.version, "ok", pos, n, False)
        if pending:
            log.warning("projection %s: resuming an interrupted rebuild", p.name)
        pos, n = self._rebuild(
            p,
            old_version=None if cp is None else int(cp["version"]),
            fresh=rebuild and not pending,
            progress=progress,
        )
        return RunResult(p.name, p.version, "ok", pos, n, True)

    def _pending_build(self, p: Projection) -> bool:
        """Whether an interrupted rebuild of this version waits to be resumed: its shadow
        checkpoint and its ``__new`` tables, which every batch commits together."""
        shadow = self._checkpoint(f"{p.name}@v{p.version}")
        return (
            shadow is not None
            and shadow["version"] == p.version
            and self._tables_exist(p, building=True)
        )

    def _forget_broken_build(self, p: Projection) -> None:
        """Drop a shadow checkpoint whose ``__new`` tables are gone (dropped by hand to
        throw an unfinished rebuild away), with any of its tables still there."""
        shadow = f"{p.name}@v{p.version}"
        if self._checkpoint(shadow) is None:
            return
        log.warning("projection %s: forgetting an unfinished rebuild without its tables", p.name)
        with self._transaction() as conn:
            for t in self._tables(p, building=True).values():
                t.drop(conn, checkfirst=True)
            conn.execute(sa.delete(checkpoints).where(checkpoints.c.name == shadow))

    def _tables(self, p: Projection, *, building: bool) -> dict[str, sa.Table]:
        names = {t: physical_name(t, p.version, building) for t in p.table_names}
        return p.define(sa.MetaData(), names)

    def _tables_exist(self, p: Projection, *, building: bool) -> bool:
        with self.engine.connect() as conn:
            insp = sa.inspect(conn)
            return all(insp.has_table(physical_name(t, p.version, building)) for t in p.table_names)

    def _checkpoint(
        self, name: str, conn: Connection | None = None, *, lock: bool = False
    ) -> dict[str, Any] | None:
        q = sa.select(checkpoints).where(checkpoints.c.name == name)
        if lock and self.dialect == "postgresql":
            q = q.with_for_update()
        if conn is None:
            with self.engine.connect() as c:
                row = c.execute(q).mappings().first()
        else:
            row = conn.execute(q).mappings().first()
        return None if row is None else dict(row)

    def _save_checkpoint(
        self,
        conn: Connection,
        name: str,
        version: int,
        position: int,
        status: str = "ok",
        error: str | None = None,
    ) -> None:
        checkpoint_store.save(conn, name, version, position, status=status, error=error)

    @contextmanager
    def _transaction(self, *, immediate: bool = True, build: bool = False) -> Iterator[Connection]:
        """A transaction on a pooled connection; ``build``: one of a rebuild's (``_building``)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{IMMEDIATE: immediate})
            with self._building(conn) if build else nullcontext(), conn.begin():
                if build and immediate and self.dialect == "postgresql":
                    for setting in _PG_BUILD:
                        conn.exec_driver_sql(setting)
                yield conn

    @contextmanager
    def _building(self, conn: Connection) -> Iterator[None]:
        """The connection's settings for a rebuild's transaction, and its own settings back
        afterwards, before it returns to the pool: on SQLite ``BUILD_CACHE_KIB`` and
        ``BUILD_BUSY_MS``, on PostgreSQL no prepared statements (see
        ``tests/projections/test_rebuild_plans.py``)."""
        raw = conn.connection.driver_connection
        assert raw is not None
        if self.dialect == "postgresql":
            # no prepared statements: the build tables grow from nothing, and a plan the
            # server kept from their first batches (a scan of a few rows) would be used
            # for every batch after, a scan of every row the build has written
            threshold = raw.prepare_threshold
            raw.prepare_threshold = None
            try:
                yield
            finally:
                raw.prepare_threshold = threshold
            return
        if self.dialect != "sqlite":
            yield
            return
        cache, temp, busy = (raw.execute(f"PRAGMA {name}").fetchone()[0] for name in _SQLITE_BUILD)
        raw.execute(f"PRAGMA cache_size = -{int(BUILD_CACHE_KIB)}")
        raw.execute("PRAGMA temp_store = MEMORY")
        raw.execute(f"PRAGMA busy_timeout = {int(BUILD_BUSY_MS)}")
        try:
            yield
        finally:
            try:
                raw.execute(f"PRAGMA cache_size = {int(cache)}")
                raw.execute(f"PRAGMA temp_store = {int(temp)}")
                raw.execute(f"PRAGMA busy_timeout = {int(busy)}")
            except Exception:  # a connection that cannot take its settings back leaves the pool
                conn.invalidate()

    @contextmanager
    def _lease(self, p: Projection) -> Iterator[bool]:
        """One worker per projection: a session advisory lock on PostgreSQL (SQLite serialises writers)."""
        if self.dialect != "postgresql":
            yield True
            return
        key = zlib.crc32(f"projection:{p.name}".encode())
        with self.engine.connect() as conn:
            got = bool(
                conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            )
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()

    def _batches(
        self,
        after: int,
        up_to: int | None = None,
        size: int | None = None,
        types: frozenset[str] | None = None,
    ) -> Iterator[list[RecordedEvent]]:
        size = size or self.batch_size
        events = self.store.read_all(
            after, page_size=min(size, 1000), up_to_position=up_to, types=types
        )
        while batch := list(islice(events, size)):
            yield batch

    def _apply(
        self,
        p: Projection,
        conn: Connection,
        tables: dict[str, sa.Table],
        batch: Sequence[RecordedEvent],
    ) -> None:
        for event in batch:
            p.handle(event, conn, tables)
        p.finish_batch(conn, tables)

    def _catch_up(
        self,
        p: Projection,
        tables: dict[str, sa.Table],
        cp_name: str,
        position: int,
        *,
        live: bool,
        progress: Progress | None = None,
        target: int | None = None,
    ) -> tuple[int, int]:
        processed = 0
        analysed = 0  # the position the build tables were last analysed at
        size = self.batch_size if live else self.rebuild_batch_size
        # a rebuild reads only the events the projection handles (live batches are
        # small: they read every event, so the checkpoint follows the head exactly)
        types = None if live else p.event_types
        for batch in self._batches(position, target, size, types):
            # the log positions the batch covers, the skipped events with the read ones
            covered = batch[-1].position - position if types is not None else len(batch)
            try:
                with self._transaction(build=not live) as conn:
                    cp = self._checkpoint(cp_name, conn, lock=True)
                    if cp is not None and int(cp["position"]) != position:
                        raise _Moved(
                            f"projection {p.name}: checkpoint moved from {position} to {cp['position']} "
                            "under a concurrent run; run again"
                        )
                    self._apply(p, conn, tables, batch)
                    position = batch[-1].position
                    self._save_checkpoint(
                        conn, cp_name, p.version, position, "ok" if live else "rebuilding"
                    )
            except _Moved:
                p.reset()
                raise
            except Exception as exc:
                p.reset()
                if not _poison(exc):
                    raise
                position = self._one_by_one(p, tables, cp_name, position, batch, live=live)
            processed += covered
            if live:
                p.after_commit(batch)
            elif self.dialect == "postgresql" and position >= max(2 * analysed, ANALYSE_FROM):
                self._analyse(tables)
                analysed = position
            if progress is not None:
                progress(p.name, position, target or position)
        return position, processed

    def _analyse(self, tables: dict[str, sa.Table]) -> None:
        """Fresh statistics of a build's tables (PostgreSQL), in a transaction of its own:
        the plans of the next batches' lookups follow the tables' size and contents."""
        with self.engine.connect() as conn:
            prep = conn.dialect.identifier_preparer
            names = ", ".join(prep.format_table(t) for t in tables.values())
            conn.exec_driver_sql(f"ANALYZE {names}")
            conn.commit()

    def _one_by_one(
        self,
        p: Projection,
        tables: dict[str, sa.Table],
        cp_name: str,
        position: int,
        batch: Sequence[RecordedEvent],
        *,
        live: bool,
    ) -> int:
        """Apply ``batch`` an event per transaction, setting aside each event that raises."""
        from tracker.store import quarantine  # the poison-pill path only

        status = "ok" if live else "rebuilding"
        for event in batch:
            try:
                with self._transaction() as conn:
                    self._apply(p, conn, tables, [event])
                    self._save_checkpoint(conn, cp_name, p.version, event.position, status)
            except Exception as exc:
                p.reset()
                if not _poison(exc):
                    raise
                why = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
                log.warning(
                    "projection %s set aside the event at %d: %s", p.name, event.position, why
                )
                with self._transaction() as conn:
                    quarantine.record(
                        conn,
                        [
                            quarantine.Quarantined(
                                "project",
                                f"{p.name}:{event.position}",
                                why,
                                position=event.position,
                                projection=p.name,
                            )
                        ],
                        now=event.recorded_at,
                    )
                    self._save_checkpoint(conn, cp_name, p.version, event.position, status)
            position = event.position
        return position

    def _rebuild(
        self, p: Projection, *, old_version: int | None, fresh: bool, progress: Progress | None
    ) -> tuple[int, int]:
        shadow = f"{p.name}@v{p.version}"
        build = self._tables(p, building=True)
        p.reset()
        cp = self._checkpoint(shadow)
        resume = (
            not fresh
            and cp is not None
            and cp["version"] == p.version
            and self._tables_exist(p, building=True)
        )
        position = int(cp["position"]) if resume and cp is not None else 0
        if not resume:
            with self._transaction() as conn:
                for t in build.values():
                    t.drop(conn, checkfirst=True)
                for t in build.values():
                    t.create(conn)
                final = {(t, cols): unique for t, cols, unique in p.indexes()}
                for logical, cols in p.build_indexes():
                    table = physical_name(logical, p.version, True)
                    name = self._build_index_name(conn, p, logical, cols)
                    # unique when its final twin is, so that the swap can keep it as that
                    unique = "UNIQUE " if final.get((logical, cols)) else ""
                    conn.execute(
                        sa.text(f"CREATE {unique}INDEX {name} ON {table} ({', '.join(cols)})")
                    )
                self._save_checkpoint(conn, shadow, p.version, 0, "rebuilding")
        target = self.store.last_position()
        if progress is not None:
            progress(p.name, position, target)
        # a build at 0 has empty tables (rows and checkpoint commit together): the
        # set-based path may fill them, on a resumed build too
        bulk = position == 0 and target > 0 and self._bulk(p, build, shadow, target, progress)
        if bulk:
            position = target
        position, processed = self._catch_up(
            p, build, shadow, position, live=False, progress=progress, target=target
        )
        if bulk:
            processed += target
        # the events up to ``target`` the typed read skipped are ones ``handle`` ignores
        if p.event_types is not None and target > position:
            processed += target - position
            position = target
        # Final catch-up and the swap, in one transaction.
        try:
            with self._transaction(build=True) as conn:
                for batch in self._batches(position):
                    self._apply(p, conn, build, batch)
                    position = batch[-1].position
                    processed += len(batch)
                self._swap(conn, p, old_version)
                self._save_checkpoint(conn, p.name, p.version, position, "ok")
                conn.execute(sa.delete(checkpoints).where(checkpoints.c.name == shadow))
        finally:
            p.reset()  # cached state referred to the build tables' names
        if progress is not None:
            progress(p.name, position, max(position, target))
        return position, processed

    def _bulk(
        self,
        p: Projection,
        build: dict[str, sa.Table],
        shadow: str,
        target: int,
        progress: Progress | None,
    ) -> bool:
        """The projection's set-based rebuild up to ``target``, if it has one; False to replay.

        A failure that a replay can isolate (a poison event) falls back to the replay,
        which sets the event aside; the build tables are emptied first.
        """

        def step(position: int) -> None:
            if progress is not None:
                progress(p.name, position, target)

        try:
            # a deferred BEGIN: on SQLite the write lock is taken at the first write, so
            # writers are not held off while the projection reads the log (through the
            # store's own connections) before it writes anything
            with self._transaction(immediate=False, build=True) as conn:
                with _collector_paused():
                    built = p.bulk_rebuild(conn, build, self.store, target, step)
                if not built:
                    return False
                self._save_checkpoint(conn, shadow, p.version, target, "rebuilding")
        except Exception as exc:
            p.reset()
            if not _poison(exc):
                raise
            log.warning(
                "projection %s: set-based rebuild failed (%s); replaying the log", p.name, exc
            )
            with self._transaction() as conn:
                for t in build.values():
                    conn.execute(t.delete())
            return False
        p.reset()
        return True

    def _swap(self, conn: Connection, p: Projection, old_version: int | None) -> None:
        views = p.views()
        for view in views:
            conn.execute(sa.text(f"DROP VIEW IF EXISTS {view.name}"))
        retired_tables, retired_checkpoints = p.retired()
        for table in retired_tables:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {table}"))
        if retired_checkpoints:
            conn.execute(sa.delete(checkpoints).where(checkpoints.c.name.in_(retired_checkpoints)))
        # a build index identical to a final one (same table and columns; unique when the
        # final one is) is kept under the final name instead of being dropped and made again
        final = {(t, cols): unique for t, cols, unique in p.indexes()}
        kept: dict[str, str] = {}  # final index name -> build index name
        for logical, cols in p.build_indexes():
            table = physical_name(logical, p.version, True)
            ix = index_name(physical_name(logical, p.version), cols)
            unique = final.get((logical, cols))
            if unique is not None:
                name = self._existing_build_index(conn, table, ix, cols, unique)
                if name is not None:
                    kept[ix] = name
                    continue
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {build_index_name(table, cols)}"))
        versions = {p.version} | ({old_version} if old_version is not None else set())
        for v in sorted(versions):
            for t in p.table_names:
                conn.execute(sa.text(f"DROP TABLE IF EXISTS {physical_name(t, v)}"))
        for t in p.table_names:
            conn.execute(
                sa.text(
                    f"ALTER TABLE {physical_name(t, p.version, True)} "
                    f"RENAME TO {physical_name(t, p.version)}"
                )
            )
        for logical, cols, unique in p.indexes():
            table = physical_name(logical, p.version)
            ix = index_name(table, cols)
            if ix in kept:
                if kept[ix] != ix:  # PostgreSQL; on SQLite a kept index has its final name
                    conn.execute(sa.text(f"ALTER INDEX {kept[ix]} RENAME TO {ix}"))
                continue
            conn.execute(
                sa.text(
                    f"CREATE {'UNIQUE ' if unique else ''}INDEX {ix} ON {table} ({', '.join(cols)})"
                )
            )
        comments = []
        for view in views:
            main = physical_name(view.table, p.version)
            conn.execute(sa.text(f"CREATE VIEW {view.name} AS {view.sql(main, self.dialect)}"))
            if self.dialect == "postgresql":
                for column, text in view.comments.items():
                    target = f"VIEW {view.name}" if column == "" else f"COLUMN {view.name}.{column}"
                    comments.append(f"COMMENT ON {target} IS {_quote(text)}")
        if self.dialect == "postgresql":
            # statistics now, not at autovacuum's first visit: until then the planner
            # guesses, and an analyst's first queries on the new tables can scan them
            analyse = [f"ANALYZE {physical_name(t, p.version)}" for t in p.table_names]
            # one round trip for them all (a view's comments are one a column: some 200)
            conn.exec_driver_sql(
                ";\n".join(comments + analyse), execution_options={"no_parameters": True}
            )

    def _build_index_name(
        self, conn: Connection, p: Projection, logical: str, cols: tuple[str, ...]
    ) -> str:
        """The name to give a new build index of ``p`` on ``logical`` (``cols``).

        SQLite cannot rename an index, and its indexes keep their names when their table
        is renamed: a build index that the swap keeps (identical to a final index) is
        named as the final index on the renamed table, unless that name is
        taken (by the live index of the same version, during a rebuild). PostgreSQL
        renames it at the swap.
        """
        table = physical_name(logical, p.version, True)
        if self.dialect == "sqlite" and any((t, c) == (logical, cols) for t, c, _ in p.indexes()):
            ix = index_name(physical_name(logical, p.version), cols)
            taken = conn.execute(
                sa.text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": ix}
            ).first()
            if taken is None:
                return ix
        return build_index_name(table, cols)

    def _existing_build_index(
        self, conn: Connection, table: str, ix: str, cols: tuple[str, ...], unique: bool
    ) -> str | None:
        """The name of the build index on ``table`` (``cols``) the swap can keep as ``ix``:
        on SQLite only one that already has that name; None when there is none, or when it
        is not ``unique`` as the final index is (a build begun by an older version; on
        SQLite it is dropped then, since it holds the final index's name)."""
        if self.dialect == "sqlite":
            found = conn.execute(
                sa.text(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :n AND tbl_name = :t"
                ),
                {"n": ix, "t": table},
            ).first()
            if found is None:
                return None
            if str(found[0]).upper().startswith("CREATE UNIQUE ") == unique:
                return ix
            conn.execute(sa.text(f"DROP INDEX {ix}"))
            return None
        name = build_index_name(table, cols)
        found = conn.execute(
            sa.text("SELECT indisunique FROM pg_index WHERE indexrelid = to_regclass(:n)"),
            {"n": name},
        ).first()
        return name if found is not None and bool(found[0]) == unique else None

    def _mark_failed(self, p: Projection, exc: BaseException) -> int:
        """Record the failure on the live checkpoint (or the shadow one during a first build)."""
        error = f"{type(exc).__name__}: {exc}"[:2000]
        try:
            with self._transaction() as conn:
                cp = self._checkpoint(p.name, conn)
                name = p.name if cp is not None else f"{p.name}@v{p.version}"
                row = cp if cp is not None else self._checkpoint(name, conn)
                version = int(row["version"]) if row is not None else p.version
                pos = int(row["position"]) if row is not None else 0
                self._save_checkpoint(conn, name, version, pos, "failed", error)
                return pos
        except Exception:
            log.exception("could not mark projection %s failed", p.name)
            return 0


class _Apart:
    """Projections rebuilt by ``runner`` in a forked process while the parent runs its own.

    The child opens connections of its own (the engine's pool is replaced, the parent's
    connections are left alone), runs the projections as the parent would, sends their
    progress and then their results back through a pipe, and leaves by ``os._exit``. It
    dies with its parent (``PR_SET_PDEATHSIG``): a killed rebuild stops in both, and
    each build resumes from its last committed batch, as after any kill. A child that
    ends without results (killed, out of memory) leaves its projections failed at their
    checkpoints, like any failure.
    """

    def __init__(
        self, runner: Runner, projections: Sequence[Projection], progress: Progress | None
    ) -> None:
        self.runner = runner
        self.projections = list(projections)
        self.progress = progress
        self.results: tuple[list[RunResult], Work] | None = None
        self.failure: BaseException | None = None
        self.held: object = None
        parent = os.getpid()
        read, write = multiprocessing.Pipe(duplex=False)
        self.pid = os.fork()
        if self.pid == 0:  # the child never returns
            read.close()
            self._child(parent, write)
        write.close()
        self.pipe = read
        self.relay = threading.Thread(target=self._relay, name="rebuild-apart", daemon=True)
        self.relay.start()

    def _child(self, parent: int, pipe: PipeEnd) -> None:
        status = 1
        try:
            _die_with_parent()
            if os.getppid() != parent:  # the parent died before the line above
                os._exit(1)
            runner = self.runner
            # the parent's connections stay its own: the old pool is held, never closed
            # here (nor collected: the child leaves by ``os._exit``)
            self.held = runner.engine.pool
            runner.engine.dispose(close=False)

            def relay(name: str, done: int, total: int) -> None:
                pipe.send(("progress", name, done, total))

            report = relay if self.progress is not None else None
            results = runner._run_each(self.projections, rebuild=True, progress=report)
            pipe.send(("done", results, runner.work))
            status = 0
        except BaseException:
            log.exception("rebuild process failed")
        finally:
            os._exit(status)

    def _relay(self) -> None:
        """The parent's reader of the child's messages (a thread)."""
        try:
            while True:
                message = self.pipe.recv()
                if message[0] == "done":
                    self.results = (message[1], message[2])
                elif self.progress is not None and self.failure is None:
                    try:
                        self.progress(*message[1:])
                    except BaseException as exc:  # as if raised in the child: it stops
                        self.failure = exc
                        self.kill()
        except (EOFError, OSError):
            pass

    def kill(self) -> None:
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def stop(self) -> None:
        """Kill the child (the parent's own run failed) and reap it."""
        self.kill()
        with suppress(BaseException):
            self.join()

    def join(self) -> tuple[list[RunResult], Work]:
        """The child's results (its projections failed when it gave none)."""
        try:
            self.relay.join()
            _, status = os.waitpid(self.pid, 0)
        finally:
            self.pipe.close()
        if self.failure is not None:
            raise self.failure
        for p in self.projections:
            p.reset()  # the child built from its copies; cached state may be stale here
        if self.results is not None:
            return self.results
        why = ProjectionError(f"the rebuild process ended without results ({_exit_text(status)})")
        results = []
        for p in self.projections:
            pos = self.runner._mark_failed(p, why)
            results.append(RunResult(p.name, p.version, "failed", pos, 0, False, str(why)))
        return results, Work()


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (``prctl(PR_SET_PDEATHSIG)``)."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def _exit_text(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _poison(exc: BaseException) -> bool:
    """True when ``exc`` is about the data (a value no table takes, a payload the code
    cannot read), not the database being unreachable or locked."""
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError | sa.exc.TimeoutError):
        return False
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return False
    from tracker.errors import StoreUnavailable

    return not isinstance(exc, StoreUnavailable | MemoryError)


def build_index_name(table: str, cols: tuple[str, ...]) -> str:
    """The name of a build index (``Projection.build_indexes``) on the physical ``table``,
    unless it is named as the final index it will become (see ``Runner._build_index_name``)."""
    return f"bx_{table}_{'_'.join(cols)}"


def index_name(table: str, cols: tuple[str, ...]) -> str:
    """The name of a final index (``Projection.indexes``) on the physical ``table``."""
    return f"ix_{table}_{'_'.join(cols)}"


@contextmanager
def indexes_after_load(conn: Connection, tables: Sequence[sa.Table]) -> Iterator[None]:
    """Drop the indexes of ``tables`` (not their primary keys) for a bulk load, and make
    them again, under the same names, after it: one sort per index instead of an index
    insertion per row. The transaction takes its write lock first (``write_lock``)."""
    write_lock(conn)
    sql = (
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = to_regclass(:t) AND NOT indisprimary"
        if conn.dialect.name == "postgresql"
        else "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"
    )
    found = [row for t in tables for row in conn.execute(sa.text(sql), {"t": t.name}).all()]
    for name, _ in found:
        conn.execute(sa.text(f"DROP INDEX {name}"))
    yield
    for _, ddl in found:
        conn.execute(sa.text(ddl))


def write_lock(conn: Connection) -> None:
    """Take the write lock of ``conn``'s transaction now, waiting for another writer's.

    On SQLite a deferred transaction whose first statement reads is held to that read's
    snapshot: if another connection (an append, another projection's build in a process
    of its own) commits before this one's first write, that write fails at once
    ("database is locked") instead of waiting. A bulk build that has read the log calls
    this before its first statement through ``conn``: an empty ``DELETE`` begins the
    write transaction, under the busy timeout like ``BEGIN IMMEDIATE``. PostgreSQL locks
    rows as it writes them: nothing to do.
    """
    if conn.dialect.name == "sqlite":
        conn.execute(sa.delete(checkpoints).where(sa.false()))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a set-based build holds the log in memory.

    Every event and row a build folds (the claim views' facts and view rows, the items'
    clusters) stays alive until its table is written, and none of them is part of a
    reference cycle; yet each full collection walks them all again, so the collections
    grow with the log (a fifth of the claim views' build time at 10^5 events). Reference counting still frees what is dropped; the pause is
    process-wide, so cycles other threads drop meanwhile wait for the end of the build.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
