"""The event store: the only code that writes the log.

Public API: ``EventStore`` (append, append_batch, read_stream, read_all, ...),
the envelopes ``NewEvent`` / ``RecordedEvent`` / ``EventPayload`` / ``AppendResult``, the expected-version
markers ``ANY`` / ``NO_STREAM`` / ``STREAM_EXISTS``, ``uuid7`` and ``migrate``.
"""

from __future__ import annotations

from tracker.store.events import (
    ANY,
    NO_STREAM,
    STREAM_EXISTS,
    AppendResult,
    EventPayload,
    ExpectedVersion,
    NewEvent,
    RecordedEvent,
    canonical_json,
    uuid7,
)
from tracker.store.eventstore import EventStore

__all__ = [
    "ANY",
    "NO_STREAM",
    "STREAM_EXISTS",
    "AppendResult",
    "EventPayload",
    "EventStore",
    "ExpectedVersion",
    "NewEvent",
    "RecordedEvent",
    "canonical_json",
    "uuid7",
]
