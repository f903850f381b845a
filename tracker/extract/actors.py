"""Actors: how the press names the parties, mediators and monitors, mapped to their codes.

Owns ``find_actors`` (mentions with code, words as written, span and kind) and the
speech cues used for attribution. The names, adjectives, capitals and people of each
actor are the conflict pack's (``words-en.toml``); the grammar around them is here.
Kinds: ``org`` (ministries, forces, officials, named people), ``country`` (a bare
country or capital used as a subject or object), ``agent`` (an adjective naming who
fired: "<adjective> shelling", "<adjective> planes"),
``generic`` ("officials", "the ministry": resolved from context) and ``unattr``
("reports", "witnesses": the writer's sources, no party).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from tracker.conflict import UNATTRIBUTED, ConflictPack, active
from tracker.extract.openings import openings
from tracker.extract.text import (
    ascii_copy,
    factored,
    folds_beyond_ascii,
    look_behind_split,
    reads_ascii,
)

_GAP: Final = (
    r"(?:\s+(?:[A-Z][\w.'-]*|de facto|human rights|foreign policy|foreign|defen[cs]e|armed|state|security|"
    r"border|military|presidential|top|senior|local|emergency|interior|regional|heavy|long-range|rocket|"
    r"missile|drone|air|special|self-defen[cs]e|separatist|government|army|ministry|press|health|rescue|"
    r"emergency situations|emergencies|justice|internal affairs|unified|joint|operational))"
)
#: The alternatives of ``_ORG``, as written (the pattern has them ``factored``).
_ORG_WORDS: Final = (
    r"defen[cs]e ministry|ministry of defen[cs]e|foreign ministry|ministry of foreign affairs|"
    r"interior ministry|ministry|MoD|MFA|government|authorities|officials?|leadership|leader|"
    r"forces|troops|army|military|soldiers|servicemen|units|president|presidency|administration|"
    r"aide|adviser|advisor|prime minister|premier|spokes(?:wo)?man|spokesperson|press secretary|press service|"
    r"ombudsman|ombudsperson|commissioner|human rights defender|state security service|security service|police|prosecutor's office|"
    r"prosecutor general's office|general prosecutor's office|prosecutor general|prosecutors?|office|"
    r"security council|council|committee|secretary|services?|information cent(?:er|re)|info ?center|"
    r"command|headquarters|armed forces|sabotage groups?|saboteurs|formations|separatists|"
    r"militants|fighters|gunmen|peacekeepers|peacekeeping (?:contingent|command|mission|forces)|"
    r"monitors|co-chairs|embassy|side|parliament|national assembly|speaker|lawmakers|diplomats?|diplomacy|minister|envoy|"
    r"secretary-general|security council|state news agency|news agency|media"
)
_ORG: Final = r"(?i:" + factored(_ORG_WORDS) + ")"
_PRESS: Final = r"(?:\s+(?:state|state-run|state-owned|official|local|pro-government|government-controlled))?\s+(?:media|press|news agency|news agencies|television|TV)"
#: The alternatives of ``_AGENT``, as written (the pattern has them ``factored``).
_AGENT_WORDS: Final = (
    r"shelling|shells|fire|gunfire|strikes?|attacks?|offensive|bombardments?|bombing|aggression|"
    r"provocations?|artillery|drones?|planes|aircraft|warplanes|jets|helicopters|rockets?|missiles?|"
    r"sniper|snipers|assault|raids?|operation|incursion|actions?|advance"
)
_AGENT: Final = r"(?i:" + factored(_AGENT_WORDS) + ")"
#: Fire from somewhere, right before the place it came from (each a look-behind of its own).
_FIRED_FROM: Final = (
    "(?:"
    + "|".join(
        rf"(?<=\b{verb} from {the})"
        for verb in ("fire", "fired", "firing", "shots", "shelling", "shelled", "gunfire")
        for the in ("", "the ")
    )
    + ")"
)
#: Up to two lower-case words between an agent adjective and its noun ("Azerbaijani heavy
#: artillery"), but no verb of speech or clause word: in "<country> said that shelling by
#: <forces> ..." the country is the speaker, not the agent of the shelling.
_AGENT_GAP: Final = (
    r"(?:\s+(?!(?:said|says|claimed|claims|reported|reports|stated|states|told|added|noted|"
    r"accused|accuses|denied|denies|that|which|who|of|by|and|or)\b)[a-z-]+){0,2}"
)

#: "the Ministry of <Subject> of <place>", "the Office of the <Title> of <place>".
_OF_CHAIN: Final = r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+(?:and\s+)?[A-Z][\w'-]*){0,3})?(?:\s*\([A-Za-z]{2,6}\))?"
#: Words the press puts before the name of an unrecognised entity.
_STATUS: Final = (
    r"(?:(?:internationally\s+)?(?:unrecognized|unrecognised|self-proclaimed|self-declared|de facto|breakaway|so-called)\s+)?"
    # "the health ministry of the breakaway <kind> of <region>": the kind of entity
    r"(?:(?:region|enclave|republic|territory)\s+of\s+(?:the\s+)?)?"
)
#: Bodies that speak for where they sit (not forces or troops, which may be anyone's there):
#: the alternatives of ``_SEATED_ORG``, as written (the pattern has them ``factored``).
_SEATED_WORDS: Final = (
    r"authorities|officials|government|leadership|administration|"
    r"(?:defen[cs]e |foreign |interior )?ministry|ombudsman|ombudsperson|human rights defender|"
    r"human rights commissioner|prosecutor's office|parliament|national assembly|lawmakers"
)
_SEATED_ORG: Final = r"(?i:" + factored(_SEATED_WORDS) + ")"
_GENERIC: Final = r"(?:[Tt]he (?:[Mm]inistry of (?:[Dd]efen[cs]e|[Ff]oreign [Aa]ffairs|[Ee]mergency [Ss]ituations|[Hh]ealth|[Ii]nternal [Aa]ffairs)|(?:[Dd]efen[cs]e |[Ff]oreign |[Ii]nterior )?[Mm]inistry|(?:[Gg]eneral )?[Pp]rosecutor(?:[- ][Gg]eneral)?'s [Oo]ffice) of the (?:republic|country)(?!\s+of\b)|[Oo]fficials|[Tt]he [Mm]inistry of (?:[Dd]efen[cs]e|[Ff]oreign [Aa]ffairs|[Ee]mergency [Ss]ituations|[Hh]ealth|[Ii]nternal [Aa]ffairs)(?!\s*\(|\s+(?:of|for)\s)|(?:[Tt]he (?:[Dd]efen[cs]e |[Ff]oreign |[Ii]nterior |[Ee]mergenc(?:y|ies) |[Hh]ealth )?[Mm]inistry|(?:[Tt]he )?(?:[Gg]eneral )?[Pp]rosecutor(?:[- ][Gg]eneral)?'s [Oo]ffice|[Tt]he [Pp]ress [Ss]ervice|[Tt]he (?:[Hh]uman [Rr]ights (?:[Oo]mbudsman|[Dd]efender)|[Oo]mbudsman))(?!\s*\(|\s+(?:of|for)\s)|(?<![^\n])(?:(?:[Dd]efen[cs]e |[Ff]oreign |[Ii]nterior |[Hh]ealth )?[Mm]inistry|[Oo]mbudsman)(?=:)|[Tt]he military|[Tt]he army|[Tt]he spokes(?:wo)?man|[Tt]he spokesperson|[Tt]he statement|[Tt]he (?:head of state|[Pp]resident)(?!\s+of\b|\s*[A-Z'’])|[Tt]he (?:daily )?bulletin|[Tt]he service(?= (?:said|says|added|reported|stated)\b)|[Tt]he [Ee]mbassy(?!\s+of\b)|[Tt]he government(?!\s+of\s+[A-Z])|[Tt]he country's (?:[\w'-]+\s+){0,3}?(?:[Mm]inistry|[Oo]ffice|[Pp]resident|[Oo]mbudsman|[Aa]uthorities|[Gg]overnment|[Aa]rmy|[Mm]ilitary|[A-Z][\w-]*\s+[Ss]ervice)|[Aa]uthorities|He|he|She|she|It(?= (?:said|says|added|reported|claimed|stated)\b)|They(?= (?:said|say|added|reported|claimed)\b))"
_UNATTR: Final = r"(?:[Rr]eports|[Ww]itnesses|[Rr]esidents|[Ll]ocal media|[Mm]edia reports|[Ss]ources|[Aa]nalysts|[Oo]bservers)"
_PREP: Final = re.compile(
    r"\b(?:in|into|to|from|near|at|of|over|around|toward|towards|outside|inside|within|across|for|on|with|between|against|by|under|about)\s+$",
    re.I,
)
#: An attack that comes from a country: "a new attack from <country>", "shelling from
#: <country>" names the attacker, not a place (a country after other prepositions is a place).
_ATTACK_FROM: Final = re.compile(
    r"\b(?:attacks?|shelling|fire|gunfire|shots|strikes?|offensive|provocations?|assaults?|"
    r"bombardments?|shells|rockets|missiles)[\"”’']? from $",
    re.I,
)
#: A claim that comes from a country: "claims from <country>'s envoy that ..." names its
#: author, not a place.
_CLAIM_FROM: Final = re.compile(r"\b(?:claims?|allegations?|accusations?|assertions?) from $", re.I)
#: A country's own acts: "the offensive operations of <country>", "the aggression of
#: <country>" name the attacker, not a place.
_ACTS_OF: Final = re.compile(
    r"\b(?:(?:offensive|military|combat) operations|aggression|provocations?|offensive)[\"”’']? of $",
    re.I,
)

#: The alternatives of ``SPEECH``, as written (the pattern has them ``factored``).
_SPEECH_CUES: Final = (
    r"said|says|say|saying|told|tells|stated|states|reported|reports|reporting|claimed|claims|claiming|"
    r"announced|announces|insisted|insists|added|adds|alleged|alleges|alleging|accused|accuses|accusing|accuse|blamed|"
    r"blames|blaming|blame|denied|denies|denying|deny|rejected|rejects|dismissed|dismisses|confirmed|confirms|"
    r"charged|wrote|writes|writing(?= that)|responded(?= that)|replied(?= that)|reacted(?= to)|commented|admitted|shared(?= that)|tweeted|posted(?! (?:near|at|along|around|outside|inside|close to|in the (?:area|vicinity|village|town|city|district|region)|on the (?:border|front|frontline|line|heights?|hills?|outskirts))\b)|noted|warned|estimated|estimates|estimate|cited|has said|have said|"
    r"report|confirm|announce|claim|allege|insist|condemned|condemns|informs|informed|declared|declares|"
    r"stressed|stresses|emphasi[sz]ed|emphasi[sz]es|pointed out|underlined|explained|clarified|specified|reads|read|"
    r"mentioned|revealed|disclosed|asserted|reiterated|vowed|vows|swore|has sworn|have sworn|detailed|"
    r"issued a statement|released a statement|published a statement|made a statement|"
    r"published a list|released a list|issued a list|"
    # "<country> has published information about N killed": a party's own count
    r"published (?:the )?(?:information|data|figures)(?= (?:about|on) (?:the )?(?:\d|deaths|losses|casualties))|"
    r"has (?:recorded|registered)|have (?:recorded|registered)|had (?:recorded|registered)|"
    # "<body> recorded the deaths of N residents", "recorded N wounded": a body's count of
    # victims is its report
    r"(?:recorded|registered|documented)(?= (?:the )?(?:cases? of |deaths? of |killings? of )?(?:at least |more than |over |about |some )?(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds) (?:[\w-]+ ){0,2}(?:deaths?|injur(?:y|ies)|killings?|casualties|dead|wounded|killed|injured|civilians|people|persons|victims)\b)|"
    # "peacekeepers recorded three ceasefire violations": a monitor's count is its report
    r"(?:recorded|registered)(?= (?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|multiple|numerous) (?:[\w-]+ ){0,2}(?:violations?|breach(?:es)?|incidents?)\b)|"
    r"a(?i:ccording to)|A(?i:ccording to)|a(?i:s per)|A(?i:s per)|citing|quoting|referring to|with reference to|learned from|learnt from|in a statement(?! (?:issued |released |published |posted )?by)|quoted|"
    r"statement (?:issued |released |published |posted )?by|report (?:issued |released |published |posted )?by|"
    r"message (?:issued |released |published |posted )?by|post (?:issued |released |published |posted )?by|"
    r"stated by|said by|reported by|announced by|noted by"
)
SPEECH: Final = re.compile(r"\b(?:" + factored(_SPEECH_CUES) + r")\b")
#: The alternatives of ``ACCUSE``, as written (the pattern has them ``factored``).
_ACCUSE_WORDS: Final = r"accused|accuses|accusing|accuse|blamed|blames|blaming|blame|charged"
ACCUSE: Final = re.compile(r"\b(?:" + factored(_ACCUSE_WORDS) + r")\b")


_WORD_START: Final = re.compile(r"(?<![\w'.-])[\w.]+")
_LOWER_STARTS: Final = frozenset(
    [
        "ethnic",
        "separatist",
        "breakaway",
        "de",
        "self-proclaimed",
        "unrecognized",
        "unrecognised",
        "officials",
        "authorities",
        "the",
        "he",
        "she",
        "they",
        "reports",
        "witnesses",
        "residents",
        "local",
        "media",
        "sources",
        "analysts",
        "observers",
        "armed",
        "forces",
        "troops",
        "army",
        "military",
        "ministry",
        "government",
        "president",
        "prime",
        "leader",
        "ombudsman",
        "ombudsperson",
        "commissioner",
        "police",
        "command",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "defense",
        "defence",
        "foreign",
        "human",
        "state",
        "security",
        "press",
        "headquarters",
        "units",
    ]
)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in text."""

    code: str
    text: str
    start: int
    end: int
    kind: str


