"""Text preparation: offset-preserving cleaning, sentence splitting, language guess.

Owns turning raw article text into a cleaned string of the *same length* (so every
character offset found later is an offset into the caller's text) and into sentence
spans. HTML tags become spaces, entities and typographic quotes/dashes become one
plain character padded to the original width.
"""

from __future__ import annotations

import functools
import html
import importlib
import re
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, Final, TypeVar

_TAG: Final = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][^<>]{0,500}>", re.S | re.I
)
_ENTITY: Final = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,10});")
_CHARMAP: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": " ",
        "\t": " ",
        "\r": "\n",
    }
)

_CHARMAP_PAIRS: Final = tuple((chr(k), str(v)) for k, v in _CHARMAP.items())
assert not {old for old, _ in _CHARMAP_PAIRS} & {new for _, new in _CHARMAP_PAIRS}

_ABBREV: Final = {
    "u.s",
    "u.n",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sgt",
    "st",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "a.m",
    "p.m",
    "no",
    "vs",
    "etc",
    "approx",
    "govt",
    "dept",
    "e.g",
    "i.e",
    "u.k",
    "e.u",
    "jr",
    "sr",
    "prof",
    "rep",
    "sen",
    "gov",
    "inc",
    "corp",
    "co",
    "ltd",
    "mt",
    "km",
    "ft",
}
_BOUNDARY: Final = re.compile(
    r"""[.!?]+["')\]]*(?=\s+["'(\[]?[A-Z0-9])|[a-z]{3}\.(?=[A-Z][a-z]|\([A-Z])|\n\s*\n|\n(?=\s*(?:[A-Z"'\u2022]|-[ \t]+[A-Z"']))"""
)

#: What every match of ``_BOUNDARY`` holds within its first four characters: a match begins
#: at one of them, or (``[a-z]{3}\.``) exactly three characters before a full stop.
_BOUNDARY_MARK: Final = re.compile(r"[.!?\n]")
_BOUNDARY_REACH: Final = 3
#: ``_BOUNDARY`` opened at its mark, so that a search skips to the marks in C: each
#: alternative reads the mark it opens with by a look-behind, and ``[a-z]{3}\.`` is
#: matched from its full stop, its three letters read behind it (marked by the empty
#: group: such a match of ``_BOUNDARY`` begins three characters earlier). The same
#: matches in the same order: the alternatives opening at a full stop exclude each other
#: (white space or a capital after it), and no match ends inside the letters before one.
_BOUNDARY_AT_MARK: Final = re.compile(
    r"""[.!?\n](?:(?<=[.!?])[.!?]*["')\]]*(?=\s+["'(\[]?[A-Z0-9])|(?<=[a-z]{3}\.)()(?=[A-Z][a-z]|\([A-Z])|(?<=\n)\s*\n|(?<=\n)(?=\s*(?:[A-Z"'\u2022]|-[ \t]+[A-Z"'])))"""
)
_PREV_WORD: Final = re.compile(r"([\w.]+)\.$")
#: The end of a site's name written like a sentence boundary with no space: "Report.Az".
_DOMAIN: Final = re.compile(r"(?:Az|AZ|Am|AM|Ru|RU|Ge|GE|Com|Net|Org|Info|Tv|TV)\b")
_STOPWORDS: Final = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "was",
        "on",
        "for",
        "that",
        "said",
        "with",
        "by",
        "has",
        "have",
        "from",
        "as",
        "at",
        "it",
        "were",
        "be",
        "are",
        "an",
        "his",
        "her",
        "their",
        "its",
        "which",
        "who",
        "after",
        "had",
        "not",
        "this",
        "will",
        "been",
        "than",
        "but",
        "also",
    ]
)
_WORD: Final = re.compile(r"[^\W\d_]+", re.U)
_ASCII_WORD: Final = re.compile(r"[a-z]+")  # _WORD on lower-cased ASCII text
#: Every ASCII character but a lower-case letter to a space: ``text.translate(_ASCII_SPACES)
#: .split()`` is ``_ASCII_WORD.findall(text)`` on ASCII text, three times faster.
_ASCII_SPACES: Final = str.maketrans(
    {chr(c): chr(c) if "a" <= chr(c) <= "z" else " " for c in range(128)}
)


