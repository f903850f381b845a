"""The reference data loaded and projected: the facts of shared/reference/ come back out."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from tests.projections.projection_helpers import load_reference, rows
from tracker.projections import Runner, all_projections
from tracker.store import EventStore

# Effective times in UTC as shared/reference/README.md states them.
REFERENCE_EFFECTIVE_UTC = {
    "nk-2020-10-10": datetime(2020, 10, 10, 8, 0, tzinfo=UTC),
    "nk-2020-10-18": datetime(2020, 10, 17, 20, 0, tzinfo=UTC),
    "nk-2020-10-26": datetime(2020, 10, 26, 4, 0, tzinfo=UTC),
    "nk-2020-11-10": datetime(2020, 11, 9, 21, 0, tzinfo=UTC),
    "nk-2023-09-20": datetime(2023, 9, 20, 9, 0, tzinfo=UTC),
}


def as_utc(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def project(store: EventStore) -> None:
    results = Runner(store, all_projections()).run()
    assert [r.status for r in results] == ["ok"] * len(results), results


def status_by_truce(engine: Engine) -> dict[str, dict[str, object]]:
    return {r["truce_id"]: r for r in rows(engine, "SELECT * FROM truce_status")}


def test_the_five_reference_truces_take_effect_at_the_reference_utc_times(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    project(store)
    got = {tid: as_utc(r["effective_at"]) for tid, r in status_by_truce(engine).items()}
    assert got == REFERENCE_EFFECTIVE_UTC


def test_the_three_october_truces_are_superseded_in_turn(store: EventStore, engine: Engine) -> None:
    load_reference(store)
    project(store)
    status = status_by_truce(engine)
    chain = {
        tid: (status[tid]["status"], status[tid]["superseded_by"])
        for tid in ("nk-2020-10-10", "nk-2020-10-18", "nk-2020-10-26")
    }
    assert chain == {
        "nk-2020-10-10": ("superseded", "nk-2020-10-18"),
        "nk-2020-10-18": ("superseded", "nk-2020-10-26"),
        "nk-2020-10-26": ("superseded", "nk-2020-11-10"),
    }
    # each collapsed first, within its first day (the reference's "collapsed within a day")
    for tid in chain:
        assert status[tid]["end_reason"] == "collapsed"
        assert 0 <= int(status[tid]["lifespan_minutes"]) <= 24 * 60  # type: ignore[call-overload]


def test_the_november_2020_agreement_was_ended_by_the_september_2023_offensive(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    project(store)
    t = status_by_truce(engine)["nk-2020-11-10"]
    assert (t["status"], t["status_rule"], t["end_reason"], t["end_detail"]) == (
        "ended",
        "E1",
        "ended",
        "offensive",
    )
    assert as_utc(t["ended_at"]) == datetime(2023, 9, 19, 9, 0, tzinfo=UTC)
    # 9 Nov 2020 21:00 UTC to 19 Sep 2023 09:00 UTC: about 1,043.5 days (DOMAIN.md)
    assert t["lifespan_minutes"] == int(1043.5 * 24 * 60)
    assert bool(t["lifespan_ongoing"]) is False


def test_minutes_to_first_violation_are_those_the_sources_report(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    project(store)
    status = status_by_truce(engine)
    minutes = {tid: r["minutes_to_first_violation"] for tid, r in status.items()}
    # README: +5 min, +4 min, +5 min; 22.7 h for nk-2023-09-20
    assert {k: minutes[k] for k in ("nk-2020-10-10", "nk-2020-10-18", "nk-2020-10-26")} == {
        "nk-2020-10-10": 5,
        "nk-2020-10-18": 4,
        "nk-2020-10-26": 5,
    }
    assert round(int(minutes["nk-2023-09-20"]) / 60, 1) == 22.7  # type: ignore[call-overload]
    # nk-2020-11-10: ~16 days by occurred time of the earliest claim, ~32 by publication / peacekeepers
    t4 = status["nk-2020-11-10"]
    assert (t4["time_to_first_violation"], t4["time_to_first_published"]) == ("16 days", "32 days")
    assert t4["first_violation_accuser"] == "AZ"


def test_the_status_of_a_truce_at_a_time_is_one_query_on_the_history(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    project(store)
    sql = (
        "SELECT status, rule_id FROM truce_status_history WHERE truce_id = :t "
        "AND valid_from <= :x AND (valid_to IS NULL OR :x < valid_to)"
    )
    at = {"t": "nk-2020-11-10"}
    assert rows(engine, sql, x=datetime(2020, 11, 20, tzinfo=UTC), **at) == [
        {"status": "holding", "rule_id": "H1"}
    ]
    assert rows(engine, sql, x=datetime(2022, 1, 1, tzinfo=UTC), **at) == [
        {"status": "violated", "rule_id": "V1"}
    ]
    assert rows(engine, sql, x=datetime(2024, 1, 1, tzinfo=UTC), **at) == [
        {"status": "ended", "rule_id": "E1"}
    ]


def test_loading_the_reference_twice_adds_nothing(store: EventStore) -> None:
    first = load_reference(store)
    before = store.last_position()
    assert (first, load_reference(store), store.last_position()) == (before, 0, before)


def test_reports_are_assigned_to_the_truce_in_force_between_their_actors(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    project(store)
    assigned = rows(
        engine,
        "SELECT truce_id, accuser, occurred_day FROM violation_reports "
        "WHERE accuser = 'NK' ORDER BY occurred_at",
    )
    assert assigned == [
        {"truce_id": "nk-2023-09-20", "accuser": "NK", "occurred_day": "2023-09-21"}
    ]
    denied = rows(engine, "SELECT denier, report_accuser FROM denials ORDER BY denier")
    assert [d["denier"] for d in denied] == ["AM", "AZ", "NK"]