@lru_cache(maxsize=8)
def _pattern(
    pack: ConflictPack,
) -> tuple[re.Pattern[str], dict[str, tuple[str, str]], tuple[str, ...]]:
    """The union of every way the pack's actors are named, in the order tried, its groups'
    (code, kind), and its alternatives."""
    words = pack.words_of("en")
    parts: list[str] = []
    meta: dict[str, tuple[str, str]] = {}

    def add(code: str, kind: str, rx: str) -> None:
        name = f"g{len(meta)}"
        meta[name] = (code, kind)
        parts.append(f"(?P<{name}>{rx})")

    people: dict[str, list[str]] = words["people"]
    for code, names in people.items():
        long_names = [n for n in names if " " in n]
        if long_names:
            add(code, "org", r"\b(?:" + "|".join(map(re.escape, long_names)) + r")\b")
    for code, rx in words["bodies_before"].items():
        add(code, "org", r"\b" + rx + r"\b")
    for code, adj in words["adjective"].items():
        # "<adjective> media", "<adjective> state news agency": the press relays, it is no party
        add(code, "media", r"(?<![\w-])" + adj + _PRESS + r"\b")
        add(code, "org", r"(?<![\w-])" + adj + _GAP + r"{0,3}\s+" + _ORG + r"\b")
        add(code, "agent", r"(?<![\w-])" + adj + _AGENT_GAP + r"\s+" + _AGENT + r"\b")
        # "fire from <adjective> positions": the positions the fire came from are its agent
        add(code, "agent", _FIRED_FROM + adj + r"\s+(?:military\s+|army\s+|combat\s+)?positions\b")
    for code, rx in words["bodies_after"].items():
        add(code, "org", r"\b" + rx + r"\b")
    for code, rx in words["of_place"].items():
        add(
            code,
            "org",
            r"\b" + _ORG + _OF_CHAIN + r"\s+of\s+(?:the\s+)?" + _STATUS + r"(?:" + rx + r")\b",
        )
    for code, rx in words["in_place"].items():
        # "the authorities in <capital>", "the Ministry of Defense in the <region> Republic"
        add(
            code,
            "org",
            r"\b(?:[Tt]he\s+)?"
            + _SEATED_ORG
            + _OF_CHAIN
            + r"\s+in\s+(?:the\s+)?"
            + _STATUS
            + r"(?:"
            + rx
            + r")(?:\s+[Rr]epublic)?\b(?!-)",
        )
    for code, names in people.items():
        short = [n for n in names if " " not in n]
        if short:
            add(code, "org", r"\b(?:" + "|".join(_surname(n, names) for n in short) + r")\b")
    for code, rx in words["media"].items():
        # page clutter glues an agency's name to the next word: "InterfaxThus"
        add(code, "media", r"\b(?:" + rx + r")(?:\b|(?=[A-Z][a-z]))")
    for code, rx in words["country"].items():
        add(code, "country", r"\b(?:" + rx + r")\b(?!-)")
    add("?", "generic", r"\b" + _GENERIC + r"\b")
    add(UNATTRIBUTED, "unattr", r"\b" + _UNATTR + r"\b")
    return re.compile("|".join(parts)), meta, tuple(parts)


