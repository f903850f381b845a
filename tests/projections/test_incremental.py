"""The incremental claim views: catch-up in random batches == a rebuild == the Book rules.

A log of every kind of claim event (curated truces with corrections, collapses, ends
and supersessions; reports, re-emitted reports, denials, casualty figures, retractions,
confirmations, re-extractions that drop claims, extracted announcements) is cut into
random batches. Caught up batch by batch, rebuilt in one pass, and computed in memory
by the pure rules (``Book`` + ``assess`` + each view's ``rows``), the views must hold
the same rows, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tests.projections.projection_helpers import load_reference, new_event, snapshot
from tests.projections.synthetic import append_items
from tracker.domain.book import Book, Recorded
from tracker.domain.events import (
    EVENT_TYPES,
    CasualtyClaimReported,
    ClaimConfirmed,
    ClaimRetracted,
    Event,
    ItemExtracted,
    TruceAnnounced,
    TruceCollapsed,
    TruceEnded,
    TruceSuperseded,
    TruceTimeCorrected,
    ViolationDenied,
    ViolationReported,
    decode,
)
from tracker.domain.truces import assess
from tracker.domain.values import Place, Provenance, ValidTime
from tracker.projections import Runner, all_projections, claims_bulk
from tracker.projections._base import ts
from tracker.projections.claims import ClaimViews, claim_views
from tracker.projections.runner import physical_name
from tracker.store import ANY, EventStore, quarantine

BASE = datetime(2020, 10, 10, 8, 0, tzinfo=UTC)
_run = itertools.count()
PARTIES = [("AM", "AZ"), ("AZ", "NK"), ("AM", "AZ", "NK")]
ACCUSERS = ["AM", "AZ", "NK", "RU"]
PLACES = [(), ("Hadrut",), ("Terter", "Hadrut"), ("Shusha",)]

small = st.integers(0, 40)
op = st.one_of(
    st.tuples(st.just("truce"), st.sampled_from(PARTIES), st.integers(0, 16)),
    st.tuples(
        st.just("report"),
        st.sampled_from(ACCUSERS),
        st.integers(-2, 24),
        st.sampled_from(["", "artillery", "small arms"]),
        st.sampled_from(PLACES),
        st.integers(0, 3),  # item
        st.sampled_from([None, 0, 2]),
    ),
    st.tuples(st.just("again"), small, st.integers(-2, 24)),
    st.tuples(st.just("deny"), small, small),
    st.tuples(
        st.just("casualty"),
        st.sampled_from(["AM", "AZ", "NK", "both"]),
        st.sampled_from(["military", "civilian"]),
        st.integers(0, 8),
        st.integers(1, 30),
        st.sampled_from(PLACES),
        small,
    ),
    st.tuples(st.just("retract"), small, st.sampled_from(["report", "casualty", "denial"])),
    st.tuples(st.just("confirm"), small, st.sampled_from(["report", "casualty", "denial"])),
    st.tuples(st.just("extract"), st.integers(0, 3), st.integers(0, 7)),
    st.tuples(st.just("correct"), small, st.integers(-3, 6)),
    st.tuples(st.just("collapse"), small, st.integers(0, 20), st.booleans()),
    st.tuples(st.just("end"), small, st.integers(1, 30)),
    st.tuples(st.just("supersede"), small, small),
    st.tuples(st.just("announce"), st.sampled_from(PARTIES), st.integers(0, 16), st.integers(0, 3)),
)


def vt(half_days: float, precision: str = "minute", tz: str = "+04:00") -> ValidTime:
    """Half-day steps from 08:00Z: noon and midnight in +04:00, 11:00 and 23:00 in +03:00,
    so that a claim's local day and a truce's zone disagree (the truce_day column must
    follow the claim's own day)."""
    at = BASE + timedelta(hours=half_days * 12)
    return ValidTime.parse(
        at.astimezone(ValidTime(at, "minute", tz).zone).strftime("%Y-%m-%dT%H:%M") + tz,
        precision=precision,
    )


def build(run: int, ops: list[tuple[Any, ...]]) -> list[Event]:
    """Turn generated operations into a valid log (references point at earlier claims)."""
    events: list[Event] = []
    truces: list[str] = []
    claims: dict[str, list[str]] = {"report": [], "casualty": [], "denial": []}
    by_item: dict[int, list[str]] = {}
    for i, o in enumerate(ops):
        kind = o[0]
        if kind == "truce":
            tid = f"r{run}-t{i}"
            truces.append(tid)
            events.append(
                TruceAnnounced(
                    truce_id=tid,
                    name=tid,
                    parties=o[1],
                    effective=vt(o[2], tz="+03:00" if i % 2 else "+04:00"),
                    sources=("s",),
                    truce_type=("humanitarian", "general", "")[i % 3],
                    declaration="bilateral" if i % 2 else "",
                    monitoring="none" if i % 2 else "",
                )
            )
        elif kind == "report":
            rid = f"r{run}-rep{i}"
            accused = "AM" if o[1] in ("AZ", "RU") else "AZ"
            item = f"r{run}-item{o[5]}"
            prov = Provenance(
                urls=(f"https://example.org/{i}",),
                item_id=item if i % 2 else None,
                published=vt(o[2] + 1) if i % 3 else None,
            )
            ev = ViolationReported(
                report_id=rid,
                accuser=o[1],
                accused=accused,
                against="AM" if o[1] == "RU" else None,
                occurred=vt(
                    o[2], "day" if i % 4 == 0 else "minute", "+03:00" if i % 3 == 0 else "+04:00"
                ),
                weapon=o[3],
                places=tuple(Place(p, p) for p in o[4]),
                killed=o[6],
                truce_refs=tuple(truces[-1:]) if i % 5 == 0 else (),
                provenance=prov,
            )
            claims["report"].append(rid)
            if prov.item_id is not None:
                by_item.setdefault(o[5], []).append(ev.stream_id)
            events.append(ev)
        elif kind == "again" and claims["report"]:
            rid = claims["report"][o[1] % len(claims["report"])]
            prior = next(
                e for e in events if isinstance(e, ViolationReported) and e.report_id == rid
            )
            events.append(
                ViolationReported(
                    report_id=rid,
                    accuser=prior.accuser,
                    accused=prior.accused,
                    occurred=vt(o[2]),
                    places=prior.places,
                    provenance=prior.provenance,
                )
            )
        elif kind == "deny" and claims["report"]:
            did = f"r{run}-den{i}"
            reports = claims["report"]
            named = {reports[o[1] % len(reports)], reports[o[2] % len(reports)]}
            claims["denial"].append(did)
            events.append(
                ViolationDenied(
                    denial_id=did,
                    denier="AZ",
                    report_ids=tuple(sorted(named)),
                    statement="denied",
                    provenance=Provenance(urls=("https://example.org/d",)),
                )
            )
        elif kind == "casualty":
            cid = f"r{run}-cas{i}"
            reports = claims["report"]
            claims["casualty"].append(cid)
            events.append(
                CasualtyClaimReported(
                    claim_id=cid,
                    claimant="AM" if o[1] == "AZ" else "AZ",
                    side=o[1],
                    category=o[2],
                    outcome="killed" if i % 2 else "wounded",
                    qualifier="at least" if i % 4 == 0 else "",
                    figure=o[4],
                    occurred=vt(o[3]) if i % 3 else None,
                    places=tuple(Place(p, p) for p in o[5]),
                    report_id=reports[o[6] % len(reports)] if reports and i % 2 else None,
                    provenance=Provenance(
                        urls=(f"https://example.org/c{i % 3}",),
                        published=vt(o[3] + 1) if i % 2 else None,
                        extractor="extractor:v2" if i % 5 == 0 else None,
                    ),
                )
            )
        elif kind in ("retract", "confirm") and claims[o[2]]:
            target = claims[o[2]][o[1] % len(claims[o[2]])]
            cls = ClaimRetracted if kind == "retract" else ClaimConfirmed
            extra = {"reason": "test"} if kind == "retract" else {}
            events.append(cls(claim_id=target, claim_kind=o[2], curator="curator:t", **extra))
        elif kind == "extract":
            streams = by_item.get(o[1], [])
            kept = tuple(s for j, s in enumerate(streams) if (o[2] >> (j % 3)) & 1)
            events.append(
                ItemExtracted(item_id=f"r{run}-item{o[1]}", extractor_version=2, streams=kept)
            )
        elif kind == "correct" and truces:
            tid = truces[o[1] % len(truces)]
            events.append(
                TruceTimeCorrected(truce_id=tid, which="effective", time=vt(o[2]), reason="fix")
            )
        elif kind == "collapse" and truces:
            tid = truces[o[1] % len(truces)]
            events.append(
                TruceCollapsed(
                    truce_id=tid,
                    at=vt(o[2], "day"),
                    declared_by="AZ" if o[3] else None,
                    basis="said so",
                )
            )
        elif kind == "end" and truces:
            tid = truces[o[1] % len(truces)]
            events.append(TruceEnded(truce_id=tid, at=vt(o[2], "hour"), reason="other"))
        elif kind == "supersede" and len(truces) > 1:
            a, b = truces[o[1] % len(truces)], truces[o[2] % len(truces)]
            if a != b:
                events.append(TruceSuperseded(truce_id=a, by_truce_id=b, basis="replaced"))
        elif kind == "announce":
            tid = f"r{run}-ann{i}"
            item = f"r{run}-item{o[3]}"
            ev = TruceAnnounced(
                truce_id=tid,
                name="read from the news",
                parties=o[1],
                effective=vt(o[2]),
                status="extracted-unconfirmed",
                provenance=Provenance(item_id=item, extractor="extractor:v2"),
            )
            by_item.setdefault(o[3], []).append(ev.stream_id)
            events.append(ev)
    return events


def append(store: EventStore, events: list[Event]) -> None:
    if events:
        store.append_batch([(ev.stream_id, [new_event(ev, uuid.uuid4())], ANY) for ev in events])


def pure_rows(store: EventStore) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    """Every claim view's rows from the whole log, by the in-memory rules."""
    book = Book()
    for ev in store.read_all(types=set(EVENT_TYPES)):
        domain_event = decode(ev.type, ev.data)
        at = ts(ev.recorded_at)
        if domain_event is not None and at is not None:
            book.apply(domain_event, Recorded(ev.position, at))
    assessment = assess(book)
    return {
        v.name: {tuple(r[k] for k in v.key): dict(r) for r in v.rows(book, assessment)}
        for v in claim_views()
    }


def stored_rows(engine: Engine) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    p = ClaimViews()
    tables = p.define(sa.MetaData(), {t: physical_name(t, p.version) for t in p.table_names})
    out = {}
    with engine.connect() as conn:
        for v in claim_views():
            rows = conn.execute(sa.select(tables[v.name])).mappings()
            out[v.name] = {tuple(r[k] for k in v.key): dict(r) for r in rows}
    return out


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops=st.lists(op, min_size=1, max_size=40),
    cuts=st.lists(st.integers(0, 40), max_size=4),
    batch=st.integers(1, 12),
    rebuild_batch=st.integers(1, 60),
)
def test_catch_up_in_random_batches_equals_a_rebuild_and_the_book_rules(
    store: EventStore,
    engine: Engine,
    ops: list[tuple[Any, ...]],
    cuts: list[int],
    batch: int,
    rebuild_batch: int,
) -> None:
    events = build(next(_run), ops)
    bounds = sorted({0, len(events), *(min(c, len(events)) for c in cuts)})
    for lo, hi in itertools.pairwise(bounds):
        append(store, events[lo:hi])
        results = Runner(store, all_projections(), batch_size=batch, rebuild_batch_size=batch).run()
        assert {r.status for r in results} == {"ok"}, results
    incremental = snapshot(engine)
    assert stored_rows(engine) == pure_rows(store)
    results = Runner(store, all_projections(), rebuild_batch_size=rebuild_batch).run(rebuild=True)
    assert {r.status for r in results} == {"ok"}, results
    assert snapshot(engine) == incremental
    assert stored_rows(engine) == pure_rows(store)


