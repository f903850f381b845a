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
