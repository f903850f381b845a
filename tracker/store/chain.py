"""The log's hash chain: each event's hash covers its content, place and the previous hash.

Owns how an event's ``hash`` is computed (:func:`content_digest`, :func:`link`) and
checking a whole log against it (:func:`verify`). The store writes the hash in the
append's own transaction; a row edited afterwards (by someone who dropped the
append-only triggers, or with a disk editor) no longer matches its hash, and a row
whose hash was recomputed breaks the link of the next one. Must not write anything.

Two encodings ("chain versions") exist; a log may switch from version 1 to version 2
at any position, never back. :func:`verify` accepts either and says which it found.

Version 1 — two SHA-256 per event; PostgreSQL writes it (its fast path chains a batch in
SQL, ``tracker_chain``, from digests the client sends; keep both in step), and migration
0003 hashed existing logs with it::

    digest = sha256("<event_id hex>|<len>:<stream_id>|<len>:<type>|<schema_version>|"
                    "<occurred_at µs since the epoch, or empty>|<len>:<data>|<metadata>")
    hash   = sha256(<previous hash> + int64(position) + int64(stream_version)
                    + int64(recorded_at µs since the epoch) + digest)

(lengths in characters, text in UTF-8; ``b""`` is the previous hash of position 1.)

Version 2 — one SHA-256 per event over a fixed-width header and the bytes as stored;
SQLite writes it (the hash is computed in Python under the write lock, where the second
SHA-256 and the text building of version 1 were a measurable share of a batch)::

    hash = sha256(<previous hash, or 32 zero bytes before position 1>
                  + uint8(2) + int64(position) + int64(stream_version)
                  + int64(recorded_at µs) + uint8(occurred_at given)
                  + int64(occurred_at µs, or 0) + int32(schema_version)
                  + event_id (its 32 lower-case hex digits, ASCII)
                  + uint32(length in bytes) of stream_id, type, data and metadata
                  + stream_id + type + data + metadata, in UTF-8)

Every variable field's length is in the fixed-width header, so no two events encode
alike; the leading 2 keeps the two versions apart. In both, data and metadata are
canonical JSON (``canonical_json``), ints are big-endian (PostgreSQL's ``int8send``),
and hashes are the 32 raw bytes.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from tracker.store.bulk import utc_from_text
from tracker.store.events import canonical_json
from tracker.store.tables import event_columns

__all__ = [
    "GENESIS",
    "VerifyResult",
    "as_utc",
    "body_v2",
    "canonical_json",
    "content_digest",
    "link",
    "link_v2",
    "load_json",
    "micros",
    "verify",
]

GENESIS = b""
_PACK = struct.Struct(">qqq").pack
_ZERO = bytes(32)
_PLACE_V2 = struct.Struct(">Bqqq").pack
_BODY_V2 = struct.Struct(">Bqi32sIIII").pack
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_sha256 = hashlib.sha256


def micros(value: datetime) -> int:
    """Microseconds since the Unix epoch (exact) of an aware datetime."""
    return (value - _EPOCH) // _US


def content_digest(
    event_id_hex: str,
    stream_id: str,
    type_: str,
    schema_version: int,
    data_json: str,
    metadata_json: str,
    occurred_at: datetime | None,
) -> bytes:
    """The digest of what an event says (everything but its place in the log).

    Fields are joined with their lengths where they are free text, so no two events
    give the same text.
    """
    occurred = "" if occurred_at is None else micros(occurred_at)
    text = (
        f"{event_id_hex}|{len(stream_id)}:{stream_id}|{len(type_)}:{type_}|{schema_version}|"
        f"{occurred}|{len(data_json)}:{data_json}|{metadata_json}"
    )
    return _sha256(text.encode("utf-8")).digest()


def link(
    previous: bytes, position: int, stream_version: int, recorded_at: datetime | int, digest: bytes
) -> bytes:
    """The hash of the event at ``position``, chained to ``previous``.

    ``recorded_at`` may be given as :func:`micros` already (an append computes it once).
    """
    rec = recorded_at if isinstance(recorded_at, int) else micros(recorded_at)
    return _sha256(previous + _PACK(position, stream_version, rec) + digest).digest()


def body_v2(
    event_id_hex: bytes,
    stream_id: bytes,
    type_: bytes,
    schema_version: int,
    data_json: bytes,
    metadata_json: bytes,
    occurred_at: datetime | None,
) -> bytes:
    """What version 2 hashes of an event after its place in the log (all text as UTF-8
    bytes, the id as its 32 hex digits). Computed before the write lock is taken;
    :func:`link_v2` adds the place and chains."""
    head = _BODY_V2(
        occurred_at is not None,
        0 if occurred_at is None else micros(occurred_at),
        schema_version,
        event_id_hex,
        len(stream_id),
        len(type_),
        len(data_json),
        len(metadata_json),
    )
    return b"".join((head, stream_id, type_, data_json, metadata_json))


def link_v2(
    previous: bytes, position: int, stream_version: int, recorded_us: int, body: bytes
) -> bytes:
    """The version 2 hash of the event at ``position`` (one SHA-256), chained to ``previous``."""
    place = _PLACE_V2(2, position, stream_version, recorded_us)
    return _sha256(b"".join((previous or _ZERO, place, body))).digest()


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """What :func:`verify` found: ``ok``, how many events it read, the first problem, and
    from which position each chain version was found (``{1: 1}``, ``{1: 1, 2: 5001}``)."""

    checked: int
    head: int
    ok: bool
    position: int | None = None
    problem: str | None = None
    versions: dict[int, int] | None = None


Progress = Callable[[int, int], None]


def verify(
    engine: Engine, *, page_size: int = 2_000, progress: Progress | None = None
) -> VerifyResult:
    """Walk the whole log in position order and check order, content and chain.

    Streams in pages (keyset on position, short transactions: nothing held between
    pages). ``progress(checked, head)`` is called after every page. Stops at the first
    position whose order (positions 1..N, record time never decreasing), content (the
    row no longer matches its hash) or chain (its hash does not follow from the previous
    one) is wrong, and names it.
    """
    postgres = engine.dialect.name == "postgresql"
    head = _head(engine)
    previous = GENESIS
    expected = 1
    last_recorded: datetime | None = None
    checked = 0
    version = 1  # the chain version found so far: 1 until the first version 2 event
    versions: dict[int, int] = {}
    for row in _rows(engine, postgres, page_size, progress, head):
        (
            position,
            event_id,
            stream,
            stream_version,
            type_,
            schema,
            data,
            meta,
            recorded,
            occurred,
            stored,
        ) = row
        if position != expected:
            what = "is missing" if position > expected else "appears twice"
            return VerifyResult(
                checked,
                head,
                False,
                expected,
                f"order: position {expected} {what} (next found: {position})",
            )
        if last_recorded is not None and recorded < last_recorded:
            return VerifyResult(
                checked, head, False, position,
                f"order: recorded_at {recorded.isoformat()} is before the previous event's",
            )  # fmt: skip
        if stored is None:
            return VerifyResult(checked, head, False, position, "chain: the event has no hash")
        stored = bytes(stored)
        data_json, meta_json = canonical_json(load_json(data)), canonical_json(load_json(meta))
        found = 0
        if version == 1:
            digest = content_digest(event_id, stream, type_, schema, data_json, meta_json, occurred)
            if link(previous, position, stream_version, recorded, digest) == stored:
                found = 1
        if not found:
            body = body_v2(
                event_id.encode(), stream.encode(), type_.encode(), schema,
                data_json.encode(), meta_json.encode(), occurred,
            )  # fmt: skip
            if link_v2(previous, position, stream_version, micros(recorded), body) == stored:
                found = version = 2
        if not found:
            return VerifyResult(
                checked, head, False, position,
                "content or chain: the event does not match its hash, or its hash does not "
                f"follow from position {position - 1}'s (one of the two was changed)"
                if position > 1
                else "content: the event does not match its hash (changed after it was written)",
            )  # fmt: skip
        versions.setdefault(found, position)
        previous = stored
        last_recorded = recorded
        expected += 1
        checked += 1
    if checked != head:
        return VerifyResult(
            checked, head, False, checked + 1, f"order: the log ends at {checked}, not {head}"
        )
    return VerifyResult(checked, head, True, versions=versions)


def load_json(value: Any) -> Any:
    """A JSON column's value as Python (SQLite and ``::text`` give text)."""
    return json.loads(value) if isinstance(value, str) else value


