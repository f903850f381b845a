"""A rebuild of several projections builds all but the first in a forked process: the
same rows and results, a child that dies leaves its projection failed and resumable, and
a parent that stops takes its child with it."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import ClassVar

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection

from tests.projections.projection_helpers import load_reference, rows
from tracker.projections import Runner
from tracker.projections.runner import Projection
from tracker.store import EventStore, RecordedEvent


class Pids(Projection):
    """One row per event: its position and the process that wrote it."""

    name: ClassVar[str] = "pids_a"
    version: ClassVar[int] = 1
    table_names: ClassVar[tuple[str, ...]] = ("pids_a",)

    def __init__(self, *, die_at: int | None = None, note: Path | None = None) -> None:
        self.parent = os.getpid()
        self.die_at = die_at
        self.note = note

    def define(self, metadata: sa.MetaData, names: dict[str, str]) -> dict[str, sa.Table]:
        t = sa.Table(
            names[self.table_names[0]],
            metadata,
            sa.Column("position", sa.Integer, primary_key=True),
            sa.Column("pid", sa.Integer),
        )
        return {self.table_names[0]: t}

    def handle(self, event: RecordedEvent, conn: Connection, tables: dict[str, sa.Table]) -> None:
        if self.note is not None:  # written whole, then renamed: never seen half-written
            part = self.note.with_suffix(".part")
            part.write_text(str(os.getpid()))
            part.replace(self.note)
        if event.position == self.die_at and os.getpid() != self.parent:
            os.kill(os.getpid(), signal.SIGKILL)
        t = tables[self.table_names[0]]
        conn.execute(sa.insert(t).values(position=event.position, pid=os.getpid()))


class OtherPids(Pids):
    name: ClassVar[str] = "pids_b"
    table_names: ClassVar[tuple[str, ...]] = ("pids_b",)


def written(store: EventStore, table: str) -> dict[int, int]:
    found = rows(store.engine, f"SELECT position, pid FROM {table}__v1")
    return {int(r["position"]): int(r["pid"]) for r in found}


def test_the_projections_after_the_first_are_rebuilt_in_a_process_of_their_own(
    store: EventStore,
) -> None:
    head = load_reference(store)
    results = Runner(store, [Pids(), OtherPids()], concurrent=True).run(rebuild=True)
    assert [(r.name, r.status, r.position, r.rebuilt) for r in results] == [
        ("pids_a", "ok", head, True),
        ("pids_b", "ok", head, True),
    ]
    first, second = written(store, "pids_a"), written(store, "pids_b")
    assert sorted(first) == sorted(second) == list(range(1, head + 1))
    assert set(first.values()) == {os.getpid()}
    [child] = set(second.values())
    assert child != os.getpid()
    with pytest.raises(ProcessLookupError):  # reaped
        os.kill(child, 0)


def test_a_rebuild_process_that_dies_leaves_its_projection_failed_and_resumable(
    store: EventStore,
) -> None:
    head = load_reference(store)
    runner = Runner(store, [Pids(), OtherPids(die_at=head - 2)], concurrent=True)
    runner.rebuild_batch_size = 3  # some batches commit before the death
    first, second = runner.run(rebuild=True)
    assert first.status == "ok"
    assert second.status == "failed"
    assert second.error is not None and "killed by signal 9" in second.error
    shadow = rows(store.engine, "SELECT * FROM projection_checkpoints WHERE name = 'pids_b@v1'")
    assert [r["status"] for r in shadow] == ["failed"]
    assert 0 < int(shadow[0]["position"]) < head

    again = Runner(store, [Pids(), OtherPids()], concurrent=False).run()
    assert [(r.status, r.position) for r in again] == [("ok", head), ("ok", head)]
    assert sorted(written(store, "pids_b")) == list(range(1, head + 1))


def test_a_parent_that_stops_mid_rebuild_stops_its_child(store: EventStore, tmp_path: Path) -> None:
    load_reference(store)
    note = tmp_path / "child.pid"

    class Stopped(BaseException):
        pass

    def stop(name: str, done: int, total: int) -> None:
        if name == "pids_a" and done > 0:
            while not note.exists():  # the child has begun
                os.sched_yield()
            raise Stopped

    runner = Runner(store, [Pids(), OtherPids(note=note)], concurrent=True)
    runner.rebuild_batch_size = 1
    with pytest.raises(Stopped):
        runner.run(rebuild=True, progress=stop)
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(int(note.read_text()), 0)