def _surname(short: str, names: list[str]) -> str:
    """A known person's surname, not after an initial none of the full names that end with
    it opens with: "residents H. <surname>, A. <surname> ..." are other people of that name."""
    initials = {n[0] for n in names if " " in n and n.endswith(" " + short)}
    if not initials:
        return re.escape(short)
    others = "".join(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in initials)
    return r"(?<!\b[" + others + r"]\. )" + re.escape(short)


#: How many characters at a candidate word choose the alternatives tried there.
_OPENING: Final = 3


def _by_opening(pack: ConflictPack, key: str) -> re.Pattern[str]:
    """The alternatives of ``_pattern`` that can open with the text ``key``, in their order.

    ``key`` is the text at a candidate word, ``_OPENING`` characters or fewer where the
    sentence ends, or "the" (any case) with what ``_AFTER_THE`` reads after it. An
    alternative none of whose openings (the first characters of its matches, read from
    the parsed pattern: a superset) fits the key cannot match there; trying fewer
    alternatives gives the same first match, faster.
    """
    return _kept_pattern(pack, _keep_at(pack, key))


def _keep_at(pack: ConflictPack, key: str) -> tuple[int, ...]:
    """The alternatives of ``_pattern`` that ``_by_opening`` keeps for ``key``."""
    if len(key) <= _OPENING:
        return _opening_keep(pack, key)
    # "the" opens many alternatives that few of its occurrences go on to match: read with
    # the next word's first letters (white space as one space), at most words none fits.
    # Where some do, all of "the" are kept: one pattern, not one compiled per set that fits
    word = "the " + key.rsplit(None, 1)[-1].lower()
    opening_with, open_in = _after_the_index(pack)
    fits = word in opening_with or any(word[:n] in open_in for n in range(len(word) + 1))
    return _opening_keep(pack, key[:_OPENING]) if fits else ()


