"""Conflict packs: one folder of data files per conflict, loaded and validated at start.

A pack (``feeds/conflicts/<name>/``, installed as ``tracker.packs``) holds everything
the tracker knows of one conflict: ``pack.toml`` (its name, title, time zone and sides),
``actors.tsv`` (codes, names, kinds, sides), ``truces.tsv`` (the known truces),
``gazetteer.tsv`` and ``aliases-<lang>.tsv`` (places), ``words-<lang>.toml`` (how the
press of each language names the actors, their capitals and their people) and, when
present, ``reference.toml`` (curated truces) and ``feeds.opml`` (news feeds, off by
default). docs/conflict-packs.md describes every file.

Every error names the file, the line and the key (:class:`~tracker.errors.PackError`).
Stdlib only; nothing here fetches, touches the store or prints.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from tracker.errors import PackError

__all__ = [
    "ActorSpec",
    "ConflictPack",
    "SideSpec",
    "TruceSpec",
    "active",
    "configure",
    "default_pack",
    "get",
    "installed",
    "load_pack",
    "others",
    "pack_dirs",
    "use",
]

#: What the settings chose (:func:`configure`): the default pack and further folders.
_CHOSEN: dict[str, Any] = {"default": "", "dirs": ()}

KINDS = ("belligerent", "third_party")
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ZONE = re.compile(r"^[+-](?:0\d|1[0-4]):[0-5]\d$")
#: The code of the writer or an unnamed source: every pack knows it, none lists it.
UNATTRIBUTED = "unattributed"


@dataclass(frozen=True, slots=True)
class ActorSpec:
    """One row of ``actors.tsv``."""

    code: str
    name: str
    kind: str
    side: str | None
    cameo: str | None = None


@dataclass(frozen=True, slots=True)
class SideSpec:
    """One side of the conflict (``[[sides]]`` in ``pack.toml``).

    ``state`` is the actor that speaks for the side when a body of it is named without
    its country; ground (whose side a place is on) is read from the gazetteer: a place
    in one of ``regions``, or in one of ``countries`` unless its region ends with
    ``not_regions_ending``.
    """

    name: str
    state: str
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    not_regions_ending: str = ""

    def holds(self, region: str, country: str) -> bool:
        """True when a place of this region and country is on this side's ground."""
        if region in self.regions:
            return True
        if country not in self.countries:
            return False
        return not (self.not_regions_ending and region.endswith(self.not_regions_ending))


@dataclass(frozen=True, slots=True)
class TruceSpec:
    """One row of ``truces.tsv``: a known truce."""

    id: str
    effective: datetime
    announced: date
    brokers: frozenset[str]
    kind: str
    series: str = ""


