"""CSV, JSON Lines and CAMEO exports of the reference truces, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from tracker.cli import cli
from tracker.report import exports


def _csv(engine: Engine, view: str, chunk_size: int = 1000) -> list[dict[str, str]]:
    out = io.StringIO()
    exports.export_view(engine, view, "csv", out, chunk_size=chunk_size)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_every_analyst_view_is_available_in_a_projected_database(projected_engine: Engine) -> None:
    assert exports.available_views(projected_engine) == list(exports.ANALYST_VIEWS)


def test_truce_status_as_csv_has_utc_z_times_and_true_false_booleans(
    projected_engine: Engine,
) -> None:
    rows = {r["truce_id"]: r for r in _csv(projected_engine, "truce_status")}
    assert sorted(rows) == [
        "nk-2020-10-10",
        "nk-2020-10-18",
        "nk-2020-10-26",
        "nk-2020-11-10",
        "nk-2023-09-20",
    ]
    first = rows["nk-2020-10-10"]
    assert first["effective_at"] == "2020-10-10T08:00:00Z"
    assert first["minutes_to_first_violation"] == "5"
    assert first["lifespan_ongoing"] == "false"
    assert first["parties"] == '["AM","AZ"]'
    assert rows["nk-2020-11-10"]["effective_at"] == "2020-11-09T21:00:00Z"


def test_a_chunk_of_one_row_exports_the_same_rows_as_the_default_chunk(
    projected_engine: Engine,
) -> None:
    assert _csv(projected_engine, "violation_reports", chunk_size=1) == _csv(
        projected_engine, "violation_reports"
    )


def test_stream_view_hands_back_an_iterator_not_a_list(projected_engine: Engine) -> None:
    with projected_engine.connect() as conn:
        chunked = exports.stream_view(conn, "violation_reports", chunk_size=4)
        assert iter(chunked.rows) is chunked.rows
        assert "report_id" in chunked.columns
        assert sum(1 for _ in chunked.rows) == 15


def test_violation_reports_as_jsonl_are_one_object_per_line_with_json_booleans(
    projected_engine: Engine,
) -> None:
    out = io.StringIO()
    assert exports.export_view(projected_engine, "violation_reports", "jsonl", out) == 15
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 15
    assert all(isinstance(r["heavy"], bool) for r in records)
    assert all(r["occurred_at"].endswith("Z") for r in records)


def test_the_cameo_export_has_five_0871_truces_then_fifteen_196_claims(
    projected_engine: Engine,
) -> None:
    out = io.StringIO()
    assert exports.export_cameo(projected_engine, out) == 20
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(exports.CAMEO_COLUMNS)
    truces = [r for r in rows if r["EventCode"] == "0871"]
    claims = [r for r in rows if r["EventCode"] == "196"]
    assert len(truces) == 5 and len(claims) == 15
    moscow = next(r for r in truces if r["TruceId"] == "nk-2020-10-10")
    assert (moscow["Actor1Code"], moscow["Actor2Code"], moscow["Mediators"]) == (
        "ARM",
        "AZE",
        "RUS",
    )
    assert moscow["EventDescription"] == "Declare truce, ceasefire"
    assert moscow["IsClaim"] == "false"
    assert all(
        r["IsClaim"] == "true" and r["EventDescription"] == "Violate ceasefire" for r in claims
    )


def test_a_violation_claim_puts_the_accused_first_the_victim_second_and_keeps_the_claimant(
    projected_engine: Engine,
) -> None:
    out = io.StringIO()
    exports.export_cameo(projected_engine, out)
    claims = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["EventCode"] == "196"]
    first = next(r for r in claims if r["EventDate"] == "2020-10-10T08:05:00Z")
    assert (first["Actor1Code"], first["Actor2Code"], first["Claimant"]) == ("AZE", "ARM", "ARM")
    assert first["SQLDATE"] == "20201010"
    assert first["TruceId"] == "nk-2020-10-10"
    monitor = next(r for r in claims if r["SQLDATE"] == "20220802" or r["SQLDATE"] == "20220803")
    assert (monitor["Actor1Code"], monitor["Actor2Code"], monitor["Claimant"]) == (
        "AZE",
        "NK",
        "RUS",
    )
    assert monitor["SOURCEURL"].startswith("https://")


def test_tracker_export_writes_one_csv_per_view_into_the_directory(
    projected_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    result = CliRunner().invoke(cli, ["--database", projected_url, "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{v}.csv" for v in exports.ANALYST_VIEWS
    )
    assert f"Wrote {out / 'truce_status.csv'} (5 rows)" in result.output


def test_tracker_export_of_one_view_to_standard_output_prints_only_the_data(
    projected_url: str,
) -> None:
    result = CliRunner().invoke(
        cli, ["--database", projected_url, "export", "--format", "jsonl", "--view", "truce_status"]
    )
    assert result.exit_code == 0, result.output
    assert (
        next(json.loads(line)["truce_id"] for line in result.stdout.splitlines()) == "nk-2020-10-10"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", "--view", "events"], 1, "Error: unknown view events; choose from truce_status"),
        (
            ["export"],
            2,
            f"{len(exports.ANALYST_VIEWS)} views to export: name one with --view to write to standard output",
        ),
        (
            ["export", "--format", "cameo", "--view", "truce_status"],
            2,
            "--view does not apply to --format cameo",
        ),
    ],
    ids=["unknown view", "many views to stdout", "view with cameo"],
)
def test_tracker_export_refuses_bad_requests_with_one_clear_line(
    projected_sqlite: str, args: list[str], code: int, message: str
) -> None:
    result = CliRunner().invoke(cli, ["--database", projected_sqlite, *args])
    assert result.exit_code == code
    assert message in result.output