@lru_cache(maxsize=8)
def _after_the_index(
    pack: ConflictPack,
) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """The alternatives that can open with "the" by their openings of ``_AFTER_THE``'s
    length read with classes: by every prefix of an opening (those that open with a word
    read there) and by the openings themselves (those that a longer word opens with)."""
    _, _, parts = _pattern(pack)
    length = len("the ") + 3
    prefixes: dict[str, set[int]] = {}
    whole: dict[str, set[int]] = {}
    for n in _opening_keep(pack, "the"):
        for o in openings(parts[n], length, classes=True):
            whole.setdefault(o, set()).add(n)
            for end in range(len(o) + 1):
                prefixes.setdefault(o[:end], set()).add(n)
    return (
        {k: frozenset(v) for k, v in prefixes.items()},
        {k: frozenset(v) for k, v in whole.items()},
    )


def _opening_keep(pack: ConflictPack, key: str) -> tuple[int, ...]:
    """The alternatives of ``_pattern`` with an opening that fits the text ``key`` (at most
    ``_OPENING`` characters). A letter outside ASCII (which may fold to an ASCII one) and
    all after it fit any opening."""
    _, _, parts = _pattern(pack)
    low = key.lower()
    cut = next((n for n, c in enumerate(key) if not c.isascii()), None)
    if cut is not None:
        low = low[:cut]
    return tuple(
        n
        for n, part in enumerate(parts)
        if any(
            low.startswith(o) or (cut is not None and o.startswith(low))
            for o in openings(part, _OPENING)
        )
    )


