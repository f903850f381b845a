"""One bad event never stops extraction or a projection: it is set aside in the
quarantine with its position and reason, and everything after it is applied. Events
written before the edge refused such values (or by hand) are the case here."""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from tests.projections.projection_helpers import load_reference, new_event, rows
from tracker.app import extract as extraction
from tracker.domain.events import ViolationReported
from tracker.domain.values import Provenance, ValidTime
from tracker.projections import Runner, all_projections
from tracker.store import ANY, EventStore, NewEvent, quarantine


def _item(n: int, published: str, title: str) -> NewEvent:
    return NewEvent(
        "ItemIngested",
        {
            "item_id": f"{n:032x}",
            "feed": "wire",
            "identity": f"guid:{n}",
            "title": title,
            "summary": title,
            "link": f"https://e.org/{n}",
            "published_at": published,
            "published_missing": False,
            "content_hash": f"{n:064x}",
        },
        occurred_at=None,
    )


def _violation(killed: int) -> NewEvent:
    ev = ViolationReported(
        report_id=str(uuid.uuid4()),
        accuser="AM",
        accused="AZ",
        occurred=ValidTime.parse("2020-10-28T10:00+04:00"),
        killed=killed,
        provenance=Provenance(urls=("https://e.org/v",), curator="curator:test"),
    )
    return new_event(ev)


def test_a_far_future_item_and_an_absurd_figure_are_set_aside_and_the_rest_goes_on(
    store: EventStore,
) -> None:
    load_reference(store)
    store.append("item-a", [_item(1, "9999-12-31T23:59:59+00:00", "Shelling near Terter")])
    store.append("report-x", [_violation(10**20)])
    store.append("item-b", [_item(2, "2020-10-28T09:00:00+00:00", "Shelling near Barda")])
    store.append("report-y", [_violation(3)])
    summary = extraction.extract_pending(store)  # raises nothing
    assert summary.items == 2
    results = Runner(store, all_projections()).run()
    assert [r for r in results if r.status != "ok"] == []
    head = store.last_position()
    assert all(r.position == head for r in results)
    assert {r["killed"] for r in rows(store.engine, "SELECT killed FROM violation_reports")} >= {3}
    titles = {r["title"] for r in rows(store.engine, "SELECT title FROM items")}
    assert "Shelling near Barda" in titles
    set_aside = quarantine.list_rows(store.engine)
    assert set_aside, "the bad events are in the quarantine"
    assert all(r.position is not None and r.error for r in set_aside)
    # A second run changes nothing and fails nothing.
    again = Runner(store, all_projections()).run()
    assert [r for r in again if r.status != "ok"] == []


def test_the_quarantine_table_is_there_for_analysts(store: EventStore) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM quarantine")).scalar() == 0
    quarantine.record_now(
        store.engine,
        [quarantine.Quarantined("project", "x:1", "boom", position=1, projection="x")],
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    [row] = quarantine.list_rows(store.engine)
    assert (row.stage, row.position, row.projection, row.error) == ("project", 1, "x", "boom")
    assert ANY is not None


def test_a_killed_rebuild_is_finished_by_the_next_run(store: EventStore) -> None:
    load_reference(store)
    runner = Runner(store, all_projections())
    runner.run()

    class Killed(BaseException):
        pass

    def kill(name: str, done: int, total: int) -> None:
        if done > 0:
            raise Killed  # the process dies mid-rebuild (BaseException: nothing catches it)

    with contextlib.suppress(Killed):
        runner.run(rebuild=True, progress=kill)
    with store.engine.connect() as conn:
        stuck = conn.execute(
            sa.text("SELECT count(*) FROM projection_checkpoints WHERE name LIKE '%@v%'")
        ).scalar()
    assert stuck  # what the kill left: a shadow checkpoint and __new tables
    results = Runner(store, all_projections()).run()
    assert all(r.status == "ok" for r in results)
    with store.engine.connect() as conn:
        assert (
            conn.execute(
                sa.text("SELECT count(*) FROM projection_checkpoints WHERE name LIKE '%@v%'")
            ).scalar()
            == 0
        )
        left = [t for t in sa.inspect(conn).get_table_names() if t.endswith("__new")]
    assert left == []


def test_an_unfinished_rebuild_whose_tables_were_dropped_is_forgotten(store: EventStore) -> None:
    load_reference(store)
    runner = Runner(store, all_projections())
    runner.run()

    class Killed(BaseException):
        pass

    def kill(name: str, done: int, total: int) -> None:
        if done > 0:
            raise Killed

    with contextlib.suppress(Killed):
        runner.run(rebuild=True, progress=kill)
    with store.engine.begin() as conn:  # the operator throws the build away
        for t in sa.inspect(conn).get_table_names():
            if t.endswith("__new"):
                conn.execute(sa.text(f"DROP TABLE {t}"))
    results = Runner(store, all_projections()).run()
    assert all(r.status == "ok" and not r.rebuilt for r in results)
    with store.engine.connect() as conn:
        left = conn.execute(
            sa.text("SELECT count(*) FROM projection_checkpoints WHERE name LIKE '%@v%'")
        ).scalar()
    assert left == 0
