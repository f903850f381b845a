"""The needle gates and narrowed patterns give what the plain patterns they stand for give."""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.extract.sources import on_the_sources
from tracker.extract.casualties import _BOTH
from tracker.extract.lang import lexicons
from tracker.extract.lang import reader as ru_reader
from tracker.extract.lang.reader import (
    _actor_index,
    _any_weapon,
    _starts,
    find_actors,
    find_places,
)
from tracker.extract.needles import UNSAFE, folds_safely, may_search, needles
from tracker.extract.text import anchored, lowered
from tracker.extract.truces import _brokers

ROOT = Path(__file__).resolve().parents[3]
FOLDERS = (ROOT / "tests" / "fixtures" / "extract", ROOT.parent / "shared" / "devset")
#: Letters that case-blind matching folds with others that lower-casing keeps apart.
ODD = "ıİſKᲀᲁᲂᲃᲄᲅᲆᲇΣς"


def _texts() -> list[str]:
    out: list[str] = []
    for folder in FOLDERS:
        if folder.is_dir():
            out.extend(p.read_text("utf-8") for p in sorted(folder.glob("*.txt")))
    return out


TEXTS = _texts()


def _variants(text: str) -> Iterator[str]:
    yield text
    yield text.lower()
    yield text.upper()
    yield "\u0130 " + text.replace("в", "\u1c80")  # lower-cases longer; folds apart from lower


def _spans(text: str, rnd: random.Random, count: int = 12) -> Iterator[tuple[int, int]]:
    yield 0, len(text)
    for _ in range(count):
        a = rnd.randint(0, max(0, len(text) - 1))
        yield a, min(len(text), a + rnd.randint(0, 400))


def _gated_patterns() -> list[re.Pattern[str]]:
    lex = lexicons()["ru"]
    return [
        _BOTH,
        *(rx for _, rx in _brokers()),
        _any_weapon(lex),
        lex.accident,
        lex.reciprocal,
        lex.injured,
    ]


def test_the_unsafe_letters_are_those_case_blind_matching_folds_apart_from_lower() -> None:
    sre = importlib.import_module("_sre")
    extra = importlib.import_module("re._casefix")._EXTRA_CASES
    parent: dict[int, int] = {}

    def root(a: int) -> int:
        while parent.get(a, a) != a:
            a = parent[a]
        return a

    for key, values in extra.items():
        for v in values:
            ra, rb = root(key), root(v)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    found = {
        chr(cp) for cp in range(0x110000) if chr(cp).lower() != chr(root(sre.unicode_tolower(cp)))
    }
    assert found == UNSAFE


def test_needles_are_read_from_every_branch() -> None:
    assert needles(re.compile(r"\b(?:shell\w*|bomb(?:ed|ing)|fir(?:e|ed))\b", re.I)) == (
        "bomb",
        "fire",
        "shell",
    )
    assert needles(re.compile(r"\d+ (?:killed|dead)")) == ("dead", "killed")
    assert needles(re.compile(r"\w+")) is None
    assert needles(re.compile(r"(?:said)?\s+")) is None


def test_the_gate_never_passes_over_a_match_in_real_text() -> None:
    rnd = random.Random(5)
    for rx in _gated_patterns():
        assert needles(rx) is not None, rx.pattern
        for text in TEXTS:
            for variant in _variants(text):
                low = variant.lower() if folds_safely(variant) else None
                for a, b in _spans(variant, rnd):
                    if not may_search(rx, low, a, b):
                        assert rx.search(variant, a, b) is None, (rx.pattern, variant[a:b])


def test_the_gate_never_passes_over_a_match_in_random_text_with_odd_letters() -> None:
    rnd = random.Random(9)
    for rx in _gated_patterns():
        words = needles(rx) or ()
        pieces = [*words, *(w.upper() for w in words), *ODD, " ", "-", "и", "i", "s", "k"]
        for _ in range(400):
            text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
            for variant in _variants(text):
                low = variant.lower() if folds_safely(variant) else None
                if not may_search(rx, low):
                    assert rx.search(variant) is None, (rx.pattern, variant)


def test_text_with_odd_letters_is_always_read() -> None:
    for ch in sorted(UNSAFE):
        assert not folds_safely(f"abc {ch} где")
    assert folds_safely("Обстрел Степанакерта, ceasefire")
    assert may_search(_BOTH, None)


@on_the_sources
def test_russian_actors_narrowed_by_openings_are_the_ones_their_first_letters_find(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lex = lexicons()["ru"]
    rnd = random.Random(3)
    texts = [t for t in TEXTS if sum("а" <= c <= "я" for c in t) > 100]
    assert texts
    spans = [
        (variant, a, b, ru_reader._lower(variant))
        for text in texts
        for variant in _variants(text)
        for a, b in _spans(variant, rnd, 4)
    ]
    narrowed = [find_actors(v, a, b, lex, low) for v, a, b, low in spans]
    _actor_index.cache_clear()
    monkeypatch.setattr(ru_reader, "_opens", lambda opening, word, whole: True)
    try:
        assert [find_actors(v, a, b, lex, low) for v, a, b, low in spans] == narrowed
    finally:
        _actor_index.cache_clear()


def test_russian_patterns_tried_where_they_open_find_what_they_find_everywhere() -> None:
    lex = lexicons()["ru"]
    assert _starts(lex.dates) is None  # case-blind: read everywhere
    rnd = random.Random(4)
    for blind in (lex.dates, lex.speech, lex.attack, lex.attack_weak, lex.deny):
        fast = lowered(blind)
        starts = _starts(fast)
        assert starts is not None, blind.pattern
        for text in TEXTS:
            for variant in _variants(text):
                low = variant.lower()
                for a, b in _spans(variant, rnd, 3):
                    everywhere = [m.span() for m in fast.finditer(low, a, b)]
                    assert [m.span() for m in anchored(fast, starts, low, a, b)] == everywhere


@on_the_sources
def test_russian_places_looked_up_after_opening_words_only_are_all_the_places(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lex = lexicons()["ru"]
    rnd = random.Random(6)
    spans = [
        (variant, a, b)
        for text in TEXTS
        for variant in _variants(text)
        for a, b in _spans(variant, rnd, 4)
    ]
    gated = [find_places(v, a, b, lex) for v, a, b in spans]
    monkeypatch.setattr(ru_reader, "opens_name", lambda word: True)
    assert [find_places(v, a, b, lex) for v, a, b in spans] == gated


def test_russian_sentence_patterns_read_lower_cased_find_what_they_find_case_blind() -> None:
    lex = lexicons()["ru"]
    patterns = [
        *(lex.accident, lex.reciprocal, lex.killed, lex.injured, lex.no_losses),
        *(lex.attack, lex.attack_weak, *(rx for rx, _ in lex.weapons)),
    ]
    rnd = random.Random(10)
    for text in TEXTS:
        for variant in _variants(text):
            low = ru_reader._lower(variant)
            folded = low if low is not None and folds_safely(variant) else None
            for a, b in _spans(variant, rnd, 6):
                sent = ru_reader._Sent(variant, a, b, [], [], [], [], low, folded)
                for rx in patterns:
                    assert ru_reader._searched(rx, sent) == (rx.search(variant[a:b]) is not None)