#: What follows "the" as a candidate word that ``_by_opening`` reads too: white space and
#: up to three letters.
_AFTER_THE: Final = re.compile(r"\s+[A-Za-z]{1,3}")


@lru_cache(maxsize=256)
def _kept_pattern(pack: ConflictPack, keep: tuple[int, ...]) -> re.Pattern[str]:
    """The union of the alternatives ``keep`` of ``_pattern`` (shared by keys that keep them)."""
    _, _, parts = _pattern(pack)
    return re.compile("|".join(parts[n] for n in keep) if keep else r"(?!)")


@lru_cache(maxsize=256)
def _kept_ascii(pack: ConflictPack, keep: tuple[int, ...]) -> re.Pattern[str]:
    """``ascii_copy(_kept_pattern(pack, keep))``, compiled from the alternatives themselves:
    the union is read with ``re.ASCII`` unless one of them may fold beyond ASCII (then it is
    ``_kept_pattern``'s own), so the Unicode union is not compiled for ASCII text."""
    if any(_folds_apart(pack)[n] for n in keep):
        return _kept_pattern(pack, keep)
    _, _, parts = _pattern(pack)
    try:
        return re.compile("|".join(parts[n] for n in keep) if keep else r"(?!)", re.ASCII)
    except (re.error, ValueError):  # an inline (?u)
        return _kept_pattern(pack, keep)


