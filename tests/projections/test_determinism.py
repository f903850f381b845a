"""Incremental catch-up and a rebuild from scratch give identical rows, on both databases."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tests.projections.projection_helpers import new_event, snapshot
from tracker.domain.events import (
    ClaimRetracted,
    Event,
    TruceAnnounced,
    TruceEnded,
    ViolationReported,
)
from tracker.domain.values import Place, Provenance, ValidTime
from tracker.projections import Runner, all_projections
from tracker.store import ANY, EventStore

BASE = datetime(2020, 10, 10, 8, 0, tzinfo=UTC)
SRC = Provenance(urls=("https://example.org/x",))
_run = itertools.count()

ops = st.lists(
    st.one_of(
        st.tuples(
            st.just("truce"), st.sampled_from([("AM", "AZ"), ("AZ", "NK")]), st.integers(0, 20)
        ),
        st.tuples(
            st.just("report"),
            st.sampled_from(["AM", "AZ", "NK", "RU"]),
            st.integers(-2, 30),
            st.sampled_from(["", "artillery"]),
            st.sampled_from([(), ("Hadrut",), ("Terter", "Hadrut")]),
        ),
        st.tuples(st.just("retract"), st.integers(0, 50)),
        st.tuples(st.just("end"), st.integers(0, 5), st.integers(1, 30)),
    ),
    min_size=1,
    max_size=25,
)


def vt(days: float) -> ValidTime:
    return ValidTime((BASE + timedelta(hours=days * 12)).astimezone(UTC), "minute", "+04:00")


def build(run: int, items: list[tuple]) -> list[Event]:  # type: ignore[type-arg]
    events: list[Event] = []
    truces: list[TruceAnnounced] = []
    reports: list[str] = []
    for i, op in enumerate(items):
        if op[0] == "truce":
            t = TruceAnnounced(
                truce_id=f"r{run}-t{i}",
                name="t",
                parties=op[1],
                effective=vt(op[2]),
                sources=("s",),
            )
            truces.append(t)
            events.append(t)
        elif op[0] == "report":
            accused = "AM" if op[1] == "AZ" else "AZ"
            rid = f"r{run}-rep{i}"
            reports.append(rid)
            events.append(
                ViolationReported(
                    report_id=rid,
                    accuser=op[1],
                    accused=accused,
                    occurred=vt(op[2]),
                    weapon=op[3],
                    places=tuple(Place(p, p) for p in op[4]),
                    provenance=SRC,
                )
            )
        elif op[0] == "retract" and reports:
            events.append(
                ClaimRetracted(
                    claim_id=reports[op[1] % len(reports)],
                    claim_kind="report",
                    reason="test",
                    curator="curator:test",
                )
            )
        elif op[0] == "end" and truces:
            t = truces[op[1] % len(truces)]
            at = ValidTime(t.effective.instant + timedelta(hours=op[2]), "hour", "+04:00")
            events.append(TruceEnded(truce_id=t.truce_id, at=at, reason="other", provenance=SRC))
    return events


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=ops, split=st.integers(0, 25), batch_a=st.integers(1, 9), batch_b=st.integers(1, 9))
def test_incremental_catch_up_in_random_batches_equals_a_rebuild(
    store: EventStore,
    engine: Engine,
    items: list[tuple],
    split: int,
    batch_a: int,
    batch_b: int,  # type: ignore[type-arg]
) -> None:
    events = build(next(_run), items)
    head, tail = events[:split], events[split:]
    for part in (head, tail):
        if part:
            store.append_batch([(ev.stream_id, [new_event(ev, uuid.uuid4())], ANY) for ev in part])
        results = Runner(
            store, all_projections(), batch_size=batch_a, rebuild_batch_size=batch_a
        ).run()
        assert {r.status for r in results} == {"ok"}, results
    incremental = snapshot(engine)
    results = Runner(store, all_projections(), rebuild_batch_size=batch_b).run(rebuild=True)
    assert {r.status for r in results} == {"ok"}, results
    assert snapshot(engine) == incremental