@dataclass(frozen=True, eq=False)
class ConflictPack:
    """A loaded, validated conflict pack (compared and hashed by identity)."""

    name: str
    title: str
    zone: str
    root: Path
    actors: tuple[ActorSpec, ...]
    sides: tuple[SideSpec, ...]
    truces: tuple[TruceSpec, ...]
    #: Truce facts beyond the table (``[truces]`` in ``pack.toml``): series windows, dates.
    truce_rules: Mapping[str, Any]
    #: ``words-<lang>.toml`` by language code.
    words: Mapping[str, Mapping[str, Any]]
    _by_code: dict[str, ActorSpec] = field(default_factory=dict, repr=False)
    #: Actor code → side (None for third parties): the hot paths' lookup table.
    sides_by_code: dict[str, str | None] = field(default_factory=dict, repr=False)
    _sides: dict[str, SideSpec] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({a.code: a for a in self.actors})
        self.sides_by_code.update({a.code: a.side for a in self.actors})
        self._sides.update({s.name: s for s in self.sides})

    # -- actors and sides -------------------------------------------------------------
    @property
    def codes(self) -> tuple[str, ...]:
        """Every actor code, in the order of ``actors.tsv``, then ``unattributed``."""
        return (*(a.code for a in self.actors), UNATTRIBUTED)

    def actor(self, code: str) -> ActorSpec | None:
        return self._by_code.get(code)

    def side_of(self, code: str) -> str | None:
        """The side an actor fights on; None for third parties, unattributed and unknowns."""
        return self.sides_by_code.get(code)

    def is_party(self, code: str) -> bool:
        return self.sides_by_code.get(code) is not None

    @property
    def side_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sides)

    def side(self, name: str) -> SideSpec:
        return self._sides[name]

    def other_side(self, side: str) -> str:
        """The side facing ``side`` (a pack has two sides)."""
        a, b = self.sides
        return b.name if side == a.name else a.name

    def opposite(self, code: str) -> str:
        """The default adversary of a party: the state of the other side."""
        side = self.sides_by_code.get(code)
        if side is None:
            return UNATTRIBUTED
        return self._sides[self.other_side(side)].state

    # -- time -------------------------------------------------------------------------
    @property
    def tzinfo(self) -> timezone:
        return _offset(self.zone)

    # -- files ------------------------------------------------------------------------
    def path(self, name: str) -> Path:
        return self.root / name

    def read(self, name: str) -> str:
        """The text of one of the pack's files."""
        try:
            return (self.root / name).read_text("utf-8")
        except FileNotFoundError:
            raise PackError(f"{self.root / name}: missing from the pack {self.name!r}") from None

    def has(self, name: str) -> bool:
        return (self.root / name).is_file()

    def words_of(self, lang: str) -> dict[str, Any]:
        """Every entry of ``words-<lang>.toml``, the keys left out empty (see ``word``)."""
        return {key: self.word(lang, key) for key in WORD_TYPES.get(lang, {})}

    def word(self, lang: str, key: str) -> Any:
        """One entry of ``words-<lang>.toml``; a key the pack leaves out is empty (a
        pattern that never matches, no words, an empty table)."""
        words = self.words.get(lang, {})
        if key in words:
            return words[key]
        kind = WORD_TYPES.get(lang, {}).get(key)
        if kind is None:
            raise PackError(f"words-{lang}.toml has no key {key!r} (a mistake in the code)")
        return _EMPTY[kind]


def _offset(text: str) -> timezone:
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


# -- loading ---------------------------------------------------------------------------


def _line_of(text: str, key: str) -> int:
    """The first line of a TOML text that defines ``key`` (a table or a key), else 1."""
    rx = re.compile(
        r"^\s*(?:\[\[?\s*" + re.escape(key) + r"\s*\]\]?|[\"']?" + re.escape(key) + r"[\"']?\s*=)"
    )
    for n, line in enumerate(text.splitlines(), 1):
        if rx.match(line):
            return n
    return 1


def _toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise PackError(f"{path}: missing (every pack needs it)") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: not TOML: {exc}") from None