@lru_cache(maxsize=8)
def _folds_apart(pack: ConflictPack) -> tuple[bool, ...]:
    """For each alternative of ``_pattern``, whether a case-blind part of it holds a
    character outside ASCII (``ascii_copy`` keeps a union with one such part as it is)."""
    _, _, parts = _pattern(pack)
    return tuple(folds_beyond_ascii(part) for part in parts)


@lru_cache(maxsize=8)
def _opening_table(pack: ConflictPack) -> dict[str, list[re.Pattern[str] | None]]:
    """``_by_opening``'s patterns of a pack by key, and their ``ascii_copy``, filled as keys
    are met (one dict lookup per candidate word instead of a cache keyed by pack and key),
    each copy when a text first needs it (ASCII text, most copy, needs only the second)."""
    return {}


#: The most keys ``_opening_table`` holds for a pack before it starts again.
_OPENING_KEYS: Final = 4096


@lru_cache(maxsize=8)
def _starts(pack: ConflictPack) -> tuple[str, ...]:
    """Prefixes of the words that can open an actor mention; other words are not tried."""
    words_of = pack.words_of("en")
    words: set[str] = set(_LOWER_STARTS) | set(words_of["lower_openers"])
    for names in words_of["people"].values():
        words.update(n.split()[0].lower() for n in names)
    sources: list[str] = []
    for key in ("adjective", "country", "media", "of_place", "in_place"):
        sources += words_of[key].values()
    sources += [_ORG_WORDS, _SEATED_WORDS, _GENERIC, _UNATTR]  # the words as written
    sources += [*words_of["bodies_after"].values(), *words_of["bodies_before"].values()]
    for rx in sources:
        plain = re.sub(r"\[([A-Za-z])[A-Za-z]\]", r"\1", rx)
        words.update(t.lower() for t in re.findall(r"[A-Za-z\u00fc][A-Za-z\u00fc]+", plain))
    words.update({*words_of["opener_words"], "mod", "mfa"})
    return tuple(sorted(w for w in words if len(w) >= 3 or w in ("he", "it", "un", "us", "de")))


