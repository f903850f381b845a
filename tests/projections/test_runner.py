"""The engine: checkpoints with rows in one transaction, versioned rebuilds with a view swap,
failures isolated, side effects suppressed during replay."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from tests.projections.projection_helpers import load_reference, rows
from tracker.db import make_engine
from tracker.projections import Runner
from tracker.projections.claims import ClaimViews
from tracker.projections.runner import Projection
from tracker.store import EventStore, RecordedEvent, migrate


class Counter(Projection):
    """Counts events per type; optionally fails at a position; records side effects."""

    name: ClassVar[str] = "event_counts"
    version: ClassVar[int] = 1
    table_names: ClassVar[tuple[str, ...]] = ("event_counts",)

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.side_effects: list[int] = []

    def define(self, metadata: sa.MetaData, names: dict[str, str]) -> dict[str, sa.Table]:
        t = sa.Table(
            names["event_counts"], metadata, sa.Column("type", sa.Text), sa.Column("n", sa.Integer)
        )
        return {"event_counts": t}

    def handle(self, event: RecordedEvent, conn: Connection, tables: dict[str, sa.Table]) -> None:
        if event.position == self.fail_at:
            raise RuntimeError(f"boom at {event.position}")
        t = tables["event_counts"]
        done = conn.execute(sa.update(t).where(t.c.type == event.type).values(n=t.c.n + 1))
        if done.rowcount == 0:
            conn.execute(sa.insert(t).values(type=event.type, n=1))

    def after_commit(self, events: Sequence[RecordedEvent]) -> None:
        self.side_effects.extend(e.position for e in events)

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [("event_counts", ("type",), True)]


class Counter2(Counter):
    version: ClassVar[int] = 2


def total(engine: Engine) -> int:
    return int(rows(engine, "SELECT coalesce(sum(n), 0) AS s FROM event_counts")[0]["s"])


def checkpoint(engine: Engine, name: str) -> dict[str, Any]:
    return rows(engine, "SELECT * FROM projection_checkpoints WHERE name = :n", n=name)[0]


def table_names(engine: Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_a_first_run_builds_the_tables_and_the_view_and_a_second_run_only_catches_up(
    store: EventStore, engine: Engine
) -> None:
    n = load_reference(store)
    counter = Counter()
    first = Runner(store, [counter], batch_size=4).run()
    assert (first[0].status, first[0].rebuilt, first[0].position) == ("ok", True, n)
    assert total(engine) == n and counter.side_effects == []  # built by replay: no side effects
    assert "event_counts__v1" in table_names(engine)
    again = Runner(store, [counter], batch_size=4).run()
    assert (again[0].rebuilt, again[0].processed) == (False, 0)


def test_live_catch_up_runs_side_effects_after_commit(store: EventStore, engine: Engine) -> None:
    Runner(store, [Counter()]).run()  # builds an empty projection
    n = load_reference(store)
    counter = Counter()
    Runner(store, [counter], batch_size=10).run()
    assert counter.side_effects == list(range(1, n + 1))


def test_a_new_version_rebuilds_into_fresh_tables_and_swaps_the_view(
    store: EventStore, engine: Engine
) -> None:
    n = load_reference(store)
    Runner(store, [Counter()]).run()
    result = Runner(store, [Counter2()], batch_size=5).run()[0]
    assert (result.version, result.rebuilt, result.position) == (2, True, n)
    names = table_names(engine)
    assert (
        "event_counts__v2" in names
        and "event_counts__v1" not in names
        and "event_counts__v2__new" not in names
    )
    assert total(engine) == n
    assert checkpoint(engine, "event_counts")["version"] == 2


def test_an_event_a_projection_cannot_apply_is_set_aside_and_the_projection_goes_on(
    store: EventStore, engine: Engine
) -> None:
    from tracker.store import quarantine

    Runner(store, [Counter(), ClaimViews()]).run()
    n = load_reference(store)
    results = Runner(store, [Counter(fail_at=7), ClaimViews()], batch_size=3).run()
    assert [r.status for r in results] == ["ok", "ok"]
    cp = checkpoint(engine, "event_counts")
    # every event but 7 counted; 7 is in the quarantine with its reason
    assert (cp["status"], cp["position"], total(engine)) == ("ok", n, n - 1)
    [row] = quarantine.list_rows(engine)
    assert (row.stage, row.projection, row.position) == ("project", "event_counts", 7)
    assert "boom at 7" in row.error


class _DatabaseDown(Counter):
    def handle(self, event: RecordedEvent, conn: Connection, tables: dict[str, sa.Table]) -> None:
        if event.position == 7:
            raise sa.exc.OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        super().handle(event, conn, tables)


def test_a_database_failure_stops_the_projection_at_its_checkpoint_and_the_others_go_on(
    store: EventStore, engine: Engine
) -> None:
    Runner(store, [Counter(), ClaimViews()]).run()
    load_reference(store)
    results = Runner(store, [_DatabaseDown(), ClaimViews()], batch_size=3).run()
    assert [r.status for r in results] == ["failed", "ok"]
    assert "server closed the connection" in (results[0].error or "")
    cp = checkpoint(engine, "event_counts")
    # batches (1-3), (4-6) committed with their rows; the batch holding 7 rolled back
    assert (cp["status"], cp["position"], total(engine)) == ("failed", 6, 6)
    healed = Runner(store, [Counter()]).run()[0]
    assert healed.status == "ok" and checkpoint(engine, "event_counts")["status"] == "ok"


class _Folding(Counter):
    """A set-based rebuild that looks, before its first write, at how the server sees the
    runner's connection (a long fold must not hold a transaction open)."""

    name: ClassVar[str] = "folding"
    table_names: ClassVar[tuple[str, ...]] = ("folding",)

    def __init__(self) -> None:
        super().__init__()
        self.state: str | None = None

    def define(self, metadata: sa.MetaData, names: dict[str, str]) -> dict[str, sa.Table]:
        table = sa.Table(
            names["folding"], metadata, sa.Column("type", sa.Text), sa.Column("n", sa.Integer)
        )
        return {"event_counts": table}

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return []

    def bulk_rebuild(
        self,
        conn: Connection,
        tables: dict[str, sa.Table],
        store: EventStore,
        up_to: int,
        progress: Any = None,
    ) -> bool:
        pid = conn.connection.driver_connection.info.backend_pid  # type: ignore[union-attr]
        with store.engine.connect() as other:
            self.state = other.execute(
                sa.text("SELECT state FROM pg_stat_activity WHERE pid = :p"), {"p": pid}
            ).scalar()
        return False


