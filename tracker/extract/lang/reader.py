"""The lexicon reader: a text in a language other than English read with that language's words.

Owns the sentence loop for languages described by a ``Lexicon`` (Russian today):
sentence splitting, actor mentions, statements and their speakers (the subject before
the verb, the speaker after a quote or "according to", the speaker of the last
statement for sentences that continue it), attacks and who is accused, denials,
casualty figures, dates and clock times resolved in the conflict's zone, places by
their dictionary forms, truce references; then per-document consolidation (a lead that
only says "reported shelling" on the publication day joins the dated report of the
same accusation). It produces the same ``Extraction`` items as the English extractor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import Final

from tracker.conflict import active
from tracker.extract.lang.lexicon import Lexicon
from tracker.extract.model import (
    Announcement,
    CasualtyClaim,
    Denial,
    Extraction,
    OccurredTime,
    TruceRef,
    Violation,
    is_party,
    opposite,
    side_of,
)
from tracker.extract.needles import folds_safely, may_search
from tracker.extract.openings import DIGIT, SPACE, openings, trie
from tracker.extract.places import PlaceMatch, canonical, opens_name
from tracker.extract.text import KeywordGate, _add, anchored, finditer_near, lowered, per_pattern
from tracker.extract.timeexpr import (
    _infer_year,
    day_time,
    in_future,
    parse_tz,
    publication_day,
    with_clock,
)
from tracker.extract.truces import KnownTruce, in_force, known

MAX_FIGURE: Final = 1_000_000
#: The code of a speaker that only relays (a news agency): the claimant is whoever it quotes.
RELAY: Final = "relay"
#: Sentences dated only this many days or more before publication tell history.
HISTORY_DAYS: Final = 30
#: A statement's speaker carries over to this many following sentences without one.
CARRY: Final = 3
_SPEAKING: Final = ("org", "force", "country", "generic", "unattr", "media")


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor named in the text."""

    code: str
    kind: str
    text: str
    start: int
    end: int
    #: It owns a claim named right before it ("сообщения МО Армении"): it does not speak.
    owner: bool = False


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a statement is attributed to, and where its cue word stands."""

    code: str
    text: str
    cue_start: int
    explicit: bool = True
    #: Named after its verb ("..., заявили в Минобороны"): it owns what came before.
    inverted: bool = False


@dataclass(frozen=True, slots=True)
class When:
    """A date found in a sentence; ``speech`` when it dates a statement, not an event."""

    start: int
    end: int
    time: OccurredTime
    speech: bool = False


@dataclass
class _Ctx:
    published: datetime
    tz: str
    narrative: OccurredTime | None = None
    #: The latest day the text has written out (what "в тот же день" refers to).
    told: OccurredTime | None = None
    last: Speaker | None = None
    age: int = 99
    speakers: list[Speaker] = field(default_factory=list)
    #: The day of the sentence just read when it dated only events more than a week old
    #: (the writer's background), which the next sentence with no date goes on telling.
    back: OccurredTime | None = None
    #: The text recalls an anniversary's event (``Lexicon.anniversary``); a fresh date ends it.
    past: bool = False
    #: People named for a party so far, by surname (``note_persons``).
    persons: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The sentence where a quotation closes with a source naming no one, inside a party's
    #: statement: the statement is renewed there.
    renew: int | None = None

    @cached_property
    def pub_day(self) -> date:
        return self.published.astimezone(parse_tz(self.tz)).date()

    def default(self) -> OccurredTime:
        return self.narrative or publication_day(self.published, self.tz)


@dataclass
class _Found:
    violations: list[tuple[Violation, bool]] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)
    casualties: list[CasualtyClaim] = field(default_factory=list)
    refs: list[TruceRef] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)
    #: Denials whose day is only the sentence's default (no date, no accusation before).
    undated_denials: list[int] = field(default_factory=list)
    #: Denials dated by an accusation that had no day of its own (a lead the text dates later).
    lead_denials: list[int] = field(default_factory=list)


# --- sentences ---------------------------------------------------------------------------

_BOUNDARY: Final = re.compile(
    r"[.!?…]+[\"')\]]*(?=\s+[\"'(\[«–—-]?\s*[A-ZА-ЯЁ0-9])|[.!?…]+[\"')\]]*[ \t]*\n|\n\s*\n|"
    r"\n(?=\s*[\"«A-ZА-ЯЁ0-9])"
)
#: What every match of ``_BOUNDARY`` opens with.
_BOUNDARY_MARK: Final = re.compile(r"[.!?…\n]")
_PREV_WORD: Final = re.compile(r"([\w-]+)\.$")


def sentences(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Sentence spans over ``text``, stripped; abbreviations and initials do not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in finditer_near(_BOUNDARY, _BOUNDARY_MARK, 0, text):
        if m.group(0).startswith("."):
            prev = _PREV_WORD.search(text, max(0, m.start() - 12), m.start() + 1)
            if prev is not None:
                word = prev.group(1)
                if word.lower() in lex.abbreviations or (len(word) == 1 and word.isupper()):
                    continue
        _add(text, start, m.end(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


# --- actors and speakers ---------------------------------------------------------------


_ESCAPE: Final = re.compile(r"\\[A-Za-z]|[^\W\d_]\?")
_RUN: Final = re.compile(r"[^\W\d_]+")
_WORD_START: Final = re.compile(r"(?<![^\W\d_])[^\W\d_]+")


_Pair = tuple[re.Pattern[str], re.Pattern[str]]


def _lower(text: str) -> str | None:
    """``text`` lower-cased when that keeps every offset (it does for Cyrillic and Latin)."""
    low = text.lower()
    return low if len(low) == len(text) else None


def _scan(rx: re.Pattern[str], text: str, low: str | None) -> tuple[re.Pattern[str], str]:
    """A case-blind pattern and the string to run it on: its case-sensitive copy on the
    lower-cased text when there is one (several times faster), else itself on the text."""
    return (lowered(rx), low) if low is not None else (rx, text)


#: How many characters of a pattern's openings are checked before the pattern is tried.
_OPENING: Final = 6


@per_pattern
def _starts(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """Where a match of ``rx`` (a case-sensitive copy from ``_scan``) can begin: what its
    openings spell (None when some opening cannot be read, or ``rx`` is case-blind: the
    pattern is then tried everywhere)."""
    if rx.flags & re.IGNORECASE:
        return None
    heads = openings(rx.pattern, _OPENING, classes=True)
    if "" in heads:
        return None
    # one character that can open a match, then (looking back over it) the openings: the
    # scan skips from one such character to the next instead of trying each one
    first = {r"\d" if h[0] == DIGIT else r"\s" if h[0] == SPACE else re.escape(h[0]) for h in heads}
    return re.compile(f"[{''.join(sorted(first))}](?<=(?={trie(list(heads))}).)", re.S)


def _matches(rx: re.Pattern[str], subject: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``rx.finditer(subject, start, end)``, tried only where a match can begin."""
    starts = _starts(rx)
    if starts is None:
        return rx.finditer(subject, start, end)
    return anchored(rx, starts, subject, start, end)


#: How many letters of a word choose the actor patterns tried at it.
_KEY: Final = 6
#: The most words ``_ActorIndex.pattern_for`` keeps before it starts again.
_WORD_KEYS: Final = 65536


@dataclass(frozen=True)
class _ActorIndex:
    """The actor patterns by the openings of the words they spell.

    Every pattern begins with a word it spells (a run of letters, whole when shorter than
    three), so at a word of the text only the patterns spelling a word with the same
    first three letters (or the same short word) can match; of those, only the ones a
    match of which can open with the word's first ``_KEY`` letters (``openings`` of the
    pattern's parse tree: a press service's pattern spells "обороны" but never opens with
    it, an army's "армия" does not open "армянский"). They are tried as one alternation in
    lexicon order (earlier wins).
    """

    meta: dict[str, tuple[str, str]]
    sources: tuple[str, ...]
    by_opening: dict[str, frozenset[int]]
    #: Per pattern, the first ``_KEY`` characters its matches can open with (lower case).
    starts: tuple[frozenset[str], ...]
    compiled: dict[tuple[int, ...], _Pair]
    by_word: dict[tuple[str, int], _Pair | None]
    #: In lower-cased text, the words some pattern can open at (by their first three
    #: letters, or the whole of a shorter word).
    heads: re.Pattern[str] = field(default=re.compile("(?!)"))

    def opening_words(self) -> re.Pattern[str]:
        """``heads``, built from the openings (every pattern is read here)."""
        keys = [
            k
            for k, found in self.by_opening.items()
            if any(_opens(o, k, whole=len(k) < 3) for i in found for o in self.starts[i])
        ]
        long = trie([k for k in keys if len(k) == 3])
        short = trie([k for k in keys if len(k) < 3])
        return re.compile(rf"(?<![^\W\d_])(?:{long}[^\W\d_]*|{short}(?![^\W\d_]))")

    def pattern_for(self, word: str, letters: int = _KEY) -> _Pair | None:
        """The case-blind alternation to try at ``word`` (chosen by its first ``letters``),
        and its copy for lower-cased text."""
        low = word[:letters].lower()
        if (low, letters) in self.by_word:
            return self.by_word[low, letters]
        if len(self.by_word) >= _WORD_KEYS:
            self.by_word.clear()  # a long-running process meets ever more words
        rx = self.by_word[low, letters] = self._pattern_for(low, whole=len(low) < letters)
        return rx

    def _pattern_for(self, low: str, whole: bool) -> _Pair | None:
        found = self.by_opening.get(low[:3])
        if not found:
            return None
        key = tuple(i for i in sorted(found) if any(_opens(o, low, whole) for o in self.starts[i]))
        if not key:
            return None
        pair = self.compiled.get(key)
        if pair is None:
            rx = re.compile("|".join(f"(?P<a{i}>{self.sources[i]})" for i in key), re.I | re.U)
            pair = self.compiled[key] = (rx, lowered(rx))
        return pair


def _opens(opening: str, word: str, whole: bool) -> bool:
    """Whether a match opening with ``opening`` (its first characters, fewer when anything
    may follow) can begin at a word that begins with ``word`` (``whole``: is ``word``)."""
    if word.startswith(opening):
        return True
    if not opening.startswith(word):
        return False
    return not whole or len(opening) == len(word) or not opening[len(word)].isalpha()


@lru_cache(maxsize=8)
def _actor_index(lex: Lexicon) -> _ActorIndex:
    meta: dict[str, tuple[str, str]] = {}
    by_opening: dict[str, set[int]] = {}
    for i, (code, kind, rx) in enumerate(lex.actors):
        meta[f"a{i}"] = (code, kind)
        for run in _RUN.findall(_ESCAPE.sub(" ", rx)):
            by_opening.setdefault(run.lower()[:3], set()).add(i)
    index = _ActorIndex(
        meta,
        tuple(rx for _, _, rx in lex.actors),
        {k: frozenset(v) for k, v in by_opening.items()},
        tuple(
            openings(lowered(re.compile(rx, re.I | re.U)).pattern, _KEY) for _, _, rx in lex.actors
        ),
        {},
        {},
    )
    return replace(index, heads=index.opening_words())


def _after_place_word(before: str, rx: re.Pattern[str]) -> bool:
    """The word right before a mention (a space between) is a place noun (``rx``)."""
    if not before[-1:].isspace():
        return False
    words = before.split()
    return bool(words) and rx.fullmatch(words[-1]) is not None