@lru_cache(maxsize=8)
def _starts_by_head(pack: ConflictPack) -> dict[str, tuple[str, ...]]:
    """``_starts`` by their first two letters: a word opens a mention only if it starts
    with one of the prefixes of its own two first letters (``_starts`` are two or more)."""
    table: dict[str, list[str]] = {}
    for w in _starts(pack):
        table.setdefault(w[:2], []).append(w)
    return {head: tuple(words) for head, words in table.items()}


#: "In <city> (and <region>)" right before "they": the people of a seat of government.
_IN_PLACES_BEFORE: Final = re.compile(
    r"\b[Ii]n [A-Z][a-z]+(?:\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?,?\s+$"
)
#: "they" as the subject of a verb of speech or accusation, after "in <city>": a generic mention.
_THEY: Final = re.compile(
    r"they(?= (?:deny|denied|blame|blamed|accuse|accused|say|said|claim|claimed|announced|reported|stated)\b)"
)
#: "in" or "in the" right before a word.
_IN_BEFORE: Final = re.compile(r"\b[Ii]n\s+(?:the\s+)?$")


@lru_cache(maxsize=8)
def _place_names(pack: ConflictPack) -> dict[str, re.Pattern[str]]:
    """Per actor, its places' names (the pack's ``in_place``) as the whole first word(s) of
    a mention: "<region> attack" names where, "<adjective> attack" who."""
    return {
        code: re.compile(r"(?:" + rx + r")\s", re.I)
        for code, rx in pack.words_of("en")["in_place"].items()
    }


_NOT_AN_ACTOR_AFTER: Final = re.compile(r"\s+(?:time|region|district|area|city)\b")


#: What a candidate word runs on with (``_candidates``).
_WORD_RUN: Final = re.compile(r"[\w.'-]+")


@lru_cache(maxsize=8)
def _candidates(pack: ConflictPack) -> re.Pattern[str]:
    """Words that may open a mention: capitalised ones and a few lower-case openers."""
    openers = _LOWER_STARTS | frozenset(pack.word("en", "lower_openers"))
    if all(_WORD_RUN.fullmatch(w) for w in openers):
        # the match runs on to the end of the word whichever opener it began with: their
        # order does not matter, and sorted they share their first letters (``factored``)
        lower = factored("|".join(sorted(re.escape(w) for w in openers)))
    else:
        lower = "|".join(sorted((re.escape(w) for w in openers), key=len, reverse=True))
    return re.compile(r"(?<![\w'.-])(?:[A-Z\u00c0-\u00de][\w.'-]*|(?:" + lower + r")\b[\w.'-]*)")


#: What opens ``_candidates``: no word character, apostrophe, full stop or hyphen before.
_CANDIDATE_BEFORE: Final = r"(?<![\w'.-])"


@lru_cache(maxsize=8)
def _candidate_scans(
    pack: ConflictPack,
) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], tuple[re.Pattern[str], re.Pattern[str]]]:
    """``_candidates`` split for ``split_scan`` (a candidate word ends with a word
    character, an apostrophe, a full stop or a hyphen), and the ``ascii_copy`` of each
    part (by ``reads_ascii``)."""
    first, after = look_behind_split(_candidates(pack), _CANDIDATE_BEFORE)
    return (first, after), (ascii_copy(first), ascii_copy(after))


