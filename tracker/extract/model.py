"""Result types of the extractor: frozen dataclasses and their gold-schema form.

Owns ``Extraction`` and the items it carries (violations, denials, casualty claims,
truce references, announcements), the resolved-time value ``OccurredTime``, and the side of each actor (from the conflict
pack in use). Nothing here reads text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from tracker.conflict import active, default_pack
from tracker.conflict.pack import in_use as _in_use

PRECISIONS: Final[tuple[str, ...]] = ("minute", "hour", "day", "week", "month", "year")
CATEGORIES: Final[tuple[str, ...]] = (
    "military_killed",
    "military_injured",
    "civilian_killed",
    "civilian_injured",
    "total_killed",
    "total_injured",
)

Span = tuple[int, int]


def actor_codes() -> tuple[str, ...]:
    """The actor codes of the conflict pack in use, then ``unattributed``."""
    return active().codes


def side_of(actor: str) -> str | None:
    """The scoring side of an actor code (one of the pack's two sides), or None."""
    pack = _in_use()  # the hot path: called per actor mention, so no call to active()
    return (pack if pack is not None else default_pack()).sides_by_code.get(actor)


def is_party(actor: str) -> bool:
    """True for the conflict parties (the actors with a side)."""
    pack = _in_use()
    return (pack if pack is not None else default_pack()).sides_by_code.get(actor) is not None


def opposite(actor: str) -> str:
    """The default adversary of a party: the state of the other side."""
    return active().opposite(actor)


@dataclass(frozen=True, slots=True)
class OccurredTime:
    """A resolved time: ``date`` as in the gold schema, bounds, precision and the words.

    ``date`` is ``YYYY-MM-DD`` (day or finer), ``YYYY-MM`` (week/month when the month is
    certain) or ``YYYY`` (year), or None when the words could not be resolved.
    ``start``/``end`` are aware datetimes bounding the period when known; ``zone`` is
    the UTC offset the text itself gave for a clock time ("0800 GMT" gives ``+00:00``),
    else None (the conflict's zone was assumed).
    """

    date: str | None
    precision: str
    expression: str = ""
    start: datetime | None = None
    end: datetime | None = None
    zone: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "precision": self.precision,
            "expression": self.expression,
            "start": None if self.start is None else self.start.isoformat(timespec="minutes"),
            "end": None if self.end is None else self.end.isoformat(timespec="minutes"),
        }


@dataclass(frozen=True, slots=True)
class CasualtyClaim:
    """A casualty figure claimed by someone, for one side and one category."""

    claimant: str
    claimant_text: str
    side: str
    category: str
    figure: int
    qualifier: str
    figure_text: str
    span: Span
    #: the time its own sentence gives the incident (None: no time of its own, or a
    #: running toll "since …", "so far"); not part of the gold schema
    occurred: OccurredTime | None = None

    def to_gold(self) -> dict[str, Any]:
        return {
            "claimant": self.claimant,
            "side": self.side,
            "category": self.category,
            "figure": self.figure,
            "qualifier": self.qualifier,
        }


@dataclass(frozen=True, slots=True)
class Violation:
    """An accusation (or an unattributed report) that someone attacked somewhere."""

    accuser: str
    accuser_text: str
    accused: str
    accused_text: str
    occurred: OccurredTime
    places: tuple[str, ...]
    places_text: tuple[str, ...]
    weapon: str | None
    span: Span
    casualties: tuple[CasualtyClaim, ...] = ()

    @property
    def date(self) -> str | None:
        return self.occurred.date

    def to_gold(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "accuser": self.accuser,
            "accused": self.accused,
            "date": self.occurred.date,
            "places": list(self.places),
        }
        if self.weapon:
            out["weapon"] = self.weapon
        return out


@dataclass(frozen=True, slots=True)
class Denial:
    """A denial: ``denier`` rejects an accusation made by ``accuser``."""

    denier: str
    denier_text: str
    accuser: str
    occurred: OccurredTime
    what: str
    span: Span

    @property
    def date(self) -> str | None:
        return self.occurred.date

    def to_gold(self) -> dict[str, Any]:
        return {
            "denier": self.denier,
            "accuser": self.accuser,
            "date": self.occurred.date,
            "what": self.what,
        }


@dataclass(frozen=True, slots=True)
class TruceRef:
    """A reference to one of the known truces, with the cue that resolved it."""

    truce_id: str
    text: str
    basis: str
    span: Span


@dataclass(frozen=True, slots=True)
class Announcement:
    """A truce the text announces (extracted, unconfirmed until a curator confirms)."""

    parties: tuple[str, ...]
    brokers: tuple[str, ...]
    effective: OccurredTime | None
    text: str
    span: Span
    known_id: str | None = None

    def to_gold(self) -> dict[str, Any]:
        eff = self.effective
        when: str | None = None
        if eff is not None:
            when = eff.start.isoformat(timespec="minutes") if eff.start else eff.date
        return {"parties": list(self.parties), "brokers": list(self.brokers), "effective": when}


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractor found in one text (or why it skipped the text)."""

    violations: tuple[Violation, ...] = ()
    denials: tuple[Denial, ...] = ()
    casualties: tuple[CasualtyClaim, ...] = ()
    truce_refs: tuple[TruceRef, ...] = ()
    announcements: tuple[Announcement, ...] = ()
    skipped_reason: str | None = None
    version: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def truce_ids(self) -> tuple[str, ...]:
        """Distinct known truce ids referred to, in order of first mention."""
        seen: dict[str, None] = {}
        for ref in self.truce_refs:
            seen.setdefault(ref.truce_id, None)
        return tuple(seen)

    def to_gold_dict(self, doc: str, published: datetime | str, tz: str) -> dict[str, Any]:
        """One JSON-ready object in the gold schema of EVAL.md."""
        pub = published if isinstance(published, str) else published.date().isoformat()
        out: dict[str, Any] = {
            "doc": doc,
            "published": pub,
            "tz": tz,
            "truces": list(self.truce_ids),
            "announcements": [a.to_gold() for a in self.announcements],
            "violations": [v.to_gold() for v in self.violations],
            "denials": [d.to_gold() for d in self.denials],
            "casualties": [c.to_gold() for c in self.casualties],
        }
        if self.skipped_reason:
            out["skipped_reason"] = self.skipped_reason
        return out