_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: ``_ASCII_SPACES`` after ``str.lower``, in one pass (ASCII text).
_ASCII_LOWER_SPACES: Final = str.maketrans(
    {chr(c): chr(c).lower() if chr(c).isalpha() else " " for c in range(128)}
)


@lru_cache(maxsize=16)
def lower_ascii(text: str) -> str:
    """``text`` with ASCII letters lower-cased (same length; for fast case-blind regexes)."""
    return text.translate(_ASCII_LOWER)


_T = TypeVar("_T")


def per_pattern(
    func: Callable[[re.Pattern[str]], _T], kept: dict[int, tuple[re.Pattern[str], _T]] | None = None
) -> Callable[[re.Pattern[str]], _T]:
    """``func`` kept per compiled pattern, by identity (``lru_cache`` would hash the
    pattern's whole compiled program at every call), in ``kept`` when given: the pattern
    by its id, beside the value (held there, its id is not reused while the entry stands)."""
    if kept is None:
        kept = {}

    def lookup(rx: re.Pattern[str]) -> _T:
        hit = kept.get(id(rx))
        if hit is not None and hit[0] is rx:
            return hit[1]
        value = func(rx)
        if len(kept) >= 1024:
            kept.clear()
        kept[id(rx)] = (rx, value)
        return value

    return functools.update_wrapper(lookup, func)


@per_pattern
def lowered(rx: re.Pattern[str]) -> re.Pattern[str]:
    """A case-sensitive copy of a case-blind pattern, to run on ``lower_ascii`` text.

    Matching without ``re.IGNORECASE`` on lower-cased text is about twice as fast.
    """
    out: list[str] = []
    escaped = False
    for ch in rx.pattern:
        out.append(ch if escaped else ch.lower())
        escaped = ch == "\\" and not escaped
    pattern = "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")
    if not rx.flags & re.VERBOSE:
        pattern = one_boundary(pattern)
    return re.compile(pattern, rx.flags & ~re.IGNORECASE)


def one_boundary(pattern: str) -> str:
    """``pattern`` with neighbouring top-level alternatives that open with ``\\b`` under one
    ``\\b``: ``\\bdenied|\\bwhich ...|#fake`` is ``\\b(?:denied|which ...)|#fake``.

    The same pattern (the boundary is read at the same place whichever alternative
    follows, and the alternatives keep their order); sre reads ``\\b`` (two Unicode
    look-ups) once per position instead of once per alternative, three times faster on
    a pattern of a dozen such alternatives. Not for ``re.VERBOSE`` patterns.
    """
    alternatives = _alternatives(pattern)
    out: list[str] = []
    run: list[str] = []
    for alt in [*alternatives, None]:
        if alt is not None and alt.startswith("\\b"):
            run.append(alt[2:])
            continue
        if len(run) > 1:
            out.append("\\b(?:" + "|".join(run) + ")")
        else:
            out.extend("\\b" + r for r in run)
        run = []
        if alt is not None:
            out.append(alt)
    return "|".join(out)


#: What ``lowered`` does not copy faithfully: a character spelt by its code (``\\x41`` is
#: an upper-case letter), a part whose flags turn case-blindness off.
_NOT_LOWERED: Final = re.compile(r"\\[xuUN0-7]|\(\?[a-zA-Z]*-")


#: The ASCII characters Unicode ``\\s`` holds and ``re.ASCII``'s does not.
_UNICODE_ONLY_SPACES: Final = "\x1c\x1d\x1e\x1f"
_PARSER: Final = importlib.import_module("re._parser")


