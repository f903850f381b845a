"""PostgreSQL roles: the owner (migrations), the service (appends) and analysts (reads).

Owns the GRANT statements; must not create tables. Run as the owner of the tables (the
role that ran ``tracker db upgrade``):

- the **owner** owns every table, the append-only triggers and the hash chain function;
  only it (or a superuser) can disable or drop them. It runs migrations and nothing else.
- a **service** role (:func:`grant_service`) runs ``tracker serve``: SELECT and INSERT on
  the log and documents and nothing more there (no UPDATE, DELETE or TRUNCATE, and as
  it owns nothing it cannot touch the triggers); UPDATE on ``log_lock`` so that it can
  take the log's write lock; read and write on the operational tables; CREATE on the
  schema for the projection tables it builds and owns.
- an **analyst** role (:func:`grant_analyst`) can SELECT, and nothing else. It cannot
  take the log's lock (that needs UPDATE on ``log_lock``).
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from tracker.errors import StoreError, StoreUnavailable

_ROLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")

#: Tables the service reads and writes freely (operational state, not the log).
SERVICE_TABLES = ("feed_state", "item_index", "projection_checkpoints", "quarantine")
#: The log: the service may only read and append.
LOG_TABLES = ("events", "documents")


def _check_role(conn: Connection, role: str, what: str) -> str:
    """``role`` after refusing a bad name, ``public``, and the owner of the tables."""
    if not _ROLE.match(role):
        raise StoreError(f"bad role name {role!r}: letters, digits and _ only")
    if role.lower() == "public":
        raise StoreError(
            f"refused: PUBLIC is every role in the cluster; {what} must be a role of its own"
        )
    me = conn.exec_driver_sql("SELECT current_user").scalar_one()
    owner = conn.exec_driver_sql(
        "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename = 'events'"
    ).scalar()
    if role in (me, owner):
        raise StoreError(
            f"refused: {role} owns the tables (it runs the migrations); {what} must be "
            "another role, or the owner would lose its own privileges"
        )
    return str(conn.exec_driver_sql("SELECT current_schema()").scalar_one())


def _create(conn: Connection, role: str, password: str | None) -> None:
    if password is None:
        return
    exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).first()
    if exists is None:
        quoted = password.replace("'", "''")
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD '{quoted}'")


def _run(engine: Engine, role: str, what: str, work: object) -> None:
    try:
        with engine.begin() as conn:
            work(conn)  # type: ignore[operator]
    except SQLAlchemyError as exc:
        line = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise StoreUnavailable(f"could not grant {what} to {role}: {line}") from exc


def grant_analyst(engine: Engine, role: str, *, password: str | None = None) -> None:
    """Let ``role`` SELECT every table and view of the current schema, and nothing else.

    Default privileges cover tables and views created later by the role running this
    and by every service role (projection rebuilds create new versioned tables).

    Raises:
        StoreError: a bad role name, ``public``, or the owner of the tables.
        StoreUnavailable: the database refused.
    """

    def work(conn: Connection) -> None:
        schema = _check_role(conn, role, "an analyst role")
        _create(conn, role, password)
        conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}")
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
        conn.exec_driver_sql(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {role}"
        )
        for service in _service_roles(conn, schema):
            conn.exec_driver_sql(
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {service} IN SCHEMA {schema} "
                f"GRANT SELECT ON TABLES TO {role}"
            )
        conn.exec_driver_sql(f"REVOKE CREATE ON SCHEMA {schema} FROM {role}")

    _run(engine, role, "read access", work)


def grant_service(engine: Engine, role: str, *, password: str | None = None) -> None:
    """Make ``role`` the service role: append to the log, never change it (see the module).

    Raises:
        StoreError: a bad role name, ``public``, or the owner of the tables.
        StoreUnavailable: the database refused.
    """

    def work(conn: Connection) -> None:
        schema = _check_role(conn, role, "the service role")
        _create(conn, role, password)
        conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}")
        conn.exec_driver_sql(f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {role}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
        for table in LOG_TABLES:
            conn.exec_driver_sql(f"GRANT SELECT, INSERT ON {table} TO {role}")
        for table in SERVICE_TABLES:
            conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {role}")
        conn.exec_driver_sql(f"GRANT UPDATE ON log_lock TO {role}")
        conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
        # Analysts must read the projection tables this role will create: the owner
        # sets default privileges on its behalf, which needs membership in it.
        me = conn.exec_driver_sql("SELECT current_user").scalar_one()
        conn.exec_driver_sql(f"GRANT {role} TO {me}")

    _run(engine, role, "the service privileges", work)


def _service_roles(conn: Connection, schema: str) -> list[str]:
    """Roles, other than the owner, that may append to the log."""
    rows = conn.exec_driver_sql(
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
        "WHERE table_schema = %s AND table_name = 'events' AND privilege_type = 'INSERT' "
        "AND grantee <> (SELECT tableowner FROM pg_tables WHERE schemaname = %s "
        "AND tablename = 'events')",
        (schema, schema),
    )
    return [str(r[0]) for r in rows if _ROLE.match(str(r[0]))]
