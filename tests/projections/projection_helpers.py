"""Helpers for projection tests: load the reference file, snapshot every view."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from tracker.domain import curated
from tracker.domain.events import Event
from tracker.projections import view_tables
from tracker.store import ANY, EventStore, NewEvent

REFERENCE = (
    Path(__file__).resolve().parents[2]
    / "feeds"
    / "conflicts"
    / "nagorno-karabakh"
    / "reference.toml"
)


def new_event(ev: Event, event_id: Any = None) -> NewEvent:
    kwargs = {} if event_id is None else {"event_id": event_id}
    return NewEvent(
        ev.TYPE,
        ev.to_data(),
        schema_version=ev.SCHEMA_VERSION,
        metadata={"recorded_by": "test"},
        **kwargs,
    )


def load_reference(store: EventStore) -> int:
    """Append the reference file's events; returns how many were new."""
    items = curated.parse_document(tomllib.loads(REFERENCE.read_text(encoding="utf-8")))
    results = store.append_batch(
        [(ev.stream_id, [new_event(ev, eid)], ANY) for eid, ev, _ in items]
    )
    return sum(r.appended for r in results)


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row of every view's backing table, in key order.

    The backing tables, not the views: a view's ongoing lifespan reads the clock.
    """
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for view, (table, key) in view_tables().items():
            out[view] = [
                tuple(r)
                for r in conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY {', '.join(key)}"))
            ]
    return out


def rows(engine: Engine, sql: str, **params: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text(sql), params).mappings()]
