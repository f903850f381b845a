"""Composition root: builds the engine and the event store from ``Settings``.

Owns wiring (which upcasters, which engine options) and nothing else; commands and
jobs receive an ``App`` instead of building their own pieces.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import Engine

from tracker import conflict
from tracker.config import Settings
from tracker.db import make_engine
from tracker.domain.upcasting import UPCASTERS
from tracker.store import EventStore, migrate
from tracker.store.eventstore import Upcaster

log = logging.getLogger(__name__)


class App:
    """Everything a command or job needs, built once from the settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        conflict.configure(settings.conflict, settings.conflict_dirs)
        self.engine: Engine = make_engine(
            settings.database_url,
            sqlite_synchronous=settings.sqlite_synchronous,
            lock_timeout_ms=settings.lock_timeout_ms,
        )
        self.store = EventStore(self.engine, upcasters=_upcasters())

    def check_schema(self) -> None:
        """Refuse to run on a database at another migration than the code.

        Raises:
            SchemaMismatch, StoreUnavailable.
        """
        migrate.check(self.engine)

    def upgrade(self) -> None:
        """Migrate the database to the newest revision."""
        migrate.upgrade(self.engine)

    @staticmethod
    def now() -> datetime:
        """The one clock of the application."""
        return datetime.now(UTC)

    def close(self) -> None:
        self.engine.dispose()


def _upcasters() -> dict[tuple[str, int], Upcaster]:
    return dict(UPCASTERS)