@pytest.mark.postgres
def test_the_set_based_build_begins_its_transaction_on_the_server_at_its_first_write(
    pg_engine: Engine,
) -> None:
    store = EventStore(pg_engine)
    load_reference(store)
    folding = _Folding()
    assert Runner(store, [folding]).run(rebuild=True)[0].status == "ok"
    assert folding.state == "idle"  # not "idle in transaction" while it reads the log


def test_a_forced_rebuild_keeps_the_same_rows_and_the_view_never_points_at_a_build_table(
    store: EventStore, engine: Engine
) -> None:
    n = load_reference(store)
    Runner(store, [Counter()]).run()
    Runner(store, [Counter()]).run(rebuild=True)
    assert total(engine) == n
    assert not any(name.endswith("__new") for name in table_names(engine))


@pytest.mark.postgres
def test_views_and_columns_carry_comments_on_postgresql(pg_engine: Engine) -> None:
    store = EventStore(pg_engine)
    load_reference(store)
    Runner(store, [ClaimViews()]).run()
    got = rows(
        pg_engine,
        "SELECT obj_description('truce_status'::regclass, 'pg_class') AS view_comment, "
        "col_description('truce_status'::regclass, 1) AS first_column",
    )
    assert got[0]["view_comment"].startswith("One row per truce")
    assert got[0]["first_column"].startswith("Stable id of the truce")


