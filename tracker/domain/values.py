"""Value objects of the domain: valid times with precision, provenance, actors, places.

Owns ``ValidTime`` (an instant in UTC with its precision, the words it was read from and
the zone as written), ``Provenance`` (where a claim comes from), the actor registry
(codes, kinds, sides: the conflict pack's, see ``tracker.conflict``) and ``Place``. Pure:
stdlib, ``tracker.errors`` and the loaded pack only; no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from tracker.conflict import UNATTRIBUTED, ConflictPack, active, found, others
from tracker.errors import DomainError

__all__ = [
    "ACTORS",
    "PRECISIONS",
    "UNATTRIBUTED",
    "Actor",
    "Place",
    "Provenance",
    "Signatory",
    "Sourced",
    "ValidTime",
    "actor",
    "format_utc",
    "parse_instant",
    "side_of",
]

#: Precisions a valid time can carry, finest first.
PRECISIONS: tuple[str, ...] = ("minute", "hour", "day", "week", "month", "year")


@dataclass(frozen=True, slots=True)
class Actor:
    """A conflict actor or third party.

    ``kind`` is ``belligerent`` (can be bound by a truce and accused), ``third_party``
    (broker, monitor, government commenting) or ``unattributed`` (the writer, a caption).
    ``side`` groups belligerents that fight together (a de facto authority's forces on
    the side of the state that backs them); ``cameo`` is the actor's CAMEO code, if any.
    """

    code: str
    name: str
    kind: str
    side: str | None
    cameo: str | None = None


class _Registry(Mapping[str, Actor]):
    """The actors of the conflict pack in use (``actors.tsv``), then ``unattributed``, then
    those of the other packs found (a log may hold the events of several conflicts; a
    code two packs share keeps the pack in use's meaning)."""

    _last: tuple[ConflictPack, tuple[ConflictPack, ...], dict[str, Actor]] | None = None

    def _table(self) -> dict[str, Actor]:
        # the table of the pack in use, kept between calls: a lookup is on the hot path
        # of every claim (sides, heavy weapons), and ``others()`` builds a tuple per call
        pack, packs, last = active(), found(), self._last
        if last is not None and last[0] is pack and last[1] is packs:
            return last[2]
        table = _actors_of(pack, others())
        self._last = (pack, packs, table)
        return table

    def table(self) -> dict[str, Actor]:
        """The registry as it stands (one dict per pack in use: derived values may be
        cached by its identity). Do not change it."""
        return self._table()

    def __getitem__(self, code: str) -> Actor:
        return self._table()[code]

    def get(self, code: str, default: Any = None) -> Any:  # one lookup, not Mapping's two
        return self._table().get(code, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __contains__(self, code: object) -> bool:
        return code in self._table()


@lru_cache(maxsize=8)
def _actors_of(pack: ConflictPack, rest: tuple[ConflictPack, ...]) -> dict[str, Actor]:
    table = {a.code: Actor(a.code, a.name, a.kind, a.side, a.cameo) for a in pack.actors}
    table[UNATTRIBUTED] = Actor(
        UNATTRIBUTED,
        "unattributed (the writer, a caption, an unnamed source)",
        "unattributed",
        None,
    )
    for other in rest:
        for a in other.actors:
            table.setdefault(a.code, Actor(a.code, a.name, a.kind, a.side, a.cameo))
    return table


#: The actor registry: the conflict pack's actors (data, not code paths).
ACTORS = _Registry()  # a Mapping[str, Actor]


def actor(code: str) -> Actor:
    """The registered actor ``code``.

    Raises:
        DomainError: the code is not in the registry.
    """
    try:
        return ACTORS[code]
    except KeyError:
        known = ", ".join(sorted(ACTORS))
        raise DomainError(f"unknown actor {code!r}; known actors: {known}") from None


def side_of(code: str) -> str | None:
    """The side an actor fights on, or None for third parties and unattributed."""
    return actor(code).side


_ISO = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)


@lru_cache(maxsize=256)
def _parse_offset(text: str) -> timezone:
    if text in {"Z", "+00:00", "+0000"}:
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        raise DomainError(f"bad UTC offset {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _format_offset(tz: timezone) -> str:
    delta = tz.utcoffset(None)
    total = int(delta.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    total = abs(total)
    return f"{sign}{total // 60:02d}:{total % 60:02d}"


def format_utc(value: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ``: the one text form of instants in events and SQL rows."""
    if value.tzinfo is None:
        raise DomainError(f"time without a zone: {value.isoformat()}")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: str) -> datetime:
    """An aware UTC datetime from ISO-8601 text that carries a zone.

    Raises:
        DomainError: the text is not ISO-8601 or has no zone.
    """
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise DomainError(f"not an ISO-8601 time: {text!r}") from exc
    if value.tzinfo is None:
        raise DomainError(f"time without a zone: {text!r}; write an offset such as +04:00 or Z")
    return value.astimezone(UTC)


def _truncate(local: datetime, precision: str) -> datetime:
    """The start of the ``precision`` period containing ``local`` (weeks start on the day given)."""
    if precision == "minute":
        return local.replace(second=0, microsecond=0)
    if precision == "hour":
        return local.replace(minute=0, second=0, microsecond=0)
    if precision in ("day", "week"):
        return local.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision == "month":
        return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class ValidTime:
    """When something happened or takes effect (valid time), as precisely as the text says.

    ``instant`` is the start of the period in UTC (12:00+04:00 at minute precision is
    08:00Z; "11 Oct" at day precision in +04:00 is 10 Oct 20:00Z). ``tz`` is the UTC
    offset the text gave or that the curator resolved ("+04:00"), ``expression`` the
    words as written ("from 12:00 on 10 October 2020").
    """

    instant: datetime
    precision: str
    tz: str
    expression: str = ""

    def __post_init__(self) -> None:
        if self.instant.tzinfo is None:
            raise DomainError(f"time without a zone: {self.instant.isoformat()}")
        if self.precision not in PRECISIONS:
            raise DomainError(
                f"unknown precision {self.precision!r}; use one of {', '.join(PRECISIONS)}"
            )
        _parse_offset(self.tz)
        try:
            object.__setattr__(self, "instant", self.instant.astimezone(UTC))
        except OverflowError as exc:  # year 1 east of UTC, year 9999 west of it
            raise DomainError(
                f"the time {self.instant.isoformat()} is outside the calendar in UTC"
            ) from exc

    @classmethod
    def parse(
        cls, text: str, *, precision: str | None = None, expression: str = "", tz: str | None = None
    ) -> ValidTime:
        """Read ``2020-10-10T12:00+04:00``, ``2020-10-11`` (with ``tz``), ``2020-10`` or ``2020``.

        The precision defaults to what the text shows (minute, day, month, year).

        Raises:
            DomainError: malformed text, or a time without a zone and no ``tz``.
        """
        m = _ISO.match(text.strip())
        if m is None:
            raise DomainError(f"not an ISO-8601 time: {text!r}")
        zone_text = m["tz"] or tz
        if zone_text is None:
            raise DomainError(f"time without a zone: {text!r}; write an offset such as +04:00 or Z")
        zone = _parse_offset(zone_text)
        if m["h"] is not None:
            shown = "minute"
        elif m["d"] is not None:
            shown = "day"
        elif m["mo"] is not None:
            shown = "month"
        else:
            shown = "year"
        try:
            local = datetime(
                int(m["y"]),
                int(m["mo"] or 1),
                int(m["d"] or 1),
                int(m["h"] or 0),
                int(m["mi"] or 0),
                int(m["s"] or 0),
                tzinfo=zone,
            )
        except ValueError as exc:
            raise DomainError(f"impossible date {text!r}: {exc}") from exc
        chosen = precision or shown
        if chosen not in PRECISIONS:
            raise DomainError(f"unknown precision {chosen!r}; use one of {', '.join(PRECISIONS)}")
        if PRECISIONS.index(chosen) < PRECISIONS.index(shown):
            raise DomainError(f"{text!r} is not precise to the {chosen}")
        local = _truncate(local, chosen)
        return cls(local, chosen, _format_offset(zone), expression or text.strip())

    @property
    def zone(self) -> timezone:
        return _parse_offset(self.tz)

    @property
    def local(self) -> datetime:
        """The instant in the zone as written."""
        return self.instant.astimezone(_parse_offset(self.tz))

    @property
    def local_date(self) -> date:
        """The calendar day in the zone as written (the "local day" of the collapse rule)."""
        return self.instant.astimezone(_parse_offset(self.tz)).date()

    @property
    def period_end(self) -> datetime:
        """The end (exclusive) of the period the precision allows, in UTC."""
        if self.precision == "minute":
            return self.instant + timedelta(minutes=1)
        if self.precision == "hour":
            return self.instant + timedelta(hours=1)
        if self.precision == "day":
            return self.instant + timedelta(days=1)
        if self.precision == "week":
            return self.instant + timedelta(days=7)
        local = self.local
        if self.precision == "month":
            nxt = local.replace(year=local.year + local.month // 12, month=local.month % 12 + 1)
            return nxt.astimezone(UTC)
        return local.replace(year=local.year + 1).astimezone(UTC)

    def to_data(self) -> dict[str, Any]:
        return {
            "at": format_utc(self.instant),
            "local": self.local.isoformat(timespec="minutes"),
            "precision": self.precision,
            "tz": self.tz,
            "expression": self.expression,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ValidTime:
        key = (data["at"], data["precision"], data["tz"], data.get("expression", ""))
        try:
            found = _TIMES_READ.get(key)
        except TypeError:  # a malformed payload: validated, and refused, by the constructor
            found = None
        if found is None or type(found) is not cls:
            found = cls(parse_instant(key[0]), key[1], key[2], key[3])
            _remember(_TIMES_READ, key, found)
        return found


#: Recently read valid times and places by their payload values. They are immutable,
#: and the claims of one item share them (its publication time, the occurred time a
#: report and its casualty figures give, a handful of places), so a rebuild reads each
#: once instead of once per claim.
_TIMES_READ: dict[tuple[Any, ...], ValidTime] = {}
_PLACES_READ: dict[tuple[Any, ...], Place] = {}
_READ_LIMIT = 4096


def _remember(cache: dict[tuple[Any, ...], Any], key: tuple[Any, ...], value: Any) -> None:
    if len(cache) >= _READ_LIMIT:
        cache.clear()
    cache[key] = value


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a claim comes from: source URLs or a feed item and text span, and who recorded it.

    ``published`` is the publication time of the source (the record-time clock of
    "time to first reported violation"); ``extractor`` (``extractor:v3``) or ``curator``
    (``curator:anna``) says who turned the text into the event.
    """

    urls: tuple[str, ...] = ()
    item_id: str | None = None
    published: ValidTime | None = None
    span: tuple[int, int] | None = None
    quote: str = ""
    extractor: str | None = None
    curator: str | None = None
    content_sha256: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "urls": list(self.urls),
            "item_id": self.item_id,
            "published": None if self.published is None else self.published.to_data(),
            "span": None if self.span is None else list(self.span),
            "quote": self.quote,
            "extractor": self.extractor,
            "curator": self.curator,
            "content_sha256": self.content_sha256,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Provenance:
        published = data.get("published")
        span = data.get("span")
        return cls(
            urls=tuple(data.get("urls", ())),
            item_id=data.get("item_id"),
            published=None if published is None else ValidTime.from_data(published),
            span=None if span is None else (int(span[0]), int(span[1])),
            quote=data.get("quote", ""),
            extractor=data.get("extractor"),
            curator=data.get("curator"),
            content_sha256=data.get("content_sha256"),
        )


@dataclass(frozen=True, slots=True)
class Place:
    """A place as written in the source, and its canonical name when the gazetteer knows it."""

    as_written: str
    canonical: str | None = None

    @property
    def key(self) -> str:
        """What place overlap compares: the canonical name, else the written one folded."""
        return (self.canonical or self.as_written).strip().casefold()

    def to_data(self) -> dict[str, Any]:
        return {"as_written": self.as_written, "canonical": self.canonical}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Place:
        key = (data["as_written"], data.get("canonical"))
        try:
            found = _PLACES_READ.get(key)
        except TypeError:
            found = None
        if found is None or type(found) is not cls:
            found = cls(*key)
            _remember(_PLACES_READ, key, found)
        return found


@dataclass(frozen=True, slots=True)
class Sourced:
    """A value with the sources that state it (a broker, a disputed time)."""

    value: str
    sources: tuple[str, ...] = ()
    note: str = ""

    def to_data(self) -> dict[str, Any]:
        return {"value": self.value, "sources": list(self.sources), "note": self.note}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Sourced:
        return cls(data["value"], tuple(data.get("sources", ())), data.get("note", ""))


@dataclass(frozen=True, slots=True)
class Signatory:
    """A person or body that signed or issued the truce text."""

    name: str
    role: str = ""

    def to_data(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Signatory:
        return cls(data["name"], data.get("role", ""))