@lru_cache(maxsize=16)
def reads_ascii(text: str) -> bool:
    """Whether ``ascii_copy`` patterns read ``text`` as the patterns they copy do: ASCII
    text without the separators ``\\x1c``-``\\x1f`` (white space to Unicode ``\\s`` only).

    On such text ``\\w``, ``\\b``, ``\\d``, ``\\s`` and their negations hold the same characters
    in both modes; ``re.ASCII`` reads them without the Unicode tables, a fifth faster.
    """
    # four ``in`` tests (a fast substring search each) instead of a scan by a class
    return text.isascii() and not any(c in text for c in _UNICODE_ONLY_SPACES)


def _ascii_copy(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` compiled with ``re.ASCII``, which matches what ``rx`` matches on text that
    ``reads_ascii``; ``rx`` itself when a case-blind part of it holds a character outside
    ASCII (Unicode case folding may take it to an ASCII letter: K, the Kelvin sign, is k)."""
    if rx.flags & re.LOCALE or folds_beyond_ascii(rx.pattern, rx.flags):
        return rx
    try:
        return re.compile(rx.pattern, (rx.flags & ~re.UNICODE) | re.ASCII)
    except (re.error, ValueError):  # an inline (?u)
        return rx


def folds_beyond_ascii(pattern: str, flags: int = 0) -> bool:
    """Whether a case-blind part of ``pattern`` holds a character outside ASCII, which
    Unicode case folding may take to an ASCII letter (``ascii_copy`` keeps such patterns)."""
    return _folds_beyond_ascii(_PARSER.parse(pattern, flags).data, bool(flags & re.IGNORECASE))


#: ``ascii_copy``'s copies, by the id of the pattern copied (``on_ascii`` reads them first).
_ASCII_COPIES: Final[dict[int, tuple[re.Pattern[str], re.Pattern[str]]]] = {}
ascii_copy: Final = per_pattern(_ascii_copy, _ASCII_COPIES)


def on_ascii(rx: re.Pattern[str], text: str) -> re.Pattern[str]:
    """The copy of ``rx`` to read ``text`` with: ``ascii_copy(rx)`` when ``reads_ascii(text)``."""
    if not reads_ascii(text):
        return rx
    # ``ascii_copy``'s look-up written out: this runs a few hundred times an article
    hit = _ASCII_COPIES.get(id(rx))
    return hit[1] if hit is not None and hit[0] is rx else ascii_copy(rx)


def _folds_beyond_ascii(items: Any, fold: bool) -> bool:
    """Whether a case-blind part of the parsed ``items`` holds a character outside ASCII."""
    for op, arg in items:
        name = op.name
        inner: list[tuple[Any, bool]] = []
        if name in ("LITERAL", "NOT_LITERAL"):
            if fold and arg > 127:
                return True
        elif name == "IN":
            if fold and any(
                (o.name == "LITERAL" and a > 127) or (o.name == "RANGE" and a[1] > 127)
                for o, a in arg
            ):
                return True
        elif name == "SUBPATTERN":
            _, add, dele, sub = arg
            inner = [(sub, (fold or bool(add & re.IGNORECASE)) and not dele & re.IGNORECASE)]
        elif name == "BRANCH":
            inner = [(branch, fold) for branch in arg[1]]
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            inner = [(arg[2], fold)]
        elif name in ("ASSERT", "ASSERT_NOT"):
            inner = [(arg[1], fold)]
        elif name == "ATOMIC_GROUP":
            inner = [(arg, fold)]
        elif name == "GROUPREF_EXISTS":
            inner = [(b, fold) for b in arg[1:] if b is not None]
        if any(_folds_beyond_ascii(sub, sub_fold) for sub, sub_fold in inner):
            return True
    return False


def lowers(rx: re.Pattern[str]) -> bool:
    """Whether ``lowered(rx)`` on ``lower_ascii`` ASCII text matches what ``rx`` does."""
    return rx.pattern.isascii() and _NOT_LOWERED.search(rx.pattern) is None


@per_pattern
def _faithful(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """``lowered(rx)`` when it ``lowers`` faithfully, else None (one look-up per call)."""
    return lowered(rx) if lowers(rx) else None


def has_match(rx: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """``rx.search(text, start, end) is not None`` for a case-blind ``rx`` (a keyword gate).

    On ASCII text with an ASCII pattern this runs ``lowered(rx)`` on ``lower_ascii(text)``,
    which matches exactly the same (when ``lowers(rx)``: no character spelt by its code,
    no case-sensitive parts); other text keeps ``re.IGNORECASE``, whose Unicode case folds
    (K and the Kelvin sign) ASCII lowering would miss.
    """
    fast = _faithful(rx) if text.isascii() else None
    if fast is not None:
        low = lower_ascii(text)
        return on_ascii(fast, low).search(low, start, end) is not None
    return rx.search(text, start, end) is not None


def anchored(
    rx: re.Pattern[str], starts: re.Pattern[str], text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """The non-empty matches of ``rx.finditer(text, start, end)`` that begin where ``starts``
    matches (``starts`` must not match inside its own matches: words, single characters).

    When every match of ``rx`` can only begin at such a place, this is ``finditer``, much
    faster: ``rx`` is tried at a few places instead of at every character.
    """
    resume = start
    for w in starts.finditer(text, start, end):
        at = w.start()
        if at < resume:
            continue
        m = rx.match(text, at, end)
        if m is not None and m.end() > at:
            resume = m.end()
            yield m


def look_behind_split(
    starts: re.Pattern[str], before: str
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``starts``, a pattern ``before`` + ``BODY`` where ``before`` is a look-behind
    ``(?<![C])`` and every match of ``BODY`` is non-empty and ends with a character of
    ``C``, read in two parts, ``BODY`` as group 1 of each: ``first`` (``starts`` itself)
    for a match at the start of a span (its look-behind reads before the span), and
    ``after``, ``[^C]BODY``, for the others: the character before each match is matched
    instead of looked behind at. ``split_scan`` finds the matches of ``starts`` with them,
    faster: a pattern that opens with a class lets sre skip in C to the characters that
    can stand before a match, where one that opens with a look-behind is tried at every
    character."""
    assert before.startswith("(?<![") and before.endswith("])")
    assert starts.pattern.startswith(before)
    body = "(" + starts.pattern[len(before) :] + ")"
    return (
        re.compile(before + body, starts.flags),
        re.compile("[^" + before[len("(?<![") : -len("])")] + "]" + body, starts.flags),
    )


def split_scan(
    first: re.Pattern[str], after: re.Pattern[str], text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """The matches of the pattern ``look_behind_split`` split into ``first`` and ``after``,
    over ``text[start:end]`` in order, each with its match as group 1: the same places as
    its ``finditer`` (a match ends with a character the look-behind refuses, so the next
    one can only begin after the character after it, which ``after`` then matches)."""
    lead = first.match(text, start, end)
    if lead is not None:
        yield lead
    yield from after.finditer(text, start if lead is None else lead.end(), end)


def finditer_near(
    rx: re.Pattern[str], marks: re.Pattern[str], reach: int, text: str, *, exact: bool = False
) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern each of whose matches is non-empty and holds a
    character ``marks`` matches at most ``reach`` characters after the match's start.

    ``rx`` is tried only in the few places before each mark (found by a fast scan for
    single characters) instead of at every character. With ``exact``, the pattern's
    matches begin at a mark or exactly ``reach`` characters before one, and only those
    two places are tried.
    """
    pos = 0  # where the next match may begin
    for mark in marks.finditer(text):
        at = mark.start()
        if exact:
            # the places between were tried as marks of their own or cannot begin a match
            m = rx.match(text, at - reach) if at - reach >= pos else None
            if m is None and at >= pos:
                m = rx.match(text, at)
            if m is None:
                pos = max(pos, at + 1)
                continue
            yield m
            pos = m.end()
            continue
        p = max(pos, at - reach)
        while p <= at:
            m = rx.match(text, p)
            if m is not None:
                break
            p += 1
        else:
            pos = max(pos, at + 1)
            continue
        yield m
        pos = m.end()


def clean(text: str) -> str:
    """The text with tags blanked and entities/typography simplified, same length."""
    out = _TAG.sub(lambda m: " " * len(m.group(0)), text)

    def _entity(m: re.Match[str]) -> str:
        raw = m.group(0)
        value = html.unescape(raw)
        if len(value) != 1:
            return " " * len(raw)
        return value.ljust(len(raw))

    out = _ENTITY.sub(_entity, out)
    # ``out.translate(_CHARMAP)``, many times faster on text that is not ASCII: each
    # mapping is one character to one that none maps from, so replacing in turn is the same.
    for old, new in _CHARMAP_PAIRS:
        if old in out:
            out = out.replace(old, new)
    assert len(out) == len(text)
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` over ``text`` (already cleaned), stripped."""
    spans: list[tuple[int, int]] = []
    start = 0
    boundary, prev_word = on_ascii(_BOUNDARY_AT_MARK, text), on_ascii(_PREV_WORD, text)
    for m in boundary.finditer(text):
        end = m.end()
        at = m.start()
        if m.lastindex is not None and _DOMAIN.match(text, end):
            continue  # "Report.Az", "News.Am": a site's name, no full stop with no space after
        if text[at] == "." and m.lastindex is None and _may_abbreviate(text, at):
            prev = prev_word.search(text, max(0, at - 12), at + 1)
            if prev is not None:
                word = prev.group(1).lower()
                if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                    continue
        if text.startswith(".)", at) and text[max(0, at - 3) : at] in (" Ed", "-Ed", " ed"):
            continue  # "(<gloss> – Ed.)": an editor's note inside the sentence
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


#: The last two letters of each abbreviation, lower-cased.
_ABBREV_ENDS: Final = frozenset(a[-2:] for a in _ABBREV)


def _may_abbreviate(text: str, stop: int) -> bool:
    """False when the word before the full stop at ``stop`` is neither an abbreviation nor
    a single letter (the word ``_PREV_WORD`` reads there, whose last two characters, or
    its one letter with no word character or full stop before it, tell it cheaply)."""
    if text[max(0, stop - 2) : stop].lower() in _ABBREV_ENDS:
        return True
    last = text[stop - 1 : stop]
    if not last.isalpha():
        return False
    before = text[stop - 2 : stop - 1] if stop >= 2 else ""
    return not (before.isalnum() or before in ("_", "."))


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


@lru_cache(maxsize=4)
def letter_words(sample: str) -> tuple[str, ...]:
    """The runs of letters of a sample of text (the English check and then the language
    guess read the same sample of a text that is not English)."""
    return tuple(_WORD.findall(sample))


def language_problem(text: str, language: str | None = None) -> str | None:
    """A reason to skip the text as not English, or None when it reads as English."""
    if language and not language.lower().startswith("en"):
        return f"not English (language {language})"
    sample = text[:4000]
    ascii_only = sample.isascii()
    if ascii_only:  # the same words, found faster: all Latin, lower-cased up front
        words = sample.translate(_ASCII_LOWER_SPACES).split()
        latin = len(words)
    else:
        words = list(letter_words(sample))
        latin = sum(map(str.isascii, words))
    if not words:
        return "empty"
    if latin / len(words) < 0.6:
        return "not English (non-Latin script)"
    if len(words) >= 15:
        low_words = words if ascii_only else [w.lower() for w in words]
        # English reaches the share in its first words: the rest is counted only when not
        if sum(map(_STOPWORDS.__contains__, low_words[: len(words) // 4])) / len(words) >= 0.08:
            return None
        stop = sum(map(_STOPWORDS.__contains__, low_words))
        if stop / len(words) < 0.08:
            return "not English (few English function words)"
    return None


class KeywordGate:
    """Which of the registered keywords occur in a text, found in one scan.

    Substring semantics, as ``any(w in text for w in words)``. The scan runs one trie-shaped
    regex that matches the longest keyword at each position; shorter keywords at the same
    position are its prefixes, so every occurrence of every keyword is accounted for.
    Thread-safe: a registration publishes a new ``state`` (version, words, regex, prefixes)
    in one assignment, under a lock, before the list it registers can be looked up.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lists: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}
        self.state: _GateState = (0, frozenset(), re.compile(r"(?!)"), {})
        self._runs: _RunIndex | None = None

    def wordset(self, words: tuple[str, ...]) -> frozenset[str]:
        """``words`` as a set, registering any new keyword (which bumps the state's version)."""
        hit = self._lists.get(id(words))
        if hit is not None and hit[0] is words:
            return hit[1]
        wanted = frozenset(words)
        with self._lock:
            version, known, _, _ = self.state
            if not wanted <= known:
                known |= wanted
                prefixes = {w: frozenset(v for v in known if w.startswith(v)) for w in known}
                self.state = (version + 1, known, re.compile(_trie(sorted(known))), prefixes)
            if len(self._lists) >= 256:
                self._lists.clear()
            self._lists[id(words)] = (words, wanted)
        return wanted

    def present(self, text: str) -> tuple[int, frozenset[str]]:
        """The state's version and the registered keywords that occur in ``text``."""
        if not text.isascii():
            return self._scan(text)
        # ASCII text, read off its runs of lower-case letters: a keyword of lower-case
        # letters alone occurs in the text exactly when it occurs in one of the runs, and
        # the keywords of each run are kept (runs repeat: "the", "said"); a keyword with
        # other characters is looked for in the text only when its longest run of letters
        # (which any occurrence holds) is in one of the runs. The same set as the scan,
        # in about half the time.
        index = self._runs
        if index is None or index.version != self.state[0]:
            index = self._runs = _RunIndex(self.state)
        # read by its words between white space, each the union of its runs (a run of
        # letters never spans white space), kept per word: no translation of the text
        hits = _NO_WORDS.union(*map(index.words.__getitem__, text.split()))
        found = hits & index.letters
        probes = hits & index.probes
        if probes or index.always:
            more = [k for p in probes for k in index.by_probe[p] if k in text]
            more += [k for k in index.always if k in text]
            if more:
                found = found.union(more)
        return index.version, found

    def _scan(self, text: str) -> tuple[int, frozenset[str]]:
        """``present`` by the trie: one search per place a keyword opens at."""
        version, known, rx, prefixes = self.state
        hits: set[str] = {""} if "" in known else set()
        m = rx.search(text)
        while m is not None:
            hits |= prefixes[m.group(0)]
            m = rx.search(text, m.start() + 1)
        return version, frozenset(hits)


