"""The Russian reader's fast paths give what the plain code they stand for gives."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tracker.extract.lang import lexicons
from tracker.extract.lang import reader as ru_reader
from tracker.extract.lang.lexicon import Lexicon
from tracker.extract.needles import folds_safely

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "extract"


def _russian_texts() -> list[str]:
    out: list[str] = []
    for line in (FIXTURES / "gold.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("language") == "ru":
            out.append((FIXTURES / entry["doc"]).read_text("utf-8"))
    return out


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return lexicons()["ru"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = _russian_texts()
    assert found
    return found


def _sent(text: str, start: int, end: int) -> ru_reader._Sent:
    low = text.lower()
    return ru_reader._Sent(text, start, end, [], [], [], [], low, low)


def test_gates_read_off_one_scan_of_the_text_are_each_sentences_own(
    lex: Lexicon, texts: list[str]
) -> None:
    for text in texts:
        hits = ru_reader._GateHits(text.lower(), lex)
        for start, end in ru_reader.sentences(text, lex):
            assert hits.gates(start, end) == _sent(text, start, end).gates(lex)


def test_a_stem_running_past_the_end_of_a_span_opens_no_gate_in_it(
    lex: Lexicon, texts: list[str]
) -> None:
    rng = random.Random(7)
    for text in texts:
        hits = ru_reader._GateHits(text.lower(), lex)
        for _ in range(200):
            start = rng.randrange(len(text))
            end = rng.randrange(start + 1, len(text) + 1)
            assert hits.gates(start, end) == _sent(text, start, end).gates(lex)
    cut = "Противник открыл огонь по позициям"
    hits = ru_reader._GateHits(cut.lower(), lex)
    assert "attack" in hits.gates(0, len(cut))
    assert "attack" not in hits.gates(0, cut.index("огонь") + 2)


def test_a_quotation_closes_at_the_first_closing_mark_of_the_next_four_sentences() -> None:
    rng = random.Random(11)
    for _ in range(2000):
        body = "".join(rng.choice("«“„ абв.") for _ in range(10))
        rest = "".join(rng.choice("\"'«»“”„ абв.") for _ in range(60))
        text = "«" + body + rest
        cuts = sorted(rng.sample(range(len(body) + 2, len(text)), 5))
        spans = list(zip([len(body) + 1, *cuts], [*cuts, len(text)], strict=True))
        marks = [i for s, e in spans[:4] for i in range(s, e) if text[i] == "»"]
        closer = ru_reader._quote_closer(text, 0, len(body) + 1, spans)
        assert closer == (marks[0] if marks else None)


def test_casualty_words_and_sides_read_lower_cased_are_the_ones_read_case_blind(
    lex: Lexicon, texts: list[str]
) -> None:
    for text in texts:
        low = text.lower() if folds_safely(text) else None
        for lo, hi in ru_reader.sentences(text, lex):
            for n in ru_reader.find_numbers(text, lo, hi, lex):
                args = (text, n.start, n.end, lo, hi)
                assert ru_reader._hurt_kind(*args, "", None, lex, low) == ru_reader._hurt_kind(
                    *args, "", None, lex
                )
                for claimant in ("AZ", "AM", "unattributed"):
                    assert ru_reader._victim_side(
                        *args, claimant, lex, low
                    ) == ru_reader._victim_side(*args, claimant, lex)
