"""One casualty vocabulary for curated and machine-read figures.

Owns ``CasualtyTerms`` and ``casualty_terms``: the normal form of a figure's side,
category, outcome and qualifier, whatever words the curator or the extractor used.

- ``side`` is a side of the actor registry (``tracker.domain.values.ACTORS``) or
  ``both`` (``other`` for a third party's people, peacekeepers); ``side_actor`` the actor
  code when the claim names one, else None. A side may be given as an actor code or as the side itself.
- ``category`` is ``<victims>_<outcome>``: victims ``civilian``, ``military`` or
  ``total`` (unspecified people, police and other uniformed non-military), outcome
  ``killed``, ``injured``, ``missing`` or ``captured``. The six categories of killed and
  injured are those of the extraction contract; ``wounded`` is ``injured``,
  ``unspecified`` is ``total``.
- ``qualifier`` is one of ``QUALIFIERS`` (``exact`` when none is written); the words as
  written stay in ``qualifier_text``.

Also ``upcast_casualty_v1``, the upcaster of ``CasualtyClaimReported`` payloads written
before the vocabulary was one (the log is never rewritten), and ``truce_at``, the truce
in force for a figure's side at its valid time. Pure: stdlib and the domain only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.domain.values import ACTORS
from tracker.errors import DomainError

__all__ = [
    "BOTH",
    "CATEGORIES",
    "OTHER",
    "OUTCOMES",
    "QUALIFIERS",
    "VICTIMS",
    "CasualtyTerms",
    "casualty_terms",
    "is_normal",
    "normal_qualifier",
    "sides",
    "truce_at",
    "upcast_casualty_v1",
]

BOTH = "both"
#: The side of a figure about a third party's people (peacekeepers, monitors).
OTHER = "other"
VICTIMS: tuple[str, ...] = ("civilian", "military", "total")
OUTCOMES: tuple[str, ...] = ("killed", "injured", "missing", "captured")
#: Every category: the six of killed and injured first, then missing and captured.
CATEGORIES: tuple[str, ...] = tuple(f"{v}_{o}" for o in OUTCOMES for v in VICTIMS)
#: Qualifiers of a figure, ``exact`` when the text gives none.
QUALIFIERS: tuple[str, ...] = (
    "exact",
    "at_least",
    "more_than",
    "approximately",
    "nearly",
    "up_to",
    "less_than",
    "dozens",
    "scores",
    "hundreds",
    "thousands",
    "tens_of_thousands",
    "several",
)

_VICTIM_WORDS = {
    "civilian": "civilian",
    "civilians": "civilian",
    "military": "military",
    "servicemen": "military",
    "soldiers": "military",
    "total": "total",
    "unspecified": "total",
    "people": "total",
}
_OUTCOME_WORDS = {
    "killed": "killed",
    "dead": "killed",
    "deaths": "killed",
    "injured": "injured",
    "wounded": "injured",
    "missing": "missing",
    "captured": "captured",
}
_QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "exact": ("", "exact", "exactly", "precisely"),
    "at_least": ("at least", "no fewer than", "no less than", "a minimum of", "minimum"),
    "more_than": ("more than", "over", "in excess of", "upwards of", "above", "exceeding"),
    "approximately": (
        "about",
        "around",
        "approximately",
        "roughly",
        "some",
        "an estimated",
        "estimated",
        "circa",
        "approx",
    ),
    "nearly": ("nearly", "almost", "close to", "just under"),
    "up_to": ("up to", "as many as", "as much as"),
    "less_than": ("less than", "fewer than", "under"),
    "dozens": ("dozens", "dozens of"),
    "scores": ("scores", "scores of"),
    "hundreds": ("hundreds", "hundreds of"),
    "thousands": ("thousands", "thousands of"),
    "tens_of_thousands": ("tens of thousands",),
    "several": ("several", "a handful", "a few"),
}
_QUALIFIER_OF = {w: q for q, words in _QUALIFIER_WORDS.items() for w in words} | {
    q: q for q in QUALIFIERS
}


def sides() -> tuple[str, ...]:
    """The sides a figure can be of: every side of the actor registry, then ``both``."""
    global _SIDES
    table = ACTORS.table()
    if _SIDES is None or _SIDES[0] is not table:  # once per registry, not per figure
        found = sorted({a.side for a in table.values() if a.side is not None})
        _SIDES = (table, (*found, BOTH, OTHER))
    return _SIDES[1]


_SIDES: tuple[dict[str, Any], tuple[str, ...]] | None = None


@dataclass(frozen=True, slots=True)
class CasualtyTerms:
    """A figure's side, category and qualifier in the one vocabulary."""

    side: str
    side_actor: str | None
    category: str
    qualifier: str
    qualifier_text: str

    @property
    def outcome(self) -> str:
        return self.category.split("_", 1)[1]


