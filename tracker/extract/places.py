"""Places: the conflict pack's gazetteer and matching of place names in text.

Reads the pack's ``gazetteer.tsv`` (canonical name, aliases in several scripts and
toponymies, coordinates, region, country) and its per-language alias files
(``aliases-<lang>.tsv``); owns ``find_places``: exact alias matching on folded text
(diacritics, letters of Latin alphabets, case) for one- to three-word names, then tolerant
matching of misspellings with rapidfuzz above a threshold, guarded by a list of words
that must never be read as places.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from tracker.conflict import ConflictPack, active, default_pack
from tracker.conflict.pack import NEVER, in_use
from tracker.conflict.patterns import PackPattern
from tracker.errors import PackError
from tracker.extract.text import on_ascii

FUZZY_THRESHOLD: Final = 87.0
#: A name with two neighbouring letters swapped ("Jemruk" for Jermuk) scores below
#: ``FUZZY_THRESHOLD``; one swap is read as a misspelling in words at least this long.
SWAP_MIN: Final = 6
SWAP_SCORE: Final = 88.0
#: Russian adjectives of places written in Latin letters ("the Martuninsky district"): the
#: stem names the place; a stem this long may have lost up to two of its last letters.
_RU_ADJECTIVE: Final = re.compile(r"(?<=\w\w\w\w)sk(?:iy|ii|ij|y|i|aya|oye|oe)$")
ADJECTIVE_STEM: Final = 6
#: Aliases this short (folded) are common words or syllables in other languages ("Sur",
#: "Kut", "Sos", "Vank"): they count only written in title case, not in capitals, and at
#: the start of a sentence only before a word like "village" or "district".
SHORT_ALIAS: Final = 4
_PLACE_NOUN: Final = re.compile(
    r"\s*(?:village|settlement|community|town|city|region|district|province|direction|"
    r"section|area|sector|height|heights)s?\b",
    re.I,
)
#: English word endings: a capitalised "Shelling" at the start of a sentence is no place.
_ENGLISH_END: Final = re.compile(
    r"(?:ing|ings|tion|tions|ment|ments|ness|ship|ful|less|ous|ive|ives|ized|ised|ated|ally|ers)$"
)
#: Transliteration variants reduced to one spelling for tolerant matching: Khankendi and
#: Xankandi, Djebrail and Jebrayil, Gadrout and Gadrut differ only in how a sound is written.
_TRANSLIT: Final = (
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("x", "h"),
    ("q", "g"),
    ("ou", "u"),
    ("y", "i"),
    ("w", "v"),
    ("ck", "k"),
)
_DOUBLE: Final = re.compile(r"(.)\1+")
#: "the villages of A and B of the R region": a listed name whose namesake in the gazetteer
#: lies this far from R (and in another unit) is a homonym the gazetteer does not hold.
HOMONYM_KM: Final = 60.0
_UNIT_AFTER: Final = re.compile(r"\s+(?:region|district|province|rayon|raion|marz)\b", re.I)
_UNIT_END: Final = re.compile(r"\s(?:region|district|province|rayon|raion|marz)$", re.I)
#: "along <country>'s border with <region>": the far side of a country's border is no
#: place of the incident.
_BORDER_WITH: Final = PackPattern(lambda pack: pack.word("en", "border_with"))
#: "near <town>, in <country>'s <region>": the unit after the comma says where
#: the place before it is.
_COMMA_IN: Final = PackPattern(lambda pack: pack.word("en", "comma_in"))
#: "the Sadarak region of the Nakhchivan Autonomous Republic": a unit of a larger one.
_UNIT_OF: Final = re.compile(
    r"\s+(?:region|district|province|rayon|raion)\s+of\s+(?:the\s+)?$", re.I
)
#: "near the village of <village> in the <province> province", "near the <village> village
#: in the <province> province": a province (a unit that is no town: its gazetteer region is
#: itself) after "in" says where the place before it is (without the comma of
#: ``_COMMA_IN``). A district named after its town ("in the Hadrut region") stays a place.
_IN_UNIT: Final = re.compile(
    r"(?:\s+(?:village|settlement|community|town|city))?\s+in\s+(?:the\s+)?"
    r"(?:[A-Z][\w-]*['\u2019]s\s+)?$",  # "in <country>'s <province> province"
    re.I,
)
#: A dateline: cities written before the place (in capitals, "/"-separated), then after it
#: a country or region, a date, an agency in parentheses and a dash.
_DATELINE_BEFORE: Final = re.compile(r"[ \t]*(?:[A-Z][\w'-]*[ \t]*/[ \t]*)*")
_DATELINE_AFTER: Final = re.compile(
    r"(?:[ \t]*/[ \t]*[A-Z][\w'-]*)*(?:,[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*)?)?"
    r"(?P<date>,?[ \t]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?[ \t]+\d{1,2})?"
    r",?[ \t]*(?P<agency>\([^()\n]{1,40}\))?[ \t]*(?:--|—|–|-)[ \t]"
)
_OF_ONLY: Final = re.compile(r"\s+of\s+(?:the\s+)?$")
_OF_BEFORE: Final = re.compile(r"\b(?:of|in)\s+(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?$")
_FOLD: Final = str.maketrans(
    {
        "ə": "a",
        "Ə": "a",
        "ı": "i",
        "İ": "i",
        "ş": "s",
        "Ş": "s",
        "ç": "c",
        "Ç": "c",
        "ğ": "g",
        "Ğ": "g",
        "ö": "o",
        "Ö": "o",
        "ü": "u",
        "Ü": "u",
        "'": "",
        "-": " ",
    }
)
_TOKEN: Final = re.compile(r"[^\W\d_][\w'’-]*", re.U)

# Capitalised words that look like places to a fuzzy matcher but are not (the pack's
# ``not_places`` adds the names of the conflict's countries, peoples and capitals).
_NOT_PLACES: Final = frozenset(
    [
        "europe",
        "european",
        "america",
        "american",
        "united",
        "states",
        "nations",
        "minsk",
        "group",
        "osce",
        "security",
        "council",
        "ministry",
        "defense",
        "defence",
        "foreign",
        "president",
        "prime",
        "minister",
        "army",
        "military",
        "forces",
        "troops",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "sushi",
        "target",
        "tartan",
        "border",
        "garden",
        "martin",
        "barber",
        "berlin",
        "bardo",
        "sure",
        "surely",
        "shush",
        "master",
        "market",
        "tatar",
        "tartars",
        "gorilla",
        "goals",
        "gains",
        "gandhi",
        "manga",
        "mango",
        "berry",
        "burden",
        "tanker",
        "talisman",
        "tallish",
        "jabber",
        "fuzzy",
        "terror",
        "terrier",
        "hardrock",
        "hadron",
        "lashing",
        "latching",
        "kalash",
        "askew",
        "asking",
        "ganges",
        "gangs",
        "bakery",
        "bake",
        "berth",
        "bird",
        "bard",
        "beard",
        "card",
        "hard",
        "herd",
        "goring",
        "gorge",
        "horse",
        "horses",
        "kappa",
        "caper",
        "paper",
        "chapel",
        "capital",
        "mingle",
        "minimal",
        "madagascar",
        "fuel",
        "fuse",
        "fusion",
        "zangief",
        "shusharin",
        "stephen",
        "stefan",
        "stephan",
        "shushan",
        "ararat",
        "shell",
        "shells",
        "shelley",
        "moves",
        "martyr",
        "martyrs",
        "harris",
        "kaplan",
        "marga",
        "martha",
        "marta",
        "marty",
        "marine",
        "martial",
        "martini",
        "associated",
        "press",
        "reuters",
        "agence",
        "france",
        "presse",
        "interfax",
        "sputnik",
        "anadolu",
        "trend",
        "armenpress",
        "news",
        "independent",
        "guardian",
        "times",
        "post",
        "tass",
        "ria",
        "afp",
        "bbc",
        "cnn",
        "voa",
        "azertag",
        "apa",
    ]
)


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    region: str
    country: str
    kind: str = ""
    """``landmark`` (mountain, pass, monastery), ``water`` (lake, reservoir, river) or empty
    for a settlement or an administrative unit."""


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place found in text: canonical name, words as written, span, how matched."""

    name: str
    text: str
    start: int
    end: int
    score: float


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip diacritics, map letters of Latin alphabets (ə, ı, ş ...), hyphens to spaces."""
    if text.isascii():
        return " ".join(text.replace("'", "").replace("-", " ").lower().split())
    text = text.translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def gazetteer() -> tuple[Place, ...]:
    """Every entry of the gazetteer of the conflict pack in use."""
    return _gazetteer(active())


@lru_cache(maxsize=8)
def _gazetteer(pack: ConflictPack) -> tuple[Place, ...]:
    out: list[Place] = []
    for n, line in enumerate(pack.read("gazetteer.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            name, aliases, lat, lon, region, country, *kind = line.split("\t")
            names = tuple(a for a in aliases.split("|") if a)
            out.append(Place(name, names, float(lat), float(lon), region, country, *kind[:1]))
        except ValueError as exc:
            raise PackError(
                f"{pack.path('gazetteer.tsv')}:{n}: expected name, aliases, lat, lon, region, "
                f"country (tab-separated): {exc}"
            ) from None
    extra = _extra_aliases(pack)
    return tuple(
        replace(p, aliases=(*p.aliases, *extra[p.name])) if p.name in extra else p for p in out
    )


def _extra_aliases(pack: ConflictPack) -> dict[str, tuple[str, ...]]:
    """Aliases kept in the pack's per-language files (``aliases-<lang>.tsv``), by canonical name."""
    out: dict[str, tuple[str, ...]] = {}
    for path in sorted(pack.root.glob("aliases-*.tsv")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            name, aliases = line.split("\t")[:2]
            out[name] = out.get(name, ()) + tuple(a for a in aliases.split("|") if a)
    return out


def not_places(pack: ConflictPack | None = None) -> frozenset[str]:
    """Folded words that are never places: the language's, and the pack's ``not_places``."""
    return _not_places(pack or active())


@lru_cache(maxsize=8)
def _not_places(pack: ConflictPack) -> frozenset[str]:
    return _NOT_PLACES | frozenset(pack.word("en", "not_places"))


def translit_key(text: str) -> str:
    """``fold`` and then one spelling per transliteration variant, doubled letters single."""
    key = fold(text)
    for old, new in _TRANSLIT:
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


def _index() -> tuple[dict[str, str], list[str], int]:
    return _index_of(active())


@lru_cache(maxsize=8)
def _index_of(pack: ConflictPack) -> tuple[dict[str, str], list[str], int]:
    exact: dict[str, str] = {}
    for place in _gazetteer(pack):
        for alias in (place.name, *place.aliases):
            exact.setdefault(fold(alias), place.name)
    longest = max(len(k.split()) for k in exact)
    return exact, list(_translit_index_of(pack)), longest


def _translit_index() -> dict[str, str]:
    return _translit_index_of(active())


@lru_cache(maxsize=8)
def _translit_index_of(pack: ConflictPack) -> dict[str, str]:
    """Transliteration keys of the one-word ASCII aliases; a key two places share is left out."""
    keys: dict[str, str | None] = {}
    for place in _gazetteer(pack):
        for alias in (place.name, *place.aliases):
            folded = fold(alias)
            if len(folded) < 5 or " " in folded or not folded.isascii():
                continue
            key = translit_key(folded)
            if keys.get(key, place.name) != place.name:
                keys[key] = None
            else:
                keys[key] = place.name
    return {k: v for k, v in keys.items() if v is not None}


def _multi_first() -> frozenset[str]:
    return _multi_first_of(active())


@lru_cache(maxsize=8)
def _multi_first_of(pack: ConflictPack) -> frozenset[str]:
    """Folded first words of multi-word names (only these start an n-gram lookup)."""
    return frozenset(k.split()[0] for k in _index_of(pack)[0] if " " in k)


def opens_name(word: str) -> bool:
    """False when no name of several words begins with ``word`` (nor with ``word`` and
    anything after it): a name of two words is looked up only after a word that opens one."""
    return _opens_name(active(), word)


@lru_cache(maxsize=65536)
def _opens_name(pack: ConflictPack, word: str) -> bool:
    first = fold(word).split(" ")[0]
    return not first or first in _multi_first_of(pack)


def _water() -> frozenset[str]:
    return _water_of(active())


@lru_cache(maxsize=8)
def _water_of(pack: ConflictPack) -> frozenset[str]:
    """Lakes, reservoirs and rivers: read (so "Lake Sevan" is not the town of Sevan), not reported."""
    return frozenset(p.name for p in _gazetteer(pack) if p.kind == "water")


def _by_name() -> dict[str, Place]:
    return _by_name_of(active())


@lru_cache(maxsize=8)
def _by_name_of(pack: ConflictPack) -> dict[str, Place]:
    return {p.name: p for p in _gazetteer(pack)}


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two gazetteer entries."""
    la, lb = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lb - la, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dlon / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


def canonical(name: str) -> str | None:
    """The canonical name for an alias (exact, folded), or None."""
    return _canonical(active(), name)


@lru_cache(maxsize=65536)
def _canonical(pack: ConflictPack, name: str) -> str | None:
    # Kept per pack and word: folding a word that is not ASCII costs more than the lookup.
    return _index_of(pack)[0].get(fold(name))


def place(name: str) -> Place | None:
    """The gazetteer entry for a canonical name or alias."""
    canon = canonical(name)
    return next((p for p in gazetteer() if p.name == canon), None)


def fuzzy_lookup(word: str) -> tuple[str, float] | None:
    """The canonical name a single misspelt word most likely means, or None."""
    return _fuzzy_lookup(in_use() or default_pack(), word)


@lru_cache(maxsize=65536)
def _fuzzy_lookup(pack: ConflictPack, word: str) -> tuple[str, float] | None:
    key = fold(word)
    if len(key) < 5 or key in _not_places(pack) or not key.isascii():
        return None
    exact, keys, _ = _index_of(pack)
    if key in exact:
        return exact[key], 100.0
    translit = _translit_index_of(pack)
    adjective = _RU_ADJECTIVE.search(key)
    if adjective is not None:
        return _adjective_of(translit_key(key[: adjective.start()]), keys, translit)
    if _ENGLISH_END.search(key) or _person_end(pack).search(key):
        return None
    tkey = translit_key(key)
    if tkey in translit:
        return translit[tkey], 95.0
    hit = process.extractOne(tkey, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    if hit is None:
        return _swapped(tkey, keys, translit)
    alias, score, _ = hit
    if alias[0] != tkey[0] or abs(len(alias) - len(tkey)) > 2:
        return None
    return translit[alias], float(score)


def _adjective_of(stem: str, keys: list[str], translit: dict[str, str]) -> tuple[str, float] | None:
    """The place a Russian adjective in Latin letters is made from, by its stem: "Martuninsky"
    (Martuni), "Askeransky" (Askeran), "Khodzhavendskiy" or, with letters lost,
    "Khodzhaveskiy" (Khojavend, that is Martuni)."""
    for cut in (stem, stem.removesuffix("in"), stem.removesuffix("n")):
        if len(cut) >= 5 and cut in translit:
            return translit[cut], 95.0
    if len(stem) < ADJECTIVE_STEM:
        return None
    names = {translit[k] for k in keys if k.startswith(stem) and len(k) - len(stem) <= 2}
    return (names.pop(), 90.0) if len(names) == 1 else None


def _swapped(tkey: str, keys: list[str], translit: dict[str, str]) -> tuple[str, float] | None:
    """The place whose key differs from ``tkey`` by two neighbouring letters swapped, the
    first letter kept ("jemruk" is Jermuk's "jermuk"); ``None`` when none does."""
    if len(tkey) < SWAP_MIN:
        return None
    hit = process.extractOne(tkey, keys, scorer=OSA.distance, score_cutoff=1)
    if hit is None:
        return None
    alias = hit[0]
    # one swap is one edit by OSA and two by Levenshtein; one edit of another kind is not
    # a swap (and scores above FUZZY_THRESHOLD when it counts)
    if alias[0] != tkey[0] or len(alias) != len(tkey) or Levenshtein.distance(alias, tkey) != 2:
        return None
    return translit[alias], SWAP_SCORE


@lru_cache(maxsize=8)
def _find_tables(
    pack: ConflictPack,
) -> tuple[dict[str, str], int, frozenset[str], frozenset[str], frozenset[str]]:
    """What ``find_places`` reads of a pack, in one look-up per call: the exact names,
    the most words in one, the first words of names of several, the words never places,
    the waters."""
    exact, _, longest = _index_of(pack)
    return exact, longest, _multi_first_of(pack), _not_places(pack), _water_of(pack)


def find_places(text: str, start: int = 0, end: int | None = None) -> list[PlaceMatch]:
    """Places named in ``text[start:end]``, longest names first, without overlaps.

    A one-word name right before a surname is a person's first name ("Shushan Stepanian"),
    and short names that are common syllables are held to ``SHORT_ALIAS`` rules.
    """
    stop = len(text) if end is None else end
    exact, longest, multi_first, never, water = _find_tables(active())
    tokens = list(on_ascii(_TOKEN, text).finditer(text, start, stop))
    out: list[PlaceMatch] = []
    after = 0  # the first token not read yet (a name of several words reads its words)
    # names are capitalised; scripts without case pass
    for i in [k for k, t in enumerate(tokens) if not text[t.start()].islower()]:
        if i < after:
            continue
        tok = tokens[i]
        word = tok.group(0)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        matched = False
        folded, single = _word_keys(word)
        top = min(longest, len(tokens) - i) if folded in multi_first else 1
        for n in range(top, 0, -1):
            group = tokens[i : i + n]
            if n == 1:
                words, key = word, single
            elif any(text[a.end() : b.start()].strip() for a, b in itertools.pairwise(group)):
                continue
            else:
                words = text[group[0].start() : group[-1].end()]
                key = _name_key(words)
            if key in exact and key not in never:
                if n == 1 and not _single_word_ok(text, tok, nxt, key, start):
                    break
                if exact[key] not in water:
                    out.append(
                        PlaceMatch(exact[key], words, group[0].start(), group[-1].end(), 100.0)
                    )
                after = i + n
                matched = True
                break
        if matched:
            continue
        if "-" in word:
            out.extend(_hyphenated(word, tok.start(), exact))
        elif not _before_surname(text, tok, nxt):
            hit = fuzzy_lookup(word.removesuffix("'s").removesuffix("’s"))
            if hit is not None and hit[1] < 95.0 and _sentence_initial(text, tok.start(), start):
                hit = None  # a capitalised first word is as likely an English word
            if hit is not None and hit[0] not in water:
                out.append(PlaceMatch(hit[0], word, tok.start(), tok.end(), hit[1]))
    return _drop_containers(text, _drop_homonyms(text, _drop_dateline(text, out), start), start)


@lru_cache(maxsize=65536)
def _name_key(words: str) -> str:
    """The gazetteer key of the words of a name: folded, without a closing quote or "'s"
    (kept per words: the words of a capitalised one and the next are folded at each look-up)."""
    return fold(words.rstrip("'’").removesuffix("'s").removesuffix("’s"))


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, str]:
    """``fold`` of a word and its ``_name_key``, kept per word (most capitalised words of a
    text are no places, and folding each costs more than the lookup)."""
    return fold(word), _name_key(word)


def _locates(text: str, inner: PlaceMatch, outer: PlaceMatch) -> bool:
    """Whether ``outer`` is written to say where ``inner`` is.

    "<town>, in <country>'s <province> region" and "the <district> region of the <province>
    Autonomous Republic" do; "the villages of Khramort and Parukh of the Askeran region"
    names the district too, as reports of shelled villages do.
    """
    if _COMMA_IN.search(text, inner.end, outer.start):
        return _names_unit(text, outer)
    if _IN_UNIT.match(text, inner.end, outer.start):
        unit = _by_name()[outer.name]
        return unit.region == unit.name and _names_unit(text, outer)
    return bool(
        _UNIT_OF.match(text, inner.end, outer.start)
        or (_UNIT_END.search(inner.text) and _OF_ONLY.match(text, inner.end, outer.start))
    )


def _drop_containers(text: str, found: list[PlaceMatch], start: int) -> list[PlaceMatch]:
    """Leave out the far side of a border and a unit named only to place the name before it."""
    if len(found) < 2:
        return found
    places = _by_name()
    out: list[PlaceMatch] = []
    for n, m in enumerate(found):
        before = text[max(start, m.start - 60) : m.start]
        if _BORDER_WITH.search(before) and any(o.name != m.name for o in found):
            continue
        if n and _locates(text, found[n - 1], m):
            inner, unit = places[found[n - 1].name], places[m.name]
            if inner.region == unit.region and inner.name != unit.name:
                continue
        out.append(m)
    return out


def _names_unit(text: str, m: PlaceMatch) -> bool:
    """Whether a match is written as an administrative unit ("the Tovuz region")."""
    return bool(_UNIT_AFTER.match(text, m.end) or _UNIT_END.search(m.text))


def _drop_homonyms(text: str, found: list[PlaceMatch], start: int) -> list[PlaceMatch]:
    """Leave out listed names that lie far from the unit the list is said to be in.

    "Aghbulag, Aghdam and Alibeyli settlements of the Tovuz region" names villages of
    Tovuz; the town of Aghdam is 120 km away, so that "Aghdam" is a namesake.
    """
    if len(found) < 2:
        return found
    places = _by_name()
    drop: set[int] = set()
    floor = start
    for n, unit in enumerate(found):
        if not (
            _names_unit(text, unit)
            and _OF_BEFORE.search(text, max(floor, unit.start - 40), unit.start)
        ):
            continue
        lo = max(
            floor, text.rfind(".", floor, unit.start) + 1, text.rfind(";", floor, unit.start) + 1
        )
        area = places[unit.name]
        for k in range(n):
            listed = found[k]
            if listed.start < lo or listed.name == unit.name:
                continue
            entry = places[listed.name]
            if entry.region != area.region and distance_km(entry, area) > HOMONYM_KM:
                drop.add(k)
        floor = unit.end
    return [m for k, m in enumerate(found) if k not in drop]


def _drop_dateline(text: str, found: list[PlaceMatch]) -> list[PlaceMatch]:
    """Leave out the place a story is filed from: "STEPANAKERT --", "Goris, Armenia, March 6
    (Reuters) -" at the start of a line (after other cities of the dateline) is no place of
    what the story tells. A name in mixed case counts only with a date or an agency."""
    if not found:
        return found
    out: list[PlaceMatch] = []
    for m in found:
        line = text.rfind("\n", 0, m.start) + 1
        tail = _DATELINE_AFTER.match(text, m.end)
        if (
            tail is not None
            and _DATELINE_BEFORE.fullmatch(text, line, m.start)
            and (m.text.isupper() or tail.group("date") or tail.group("agency"))
        ):
            continue
        out.append(m)
    return out


def _before_surname(text: str, tok: re.Match[str], nxt: re.Match[str] | None) -> bool:
    """Whether ``tok`` is followed by a capitalised surname ("Ararat Mirzoyan")."""
    if nxt is None or text[tok.end() : nxt.start()] != " ":
        return False
    following = nxt.group(0)
    return following[0].isupper() and bool(
        _person_end(in_use() or default_pack()).search(_word_keys(following)[0])
    )


@lru_cache(maxsize=8)
def _person_end(pack: ConflictPack) -> re.Pattern[str]:
    """The surname endings of the region's peoples (the pack's ``surname_endings`` of
    every language) at the end of a folded word: "Shushan Stepanian" or "Ararat Mirzoyan"
    name a person, and "Ayvazyan" is no misspelt village."""
    endings = [*pack.word("en", "surname_endings"), *pack.word("ru", "surname_endings")]
    return re.compile("(?:" + ("|".join(map(re.escape, endings)) or NEVER) + ")$")


def _sentence_initial(text: str, at: int, start: int) -> bool:
    """Whether the word at ``at`` opens a sentence (or the span being read)."""
    j = at
    while j > start and text[j - 1] in " \t\"'“‘«(":
        j -= 1
    return j <= start or text[j - 1] in ".!?\n:;"


def _single_word_ok(
    text: str, tok: re.Match[str], nxt: re.Match[str] | None, key: str, start: int
) -> bool:
    """Guards on a one-word exact match: first names and short common-word aliases."""
    if _before_surname(text, tok, nxt):
        return False
    if len(key) > SHORT_ALIAS:
        return True
    word = tok.group(0)
    if len(key) <= 3 and not (word[0].isupper() and word[1:].islower()):
        return False
    if not _sentence_initial(text, tok.start(), start):
        return True
    after = text[tok.end() : tok.end() + 40]
    return bool(_PLACE_NOUN.match(after) or re.match(r"\s*(?:,|and)\s+[^\W\d_]", after))


def _hyphenated(word: str, at: int, exact: dict[str, str]) -> list[PlaceMatch]:
    """The places of a front-line direction such as "Aghdere-Terter" or "Fizuli-Jabrail".

    Only when every part is a place, by its exact name or a misspelling of one, and at least
    one part is exact (a word like "<country>-backed" is none).
    """
    parts = word.split("-")
    if len(parts) < 2:
        return []
    out, offset, exact_parts = [], at, 0
    for part in parts:
        key = fold(part)
        if key in not_places():
            return []
        if key in exact:
            name, score = exact[key], 100.0
            exact_parts += 1
        else:
            hit = fuzzy_lookup(part)
            if hit is None:
                return []
            name, score = hit
        out.append(PlaceMatch(name, part, offset, offset + len(part), score))
        offset += len(part) + 1
    return out if exact_parts and not any(m.name in _water() for m in out) else []
