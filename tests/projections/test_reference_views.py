"""The reference data loaded and projected: the facts of shared/reference/ come back out."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, text

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


def test_the_three_october_truces_collapsed_and_were_superseded_in_turn(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    project(store)
    status = status_by_truce(engine)
    chain = {
        tid: (status[tid]["status"], status[tid]["end_reason"], status[tid]["superseded_by"])
        for tid in ("nk-2020-10-10", "nk-2020-10-18", "nk-2020-10-26")
    }
    # one vocabulary: the status is the end of life, and the successor is recorded beside it
    assert chain == {
        "nk-2020-10-10": ("collapsed", "collapsed", "nk-2020-10-18"),
        "nk-2020-10-18": ("collapsed", "collapsed", "nk-2020-10-26"),
        "nk-2020-10-26": ("collapsed", "collapsed", "nk-2020-11-10"),
    }
    for tid in chain:
        assert "then S1.2: " in str(status[tid]["status_reason"])


def test_lifespans_known_to_the_day_have_bounds_not_the_first_violation(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    project(store)
    status = status_by_truce(engine)
    bounds = {
        tid: (
            status[tid]["ended_precision"],
            status[tid]["lifespan_minutes"],
            status[tid]["lifespan_max_minutes"],
            status[tid]["lifespan"],
        )
        for tid in ("nk-2020-10-10", "nk-2020-10-18", "nk-2020-10-26", "nk-2020-11-10")
    }
    # collapsed "on 11 Oct" (+04:00), effective 10 Oct 12:00 +04:00: 12 h to 36 h
    assert bounds["nk-2020-10-10"] == ("day", 12 * 60, 36 * 60, "12 h to 36 h")
    # collapsed "on 18 Oct", effective at its first minute: 0 to 24 h
    assert bounds["nk-2020-10-18"] == ("day", 0, 24 * 60, "0 min to 24 h")
    # Pashinyan "on 26 Oct", effective 08:00 +04:00: 0 to 16 h
    assert bounds["nk-2020-10-26"] == ("day", 0, 16 * 60, "0 min to 16 h")
    # "at around 1 pm": known to the hour, an hour between the bounds
    assert bounds["nk-2020-11-10"][0] == "hour"
    assert bounds["nk-2020-11-10"][1] + 60 == bounds["nk-2020-11-10"][2]  # type: ignore[operator]
    assert status["nk-2020-10-18"]["ended_local"] == "2020-10-18 (+04:00)"


def test_the_daily_timeline_and_the_reports_agree_on_local_days(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    project(store)
    with engine.connect() as conn:
        reports = conn.execute(
            text(
                "SELECT truce_id, occurred_day, accuser, count(*) FROM violation_reports "
                "WHERE truce_id IS NOT NULL GROUP BY truce_id, occurred_day, accuser"
            )
        ).all()
        days = conn.execute(
            text("SELECT truce_id, day, accuser, reports FROM truce_timeline_daily")
        ).all()
        local = conn.execute(
            text(
                "SELECT occurred_day, occurred_local FROM violation_reports "
                "WHERE occurred_as_written = '3 Aug 2022'"
            )
        ).one()
    assert sorted(tuple(r) for r in reports) == sorted(tuple(r) for r in days)
    # written in +04:00 and assigned to a truce that took effect in Moscow time
    assert tuple(local) == ("2022-08-03", "2022-08-03 (+04:00)")


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