def find_actors(
    text: str,
    start: int,
    end: int,
    lex: Lexicon,
    low: str | None = None,
) -> list[Mention]:
    """Actor mentions in ``text[start:end]``; a country after a preposition is a place.

    ``low`` is ``text`` lower-cased with the same offsets, when the caller has it.
    """
    index = _actor_index(lex)
    out: list[Mention] = []
    resume = start
    owners: bool | None = None if lex.claim_owner is not None else False
    # in lower-cased text (letters stay letters), only the words a pattern can open at
    words = (
        _WORD_START.finditer(text, start, end)
        if low is None
        else index.heads.finditer(low, start, end)
    )
    for w in words:
        if w.start() < resume:
            continue
        # in text read case-blind, letters past the third may fold to others (ᲀ to в)
        pair = index.pattern_for(w.group(0), 3 if low is None else _KEY)
        if pair is None:
            continue
        m = (
            pair[1].match(low, w.start(), end)
            if low is not None
            else pair[0].match(text, w.start(), end)
        )
        if m is None or m.lastgroup is None:
            continue
        resume = m.end()
        code, kind = index.meta[m.lastgroup]
        if kind == "country":
            before = text[max(start, m.start() - 24) : m.start()]
            if (
                lex.place_preposition.search(before)
                or (lex.place_of is not None and _after_place_word(before, lex.place_of))
            ) and not lex.agent_marker.search(before):
                continue  # "в Баку", "в Агдамском районе Азербайджана": a place
        lo = max(start, m.start() - 40)
        if owners is None:  # a claim's noun anywhere in the sentence (read once, when needed)
            owners = low is None or _claim_words(lex).search(low, start, end) is not None
        owner = owners and (
            # the claim's noun also right before the mention, for ``_owned`` to find it there
            (low is None or _claim_words(lex).search(low, lo, m.start()) is not None)
            and _owned(text, lo, m.start(), lex)
        )
        out.append(Mention(code, kind, text[m.start() : m.end()], m.start(), m.end(), owner))
    return out


@lru_cache(maxsize=8)
def _claim_words(lex: Lexicon) -> re.Pattern[str]:
    """``Lexicon.claim_owner_words`` in one pattern, for lower-cased text (one scan instead
    of one per word)."""
    return re.compile("|".join(map(re.escape, lex.claim_owner_words)) or "(?!)")


def _owned(text: str, lo: int, hi: int, lex: Lexicon) -> bool:
    """True when the words right before ``hi`` name a claim the mention owns (read on the
    last three words only, so the pattern is not tried at every character before it)."""
    words = text[lo:hi].split()[-3:]
    tail = " ".join(words) + " "
    return lex.claim_owner is not None and lex.claim_owner.search(tail) is not None


#: A first name and surname written right after a body ("пресс-секретарь Минобороны
#: Армении Арам Торосян"), or a full name on its own.
_NAMED_AFTER: Final = re.compile(r"\s+[А-ЯЁ][а-яё]+\s+([А-ЯЁ][а-яё]{2,})\b")
_FULL_NAME: Final = re.compile(r"[А-ЯЁ][а-яё]+\s+([А-ЯЁ][а-яё]{2,})")
_CAPITALISED: Final = re.compile(r"(?<![\w-])[А-ЯЁ][а-яё]{3,}\b")
_SURNAME_CASES: Final = ("ом", "ым", "ой", "а", "у", "е")


def _surname_key(word: str) -> str:
    """A surname without its case ending ("Торосяна" → "Торосян")."""
    for end in _SURNAME_CASES:
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


def note_persons(text: str, actors: list[Mention], persons: dict[str, tuple[str, str]]) -> None:
    """Remember the people a sentence names for a party, by surname: "пресс-секретарь
    Минобороны Армении Шушан Степанян" makes a later "Степанян" speak for Armenia."""
    for a in actors:
        if not is_party(a.code) or a.kind != "org":
            continue
        m = _NAMED_AFTER.match(text, a.end) or _FULL_NAME.fullmatch(a.text)
        if m is not None:
            persons.setdefault(_surname_key(m.group(1)), (a.code, a.text))


def with_persons(
    text: str, start: int, end: int, actors: list[Mention], persons: dict[str, tuple[str, str]]
) -> list[Mention]:
    """``actors`` with the surnames of people named before for a party."""
    if all(text.find(key, start, end) < 0 for key in persons):
        return actors
    extra = [
        Mention(persons[key][0], "org", w.group(0), w.start(), w.end())
        for w in _CAPITALISED.finditer(text, start, end)
        if (key := _surname_key(w.group(0))) in persons
        and not any(a.start <= w.start() < a.end for a in actors)
    ]
    return sorted([*actors, *extra], key=lambda a: a.start) if extra else actors


_CLAUSE_OPEN: Final = re.compile(r"(?:^|[,:;\"«»()–—-])\s*$")


def find_speakers(
    text: str,
    start: int,
    end: int,
    actors: list[Mention],
    ctx: _Ctx,
    lex: Lexicon,
    low: str | None = None,
) -> list[Speaker]:
    """Every attributed statement in the sentence: its speaker and its cue, in order."""
    out: list[Speaker] = []
    rx, subject = _scan(lex.speech, text, low)
    for cue in _matches(rx, subject, start, end):
        word = cue.group(0)
        if lex.claim_noun is not None and lex.claim_noun.fullmatch(word):
            continue  # "сообщение Минобороны о том, что ...": a claim named, not a statement
        if lex.infinitive is not None and lex.infinitive.fullmatch(word):
            continue  # "намерение распространить панику": nothing said
        if (
            out
            and lex.joined_verb is not None
            and lex.joined_verb.search(text, max(start, cue.start() - 14), cue.start())
        ):
            out.append(replace(out[-1], cue_start=cue.start(), inverted=False))
            continue  # "назвало ... и обвинило": the same subject
        right_first = bool(lex.speech_before_speaker.match(word)) or bool(
            _CLAUSE_OPEN.search(text, max(start, cue.start() - 4), cue.start())
        )
        after = [
            a
            for a in actors
            if cue.end() <= a.start <= cue.end() + 60
            and a.kind in _SPEAKING
            and not a.owner
            and not lex.agent_marker.search(text, max(start, a.start - 30), a.start)
            and (
                not _CLAUSE_END.search(text, cue.end(), a.start)
                or _ASIDE.fullmatch(text, cue.end(), a.start)
            )
        ]
        before = [
            a
            for a in actors
            if start <= a.end <= cue.start()
            and cue.start() - a.end <= 120
            and a.kind in _SPEAKING
            and not a.owner
            and not _QUOTE_CLOSED.search(text, a.end, cue.start())
        ]  # not a party the quotation names ("... вели подразделения X», — говорится")
        pick: Mention | None = None
        inverted = False
        if len(after) > 1 and after[0].kind == "media" and after[1].kind != "media":
            after = after[1:]  # "сообщил ТАСС источник в Минобороны": the agency relays
        if len(after) > 1 and after[0].kind == "generic" and after[1].start - after[0].end <= 2:
            after = after[1:]  # "пресс-секретарь Минобороны Армении": the body named
        if after and lex.said_in.fullmatch(text, cue.end(), after[0].start):
            pick, inverted = after[0], True  # "опровергли в Минобороны Армении"
        elif right_first and after:
            pick, inverted = after[0], True
        elif before:
            pick = before[-1]
        elif after:
            pick = after[0]
        if pick is None:
            continue
        if pick.kind == "unattr":
            inside = [
                a for a in actors if 0 <= a.start - pick.end <= 12 and a.kind in ("org", "force")
            ]
            pick = inside[0] if inside else pick  # "источник в Минобороны": the ministry's source
        resolved = _resolve(pick, ctx, lex)
        if resolved is None:
            continue
        if _joint(pick, actors, text, lex):
            resolved = ("unattributed", resolved[1])  # "Баку и Анкара отрицали": both at once
        out.append(Speaker(resolved[0], resolved[1], cue.start(), inverted=inverted))
    for a in actors:  # a headline's "Минобороны Армении: ..." attributes what follows
        if (
            a.kind in ("org", "force", "country")
            and text.startswith(":", a.end, a.end + 1)
            and not lex.agent_marker.search(text, max(start, a.start - 30), a.start)
        ):  # ... but not "Обстрел со стороны X: ...", who fired
            resolved = _resolve(a, ctx, lex)
            if resolved is not None and resolved[0] != RELAY:
                out.append(Speaker(resolved[0], resolved[1], a.end))
    if lex.elided_speech is not None:
        for a in actors:  # "..., Армения — об отсутствии потерь": the verb of the clause before
            opens = a.start == start or _CLAUSE_OPENER.fullmatch(
                text, max(start, a.start - 2), a.start
            )
            if a.kind in _SUBJECT_KINDS and opens and lex.elided_speech.match(text, a.end, end):
                resolved = _resolve(a, ctx, lex)
                if resolved is not None and resolved[0] != RELAY:
                    out.append(Speaker(resolved[0], resolved[1], a.end))
    out.sort(key=lambda s: s.cue_start)
    return out


#: A quotation's closing mark and the dash of its attribution ("», — говорится").
_QUOTE_CLOSED: Final = re.compile(r"[»”\"]\s*,?\s*[-–—]")
#: Right before a party that opens a clause: a comma or semicolon and a space.
_CLAUSE_OPENER: Final = re.compile(r"[,;] ")
#: Between a speech cue and a speaker named after it: a clause ends, so the mention is
#: in another clause ("Как пишет X, ... армия Y открыла огонь").
_CLAUSE_END: Final = re.compile(r"[,;:.!?»”]")
#: ... unless the break only sets off a short aside ("сообщает сегодня, 29 мая, пресс-служба").
_ASIDE: Final = re.compile(r"[^,;:.!?»”]*,[^,;:.!?»”]{1,25},\s*(?!что\b)(?:[\w-]+\s+){0,2}")


def said_by_dash(
    text: str, start: int, end: int, actors: list[Mention], ctx: _Ctx, lex: Lexicon
) -> Speaker | None:
    """The party a headline names after a dash at its end ("... — Минобороны Армении")."""
    last = actors[-1] if actors else None
    if (
        last is None
        or end - last.end > 3
        or lex.said_by_dash is None
        or last.kind not in ("org", "force")
        or text[last.end : end].strip(" .!")
        or not lex.said_by_dash.search(text, max(start, last.start - 4), last.start)
    ):
        return None
    resolved = _resolve(last, ctx, lex)
    if resolved is None or resolved[0] == RELAY:
        return None
    return Speaker(resolved[0], resolved[1], last.start)


def _joint(pick: Mention, actors: list[Mention], text: str, lex: Lexicon) -> bool:
    """True when ``pick`` is joined by "и" to an actor of another side (or of none) before
    it: the two speak together ("Баку и Анкара отрицали")."""
    if lex.joined_subject is None or pick.kind not in _SUBJECT_KINDS:
        return False
    before = [a for a in actors if a.end <= pick.start and a.kind in _SUBJECT_KINDS]
    return bool(
        before
        and before[-1].code != pick.code
        and (side_of(before[-1].code) != side_of(pick.code) or side_of(pick.code) is None)
        and lex.joined_subject.fullmatch(text, before[-1].end, pick.start)
    )


_SUBJECT_KINDS: Final = ("org", "force", "country")