@lru_cache(maxsize=8)
def _tables(
    pack: ConflictPack,
) -> tuple[
    re.Pattern[str],
    dict[str, tuple[str, str]],
    dict[str, tuple[str, ...]],
    dict[str, list[re.Pattern[str] | None]],
]:
    """What ``find_actors`` reads of a pack, in one look-up per call: the candidate scan,
    the alternatives' codes and kinds, the openers by head, the patterns by opening."""
    return _candidates(pack), _pattern(pack)[1], _starts_by_head(pack), _opening_table(pack)


def find_actors(text: str, start: int = 0, end: int | None = None) -> list[ActorMention]:
    """Actor mentions in ``text[start:end]`` in order; countries after a preposition are places."""
    pack = active()
    _, meta, starts, table = _tables(pack)
    fast = reads_ascii(text)  # the patterns' ``re.ASCII`` copies read it as they do
    stop = len(text) if end is None else end
    out: list[ActorMention] = []
    resume = start
    first, rest = _candidate_scans(pack)[fast]  # ``split_scan``, written out
    lead = first.match(text, start, stop)
    words = rest.finditer(text, start if lead is None else lead.end(), stop)
    for w in words if lead is None else itertools.chain((lead,), words):
        pos = w.start(1)
        if pos < resume:
            continue
        low = w.group(1).lower()
        if not low.startswith(starts.get(low[:2], ())):
            continue
        if w.group(1) == "they":
            # "in <capital> they deny ...": a pronoun of speech, read on its own (the
            # alternatives that open with "the" are many)
            they = _THEY.match(text, pos, stop)
            if they is not None and _IN_PLACES_BEFORE.search(text, max(start, pos - 50), pos):
                resume = they.end()
                out.append(ActorMention("?", they.group(0), they.start(), they.end(), "generic"))
            continue
        key = text[pos : min(pos + _OPENING, stop)]
        if low == "the" and (after := _AFTER_THE.match(text, pos + 3, stop)) is not None:
            key = text[pos : after.end()]
        kept = table.get(key)
        if kept is None:
            if len(table) >= _OPENING_KEYS:
                table.clear()
            kept = table[key] = [None, None]
        rx = kept[fast]
        if rx is None:
            keep = _keep_at(pack, key)
            rx = kept[fast] = _kept_ascii(pack, keep) if fast else _kept_pattern(pack, keep)
        m = rx.match(text, pos, stop)
        if m is None:
            continue
        resume = m.end()
        name = m.lastgroup
        if name is None:
            continue
        code, kind = meta[name]
        if kind == "country" and _PREP.search(text[max(start, m.start() - 12) : m.start()]):
            before = text[max(start, m.start() - 14) : m.start()]
            if (
                not before.endswith(("by ", "By ", "according to ", "According to "))
                and not (
                    before.endswith("from ")
                    and (
                        _ATTACK_FROM.search(text, max(start, m.start() - 24), m.start()) is not None
                        or _CLAIM_FROM.search(text, max(start, m.start() - 24), m.start())
                        is not None
                    )
                )
                and not (
                    before.endswith("of ")
                    and not text.startswith("'", m.end())
                    and _ACTS_OF.search(text, max(start, m.start() - 40), m.start()) is not None
                )
            ):
                continue
        if kind == "country" and _NOT_AN_ACTOR_AFTER.match(text[m.end() : m.end() + 10]):
            continue
        if kind == "agent" and _IN_BEFORE.search(text, max(start, m.start() - 8), m.start()):
            named = _place_names(pack).get(code)
            if named is not None and named.match(m.group(0)):
                continue  # "killed in <region> attack": the place of the attack, not its agent
        out.append(ActorMention(code, m.group(0), m.start(), m.end(), kind))
    return out
