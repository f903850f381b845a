"""The database use case: migrations, the PostgreSQL roles, and verifying the log.

Owns ``tracker db``'s work: the schema revision of the database and of the code,
migrating, granting the analyst and service roles (PostgreSQL only), and checking the
log's hash chain. Must not print.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.app.root import App
from tracker.errors import StoreError
from tracker.store import chain, migrate, roles
from tracker.store.chain import VerifyResult

__all__ = ["VerifyResult", "current", "grant_analyst", "grant_service", "head", "upgrade", "verify"]


def current(app: App) -> str | None:
    """The database's schema revision (None: an empty database)."""
    return migrate.current(app.engine)


def head() -> str:
    """The newest schema revision the code knows."""
    return migrate.head_revision()


def upgrade(app: App) -> tuple[str | None, str | None]:
    """Migrate to the newest revision; returns the revisions before and after."""
    before = current(app)
    app.upgrade()
    return before, current(app)


def grant_analyst(app: App, role: str, *, password: str | None) -> None:
    """Give ``role`` read-only access to the analysts' views and tables.

    Raises:
        StoreError: the database is not PostgreSQL.
    """
    if not app.store.is_postgres:
        raise StoreError(
            "grant-analyst needs PostgreSQL; a SQLite file is read-only by opening it with ?mode=ro"
        )
    roles.grant_analyst(app.engine, role, password=password)


def grant_service(app: App, role: str, *, password: str | None) -> None:
    """Make ``role`` the service role: it appends, it never rewrites.

    Raises:
        StoreError: the database is not PostgreSQL.
    """
    if not app.store.is_postgres:
        raise StoreError("grant-service needs PostgreSQL; SQLite has no roles")
    roles.grant_service(app.engine, role, password=password)


def verify(app: App, *, progress: Callable[[int, int], None] | None = None) -> VerifyResult:
    """Check the log's hash chain from position 1 to the end."""
    return chain.verify(app.engine, progress=progress)
