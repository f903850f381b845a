"""Openings of a regular expression: the strings every one of its matches begins with.

Owns reading a pattern's parse tree (``re._parser``) for the first characters of its
matches, so that a large alternation is tried only where it can match: ``actors`` keeps
per word the alternatives that can open there, ``timeexpr`` looks for dates only where
one can begin. The strings are a superset (whatever cannot be read is "anything from
here"), so narrowing by them never changes a match. Nothing here reads text.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any, Final

#: In ``openings(..., classes=True)``: one character for any digit (``\d``), and one space
#: for a run of white space (``\s``, ``\s+``, a literal space).
DIGIT: Final = "\x00"
SPACE: Final = " "

_PARSER: Final = importlib.import_module("re._parser")
_MAXREPEAT: Final = int(importlib.import_module("re._constants").MAXREPEAT)
#: How many steps a reading takes before every branch stops where it is (a superset).
_STEPS: Final = 50_000

_Item = tuple[Any, Any, bool]


@lru_cache(maxsize=256)
def openings(pattern: str, length: int, *, classes: bool = False) -> frozenset[str]:
    """The strings a match of ``pattern`` (compiled without flags) can open with.

    Each is the match's first ``length`` characters, or fewer when anything may follow
    them ("": anything). ASCII letters are lower-cased (case-blind parts fold only ASCII
    here: a letter outside ASCII that case folding may reach from one ends the string).
    Lookarounds and ``\\b`` are skipped and optional items add what follows them. With
    ``classes``, ``\\d`` reads as ``DIGIT`` and white space as one ``SPACE`` per run;
    without, any class that is not a set of characters ends the string.
    """
    out: set[str] = set()
    items = [(op, arg, False) for op, arg in _PARSER.parse(pattern).data]
    _walk(items, "", out, _Walk(length, classes))
    return frozenset(out)


class _Walk:
    def __init__(self, length: int, classes: bool) -> None:
        self.length = length
        self.classes = classes
        self.steps = _STEPS


def _walk(items: list[_Item], acc: str, out: set[str], walk: _Walk) -> None:
    """Add to ``out`` the openings of ``acc`` followed by the parsed ``items`` (operator,
    argument, case-folded)."""
    walk.steps -= 1
    i = 0
    while walk.steps > 0 and len(acc) < walk.length and i < len(items):
        op, arg, fold = items[i]
        name = op.name
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            i += 1  # zero width
        elif name == "LITERAL" and (chars := _chars([chr(arg)], fold, walk.classes)) is not None:
            acc = _add(acc, next(iter(chars)), walk)
            i += 1
        elif name == "IN" and (chars := _chars_in(arg, fold, walk.classes)) is not None:
            for c in sorted(chars):
                _walk(items[i + 1 :], _add(acc, c, walk), out, walk)
            return
        elif name == "BRANCH":
            for branch in arg[1]:
                _walk([(o, a, fold) for o, a in branch] + items[i + 1 :], acc, out, walk)
            return
        elif name == "SUBPATTERN":
            _, add, dele, sub = arg
            sub_fold = (fold or bool(add & re.IGNORECASE)) and not dele & re.IGNORECASE
            items = [(o, a, sub_fold) for o, a in sub] + items[i + 1 :]
            i = 0
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and _spaces(arg[2], walk):
            # white space repeated reads as one SPACE: nothing after one, else one or none
            if arg[0] == 0 and not acc.endswith(SPACE):
                _walk(items[i + 1 :], acc, out, walk)
            acc = _add(acc, SPACE, walk)
            i += 1
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            if low == 0:
                _walk(items[i + 1 :], acc, out, walk)
            if high != 0:
                fewer = (op, (max(low - 1, 0), high - 1 if high < _MAXREPEAT else high, sub), fold)
                _walk([(o, a, fold) for o, a in sub] + [fewer] + items[i + 1 :], acc, out, walk)
            return
        else:
            break  # may open with anything from here
    out.add(acc)


def _add(acc: str, c: str, walk: _Walk) -> str:
    """``acc`` and then ``c``; with classes, a run of white space is one ``SPACE``."""
    return acc if walk.classes and c == SPACE and acc.endswith(SPACE) else acc + c


def _spaces(sub: Any, walk: _Walk) -> bool:
    """Whether ``sub`` (what a repeat repeats) is one white space character, read with classes."""
    items = list(sub)
    if not walk.classes or len(items) != 1:
        return False
    op, arg = items[0]
    if op.name == "LITERAL":
        return chr(arg).isspace()
    return op.name == "IN" and _chars_in(arg, False, True) == {SPACE}


def _chars(chars: list[str], fold: bool, classes: bool) -> set[str] | None:
    """The characters as read: ASCII lower-cased, white space as ``SPACE`` with classes;
    None for a letter outside ASCII in a case-blind part."""
    if fold and not all(c.isascii() for c in chars):
        return None
    out = {c.lower() if c.isascii() else c for c in chars}
    return {SPACE if classes and c.isspace() else c for c in out}


def _chars_in(items: Any, fold: bool, classes: bool) -> set[str] | None:
    """The characters a class matches as read, or None for what cannot be read."""
    out: set[str] = set()
    for op, arg in items:
        if op.name == "LITERAL":
            chars = [chr(arg)]
        elif op.name == "RANGE" and arg[1] - arg[0] < 256:
            chars = [chr(c) for c in range(arg[0], arg[1] + 1)]
        elif op.name == "CATEGORY" and classes and arg.name == "CATEGORY_DIGIT":
            out.add(DIGIT)
            continue
        elif op.name == "CATEGORY" and classes and arg.name == "CATEGORY_SPACE":
            out.add(SPACE)
            continue
        else:
            return None  # other categories, negation, wide ranges: anything
        got = _chars(chars, fold, classes)
        if got is None:
            return None
        out |= got
    return out


def trie(words: list[str]) -> str:
    """A regex matching any of ``words`` (non-empty openings read with ``classes``) at a
    position, ``DIGIT`` as ``\\d`` and ``SPACE`` as ``\\s+``."""
    alts: list[str] = []
    for head in sorted({w[0] for w in words if w}):
        rests = [w[1:] for w in words if w[:1] == head]
        tail = trie([r for r in rests if r]) if any(rests) else ""
        lead = r"\d" if head == DIGIT else r"\s+" if head == SPACE else re.escape(head)
        alts.append(lead + (f"(?:{tail})?" if tail and "" in rests else tail))
    if not alts:
        return r"(?!)"
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
