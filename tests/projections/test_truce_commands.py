"""`tracker load / truces / violations / events / record` end to end, on both databases."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from tests.projections.projection_helpers import REFERENCE
from tracker.cli import cli


def run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--database", db_url, *args], catch_exceptions=False)


@pytest.fixture
def loaded(db_url: str) -> str:
    result = run(db_url, "load", str(REFERENCE))
    assert result.exit_code == 0, result.output
    return db_url


def test_loading_the_reference_file_twice_adds_nothing(loaded: str) -> None:
    again = run(loaded, "load", str(REFERENCE))
    assert again.exit_code == 0
    assert again.output.strip().endswith("36 events, 0 new.")


def test_truces_lists_the_five_reference_truces_as_json_and_as_a_table(loaded: str) -> None:
    data = json.loads(run(loaded, "truces", "--json").output)
    assert [r["truce_id"] for r in data] == [
        "nk-2020-10-10",
        "nk-2020-10-18",
        "nk-2020-10-26",
        "nk-2020-11-10",
        "nk-2023-09-20",
    ]
    assert [r["status"] for r in data] == [
        "collapsed",
        "collapsed",
        "collapsed",
        "ended",
        "ended",
    ]
    assert all(r["status"] == r["end_reason"] for r in data)
    table = run(loaded, "truces").output
    assert "nk-2020-11-10" in table and "1043 d 12 h" in table


def test_truces_as_of_a_time_before_anything_was_known_says_so(loaded: str) -> None:
    result = run(loaded, "truces", "--as-of", "2000-01-01T00:00Z", "--json")
    assert result.exit_code == 1
    assert "nothing about truces was known at 2000-01-01T00:00:00Z (knowledge time)" in (
        result.output
    )
    assert "earliest knowledge time is 2020-10-09T20:00:00Z" in result.output


def test_truces_as_of_knowledge_time_lists_the_truces_announced_by_then(loaded: str) -> None:
    # loaded today, known since 2020: the 18 Oct truce was announced late on 17 Oct, the
    # 26 Oct one on 25 Oct (Washington): on 20 Oct an analyst knew the first two only
    data = json.loads(run(loaded, "truces", "--as-of", "2020-10-20T00:00:00Z", "--json").output)
    assert [r["truce_id"] for r in data] == ["nk-2020-10-10", "nk-2020-10-18"]
    by_id = {r["truce_id"]: r for r in data}
    # as it stood then: the 18 Oct truce in force, the curator's later judgments unknown
    assert by_id["nk-2020-10-18"]["status"] in {"holding", "violated"}
    assert by_id["nk-2020-10-18"]["ended_at"] is None
    assert by_id["nk-2020-10-10"]["superseded_by"] == "nk-2020-10-18"


def test_truces_recorded_as_of_keeps_the_log_clock(loaded: str) -> None:
    before = run(loaded, "truces", "--recorded-as-of", "2020-10-20T00:00:00Z", "--json")
    assert before.exit_code == 1 and "(recorded time)" in before.output
    now = run(loaded, "truces", "--recorded-as-of", "2999-01-01T00:00:00Z", "--json")
    assert len(json.loads(now.output)) == 5
    both = run(
        loaded, "truces", "--as-of", "2020-10-20T00:00Z", "--recorded-as-of", "2020-10-20T00:00Z"
    )
    assert both.exit_code == 2


def test_violations_of_one_truce_and_events_of_one_stream(loaded: str) -> None:
    reports = json.loads(run(loaded, "violations", "--truce", "nk-2020-11-10", "--json").output)
    assert {r["accuser"] for r in reports} == {"AM", "AZ", "RU"} and len(reports) == 6
    events = json.loads(run(loaded, "events", "--stream", "truce-nk-2020-11-10", "--json").output)
    assert [e["type"] for e in events] == ["TruceAnnounced", "TruceEnded"]


def test_violations_of_an_unknown_truce_is_a_clear_error(loaded: str) -> None:
    result = CliRunner().invoke(
        cli, ["--database", loaded, "violations", "--truce", "nk-1999-01-01"]
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: unknown truce 'nk-1999-01-01'; known truces: nk-2020-10-10,"
    )


def test_recording_an_impossible_report_is_refused_with_the_reason(loaded: str) -> None:
    result = run(
        loaded,
        "record",
        "violation",
        "--accuser",
        "AM",
        "--accused",
        "AZ",
        "--occurred",
        "2021-01-01T10:00+04:00",
        "--truce",
        "nk-1999",
        "--source",
        "https://example.org",
    )
    assert result.exit_code == 1
    assert "unknown truce 'nk-1999'" in result.output
    no_zone = run(
        loaded,
        "record",
        "violation",
        "--accuser",
        "AM",
        "--accused",
        "AZ",
        "--occurred",
        "2021-01-01T10:00",
        "--source",
        "https://example.org",
    )
    assert no_zone.exit_code == 2 and "time without a zone" in no_zone.output


def test_a_retraction_hides_the_claim_and_shows_itself(loaded: str) -> None:
    recorded = run(
        loaded,
        "record",
        "violation",
        "--accuser",
        "AZ",
        "--accused",
        "AM",
        "--occurred",
        "2021-03-01T10:00+04:00",
        "--place",
        "Hadrut",
        "--source",
        "https://example.org/r",
    )
    assert recorded.exit_code == 0, recorded.output
    report_id = recorded.output.strip().splitlines()[-1].split()[-1]
    retracted = run(loaded, "record", "retract", report_id, "--reason", "duplicate of a wire story")
    assert retracted.exit_code == 0, retracted.output
    reports = json.loads(run(loaded, "violations", "--json").output)
    assert report_id not in {r["report_id"] for r in reports}
    events = json.loads(run(loaded, "events", "--stream", f"report-{report_id}", "--json").output)
    assert [e["type"] for e in events] == ["ViolationReported", "ClaimRetracted"]


def test_a_time_correction_and_a_curated_collapse_change_the_status_table(db_url: str) -> None:
    src = ("--source", "https://example.org/s")
    assert run(db_url, "db", "upgrade").exit_code == 0
    steps = [
        (
            "record",
            "truce",
            "--id",
            "x1",
            "--name",
            "test",
            "--party",
            "AM",
            "--party",
            "AZ",
            "--effective",
            "2021-01-01T12:00+03:00",
            *src,
        ),
        (
            "record",
            "correct-time",
            "x1",
            "--which",
            "effective",
            "--time",
            "2021-01-01T12:00+04:00",
            "--reason",
            "the statement meant local time",
            *src,
        ),
        (
            "record",
            "end",
            "x1",
            "--type",
            "collapsed",
            "--declared-by",
            "AM",
            "--at",
            "2021-01-01T15:00+04:00",
            "--basis",
            "declared void",
            *src,
        ),
    ]
    for step in steps:
        result = run(db_url, *step)
        assert result.exit_code == 0, result.output
    (row,) = json.loads(run(db_url, "truces", "--json").output)
    assert (row["effective_local"], row["status"], row["status_rule"], row["lifespan"]) == (
        "2021-01-01T12:00+04:00",
        "collapsed",
        "C1.1",
        "3 h",
    )