@pytest.mark.postgres
def test_every_column_of_every_view_carries_its_comment_on_postgresql(pg_engine: Engine) -> None:
    store = EventStore(pg_engine)
    load_reference(store)
    projection = ClaimViews()
    Runner(store, [projection]).run(rebuild=True)
    for view in projection.views():
        got = {
            r["name"]: r["comment"]
            for r in rows(
                pg_engine,
                "SELECT a.attname AS name, col_description(a.attrelid, a.attnum) AS comment "
                "FROM pg_attribute a WHERE a.attrelid = CAST(:v AS regclass) AND a.attnum > 0",
                v=view.name,
            )
            if r["comment"] is not None
        }
        view_comment = rows(
            pg_engine, "SELECT obj_description(CAST(:v AS regclass)) AS c", v=view.name
        )
        got[""] = view_comment[0]["c"]
        assert got == dict(view.comments), view.name


def test_a_rebuild_gives_each_sqlite_connection_its_own_cache_and_temp_store_back(
    sqlite_url: str,
) -> None:
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    store = EventStore(engine)
    load_reference(store)
    with engine.connect() as conn:
        before = [
            conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("cache_size", "temp_store", "busy_timeout")
        ]
    assert Runner(store, [ClaimViews(), Counter()]).run(rebuild=True)[0].status == "ok"
    pooled = [engine.connect() for _ in range(engine.pool.checkedin())]  # type: ignore[attr-defined]
    try:
        for conn in pooled:
            got = [
                conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                for p in ("cache_size", "temp_store", "busy_timeout")
            ]
            assert got == before
    finally:
        for conn in pooled:
            conn.close()
        engine.dispose()


def test_a_run_that_finds_its_checkpoint_moved_by_another_worker_steps_aside(
    store: EventStore, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    Runner(store, [Counter()]).run()
    n = load_reference(store)
    slow = Runner(store, [Counter()], batch_size=100)
    real_batches = slow._batches

    def batches_after_a_rival_ran(
        after: int,
        up_to: int | None = None,
        size: int | None = None,
        types: frozenset[str] | None = None,
    ):  # type: ignore[no-untyped-def]
        stale = list(real_batches(after, up_to, size, types))
        Runner(store, [Counter()]).run()  # the rival: on PostgreSQL it finds the lease taken
        yield from stale

    monkeypatch.setattr(slow, "_batches", batches_after_a_rival_ran)
    result = slow.run()[0]
    if engine.dialect.name == "postgresql":
        assert result.status == "ok"  # the lease kept the rival out
    else:
        assert result.status == "skipped" and "checkpoint moved" in (result.error or "")
    assert total(engine) == n  # nothing counted twice
    assert checkpoint(engine, "event_counts")["status"] == "ok"


def test_a_rebuild_on_sqlite_waits_for_another_writer_past_the_connection_busy_timeout(
    sqlite_url: str,
) -> None:
    """The claim views and ``items`` are rebuilt at once; at 10^6 events each holds the
    write lock for a minute or more while it writes its tables. A rebuild's transaction
    waits for it (``BUILD_BUSY_MS``), not the connection's own busy timeout."""
    engine = make_engine(sqlite_url, busy_timeout_ms=100)
    migrate.upgrade(engine)
    store = EventStore(engine)
    load_reference(store)
    path = sqlite_url.removeprefix("sqlite:///")
    holders: list[threading.Thread] = []

    def hold_the_lock() -> None:
        rival = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        rival.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(1.0)
        rival.execute("COMMIT")
        rival.close()

    locked = threading.Event()

    def during(name: str, done: int, total: int) -> None:
        if done == total and not holders:  # folded, nothing written yet
            holders.append(threading.Thread(target=hold_the_lock))
            holders[0].start()
            locked.wait()

    try:
        results = Runner(store, [ClaimViews()]).run(rebuild=True, progress=during)
    finally:
        for t in holders:
            t.join()
        engine.dispose()
    assert holders and [r.status for r in results] == ["ok"]
