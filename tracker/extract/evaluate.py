"""Evaluation of the extractor against annotated documents, exactly as shared/EVAL.md says.

Owns reading ``DIR/gold.jsonl`` and ``DIR/*.txt``, running ``extract`` on each
document, one-to-one greedy matching (violations by accuser side, accused side and day
or month, ties broken by place overlap; denials by denier side and date; casualties by
claimant side, category and figure; truces as sets of ids), optional items, place F1
over matched pairs, qualifier accuracy, and the micro-averaged overall score.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tracker.errors import ExtractionError
from tracker.extract.extractor import extract
from tracker.extract.model import side_of
from tracker.extract.places import canonical
from tracker.extract.timeexpr import parse_tz

CATEGORIES = ("violations", "denials", "casualties", "truces")
_META_KEYS = {"doc", "published", "tz", "note"}

Item = dict[str, Any]


@dataclass
class Counts:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_data(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class EvalResult:
    """Scores over a directory, per category and overall, with the predictions made."""

    categories: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    places: Counts = field(default_factory=Counts)
    qualifier_matched: int = 0
    qualifier_correct: int = 0
    documents: int = 0
    scored: int = 0
    skipped: dict[str, str] = field(default_factory=dict)
    predictions: list[dict[str, Any]] = field(default_factory=list)
    per_doc: dict[str, dict[str, Counts]] = field(default_factory=dict)

    @property
    def overall(self) -> Counts:
        total = Counts()
        for c in self.categories.values():
            total.add(c)
        return total

    @property
    def qualifier_accuracy(self) -> float | None:
        return self.qualifier_correct / self.qualifier_matched if self.qualifier_matched else None

    def f1(self, name: str) -> float:
        """F1 of a category, ``overall`` or ``places``."""
        if name == "overall":
            return self.overall.f1
        if name == "places":
            return self.places.f1
        return self.categories[name].f1

    def to_data(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "scored": self.scored,
            "categories": {k: v.to_data() for k, v in self.categories.items()},
            "places": self.places.to_data(),
            "qualifier_accuracy": self.qualifier_accuracy,
            "qualifier_pairs": self.qualifier_matched,
            "overall": self.overall.to_data(),
            "skipped": self.skipped,
            "per_doc": {d: {k: v.to_data() for k, v in c.items()} for d, c in self.per_doc.items()},
        }


def scoring_side(actor: str) -> str:
    """The side an actor scores as: armenian/azerbaijani for parties, else the code."""
    return side_of(actor) or actor


def parse_published(value: str, tz: str) -> datetime:
    """A gold ``published`` value as an aware datetime (a date is midnight in ``tz``)."""
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ExtractionError(f"bad published value {value!r}: {exc}") from exc
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=parse_tz(tz))


def load_gold(directory: Path) -> list[Item]:
    """The gold entries of ``directory/gold.jsonl``."""
    path = directory / "gold.jsonl"
    if not path.is_file():
        raise ExtractionError(f"no gold.jsonl in {directory}")
    entries: list[Item] = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExtractionError(f"{path}:{n}: not JSON: {exc.msg}") from exc
        if not isinstance(entry, dict) or "doc" not in entry or "published" not in entry:
            raise ExtractionError(f"{path}:{n}: an entry needs 'doc' and 'published'")
        entries.append(entry)
    return entries


def is_scored(entry: Item) -> bool:
    """False for an entry with only doc, published and tz: extracted, not scored."""
    return bool(set(entry) - _META_KEYS)


def _date_agrees(gold: str | None, pred: str | None) -> bool:
    if not gold or not pred:
        return False
    if len(gold) >= 10:
        return pred[:10] == gold[:10] and len(pred) >= 10
    return pred.startswith(gold)


def _canon(names: list[str]) -> set[str]:
    return {canonical(n) or n for n in names}


def match(
    gold: list[Item],
    pred: list[Item],
    ok: Callable[[Item, Item], bool],
    overlap: Callable[[Item, Item], int],
) -> tuple[list[tuple[Item, Item]], Counts]:
    """One-to-one greedy matching; optional gold items neither count nor penalise."""
    pairs = [
        (bool(g.get("optional")), -overlap(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if ok(g, p)
    ]
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched: list[tuple[Item, Item]] = []
    counts = Counts()
    for optional, _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        if not optional:
            matched.append((gold[gi], pred[pi]))
            counts.tp += 1
    counts.fn = sum(1 for gi, g in enumerate(gold) if gi not in used_g and not g.get("optional"))
    counts.fp = sum(1 for pi in range(len(pred)) if pi not in used_p)
    return matched, counts


def score_document(gold: Item, pred: Item, result: EvalResult) -> dict[str, Counts]:
    """Add one document's scores to ``result`` and return them."""
    doc: dict[str, Counts] = {}

    def v_ok(g: Item, p: Item) -> bool:
        return (
            scoring_side(g["accuser"]) == scoring_side(p["accuser"])
            and scoring_side(g["accused"]) == scoring_side(p["accused"])
            and _date_agrees(g.get("date"), p.get("date"))
        )

    def v_overlap(g: Item, p: Item) -> int:
        return len(_canon(g.get("places", [])) & _canon(p.get("places", [])))

    matched, doc["violations"] = match(
        gold.get("violations", []), pred["violations"], v_ok, v_overlap
    )
    for g, p in matched:
        gp, pp = _canon(g.get("places", [])), _canon(p.get("places", []))
        result.places.tp += len(gp & pp)
        result.places.fp += len(pp - gp)
        result.places.fn += len(gp - pp)

    def d_ok(g: Item, p: Item) -> bool:
        return scoring_side(g["denier"]) == scoring_side(p["denier"]) and _date_agrees(
            g.get("date"), p.get("date")
        )

    _, doc["denials"] = match(gold.get("denials", []), pred["denials"], d_ok, lambda g, p: 0)

    def c_ok(g: Item, p: Item) -> bool:
        return (
            scoring_side(g["claimant"]) == scoring_side(p["claimant"])
            and g["category"] == p["category"]
            and int(g["figure"]) == int(p["figure"])
        )

    matched_c, doc["casualties"] = match(
        gold.get("casualties", []),
        pred["casualties"],
        c_ok,
        lambda g, p: int(g.get("qualifier") == p.get("qualifier")),
    )
    for g, p in matched_c:
        result.qualifier_matched += 1
        result.qualifier_correct += int(g.get("qualifier", "exact") == p.get("qualifier"))

    gold_ids = set(gold.get("truces", []))
    optional_ids = set(gold.get("optional_truces", []))
    pred_ids = set(pred["truces"])
    doc["truces"] = Counts(
        tp=len(gold_ids & pred_ids),
        fp=len(pred_ids - gold_ids - optional_ids),
        fn=len(gold_ids - pred_ids),
    )
    for name, counts in doc.items():
        result.categories[name].add(counts)
    return doc


def evaluate(directory: Path | str) -> EvalResult:
    """Extract every annotated document of ``directory`` and score what is annotated."""
    root = Path(directory)
    if not root.is_dir():
        raise ExtractionError(f"not a directory: {root}")
    entries = load_gold(root)
    result = EvalResult()
    for entry in entries:
        path = root / entry["doc"]
        if not path.is_file():
            raise ExtractionError(f"gold.jsonl names {entry['doc']!r}, which is not in {root}")
        tz = entry.get("tz", "+04:00")
        published = parse_published(str(entry["published"]), tz)
        extraction = extract(path.read_text("utf-8", errors="replace"), published=published, tz=tz)
        pred = extraction.to_gold_dict(entry["doc"], str(entry["published"]), tz)
        result.predictions.append(pred)
        result.documents += 1
        if extraction.skipped_reason:
            result.skipped[entry["doc"]] = extraction.skipped_reason
        if is_scored(entry):
            result.scored += 1
            result.per_doc[entry["doc"]] = score_document(entry, pred, result)
    return result
