"""A replayed rebuild on PostgreSQL keeps no plan of a statement over the build tables.

The build tables grow from nothing during a replay. A statement the driver prepared in
the first batches keeps the plan the server chose then, and the server reuses it (a
generic plan, made while the tables held a few rows: a sequential scan) for every batch
after, when each lookup of a few hundred keys then reads every row the build has
written. The replay's transactions therefore prepare nothing: each statement is planned
against the tables as they are.
"""

from __future__ import annotations

from typing import ClassVar

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection

from tests.projections.projection_helpers import load_reference
from tests.projections.synthetic import append_items
from tracker.projections import Runner
from tracker.projections.claims import ClaimViews
from tracker.projections.runner import BUILD_SUFFIX
from tracker.store import EventStore


class Probe(ClaimViews):
    """The claim views, noting the statements over build tables their connection keeps
    prepared at the end of each batch."""

    kept: ClassVar[list[str]] = []
    batches: ClassVar[int] = 0

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


def test_a_replayed_rebuild_prepares_no_statement_over_the_build_tables(
    store: EventStore,
) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("plans kept by the server: PostgreSQL")
    load_reference(store)
    append_items(store, 0, 120)
    Probe.kept, Probe.batches = [], 0
    # batches of 40 events: a dozen batches, each with the same lookups
    runner = Runner(store, [Probe(bulk=False)], batch_size=40, rebuild_batch_size=40)
    assert {r.status for r in runner.run(rebuild=True)} == {"ok"}
    assert Probe.batches >= 10
    assert Probe.kept == []
