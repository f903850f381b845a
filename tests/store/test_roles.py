"""The read-only analyst role on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine, text

from tracker.db import make_engine
from tracker.errors import StoreError
from tracker.store import EventStore, NewEvent, roles

pytestmark = pytest.mark.postgres


def test_the_analyst_role_reads_and_cannot_write_anything(pg_engine: Engine) -> None:
    EventStore(pg_engine).append("a-1", [NewEvent("T", {"x": 1})])
    with pg_engine.begin() as conn:
        conn.execute(text("CREATE VIEW truce_status AS SELECT position FROM events"))
    role = f"analyst_{uuid.uuid4().hex[:8]}"
    roles.grant_analyst(pg_engine, role, password="pw")
    with pg_engine.begin() as conn:  # created after the grant: default privileges apply
        conn.execute(text("CREATE TABLE later_projection (x int)"))
    url = pg_engine.url.set(username=role, password="pw")
    analyst = make_engine(url.render_as_string(hide_password=False))
    try:
        with analyst.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM events")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM truce_status")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM later_projection")).scalar() == 0
        for sql in [
            "INSERT INTO events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at) "
            "VALUES (2, gen_random_uuid(), 's', 1, 'T', 1, '{}', '{}', now())",
            "UPDATE projection_checkpoints SET position = 0",
            "DELETE FROM documents",
            "INSERT INTO later_projection VALUES (1)",
            "CREATE TABLE mine (x int)",
        ]:
            with pytest.raises(Exception, match="permission denied"), analyst.begin() as conn:
                conn.execute(text(sql))
    finally:
        analyst.dispose()
        with pg_engine.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))


def test_a_bad_role_name_is_refused(pg_engine: Engine) -> None:
    with pytest.raises(StoreError, match="bad role name"):
        roles.grant_analyst(pg_engine, "x; DROP TABLE events")


def _login(pg_engine: Engine, role: str) -> Engine:
    url = pg_engine.url.set(username=role, password="pw")
    return make_engine(url.render_as_string(hide_password=False), lock_timeout_ms=1_000)


def _drop(pg_engine: Engine, *roles_: str) -> None:
    with pg_engine.begin() as conn:
        for role in roles_:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))


@pytest.mark.parametrize("who", ["public", "PUBLIC", "owner"])
def test_grant_analyst_refuses_the_owner_and_public(pg_engine: Engine, who: str) -> None:
    with pg_engine.connect() as conn:
        owner = conn.execute(text("SELECT current_user")).scalar_one()
    role = owner if who == "owner" else who
    with pytest.raises(StoreError, match="refused"):
        roles.grant_analyst(pg_engine, role)
    with pytest.raises(StoreError, match="refused"):
        roles.grant_service(pg_engine, role)
    # the owner still appends
    EventStore(pg_engine).append("a-1", [NewEvent("T", {})])


def test_an_analyst_cannot_take_the_logs_lock_nor_stall_appends(pg_engine: Engine) -> None:
    role = f"analyst_{uuid.uuid4().hex[:8]}"
    roles.grant_analyst(pg_engine, role, password="pw")
    analyst = _login(pg_engine, role)
    try:
        with pytest.raises(Exception, match="permission denied"), analyst.begin() as conn:
            conn.execute(text("LOCK TABLE log_lock IN EXCLUSIVE MODE"))
        with analyst.connect() as conn:
            # the old advisory key: taking it no longer blocks anyone
            conn.execute(text("SELECT pg_advisory_lock(32762643439117682)"))
            conn.execute(text("SELECT pg_advisory_lock(0)"))
            store = EventStore(pg_engine)
            store.append("a-1", [NewEvent("T", {})])
            store.append_batch([("a-2", [NewEvent("T", {})], 0)], also=lambda c: None)
            assert store.last_position() == 2
            conn.rollback()
    finally:
        analyst.dispose()
        _drop(pg_engine, role)


def test_the_service_role_appends_and_cannot_rewrite_the_log_or_its_triggers(
    pg_engine: Engine,
) -> None:
    service_role = f"service_{uuid.uuid4().hex[:8]}"
    analyst_role = f"analyst_{uuid.uuid4().hex[:8]}"
    EventStore(pg_engine).append("a-1", [NewEvent("T", {"x": 1})])
    roles.grant_service(pg_engine, service_role, password="pw")
    roles.grant_analyst(pg_engine, analyst_role, password="pw")
    service = _login(pg_engine, service_role)
    analyst = _login(pg_engine, analyst_role)
    try:
        store = EventStore(service)
        store.append("a-2", [NewEvent("T", {"x": 2})], documents=[("c" * 64, "text/plain", "d")])
        store.append_batch(
            [("a-3", [NewEvent("T", {"x": 3})], 0)],
            also=lambda conn: conn.execute(text("UPDATE projection_checkpoints SET position = 0")),
        )
        with service.begin() as conn:  # a projection table of its own, read by analysts
            conn.execute(text("CREATE TABLE some_projection__v1 (x int)"))
            conn.execute(text("INSERT INTO some_projection__v1 VALUES (1)"))
        with analyst.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM some_projection__v1")).scalar() == 1
        for sql in [
            "UPDATE events SET data = '{}' WHERE position = 1",
            "DELETE FROM events WHERE position = 1",
            "TRUNCATE events",
            "ALTER TABLE events DISABLE TRIGGER ALL",
            "ALTER TABLE events DISABLE TRIGGER events_append_only",
            "DROP TRIGGER events_append_only ON events",
            "DROP FUNCTION tracker_append_only() CASCADE",
            "UPDATE documents SET text = 'x'",
            "DROP TABLE events",
        ]:
            with (
                pytest.raises(Exception, match=r"permission denied|must be owner"),
                service.begin() as conn,
            ):
                conn.execute(text(sql))
        assert [e.data["x"] for e in EventStore(pg_engine).read_all()] == [1, 2, 3]
    finally:
        service.dispose()
        analyst.dispose()
        with pg_engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS some_projection__v1"))
        _drop(pg_engine, analyst_role, service_role)
