"""A replayed rebuild on PostgreSQL: plans that follow the build tables as they grow.

The build tables grow from nothing during a replay. A statement the driver prepared in
the first batches keeps the plan the server chose then, and the server reuses it (a
generic plan, made while the tables held a few rows: a sequential scan) for every batch
after, when each lookup of a few hundred keys then reads every row the build has
written. The replay's transactions therefore prepare nothing: each statement is planned
against the tables as they are. And planned with statistics: without them a lookup of a
few hundred keys (``= ANY(array)``) looks unselective to the planner, which reads every
row of ``claim_facts`` for it; the replay analyses the build tables as they grow.
"""

from __future__ import annotations

from typing import ClassVar

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection

from tests.projections.projection_helpers import load_reference
from tests.projections.synthetic import append_items
from tracker.projections import Runner
from tracker.projections import runner as runner_module
from tracker.projections.claims import ClaimViews
from tracker.projections.runner import BUILD_SUFFIX
from tracker.store import EventStore

#: Plans and statistics are PostgreSQL's: these tests run on it alone.
_POSTGRESQL = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


class Probe(ClaimViews):
    """The claim views, noting the statements over build tables their connection keeps
    prepared at the end of each batch."""

    kept: ClassVar[list[str]] = []
    batches: ClassVar[int] = 0
    #: per batch: (rows of the build's claim_facts, the rows its statistics count)
    counted: ClassVar[list[tuple[int, float]]] = []

    def finish_batch(self, conn: Connection, tables: dict[str, sa.Table]) -> None:
        super().finish_batch(conn, tables)
        Probe.batches += 1
        Probe.kept.extend(
            r[0]
            for r in conn.execute(
                sa.text(
                    "SELECT statement FROM pg_prepared_statements"
                    " WHERE position(:suffix in statement) > 0"
                ),
                {"suffix": BUILD_SUFFIX},
            )
        )
        facts = tables["claim_facts"]
        Probe.counted.append(
            (
                int(conn.execute(sa.select(sa.func.count()).select_from(facts)).scalar_one()),
                float(
                    conn.execute(
                        sa.text("SELECT reltuples FROM pg_class WHERE relname = :t"),
                        {"t": facts.name},
                    ).scalar_one()
                ),
            )
        )


@_POSTGRESQL
def test_a_replayed_rebuild_prepares_no_statement_over_the_build_tables(
    store: EventStore,
) -> None:
    assert store.engine.dialect.name == "postgresql"
    load_reference(store)
    append_items(store, 0, 120)
    Probe.kept, Probe.batches, Probe.counted = [], 0, []
    # batches of 40 events: a dozen batches, each with the same lookups
    runner = Runner(store, [Probe(bulk=False)], batch_size=40, rebuild_batch_size=40)
    assert {r.status for r in runner.run(rebuild=True)} == {"ok"}
    assert Probe.batches >= 10
    assert Probe.kept == []


@_POSTGRESQL
def test_a_replayed_rebuild_analyses_the_build_tables_as_they_grow(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Statistics from a log of ``ANALYSE_FROM`` positions on, and again at each
    doubling: at the end of every batch after the first analysis they count at least a
    third of the rows of the build's ``claim_facts`` (the log doubles between two
    analyses, and the batch adds its own rows; none before the first: -1, never
    analysed)."""
    assert store.engine.dialect.name == "postgresql"
    monkeypatch.setattr(runner_module, "ANALYSE_FROM", 100)
    load_reference(store)
    append_items(store, 0, 150)
    Probe.kept, Probe.batches, Probe.counted = [], 0, []
    runner = Runner(store, [Probe(bulk=False)], batch_size=40, rebuild_batch_size=40)
    assert {r.status for r in runner.run(rebuild=True)} == {"ok"}
    counted = Probe.counted
    assert counted[0][1] < 0  # the first batch: never analysed
    analysed = [i for i, (_, stats) in enumerate(counted) if stats >= 0]
    assert analysed and analysed[0] < 5, counted
    for rows, stats in counted[analysed[0] :]:
        assert 3 * stats >= rows, counted
