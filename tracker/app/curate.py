"""The curation use case: curated truces and claims, validated before they reach the log.

Owns the curated write path of ``tracker load`` (a TOML or JSON file of truces and
claims) and ``tracker record`` (one event: a truce, a violation, a denial, a casualty
figure, a confirmation or a retraction of a claim): each event is validated against what
the log knows, appended with a deterministic uuid5 id (loading a file or recording a
claim twice adds nothing) and the views are caught up afterwards. Must not print.
"""

from __future__ import annotations

import json
import stat
import tomllib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.app import project
from tracker.app.root import App
from tracker.domain import curated
from tracker.domain.events import EVENT_TYPES, Event
from tracker.domain.validation import Known, validate_all
from tracker.domain.values import Provenance
from tracker.errors import DomainError, TrackerError
from tracker.projections import RunResult
from tracker.store import ANY, NewEvent, canonical_json

#: Largest curated file ``load`` reads (the reference file is ~100 KB).
MAX_CURATED_BYTES = 20 * 1024 * 1024

#: Shortest id prefix accepted for a claim (`tracker violations` shows eight characters).
MIN_PREFIX = 4


def known_from_log(app: App) -> Known:
    known = Known(now=app.now())
    types = {
        "TruceAnnounced",
        "TruceTimeCorrected",
        "ViolationReported",
        "ViolationDenied",
        "CasualtyClaimReported",
    }
    for ev in app.store.read_all(types=types):
        domain_event = EVENT_TYPES[ev.type].from_data(ev.data)
        known.add(domain_event)
    return known


def append_curated(
    app: App, items: Sequence[tuple[uuid.UUID, Event]], recorded_by: str, origin: dict[str, Any]
) -> int:
    """Append events grouped by stream in one transaction; returns how many were new."""
    correlation = str(uuid.uuid5(curated.NAMESPACE, canonical_json([str(i) for i, _ in items])))
    by_stream: dict[str, list[NewEvent]] = {}
    for eid, ev in items:
        meta = {
            "source": {**origin, "urls": list(getattr(ev, "provenance", Provenance()).urls)},
            "recorded_by": recorded_by,
            "correlation_id": correlation,
            "causation_id": None,
        }
        by_stream.setdefault(ev.stream_id, []).append(
            NewEvent(
                ev.TYPE, ev.to_data(), event_id=eid, metadata=meta, schema_version=ev.SCHEMA_VERSION
            )
        )
    results = app.store.append_batch([(s, evs, ANY) for s, evs in by_stream.items()])
    return sum(r.appended for r in results)


def content_id(prefix: str, ev_data: dict[str, Any]) -> str:
    return str(uuid.uuid5(curated.NAMESPACE, f"{prefix}:{canonical_json(ev_data)}"))


def curated_event_id(ev: Event) -> uuid.UUID:
    return uuid.uuid5(curated.NAMESPACE, f"{ev.stream_id}/{ev.TYPE}/{canonical_json(ev.to_data())}")


# ---------------------------------------------------------------- tracker load


@dataclass(frozen=True, slots=True)
class Loaded:
    """What ``load`` did: events read, how many were new, what the file held but the log
    cannot take, and the projections' results after it."""

    events: int
    new: int
    left_out: tuple[str, ...]
    projected: list[RunResult]


def _read_curated(file: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_CURATED_BYTES`.

    Raises:
        TrackerError: a device, pipe or other non-regular file, or one too large.
    """
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise TrackerError(f"{file} is not a regular file; nothing loaded")
        with file.open("rb") as handle:
            raw = handle.read(MAX_CURATED_BYTES + 1)
    except OSError as exc:
        raise TrackerError(f"cannot read {file}: {exc.strerror or exc}") from exc
    if len(raw) > MAX_CURATED_BYTES:
        raise TrackerError(f"{file} is over {MAX_CURATED_BYTES:,} bytes; nothing loaded (split it)")
    if not raw.strip():
        raise TrackerError(f"{file} is empty; nothing loaded")
    return raw


def load(app: App, file: Path) -> Loaded:
    """Load a curated data file (TOML or JSON) of truces and claims into the log.

    Raises:
        TrackerError: the file cannot be read; DomainError: an event is invalid (nothing
        is appended then).
    """
    raw = _read_curated(file)
    try:
        doc = tomllib.loads(raw.decode("utf-8")) if file.suffix == ".toml" else json.loads(raw)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TrackerError(f"cannot read {file}: {exc}") from exc
    try:
        left_out = curated.not_loaded(doc)
        items = curated.parse_document(doc)
        validate_all([ev for _, ev, _ in items], known_from_log(app))
    except DomainError as exc:
        raise DomainError(f"{file}: {exc}") from exc
    new = append_curated(
        app,
        [(eid, ev) for eid, ev, _ in items],
        str(doc.get("curator", "loader")),
        {"file": file.name},
    )
    return Loaded(len(items), new, tuple(left_out), project.run(app))


# ---------------------------------------------------------------- tracker record


@dataclass(frozen=True, slots=True)
class Recorded:
    """What ``record`` did: the event, whether it was new, the projections' results."""

    event: Event
    new: bool
    projected: list[RunResult]


def record(app: App, build: Callable[[Known], Event], curator: str) -> Recorded:
    """Build one curated event from what the log knows, validate it and append it.

    Raises:
        DomainError: the event is invalid against the log.
    """
    known = known_from_log(app)
    ev = build(known)
    validate_all([ev], known)
    new = append_curated(
        app, [(curated_event_id(ev), ev)], f"curator:{curator}", {"cli": "tracker record"}
    )
    return Recorded(ev, bool(new), project.run(app))


def claim(known: Known, claim_id: str) -> tuple[str, str]:
    """The full id and kind of the claim ``claim_id`` names: its id or a unique prefix of it.

    Raises:
        DomainError: no claim has that id or prefix, or the prefix is ambiguous.
    """
    kind = known.claims.get(claim_id)
    if kind is not None:
        return claim_id, kind
    matches = sorted(c for c in known.claims if c.startswith(claim_id))
    if len(matches) == 1 and len(claim_id) >= MIN_PREFIX:
        return matches[0], known.claims[matches[0]]
    if len(matches) > 1:
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        raise DomainError(
            f"claim id {claim_id!r} is ambiguous: {len(matches)} claims start with it ({shown}); "
            "give more characters"
        )
    hint = f" (give at least {MIN_PREFIX} characters of an id)" if matches else ""
    raise DomainError(
        f"no claim {claim_id!r} in the log (reports, casualty claims and denials can be "
        f"curated; ids as `tracker violations` shows them){hint}"
    )
