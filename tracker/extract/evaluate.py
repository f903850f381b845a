"""Evaluation of the extractor against annotated documents, exactly as shared/EVAL.md says.

Owns reading ``DIR/gold.jsonl`` and ``DIR/*.txt``, running ``extract`` on each
document, merging violations into distinct claims (one per accuser side, accused side
and date, on both sides, places joined), one-to-one greedy matching (violations by
accuser side, accused side and day or month, ties broken by place overlap; denials by
denier side and date; casualties by claimant side, category and figure; truces as sets
of ids), optional items, place F1 over matched pairs, qualifier accuracy, the
micro-averaged overall score, and the same scores per language.
"""

from __future__ import annotations

import fnmatch
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
    #: Per document and category, the gold items missed and the predictions unmatched.
    errors: dict[str, dict[str, dict[str, list[Item]]]] = field(default_factory=dict)
    #: The same scores for the documents of each language (gold ``language``, default ``en``).
    languages: dict[str, EvalResult] = field(default_factory=dict)

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

    def language(self, code: str) -> EvalResult:
        """The sub-result of one language, made on first use."""
        return self.languages.setdefault(code, EvalResult())

    def to_data(self) -> dict[str, Any]:
        data = self._scores()
        data["languages"] = {k: v._scores() for k, v in sorted(self.languages.items())}
        data["skipped"] = self.skipped
        data["per_doc"] = {
            d: {k: v.to_data() for k, v in c.items()} for d, c in self.per_doc.items()
        }
        return data

    def _scores(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "scored": self.scored,
            "categories": {k: v.to_data() for k, v in self.categories.items()},
            "places": self.places.to_data(),
            "qualifier_accuracy": self.qualifier_accuracy,
            "qualifier_pairs": self.qualifier_matched,
            "overall": self.overall.to_data(),
        }


def scoring_side(actor: str) -> str:
    """The side an actor scores as: the pack's side for parties, else the code."""
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


def merge_violations(items: list[Item]) -> list[Item]:
    """Distinct claims: items with the same accuser side, accused side and date become one.

    Places are joined in order of first mention; the merged claim is optional only when
    every item merged into it is.
    """
    merged: dict[tuple[str, str, str | None], Item] = {}
    for item in items:
        key = (scoring_side(item["accuser"]), scoring_side(item["accused"]), item.get("date"))
        old = merged.get(key)
        if old is None:
            merged[key] = dict(item, places=list(item.get("places", [])))
            continue
        for place in item.get("places", []):
            if place not in old["places"]:
                old["places"].append(place)
        old["optional"] = bool(old.get("optional")) and bool(item.get("optional"))
    return list(merged.values())


@dataclass
class Matching:
    """The outcome of matching one category of one document."""

    matched: list[tuple[Item, Item]]
    counts: Counts
    missed: list[Item]
    spurious: list[Item]


def match(
    gold: list[Item],
    pred: list[Item],
    ok: Callable[[Item, Item], bool],
    overlap: Callable[[Item, Item], int],
) -> Matching:
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
    missed = [g for gi, g in enumerate(gold) if gi not in used_g and not g.get("optional")]
    spurious = [p for pi, p in enumerate(pred) if pi not in used_p]
    counts.fn = len(missed)
    counts.fp = len(spurious)
    return Matching(matched, counts, missed, spurious)


def score_document(gold: Item, pred: Item, *results: EvalResult) -> dict[str, Counts]:
    """Add one document's scores to each of ``results`` and return them."""
    doc: dict[str, Counts] = {}
    errors: dict[str, dict[str, list[Item]]] = {}

    def keep(name: str, m: Matching) -> Matching:
        doc[name] = m.counts
        if m.missed or m.spurious:
            errors[name] = {"missed": m.missed, "spurious": m.spurious}
        return m

    def v_ok(g: Item, p: Item) -> bool:
        return (
            scoring_side(g["accuser"]) == scoring_side(p["accuser"])
            and scoring_side(g["accused"]) == scoring_side(p["accused"])
            and _date_agrees(g.get("date"), p.get("date"))
        )

    def v_overlap(g: Item, p: Item) -> int:
        return len(_canon(g.get("places", [])) & _canon(p.get("places", [])))

    violations = keep(
        "violations",
        match(
            merge_violations(gold.get("violations", [])),
            merge_violations(pred["violations"]),
            v_ok,
            v_overlap,
        ),
    )
    places = Counts()
    for g, p in violations.matched:
        gp, pp = _canon(g.get("places", [])), _canon(p.get("places", []))
        places.add(Counts(tp=len(gp & pp), fp=len(pp - gp), fn=len(gp - pp)))

    def d_ok(g: Item, p: Item) -> bool:
        return scoring_side(g["denier"]) == scoring_side(p["denier"]) and _date_agrees(
            g.get("date"), p.get("date")
        )

    keep("denials", match(gold.get("denials", []), pred["denials"], d_ok, lambda g, p: 0))

    def c_ok(g: Item, p: Item) -> bool:
        return (
            scoring_side(g["claimant"]) == scoring_side(p["claimant"])
            and g["category"] == p["category"]
            and int(g["figure"]) == int(p["figure"])
        )

    matched_c = keep(
        "casualties",
        match(
            gold.get("casualties", []),
            pred["casualties"],
            c_ok,
            lambda g, p: int(g.get("qualifier") == p.get("qualifier")),
        ),
    ).matched
    qualifiers_right = sum(
        int(g.get("qualifier", "exact") == p.get("qualifier")) for g, p in matched_c
    )

    gold_ids = set(gold.get("truces", []))
    optional_ids = set(gold.get("optional_truces", []))
    pred_ids = set(pred["truces"])
    keep(
        "truces",
        Matching(
            [],
            Counts(
                tp=len(gold_ids & pred_ids),
                fp=len(pred_ids - gold_ids - optional_ids),
                fn=len(gold_ids - pred_ids),
            ),
            [{"id": t} for t in sorted(gold_ids - pred_ids)],
            [{"id": t} for t in sorted(pred_ids - gold_ids - optional_ids)],
        ),
    )
    for result in results:
        if errors:
            result.errors[str(gold.get("doc", ""))] = errors
        for name, counts in doc.items():
            result.categories[name].add(counts)
        result.places.add(places)
        result.qualifier_matched += len(matched_c)
        result.qualifier_correct += qualifiers_right
    return doc


def evaluate(directory: Path | str, docs: str | None = None) -> EvalResult:
    """Extract every annotated document of ``directory`` and score what is annotated.

    ``docs`` is a shell pattern on file names (``"c*"``): only those documents are read.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ExtractionError(f"not a directory: {root}")
    entries = load_gold(root)
    result = EvalResult()
    for entry in entries:
        if docs is not None and not fnmatch.fnmatch(entry["doc"], docs):
            continue
        path = root / entry["doc"]
        if not path.is_file():
            raise ExtractionError(f"gold.jsonl names {entry['doc']!r}, which is not in {root}")
        tz = entry.get("tz", "+04:00")
        published = parse_published(str(entry["published"]), tz)
        extraction = extract(path.read_text("utf-8", errors="replace"), published=published, tz=tz)
        pred = extraction.to_gold_dict(entry["doc"], str(entry["published"]), tz)
        result.predictions.append(pred)
        lang = result.language(str(entry.get("language") or "en"))
        for r in (result, lang):
            r.documents += 1
            if extraction.skipped_reason:
                r.skipped[entry["doc"]] = extraction.skipped_reason
        if is_scored(entry):
            result.scored += 1
            lang.scored += 1
            result.per_doc[entry["doc"]] = score_document(entry, pred, result, lang)
    return result
