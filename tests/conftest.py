"""Shared fixtures: databases on SQLite and PostgreSQL, the store, the CLI runner.

``engine`` is parametrised over ``sqlite`` (a temp file) and ``postgresql`` (a fresh
database cloned from a migrated template). PostgreSQL tests skip with a reason when no
server answers, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tracker.db import make_engine
from tracker.store import EventStore, migrate

PG_ADMIN_URL = os.environ.get(
    "TRACKER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
_pg_state: dict[str, object] = {}


def pg_available() -> tuple[bool, str]:
    """Whether the test PostgreSQL server answers (cached), and why not."""
    if "ok" not in _pg_state:
        try:
            eng = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with eng.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            eng.dispose()
            _pg_state["ok"], _pg_state["why"] = True, ""
        except Exception as exc:  # any failure means "not available"
            _pg_state["ok"], _pg_state["why"] = False, str(exc).splitlines()[0]
    return bool(_pg_state["ok"]), str(_pg_state["why"])


def require_postgres() -> None:
    ok, why = pg_available()
    if ok:
        return
    message = f"PostgreSQL at {PG_ADMIN_URL} is unreachable: {why}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: PostgreSQL tests must run)")
    pytest.skip(message)


def _admin() -> Engine:
    return make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def pg_url(dbname: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated PostgreSQL database used as the template of per-test databases."""
    require_postgres()
    name = f"tracker_tpl_{os.getpid()}"
    admin = _admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    eng = make_engine(pg_url(name))
    migrate.upgrade(eng)
    eng.dispose()
    yield name
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture
def pg_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a fresh, empty (unmigrated) PostgreSQL database, dropped afterwards."""
    require_postgres()
    name = f"tracker_t_{uuid.uuid4().hex[:12]}"
    admin = _admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield pg_url(name)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


def _fresh_pg(template: str) -> tuple[str, str]:
    name = f"tracker_t_{uuid.uuid4().hex[:12]}"
    admin = _admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    admin.dispose()
    return name, pg_url(name)


def _drop_pg(name: str) -> None:
    admin = _admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh migrated database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
        eng = make_engine(url)
        migrate.upgrade(eng)
        eng.dispose()
        yield url
        return
    template = request.getfixturevalue("pg_template")
    name, url = _fresh_pg(template)
    yield url
    _drop_pg(name)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated engine, on SQLite and on PostgreSQL."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def store(engine: Engine) -> EventStore:
    """An event store on a fresh migrated database."""
    return EventStore(engine)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of a not-yet-created SQLite file."""
    return f"sqlite:///{tmp_path / 'fresh.db'}"


@pytest.fixture
def pg_engine(pg_template: str) -> Iterator[Engine]:
    """A migrated PostgreSQL engine only (for PostgreSQL features: roles, TRUNCATE)."""
    name, url = _fresh_pg(pg_template)
    eng = make_engine(url)
    yield eng
    eng.dispose()
    _drop_pg(name)
