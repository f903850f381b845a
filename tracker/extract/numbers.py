"""Numbers as written: digits with separators, numbers in words, vague quantities, qualifiers.

Owns finding quantities in a sentence (``find_numbers``) and the qualifier words before
them ("at least", "nearly", "more than", "around", "up to") mapped to the gold-schema
qualifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from tracker.extract.needles import folds_safely
from tracker.extract.text import anchored, factored, lower_ascii, lowered, on_ascii

_UNITS: Final = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS: Final = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES: Final = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE: Final = {
    "dozens": (12, "dozens"),
    "scores": (20, "scores"),
    "hundreds": (100, "hundreds"),
    "thousands": (1000, "thousands"),
    "tens of thousands": (10000, "tens_of_thousands"),
    "a dozen": (12, "approximately"),
    "a handful": (3, "approximately"),
    "several": (3, "several"),
}

_WORDNUM: Final = (
    r"(?:(?:"
    + "|".join(sorted(_TENS, key=len, reverse=True))
    + r")(?:[- ](?:"
    + "|".join(k for k in _UNITS if len(k) > 2)
    + r"))?|"
    + "|".join(sorted((k for k in _UNITS if k not in ("a", "an")), key=len, reverse=True))
    + r")"
)
_NUMBER: Final = re.compile(
    r"(?P<dozen>\b(?:two|three|four|five|half a) dozen\b)"
    r"|(?P<ahundred>\ba (?:hundred|thousand)\b)"
    r"|(?P<vague>\btens of thousands\b|\b(?:dozens|scores|hundreds|thousands)\b|\ba dozen\b|\ba handful\b|\bseveral\b)"
    r"|(?P<digits>(?<![\d.:])(?<!\d,)\d{1,3}(?:(?:,|\u202f| (?=\d{3}\b))\d{3})+(?![\d:])|(?<![\d.:/-])(?<!\d,)\d+(?:\.\d+)?(?![\d:/]))"
    r"(?:\s*(?P<dscale>million|thousand))?"
    r"|(?P<words>\b"
    + _WORDNUM
    + r"(?:\s+(?:hundred|thousand)(?:\s+(?:and\s+)?"
    + _WORDNUM
    + r")?)*\b)"
    r"|(?P<article>\b(?:a|an)\b)",
    re.I,
)

#: Where a match of ``_NUMBER`` can begin: a digit, or a word its letter alternatives open with.
_NUMBER_STARTS: Final = re.compile(
    r"\d|\b(?:"
    + factored(  # the same alternatives, their shared first letters written once
        "|".join(
            sorted(
                {
                    *("two", "three", "four", "five", "half", "a", "an", "tens", "several"),
                    *("dozens", "scores", "hundreds", "thousands"),
                    *_TENS,
                    *_UNITS,
                },
                key=len,
                reverse=True,
            )
        )
    )
    + r")"
)

_QUALIFIERS: Final[tuple[tuple[str, str], ...]] = (
    (r"at least|no fewer than|no less than|a minimum of", "at_least"),
    (
        r"more than|over|in excess of|upwards of|exceeded|exceeds|exceeding|surpassed|topped|above",
        "more_than",
    ),
    (r"nearly|almost|close to|just under", "nearly"),
    (
        r"around|about|approximately|roughly|some|an estimated|estimated|circa|nearing|approaching",
        "approximately",
    ),
    (r"up to|as many as|as much as", "up_to"),
    (r"fewer than|less than|under", "less_than"),
)
_QUAL_RE: Final = [(re.compile(r"\b(?:" + pat + r")\s*$", re.I), q) for pat, q in _QUALIFIERS]
#: ``_QUALIFIERS``' words (plain lower-case letters and spaces), in their order.
_QUAL_WORDS: Final = tuple((tuple(pat.split("|")), q) for pat, q in _QUALIFIERS)


@dataclass(frozen=True, slots=True)
class Number:
    """A quantity found in text: value, qualifier and where it is."""

    value: int
    qualifier: str
    start: int
    end: int
    text: str
    is_article: bool = False


_WORD_SPLIT: Final = re.compile(r"[\s-]+")


def words_to_int(text: str) -> int | None:
    """``"one thousand two hundred"`` → 1200; None when the words are not a number."""
    total = 0
    current = 0
    seen = False
    for tok in _WORD_SPLIT.split(text.lower()):
        if not tok or tok == "and":
            continue
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok == "hundred":
            current = max(current, 1) * 100
        elif tok in ("thousand", "million"):
            total += max(current, 1) * _SCALES[tok]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


_OPEN_END: Final = re.compile(r"[,(]\s*$")
_TOTAL_END: Final = re.compile(
    r"\b(?:the|a total of|a toll of|a figure of|totalling|totaling)\s*$", re.I
)
#: ``_TOTAL_END``'s words: none ends another, so at most one ends a window.
_TOTAL_WORDS: Final = ("the", "a total of", "a toll of", "a figure of", "totalling", "totaling")


def qualifier_before(text: str, pos: int) -> str:
    """The qualifier ending right before ``pos`` (within a few words), else ``exact``."""
    window = text[max(0, pos - 40) : pos]
    if folds_safely(window):  # what is cut from it below folds safely too
        return _qualifier_ending(*_cut_ends(window))
    window = _OPEN_END.sub("", window).rstrip()
    window = _TOTAL_END.sub("", window).rstrip()
    for rx, q in _QUAL_RE:
        if rx.search(window):
            return q
    return "exact"


def _cut_ends(window: str) -> tuple[str, str]:
    """``qualifier_before``'s window cut as ``_OPEN_END.sub`` and ``_TOTAL_END.sub`` (each
    then ``rstrip``) cut it, and its ``lower()``, on a window that folds safely: a comma
    or bracket before the white space at its end, then one of ``_TOTAL_WORDS`` ending it
    with no word character before it (``\\b``), by ``endswith`` instead of a search."""
    cut = window.rstrip()
    if cut.endswith((",", "(")):
        cut = cut[:-1].rstrip()
    low = cut.lower()
    for w in _TOTAL_WORDS:
        if low.endswith(w):
            at = len(low) - len(w)
            if at == 0 or not _word_char(cut[at - 1]):
                cut = cut[:at].rstrip()
                low = cut.lower()
            break
    return cut, low


def _qualifier_ending(window: str, low: str) -> str:
    """``qualifier_before``'s reading of ``_QUAL_RE`` on a window without white space at its
    end that folds safely (``low`` is its ``lower()``, at the same offsets): a pattern
    matches exactly when the window ends with one of its words (``$`` at the end, no
    white space left for ``\\s*``) and no word character stands before that word (``\\b``:
    each word opens with a letter). One ``endswith`` per qualifier instead of its needles
    and a search."""
    for words, q in _QUAL_WORDS:
        if not low.endswith(words):
            continue
        for w in words:
            at = len(low) - len(w)
            if low.endswith(w) and (at == 0 or not _word_char(window[at - 1])):
                return q
    return "exact"


def _word_char(ch: str) -> bool:
    """Whether ``ch`` is a word character to ``\\w`` (Unicode): alphanumeric or ``_``."""
    return ch.isalnum() or ch == "_"


_SEPARATORS: Final = re.compile(r"[,\u202f ]")


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Quantities in ``text[start:end]`` with offsets into ``text``."""
    stop = len(text) if end is None else end
    out: list[Number] = []
    low = lower_ascii(text)
    numbers, starts = on_ascii(lowered(_NUMBER), low), on_ascii(_NUMBER_STARTS, low)
    for m in anchored(numbers, starts, low, start, stop):
        raw = text[m.start() : m.end()]
        if m.group("article"):  # "a", "an": no qualifier to read
            out.append(Number(1, "exact", m.start(), m.end(), raw, is_article=True))
        elif m.group("ahundred"):
            value = 1000 if raw.lower().endswith("thousand") else 100
            out.append(Number(value, qualifier_before(text, m.start()), m.start(), m.end(), raw))
        elif m.group("dozen"):
            head = raw.lower().split()[0]
            value = 6 if head == "half" else 12 * _UNITS[head]
            out.append(Number(value, "approximately", m.start(), m.end(), raw))
        elif m.group("vague"):
            value, vq = _VAGUE[raw.lower()]
            out.append(Number(value, vq, m.start(), m.end(), raw))
        elif m.group("digits"):
            digits = _SEPARATORS.sub("", m.group("digits"))
            try:
                num = float(digits)
            except ValueError:
                continue
            scale = m.group("dscale")
            if scale:
                num *= _SCALES[scale.lower()]
            qual = qualifier_before(text, m.start())
            out.append(Number(int(num), qual, m.start(), m.end(), raw))
        elif m.group("words"):
            val = words_to_int(raw)
            if val is not None:
                out.append(Number(val, qualifier_before(text, m.start()), m.start(), m.end(), raw))
    return out
