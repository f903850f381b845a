"""The feed list use case: the feeds to follow (feeds.toml, OPML) and their health.

Owns loading the feed list of the settings and reading each feed's health from the
``feed_health`` view. The list's types and its OPML reader and writer are
``tracker.ingest.feedlist``'s, offered here so that the CLI needs no ingestion module.
Must not print.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from tracker import config
from tracker.app.root import App
from tracker.db import normalize_url
from tracker.errors import TrackerError
from tracker.ingest.feedlist import (
    DEFAULT_INTERVAL_S,
    FeedConfig,
    FeedList,
    export_opml,
    import_opml,
)
from tracker.store import feed_state

__all__ = [
    "DEFAULT_INTERVAL_S",
    "FeedConfig",
    "FeedList",
    "export_opml",
    "health",
    "import_opml",
    "load",
]


def load(settings: config.Settings, *, may_create: bool = False) -> FeedList:
    """The feed list; a missing file is an error, except for commands that add feeds."""
    return FeedList.load(config.feeds_path(settings, must_exist=not may_create))


def health(settings: config.Settings, open_app: Callable[[], App]) -> dict[str, Any]:
    """Health rows by feed name, or {} when there is no migrated database yet."""
    url = make_url(normalize_url(settings.database_url))
    if url.get_backend_name() == "sqlite":
        db = url.database or ""
        if not db or db == ":memory:" or not Path(db).expanduser().exists():
            return {}
    try:
        app = open_app()
        return {row.feed: row for row in feed_state.list_health(app.engine)}
    except TrackerError:
        return {}


def health_rows(app: App) -> list[Any]:
    """Every feed's row of the ``feed_health`` view (the service's metrics read it)."""
    return list(feed_state.list_health(app.engine))
