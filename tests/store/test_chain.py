"""The tamper-evident log: a hash chain written with each append, and ``tracker db verify``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from tracker.cli import cli
from tracker.store import EventStore, NewEvent, chain


def _fill(store: EventStore) -> None:
    """Every write path: the plain append (the PostgreSQL fast path), batches, documents."""
    when = datetime(2020, 10, 10, 8, 0, tzinfo=UTC)
    store.append("truce-a", [NewEvent("T", {"n": 1}, occurred_at=when)])
    store.append("truce-a", [NewEvent("T", {"n": 2}), NewEvent("T", {"n": 3, "ü": "ß"})], 1)
    store.append_batch(
        [("s-1", [NewEvent("R", {"k": i}) for i in range(3)], 0), ("s-2", [NewEvent("R", {})], 0)],
        documents=[("ab" * 32, "text/plain", "doc")],
    )
    store.append_batch([("s-3", [NewEvent("R", {"x": [1, 2.5, None]})], 0)], also=lambda c: None)


@pytest.fixture
def filled(store: EventStore) -> Iterator[EventStore]:
    _fill(store)
    yield store


def _verify(db_url: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--database", db_url, "db", "verify"])
    return result.exit_code, result.output


def _sql(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for sql in statements:
            conn.exec_driver_sql(sql)


def _triggers_off(engine: Engine) -> list[str]:
    if engine.dialect.name == "postgresql":
        return ["ALTER TABLE events DISABLE TRIGGER USER"]
    return ["DROP TRIGGER events_append_only_update", "DROP TRIGGER events_append_only_delete"]


def test_an_untouched_log_verifies(filled: EventStore, db_url: str) -> None:
    result = chain.verify(filled.engine)
    assert result.ok and result.checked == result.head == 8
    code, out = _verify(db_url)
    assert code == 0 and "intact: 8 events" in out


def test_every_event_carries_a_hash_chained_to_the_previous_one(filled: EventStore) -> None:
    with filled.engine.connect() as conn:
        hashes = [r[0] for r in conn.exec_driver_sql("SELECT hash FROM events ORDER BY position")]
    assert len(hashes) == 8 and len(set(hashes)) == 8
    assert all(h and len(bytes(h)) == 32 for h in hashes)


def test_a_row_edited_by_hand_with_the_triggers_dropped_is_named(
    filled: EventStore, db_url: str
) -> None:
    data = "'{\"n\": 99}'" if filled.is_postgres else "'{\"n\":99}'"
    _sql(
        filled.engine,
        *_triggers_off(filled.engine),
        f"UPDATE events SET data = {data} WHERE position = 2",
    )
    result = chain.verify(filled.engine)
    assert not result.ok and result.position == 2 and "content" in (result.problem or "")
    code, out = _verify(db_url)
    assert code == 1 and "position 2" in out


def test_an_edit_whose_hash_was_recomputed_breaks_the_next_link(filled: EventStore) -> None:
    _sql(
        filled.engine,
        *_triggers_off(filled.engine),
        "UPDATE events SET hash = "
        + ("decode(repeat('00', 32), 'hex')" if filled.is_postgres else "zeroblob(32)")
        + " WHERE position = 4",
    )
    result = chain.verify(filled.engine)
    assert not result.ok and result.position == 4


def test_a_metadata_or_time_edit_is_caught_too(filled: EventStore) -> None:
    later = "'2031-01-01 00:00:00.000000'" if not filled.is_postgres else "'2031-01-01T00:00:00Z'"
    _sql(
        filled.engine,
        *_triggers_off(filled.engine),
        f"UPDATE events SET occurred_at = {later} WHERE position = 1",
    )
    result = chain.verify(filled.engine)
    assert not result.ok and result.position == 1


def test_a_deleted_row_is_an_order_error(filled: EventStore, db_url: str) -> None:
    _sql(filled.engine, *_triggers_off(filled.engine), "DELETE FROM events WHERE position = 5")
    result = chain.verify(filled.engine)
    assert not result.ok and result.position == 5 and "order" in (result.problem or "")
    assert _verify(db_url)[0] == 1


def test_swapped_rows_are_caught(filled: EventStore) -> None:
    # Two rows of one stream swap their payloads: each row still looks well-formed.
    eng = filled.engine
    if eng.dialect.name == "postgresql":
        swap = (
            "UPDATE events e SET data = o.data FROM events o "
            "WHERE (e.position, o.position) IN ((5, 6), (6, 5))"
        )
    else:
        swap = (
            "UPDATE events SET data = (SELECT data FROM events o WHERE o.position = "
            "CASE events.position WHEN 5 THEN 6 ELSE 5 END) WHERE position IN (5, 6)"
        )
    _sql(eng, *_triggers_off(eng), swap)
    result = chain.verify(eng)
    assert not result.ok and result.position == 5


def test_verify_streams_in_pages_and_reports_progress(filled: EventStore) -> None:
    seen: list[tuple[int, int]] = []
    result = chain.verify(
        filled.engine, page_size=2, progress=lambda n, head: seen.append((n, head))
    )
    assert result.ok
    assert seen[0] == (2, 8) and seen[-1] == (8, 8)


def _rehash(engine: Engine, version_of: dict[int, int]) -> None:
    """Recompute every hash as the chain version given per position (1 or 2), as a log
    hashed by migration 0003 (version 1) and appended to later (version 2) would hold."""
    rows = list(chain._rows(engine, engine.dialect.name == "postgresql", 1000, None, 0))
    previous = chain.GENESIS
    updates = []
    for position, event_id, stream, version, type_, schema, data, meta, rec, occ, _ in rows:
        data_json = chain.canonical_json(chain.load_json(data))
        meta_json = chain.canonical_json(chain.load_json(meta))
        if version_of[position] == 1:
            digest = chain.content_digest(
                event_id, stream, type_, schema, data_json, meta_json, occ
            )
            previous = chain.link(previous, position, version, rec, digest)
        else:
            body = chain.body_v2(
                event_id.encode(), stream.encode(), type_.encode(), schema,
                data_json.encode(), meta_json.encode(), occ,
            )  # fmt: skip
            previous = chain.link_v2(previous, position, version, chain.micros(rec), body)
        updates.append((previous, position))
    ph = "%s" if engine.dialect.name == "postgresql" else "?"
    with engine.begin() as conn:
        for sql in _triggers_off(engine):
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql(f"UPDATE events SET hash = {ph} WHERE position = {ph}", updates)


def test_each_database_writes_its_chain_version(filled: EventStore) -> None:
    result = chain.verify(filled.engine)
    # PostgreSQL chains in SQL (version 1); SQLite hashes once per event (version 2)
    assert result.ok and result.versions == ({1: 1} if filled.is_postgres else {2: 1})


def test_a_log_hashed_as_version_1_and_continued_as_version_2_verifies(
    filled: EventStore,
) -> None:
    _rehash(filled.engine, {p: 1 if p <= 3 else 2 for p in range(1, 9)})
    result = chain.verify(filled.engine)
    assert result.ok and result.versions == {1: 1, 2: 4}
    # and an edit after the switch is still caught
    _sql(filled.engine, "UPDATE events SET type = 'X' WHERE position = 6")
    result = chain.verify(filled.engine)
    assert not result.ok and result.position == 6


def test_the_chain_version_never_goes_back(filled: EventStore) -> None:
    # a version 1 hash after a version 2 one: someone rewrote the tail with the old scheme
    _rehash(filled.engine, {p: 2 if p <= 3 else 1 for p in range(1, 9)})
    result = chain.verify(filled.engine)
    assert not result.ok and result.position == 4
