"""Alembic environment for tracker: one chain for SQLite and PostgreSQL.

The URL comes from the connection handed in by ``tracker db upgrade``
(``config.attributes["connection"]``), else from ``TRACKER_DATABASE_URL``, else the
default SQLite file. Plain ``alembic upgrade head`` works too.
"""

from __future__ import annotations

import os

from alembic import context

from tracker.config import default_database_url
from tracker.db import make_engine
from tracker.store.tables import metadata

config = context.config
target_metadata = metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    url = os.environ.get("TRACKER_DATABASE_URL") or default_database_url()
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = os.environ.get("TRACKER_DATABASE_URL") or default_database_url()
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