def _resolve(m: Mention, ctx: _Ctx, lex: Lexicon) -> tuple[str, str] | None:
    if m.kind == "media":
        return RELAY, m.text  # an agency relays a statement; it does not make it
    if m.kind == "generic":
        if lex.ministry.search(m.text):
            for sp in reversed(ctx.speakers):
                if lex.ministry.search(sp.text) and is_party(sp.code):
                    return sp.code, m.text
        if ctx.last is not None:
            return ctx.last.code, m.text
        return None
    return m.code, m.text


def speaker_for(pos: int, spk: list[Speaker], ctx: _Ctx, quoted: bool = False) -> Speaker | None:
    """The statement a position belongs to: the nearest cue before it, else the first after,
    else the speaker of a statement made in the last few sentences.

    An agency that relays ("передает ТАСС") stands for the party it quotes when the
    sentence is a quotation; otherwise ("как писал X") the words are the outlet's own.
    """
    before = [s for s in spk if s.cue_start <= pos]
    after = [s for s in spk if s.cue_start > pos]
    found = before[-1] if before else (after[0] if after else None)
    if found is not None and found.code != RELAY:
        return found
    if found is not None and not quoted:
        return Speaker("unattributed", found.text, found.cue_start)
    if ctx.last is not None and ctx.age <= CARRY:
        return replace(ctx.last, explicit=False)
    return None


# --- numbers -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Number:
    """A figure as written: value, qualifier, span; ``people`` for collective numerals."""

    value: int
    qualifier: str
    start: int
    end: int
    people: bool = False


_NUM_TOKEN: Final = re.compile(
    r"(?P<dec>(?<![\d.,:/-])\d+[.,]\d+(?![\d.,]))|(?P<digits>(?<![\d.,:/-])\d{1,3}(?:[ \u202f]\d{3})+(?![\d:]|[.,]\d)|(?<![\d.,:/-])\d+(?![\d:/]|[.,]\d))"
    r"|(?P<word>[^\W\d_]+)"
)


def find_numbers(text: str, start: int, end: int, lex: Lexicon) -> list[Number]:
    """Figures in ``text[start:end]``: digits, number words in any case, vague quantities.

    Number words next to each other make one figure ("двадцать три", "две тысячи").
    """
    out: list[Number] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if not run:
            return
        toks = [m.group(0).lower() for m in run]
        a, b = run[0].start(), run[-1].end()
        if len(toks) == 1 and toks[0] in lex.vague:
            value, vq = lex.vague[toks[0]]
            out.append(Number(value, vq, a, b))
        else:
            total, current = 0.0, 0.0
            for tok in toks:
                if tok in lex.multipliers:
                    total += (current or 1) * lex.multipliers[tok]
                    current = 0.0
                else:
                    current += lex.fractions.get(tok) or lex.number_words[tok]
            people = bool(lex.collective.search(toks[-1]))
            out.append(
                _more(Number(round(total + current), _qualifier(text, a, lex), a, b, people))
            )
        run.clear()

    def _more(n: Number) -> Number:
        more = lex.more_after.match(text, n.end, end) if lex.more_after is not None else None
        return n if more is None else replace(n, qualifier="more_than", end=more.end())

    skip = start
    for m in _NUM_TOKEN.finditer(text, start, end):
        if m.start() < skip:
            continue  # the scale word of the figure before ("5 тыс.")
        if m.group("dec") is not None:  # "2,5 тыс.": a count only with its scale word
            close()
            scale = lex.scale_after.match(text, m.end(), end)
            if scale is not None and scale.group(1).lower() in lex.multipliers:
                scaled = float(m.group("dec").replace(",", "."))
                scaled *= lex.multipliers[scale.group(1).lower()]
                out.append(
                    Number(round(scaled), _qualifier(text, m.start(), lex), m.start(), m.end())
                )
                skip = scale.end()
            continue
        word = m.group("word")
        if word is not None:
            low = word.lower()
            if low in lex.number_words or low in lex.multipliers or low in lex.fractions:
                if run and text[run[-1].end() : m.start()].strip():
                    close()
                run.append(m)
                continue
            close()
            if low in lex.vague:
                value, vq = lex.vague[low]
                out.append(Number(value, vq, m.start(), m.end()))
            continue
        close()
        value = int(re.sub(r"[ \u202f]", "", m.group("digits")))
        scale = lex.scale_after.match(text, m.end(), end)
        if scale is not None:
            value *= lex.multipliers.get(scale.group(1).lower(), 1)
            skip = scale.end()
        out.append(_more(Number(value, _qualifier(text, m.start(), lex), m.start(), m.end())))
    close()
    return out


def _qualifier(text: str, pos: int, lex: Lexicon) -> str:
    window = text[max(0, pos - 30) : pos]
    for rx, name in lex.qualifiers:
        if rx.search(window):
            return name
    return "exact"


# --- time ----------------------------------------------------------------------------


def find_dates(
    text: str,
    start: int,
    end: int,
    ctx: _Ctx,
    lex: Lexicon,
    speech: list[Speaker],
    low: str | None = None,
) -> list[When]:
    """Dates in the sentence resolved in the conflict's zone; statement dates marked."""
    out: list[When] = []
    pub = ctx.pub_day
    zone = parse_tz(ctx.tz)
    rx, subject = _scan(lex.dates, text, low)
    for m in _matches(rx, subject, start, end):
        expr = text[m.start() : m.end()]
        ot: OccurredTime | None = None
        try:
            if m.group("num"):
                ot = day_time(date(int(m["ny"]), int(m["nm"]), int(m["nd"])), ctx.tz, expr)
            elif m.group("iso"):
                ot = day_time(date(int(m["iy"]), int(m["im"]), int(m["id"])), ctx.tz, expr)
            elif m.group("dm"):
                month = lex.months[m["m"].lower()]
                day = int(m["d"])
                year = int(m["y"]) if m["y"] else _infer_year(month, day, pub)
                ot = day_time(date(year, month, day), ctx.tz, expr)
            elif m.group("mo"):
                month = lex.months[m["mm"].lower()]
                year = (
                    int(m["my"]) if m["my"] else (pub.year if month <= pub.month else pub.year - 1)
                )
                first = datetime(year, month, 1, tzinfo=zone)
                nxt = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
                ot = OccurredTime(f"{year:04d}-{month:02d}", "month", expr, first, nxt, None)
            elif m.group("wd"):
                back = (pub.weekday() - lex.weekdays[m["w"].lower()]) % 7
                ot = day_time(pub - timedelta(days=back), ctx.tz, expr)
            elif m.group("rel"):
                word = m.group("rel").lower()
                key = next(
                    k
                    for k in sorted(lex.relative_days, key=len, reverse=True)
                    if word.startswith(k)
                )
                ot = day_time(pub - timedelta(days=lex.relative_days[key]), ctx.tz, expr)
            elif m.group("year"):
                y = int(m["yy"])
                first = datetime(y, 1, 1, tzinfo=zone)
                ot = OccurredTime(m["yy"], "year", expr, first, datetime(y + 1, 1, 1, tzinfo=zone))
            elif m.group("week"):
                monday = pub - timedelta(days=pub.weekday())
                if m.group("lastweek"):
                    monday -= timedelta(days=7)
                first = datetime.combine(monday, time(0, 0), zone)
                sunday = monday + timedelta(days=6)
                label = f"{monday:%Y-%m}" if sunday.month == monday.month else None
                ot = OccurredTime(label, "week", expr, first, first + timedelta(days=7))
            elif m.group("same"):
                ot = ctx.told or ctx.default()
                ot = OccurredTime(ot.date, ot.precision, expr, ot.start, ot.end, ot.zone)
            elif m.group("before"):
                base = ctx.narrative.date if ctx.narrative and ctx.narrative.date else None
                ref = date.fromisoformat(base[:10]) if base and len(base) >= 10 else pub
                ot = day_time(ref - timedelta(days=1), ctx.tz, expr)
        except (ValueError, KeyError, StopIteration):
            ot = None
        if ot is None:
            continue
        said = any(
            0 <= m.start() - s.cue_start <= 40
            and not lex.clause_break.search(text, s.cue_start, m.start())
            for s in speech
        ) or any(
            0 <= s.cue_start - m.end() <= 50
            and not lex.clause_break.search(text, m.end(), s.cue_start)
            for s in speech
        )
        out.append(When(m.start(), m.end(), ot, said))
    return out


_CLOCK: Final = re.compile(r"(?<![\d.,:])(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?![\d]|[.,]\d)")


