"""Projections at scale: a cycle's work follows the batch, not the log.

Work is counted, not timed: the engine counts the rows it reads (staging and view rows
fetched) and writes. With 10,000 items in the log, the rows a 20-item cycle touches
must stay within a budget proportional to those 20 items, and close to what the same
cycle costs with 100 items in the log.
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.projections.projection_helpers import load_reference
from tests.projections.synthetic import append_items
from tracker.projections import Runner, all_projections
from tracker.store import EventStore

CYCLE = 20
#: rows a cycle may read and write per new item (four events: item, report, casualty,
#: marker), whatever the size of the log.
BUDGET_PER_ITEM = 100


def cycle_work(store: EventStore, start: int) -> tuple[int, int, int]:
    append_items(store, start, CYCLE)
    runner = Runner(store, all_projections())
    assert {r.status for r in runner.run()} == {"ok"}
    return runner.work.events, runner.work.rows_read, runner.work.rows_written


def test_a_20_item_cycle_at_10000_items_stays_within_its_work_budget(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    append_items(store, 0, 100)
    assert {r.status for r in Runner(store, all_projections()).run()} == {"ok"}
    small = cycle_work(store, 100)
    append_items(store, 120, 10_000 - 120)
    assert {r.status for r in Runner(store, all_projections()).run()} == {"ok"}
    large = cycle_work(store, 10_000)
    events, read, written = large
    assert events == small[0] == 2 * 4 * CYCLE  # two projections read the 80 new events
    assert read + written <= BUDGET_PER_ITEM * CYCLE, (small, large)
    # what grows with the log is bounded: at 100x the log, at most 2x the rows
    assert read + written <= 2 * (small[1] + small[2]), (small, large)
