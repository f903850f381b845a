"""As of a record time: the answer uses only what the log had recorded then."""

from __future__ import annotations

from tests.projections.projection_helpers import new_event
from tracker.domain.events import TruceAnnounced
from tracker.domain.values import ValidTime
from tracker.projections.asof import truce_status_as_of
from tracker.store import EventStore


def a_truce(truce_id: str, effective: str) -> TruceAnnounced:
    return TruceAnnounced(
        truce_id=truce_id,
        name=truce_id,
        parties=("AM", "AZ"),
        effective=ValidTime.parse(effective),
        sources=("https://example.org",),
    )


def test_as_of_a_record_time_the_later_truce_is_unknown_and_the_earlier_still_holds(
    store: EventStore,
) -> None:
    first = a_truce("t1", "2020-10-10T12:00+04:00")
    store.append(first.stream_id, [new_event(first)])
    known_then = list(store.read_all())[-1].recorded_at
    second = a_truce("t2", "2020-10-18T00:00+04:00")
    store.append(second.stream_id, [new_event(second)])

    then = {r["truce_id"]: r["status"] for r in truce_status_as_of(store, known_then, "recorded")}
    now = {r["truce_id"]: r["status"] for r in truce_status_as_of(store, None)}
    assert then == {"t1": "holding"}
    assert now == {"t1": "superseded", "t2": "holding"}
