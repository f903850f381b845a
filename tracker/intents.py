"""Intents: what one room asks the store to write, as plain data both can import.

Owns ``FeedUpdate``, the one type the poller plans a feed's new state in and the store
writes (``tracker.store.feed_state.record_poll``). Stdlib only: parse worker processes
import the poller, and ``tracker.store`` would bring SQLAlchemy into every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["FeedUpdate"]


@dataclass(frozen=True, slots=True)
class FeedUpdate:
    """What one poll changes on a feed's row. Counters are increments."""

    name: str
    attempt_at: datetime
    outcome: str
    next_poll_at: datetime
    interval_s: float
    consecutive_failures: int
    consecutive_rate_limited: int
    error: str | None = None
    warning: str | None = None
    success: bool = False
    full_fetch: bool = False
    found_new: bool = False
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    effective_url: str | None = None
    paused_at: datetime | None = None
    pause_reason: str | None = None
    duration_ms: int | None = None
    seen: int = 0
    new: int = 0
    duplicates: int = 0
    identity_mode: str | None = None
    gap: bool = False
    quarantined: tuple[tuple[str, str], ...] = ()
    #: A permanent redirect's target to remember ("" forgets it; None keeps it).
    moved_to: str | None = None
