"""Scoring per shared/EVAL.md, the project's fixture evaluation with floors, and ``tracker eval``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.errors import ExtractionError
from tracker.extract.evaluate import (
    EvalResult,
    evaluate,
    is_scored,
    merge_violations,
    score_document,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "extract"
# Floors a regression must not cross (the fixtures scored 1.0 everywhere when written;
# the floors leave room for deliberate trade-offs, not for silent breakage).
FLOORS = {
    "violations": 0.9,
    "denials": 0.85,
    "casualties": 0.9,
    "truces": 0.9,
    "overall": 0.92,
    "places": 0.9,
}


def _pred(**items: list[dict[str, object]]) -> dict[str, object]:
    base: dict[str, object] = {"truces": [], "violations": [], "denials": [], "casualties": []}
    base.update(items)
    return base


def test_violations_are_scored_as_distinct_claims_per_sides_and_day() -> None:
    gold = {
        "violations": [
            {"accuser": "NK", "accused": "AZ", "date": "2020-10-29", "places": ["Martakert"]},
            {
                "accuser": "NK",
                "accused": "AZ",
                "date": "2020-10-29",
                "places": ["Stepanakert", "Shushi"],
            },
            {"accuser": "NK", "accused": "AZ", "date": "2020-10", "places": [], "optional": True},
        ]
    }
    pred = _pred(
        violations=[
            {
                "accuser": "AM",
                "accused": "AZ",
                "date": "2020-10-29",
                "places": ["Khankendi", "Shusha"],
            },
            {"accuser": "NK", "accused": "AZ", "date": "2020-10-29", "places": ["Aghdara"]},
            {"accuser": "NK", "accused": "AZ", "date": "2020-10-12", "places": []},
            {"accuser": "AZ", "accused": "AM", "date": "2020-10-29", "places": []},
        ]
    )
    result = EvalResult()
    doc = score_document(gold, pred, result)
    # Both gold items of 29 Oct are one claim (places joined); so are the two Armenian-side
    # predictions of that day. The 12 Oct one meets the optional October item (neither
    # counted nor penalised); the reversed one stays unmatched.
    assert (doc["violations"].tp, doc["violations"].fp, doc["violations"].fn) == (1, 1, 0)
    assert (result.places.tp, result.places.fp, result.places.fn) == (3, 0, 0)


def test_merging_keeps_a_claim_required_when_any_of_its_items_is() -> None:
    items = [
        {"accuser": "AM", "accused": "AZ", "date": "2020-10-29", "places": ["Berd"]},
        {
            "accuser": "NK",
            "accused": "AZ",
            "date": "2020-10-29",
            "places": ["Berd", "Sur"],
            "optional": True,
        },
        {"accuser": "AZ", "accused": "AM", "date": "2020-10-29", "places": [], "optional": True},
    ]
    merged = merge_violations(items)
    assert len(merged) == 2
    armenian = next(m for m in merged if m["accuser"] == "AM")
    assert armenian["places"] == ["Berd", "Sur"] and not armenian["optional"]
    assert next(m for m in merged if m["accuser"] == "AZ")["optional"]
    assert items[0]["places"] == ["Berd"], "the input items are not changed"


def test_errors_and_languages_are_reported_per_document(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Nothing happened today.")
    (tmp_path / "two.txt").write_text("Nothing happened today either.")
    gold = [
        {
            "doc": "one.txt",
            "published": "2020-10-10",
            "tz": "+04:00",
            "language": "en",
            "truces": ["nk-2020-10-10"],
        },
        {
            "doc": "two.txt",
            "published": "2020-10-10",
            "tz": "+04:00",
            "language": "xx",
            "truces": [],
        },
    ]
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold))
    result = evaluate(tmp_path)
    assert set(result.languages) == {"en", "xx"}
    assert result.languages["en"].categories["truces"].fn == 1
    assert result.languages["xx"].overall.fn == 0
    assert result.errors["one.txt"]["truces"]["missed"] == [{"id": "nk-2020-10-10"}]
    only = evaluate(tmp_path, docs="two*")
    assert only.documents == 1 and only.overall.fn == 0


def test_casualties_denials_truces_and_optional_items() -> None:
    gold = {
        "truces": ["nk-2020-10-26"],
        "optional_truces": ["nk-2020-10-18"],
        "denials": [{"denier": "AZ", "accuser": "NK", "date": "2020-10-29", "what": "x"}],
        "casualties": [
            {
                "claimant": "NK",
                "side": "armenian",
                "category": "military_killed",
                "figure": 1166,
                "qualifier": "exact",
            },
            {
                "claimant": "unattributed",
                "side": "both",
                "category": "total_killed",
                "figure": 100,
                "qualifier": "hundreds",
                "optional": True,
            },
        ],
    }
    pred = _pred(
        truces=["nk-2020-10-26", "nk-2020-10-18", "nk-2020-11-10"],
        denials=[{"denier": "AZ", "accuser": "AM", "date": "2020-10-29", "what": "y"}],
        casualties=[
            {
                "claimant": "AM",
                "side": "armenian",
                "category": "military_killed",
                "figure": 1166,
                "qualifier": "at_least",
            },
            {
                "claimant": "unattributed",
                "side": "both",
                "category": "total_killed",
                "figure": 100,
                "qualifier": "hundreds",
            },
        ],
    )
    result = EvalResult()
    doc = score_document(gold, pred, result)
    assert (doc["truces"].tp, doc["truces"].fp, doc["truces"].fn) == (1, 1, 0)
    assert (doc["denials"].tp, doc["casualties"].tp, doc["casualties"].fp) == (1, 1, 0)
    assert result.qualifier_accuracy == 0.0
    assert result.overall.tp == 3


def test_metadata_only_entries_are_not_scored() -> None:
    assert not is_scored({"doc": "a.txt", "published": "2020-10-10", "tz": "+04:00"})
    assert is_scored({"doc": "a.txt", "published": "2020-10-10", "tz": "+04:00", "violations": []})


def test_fixture_evaluation_stays_above_its_floors() -> None:
    result = evaluate(FIXTURES)
    assert result.documents >= 40 and result.scored == result.documents - 1
    assert {"f32_not_english_french.txt", "f44_empty.txt", "f46_not_english_ukrainian.txt"} <= set(
        result.skipped
    )
    assert "f31_russian_ministry_bulletin.txt" not in result.skipped
    low = {
        name: round(result.f1(name), 3) for name, floor in FLOORS.items() if result.f1(name) < floor
    }
    assert not low, f"below the floor: {low}"


def test_missing_document_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text(
        '{"doc": "nope.txt", "published": "2020-10-10", "tz": "+04:00"}\n'
    )
    with pytest.raises(ExtractionError, match=r"nope\.txt"):
        evaluate(tmp_path)


def test_eval_command_table_json_predictions_and_floor(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "pred.jsonl"
    res = runner.invoke(
        cli,
        ["eval", str(FIXTURES), "--json", "--predictions", str(out), "--floor", "violations=0.5"],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data["categories"]) == {"violations", "denials", "casualties", "truces"}
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == data["documents"]
    unscored = next(p for p in lines if p["doc"] == "f43_only_metadata_unscored.txt")
    assert unscored["violations"][0]["accuser"] == "NK"

    res = runner.invoke(cli, ["eval", str(FIXTURES)])
    assert res.exit_code == 0 and "qualifier accuracy" in res.output and "overall" in res.output

    res = runner.invoke(cli, ["eval", str(tmp_path / "absent")])
    assert res.exit_code == 1 and res.output.startswith("Error:")

    res = runner.invoke(cli, ["eval", str(FIXTURES), "--floor", "bogus=0.5"])
    assert res.exit_code == 2


def test_eval_command_fails_below_a_floor(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Armenian officials said Azerbaijani forces shelled Stepanakert on Sunday.\n"
    )
    gold = {
        "doc": "a.txt",
        "published": "2020-10-05",
        "tz": "+04:00",
        "violations": [{"accuser": "AZ", "accused": "AM", "date": "2020-10-04", "places": []}],
    }
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    res = CliRunner().invoke(cli, ["eval", str(tmp_path), "--floor", "violations=0.5"])
    assert res.exit_code == 1
    assert "violations F1 0.000 < 0.500" in res.output