#: A time column's value as an aware UTC datetime (the store's one reader of times).
as_utc = utc_from_text


def _head(engine: Engine) -> int:
    with engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT max(position) FROM events").scalar()
    return int(value or 0)


def _rows(
    engine: Engine, postgres: bool, page_size: int, progress: Progress | None, head: int
) -> Iterator[tuple[Any, ...]]:
    cols = event_columns(postgres=postgres, with_hash=True)
    ph = "%s" if postgres else "?"
    sql = (
        f"SELECT {cols} FROM events WHERE position > {ph} ORDER BY position LIMIT {int(page_size)}"
    )
    cursor = 0
    checked = 0
    while True:
        pooled = engine.raw_connection()
        try:
            rows = pooled.driver_connection.execute(sql, (cursor,)).fetchall()  # type: ignore[union-attr]
            pooled.driver_connection.rollback()  # type: ignore[union-attr]
        finally:
            pooled.close()
        for r in rows:
            yield (
                int(r[0]),
                r[1].hex if not isinstance(r[1], str) else r[1].replace("-", ""),
                r[2], int(r[3]), r[4], int(r[5]), r[6], r[7],
                as_utc(r[8]), None if r[9] is None else as_utc(r[9]), r[10],
            )  # fmt: skip
        checked += len(rows)
        if progress is not None:
            progress(checked, head)
        if len(rows) < page_size:
            return
        cursor = int(rows[-1][0])