def _fold(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.strip().casefold())


def normal_qualifier(text: str) -> str:
    """The qualifier of ``QUALIFIERS`` for words as written ("at least" -> ``at_least``).

    Raises:
        DomainError: words no qualifier stands for.
    """
    folded = _fold(text)
    found = _QUALIFIER_OF.get(folded) or _QUALIFIER_OF.get(folded.replace(" ", "_"))
    if found is None:
        raise DomainError(
            f"unknown casualty qualifier {text!r}; use one of {', '.join(QUALIFIERS)} "
            "(or its words: 'at least', 'more than', 'about', ...)"
        )
    return found


def _side(side: str) -> tuple[str, str | None]:
    text = side.strip()
    if text in ACTORS:
        return ACTORS[text].side or OTHER, text
    folded = _fold(text)
    if folded in sides():
        return folded, None
    codes = sorted(c for c, a in ACTORS.items() if a.side is not None)
    raise DomainError(
        f"unknown casualty side {side!r}; use an actor code ({', '.join(codes)}) "
        f"or a side ({', '.join(sides())})"
    )


def _category(category: str, outcome: str) -> str:
    folded = _fold(category).replace(" ", "_")
    if folded in CATEGORIES:
        stated = folded.split("_", 1)[1]
        if outcome and _OUTCOME_WORDS.get(_fold(outcome)) not in (None, stated):
            raise DomainError(f"casualty category {category!r} disagrees with outcome {outcome!r}")
        return folded
    victims_word, _, outcome_word = folded.partition("_")
    victims = _VICTIM_WORDS.get(victims_word)
    said = _OUTCOME_WORDS.get(_fold(outcome)) if outcome else _OUTCOME_WORDS.get(outcome_word)
    if victims is None or said is None:
        raise DomainError(
            f"unknown casualty category {category!r} (outcome {outcome!r}); use one of "
            f"{', '.join(CATEGORIES)}, or victims ({', '.join(VICTIMS)}) with an outcome "
            f"({', '.join(OUTCOMES)}; 'wounded' is injured)"
        )
    return f"{victims}_{said}"


def casualty_terms(
    *, side: str, category: str, outcome: str = "", qualifier: str = ""
) -> CasualtyTerms:
    """The one vocabulary for a figure given in any of the words curators and the
    extractor use: side an actor code or a side name; category ``civilian`` with outcome
    ``wounded``, or ``civilian_injured``; qualifier ``at least`` or ``at_least``.

    Raises:
        DomainError: a word the vocabulary has no place for (the message lists the words).
    """
    side_name, side_actor = _side(side)
    return CasualtyTerms(
        side=side_name,
        side_actor=side_actor,
        category=_category(category, outcome),
        qualifier=normal_qualifier(qualifier),
        qualifier_text="" if qualifier.strip() in QUALIFIERS else qualifier.strip(),
    )


def is_normal(side: str, category: str, outcome: str, qualifier: str) -> bool:
    """True when the four words are already in the one vocabulary."""
    return (
        category in CATEGORIES
        and category.endswith("_" + outcome)
        and qualifier in QUALIFIERS
        and side in sides()
    )


def upcast_casualty_v1(data: dict[str, Any]) -> dict[str, Any]:
    """``CasualtyClaimReported`` v1 -> v2: side, category, outcome and qualifier in the
    one vocabulary, the side's actor code and the qualifier as written kept beside them."""
    try:
        terms = casualty_terms(
            side=str(data.get("side", "")),
            category=str(data.get("category", "")),
            outcome=str(data.get("outcome", "")),
            qualifier=str(data.get("qualifier", "")),
        )
    except DomainError as exc:
        raise DomainError(f"CasualtyClaimReported v1 payload: {exc}") from exc
    return {
        **data,
        "side": terms.side,
        "side_actor": terms.side_actor,
        "category": terms.category,
        "outcome": terms.outcome,
        "qualifier": terms.qualifier,
        "qualifier_text": terms.qualifier_text,
    }


def truce_at(
    at: datetime, side: str, windows: list[tuple[str, frozenset[str], datetime, datetime | None]]
) -> str | None:
    """The truce in force at ``at`` binding ``side`` (``both``: binding every side).

    ``windows`` are (truce id, the sides of its parties, effective instant, agreed until);
    among several, the latest effective wins (as for reports).
    """
    live = [w for w in windows if w[2] <= at and (w[3] is None or at < w[3])]
    if side == OTHER:
        cands = []
    elif side == BOTH:
        cands = [w for w in live if len(w[1]) > 1]
    else:
        cands = [w for w in live if side in w[1]]
    cands.sort(key=lambda w: (w[2], w[0]))
    return cands[-1][0] if cands else None
