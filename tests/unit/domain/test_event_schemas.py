"""Schema evolution is deliberate: an event type cannot change its payload silently.

``event_schemas.json`` records the fields of every event type at every schema version.
Changing a class's fields without bumping its ``SCHEMA_VERSION`` fails here; bumping it
without an upcaster from the previous version fails here too. To record a new version,
add the entry this test prints.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path

import pytest

from tracker.domain.events import EVENT_TYPES, HANDOFF_TYPES
from tracker.domain.upcasting import UPCASTERS

RECORDED = Path(__file__).with_name("event_schemas.json")
#: Domain events and the typed hand-offs between rooms (``ItemIngested``).
TYPES = {**EVENT_TYPES, **HANDOFF_TYPES}


def current_schema(cls: type) -> dict[str, str]:
    hints = typing.get_type_hints(cls)
    return {f.name: str(hints[f.name]) for f in dataclasses.fields(cls)}


def recorded() -> dict[str, dict[str, dict[str, str]]]:
    return dict(json.loads(RECORDED.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", sorted(TYPES))
def test_every_event_type_matches_its_recorded_schema_version(name: str) -> None:
    cls = TYPES[name]
    versions = recorded().get(name, {})
    now = current_schema(cls)
    entry = json.dumps({name: {str(cls.SCHEMA_VERSION): now}}, indent=2)
    assert str(cls.SCHEMA_VERSION) in versions, (
        f"record the new schema in {RECORDED.name}:\n{entry}"
    )
    assert versions[str(cls.SCHEMA_VERSION)] == now, (
        f"{name} changed its fields at schema version {cls.SCHEMA_VERSION}: bump SCHEMA_VERSION, "
        f"add an upcaster from the old payload, and record:\n{entry}"
    )


@pytest.mark.parametrize("name", sorted(TYPES))
def test_every_older_schema_version_has_an_upcaster(name: str) -> None:
    cls = TYPES[name]
    for version in sorted(int(v) for v in recorded().get(name, {})):
        if version < cls.SCHEMA_VERSION:
            assert (name, version) in UPCASTERS, (
                f"no upcaster for {name} v{version} -> v{version + 1}"
            )