_GateState = tuple[int, frozenset[str], re.Pattern[str], dict[str, frozenset[str]]]
_NO_WORDS: Final[frozenset[str]] = frozenset()
_LETTER_RUN: Final = re.compile(r"[a-z]+")


class _Runs(dict[str, frozenset[str]]):
    """The keywords and probes (``_RunIndex.wanted``) in each run of letters, found on first sight."""

    def __init__(self, wanted: tuple[str, ...]) -> None:
        super().__init__()
        self.wanted = wanted

    def __missing__(self, run: str) -> frozenset[str]:
        if len(self) >= _RUNS_KEPT:
            self.clear()
        found = self[run] = frozenset(w for w in self.wanted if w in run)
        return found


#: The most runs of letters a gate keeps before it starts again.
_RUNS_KEPT: Final = 65536


class _Words(dict[str, frozenset[str]]):
    """The keywords and probes in each word between white space of ASCII text: those of
    its runs of letters (``_Runs``), found on first sight."""

    def __init__(self, runs: _Runs) -> None:
        super().__init__()
        self.runs = runs

    def __missing__(self, word: str) -> frozenset[str]:
        if len(self) >= _RUNS_KEPT:
            self.clear()
        found = self[word] = _NO_WORDS.union(
            *map(self.runs.__getitem__, word.translate(_ASCII_SPACES).split())
        )
        return found


