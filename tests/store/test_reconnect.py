"""A dropped database connection costs at most one failed call, never a stuck store.

The pool does not ping connections before use (a round trip per append); instead a
connection that an error finds dead is discarded, and appends are idempotent, so the
caller's retry (the service's next tick) is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest
from sqlalchemy import Engine, text

from tracker.db import make_engine
from tracker.errors import StoreUnavailable
from tracker.store import EventStore, NewEvent

pytestmark = pytest.mark.postgres
T = TypeVar("T")


def kill_sessions_of(engine: Engine) -> int:
    """Terminate every server session of the engine's database, from another database."""
    admin = make_engine(engine.url.set(database="postgres").render_as_string(hide_password=False))
    try:
        with admin.connect() as conn:
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :db"
                ),
                {"db": engine.url.database},
            ).scalar_one()
    finally:
        admin.dispose()
    return int(killed)


def with_one_retry(call: Callable[[], T]) -> tuple[T, int]:
    failures = 0
    for _attempt in range(2):
        try:
            return call(), failures
        except StoreUnavailable:
            failures += 1
    pytest.fail("the store did not recover after one failed call")


def test_appends_and_reads_recover_after_the_server_drops_every_connection(
    pg_engine: Engine,
) -> None:
    store = EventStore(pg_engine)
    store.append("a-1", [NewEvent("T", {"n": 1})])
    assert [e.position for e in store.read_all()] == [1]
    assert kill_sessions_of(pg_engine) >= 1
    retry = NewEvent("T", {"n": 2})
    result, failures = with_one_retry(lambda: store.append("a-1", [retry]))
    assert failures <= 1 and result.positions == [2]
    assert store.append("a-1", [retry]).appended == 0
    assert kill_sessions_of(pg_engine) >= 1
    last, failures = with_one_retry(store.last_position)
    assert failures <= 1 and last == 2
    assert [e.position for e in store.read_all()] == [1, 2]
