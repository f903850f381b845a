"""The swap keeps a build index identical to a final one instead of making it again, and the
final indexes are the same whichever way the tables were built, on both databases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from tests.projections.projection_helpers import load_reference
from tests.projections.synthetic import append_items
from tracker.projections import Runner, all_projections
from tracker.projections.runner import build_index_name, index_name, physical_name
from tracker.store import EventStore

Index = tuple[str, str, tuple[str, ...], bool]  # name, table, columns, unique


def expected(engine: Engine) -> set[Index]:
    """Every final index as ``Projection.indexes`` declares it, under its final name
    (which PostgreSQL cuts to 63 bytes)."""
    cut = 63 if engine.dialect.name == "postgresql" else None
    out = set()
    for p in all_projections():
        for logical, cols, unique in p.indexes():
            table = physical_name(logical, p.version)
            out.add((index_name(table, cols)[:cut], table, cols, unique))
    return out


def kept() -> set[str]:
    """The final indexes a build index is identical to (same table and columns; a build
    index is unique when its final twin is)."""
    out = set()
    for p in all_projections():
        final = {(logical, cols) for logical, cols, _ in p.indexes()}
        for logical, cols in p.build_indexes():
            if (logical, cols) in final:
                out.add(index_name(physical_name(logical, p.version), cols))
    return out


def indexes(engine: Engine) -> set[Index]:
    found = set()
    inspector = sa.inspect(engine)
    for table in inspector.get_table_names():
        for ix in inspector.get_indexes(table):
            cols = tuple(str(c) for c in ix["column_names"])
            found.add((str(ix["name"]), table, cols, bool(ix["unique"])))
    return {ix for ix in found if "__v" in ix[1]}


@pytest.fixture
def swap_creates(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the indexes the swaps create (statements run inside ``Runner._swap``)."""
    created: list[str] = []
    inside = [False]
    swap = Runner._swap

    def watched(self: Runner, *args: Any, **kw: Any) -> None:
        inside[0] = True
        try:
            swap(self, *args, **kw)
        finally:
            inside[0] = False

    def listen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        m = re.match(r"\s*CREATE (?:UNIQUE )?INDEX (\S+)", statement)
        if inside[0] and m:
            created.append(m.group(1))

    monkeypatch.setattr(Runner, "_swap", watched)
    sa.event.listen(engine, "before_cursor_execute", listen)
    yield created
    sa.event.remove(engine, "before_cursor_execute", listen)


def test_a_rebuild_and_a_catch_up_from_scratch_leave_the_same_final_indexes(
    store: Any, engine: Engine, swap_creates: list[str]
) -> None:
    load_reference(store)
    append_items(store, 0, 30)
    want = expected(engine)
    names = {
        index_name(physical_name(logical, p.version), cols)
        for p in all_projections()
        for logical, cols, _ in p.indexes()
    }
    keep = kept()
    assert keep and keep < names
    unique = {
        index_name(physical_name(t, p.version), c)
        for p in all_projections()
        for t, c, u in p.indexes()
        if u
    }
    assert keep & unique  # unique build indexes are kept too

    assert {r.status for r in Runner(store, all_projections()).run()} == {"ok"}
    assert indexes(engine) == want
    # built from scratch: the identical build indexes are kept, the others made at the swap
    assert sorted(swap_creates) == sorted(names - keep)

    swap_creates.clear()
    # every swap in this process, where ``swap_creates`` sees its statements
    again = Runner(store, all_projections(), concurrent=False).run(rebuild=True)
    assert {r.status for r in again} == {"ok"}
    assert indexes(engine) == want
    if engine.dialect.name == "postgresql":
        # renamed at the swap
        assert sorted(swap_creates) == sorted(names - keep)
    else:
        # SQLite cannot rename an index: while the live tables of the same version hold
        # the final names, the build indexes take others and the swap makes the final ones
        assert sorted(swap_creates) == sorted(names)

    append_items(store, 30, 5)
    assert {r.status for r in Runner(store, all_projections()).run()} == {"ok"}
    assert indexes(engine) == want


@pytest.mark.postgres
def test_the_swap_gives_postgresql_statistics_for_the_new_tables(pg_engine: Engine) -> None:
    store = EventStore(pg_engine)
    load_reference(store)
    append_items(store, 0, 30)
    assert {r.status for r in Runner(store, all_projections()).run(rebuild=True)} == {"ok"}
    tables = {physical_name(t, p.version) for p in all_projections() for t in p.table_names}
    with pg_engine.connect() as conn:
        analysed = {
            name
            for name, last in conn.execute(
                sa.text("SELECT relname, last_analyze FROM pg_stat_user_tables")
            )
            if last is not None
        }
    assert tables <= analysed, sorted(tables - analysed)


def test_a_build_index_that_is_not_unique_is_not_kept_as_a_unique_final_index(
    engine: Engine,
) -> None:
    """A build begun before build indexes were made unique: its index on the columns of a
    unique final index is not kept (on SQLite, where it holds the final name, it is
    dropped), so the swap makes the final index unique."""
    runner = Runner(EventStore(engine), all_projections())
    cols = ("claim_id",)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE swap_probe__v1__new (claim_id TEXT)"))
        ix = index_name("swap_probe__v1", cols)
        name = (
            ix if engine.dialect.name == "sqlite" else build_index_name("swap_probe__v1__new", cols)
        )
        conn.execute(sa.text(f"CREATE INDEX {name} ON swap_probe__v1__new (claim_id)"))
        assert runner._existing_build_index(conn, "swap_probe__v1__new", ix, cols, True) is None
        assert runner._existing_build_index(conn, "swap_probe__v1__new", ix, cols, False) == (
            None if engine.dialect.name == "sqlite" else name  # SQLite's was dropped
        )
        conn.execute(sa.text("DROP TABLE swap_probe__v1__new"))
