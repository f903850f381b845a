"""SQLite's REPLACE cannot rewrite the log or a document, and a log from before the hash
chain is hashed on upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tracker.db import make_engine
from tracker.errors import AppendOnlyViolation
from tracker.store import EventStore, NewEvent, chain, migrate


@pytest.fixture
def sqlite_store(tmp_path: Path) -> EventStore:
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    migrate.upgrade(engine)
    store = EventStore(engine)
    store.append(
        "s", [NewEvent("T", {"v": "original"})], documents=[("a" * 64, "text/plain", "doc")]
    )
    return store


def _file(engine: Engine) -> str:
    return str(engine.url.database)


@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
def test_replace_into_events_is_refused_by_any_connection(
    sqlite_store: EventStore, verb: str
) -> None:
    con = sqlite3.connect(_file(sqlite_store.engine))  # not tracker's: a plain sqlite3 session
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(
                f"{verb} INTO events (position, event_id, stream_id, stream_version, type, "
                "schema_version, data, metadata, recorded_at) SELECT position, event_id, "
                'stream_id, stream_version, type, schema_version, \'{"v":"forged"}\', '
                "metadata, recorded_at FROM events WHERE position = 1"
            )
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(
                f"{verb} INTO documents (sha256, media_type, text, created_at) "
                f"VALUES ('{'a' * 64}', 'text/plain', 'forged', '2020-01-01')"
            )
        con.commit()
    finally:
        con.close()
    [event] = sqlite_store.read_stream("s")
    assert event.data == {"v": "original"}
    assert sqlite_store.get_document("a" * 64) == "doc"
    assert chain.verify(sqlite_store.engine).ok


def test_the_store_still_stores_a_document_twice_as_once(sqlite_store: EventStore) -> None:
    sqlite_store.append(
        "t",
        [NewEvent("T", {})],
        documents=[("a" * 64, "text/plain", "doc"), ("b" * 64, "text/plain", "two")],
    )
    assert sqlite_store.get_documents(["a" * 64, "b" * 64]) == {"a" * 64: "doc", "b" * 64: "two"}


def test_the_store_reports_the_refusal_as_append_only(sqlite_store: EventStore) -> None:
    exc = sqlite3.IntegrityError("events is append-only: a row with this key exists")
    assert isinstance(sqlite_store._refused(exc), AppendOnlyViolation)


def test_an_existing_log_is_hashed_on_upgrade(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        _downgrade(engine)
        with engine.begin() as conn:
            for i in range(1, 6):
                conn.exec_driver_sql(
                    "INSERT INTO events (position, event_id, stream_id, stream_version, type, "
                    "schema_version, data, metadata, recorded_at) VALUES "
                    + (
                        f"({i}, gen_random_uuid(), 's', {i}, 'T', 1, '{{\"i\": {i}}}', '{{}}', now())"
                        if engine.dialect.name == "postgresql"
                        else f"({i}, lower(hex(randomblob(16))), 's', {i}, 'T', 1, '{{\"i\":{i}}}', '{{}}', "
                        f"'2020-01-01 00:00:0{i}.000000')"
                    )
                )
        migrate.upgrade(engine)
        result = chain.verify(engine)
        assert result.ok and result.checked == 5
        assert result.versions == {1: 1}  # the migration hashes with chain version 1
        EventStore(engine).append("s", [NewEvent("T", {"i": 6})])
        result = chain.verify(engine)
        # appends go on in the database's own version: 2 on SQLite, 1 on PostgreSQL
        postgres = engine.dialect.name == "postgresql"
        assert result.ok and result.versions == ({1: 1} if postgres else {1: 1, 2: 6})
    finally:
        engine.dispose()


def _downgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
