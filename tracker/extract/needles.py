"""Needles of a regular expression: literal strings one of which every match holds.

Owns reading a pattern's parse tree (``re._parser``) for the words its matches must
contain, and the check that lets a rule pass over text that holds none of them: a
pattern that spells "shell", "bomb" or "fire" in each of its branches cannot match a
sentence whose lower-cased text has none of the three. The check is exact, case folding
included: case-blind matching folds a few letters that lower-casing keeps apart (dotless
ı with i, long ſ with s, the old Cyrillic letter forms with в, д, о, с, т, ъ; İ even
lower-cases to two characters), so text holding one of those (``UNSAFE``) is always read.
Nothing here reads text for the extractor's rules; ``tests/unit/extract`` compares every
gate with the pattern it stands for.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, Final

from tracker.extract.text import per_pattern

_PARSER: Final = importlib.import_module("re._parser")

#: The characters whose ``str.lower()`` is not the letter case-blind matching folds them
#: with (``re._casefix`` and the one full lower-casing that is longer than a character,
#: İ): text without them lower-cases to what every case-blind match of a literal reads.
#: ``tests/unit/extract/test_extract_needles.py`` recomputes the set from ``re``'s own tables.
UNSAFE: Final = frozenset(
    "\u0130\u0131\u017f\u0399\u039c\u03a3\u03b9\u03bc\u03c3\u03d0\u03d1\u03d5\u03d6\u03f0"
    "\u03f1\u03f5\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1e9b\u1fbe\u1fd3\u1fe3"
    "\ua64a\ua64b\ufb06"
)
_UNSAFE: Final = re.compile("[" + "".join(sorted(UNSAFE)) + "]")

#: More needles than this and the check costs about what the pattern does: no gate.
MAX_NEEDLES: Final = 32


def folds_safely(text: str) -> bool:
    """Whether ``text.lower()`` holds, at the same offsets, every literal that a
    case-blind (or case-sensitive) match in ``text`` spells, lower-cased."""
    return text.isascii() or _UNSAFE.search(text) is None


@per_pattern
def needles(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased strings one of which every match of ``rx`` contains, or None when
    the pattern has no such set of at most ``MAX_NEEDLES`` strings."""
    found = _needles(_PARSER.parse(rx.pattern, rx.flags).data)
    if found is None or len(found) > MAX_NEEDLES:
        return None
    return tuple(sorted(found))


def may_search(
    rx: re.Pattern[str], low: str | None, start: int = 0, end: int | None = None
) -> bool:
    """False only when ``rx.search(text, start, end)`` finds nothing: ``low`` is
    ``text.lower()`` when ``folds_safely(text)``, else None (always True)."""
    if low is None:
        return True
    words = needles(rx)
    if words is None:
        return True
    stop = len(low) if end is None else end
    for w in words:  # noqa: SIM110 (a loop: ``any`` over a generator costs a third more here)
        if low.find(w, start, stop) >= 0:
            return True
    return False


def _needles(items: Any) -> frozenset[str] | None:
    """The best set of needles of a parsed sequence: one per way it can match, each as
    long as the sequence's literals allow (None when some match needs no literal)."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, arg in items:
        name = op.name
        if name == "LITERAL" and chr(arg) not in UNSAFE and len(chr(arg).lower()) == 1:
            run += chr(arg).lower()
            continue
        if name == "AT":
            continue  # zero width: the literals on each side stand next to each other
        if run:
            candidates.append(frozenset((run,)))
            run = ""
        found: frozenset[str] | None = None
        if name == "BRANCH":
            branches = [_needles(b) for b in arg[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*(b for b in branches if b is not None))
        elif name == "SUBPATTERN":
            found = _needles(arg[3])
        elif name == "ATOMIC_GROUP":
            found = _needles(arg)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1:
            found = _needles(arg[2])
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset((run,)))
    if not candidates:
        return None
    # the fewest needles of four characters or more besides white space (rare enough:
    # " by " is not), else the longest ones
    best = max(
        candidates,
        key=lambda c: (
            len(c) <= MAX_NEEDLES,
            min(len(w.strip()) for w in c) >= 4,
            -len(c),
            min(map(len, c)),
        ),
    )
    return frozenset(w for w in best if not any(o != w and o in w for o in best))