class Watched(ClaimViews):
    """The claim views, remembering whether their last rebuild took the set-based path
    to its end (a failure there falls back to a replay, which would hide it)."""

    def bulk_rebuild(self, *args: Any, **kwargs: Any) -> bool:
        self.bulk_done = False
        self.bulk_done = super().bulk_rebuild(*args, **kwargs)
        return self.bulk_done


def projections(*, bulk: bool) -> list[Any]:
    """Every projection, the claim views rebuilt set-based (``bulk``) or by replay."""
    return [Watched(bulk=bulk) if isinstance(p, ClaimViews) else p for p in all_projections()]


def claim_tables(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the claim views, staging and running state included, sorted."""
    p = ClaimViews()
    with engine.connect() as conn:
        return {
            t: sorted(
                (
                    tuple(r)
                    for r in conn.execute(sa.text(f"SELECT * FROM {physical_name(t, p.version)}"))
                ),
                key=repr,
            )
            for t in p.table_names
        }


def rebuilt(store: EventStore, *, bulk: bool) -> dict[str, list[tuple[Any, ...]]]:
    registry = projections(bulk=bulk)
    results = Runner(store, registry).run(rebuild=True)
    assert {r.status for r in results} == {"ok"}, results
    claims = next(p for p in registry if isinstance(p, Watched))
    assert getattr(claims, "bulk_done", False) == (bulk and store.last_position() > 0)
    return claim_tables(store.engine)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops=st.lists(op, min_size=1, max_size=50),
    cut=st.integers(0, 50),
    batch=st.integers(1, 12),
)
def test_a_set_based_rebuild_writes_every_row_a_replay_writes_and_catch_up_goes_on_from_it(
    store: EventStore, ops: list[tuple[Any, ...]], cut: int, batch: int
) -> None:
    """The bulk path and a replay of the log give the same rows in every table (views,
    staging, running state); catching up after each gives the same rows again."""
    events = build(next(_run), ops)
    append(store, events[:cut])
    replayed = rebuilt(store, bulk=False)
    assert rebuilt(store, bulk=True) == replayed
    append(store, events[cut:])
    results = Runner(store, projections(bulk=True), batch_size=batch).run()
    assert {r.status for r in results} == {"ok"}, results
    caught_up = claim_tables(store.engine)
    assert rebuilt(store, bulk=False) == caught_up
    assert rebuilt(store, bulk=True) == caught_up
    assert stored_rows(store.engine) == pure_rows(store)


def test_a_poison_event_sends_the_set_based_rebuild_back_to_a_replay(store: EventStore) -> None:
    """A claim no table takes (a killed figure over 64 bits) fails the one transaction of
    the set-based path: the runner empties the build, replays the log, sets the event
    aside, and the tables are a replay's."""
    events = build(next(_run), [("truce", ("AM", "AZ"), 0), ("report", "AZ", 2, "", (), 0, 2)])
    good = events[-1]
    assert isinstance(good, ViolationReported)
    bad = ViolationReported(
        report_id="poison",
        accuser="AM",
        accused="AZ",
        occurred=good.occurred,
        killed=10**20,
        provenance=Provenance(urls=("https://example.org/p",), curator="curator:t"),
    )
    append(store, [*events, bad, *build(next(_run), [("report", "AM", 3, "", (), 1, None)])])
    registry = projections(bulk=True)
    results = Runner(store, registry).run(rebuild=True)
    assert {r.status for r in results} == {"ok"}, results
    claims = next(p for p in registry if isinstance(p, Watched))
    assert claims.bulk_done is False
    assert [r.position for r in quarantine.list_rows(store.engine)] == [len(events) + 1]
    tables = claim_tables(store.engine)
    assert len(tables["violation_reports"]) == 2
    assert rebuilt(store, bulk=False) == tables


def test_the_log_takes_appends_while_the_set_based_rebuild_reads_it(store: EventStore) -> None:
    """The set-based path reads the whole log before it writes (its transaction begins
    deferred): an append meanwhile is not held off by the build's write lock (SQLite),
    and the runner's catch-up after it brings the late event in."""
    append(
        store, build(next(_run), [("truce", ("AM", "AZ"), 0), ("report", "AZ", 2, "", (), 0, 2)])
    )
    late = build(next(_run), [("report", "AM", 3, "", (), 1, None)])
    appended: list[int] = []

    def during(name: str, done: int, total: int) -> None:
        if name == "claims" and done == total and not appended:  # folded, nothing written
            append(store, late)
            appended.append(store.last_position())

    registry = projections(bulk=True)
    results = Runner(store, registry).run(rebuild=True, progress=during)
    assert {r.status for r in results} == {"ok"}, results
    assert appended and next(p for p in registry if isinstance(p, Watched)).bulk_done
    # the items view, rebuilt beside the claim views (a process of its own on a machine
    # with two cores), may have swapped before the append
    assert next(r.position for r in results if r.name == "claims") == appended[0]
    assert rebuilt(store, bulk=False) == claim_tables(store.engine)
    assert len(claim_tables(store.engine)["violation_reports"]) == 2


def test_a_log_longer_than_the_bulk_limit_is_replayed_in_bounded_memory(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The set-based path folds the whole log in memory; past ``bulk_limit`` positions a
    rebuild replays the log in batches instead, with the same rows."""
    append(
        store,
        build(
            next(_run),
            [
                ("truce", ("AM", "AZ"), 0),
                ("report", "AZ", 2, "", (), 0, 2),
                ("report", "AM", 3, "", (), 1, None),
            ],
        ),
    )
    monkeypatch.setattr(ClaimViews, "bulk_limit", store.last_position() - 1)
    registry = projections(bulk=True)
    results = Runner(store, registry).run(rebuild=True)
    assert {r.status for r in results} == {"ok"}, results
    assert next(p for p in registry if isinstance(p, Watched)).bulk_done is False
    replayed = claim_tables(store.engine)
    assert len(replayed["violation_reports"]) == 2
    monkeypatch.setattr(ClaimViews, "bulk_limit", store.last_position())
    registry = projections(bulk=True)
    Runner(store, registry).run(rebuild=True)
    assert next(p for p in registry if isinstance(p, Watched)).bulk_done is True
    assert claim_tables(store.engine) == replayed


def test_the_set_based_rebuild_writes_each_table_in_slices_with_the_rows_of_a_replay(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The set-based path makes and writes each table's rows a slice at a time
    (``claims_bulk.SLICE``, so that they are never all in memory beside the folded log);
    slices of two rows give the rows of a replay."""
    load_reference(store)
    append_items(store, 0, 30)
    replayed = rebuilt(store, bulk=False)
    assert len(replayed["violation_reports"]) > 2 and len(replayed["casualty_claims"]) > 2
    monkeypatch.setattr(claims_bulk, "SLICE", 2)
    assert rebuilt(store, bulk=True) == replayed
