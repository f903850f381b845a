"""PostgreSQL roles: a read-only analyst role.

Owns the GRANT statements; must not create tables.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from tracker.errors import StoreError, StoreUnavailable

_ROLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def grant_analyst(engine: Engine, role: str, *, password: str | None = None) -> None:
    """Let ``role`` SELECT every table and view of the current schema, and nothing else.

    Default privileges cover tables and views created later by the role running this
    (projection rebuilds create new versioned tables).

    Raises:
        StoreError: a bad role name.
        StoreUnavailable: the database refused.
    """
    if not _ROLE.match(role):
        raise StoreError(f"bad role name {role!r}: letters, digits and _ only")
    try:
        with engine.begin() as conn:
            if password is not None:
                exists = conn.exec_driver_sql(
                    "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)
                ).first()
                if exists is None:
                    quoted = password.replace("'", "''")
                    conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD '{quoted}'")
            schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
            conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}")
            conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
            conn.exec_driver_sql(
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {role}"
            )
            conn.exec_driver_sql(f"REVOKE CREATE ON SCHEMA {schema} FROM {role}")
    except SQLAlchemyError as exc:
        raise StoreUnavailable(
            f"could not grant read access to {role}: {str(getattr(exc, 'orig', exc)).splitlines()[0]}"
        ) from exc