class _RunIndex:
    """A gate's keywords sorted for ``KeywordGate._present_ascii``, for one state."""

    def __init__(self, state: _GateState) -> None:
        self.version = state[0]
        known = state[1]
        #: Keywords of lower-case letters alone (found in the runs).
        self.letters = frozenset(w for w in known if _LETTER_RUN.fullmatch(w))
        #: The other ASCII keywords by their longest run of letters; those with none (or
        #: the empty keyword) are looked for in every text.
        self.by_probe: dict[str, list[str]] = {}
        self.always: list[str] = []
        for w in sorted(known - self.letters):
            if not w.isascii():
                continue  # cannot occur in ASCII text
            runs = _LETTER_RUN.findall(w)
            if runs:
                # any of its runs tells (every occurrence holds them all): the longest
                # that is no function word, which fewer texts hold ("end", not "the")
                self.by_probe.setdefault(max(runs, key=_probe_rank), []).append(w)
            else:
                self.always.append(w)
        self.probes = frozenset(self.by_probe)
        self.runs = _Runs(tuple(sorted(self.letters | self.probes)))
        self.words = _Words(self.runs)


def _probe_rank(run: str) -> tuple[bool, int]:
    """How well a run of letters of a keyword stands for it (``_RunIndex.by_probe``)."""
    return len(run) > 2 and run not in _STOPWORDS, len(run)


