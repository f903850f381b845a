"""Every error a user of tracker can see, in one tree.

Owns the exception classes; must not import anything from the rest of the package.

    TrackerError
    ├── ConfigError                  bad setting, file:key or variable named
    ├── StoreError
    │   ├── StoreUnavailable         database unreachable, bad URL, locked
    │   ├── SchemaMismatch           database at an older or newer migration than the code
    │   ├── WrongExpectedVersion     optimistic concurrency conflict on a stream
    │   ├── IdempotencyConflict      same event id, other content
    │   └── AppendOnlyViolation      an UPDATE/DELETE/TRUNCATE on the log was refused
    ├── FeedError(url)
    │   ├── FeedFetchError           network, HTTP status, limits, SSRF guard
    │   ├── FeedParseError           not a feed, malformed, entity bomb
    │   └── FeedConfigError          a bad entry in the feed list
    ├── DomainError                  an impossible event (validation)
    ├── ProjectionError              a projection failed; it stops at its checkpoint
    └── ExtractionError              input the extractor refuses (too large, not text)

Each error carries its ids as attributes and shows them in ``str()``. The CLI prints
``Error: <message>`` and exits 1 for any ``TrackerError``.
"""

from __future__ import annotations

from typing import Any


class TrackerError(Exception):
    """Root of every error tracker reports to a user."""


class ConfigError(TrackerError):
    """A setting is unknown or has a bad value."""


class StoreError(TrackerError):
    """The event store could not do what was asked."""


class StoreUnavailable(StoreError):
    """The database cannot be reached, the URL is bad, or it is locked."""


class SchemaMismatch(StoreError):
    """The database schema is not at the revision this code expects."""

    def __init__(self, current: str | None, expected: str, hint: str) -> None:
        self.current = current
        self.expected = expected
        super().__init__(
            f"database schema is at revision {current or 'none (empty database)'}, "
            f"this tracker expects {expected}. {hint}"
        )


class WrongExpectedVersion(StoreError):
    """An append's expected stream version did not match the stream."""

    def __init__(self, stream_id: str, expected: Any, actual: int | None) -> None:
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
        shown = "no stream" if actual is None else f"version {actual}"
        super().__init__(
            f"concurrency conflict on stream {stream_id!r}: expected {expected}, "
            f"but the stream is at {shown}. Re-read the stream and try again."
        )


class IdempotencyConflict(StoreError):
    """An event id was appended before with different content."""

    def __init__(self, event_id: Any, detail: str = "") -> None:
        self.event_id = event_id
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"event {event_id} is already in the log with different content{extra}; "
            "an event id may only be reused for an identical event"
        )


class AppendOnlyViolation(StoreError):
    """The database refused to change or delete an event."""


class FeedError(TrackerError):
    """A feed could not be fetched or read."""

    def __init__(self, url: str, message: str) -> None:
        self.url = url
        self.message = message
        super().__init__(f"{message}: {url}")


class FeedFetchError(FeedError):
    """Fetching a feed failed (network, HTTP status, a limit, the address guard)."""

    def __init__(
        self, url: str, message: str, outcome: str = "network", retry_after_s: float | None = None
    ) -> None:
        self.outcome = outcome
        self.retry_after_s = retry_after_s
        super().__init__(url, message)


class FeedParseError(FeedError):
    """A fetched body is not a usable feed."""


class FeedConfigError(TrackerError):
    """An entry of the feed list is invalid."""


class PackError(TrackerError):
    """A conflict pack is missing, or one of its files is malformed (file, line and key named)."""


class DomainError(TrackerError):
    """An event that cannot be true (validation failed)."""


class ProjectionError(TrackerError):
    """A projection could not process the log."""


class ExtractionError(TrackerError):
    """The extractor refused its input."""
