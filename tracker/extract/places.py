"""Places: the packaged gazetteer and matching of place names in text.

Owns ``data/gazetteer.tsv`` (canonical name, aliases in four scripts and two toponymies,
coordinates, region, country), the per-language alias files (``data/aliases-ru.tsv``) and ``find_places``: exact alias matching on folded text
(diacritics, Azerbaijani letters, case) for one- to three-word names, then tolerant
matching of misspellings with rapidfuzz above a threshold, guarded by a list of words
that must never be read as places.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

FUZZY_THRESHOLD = 85.0
_FOLD = str.maketrans(
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
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.U)

# Capitalised words that look like places to a fuzzy matcher but are not.
NOT_PLACES = frozenset(
    [
        "armenia",
        "armenian",
        "armenians",
        "azerbaijan",
        "azerbaijani",
        "azerbaijanis",
        "azeri",
        "azeris",
        "russia",
        "russian",
        "turkey",
        "turkish",
        "france",
        "french",
        "karabakh",
        "karabagh",
        "karbakh",
        "nagorno",
        "artsakh",
        "moscow",
        "kremlin",
        "geneva",
        "paris",
        "washington",
        "ankara",
        "tehran",
        "iran",
        "georgia",
        "tbilisi",
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
    """Lower-case, strip diacritics, map Azerbaijani letters, hyphens to spaces."""
    if text.isascii():
        return " ".join(text.replace("'", "").replace("-", " ").lower().split())
    text = text.translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Place, ...]:
    """Every entry of the packaged gazetteer."""
    raw = resources.files("tracker.extract").joinpath("data/gazetteer.tsv").read_text("utf-8")
    out: list[Place] = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, aliases, lat, lon, region, country = line.split("\t")
        names = tuple(a for a in aliases.split("|") if a)
        out.append(Place(name, names, float(lat), float(lon), region, country))
    extra = _extra_aliases()
    return tuple(
        Place(p.name, (*p.aliases, *extra.get(p.name, ())), p.lat, p.lon, p.region, p.country)
        for p in out
    )


#: Files of further aliases per canonical name (one language or script each).
ALIAS_FILES = ("data/aliases-ru.tsv",)


def _extra_aliases() -> dict[str, tuple[str, ...]]:
    """Aliases kept in the per-language files, by canonical name."""
    out: dict[str, tuple[str, ...]] = {}
    for path in ALIAS_FILES:
        raw = resources.files("tracker.extract").joinpath(path).read_text("utf-8")
        for line in raw.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            name, aliases = line.split("\t")[:2]
            out[name] = out.get(name, ()) + tuple(a for a in aliases.split("|") if a)
    return out


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], list[str], int]:
    exact: dict[str, str] = {}
    for place in gazetteer():
        for alias in (place.name, *place.aliases):
            exact.setdefault(fold(alias), place.name)
    fuzzy_keys = [k for k in exact if len(k) >= 5 and k.isascii()]
    longest = max(len(k.split()) for k in exact)
    return exact, fuzzy_keys, longest


@lru_cache(maxsize=1)
def _multi_first() -> frozenset[str]:
    """Folded first words of multi-word names (only these start an n-gram lookup)."""
    return frozenset(k.split()[0] for k in _index()[0] if " " in k)


def canonical(name: str) -> str | None:
    """The canonical name for an alias (exact, folded), or None."""
    return _index()[0].get(fold(name))


def place(name: str) -> Place | None:
    """The gazetteer entry for a canonical name or alias."""
    canon = canonical(name)
    return next((p for p in gazetteer() if p.name == canon), None)


@lru_cache(maxsize=65536)
def fuzzy_lookup(word: str) -> tuple[str, float] | None:
    """The canonical name a single misspelt word most likely means, or None."""
    key = fold(word)
    if len(key) < 5 or key in NOT_PLACES or not key.isascii():
        return None
    exact, keys, _ = _index()
    if key in exact:
        return exact[key], 100.0
    hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    if hit is None:
        return None
    alias, score, _ = hit
    if alias[0] != key[0] or abs(len(alias) - len(key)) > 2:
        return None
    return exact[alias], float(score)


def find_places(text: str, start: int = 0, end: int | None = None) -> list[PlaceMatch]:
    """Places named in ``text[start:end]``, longest names first, without overlaps."""
    stop = len(text) if end is None else end
    exact, _, longest = _index()
    multi_first = _multi_first()
    tokens = [m for m in _TOKEN.finditer(text, start, stop)]
    out: list[PlaceMatch] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        word = tok.group(0)
        if not word[0].isupper():
            i += 1
            continue
        matched = False
        top = min(longest, len(tokens) - i) if fold(word) in multi_first else 1
        for n in range(top, 0, -1):
            group = tokens[i : i + n]
            if any(text[a.end() : b.start()].strip() for a, b in itertools.pairwise(group)):
                continue
            words = text[group[0].start() : group[-1].end()]
            key = fold(words.rstrip("'’").removesuffix("'s").removesuffix("’s"))
            if key in exact and key not in NOT_PLACES:
                out.append(PlaceMatch(exact[key], words, group[0].start(), group[-1].end(), 100.0))
                i += n
                matched = True
                break
        if matched:
            continue
        if "-" in word:
            out.extend(_hyphenated(word, tok.start(), exact))
        else:
            hit = fuzzy_lookup(word.removesuffix("'s"))
            if hit is not None:
                out.append(PlaceMatch(hit[0], word, tok.start(), tok.end(), hit[1]))
        i += 1
    return out


def _hyphenated(word: str, at: int, exact: dict[str, str]) -> list[PlaceMatch]:
    """The places of a front-line direction such as "Aghdere-Terter" or "Fuzuli-Jabrayil".

    Only when every part is a place by its exact name (a word like "Armenian-backed"
    is none, and fuzzy matching is not tried on parts).
    """
    parts = word.split("-")
    if len(parts) < 2 or not all(fold(p) in exact and fold(p) not in NOT_PLACES for p in parts):
        return []
    out, offset = [], at
    for part in parts:
        out.append(PlaceMatch(exact[fold(part)], part, offset, offset + len(part), 100.0))
        offset += len(part) + 1
    return out
