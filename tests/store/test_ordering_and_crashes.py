"""Global order under concurrent writer processes, and recovery after SIGKILL.

Writers are separate processes (``writer_proc.py``) so that they really race on the
database, not on the GIL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tracker.store import EventStore

WRITER = Path(__file__).with_name("writer_proc.py")


def start_writer(
    url: str, writer: int, batches: int, size: int, rollback_every: int = 0
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            str(WRITER),
            url,
            str(writer),
            str(batches),
            str(size),
            str(rollback_every),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


@pytest.mark.slow
def test_a_follower_sees_every_event_once_in_order_while_writers_race(
    db_url: str, engine: Engine
) -> None:
    writers, batches = 4, 150
    sizes = [1, 3, 7, 10]
    procs = [start_writer(db_url, w, batches, sizes[w], rollback_every=5) for w in range(writers)]
    store = EventStore(engine)
    cursor, seen = 0, []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        running = any(p.poll() is None for p in procs)
        for event in store.read_all(after=cursor, page_size=97):
            assert event.position == cursor + 1, (
                f"follower skipped from {cursor} to {event.position}"
            )
            cursor = event.position
            seen.append(event)
        if not running:
            break
    for p in procs:
        _out, err = p.communicate(timeout=30)
        assert p.returncode == 0, err
    for event in store.read_all(after=cursor):
        cursor = event.position
        seen.append(event)
    expected = sum(sizes[w] * batches for w in range(writers))
    assert len(seen) == expected == store.last_position()
    assert [e.position for e in seen] == list(range(1, expected + 1))
    assert len({e.event_id for e in seen}) == expected
    assert not any(e.type == "Doomed" for e in seen)
    for w in range(writers):
        ticks = [(e.data["b"], e.data["i"]) for e in seen if e.data["w"] == w]
        assert ticks == sorted(ticks), "one writer's commits must appear in its own order"


@pytest.mark.slow
def test_a_writer_killed_mid_batch_leaves_whole_batches_and_a_rerun_adds_nothing_twice(
    db_url: str, engine: Engine
) -> None:
    batches, size = 400, 50
    proc = start_writer(db_url, 0, batches, size)
    assert proc.stdout is not None
    for committed, _line in enumerate(proc.stdout, start=1):
        if committed >= 25:
            break
    time.sleep(0.01 * (os.getpid() % 7))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    store = EventStore(engine)
    counts: dict[str, int] = {}
    for e in store.read_all():
        counts[e.stream_id] = counts.get(e.stream_id, 0) + 1
    assert len(counts) >= 25
    assert set(counts.values()) == {size}, "every batch is wholly in the log or wholly absent"
    assert store.last_position() == len(counts) * size

    rerun = start_writer(db_url, 0, batches, size)
    _out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    all_events = list(store.read_all())
    assert len(all_events) == batches * size == store.last_position()
    assert len({e.event_id for e in all_events}) == batches * size
    assert [e.position for e in all_events] == list(range(1, batches * size + 1))
