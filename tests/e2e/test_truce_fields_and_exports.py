"""Truce attributes (ETH/PRIO, UCDP), places on maps and one format across exports,
through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tracker.cli import cli

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "feeds" / "conflicts" / "nagorno-karabakh" / "reference.toml"
TRUCE = [
    "record", "truce", "--id", "t-1", "--name", "Moscow ceasefire", "--party", "AM",
    "--party", "AZ", "--effective", "2020-10-10T12:00+04:00", "--source", "https://e.org/t",
]  # fmt: skip


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--database", db, *args])


def loaded(db_url: str) -> str:
    for args in (["load", str(REFERENCE)], ["project"]):
        result = run(db_url, *args)
        assert result.exit_code == 0, result.output
    return db_url


def jsonl(db: str, view: str) -> list[dict[str, object]]:
    result = run(db, "export", "--format", "jsonl", "--view", view)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def test_record_truce_sets_the_coded_attributes(db_url: str) -> None:
    result = run(
        db_url,
        *TRUCE,
        "--type",
        "humanitarian",
        "--declaration",
        "bilateral",
        "--written",
        "verbal",
        "--purpose",
        "exchange of bodies",
        "--scope",
        "the line of contact",
        "--monitoring",
        "none",
    )
    assert result.exit_code == 0, result.output
    (row,) = jsonl(db_url, "truce_status")
    assert (row["truce_type"], row["declaration"], row["written"]) == (
        "humanitarian",
        "bilateral",
        "verbal",
    )
    assert (row["purpose"], row["scope"], row["monitoring"]) == (
        "exchange of bodies",
        "the line of contact",
        "none",
    )
    assert row["mediated"] is False
    assert row["terms"] == [] and row["attribute_sources"] == {}


@pytest.mark.parametrize(
    ("option", "value"),
    [("--type", "ceasefire"), ("--declaration", "trilateral"), ("--written", "oral")],
)
def test_record_truce_refuses_a_value_outside_the_vocabulary_and_lists_the_allowed(
    db_url: str, option: str, value: str
) -> None:
    result = run(db_url, *TRUCE, option, value)
    assert result.exit_code == 2
    assert f"'{value}' is not one of" in result.output


def test_the_reference_truces_have_their_attributes_with_sources(db_url: str) -> None:
    truces = {r["truce_id"]: r for r in jsonl(loaded(db_url), "truce_status")}
    assert len(truces) == 5
    for tid, r in truces.items():
        assert r["truce_type"] in ("humanitarian", "general"), tid
        assert r["declaration"] in ("bilateral", "unilateral", "multilateral"), tid
        assert r["written"] in ("written", "verbal", "unclear"), tid
        assert r["purpose"] and r["scope"] and r["monitoring"], tid
        assert isinstance(r["terms"], list) and r["terms"], tid
        sources = r["attribute_sources"]
        assert isinstance(sources, dict), tid
        for attribute in ("purpose", "truce_type", "declaration", "written", "monitoring"):
            assert all(u.startswith("http") for u in sources[attribute]) and sources[attribute]
    humanitarian = {t for t, r in truces.items() if r["truce_type"] == "humanitarian"}
    assert humanitarian == {"nk-2020-10-10", "nk-2020-10-18", "nk-2020-10-26"}
    assert truces["nk-2023-09-20"]["written"] == "verbal"
    assert truces["nk-2020-11-10"]["mediated"] is True


def test_violation_reports_carry_coordinates_and_the_administrative_unit(db_url: str) -> None:
    reports = jsonl(loaded(db_url), "violation_reports")
    placed = [r for r in reports if r["location"]]
    assert placed
    for r in placed:
        assert isinstance(r["latitude"], float) and 38 < r["latitude"] < 42
        assert isinstance(r["longitude"], float) and 44 < r["longitude"] < 50
        assert r["admin1"] and r["country"] and r["geo_precision"] in (1, 2)
        assert r["places_geo"][0]["name"] == r["location"]
        assert len(r["places_geo"]) <= len(r["places"])  # the gazetteer's names ("Hin Tagher")
    hadrut = [r for r in placed if r["location"] == "Hadrut"]
    assert hadrut and all("Hadrut" in str(r["admin1"]) for r in hadrut)


def test_one_format_for_lists_booleans_times_and_status_across_exports(db_url: str) -> None:
    db = loaded(db_url)
    for view in ("truce_status", "violation_reports", "casualty_claims", "denials"):
        for r in jsonl(db, view):
            for column, value in r.items():
                if column.endswith(("_at",)) and value is not None:
                    assert isinstance(value, str) and value.endswith("Z") and "T" in value
                if column in ("places", "source_urls", "parties", "brokers", "sources"):
                    assert isinstance(value, list), (view, column, value)
                if column in ("confirmed", "heavy", "mediated", "lifespan_ongoing"):
                    assert value is None or isinstance(value, bool), (view, column, value)
            if view == "violation_reports":
                assert r["confirmed"] is (r["claim_status"] == "confirmed")
    out = run(db, "export", "--format", "csv", "--view", "violation_reports")
    first = next(csv.DictReader(io.StringIO(out.output)))
    assert first["confirmed"] in ("true", "false")
    assert json.loads(first["places"]) == json.loads(first["places"])  # JSON text in CSV
    cameo = list(
        csv.DictReader(io.StringIO(run(db, "export", "--format", "cameo", "--out", "-").output))
    )
    truce_rows = [r for r in cameo if r["GLOBALEVENTID"].startswith("truce:")]
    assert {r["EventCode"] for r in truce_rows} == {"0871"}
    assert {r["EventRootCode"] for r in truce_rows} == {"08"}
    located = [r for r in cameo if r["ActionGeo_Lat"]]
    assert located and all(float(r["ActionGeo_Long"]) > 0 for r in located)


def test_json_outputs_use_the_export_forms(db_url: str) -> None:
    db = loaded(db_url)
    for command, view in (
        (["truces", "--json"], "truce_status"),
        (["violations", "--json"], "violation_reports"),
    ):
        result = run(db, *command)
        assert result.exit_code == 0, result.output
        printed = json.loads(result.output)
        exported = {json.dumps(r, sort_keys=True) for r in jsonl(db, view)}
        assert printed
        for row in printed:
            if view == "truce_status":  # the view computes ongoing lifespans from the clock
                continue
            assert json.dumps(row, sort_keys=True) in exported
        for row in printed:
            assert isinstance(
                row["source_urls" if view == "violation_reports" else "parties"], list
            )
            at = row["effective_at" if view == "truce_status" else "occurred_at"]
            assert at.endswith("Z")


def test_record_casualty_maps_the_curators_words_and_refuses_unknown_ones(db_url: str) -> None:
    base = [
        "record",
        "casualty",
        "--claimant",
        "AZ",
        "--figure",
        "7",
        "--source",
        "https://e.org/c",
    ]
    ok = run(db_url, *base, "--side", "AZ", "--category", "civilian", "--outcome", "wounded",
             "--qualifier", "at least")  # fmt: skip
    assert ok.exit_code == 0, ok.output
    (row,) = jsonl(db_url, "casualty_claims")
    assert (row["side"], row["side_actor"], row["category"], row["qualifier"]) == (
        "azerbaijani",
        "AZ",
        "civilian_injured",
        "at_least",
    )
    assert (row["qualifier_text"], row["origin"], row["confirmed"]) == ("at least", "curated", True)
    bad = run(db_url, *base, "--side", "AZ", "--category", "children")
    assert bad.exit_code == 2 and "civilian_killed" in bad.output
    bad = run(
        db_url, *base, "--side", "AZ", "--category", "civilian_killed", "--qualifier", "maybe"
    )
    assert bad.exit_code == 2 and "at_least" in bad.output
