"""Database engines: URL handling, SQLite pragmas, the dialect switch.

Owns ``make_engine`` and the naming convention for constraints. Must not define
tables (``tracker.store.tables`` does) nor run queries of its own beyond
connection setup.

SQLite: WAL mode, ``synchronous`` as configured (FULL by default), a busy timeout,
and transactions begun explicitly so that writers can ask for ``BEGIN IMMEDIATE``
(the write lock up front, never a deferred-upgrade ``SQLITE_BUSY``).
PostgreSQL: psycopg 3, with ``lock_timeout`` and ``idle_in_transaction_session_timeout``
set on every connection so that no append waits or holds the log's lock forever.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event, exc
from sqlalchemy.engine import make_url

from tracker.errors import StoreUnavailable

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

#: execution option that makes the next transaction on a SQLite connection take the
#: write lock at BEGIN (``BEGIN IMMEDIATE``).
IMMEDIATE = "tracker_begin_immediate"


def normalize_url(url: str) -> str:
    """Accept the common spellings of a PostgreSQL URL and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(
    url: str,
    *,
    sqlite_synchronous: str = "FULL",
    busy_timeout_ms: int = 10_000,
    lock_timeout_ms: int = 10_000,
    **kwargs: Any,
) -> Engine:
    """Create an engine for ``url`` with tracker's connection settings.

    Raises:
        StoreUnavailable: the URL is malformed or names an unknown database kind.
    """
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except exc.ArgumentError as e:
        raise StoreUnavailable(f"bad database URL {url!r}: {e}") from e
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if (backend, driver) not in {("sqlite", "pysqlite"), ("postgresql", "psycopg")}:
        raise StoreUnavailable(
            f"unsupported database driver {parsed.drivername!r}; "
            "supported: sqlite:///PATH, postgresql+psycopg://USER@HOST/DB"
        )
    if backend == "sqlite":
        if (
            parsed.database
            and parsed.database != ":memory:"
            and not parsed.database.startswith("file:")
        ):
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        sync = sqlite_synchronous.upper()
        if sync not in {"FULL", "NORMAL", "EXTRA", "OFF"}:
            raise StoreUnavailable(f"bad SQLite synchronous mode {sqlite_synchronous!r}")
        try:
            engine = create_engine(parsed, **kwargs)
        except (exc.ArgumentError, exc.NoSuchModuleError) as e:
            raise StoreUnavailable(f"bad database URL {url!r}: {e}") from e

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={sync}")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            immediate = conn.get_execution_options().get(IMMEDIATE, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    options = (
        f"-c lock_timeout={int(lock_timeout_ms)} "
        f"-c idle_in_transaction_session_timeout={max(60_000, int(lock_timeout_ms) * 6)}"
    )
    connect_args = dict(kwargs.pop("connect_args", {}) or {})
    connect_args.setdefault("options", options)
    connect_args.setdefault("connect_timeout", 5)
    try:
        return create_engine(parsed, connect_args=connect_args, pool_pre_ping=False, **kwargs)
    except (exc.ArgumentError, exc.NoSuchModuleError) as e:
        raise StoreUnavailable(f"bad database URL {url!r}: {e}") from e


def describe_url(engine: Engine) -> str:
    """The engine's URL with the password hidden, for messages."""
    return engine.url.render_as_string(hide_password=True)
