"""Event envelopes: what the store takes in (``NewEvent``) and gives back (``RecordedEvent``).

Owns the envelope types, expected-version markers and time-ordered id minting.
Must not touch the database.
"""

from __future__ import annotations

import json
import os
import struct
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, NamedTuple

import orjson

_orjson_dumps = orjson.dumps
_SORT_KEYS = orjson.OPT_SORT_KEYS


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: Append whatever the stream's version.
ANY: Final = _Marker("ANY")
#: Append only if the stream does not exist yet.
NO_STREAM: Final = _Marker("NO_STREAM")
#: Append only if the stream already exists.
STREAM_EXISTS: Final = _Marker("STREAM_EXISTS")

ExpectedVersion = int | _Marker

_last_ms = 0
_seq = 0
#: random 80-bit numbers from one ``os.urandom`` call per 256 ids (a system call per id
#: was a third of minting one); ``list.pop`` hands each out once, even across threads.
_noise: list[int] = []
_NOISE_BATCH = 256
os.register_at_fork(after_in_child=_noise.clear)  # a child never reuses its parent's
_UNKNOWN_SAFETY = uuid.SafeUUID.unknown


#: 80 bits as a big-endian 64-bit and 16-bit pair: unpacked at a third of the cost of
#: ``int.from_bytes`` on each 10-byte slice, with the same numbers.
_NOISE_PAIR = struct.Struct(">QH")


def _next_noise() -> int:
    try:
        return _noise.pop()
    except IndexError:
        buf = os.urandom(_NOISE_PAIR.size * _NOISE_BATCH)
        _noise.extend((high << 16) | low for high, low in _NOISE_PAIR.iter_unpack(buf))
        return _noise.pop()


def uuid_from_int(value: int) -> uuid.UUID:
    """``uuid.UUID(int=value)`` for a value known to fit 128 bits, at a third of the cost.

    ``UUID.__init__`` checks its arguments in Python; this sets the two slots directly
    (checked against the constructor at import, else the constructor is used).
    """
    u = object.__new__(uuid.UUID)
    object.__setattr__(u, "int", value)
    object.__setattr__(u, "is_safe", _UNKNOWN_SAFETY)
    return u


_probe_uuid = uuid.uuid4()
if uuid_from_int(_probe_uuid.int) != _probe_uuid or str(uuid_from_int(_probe_uuid.int)) != str(
    _probe_uuid
):  # pragma: no cover - a Python whose UUID has other slots
    uuid_from_int = lambda value: uuid.UUID(int=value)  # noqa: E731


def uuid7() -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 version 7): unique indexes stay append-friendly."""
    global _last_ms, _seq
    ms = time.time_ns() // 1_000_000
    noise = _next_noise()  # 16 bits seed, 64 random
    if ms <= _last_ms:
        ms = _last_ms
        _seq = (_seq + 1) & 0xFFF
        if _seq == 0:
            ms += 1
    else:
        _seq = (noise >> 64) & 0x7FF
    _last_ms = ms
    rand = noise & ((1 << 62) - 1)
    return uuid_from_int((ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | _seq << 64 | 0b10 << 62 | rand)


_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: equal content gives equal text.

    The text is the standard library's (``json`` with sorted keys, compact separators,
    ``ensure_ascii=False``, ``default=str``): it is stored and compared, and ids are
    derived from it, so it never changes. Values made only of ``dict``, ``list``,
    ``tuple``, ``str``, ``int``, ``bool`` and ``None`` (event payloads nearly always)
    are encoded by orjson, 7x faster and the same text for those types (a property test
    holds the two to it); floats, whose exponents the two write differently, and every
    other type take the standard encoder.
    """
    if _plain(value, 0):
        try:
            return _orjson_dumps(value, option=_SORT_KEYS).decode()
        except TypeError:  # a key that is not a str, an int over 64 bits, a lone surrogate
            pass
    return _CANONICAL.encode(value)  # one shared encoder: json.dumps(**options) builds one per call


def canonical_json_bytes(value: Any) -> bytes:
    """``canonical_json(value)`` in UTF-8, without encoding the text a second time where
    orjson wrote the bytes (what the hash chain reads beside the stored text)."""
    if _plain(value, 0):
        try:
            return _orjson_dumps(value, option=_SORT_KEYS)
        except TypeError:
            pass
    return _CANONICAL.encode(value).encode()


_SCALARS = frozenset({str, int, bool, type(None)})
_MAX_DEPTH = 32


def _plain(value: Any, depth: int) -> bool:
    """Whether ``value`` holds only the types orjson writes as ``json`` does."""
    kind = type(value)
    if kind is dict:
        values = value.values()
    elif kind is list or kind is tuple:
        values = value
    else:
        return kind in _SCALARS
    if depth >= _MAX_DEPTH:
        return False
    for item in values:  # noqa: SIM110 - a loop runs at half the cost of all(genexpr)
        if type(item) not in _SCALARS and not _plain(item, depth + 1):
            return False
    return True


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append. ``data`` is the payload; ``metadata`` is provenance.

    Only ``type``, ``schema_version`` and ``data`` (and the stream) take part in the
    idempotency comparison: metadata may carry per-attempt details (fetch time).
    """

    type: str
    data: Mapping[str, Any]
    event_id: uuid.UUID = field(default_factory=uuid7)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    schema_version: int = 1
    occurred_at: datetime | None = None


class RecordedEvent(NamedTuple):
    """An event as read from the log (``data`` already upcast to the current schema)."""

    position: int
    event_id: uuid.UUID
    stream_id: str
    stream_version: int
    type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime
    occurred_at: datetime | None


class EventPayload(NamedTuple):
    """An event's payload as a set-based rebuild reads it: no id, metadata or valid time
    (``data`` already upcast to the current schema)."""

    position: int
    stream_id: str
    type: str
    schema_version: int
    data: dict[str, Any]
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class AppendResult:
    """Where an append's events are: their positions and the stream's new version.

    ``appended`` counts events newly written; 0 means the whole append was a retry
    of events already in the log (idempotent no-op).
    """

    stream_id: str
    positions: list[int]
    stream_version: int
    appended: int
