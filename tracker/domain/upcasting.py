"""Upcasters: pure functions turning an old event payload into the next schema version.

Owns ``UPCASTERS``, the registry ``{(type, version): fn}`` that the store chains on read
(stored rows are never rewritten), and ``upcast`` for code that holds raw payloads.
Every event type starts at version 1; a change adds a class-version bump in
``events.py`` and one entry here (``ItemIngested`` v2 added its conflict and zone).
Pure: stdlib and the domain only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tracker.domain.casualties import upcast_casualty_v1
from tracker.domain.events import EVENT_TYPES, HANDOFF_TYPES
from tracker.errors import DomainError

__all__ = ["UPCASTERS", "Upcaster", "upcast"]

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


def _item_ingested_1(data: dict[str, Any]) -> dict[str, Any]:
    """``ItemIngested`` v1 -> v2: the early keys renamed, no conflict or zone (the
    default pack's). Idempotent."""
    out = dict(data)
    for old, new in (("published", "published_at"), ("content_sha256", "document_sha256")):
        if old in out:
            value = out.pop(old)
            out[new] = out.get(new) or value
    if "url" in out:
        url = out.pop("url")
        out["link"] = url or out.get("link")
    if "published_flagged" in out:
        out["published_missing"] = bool(
            out.pop("published_flagged") or out.get("published_missing")
        )
    out.setdefault("conflict", None)
    out.setdefault("tz", None)
    return out


#: ``(type, from_version) -> fn`` returning the payload at ``from_version + 1``.
UPCASTERS: dict[tuple[str, int], Upcaster] = {
    ("CasualtyClaimReported", 1): upcast_casualty_v1,
    ("TruceAnnounced", 1): dict,  # v2 adds coded attributes; v1 payloads leave them empty
    ("ItemIngested", 1): _item_ingested_1,
}


def upcast(type_name: str, version: int, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Chain upcasters from ``version`` to the newest; returns (version, payload).

    Raises:
        DomainError: the payload is newer than this code, or a step is missing.
    """
    cls = EVENT_TYPES.get(type_name) or HANDOFF_TYPES.get(type_name)
    target = cls.SCHEMA_VERSION if cls is not None else version
    if version > target:
        raise DomainError(
            f"{type_name} v{version} is newer than this tracker knows (v{target}); upgrade tracker"
        )
    while version < target:
        step = UPCASTERS.get((type_name, version))
        if step is None:
            raise DomainError(f"no upcaster for {type_name} v{version} -> v{version + 1}")
        data = step(dict(data))
        version += 1
    return version, data