def _tsv(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of the data rows of a TSV file (``#`` lines are comments)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise PackError(f"{path}: missing (every pack needs it)") from None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < columns:
            raise PackError(
                f"{path}:{n}: {len(cells)} tab-separated cells, expected at least {columns}"
            )
        yield n, cells


def _str(data: Mapping[str, Any], key: str, where: str, text: str, path: Path) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        line = _line_of(text, key)
        raise PackError(f"{path}:{line}: {where}key {key!r} must be a non-empty string")
    return value


def _actors(path: Path, sides: set[str]) -> tuple[ActorSpec, ...]:
    out: list[ActorSpec] = []
    seen: set[str] = set()
    for n, cells in _tsv(path, 4):
        code, name, kind, side = (c.strip() for c in cells[:4])
        cameo = cells[4].strip() if len(cells) > 4 and cells[4].strip() else None
        if not _CODE.match(code):
            raise PackError(
                f"{path}:{n}: key 'code': {code!r} is no actor code (2-8 capitals or digits)"
            )
        if code in seen:
            raise PackError(f"{path}:{n}: key 'code': {code!r} is listed twice")
        if kind not in KINDS:
            raise PackError(f"{path}:{n}: key 'kind': {kind!r}; use one of {', '.join(KINDS)}")
        if kind == "belligerent" and side not in sides:
            known = ", ".join(sorted(sides))
            raise PackError(f"{path}:{n}: key 'side': {side!r} is no side of pack.toml ({known})")
        if kind != "belligerent" and side not in ("", "-"):
            raise PackError(f"{path}:{n}: key 'side': a third party has no side (write -)")
        seen.add(code)
        out.append(ActorSpec(code, name, kind, side if kind == "belligerent" else None, cameo))
    if not out:
        raise PackError(f"{path}: no actors")
    return tuple(out)


def _truces(path: Path, zone: timezone, codes: set[str]) -> tuple[TruceSpec, ...]:
    out: list[TruceSpec] = []
    if not path.is_file():
        return ()
    for n, cells in _tsv(path, 5):
        tid, effective, announced, brokers, kind = (c.strip() for c in cells[:5])
        series = cells[5].strip() if len(cells) > 5 else ""
        try:
            eff = datetime.fromisoformat(effective)
        except ValueError:
            raise PackError(
                f"{path}:{n}: key 'effective': {effective!r} is not YYYY-MM-DDTHH:MM"
            ) from None
        try:
            ann = date.fromisoformat(announced)
        except ValueError:
            raise PackError(
                f"{path}:{n}: key 'announced': {announced!r} is not YYYY-MM-DD"
            ) from None
        names = frozenset(b for b in brokers.split("|") if b and b != "-")
        unknown = sorted(names - codes)
        if unknown:
            raise PackError(f"{path}:{n}: key 'brokers': unknown actor {unknown[0]!r}")
        eff = eff if eff.tzinfo is not None else eff.replace(tzinfo=zone)
        out.append(TruceSpec(tid, eff, ann, names, kind, series))
    out.sort(key=lambda t: t.effective)
    return tuple(out)


#: The type of each key of ``words-<lang>.toml`` that the code reads: ``str`` (a regular
#: expression or word), ``list`` (of strings), ``codes`` (a table actor code → pattern),
#: ``code-lists`` (actor code → list of patterns), ``to-code`` (word → actor code),
#: ``sides`` (side → pattern), ``table`` (name → pattern), ``rows`` (an array of tables
#: with code, kind and pattern).
WORD_TYPES: dict[str, dict[str, str]] = {
    "en": {
        "lower_openers": "list",
        "opener_words": "list",
        "dateline": "str",
        "people_nouns": "str",
        "victim_modifiers": "str",
        "owner_adjectives": "str",
        "both_parties_report": "str",
        "both_parties_words": "list",
        "capitals": "list",
        "proper_words": "list",
        "not_places": "list",
        "border_with": "str",
        "comma_in": "str",
        "local_zone_words": "list",
        "implied_party_words": "str",
        "implied_parties": "codes",
        "adjective": "codes",
        "people": "code-lists",
        "country": "codes",
        "media": "codes",
        "of_place": "codes",
        "in_place": "codes",
        "bodies_before": "codes",
        "bodies_after": "codes",
        "dateline_cities": "to-code",
        "nations": "codes",
        "claim_adjectives": "to-code",
        "headline_places": "to-code",
        "claim_owner_adjectives": "codes",
        "places_by_role": "table",
        "side_adjectives": "sides",
        "country_names": "sides",
        "victim_side_words": "sides",
        "named_victim_side": "sides",
        "brokers": "codes",
        "truce_names": "str",
        "other_truces": "str",
        "other_wars": "str",
        "other_truces_late": "str",
        "truce_kinds": "table",
        "peace_deal_of": "str",
        "surname_endings": "list",
    },
    "ru": {
        "nations_between": "str",
        "local_zone": "str",
        "war_adjectives": "str",
        "border": "str",
        "media_words": "str",
        "media_actor": "str",
        "of": "codes",
        "adjective": "codes",
        "people": "code-lists",
        "country": "codes",
        "country_speaking": "list",
        "seat": "codes",
        "victim_side": "codes",
        "bodies": "rows",
        "other_truces": "str",
        "truce_kinds": "table",
        "surname_endings": "list",
    },
}


#: A regular expression that never matches: the value of a pattern a pack leaves out.
NEVER = r"(?!x)x"
_EMPTY: dict[str, Any] = {
    "str": NEVER,
    "list": [],
    "codes": {},
    "code-lists": {},
    "to-code": {},
    "sides": {},
    "table": {},
    "rows": [],
}


def _check_words(
    lang: str, data: dict[str, Any], text: str, path: Path, codes: set[str], sides: set[str]
) -> None:
    known = WORD_TYPES.get(lang, {})
    for key in data:
        if key not in known:
            names = ", ".join(sorted(known)) or "none: the tracker reads no words of this language"
            raise PackError(
                f"{path}:{_line_of(text, key)}: unknown key {key!r}; known keys: {names}"
            )
    for key, kind in known.items():
        line = _line_of(text, key)
        if key not in data:
            continue  # left out: empty
        value = data[key]
        ok: bool
        if kind == "str":
            ok = isinstance(value, str)
        elif kind == "list":
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif kind in ("codes", "code-lists", "sides", "to-code", "table"):
            ok = isinstance(value, dict)
        elif kind == "rows":
            ok = isinstance(value, list) and all(
                isinstance(r, dict) and {"code", "kind", "pattern"} <= set(r) for r in value
            )
        else:  # pragma: no cover - a mistake in WORD_TYPES
            ok = True
        if not ok:
            raise PackError(f"{path}:{line}: key {key!r} must be a {kind}")
        if kind in ("codes", "code-lists"):
            for code, v in value.items():
                if code not in codes:
                    raise PackError(f"{path}:{line}: key {key}.{code}: unknown actor code")
                good = isinstance(v, str) if kind == "codes" else isinstance(v, list)
                if not good:
                    raise PackError(f"{path}:{line}: key {key}.{code} must be a {kind}")
        if kind == "sides":
            for side in value:
                if side not in sides:
                    raise PackError(f"{path}:{line}: key {key}.{side}: unknown side")
        if kind == "to-code":
            for word, code in value.items():
                if code not in codes:
                    raise PackError(f"{path}:{line}: key {key}.{word!r}: unknown actor {code!r}")
    for key, value in data.items():
        kind = WORD_TYPES.get(lang, {}).get(key, "")
        patterns: list[str] = []
        if isinstance(value, str) and kind in ("str", ""):
            patterns = [value]
        elif kind in ("codes", "sides", "table") and isinstance(value, dict):
            patterns = [v for v in value.values() if isinstance(v, str)]
        elif kind == "code-lists" and isinstance(value, dict):
            patterns = [p for v in value.values() for p in v]
        elif kind == "rows" and isinstance(value, list):
            patterns = [str(r["pattern"]) for r in value]
            for r in value:
                if r["code"] not in codes:
                    line = _line_of(text, key)
                    raise PackError(f"{path}:{line}: key {key}.code: unknown actor {r['code']!r}")
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                line = _line_of(text, key)
                raise PackError(
                    f"{path}:{line}: key {key!r}: bad regular expression: {exc}"
                ) from None


#: The keys of ``[truces]`` in ``pack.toml`` and their types; ``[[truces.kinds]]`` tables
#: take the keys of ``_KIND_KEYS``.
_TRUCE_KEYS: dict[str, type | tuple[type, ...]] = {
    "end_of_record": datetime,
    "ordinal_series": str,
    "ordinal_from": date,
    "ordinal_until": date,
    "other_truces_late_from": date,
    "kinds": list,
}
_KIND_KEYS: dict[str, type | tuple[type, ...]] = {
    "kind": str,
    "basis": str,
    "strict": bool,
    "peace_deal_until": date,
    "peacekeepers": bool,
    "by_year": bool,
    "not_brokers": list,
    "not_new": bool,
}


def _truce_rules(
    rules: Any, text: str, path: Path, truces: tuple[TruceSpec, ...], codes: set[str]
) -> dict[str, Any]:
    """``[truces]`` of ``pack.toml``, checked: known keys of the right types, kinds of
    ``truces.tsv``, broker codes of ``actors.tsv``."""
    if not isinstance(rules, dict):
        raise PackError(f"{path}:{_line_of(text, 'truces')}: key 'truces' must be a table")
    for key, value in rules.items():
        want = _TRUCE_KEYS.get(key)
        line = _line_of(text, key)
        if want is None:
            names = ", ".join(sorted(_TRUCE_KEYS))
            raise PackError(f"{path}:{line}: unknown key truces.{key}; known keys: {names}")
        if not isinstance(value, want) or (want is date and isinstance(value, datetime)):
            raise PackError(f"{path}:{line}: key truces.{key} must be a {_type_name(want)}")
    kinds = {t.kind for t in truces}
    seen: set[str] = set()
    for spec in rules.get("kinds", ()):
        line = _line_of(text, "kinds")
        if not isinstance(spec, dict):
            raise PackError(f"{path}:{line}: key truces.kinds: write [[truces.kinds]] tables")
        for key, value in spec.items():
            want = _KIND_KEYS.get(key)
            if want is None:
                names = ", ".join(sorted(_KIND_KEYS))
                raise PackError(
                    f"{path}:{line}: unknown key truces.kinds.{key}; known keys: {names}"
                )
            if not isinstance(value, want) or (want is date and isinstance(value, datetime)):
                raise PackError(
                    f"{path}:{line}: key truces.kinds.{key} must be a {_type_name(want)}"
                )
        kind = spec.get("kind")
        if kind not in kinds:
            known = ", ".join(sorted(kinds)) or "none"
            raise PackError(
                f"{path}:{line}: key truces.kinds.kind: {kind!r} is no kind of truces.tsv ({known})"
            )
        if kind in seen:
            raise PackError(f"{path}:{line}: key truces.kinds.kind: {kind!r} is listed twice")
        seen.add(kind)
        for code in spec.get("not_brokers", ()):
            if code not in codes:
                raise PackError(
                    f"{path}:{line}: key truces.kinds.not_brokers: unknown actor {code!r}"
                )
    return rules


def _type_name(want: type | tuple[type, ...]) -> str:
    names = {datetime: "date and time", date: "date", str: "string", bool: "boolean", list: "list"}
    return names.get(want, "value") if isinstance(want, type) else "value"


def load_pack(root: Path | str) -> ConflictPack:
    """Load and validate the pack in folder ``root``.

    Raises:
        PackError: a file is missing or malformed (file, line and key named).
    """
    root = Path(root)
    if not root.is_dir():
        raise PackError(f"{root}: no such pack folder")
    meta_path = root / "pack.toml"
    meta, text = _toml(meta_path)
    name = _str(meta, "name", "", text, meta_path)
    if not _NAME.match(name):
        raise PackError(
            f"{meta_path}:{_line_of(text, 'name')}: key 'name': {name!r}; use lower-case letters, digits, . _ -"
        )
    title = _str(meta, "title", "", text, meta_path)
    zone = _str(meta, "zone", "", text, meta_path)
    if not _ZONE.match(zone):
        raise PackError(
            f"{meta_path}:{_line_of(text, 'zone')}: key 'zone': {zone!r} is no UTC offset such as +04:00"
        )
    raw_sides = meta.get("sides")
    if not isinstance(raw_sides, list) or len(raw_sides) != 2:
        raise PackError(
            f"{meta_path}:{_line_of(text, 'sides')}: key 'sides': write two [[sides]] tables"
        )
    side_names = set()
    for s in raw_sides:
        side_names.add(_str(s, "name", "sides: ", text, meta_path))
    actors = _actors(root / "actors.tsv", side_names)
    codes = {a.code for a in actors}
    sides: list[SideSpec] = []
    for s in raw_sides:
        state = _str(s, "state", "sides: ", text, meta_path)
        if state not in codes:
            raise PackError(
                f"{meta_path}:{_line_of(text, 'state')}: key 'sides.state': unknown actor {state!r}"
            )
        sides.append(
            SideSpec(
                s["name"],
                state,
                tuple(s.get("countries", ())),
                tuple(s.get("regions", ())),
                str(s.get("not_regions_ending", "")),
            )
        )
    truces = _truces(root / "truces.tsv", _offset(zone), codes)
    words: dict[str, Mapping[str, Any]] = {}
    for path in sorted(root.glob("words-*.toml")):
        lang = path.stem.removeprefix("words-")
        data, wtext = _toml(path)
        _check_words(lang, data, wtext, path, codes | {UNATTRIBUTED}, side_names)
        words[lang] = data
    rules = _truce_rules(meta.get("truces", {}), text, meta_path, truces, codes)
    return ConflictPack(name, title, zone, root, actors, tuple(sides), truces, rules, words)


# -- finding packs ---------------------------------------------------------------------


def configure(default: str = "", dirs: str = "") -> None:
    """Apply the settings ``conflict`` (the default pack: a name or folder; empty: the one
    shipped) and ``conflict_dirs`` (further folders of packs, ``os.pathsep``-separated)."""
    chosen = {"default": default.strip(), "dirs": tuple(p for p in dirs.split(os.pathsep) if p)}
    if chosen != _CHOSEN:
        _CHOSEN.update(chosen)
        reset_caches()


def pack_dirs() -> tuple[Path, ...]:
    """Folders searched for packs: the settings' ``conflict_dirs``, then the installed packs."""
    extra = [Path(p) for p in _CHOSEN["dirs"]]
    return (*extra, Path(str(resources.files("tracker.packs"))))


def installed() -> tuple[str, ...]:
    """Names of the packs found in :func:`pack_dirs`, sorted."""
    names: set[str] = set()
    for folder in pack_dirs():
        if folder.is_dir():
            names.update(p.parent.name for p in folder.glob("*/pack.toml"))
    return tuple(sorted(names))


@lru_cache(maxsize=32)
def _load_cached(root: str) -> ConflictPack:
    return load_pack(root)


def get(name: str | Path) -> ConflictPack:
    """The pack named ``name`` (a folder in :func:`pack_dirs`) or in folder ``name``.

    Raises:
        PackError: no such pack, or it does not load.
    """
    text = str(name)
    if os.sep in text or "/" in text or isinstance(name, Path):
        return _load_cached(str(Path(text).resolve()))
    for folder in pack_dirs():
        if (folder / text / "pack.toml").is_file():
            return _load_cached(str((folder / text).resolve()))
    known = ", ".join(installed()) or "none"
    raise PackError(f"no conflict pack {text!r}; packs found: {known}")


@lru_cache(maxsize=1)
def default_pack() -> ConflictPack:
    """The settings' ``conflict`` (a name or folder), else the one pack shipped with
    tracker, else the one pack found."""
    chosen = str(_CHOSEN["default"])
    if chosen:
        return get(chosen)
    shipped = Path(str(resources.files("tracker.packs")))
    names = tuple(sorted(p.parent.name for p in shipped.glob("*/pack.toml")))
    if len(names) != 1:
        names = installed()
    if len(names) != 1:
        raise PackError(
            f"{len(names)} conflict packs found ({', '.join(names) or 'none'}); "
            "name one with the setting conflict (TRACKER_CONFLICT)"
        )
    return get(names[0])


_ACTIVE: ContextVar[ConflictPack | None] = ContextVar("tracker_conflict_pack", default=None)


#: The pack :func:`use` set, or None (the hot paths' lookup; :func:`active` is the API).
in_use = _ACTIVE.get


def active() -> ConflictPack:
    """The pack in use: the one :func:`use` set, else :func:`default_pack`."""
    pack = in_use()
    return pack if pack is not None else default_pack()


@contextmanager
def use(pack: ConflictPack | str | Path | None) -> Iterator[ConflictPack]:
    """Read with ``pack`` (a pack, a name or a folder; None: the default) inside the block."""
    chosen = active() if pack is None else pack if isinstance(pack, ConflictPack) else get(pack)
    token = _ACTIVE.set(chosen)
    try:
        yield chosen
    finally:
        _ACTIVE.reset(token)


def others() -> tuple[ConflictPack, ...]:
    """Every pack found (see :func:`pack_dirs`) but the one in use, by name."""
    pack = active()
    return tuple(p for p in _found() if p is not pack)


@lru_cache(maxsize=1)
def _found() -> tuple[ConflictPack, ...]:
    return tuple(get(name) for name in installed())


def found() -> tuple[ConflictPack, ...]:
    """Every pack found, loaded once (the same tuple until :func:`reset_caches`)."""
    return _found()


def reset_caches() -> None:
    """Forget loaded packs and the default (after ``$TRACKER_CONFLICT`` changed)."""
    _load_cached.cache_clear()
    default_pack.cache_clear()
    _found.cache_clear()
