"""A rebuild killed at any instant (SIGKILL of a real process) is resumed by the next run
from its last committed batch, and ends with exactly the rows of a rebuild never killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.projections.projection_helpers import load_reference, snapshot
from tests.projections.synthetic import append_items
from tracker.projections import Runner, all_projections
from tracker.store import EventStore

PROC = Path(__file__).with_name("rebuild_proc.py")
BATCH = 150

pytestmark = pytest.mark.slow


def _shadows(store: EventStore) -> dict[str, int]:
    """The shadow checkpoints of rebuilds in progress: name -> position."""
    with store.engine.connect() as conn:
        return {
            name: int(pos)
            for name, pos in conn.execute(
                sa.text("SELECT name, position FROM projection_checkpoints WHERE name LIKE '%@v%'")
            )
        }


def _build_tables(store: EventStore) -> set[str]:
    with store.engine.connect() as conn:
        return {t for t in sa.inspect(conn).get_table_names() if t.endswith("__new")}


def _start(url: str, mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    return subprocess.Popen(
        [sys.executable, str(PROC), url, str(BATCH), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _kill_mid_way(store: EventStore, url: str, mode: str, seen: dict[str, int]) -> dict[str, int]:
    """Start a rebuild process, SIGKILL it once some shadow checkpoint has moved past
    where it was (at least one batch committed by this process), return the shadows."""
    proc = _start(url, mode)
    deadline = time.monotonic() + 300
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            now = _shadows(store)
            if any(pos > seen.get(name, 0) for name, pos in now.items()):
                break
            time.sleep(0.005)
        assert proc.poll() is None, "the rebuild finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return _shadows(store)


def test_a_rebuild_killed_again_and_again_resumes_and_equals_an_uninterrupted_one(
    store: EventStore, db_url: str
) -> None:
    load_reference(store)
    append_items(store, 0, 1500)  # 6,000 events: 40 batches of 150 per projection
    head = store.last_position()
    Runner(store, all_projections()).run()
    before = snapshot(store.engine)

    # Killed three times: the first asks for a rebuild, the next runs are plain runs and
    # the last a --rebuild again; each must pick the build up where it stopped.
    seen: dict[str, int] = {}
    for mode in ("fresh", "resume", "fresh"):
        left = _kill_mid_way(store, db_url, mode, seen)
        assert left, "the kill left an unfinished build behind"
        assert _build_tables(store), "and its __new tables"
        # resumed, not restarted: every build that was there is at or past where it was
        assert all(left.get(name, 0) >= pos for name, pos in seen.items() if name in left)
        seen = left
        assert snapshot(store.engine) == before, "the live tables served meanwhile, untouched"

    # The next run finishes it, from the last committed batch.
    results = Runner(store, all_projections(), rebuild_batch_size=BATCH).run()
    assert [r for r in results if r.status != "ok"] == []
    assert all(r.position == head for r in results)
    resumed = {r.name: r.processed for r in results if f"{r.name}@v{r.version}" in seen}
    assert resumed, "some projection had a build to resume"
    for r in results:
        name = f"{r.name}@v{r.version}"
        if name in seen and r.rebuilt:
            assert r.processed == head - seen[name], f"{r.name} restarted instead of resuming"
    assert _shadows(store) == {} and _build_tables(store) == set()
    interrupted = snapshot(store.engine)

    # The same views from a rebuild that was never interrupted, row for row.
    again = Runner(store, all_projections()).run(rebuild=True)
    assert [r for r in again if r.status != "ok"] == []
    assert snapshot(store.engine) == interrupted
    assert interrupted == before
