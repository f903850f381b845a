"""Reading the views into report data: value coercion, as-of, and degrading on gaps."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from tests.report.report_fixtures import at
from tracker.db import make_engine
from tracker.report import data as report_data
from tracker.report.data import ReportData, Truce, at_time, to_counts, to_datetime, to_list


def test_sqlite_z_text_and_postgres_datetimes_read_as_the_same_utc_instant() -> None:
    aware = datetime(2020, 10, 10, 12, 0, tzinfo=UTC)
    assert to_datetime("2020-10-10T12:00:00Z") == aware
    assert to_datetime(datetime.fromisoformat("2020-10-10T16:00:00+04:00")) == aware
    assert to_datetime(datetime(2020, 10, 10, 12, 0)) == aware
    assert to_datetime(None) is None
    assert to_datetime("not a time") is None


def test_json_array_text_lists_and_comma_text_all_read_as_tuples() -> None:
    assert to_list('["AM","AZ"]') == ("AM", "AZ")
    assert to_list(["AM", "AZ"]) == ("AM", "AZ")
    assert to_list("AM, AZ") == ("AM", "AZ")
    assert to_list('[{"actor": "RU"}, {"url": "https://x.example/a"}]') == (
        "RU",
        "https://x.example/a",
    )
    assert to_list(None) == ()


def test_counts_by_accuser_are_sorted_most_first_then_by_name() -> None:
    assert to_counts('{"AZ": 1, "AM": 3, "RU": 1}') == (("AM", 3), ("AZ", 1), ("RU", 1))
    assert to_counts("garbage") == ()


def test_outcome_prefers_the_end_reason_then_the_status() -> None:
    assert Truce("a", end_reason="collapsed", status="superseded").outcome == "collapsed"
    assert Truce("b", status="superseded").outcome == "superseded"
    assert Truce("c", status="violated").outcome == "ongoing"
    assert Truce("d", status="announced").outcome == "announced"


def test_as_of_drops_later_truces_reports_and_claims_and_reopens_later_ends(
    reference_data: ReportData,
) -> None:
    then = at_time(reference_data, at("2020-12-31T00:00"))
    assert [t.truce_id for t in then.truces] == [
        "nk-2020-10-10",
        "nk-2020-10-18",
        "nk-2020-10-26",
        "nk-2020-11-10",
    ]
    november = then.truces[-1]
    assert november.ended_at is None
    assert november.outcome == "ongoing"
    assert november.status == "violated"
    assert november.report_count == 1
    assert {v.report_id for v in then.violations} == {"r1", "r2", "r3", "r4", "r5", "r8"}
    assert {c.claim_id for c in then.casualties} == {"c1", "c2"}
    assert then.as_of == at("2020-12-31T00:00")


def test_missing_views_and_columns_degrade_to_notes_and_defaults(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'partial.db'}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE truce_status (truce_id TEXT, effective_at TEXT)"))
        conn.execute(sa.text("INSERT INTO truce_status VALUES ('t-1', '2021-01-01T00:00:00Z')"))
    loaded = report_data.load(engine, now=at("2022-01-01T00:00"))
    engine.dispose()
    assert [t.truce_id for t in loaded.truces] == ["t-1"]
    assert loaded.truces[0].effective_at == at("2021-01-01T00:00")
    assert loaded.truces[0].outcome == "ongoing"
    assert loaded.violations == ()
    assert loaded.log_position is None
    assert "view violation_reports is missing: run `tracker project`" in loaded.notes
