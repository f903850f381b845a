"""The claim views' set-based rebuild reads an item's extraction marker from its payload
(no event made for a third of the log), with the rows a replay gives; a marker that
``decode`` would refuse is still refused as the replay refuses it."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from tests.projections.projection_helpers import load_reference, new_event
from tests.projections.synthetic import append_items
from tracker.domain.events import ItemExtracted
from tracker.projections import Runner, view_tables
from tracker.projections.claims import ClaimViews
from tracker.store import EventStore, NewEvent, quarantine


def _claim_tables(engine: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every claim view's rows (its backing table's), in key order."""
    names = {v.name for v in ClaimViews().views_}
    with engine.connect() as conn:
        return {
            view: [
                tuple(r)
                for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY {', '.join(k)}"))
            ]
            for view, (t, k) in view_tables().items()
            if view in names
        }


def test_markers_are_read_without_events_and_supersede_as_a_replay_does(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_reference(store)
    append_items(store, 0, 6)
    # item 2 read again: its casualty figure is no longer given, so it is superseded
    again = ItemExtracted(
        item_id="syn0000002", extractor_version=3, streams=("report-syn0000002-r1",)
    )
    store.append(again.stream_id, [new_event(again)])
    Runner(store, [ClaimViews(bulk=False)]).run(rebuild=True)
    replayed = _claim_tables(store.engine)
    made: list[dict[str, Any]] = []
    from_data = ItemExtracted.from_data.__func__  # type: ignore[attr-defined]

    def counted(cls: type[ItemExtracted], data: dict[str, Any]) -> ItemExtracted:
        made.append(data)
        return from_data(cls, data)  # type: ignore[no-any-return]

    monkeypatch.setattr(ItemExtracted, "from_data", classmethod(counted))
    [result] = Runner(store, [ClaimViews()]).run(rebuild=True)
    assert result.status == "ok"
    assert made == []  # no ItemExtracted made for the 7 markers
    assert _claim_tables(store.engine) == replayed
    claims = {r[0] for r in replayed["casualty_claims"]}
    assert "syn0000002-c1" not in claims and "syn0000001-c1" in claims


def test_a_marker_decode_refuses_is_set_aside_as_a_replay_sets_it_aside(
    store: EventStore,
) -> None:
    load_reference(store)
    append_items(store, 0, 3)
    # no extractor_version: the event cannot be made, whichever way the log is read
    store.append("extraction-syn0000001", [NewEvent("ItemExtracted", {"item_id": "syn0000001"})])
    append_items(store, 3, 2)
    [result] = Runner(store, [ClaimViews()]).run(rebuild=True)
    assert result.status == "ok" and result.position == store.last_position()
    bad = [r for r in quarantine.list_rows(store.engine) if r.projection == "claims"]
    assert [r.position for r in bad] == [store.last_position() - 8]