def find_clocks(
    text: str, start: int, end: int, ctx: _Ctx, lex: Lexicon
) -> list[tuple[int, int, int, int | None, str]]:
    """Clock times ``(start, hour, minute, offset minutes or None, words)``.

    A time in brackets right after another ("14:10 (13:10 мск)") repeats it in another zone.
    """
    out: list[tuple[int, int, int, int | None, str]] = []
    last_end = -10
    for m in _CLOCK.finditer(text, start, end):
        gap = text[last_end : m.start()]
        if last_end >= 0 and m.start() - last_end <= 3 and "(" in gap:
            last_end = m.end()
            continue
        rest = text[m.end() : m.end() + 30]
        offset: int | None = None
        if lex.moscow_time.match(rest):
            offset = 180
        elif lex.local_time.match(rest):
            local = parse_tz(ctx.tz).utcoffset(None)
            offset = int(local.total_seconds() // 60) if local is not None else None
        words = m.group(0)
        if lex.approx_clock.search(text[max(start, m.start() - 20) : m.start()]):
            words = "around " + words
        out.append((m.start(), int(m["h"]), int(m["m"]), offset, words))
        last_end = m.end()
    return out


# --- places and weapons ----------------------------------------------------------------

_TOKEN: Final = re.compile(r"[^\W\d_][\w-]*", re.U)


def find_places(text: str, start: int, end: int, lex: Lexicon) -> list[PlaceMatch]:
    """Places named in the span by any case form of a gazetteer name (one or two words)."""
    toks = list(_TOKEN.finditer(text, start, end))
    out: list[PlaceMatch] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not tok.group(0)[0].isupper():
            i += 1
            continue
        hit: tuple[str, int] | None = None
        if i + 1 < len(toks) and not text[tok.end() : toks[i + 1].start()].strip():
            nxt = toks[i + 1].group(0)
            for a in lex.lemmas(tok.group(0)):
                if not opens_name(a):
                    continue
                for b in lex.lemmas(nxt):
                    name = canonical(f"{a} {b}")
                    if name is not None:
                        hit = (name, 2)
                        break
                if hit:
                    break
        if hit is None:
            for a in lex.lemmas(tok.group(0)):
                name = canonical(a)
                if name is not None:
                    hit = (name, 1)
                    break
        if hit is not None:
            last = toks[i + hit[1] - 1]
            out.append(
                PlaceMatch(hit[0], text[tok.start() : last.end()], tok.start(), last.end(), 100.0)
            )
            i += hit[1]
            continue
        i += 1
    return out


def _places(
    text: str, start: int, end: int, actors: list[Mention], lex: Lexicon
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    names: list[str] = []
    written: list[str] = []
    for p in find_places(text, start, end, lex):
        if any(a.start <= p.start < a.end for a in actors if a.kind != "adj"):
            continue
        if len(p.text) > 3 and p.text.isupper():
            continue  # a dateline ("СТЕПАНАКЕРТ, 6 марта"): where the report was filed
        if p.name in active().word("en", "capitals") and not lex.struck_place_before.search(
            text, max(start, p.start - 6), p.start
        ):
            continue
        if p.name not in names:
            names.append(p.name)
            written.append(p.text)
    return tuple(names), tuple(written)


@lru_cache(maxsize=8)
def _any_weapon(lex: Lexicon) -> re.Pattern[str]:
    """Every weapon in one pattern: its needles tell a sentence that names none."""
    return re.compile("|".join(rx.pattern for rx, _ in lex.weapons), re.I | re.U)


def _weapon(sent: _Sent, lex: Lexicon) -> str | None:
    """The most specific weapon named (the lexicon lists them most specific first)."""
    if not may_search(_any_weapon(lex), sent.folded, sent.start, sent.end):
        return None
    for rx, label in lex.weapons:
        if _searched(rx, sent):
            return label
    return None


# --- the sentence loop -----------------------------------------------------------------


@dataclass
class _Sent:
    text: str
    start: int
    end: int
    actors: list[Mention]
    spk: list[Speaker]
    dates: list[When]
    clocks: list[tuple[int, int, int, int | None, str]]
    #: The whole text lower-cased with the same offsets (None when lowering shifts them).
    low: str | None = None
    #: ``low`` when the text folds safely (``needles.folds_safely``): what gates read.
    folded: str | None = None

    @property
    def body(self) -> str:
        return self.text[self.start : self.end]

    def gates(self, lex: Lexicon) -> set[str]:
        """The lexicon's gates (``attack``, ``date``...) one of whose stems the sentence contains."""
        names = _gate_names(lex)
        found: set[str] = set()
        for stem in _GATE.present(self.body.lower())[1]:
            found |= names.get(stem, set())
        return found

    @property
    def quoted(self) -> bool:
        """True when the sentence is (or opens) a quotation."""
        return self.text[self.start] in _QUOTES


#: Opening quotation marks and the marks that close each.
_QUOTES: Final = {'"': '"', "'": "'", "«": "»", "“": "”", "„": "“”"}
#: Per opening mark, a pattern finding the first mark that closes it.
_CLOSERS: Final = {o: re.compile(f"[{re.escape(c)}]") for o, c in _QUOTES.items()}


def _quote_closer(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> int | None:
    """Where the quotation opened at ``start`` closes, when not in its own sentence (the
    position of the closing mark, in one of the next four sentences)."""
    opener = text[start]
    closers = _QUOTES[opener]
    body = text[start + 1 : end]
    if opener in closers:
        if body.count(opener) % 2 == 1:
            return None
    elif any(c in body for c in closers):
        return None
    mark = _CLOSERS[opener]
    for s, e in spans[:4]:
        m = mark.search(text, s, e)
        if m is not None:
            return m.start()
    return None


def _quote_speaker(
    text: str, close: int, spans: list[tuple[int, int]], ctx: _Ctx, lex: Lexicon
) -> Speaker | None:
    """The party named after a quotation's closing mark ("», — отметила Степанян")."""
    end = next(e for s, e in spans if s <= close < e)
    actors = find_actors(text, close + 1, end, lex)
    actors = with_persons(text, close + 1, end, actors, ctx.persons)
    for s in find_speakers(text, close + 1, end, actors, ctx, lex):
        if is_party(s.code):
            return replace(s, explicit=False)
    return None


def _unnamed_after(text: str, close: int, lex: Lexicon) -> bool:
    """True when a quotation's closing mark is followed by a statement naming no one
    ("», — говорится в сообщении")."""
    return lex.unnamed_source is not None and bool(
        lex.unnamed_source.match(text, close + 1, close + 60)
    )


_GATE: Final = KeywordGate()


@lru_cache(maxsize=8)
def _gate_names(lex: Lexicon) -> dict[str, set[str]]:
    """Each gate stem of the lexicon and the gates it opens (registered in the scanner)."""
    out: dict[str, set[str]] = {}
    for name, words in lex.gates.items():
        _GATE.wordset(words)
        for w in words:
            out.setdefault(w, set()).add(name)
    return out


_DIGIT: Final = re.compile(r"\d")
#: The gates of the sentences read: without one of them, a sentence is passed over.
_READ: Final = ("attack", "deny", "casualty", "truce", "speech")


class _GateHits:
    """The gate stems of a whole text, found in one scan of its lower-cased copy; a
    sentence's gates are then read off the places inside it (the same as ``_Sent.gates``
    on the sentence alone, without a scan and a lower-cased copy per sentence)."""

    def __init__(self, low: str, lex: Lexicon) -> None:
        self.names = _gate_names(lex)  # registers every stem before the scan
        _, known, rx, self.prefixes = _GATE.state
        self.empty = self.names.get("", set()) if "" in known else set()
        self.places: list[int] = []
        self.longest: list[str] = []
        m = rx.search(low)
        while m is not None:  # every place a stem opens at, with the longest stem there
            self.places.append(m.start())
            self.longest.append(m.group(0))
            m = rx.search(low, m.start() + 1)

    def gates(self, start: int, end: int) -> set[str]:
        """The gates one of whose stems lies wholly in ``[start, end)``."""
        found = set(self.empty)
        i = bisect_left(self.places, start)
        places, longest, names = self.places, self.longest, self.names
        while i < len(places) and places[i] < end:
            room = end - places[i]
            for stem in self.prefixes[longest[i]]:
                if len(stem) <= room:  # a stem running past the sentence is not in it
                    found |= names.get(stem, set())
            i += 1
        return found


def read(text: str, published: datetime, tz: str, lex: Lexicon, version: int) -> Extraction:
    """Everything the lexicon reader finds in ``text`` (already cleaned, same offsets)."""
    ctx = _Ctx(published=published, tz=tz)
    found = _Found()
    low = _lower(text)
    folded = low if low is not None and folds_safely(text) else None
    _gate_names(lex)  # registers every stem before the first scan
    spans = sentences(text, lex)
    anniversary = (
        lex.anniversary
        if lex.anniversary is not None
        and may_search(lex.anniversary, folded)
        and lex.anniversary.search(text)
        else None
    )
    # lowering a sentence alone is lowering it in the text, but for a capital sigma (its
    # form depends on the letters around it)
    hits = _GateHits(low, lex) if low is not None and "\u03a3" not in text else None
    for n, (start, end) in enumerate(spans):
        opened = (
            hits.gates(start, end)
            if hits is not None
            else _Sent(text, start, end, [], [], [], [], low, folded).gates(lex)
        )
        if opened.isdisjoint(_READ):
            ctx.age += 1  # nothing said and nothing claimed: not even a speaker to keep
            ctx.back = None
            continue
        sent = _Sent(text, start, end, [], [], [], [], low, folded)
        gates = {g: g in opened for g in _READ}
        actors = find_actors(text, start, end, lex, low)
        if ctx.persons:
            actors = with_persons(text, start, end, actors, ctx.persons)
        note_persons(text, actors, ctx.persons)
        spk = find_speakers(text, start, end, actors, ctx, lex, low) if gates["speech"] else []
        dash = said_by_dash(text, start, end, actors, ctx, lex)
        if dash is not None:
            spk = [*spk, dash]
        sent.actors, sent.spk = actors, spk
        digits = _DIGIT.search(text, start, end) is not None
        dated = digits or "date" in opened
        sent.dates = find_dates(text, start, end, ctx, lex, spk, low) if dated else []
        sent.clocks = find_clocks(text, start, end, ctx, lex) if digits else []
        days = [w.time for w in sent.dates if w.time.precision == "day"]
        if days:
            ctx.told = days[-1]
        if anniversary is not None and _searched(anniversary, sent):
            ctx.past = True
        elif ctx.past and any(
            t.date and 0 <= (ctx.pub_day - date.fromisoformat(t.date[:10])).days <= 7 for t in days
        ):
            ctx.past = False  # news of this week after the anniversary's account
        if not spk and _background(sent, ctx):
            ctx.age = CARRY + 1
        if not [s for s in spk if s.code != RELAY] and n + 1 < len(spans):
            told = _source_after(text, spans[n + 1], ctx, lex)
            if told is None and hits is not None:
                told = _source_later(text, spans, n, hits, ctx, lex)
            if told is not None:
                ctx.last, ctx.age = told, 0  # "... . Об этом сообщил X": X's words
        close = _quote_closer(text, start, end, spans[n + 1 :]) if sent.quoted else None
        said = _quote_speaker(text, close, spans[n + 1 :], ctx, lex) if close else None
        if said is not None:
            ctx.last, ctx.age = said, 0  # a quotation over several sentences: its speaker
        elif (
            close is not None
            and ctx.last is not None
            and ctx.age <= CARRY
            and _unnamed_after(text, close, lex)
        ):  # "«...», — говорится в сообщении" inside a party's statement: it goes on from there
            ctx.renew = next(i for i, (s, e) in enumerate(spans) if s <= close < e)
        elif (
            sent.quoted
            and all(s.code == RELAY for s in spk)
            and not (ctx.last and ctx.age <= CARRY)
        ):
            reach = n + 3
            if close is not None and _unnamed_after(text, close, lex):
                # "«...», — говорится в сообщении": the body named in the next sentences
                reach = next(i for i, (s, e) in enumerate(spans) if s <= close < e) + 1 + CARRY
            ahead = _speaker_ahead(text, spans[n + 1 : reach], ctx, lex, close)
            if ahead is not None:
                ctx.last, ctx.age = ahead, 0
        attack, casualty = gates["attack"], gates["casualty"]
        if attack:
            _violation(sent, ctx, lex, found)
        if gates["deny"]:
            _denial(sent, ctx, lex, found)
        if casualty:
            _casualties(sent, ctx, lex, found)
        if gates["truce"]:
            _truces(sent, ctx, lex, found)
            _announcement(sent, ctx, lex, found)
        if attack or casualty:
            _advance(sent, ctx, lex)
        ctx.back = _background_day(sent, ctx, lex)
        named = [s for s in spk if s.code != RELAY]
        if spk and not named and not sent.quoted:
            ctx.last = None  # an agency's own report ("как пишет X"): no party's statement goes on
        if named:
            party = [s for s in named if s.code != "unattributed"]
            ctx.speakers.extend(party)
            ctx.last = party[-1] if party else None
            ctx.age = 0
        elif _background(sent, ctx):
            ctx.age = CARRY + 1  # the writer's own background: the statement has ended
        else:
            ctx.age += 1
        if ctx.renew == n:
            ctx.age, ctx.renew = 0, None
    violations = _fold_writer(_consolidate(found.violations))
    _date_denials(found, violations)
    return Extraction(
        violations=tuple(violations),
        denials=tuple(found.denials),
        casualties=tuple(_fold_casualties(found.casualties)),
        truce_refs=tuple(found.refs),
        announcements=tuple(found.announcements),
        version=version,
        notes=(f"language {lex.code}",),
    )


def _source_after(text: str, span: tuple[int, int], ctx: _Ctx, lex: Lexicon) -> Speaker | None:
    """The party named by a next sentence that gives the source of this one ("Об этом
    сообщил омбудсмен Арцаха")."""
    start, end = span
    if lex.source_of_previous is None or not lex.source_of_previous.match(text, start, end):
        return None
    actors = find_actors(text, start, end, lex)
    actors = with_persons(text, start, end, actors, ctx.persons)
    for s in find_speakers(text, start, end, actors, ctx, lex):
        if is_party(s.code):
            return replace(s, explicit=False)
    return None


def _source_later(
    text: str, spans: list[tuple[int, int]], n: int, hits: _GateHits, ctx: _Ctx, lex: Lexicon
) -> Speaker | None:
    """The party that "Об этом заявил X" names at the end of a paragraph whose sentences
    between say nothing of who speaks: X's words are the whole paragraph."""
    for m in range(n + 2, min(n + 1 + CARRY + 1, len(spans))):
        between = spans[m - 1]
        if "\n" in text[between[1] : spans[m][0]] or "speech" in hits.gates(*between):
            return None  # the paragraph ended, or a sentence between has its own source
        told = _source_after(text, spans[m], ctx, lex)
        if told is not None:
            return told
    return None


def _fold_casualties(claims: list[CasualtyClaim]) -> list[CasualtyClaim]:
    """A writer's figure that a party's claim in the text gives too (a headline over the
    ministry's report) is that claim, not one of its own; a figure of people that the same
    claimant gives of soldiers or civilians ("трое раненых" after "трое военнослужащих
    ранены") is that figure again."""
    owned = {(c.category, c.figure) for c in claims if is_party(c.claimant)}

    def kind(c: CasualtyClaim) -> str:
        return c.category.split("_")[1]

    named = {
        (side_of(c.claimant), kind(c), c.figure)
        for c in claims
        if not c.category.startswith("total_")
    }
    counted = {(side, k) for side, k, _ in named}
    return [
        c
        for c in claims
        if (c.claimant != "unattributed" or (c.category, c.figure) not in owned)
        and not (
            c.category.startswith("total_")
            and (
                (c.qualifier == "exact" and (side_of(c.claimant), kind(c), c.figure) in named)
                or (c.qualifier == "several" and (side_of(c.claimant), kind(c)) in counted)
            )
        )
    ]  # nor "несколько человек ранены" before the figures of the wounded


def _speaker_ahead(
    text: str,
    spans: list[tuple[int, int]],
    ctx: _Ctx,
    lex: Lexicon,
    close: int | None = None,
) -> Speaker | None:
    """The party that a quotation is attributed to in the next sentences ("- added the ministry").

    A party named inside the quotation (before ``close``, its closing mark) is what it
    says, not who says it; and the writer's background ("Напомним, ...") names no source.
    """
    for start, end in spans:
        if close is not None and start <= close < end:
            start = close + 1
        elif close is not None and end <= close:
            continue
        elif lex.recalled.match(text, start, end):
            return None
        actors = find_actors(text, start, end, lex)
        for s in find_speakers(text, start, end, actors, ctx, lex):
            if is_party(s.code):
                return replace(s, explicit=False)
    return None


def _history(sent: _Sent, ctx: _Ctx, lex: Lexicon) -> bool:
    """Every date of the sentence lies a month or more before publication: history, not news.

    A date that opens a span running to the present ("с начала боевых действий 27
    сентября погибли ...") is no history: the figure is a running total. Dates of a
    relative clause ("..., где бои прекратились 10 ноября") date their own event only.
    """
    if not sent.dates:
        return False
    limit = ctx.pub_day - timedelta(days=HISTORY_DAYS)
    if not all(
        d.time.end is not None and d.time.end.date() <= limit and not _since(sent, d, lex)
        for d in sent.dates
    ):
        return False
    return any(_aside(sent, d, lex) is None for d in sent.dates)


def _since(sent: _Sent, d: When, lex: Lexicon) -> bool:
    """The date opens a span still running ("с 27 сентября"), not closed ("... по 10 ноября")."""
    if lex.since is None or lex.since_closed is None:
        return False
    text = sent.text
    return (
        lex.since.search(text[max(sent.start, d.start - 40) : d.start]) is not None
        and lex.since_closed.match(text, d.end, sent.end) is None
    )


def _background_day(sent: _Sent, ctx: _Ctx, lex: Lexicon) -> OccurredTime | None:
    """The day a sentence of background gives ("27 сентября Минобороны Азербайджана
    заявило ..."), when all its days are more than a week old; None otherwise."""
    days = [d for d in sent.dates if d.time.precision == "day" and d.time.date]
    if not days or any(
        (ctx.pub_day - date.fromisoformat(d.time.date[:10])).days <= 7 for d in days if d.time.date
    ):
        return None
    told = [d.time for d in days if _aside(sent, d, lex) is None]
    return told[-1] if told else None


def _aside(sent: _Sent, d: When, lex: Lexicon) -> int | None:
    """Where the relative clause a date sits in opens ("..., где бои завершились 10
    ноября"), or None when the date is in no such clause."""
    if lex.relative_clause is None:
        return None
    lo = max(sent.start, d.start - 120)
    mark = max(sent.text.rfind(c, lo, d.start) for c in _CLAUSE_MARKS)
    if mark < 0 or sent.text[mark] not in _RELATIVE_OPENERS:
        return None
    return mark if lex.relative_clause.match(sent.text, mark + 1, d.start) else None


#: Marks that end a clause, and those of them that may open a relative clause.
_CLAUSE_MARKS: Final = ',;:()«»"—–'
_RELATIVE_OPENERS: Final = ",(—–"


def _recalled_past(sent: _Sent, ctx: _Ctx) -> bool:
    """True in an anniversary's account ("минуло два года со дня ..."): a sentence with no
    day of its own tells the past event, not news."""
    return ctx.past and not any(d.time.precision == "day" for d in sent.dates)


def _background(sent: _Sent, ctx: _Ctx) -> bool:
    """A sentence dated more than a week before publication tells background, not the statement."""
    return any(
        d.time.date is not None
        and d.time.start is not None
        and d.time.start.date() < ctx.pub_day - timedelta(days=7)
        for d in sent.dates
    )


def _event_time(sent: _Sent, ctx: _Ctx, pos: int, lex: Lexicon) -> tuple[OccurredTime, bool]:
    """The time of the events a sentence reports near ``pos``, and whether it is firm.

    Not firm: no date of its own (the narrative or publication day) or only the day a
    statement was made, when that is the publication day ("said on Thursday").
    """
    usable = [
        d
        for d in sent.dates
        if d.time.date is not None
        and d.time.precision != "year"
        and not in_future(d.time, ctx.published, ctx.tz)
        and not (d.start > pos and (_aside(sent, d, lex) or -1) >= pos)
    ]
    events = [d for d in usable if not d.speech and d.time.precision == "day"]
    pool = events or [d for d in usable if d.time.precision == "day"] or usable
    if not pool and ctx.back is not None:
        return ctx.back, True  # the background the sentence before began goes on
    if not pool:
        base = ctx.default()
        firm = ctx.narrative is not None and ctx.narrative.date != ctx.pub_day.isoformat()
        if sent.clocks and base.precision == "day":
            c = sent.clocks[0]
            return with_clock(base, c[1], c[2], c[3], ctx.tz, c[4]), firm
        return base, firm
    best = min(pool, key=lambda d: abs(d.start - pos))
    if lex.span_end is not None and lex.span_end.search(_text_before(sent, best.start, 40)):
        first = [d for d in pool if 0 < best.start - d.end <= 60]
        best = first[-1] if first else best  # "3 марта с 22.40 до 04.15 4 марта": the 3rd
    ot = best.time
    firm = not (best.speech and ot.date == ctx.pub_day.isoformat())
    if ot.precision == "day" and sent.clocks:
        c = min(sent.clocks, key=lambda c: abs(c[0] - best.start))
        if abs(c[0] - best.start) < 60:
            ot = with_clock(ot, c[1], c[2], c[3], ctx.tz, c[4])
    return ot, firm


def _text_before(sent: _Sent, at: int, width: int) -> str:
    """The ``width`` characters of the sentence before ``at``."""
    return sent.text[max(sent.start, at - width) : at]


def _violation(sent: _Sent, ctx: _Ctx, lex: Lexicon, found: _Found) -> None:
    text, lo, hi = sent.text, sent.start, sent.end
    body = sent.body
    if _searched(lex.accident, sent) or _searched(lex.reciprocal, sent) or _history(sent, ctx, lex):
        return
    if _recalled_past(sent, ctx):
        return
    if not sent.dates and lex.recalled.match(body):
        return  # "earlier, X reported...": an undated earlier report cannot be dated

    footage = lex.footage if lex.footage and may_search(lex.footage, sent.folded, lo, hi) else None

    def ok(m: re.Match[str]) -> bool:
        if lex.negated.search(text, max(lo, m.start() - 20), m.start()):
            return False
        if footage is not None and footage.search(text, max(lo, m.start() - 30), m.start()):
            return False  # "обнародовали видео обстрела": a side's footage of its own strike
        if not may_search(lex.appeal, sent.folded, max(lo, m.start() - 60), m.start()):
            return True  # none of the appeal's words just before
        return not lex.appeal.search(text[max(lo, m.start() - 60) : m.start()])

    attack, subject = _scan(lex.attack, text, sent.low)
    # the first attack word that counts is the trigger: the rest are not read, nor the
    # weak words when a strong one counts
    first = next((m for m in _matches(attack, subject, lo, hi) if ok(m)), None)
    strong = first is not None
    if first is None:
        first = next(
            (
                m
                for m in _matches(_scan(lex.attack_weak, text, sent.low)[0], subject, lo, hi)
                if ok(m)
                and not _hurt_before(text, max(lo, m.start() - 30), m.start(), lex)
                and not (
                    lex.circumstance.search(text, max(lo, m.start() - 45), m.start())
                    and not (
                        lex.accusing is not None
                        and lex.accusing.search(text, max(lo, m.start() - 60), m.start())
                    )
                )
            ),
            None,
        )
    if first is None:
        return
    trigger = first.start()
    deny_rx, _ = _scan(lex.deny, text, sent.low)
    deny = next(_matches(deny_rx, subject, lo, hi), None)
    accuser = speaker_for(trigger, sent.spk, ctx, sent.quoted)
    parties = [a for a in sent.actors if is_party(a.code) and a.kind != "media"]
    named = _denier(sent, deny, ctx, lex) if deny is not None else None
    if named is None and deny is not None and accuser is not None:
        named = (accuser.code, accuser.text)
    if deny is not None and named is not None and is_party(named[0]):
        denier = named[0]  # the accusation denied is the other side's
        answered = _accusation_against(denier, found)
        if answered is not None:
            found.violations.append((answered, True))
            return
        other = [a for a in parties if side_of(a.code) != side_of(denier)]
        acc_code = other[0].code if other else opposite(denier)
        _emit(sent, ctx, lex, found, acc_code, None, denier, trigger)
        return
    owned = [a for a in parties if a.owner and a.end <= trigger] if accuser is None else []
    if owned:  # "обвинения Минобороны X в обстреле": a claim named as a noun is its owner's
        acc_code = owned[-1].code
        opp = [a for a in parties if not a.owner and side_of(a.code) != side_of(acc_code)]
        _emit(
            sent,
            ctx,
            lex,
            found,
            acc_code,
            None,
            opp[0].code if opp else opposite(acc_code),
            trigger,
        )
        return
    acc_code = accuser.code if accuser is not None else "unattributed"
    speaker_spans = [
        a for a in sent.actors if any(s.text == a.text for s in sent.spk) and a.kind != "adj"
    ]
    cands = [a for a in parties if a not in speaker_spans]
    if is_party(acc_code):
        opp = [a for a in cands if side_of(a.code) != side_of(acc_code)]
        if opp:
            accused = min(opp, key=lambda a: abs(a.start - trigger))
            _emit(sent, ctx, lex, found, acc_code, accuser, accused.code, trigger)
            return
        own_agents = [
            a
            for a in cands
            if side_of(a.code) == side_of(acc_code)
            and a.kind in ("force", "adj", "country")
            and 0 <= trigger - a.end <= 60
            and not lex.target_before.search(text, max(lo, a.start - 16), a.start)
        ]
        if own_agents:
            return  # a side reporting its own fire ("our units returned fire")
        if not strong and (accuser is None or not accuser.explicit):
            return
        _emit(sent, ctx, lex, found, acc_code, accuser, opposite(acc_code), trigger)
        return
    agents = [
        a
        for a in cands
        if a.kind in ("force", "adj", "country", "org")
        and not a.owner
        and not lex.target_before.search(text, max(lo, a.start - 16), a.start)
        and not _victim_mention(a, text, hi, lex)
    ]
    if acc_code == "unattributed":
        sides = {side_of(a.code) for a in parties}
        if not strong or not agents or len(sides) > 1:
            return
        _emit(sent, ctx, lex, found, acc_code, None, agents[0].code, trigger)
        return
    if agents:
        accused_code = min(agents, key=lambda a: abs(a.start - trigger)).code
    elif strong:
        accused_code = "unattributed"
    else:
        return
    _emit(sent, ctx, lex, found, acc_code, accuser, accused_code, trigger)


def _victim_mention(a: Mention, text: str, hi: int, lex: Lexicon) -> bool:
    """A side's mention that names what was hit, not who fired: its villages or positions
    ("азербайджанских населенных пунктов"), or people hurt ("Азербайджанский военный ранен")."""
    if a.kind == "adj" and lex.target_mention is not None and lex.target_mention.search(a.text):
        return True
    return lex.victim_after is not None and lex.victim_after.match(text, a.end, hi) is not None


def _searched(rx: re.Pattern[str], sent: _Sent) -> bool:
    """``rx.search(sent.body) is not None`` for a case-blind lexicon pattern.

    In text that folds safely a sentence without the pattern's needles is passed over,
    and the others are read by its case-sensitive copy on the lower-cased sentence (the
    same matches, several times faster).
    """
    folded = sent.folded
    if folded is None:
        return rx.search(sent.body) is not None
    if not may_search(rx, folded, sent.start, sent.end):
        return False
    return lowered(rx).search(folded[sent.start : sent.end]) is not None


def _gated_search(rx: re.Pattern[str], sent: _Sent, lo: int, hi: int) -> re.Match[str] | None:
    """``rx.search(sent.text, lo, hi)``, passed over when none of its needles is there."""
    if not may_search(rx, sent.folded, lo, hi):
        return None
    return rx.search(sent.text, lo, hi)


def _accusation_against(denier: str, found: _Found) -> Violation | None:
    """The latest accusation made so far against the denier's side."""
    for v, _ in reversed(found.violations):
        if side_of(v.accused) == side_of(denier) and is_party(v.accuser):
            return v
    return None


def _accuses(code: str, found: _Found) -> bool:
    """True when the latest party accusation so far was made by ``code``'s side."""
    for v, _ in reversed(found.violations):
        if is_party(v.accuser):
            return side_of(v.accuser) == side_of(code)
    return False


def _hurt_before(text: str, lo: int, hi: int, lex: Lexicon) -> bool:
    """A casualty word just before ("killed in the fighting"): the fighting is a circumstance."""
    return bool(lex.killed.search(text, lo, hi) or lex.injured.search(text, lo, hi))


def _emit(
    sent: _Sent,
    ctx: _Ctx,
    lex: Lexicon,
    found: _Found,
    acc_code: str,
    accuser: Speaker | None,
    accused_code: str,
    trigger: int,
) -> None:
    names, written = _places(sent.text, sent.start, sent.end, sent.actors, lex)
    when, firm = _event_time(sent, ctx, trigger, lex)
    if not firm and lex.continued is not None:
        # "подразделения продолжают вести огонь": the fighting of its own day, not a lead
        firm = lex.continued.search(_text_before(sent, trigger, 50)) is not None
    v = Violation(
        accuser=acc_code,
        accuser_text=accuser.text if accuser else "",
        accused=accused_code,
        accused_text="",
        occurred=when,
        places=names,
        places_text=written,
        weapon=_weapon(sent, lex),
        span=(sent.start, sent.end),
    )
    found.violations.append((v, firm))


def _date_denials(found: _Found, violations: list[Violation]) -> None:
    """A denial in the lead answers an accusation told later: take its day and accuser."""
    for i in found.undated_denials:
        if i >= len(found.denials):
            continue
        d = found.denials[i]
        later = [
            v
            for v in violations
            if v.span[0] > d.span[0]
            and side_of(v.accused) == side_of(d.denier)
            and is_party(v.accuser)
        ]
        if later:
            found.denials[i] = replace(d, accuser=later[0].accuser, occurred=later[0].occurred)
    for i in found.lead_denials:
        d = found.denials[i]
        if not d.date or len(d.date) < 10:
            continue
        day = date.fromisoformat(d.date[:10])
        dated = [  # the lead's accusation as the text dates it later (as ``_consolidate``)
            v
            for v in violations
            if side_of(v.accuser) == side_of(d.accuser)
            and side_of(v.accused) == side_of(d.denier)
            and v.date
            and len(v.date) >= 10
            and 0 < (day - date.fromisoformat(v.date[:10])).days <= 3
        ]
        if dated:
            found.denials[i] = replace(d, occurred=max(dated, key=lambda v: v.date or "").occurred)


def _consolidate(items: list[tuple[Violation, bool]]) -> list[Violation]:
    """One report per accusation and day; an undated lead joins the dated report it sums up."""
    firm = [v for v, f in items if f]
    out: list[Violation] = []
    for v, f in items:
        target: Violation | None = None
        if not f and v.date and len(v.date) >= 10:
            day = date.fromisoformat(v.date[:10])
            same = [
                o
                for o in firm
                if (side_of(o.accuser) or o.accuser, side_of(o.accused) or o.accused)
                == (side_of(v.accuser) or v.accuser, side_of(v.accused) or v.accused)
                and o.date
                and len(o.date) >= 10
                and 0 <= (day - date.fromisoformat(o.date[:10])).days <= 3
            ]
            if same:
                target = max(same, key=lambda o: o.date or "")
        if target is None:
            target = v
        merged = False
        for i, o in enumerate(out):
            if (o.accuser, o.accused, o.date) == (target.accuser, target.accused, target.date):
                out[i] = replace(
                    o,
                    places=tuple(dict.fromkeys((*o.places, *v.places))),
                    places_text=tuple(dict.fromkeys((*o.places_text, *v.places_text))),
                    weapon=o.weapon or v.weapon,
                )
                merged = True
                break
        if not merged:
            if target is v:
                out.append(v)
            else:
                out.append(
                    replace(
                        target,
                        places=tuple(dict.fromkeys((*target.places, *v.places))),
                        places_text=tuple(dict.fromkeys((*target.places_text, *v.places_text))),
                    )
                )
    return out


def _fold_writer(violations: list[Violation]) -> list[Violation]:
    """The writer's own account of an attack that a party reports too, the same day (a
    headline over the ministry's words) is that party's report, not another claim."""
    out = list(violations)
    for v in violations:
        if v.accuser != "unattributed" or not is_party(v.accused):
            continue
        owner = next(
            (
                i
                for i, o in enumerate(out)
                if is_party(o.accuser)
                and o.date == v.date
                and side_of(o.accused) == side_of(v.accused)
                and side_of(o.accuser) != side_of(v.accused)
            ),
            None,
        )
        if owner is None:
            continue
        o = out[owner]
        out[owner] = replace(
            o,
            places=tuple(dict.fromkeys((*o.places, *v.places))),
            places_text=tuple(dict.fromkeys((*o.places_text, *v.places_text))),
            weapon=o.weapon or v.weapon,
        )
        out.remove(v)
    return out


def _denier(sent: _Sent, m: re.Match[str], ctx: _Ctx, lex: Lexicon) -> tuple[str, str] | None:
    """Who denies, named in the sentence: the subject of the denying verb, the body named
    after it ("..., заявили в Минобороны Армении"), else the body named just before."""
    spk = [s for s in sent.spk if s.code != RELAY]
    blamed = lex.blames_lie.search(_text_before(sent, m.start(), 80)) if lex.blames_lie else None
    if blamed is not None:  # "обвиняет X в распространении дезинформации": X is blamed
        cue = m.start() - len(_text_before(sent, m.start(), 80)) + blamed.start()
        subject = [s for s in spk if s.cue_start == cue]
        if subject:
            return subject[0].code, subject[0].text
    own = [s for s in spk if s.cue_start == m.start()]
    later = [s for s in spk if s.cue_start > m.start() and s.inverted]
    before = [s for s in spk if s.cue_start < m.start()]
    for group in (own, later):
        if group:
            return group[0].code, group[0].text
    left = [
        a
        for a in sent.actors
        if a.end <= m.start()
        and m.start() - a.end <= 60
        and a.kind in ("org", "force", "country", "generic")
        and not a.owner
    ]
    if left:
        return _resolve(left[-1], ctx, lex)
    if before:
        return before[-1].code, before[-1].text
    return None


def _denial(sent: _Sent, ctx: _Ctx, lex: Lexicon, found: _Found) -> None:
    rx, subject = _scan(lex.deny, sent.text, sent.low)
    m = next(_matches(rx, subject, sent.start, sent.end), None)
    if m is None:
        return
    found_denier = _denier(sent, m, ctx, lex)
    denier, words = found_denier if found_denier is not None else (None, "")
    if denier is None:
        sp = speaker_for(m.start(), sent.spk, ctx, sent.quoted)
        answered = _accusation_against(sp.code, found) if sp is not None else None
        if sp is not None and not (
            not sp.explicit and answered is None and _accuses(sp.code, found)
        ):
            denier, words = sp.code, sp.text  # a side does not deny its own accusation
    if denier is None or not is_party(denier):
        return
    if (
        lex.deny_other is not None
        and _searched(lex.deny_other, sent)
        and not _searched(lex.attack, sent)
    ):
        return  # "сообщения о перевозке мин не соответствуют действительности": no attack
    other = [a for a in sent.actors if is_party(a.code) and side_of(a.code) != side_of(denier)]
    accuser: str | None = None
    when: OccurredTime | None = None
    events = [d for d in sent.dates if not d.speech and d.time.precision == "day"]
    if events:
        when = events[0].time
    lead = False
    for v, firm in reversed(found.violations):
        if v.span[0] < sent.start and side_of(v.accused) == side_of(denier) and is_party(v.accuser):
            accuser = v.accuser  # the denial answers the latest accusation against its side
            lead = when is None and not firm
            when = when or v.occurred
            break
    if accuser is None and other:
        accuser = other[0].code
    accuser = accuser or opposite(denier)
    if when is None:
        found.undated_denials.append(len(found.denials))
        when = _event_time(sent, ctx, m.start(), lex)[0]
    if any(side_of(d.denier) == side_of(denier) and d.date == when.date for d in found.denials):
        return
    what = sent.text[m.end() : min(sent.end, m.end() + 80)].strip(" ,.") or sent.body[:80]
    for code, said in [(denier, words), *_co_deniers(sent, m, denier, lex)]:
        if any(d.denier == code and d.date == when.date for d in found.denials):
            continue
        if lead:
            found.lead_denials.append(len(found.denials))
        found.denials.append(Denial(code, said, accuser, when, what, (sent.start, sent.end)))


_AND: Final = re.compile(r"\s*(?:,|и|а также)\s+")


def _co_deniers(sent: _Sent, m: re.Match[str], denier: str, lex: Lexicon) -> list[tuple[str, str]]:
    """The other parties named with the denier as one subject ("ведомства Армении и
    Нагорного Карабаха отвергли"): each denies for itself."""
    left = [
        a
        for a in sent.actors
        if a.end <= m.start() and m.start() - a.end <= 60 and is_party(a.code)
    ]
    if left and left[-1].code == denier:
        for code, rx in lex.shared_body:  # "ведомства Армении и Нагорного Карабаха отвергли"
            m2 = rx.match(sent.text, left[-1].end, m.start())
            if m2 is not None and code != denier and side_of(code) == side_of(denier):
                return [(code, left[-1].text + m2.group(0))]
    if len(left) < 2 or left[-1].code != denier:
        return []
    out: list[tuple[str, str]] = []
    for before, after in zip(reversed(left[:-1]), reversed(left[1:]), strict=True):
        if not _AND.fullmatch(sent.text, before.end, after.start):
            break
        if side_of(before.code) == side_of(denier) and before.code != denier:
            out.append((before.code, before.text))
    return out


def _category(noun: str, lex: Lexicon) -> str:
    if lex.military.fullmatch(noun):
        return "military"
    if lex.civilian.fullmatch(noun):
        return "civilian"
    return "total"


@lru_cache(maxsize=8)
def _victim_rx(lex: Lexicon) -> re.Pattern[str]:
    nouns = "|".join(rx.pattern for rx in (lex.military, lex.civilian, lex.total))
    return re.compile(r"\s+(?:[\w-]+\s+){0,2}?(" + nouns + r")\b", re.I)


def _victim(text: str, pos: int, hi: int, lex: Lexicon) -> tuple[str, int, int] | None:
    """The victim noun right after a figure (within two words): its text and span."""
    m = _victim_rx(lex).match(text, pos, min(hi, pos + 60))
    if m is None:
        return None
    if lex.generic_victim is not None and lex.generic_victim.fullmatch(m.group(1)):
        named = _named_victim_rx(lex).match(text, m.end(1), min(hi, m.end(1) + 40))
        if named is not None:  # "104 погибших военнослужащих": the noun after the participle
            return named.group(1), named.start(1), named.end(1)
    return m.group(1), m.start(1), m.end(1)


@lru_cache(maxsize=8)
def _named_victim_rx(lex: Lexicon) -> re.Pattern[str]:
    nouns = "|".join(rx.pattern for rx in (lex.military, lex.civilian))
    return re.compile(r"\s+(?:[\w-]+\s+)?(" + nouns + r")\b", re.I)


def _casualties(sent: _Sent, ctx: _Ctx, lex: Lexicon, found: _Found) -> None:
    text, lo, hi = sent.text, sent.start, sent.end
    if not (_searched(lex.killed, sent) or _searched(lex.injured, sent)) or _searched(
        lex.accident, sent
    ):
        return
    if _history(sent, ctx, lex) or _recalled_past(sent, ctx):
        return
    taken = [(d.start, d.end) for d in sent.dates] + [(c[0], c[0] + 5) for c in sent.clocks]
    nums = [
        n for n in find_numbers(text, lo, hi, lex) if not any(a <= n.start < b for a, b in taken)
    ]
    items: list[
        tuple[int, int, int, str, str, str]
    ] = []  # start, end, value, qualifier, noun, kind
    last_noun = ""
    prev_end = -1
    unconfirmed: re.Pattern[str] | None = lex.unconfirmed
    if unconfirmed is not None and not _searched(unconfirmed, sent):
        unconfirmed = None
    for i, n in enumerate(nums):
        rest = text[n.end : hi]
        if lex.not_count_after.match(rest.lstrip()) or lex.not_count_after.match(rest):
            continue
        victim = _victim(text, n.end, hi, lex)
        if unconfirmed is not None and _unconfirmed(
            text, victim[2] if victim else n.end, hi, unconfirmed
        ):
            continue  # "по пяти военнослужащим данные уточняются": no casualty yet
        toll = _gated_search(lex.toll, sent, max(lo, n.start - 120), n.start)
        if _gated_search(lex.part_of, sent, max(lo, n.start - 25), n.start):
            continue  # "including a child": a part of a figure already given
        linked = prev_end >= 0 and bool(lex.linked.fullmatch(text, prev_end, n.start))
        if victim is None and toll is None and not n.people and not (last_noun and linked):
            hurt = _hurt_just_before(lex).search(text[max(lo, n.start - 30) : n.start])
            if hurt is None:
                continue
        prev_end = victim[2] if victim else n.end
        noun = victim[0] if victim else ""
        if noun:
            last_noun = noun
        elif last_noun and not toll:
            noun = last_noun  # "two soldiers were killed and five more wounded"
        elif (
            not toll and i + 1 < len(nums) and lex.linked.fullmatch(text, n.end, nums[i + 1].start)
        ):
            ahead = _victim(text, nums[i + 1].end, hi, lex)
            noun = ahead[0] if ahead else ""  # "погибло 19 и ранено 80 мирных жителей"
        kind = _hurt_kind(
            text,
            n.start,
            n.end if victim is None else victim[2],
            lo,
            hi,
            noun,
            toll,
            lex,
            sent.folded,
        )
        if (
            kind is None
            and i + 1 < len(nums)
            and lex.joined_subject is not None
            and lex.joined_subject.fullmatch(text, prev_end, nums[i + 1].start)
        ):
            ahead = _victim(text, nums[i + 1].end, hi, lex)
            kind = _hurt_kind(  # "293 военнослужащих и 7 мирных жителей получили ранения"
                text,
                nums[i + 1].start,
                ahead[2] if ahead else nums[i + 1].end,
                lo,
                hi,
                ahead[0] if ahead else "",
                None,
                lex,
                sent.folded,
            )
        if kind is None and linked and items:
            kind = items[-1][5]  # "37 killed in a day, more than 700 since the start"
        if kind is None:
            continue
        items.append((n.start, n.end, n.value, n.qualifier, noun, kind))
    if not _searched(lex.no_losses, sent):
        for m in lex.singular.finditer(text, lo, hi):
            noun = m.group("noun") or m.group("noun2")
            verb = m.group("verb") or m.group("verb2")
            ns = m.start("noun") if m.group("noun") else m.start("noun2")
            if any(a <= ns <= b + 12 for a, b, *_ in items):
                continue
            kind = "injured" if lex.injured.search(verb) else "killed"
            if kind == "injured" and lex.mortal is not None and lex.mortal.search(verb):
                kind = "killed"  # "получил смертельное ранение"
            items.append((ns, ns + len(noun), 1, "exact", noun, kind))
    neutral = lex.neutral_victim is not None and _searched(lex.neutral_victim, sent)
    for start, end, value, qual, noun, kind in items:
        if value <= 0 or value > MAX_FIGURE:
            continue
        who = speaker_for(start, sent.spk, ctx, sent.quoted)
        claimant = who.code if who else "unattributed"
        if claimant == "unattributed" and qual in ("hundreds", "thousands", "dozens", "several"):
            continue
        if neutral and _neutral(text, start, end, lo, hi, noun, lex):
            continue  # peacekeepers are on neither side
        group = _category(noun, lex) if noun else "total"
        if group == "total" and lex.in_combat.match(text, end, hi):
            group = "military"  # the dead "in the fighting" are its combatants
        toll = (
            _gated_search(lex.toll, sent, max(lo, start - 120), start) if group == "total" else None
        )
        if toll is not None:
            named = lex.military.search(toll.group(0)) or lex.civilian.search(toll.group(0))
            if named is not None:  # "число погибших военных достигло 158 человек"
                group = _category(named.group(0), lex)
        if (
            group == "total"
            and lex.at_home is not None
            and lex.people is not None
            and (not noun or lex.people.fullmatch(noun))
            and _searched(lex.at_home, sent)
        ):
            group = "civilian"  # "ракета попала в жилой дом, погибли N человек": people at home
        category = f"{group}_{kind}"
        side = _victim_side(text, start, end, lo, hi, claimant, lex, sent.folded)
        claim = CasualtyClaim(
            claimant,
            who.text if who else "",
            side,
            category,
            value,
            qual,
            text[start:end],
            (start, end),
        )
        key = claim.to_gold() | {"qualifier": ""}
        if not any(c.to_gold() | {"qualifier": ""} == key for c in found.casualties):
            found.casualties.append(claim)


_CLAUSE_MARK: Final = re.compile(r"[,;:]")
_CLAUSE_STOP: Final = re.compile(r"[,.;]")


def _unconfirmed(text: str, pos: int, hi: int, rx: re.Pattern[str]) -> bool:
    """``rx`` within 40 characters after ``pos``, in the same clause."""
    m = rx.search(text, pos, min(hi, pos + 80))
    return m is not None and m.start() - pos <= 40 and not _CLAUSE_STOP.search(text, pos, m.start())


def _neutral(text: str, start: int, end: int, lo: int, hi: int, noun: str, lex: Lexicon) -> bool:
    """True for victims on neither side: peacekeepers named as the victims or in the
    figure's clause, with no side's word there ("погибли шесть российских миротворцев")."""
    if lex.neutral_victim is None:
        return False
    if noun and lex.neutral_victim.match(noun):
        return True
    marks = [m.end() for m in _CLAUSE_MARK.finditer(text, lo, start)]
    clause_lo = marks[-1] if marks else lo
    after = _CLAUSE_MARK.search(text, end, hi)
    clause_hi = after.start() if after else hi
    if lex.neutral_victim.search(text, clause_lo, clause_hi) is None:
        return False
    return not any(rx.search(text, clause_lo, clause_hi) for code, rx in lex.victim_side)


@lru_cache(maxsize=8)
def _hurt_just_before(lex: Lexicon) -> re.Pattern[str]:
    """A death or injury word a word or two before a figure ("убиты двое")."""
    return re.compile(
        r"(?:" + lex.killed.pattern + "|" + lex.injured.pattern + r")\s+(?:[\w-]+\s+){0,2}$",
        re.I,
    )


#: Between a figure and a casualty word: a clause or another figure comes between.
_BREAK: Final = re.compile(r"[;]|\d")


def _blind(rx: re.Pattern[str], text: str, folded: str | None) -> tuple[re.Pattern[str], str]:
    """``rx`` and the string to run it on: a case-blind pattern's case-sensitive copy on
    ``folded`` (the text lower-cased, when it folds safely), the same matches faster."""
    if folded is not None and rx.flags & re.IGNORECASE:
        return lowered(rx), folded
    return rx, text


def _blind_search(rx: re.Pattern[str], text: str, folded: str | None, lo: int, hi: int) -> bool:
    """``rx.search(text, lo, hi) is not None``, read as ``_blind`` tells."""
    scan, subject = _blind(rx, text, folded)
    return scan.search(subject, lo, hi) is not None


def _hurt_kind(
    text: str,
    start: int,
    end: int,
    lo: int,
    hi: int,
    noun: str,
    toll: re.Match[str] | None,
    lex: Lexicon,
    folded: str | None = None,
) -> str | None:
    """ "killed" or "injured" for a figure: its noun's own word, the toll's, else the nearest
    (``folded``: the text lower-cased when it folds safely, which the search then reads)."""
    if noun:
        if lex.injured.match(noun):
            return "injured"
        if lex.killed.match(noun):
            return "killed"
    if toll is not None:
        phrase = toll.group(0)
        if lex.injured.search(phrase) and not lex.killed.search(phrase):
            return "injured"
        if lex.killed.search(phrase):
            return "killed"
    best: tuple[int, str] | None = None
    for rx, kind in ((lex.killed, "killed"), (lex.injured, "injured")):
        scan, subject = _blind(rx, text, folded)
        for m in scan.finditer(subject, max(lo, start - 60), min(hi, end + 60)):
            between = text[min(m.end(), end) : max(m.start(), start)]
            if _BREAK.search(between):
                continue
            dist = m.start() - end if m.start() >= end else start - m.end()
            if best is None or dist < best[0]:
                best = (dist, kind)
    return best[1] if best else None


def _victim_side(
    text: str,
    start: int,
    end: int,
    lo: int,
    hi: int,
    claimant: str,
    lex: Lexicon,
    folded: str | None = None,
) -> str:
    """Whose victims: the other side for "противника", the side word right after the
    figure ("двое военнослужащих <страны>"), the claimant's for "наших", the side word
    just before it, else the claimant's side (``folded`` as for ``_hurt_kind``)."""
    own = side_of(claimant)
    after_hi, before_lo = min(hi, end + 45), max(lo, start - 25)
    if own is not None and _blind_search(lex.enemy, text, folded, before_lo, after_hi):
        return active().other_side(own)
    sides = [(code, *_blind(rx, text, folded)) for code, rx in lex.victim_side]
    for code, rx, subject in sides:
        for m in rx.finditer(subject, before_lo, start):
            if not text[m.end() : start].strip():
                return side_of(code) or "both"  # "азербайджанский военнослужащий": its own word
    after = [
        (m.start(), code)
        for code, rx, subject in sides
        for m in [rx.search(subject, start, after_hi)]
        if m
        and not _fired(text, max(lo, m.start() - 40), m.start(), m.end(), lex)
        and not (lex.elided_speech is not None and lex.elided_speech.match(text, m.end(), hi))
    ]  # not "ранен в результате огня с азербайджанской стороны": who fired; nor "...,
    # Армения — об отсутствии потерь": who told the next figure
    if after:
        return side_of(min(after)[1]) or "both"
    if own is not None and _blind_search(lex.own, text, folded, before_lo, after_hi):
        return own  # "наших военнослужащих": the claimant's own
    before = [
        (m.start(), code)
        for code, rx, subject in sides
        for m in rx.finditer(subject, before_lo, start)
    ]
    if before:
        at, code = max(before)
        side = side_of(code)
        end_at = next(
            (m.end() for _, rx, subject in sides for m in [rx.match(subject, at)] if m), at
        )
        if side is not None and (
            _agent_at(text, max(lo, at - 40), at, lex) or _fired(text, at, at, end_at, lex)
        ):
            return active().other_side(side)  # "со стороны ВС Армении ранен ...": the other's
        return side or "both"
    return own if own is not None else "both"


#: A word of an actor's name before its side word ("ВС" in "со стороны ВС Армении").
_NAME_WORD: Final = re.compile(r"[\w.-]+\s+$")


def _fired(text: str, lo: int, at: int, end: int, lex: Lexicon) -> bool:
    """True when the side word at ``at:end`` names who fired: after an attack and "с"
    ("огня с азербайджанской стороны"), or before a noun in the instrumental ("армянской
    стороной", "армянскими подразделениями"), not "вместе с"."""
    if lex.agent_marker.search(text, lo, at):
        return True
    return (
        lex.agent_after is not None
        and lex.agent_after.match(text, end) is not None
        and not text[max(0, at - 3) : at].lower().endswith(("с ", "со "))
    )


def _agent_at(text: str, lo: int, at: int, lex: Lexicon) -> bool:
    """True when the side word at ``at`` names who did it ("со стороны [ВС] Армении")."""
    before = text[lo:at]
    for _ in range(3):  # the marker, then up to two words of the actor's name
        if lex.agent_marker.search(before):
            return True
        word = _NAME_WORD.search(before)
        if word is None:
            return False
        before = before[: word.start()]
    return False


def _announcement(sent: _Sent, ctx: _Ctx, lex: Lexicon, found: _Found) -> None:
    """A truce the sentence announces: parties, brokers, effective time, known id."""
    text, lo, hi = sent.text, sent.start, sent.end
    mention = lex.truce.search(text, lo, hi)
    verb = lex.announce.search(text, lo, hi)
    if mention is None or verb is None or lex.truce_unknown.search(sent.body):
        return
    if lex.announce_negated.search(text[max(lo, verb.start() - 40) : verb.start()]):
        return
    if lex.truce_generic.search(text, max(lo, mention.start() - 60), mention.start()):
        return
    effective = _effective(sent, ctx)
    if (
        effective is not None
        and effective.date
        and len(effective.date) >= 10
        and (ctx.pub_day - date.fromisoformat(effective.date[:10])).days > 2
    ):
        return  # an old truce recalled, not announced
    parties: list[str] = []
    brokers: list[str] = []
    for a in sent.actors:
        if a.kind in ("generic", "unattr", "media", "adj"):
            continue
        target = parties if is_party(a.code) else brokers
        if a.code not in target:
            target.append(a.code)
    if not parties:
        return
    known_id: str | None = None
    if effective is not None and effective.date and len(effective.date) >= 10:
        day = date.fromisoformat(effective.date[:10])
        known_id = next((k.id for k in known() if k.effective.date() == day), None)
    else:
        known_id = next(
            (k.id for k in known() if ctx.pub_day in (k.announced, k.effective.date())), None
        )
    found.announcements.append(
        Announcement(tuple(parties), tuple(brokers), effective, sent.body, (lo, hi), known_id)
    )
    if known_id is not None and not any(r.truce_id == known_id for r in found.refs):
        found.refs.append(TruceRef(known_id, mention.group(0)[:80], "announcement", (lo, hi)))


def _effective(sent: _Sent, ctx: _Ctx) -> OccurredTime | None:
    """When an announced truce takes effect: the day written next to its clock time."""
    days = [d for d in sent.dates if d.time.precision == "day"]
    if not days and not sent.clocks:
        return None
    if sent.clocks and days:
        at = sent.clocks[0][0]
        days.sort(key=lambda d: min(abs(d.start - at), abs(d.end - at)))
    base = days[0].time if days else ctx.default()
    if sent.clocks:
        c = sent.clocks[0]
        return with_clock(base, c[1], c[2], c[3], ctx.tz, c[4])
    return base


def _of_kind(kind: str) -> KnownTruce | None:
    """The first known truce of a kind (trilateral, cessation) in the pack in use."""
    return next((k for k in known() if k.kind == kind), None)


def _day_before(truce: KnownTruce) -> date:
    """From the day before a truce took effect, words of its kind name it."""
    return truce.effective.date() - timedelta(days=1)


def _truces(sent: _Sent, ctx: _Ctx, lex: Lexicon, found: _Found) -> None:
    text, lo, hi = sent.text, sent.start, sent.end
    for m in lex.truce.finditer(text, lo, hi):
        wlo, whi = max(lo, m.start() - 80), min(hi, m.end() + 120)
        window = text[wlo:whi]
        if lex.truce_unknown.search(window):
            continue
        trilateral = lex.truce_trilateral.search(window)
        if lex.truce_generic.search(text, max(lo, m.start() - 60), m.start()) and not trilateral:
            continue
        ids: list[str] = []
        basis = ""
        when, _ = _event_time(sent, ctx, m.start(), lex)
        at = _instant(when, ctx)
        tri, cessation = _of_kind("trilateral"), _of_kind("cessation")
        agreed = None if trilateral else _agreed_on(sent, m.end(), lex)
        if agreed is not None:
            ids, basis = [agreed.id], "agreement date"
        elif trilateral and tri is not None and ctx.pub_day >= _day_before(tri):
            ids, basis = [tri.id], "trilateral"
        elif (
            lex.truce_cessation.search(window)
            and cessation is not None
            and ctx.pub_day >= _day_before(cessation)
        ):
            ids, basis = [cessation.id], "cessation"
        elif lex.truce_humanitarian.search(window):
            days = [d.time.date for d in sent.dates if d.time.precision == "day" and d.time.date]
            hit = [
                k.id
                for k in known()
                if k.kind == "humanitarian"
                and any(
                    d in (k.effective.date().isoformat(), k.announced.isoformat()) for d in days
                )
            ]
            if hit:
                ids, basis = hit[:1], "humanitarian, date"
            else:
                k = in_force(at)
                ids, basis = (
                    ([k.id] if k and k.kind == "humanitarian" else []),
                    "humanitarian, in force",
                )
        elif lex.border.search(sent.body):
            continue  # a state-border incident: the truce there is not one of the known set
        else:
            k = in_force(at)
            if k is None:
                continue
            ids, basis = [k.id], "in force"
        for tid in ids:
            if not any(r.truce_id == tid for r in found.refs):
                found.refs.append(TruceRef(tid, m.group(0)[:80], basis, (wlo, whi)))


def _agreed_on(sent: _Sent, after: int, lex: Lexicon) -> KnownTruce | None:
    """The known truce agreed or in force from the day a date right after a truce's words
    gives as the day it was agreed ("соглашение о прекращении огня, заключенное при
    посредничестве России 10 октября"), when there is one."""
    if lex.agreed_on is None:
        return None
    for d in sent.dates:
        if d.start < after or d.time.precision != "day" or not d.time.date:
            continue
        if not lex.agreed_on.fullmatch(sent.text, after, d.start):
            return None
        day = d.time.date[:10]
        return next(
            (
                k
                for k in known()
                if day in (k.announced.isoformat(), k.effective.date().isoformat())
            ),
            None,
        )
    return None


def _instant(when: OccurredTime, ctx: _Ctx) -> datetime:
    pub_end = publication_day(ctx.published, ctx.tz).end or ctx.published
    if when.precision == "minute" and when.start is not None:
        return when.start
    if when.end is not None:
        return min(when.end - timedelta(minutes=1), pub_end - timedelta(minutes=1))
    return ctx.published


def _advance(sent: _Sent, ctx: _Ctx, lex: Lexicon) -> None:
    """Move the narrative date to the day of fighting a sentence dates."""
    if not sent.dates:
        return
    if not (
        _searched(lex.attack, sent)
        or _searched(lex.attack_weak, sent)
        or _searched(lex.killed, sent)
    ):
        return
    days = [
        d
        for d in sent.dates
        if not d.speech
        and d.time.precision == "day"
        and d.time.date
        and not in_future(d.time, ctx.published, ctx.tz)
        and (ctx.pub_day - date.fromisoformat(d.time.date)).days <= 7
    ]
    if days:
        t = days[0].time
        ctx.narrative = OccurredTime(t.date, "day", t.expression, t.start, t.end)