def _trie(words: list[str]) -> str:
    """A regex matching the longest of ``words`` (non-empty literals) at a position."""
    alts: list[str] = []
    for head in sorted({w[0] for w in words if w}):
        rests = [w[1:] for w in words if w[:1] == head]
        tail = _trie([r for r in rests if r]) if any(rests) else ""
        alts.append(re.escape(head) + (f"(?:{tail})?" if tail and "" in rests else tail))
    if not alts:
        return r"(?!)"
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


#: Characters that are themselves in a pattern (without ``re.VERBOSE``) and a quantifier's start.
_PLAIN: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
_QUANTIFIER: Final = frozenset("?*+{")


def factored(alternation: str) -> str:
    """``alternation`` (the text of a pattern's alternatives, ``a|b|...``) with the plain
    letters that neighbouring alternatives open with written once: ``said|says|say`` is
    ``sa(?:id|ys|y)``.

    The same pattern: alternatives keep their order, so the same one wins at each
    position; sre tries each alternative of a branch in turn, so fewer at the top level
    is faster where most words open none. Not for ``re.VERBOSE`` patterns (spaces there
    are not themselves).
    """
    return _factor(_alternatives(alternation))


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``, as written."""
    out: list[str] = []
    current: list[str] = []
    depth = 0
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(current))
            current = []
            continue
        current.append(ch)
    out.append("".join(current))
    return out


def _plain_head(alternative: str) -> str:
    """The plain letters an alternative opens with (none quantified)."""
    n = 0
    while n < len(alternative) and alternative[n] in _PLAIN:
        n += 1
    if n < len(alternative) and alternative[n] in _QUANTIFIER:
        n -= 1
    return alternative[: max(n, 0)]


def _by_head(alternatives: list[str]) -> list[str]:
    """The alternatives with those that open with the same plain character (a letter in
    either case) next to each other, each group where its first one stood, in their order.

    Only alternatives of plain openings move, and never past one that opens otherwise: at
    a position only those whose character is the text's can match (in either case, for a
    case-blind pattern), in the order they had, so the first that matches is the same.
    """
    out: list[str] = []
    groups: dict[str, list[str]] = {}
    for alt in [*alternatives, ""]:
        head = _plain_head(alt)[:1].lower()
        if head:
            groups.setdefault(head, []).append(alt)
            continue
        for group in groups.values():
            out.extend(group)
        groups = {}
        out.append(alt)
    return out[:-1]


def _factor(alternatives: list[str]) -> str:
    alternatives = _by_head(alternatives)
    out: list[str] = []
    i = 0
    while i < len(alternatives):
        head = _plain_head(alternatives[i])[:1]
        j = i
        while head and j + 1 < len(alternatives) and _plain_head(alternatives[j + 1])[:1] == head:
            j += 1
        if j == i:
            out.append(alternatives[i])
        else:
            out.append(head + "(?:" + _factor([a[1:] for a in alternatives[i : j + 1]]) + ")")
        i = j + 1
    return "|".join(out)
