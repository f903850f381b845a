"""Attribution: who says what in a sentence, and the per-document context.

Owns ``Sentence`` (a span of the cleaned text with its actors, dates and clock times),
``DocContext`` (publication time, the narrative date, the bodies and people named so far,
the dateline, the speaker of the last sentence) and the rules that pick the claimant of a
statement: "X said", '"...," said X', "according to X", "X reports citing Y", "<adjective>
claims that", "the ministry said" (the last named ministry), "It said" (the last speaker),
a quotation or paragraph whose source is named after it, a headline's source after a dash
or before a colon, and a statement running on into the next sentence. docs/extraction.md
describes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final

from tracker.conflict import active
from tracker.conflict.patterns import PackPattern, alternation, coded, groups_of
from tracker.extract.actors import SPEECH, ActorMention, find_actors
from tracker.extract.model import OccurredTime, is_party, side_of
from tracker.extract.text import (
    KeywordGate,
    ascii_copy,
    has_match,
    look_behind_split,
    lower_ascii,
    lowered,
    on_ascii,
    reads_ascii,
    split_scan,
)
from tracker.extract.timeexpr import (
    TimeMention,
    find_clock,
    find_dates,
    in_future,
    parse_tz,
    publication_day,
    with_clock,
)

_BACKGROUND: Final = re.compile(
    r"\b(?:since|began|begun|started|erupted|broke out|ended|end of|signed|agreed|brokered|took effect)\b[^.;]{0,30}$",
    re.I,
)
_BACKGROUND_WORDS: Final = (
    "since",
    "began",
    "begun",
    "started",
    "erupted",
    "broke out",
    "ended",
    "end of",
    "signed",
    "agreed",
    "brokered",
    "took effect",
)


def may_match(text: str, rx: re.Pattern[str], words: tuple[str, ...]) -> bool:
    """``rx.search(text)`` for a case-blind pattern that cannot match without one of ``words``.

    ASCII text holding none of the words (lower case) is passed over unread; in other text
    ``re.IGNORECASE`` also folds letters that lower-casing keeps apart (dotless i, long s),
    so the pattern is always read.
    """
    if text.isascii():
        low = text.lower()
        for w in words:  # a loop: ``any`` over a generator costs more here
            if w in low:
                break
        else:
            return False
    return rx.search(text) is not None


@dataclass(frozen=True, slots=True)
class Speaker:
    """The actor a statement is attributed to, and the cue word."""

    code: str
    text: str
    cue: str
    cue_start: int


@dataclass
class DocContext:
    """What earlier sentences established for later ones."""

    published: datetime
    tz: str
    narrative: OccurredTime | None = None
    last_speaker: Speaker | None = None
    speakers: list[Speaker] = field(default_factory=list)
    #: True once the text has named a truce outside the known set (a new or an old one):
    #: a later bare "the truce" then means that one, not the known truce in force.
    other_truce: bool = False
    #: Parties' bodies and people named so far (start offset, code, words), for "the ministry said".
    named: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: Sentences whose bodies are not yet in ``named`` (read only when a generic needs them).
    unread: dict[int, Sentence] = field(default_factory=dict)
    #: The sentence before the current one, and the current one (for the carry-over's dates).
    previous: Sentence | None = None
    current: Sentence | None = None
    #: The party whose capital the article is datelined in ("<CAPITAL>, Oct 2 -"), once read.
    dateline: str | None = None
    dateline_read: bool = False
    #: People first named with their title ("Defense Army spokesman Suren Sarumyan"), by name and surname.
    people: dict[str, str] = field(default_factory=dict)
    #: The party speaker of the latest sentences and how many sentences ago it spoke.
    recent: Speaker | None = None
    recent_age: int = 99
    #: The last source named (a party, a party's body, a monitor), and how many sentences
    #: ago it spoke; None once a source that names no one has spoken after it.
    source: Speaker | None = None
    source_age: int = 99
    #: Kept per document: the publication day (with the ``published`` and ``tz`` it was
    #: made for), the brokers and the dates read in truce mentions' windows (``truces``).
    pub_day_kept: tuple[tuple[datetime, str], date] | None = field(default=None, repr=False)
    broker_codes: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    window_dates: dict[str, tuple[TimeMention, ...]] = field(default_factory=dict, repr=False)

    @property
    def pub_day(self) -> date:
        """The publication day in the zone (read by many rules: kept per ``published`` and ``tz``)."""
        key = (self.published, self.tz)
        kept = self.pub_day_kept
        if kept is None or kept[0] != key:
            kept = self.pub_day_kept = (key, self.published.astimezone(parse_tz(self.tz)).date())
        return kept[1]

    def default_time(self) -> OccurredTime:
        return self.narrative or publication_day(self.published, self.tz)


_GATE: Final = KeywordGate()


def keywords(words: tuple[str, ...]) -> frozenset[str]:
    """``words`` as the set ``Sentence.has`` takes, registered with the sentence's keyword scan.

    Made once per word list, at import: ``has`` then costs one set operation, not a
    lookup of the list.
    """
    return _GATE.wordset(words)


#: The keyword scan of a sentence not yet scanned: no version of the gate.
_UNSCANNED: Final[tuple[int, frozenset[str]]] = (-1, frozenset())


class Sentence:
    """One sentence of the cleaned text; actors, dates and clock times are found on first use.

    What is found is kept on the sentence: its fields are set once, and every property reads
    a function of them (and of the conflict pack in use).
    """

    def __init__(self, text: str, start: int, end: int, published: datetime, tz: str) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.published = published
        self.tz = tz
        #: The keyword scan ``has`` made (the gate's version and the keywords present).
        self.keywords_seen = _UNSCANNED
        self._body: str | None = None
        self._low: str | None = None
        self._actors: tuple[ActorMention, ...] | None = None
        self._names_capital: bool | None = None
        self._dates: tuple[TimeMention, ...] | None = None
        self._clocks: tuple[tuple[int, int, int, int, int | None, str], ...] | None = None
        self._event_clocks: tuple[tuple[int, int, int, int, int | None, str], ...] | None = None
        self._event_dates: tuple[TimeMention, ...] | None = None
        self._speech_dates: tuple[TimeMention, ...] | None = None
        #: Kept for other modules' readers: ``own_time``'s times by position and story day,
        #: the places (``claims.places_in``), the strong attack words
        #: (``claims._strong_matches``) and the truce mentions (``truces._mentions``).
        self.own_times: (
            dict[tuple[int | None, datetime, str, str | None], tuple[OccurredTime | None, bool]]
            | None
        ) = None
        self.places: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self.strong: list[re.Match[str]] | None = None
        self.mentions: list[re.Match[str]] | None = None

    def __repr__(self) -> str:
        return f"Sentence({self.body!r}, {self.start}, {self.end})"

    @property
    def body(self) -> str:
        """The sentence's own text (read often: sliced once)."""
        if self._body is None:
            self._body = self.text[self.start : self.end]
        return self._body

    @property
    def low(self) -> str:
        """The sentence lower-cased, for cheap keyword gates before the regexes run."""
        if self._low is None:
            self._low = self.body.lower()
        return self._low

    def has(self, words: frozenset[str]) -> bool:
        """True when any of ``words`` (a set made by ``keywords``) occurs in the lower-cased
        sentence."""
        seen = self.keywords_seen
        if seen[0] != _GATE.state[0]:
            seen = self.keywords_seen = _GATE.present(self.low)
        return not words.isdisjoint(seen[1])

    @property
    def actors(self) -> tuple[ActorMention, ...]:
        if self._actors is None:
            self._actors = tuple(find_actors(self.text, self.start, self.end))
        return self._actors

    @property
    def names_capital(self) -> bool:
        """Whether "in <capital>" is written in the sentence (the pack's dateline cities)."""
        if self._names_capital is None:
            low = self.low
            cities = active().word("en", "dateline_cities")
            self._names_capital = any(f"in {city}" in low for city in cities)
        return self._names_capital

    @property
    def dates(self) -> tuple[TimeMention, ...]:
        if self._dates is None:
            self._dates = tuple(
                find_dates(self.text, self.start, self.end, self.published, self.tz)
            )
        return self._dates

    @property
    def clocks(self) -> tuple[tuple[int, int, int, int, int | None, str], ...]:
        if self._clocks is None:
            self._clocks = tuple(find_clock(self.text, self.start, self.end, self.tz))
        return self._clocks

    @property
    def event_dates(self) -> tuple[TimeMention, ...]:
        """Dates that can date an event: not years, future days, truce or "since" dates."""
        if self._event_dates is None:
            self._event_dates = tuple(
                tm
                for tm in self.dates
                if tm.kind != "year"
                and tm.time.date is not None
                and not in_future(tm.time, self.published, self.tz)
                and not may_match(
                    self.text[max(self.start, tm.start - 70) : tm.start], _SINCE, _SINCE_WORDS
                )
                and not _NAMES_TRUCE.match(self.text, tm.end, self.end)
                and not self.truce_time(tm.start)
                and not _CONVERTED.search(self.text, max(self.start, tm.start - 16), tm.start)
                and not _BUILT_ON.search(self.text, max(self.start, tm.start - 16), tm.start)
                and not (
                    tm.kind == "relative"
                    and _BY_DAY.search(self.text, max(self.start, tm.start - 4), tm.start)
                    and _WILL_AFTER.match(self.text, tm.end, self.end)
                )
            )
        return self._event_dates

    def truce_time(self, start: int) -> bool:
        """Whether the time written at ``start`` is when a truce came into force."""
        return may_match(self.text[max(self.start, start - 60) : start], _IN_FORCE, _IN_FORCE_WORDS)

    @property
    def event_clocks(self) -> tuple[tuple[int, int, int, int, int | None, str], ...]:
        """Clock times that can time an event: not the hour a truce came into force."""
        if self._event_clocks is not None:
            return self._event_clocks
        clocks = self.clocks
        if clocks and any(self.truce_time(c[0]) for c in clocks):
            clocks = tuple(c for c in clocks if not self.truce_time(c[0]))
        if len(clocks) > 1:
            # "at 02:00 [local time] on <day> [2200GMT <day before>]": the time in brackets
            # after another is the same instant in another zone
            clocks = tuple(
                c
                for i, c in enumerate(clocks)
                if not (
                    i
                    and c[0] - clocks[i - 1][1] < 60
                    and _CONVERSION_OPENS.search(self.text, max(self.start, c[0] - 2), c[0])
                )
            )
        self._event_clocks = clocks
        return clocks

    @property
    def speech_dates(self) -> tuple[TimeMention, ...]:
        """Event dates that date a statement ("said on Monday"), not what it reports."""
        if self._speech_dates is None:
            self._speech_dates = tuple(
                tm
                for tm in self.event_dates
                if _SPEECH_DATE.search(self.text[max(self.start, tm.start - 30) : tm.start])
                or _SPEECH_AFTER_DATE.match(self.text, tm.end, self.end)
            )
        return self._speech_dates

    @classmethod
    def build(cls, text: str, start: int, end: int, published: datetime, tz: str) -> Sentence:
        return cls(text, start, end, published, tz)


def content_dates(sent: Sentence, ctx: DocContext, pos: int | None = None) -> list[TimeMention]:
    """Dates of the events a sentence reports: not years, truce dates, "since" dates, future days."""
    usable = list(sent.event_dates)
    if len(usable) > 1 and sent.has(_HAPPENED_WORDS):
        # "On <weekday>, X denied ... an incident Y says took place on <date>"
        told = [
            tm
            for tm in usable
            if _HAPPENED.search(sent.text, max(sent.start, tm.start - 40), tm.start) is not None
        ]
        if told:
            return told
    if len(usable) > 1:
        # "On <weekday>, ... erupted earlier in the day": the day the sentence names
        named = [tm for tm in usable if not _SAME_DAY.fullmatch(tm.time.expression)]
        usable = named or usable
    if len(usable) > 1:
        content = [tm for tm in usable if tm not in sent.speech_dates]
        usable = content or usable
    elif usable and _told_after(usable[0], sent, ctx):
        return []  # "the ministry confirmed on Monday that ...": Sunday's incident, told later
    return usable


#: The day of the incident itself, told with its verb: "which occurred on the night of <day>".
_HAPPENED: Final = re.compile(r"\b(?:happened|occurred|took place)\s+(?:[\w-]+\s+){0,4}$", re.I)
_HAPPENED_WORDS: Final = keywords(("happened", "occurred", "took place"))


def _told_after(tm: TimeMention, sent: Sentence, ctx: DocContext) -> bool:
    """Whether the one date of a sentence dates its statement, a day or a few after the
    incident the story is about: the statement then reports that incident."""
    told = tm.time.date
    story = ctx.narrative.date if ctx.narrative is not None else None
    if not story or not told or len(told) != 10 or len(story) != 10 or tm not in sent.speech_dates:
        return False
    if 0 < (date.fromisoformat(told) - date.fromisoformat(story)).days <= 3:
        # "On <day>, <capital> reported a new attack": another incident, of the day told
        low = sent.low  # "renewed" holds "new"
        new = "new" in low or "another" in low or "fresh" in low
        return not (new and _NEW_INCIDENT.search(sent.text, sent.start, sent.end))
    return False


#: An incident the text tells as another one than the story's: "a new attack", "fresh shelling".
_NEW_INCIDENT: Final = re.compile(
    r"\b(?:new|another|fresh|renewed)\s+(?:[\w-]+\s+)?(?:attacks?|shelling|provocations?|"
    r"offensives?|assaults?|clash(?:es)?|incidents?|violations?|fire|strikes?)\b",
    re.I,
)


def own_time(
    sent: Sentence, ctx: DocContext, pos: int | None = None
) -> tuple[OccurredTime | None, bool]:
    """The time the sentence itself gives for its events, and whether it is background.

    A function of the sentence, ``pos`` and the publication time alone: kept on the sentence.
    """
    kept: (
        dict[tuple[int | None, datetime, str, str | None], tuple[OccurredTime | None, bool]] | None
    )
    kept = sent.own_times
    if kept is None:
        kept = sent.own_times = {}
    key = (pos, ctx.published, ctx.tz, ctx.narrative.date if ctx.narrative is not None else None)
    found = kept.get(key)
    if found is None:
        found = kept[key] = _own_time(sent, ctx, pos)
    return found


#: A time within the day a sentence names elsewhere ("On <weekday>, ... earlier in the day").
_SAME_DAY: Final = re.compile(r"(?:earlier|later)\s+in\s+the\s+day", re.I)


def _own_time(sent: Sentence, ctx: DocContext, pos: int | None) -> tuple[OccurredTime | None, bool]:
    best: TimeMention | None = None
    usable = content_dates(sent, ctx, pos)
    for tm in usable:
        if tm.kind == "year" or tm.time.date is None:
            continue
        if in_future(tm.time, ctx.published, ctx.tz):
            continue
        if (
            best is None
            or (best.time.precision != "day" and tm.time.precision == "day")
            or (
                pos is not None
                and tm.time.precision == "day"
                and abs(tm.start - pos) < abs(best.start - pos)
            )
        ):
            best = tm
    if best is None:
        return None, False
    background = False
    if (
        may_match(sent.text[sent.start : best.start], _BACKGROUND, _BACKGROUND_WORDS)
        and best.time.date
        and len(best.time.date) == 10
    ):
        background = date.fromisoformat(best.time.date) < ctx.pub_day - timedelta(days=5)
    ot = best.time
    if ot.precision == "day" and sent.event_clocks:
        clock = min(sent.event_clocks, key=lambda c: abs(c[0] - best.start))
        if abs(clock[0] - best.start) < 80:
            ot = with_clock(ot, clock[2], clock[3], clock[4], ctx.tz, clock[5])
    return ot, background


def event_time(sent: Sentence, ctx: DocContext, pos: int | None = None) -> OccurredTime:
    """The occurred time for claims in this sentence: its own (nearest ``pos``), else the narrative date."""
    ot, _ = own_time(sent, ctx, pos)
    if ot is not None:
        return ot
    base = ctx.default_time()
    if base.precision == "day" and sent.event_clocks:
        c = sent.event_clocks[0]
        return with_clock(base, c[2], c[3], c[4], ctx.tz, c[5])
    return base


_EVENTFUL: Final = re.compile(
    r"\b(?:shell\w*|bomb\w*|attack\w*|fir(?:e|ed|ing)|gunfire|strikes?|struck|clash\w*|fighting|hostilities|offensive|"
    r"escalation|operations?|killed|wounded|injured|deaths?|died|violat\w+|explosions?|assault\w*|battles?|"
    r"(?:armed|border)\s+incidents?|shootings?|ambush\w*|dead|skirmish\w*|shoot-?outs?|firefights?|"
    r"shot|pound(?:ed|ing)|targeted|hurt|lost (?:his|her|their) li(?:fe|ves))\b",
    re.I,
)
#: What ``_EVENTFUL`` must find in a sentence before it is tried.
_EVENTFUL_WORDS: Final = keywords(
    tuple(
        "shell bomb attack fir strike struck clash fighting hostilities offensive escalation "  # noqa: SIM905
        "operation killed wounded injured death died violat explosion assault battle incident shooting "
        "ambush dead skirmish shootout shoot-out firefight shot pound target hurt lost".split()
    )
)


def advance(sent: Sentence, ctx: DocContext) -> None:
    """Move the narrative date forward when the sentence dates fighting it reports."""
    if not sent.has(_EVENTFUL_WORDS) or not sent.dates:
        return
    low = lower_ascii(sent.text)
    event = on_ascii(lowered(_EVENTFUL), low).search(low, sent.start, sent.end)
    if event is None:
        return
    ot, background = own_time(sent, ctx)
    if len(sent.dates) > 1:  # with one date written, the day nearest the fighting is that one
        near, near_background = own_time(sent, ctx, event.start())
        if _nearer_day(sent, ot, near):
            # the day written nearest the fighting: "disinformation on 31 August ..., on
            # 1 September ... opened fire" goes on from 1 September (a range stays at its start)
            ot, background = near, near_background
    if ot is not None and ot.precision == "day" and ot.date and len(ot.date) == 10:
        ot = _later_day(sent, ctx, ot)
    if (
        ot is not None
        and not background
        and ot.precision in ("minute", "hour", "day")
        and ot.start is not None
    ):
        ctx.narrative = OccurredTime(
            ot.date[:10] if ot.date else None, "day", ot.expression, ot.start, ot.end
        )
        if low.find("til", sent.start, sent.end) >= 0:  # "until", "till"
            _into_next_day(sent, ctx, low)


#: Fighting that went on into the next day: "... fired on the town from late on <weekday>,
#: and the barrage went on until the next morning".
_UNTIL_NEXT: Final = re.compile(
    r"\b(?:until|till)\s+(?:the\s+)?(?:next|following)\s+(?:morning|day)\b"
)


def _into_next_day(sent: Sentence, ctx: DocContext, low: str) -> None:
    """The story goes on from the day after the narrative day when the fighting the sentence
    dates went on until the next morning (never past publication)."""
    day = ctx.narrative
    if day is None or day.start is None or day.end is None or day.date is None:
        return
    if _UNTIL_NEXT.search(low, sent.start, sent.end) is None:
        return
    nxt = date.fromisoformat(day.date) + timedelta(days=1)
    if nxt > ctx.pub_day:
        return
    ctx.narrative = OccurredTime(
        nxt.isoformat(),
        "day",
        day.expression,
        day.start + timedelta(days=1),
        day.end + timedelta(days=1),
    )


def _nearer_day(sent: Sentence, first: OccurredTime | None, near: OccurredTime | None) -> bool:
    """Whether ``near`` is another day than ``first``, not the end of a range from it."""
    if first is None or near is None or first.date == near.date:
        return False
    a = next((tm for tm in sent.dates if tm.time.date == first.date), None)
    b = next((tm for tm in sent.dates if tm.time.date == near.date), None)
    if a is None or b is None or b.start <= a.end:
        return False
    return not _RANGE.search(sent.text, a.end, b.start)


def _later_day(sent: Sentence, ctx: DocContext, ot: OccurredTime) -> OccurredTime:
    """ "On 26 October and overnight into 27 October": the story goes on from the later day
    (a range "from 24 to 25 March" stays at its start)."""
    dated = [
        tm
        for tm in content_dates(sent, ctx, None)
        if tm.time.precision == "day"
        and tm.time.date
        and len(tm.time.date) == 10
        and not in_future(tm.time, ctx.published, ctx.tz)
    ]
    dated = written_days(sent, dated)
    first = next((tm for tm in dated if tm.time.date == ot.date), None)
    if first is None:
        return ot
    for tm in dated:
        between = sent.text[first.end : tm.start]
        if (
            tm.start > first.end
            and (tm.time.date or "") > (ot.date or "")
            and len(between) <= 40
            and _AND_NOT_RANGE.search(between)
            and not _RANGE.search(between)
        ):
            ot = tm.time
    return ot


def written_days(sent: Sentence, dated: list[TimeMention]) -> list[TimeMention]:
    """Day mentions without a relative word that a written date right after it names:
    in "overnight into 13 May" the day is 13 May, not the night before publication."""
    out = []
    for n, tm in enumerate(dated):
        nxt = dated[n + 1] if n + 1 < len(dated) else None
        if (
            nxt is not None
            and not any(ch.isdigit() for ch in sent.text[tm.start : tm.end])
            and any(ch.isdigit() for ch in sent.text[nxt.start : nxt.end])
            and 0 <= nxt.start - tm.end <= 20
        ):
            continue
        out.append(tm)
    return out


_AND_NOT_RANGE: Final = re.compile(r"\band\b", re.I)
_RANGE: Final = re.compile(r"\b(?:to|until|till|through)\b|[-–]", re.I)


#: Head words of a generic mention and the words a named mention must contain to be meant by it.
_HEADS: Final[tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]] = (
    (
        re.compile(r"defen[cs]e ministry|ministry of defen[cs]e", re.I),
        re.compile(r"defen[cs]e|\bMoD\b", re.I),
    ),
    (
        re.compile(r"foreign ministry|ministry of foreign", re.I),
        re.compile(r"foreign|\bMFA\b", re.I),
    ),
    (
        # "the health ministry said": the health ministry named before, no other ministry
        re.compile(r"health ministry|ministry of health", re.I),
        re.compile(r"health", re.I),
    ),
    (re.compile(r"ministry", re.I), re.compile(r"ministry|\bMoD\b|\bMFA\b", re.I)),
    (re.compile(r"prosecutor|office", re.I), re.compile(r"prosecutor|office", re.I)),
    (
        # "the Human Rights Defender said": the ombudsman named before
        re.compile(r"ombudsman|defender", re.I),
        re.compile(r"ombudsman|human rights defender", re.I),
    ),
    (re.compile(r"spokes|press", re.I), re.compile(r"spokes|press|ministry", re.I)),
    # "the service said": the service named before ("the country's State <Name> Service")
    (re.compile(r"^the service$", re.I), re.compile(r"\bservice\b", re.I)),
    # "the bulletin said": the body that issued it, named before
    (
        re.compile(r"bulletin", re.I),
        re.compile(r"ministry|\bMoD\b|command|contingent|peacekeep", re.I),
    ),
    # "the embassy noted": the embassy named before ("<adjective> embassy in <capital>")
    (re.compile(r"embassy", re.I), re.compile(r"embassy", re.I)),
    (
        # "the head of state wrote": the president named before, by name
        re.compile(r"head of state|president", re.I),
        re.compile(
            r"^(?!.*(?:ministry|office|service|forces|army|government))[A-Z][a-z]+ [A-Z][a-z]+$"
        ),
    ),
    (
        re.compile(r"^(?:he|she)$", re.I),
        re.compile(
            r"^(?!.*(?:ministry|office|service|forces|army|government)).*(?:[A-Z][a-z]+yan|[A-Z][a-z]+ov|[A-Z][a-z]+ev|spokes|minister|president|aide|adviser|advisor|secretary|ombudsman|leader|envoy|[A-Z][a-z]+)$"
        ),
    ),
    (
        re.compile(r"^it$", re.I),
        re.compile(
            r"ministry|office|service|command|headquarters|council|committee|government|army|forces|MoD|MFA",
            re.I,
        ),
    ),
)


_ANY_PARTY_BODY: Final = re.compile(r".")
_SPOKES_FOR: Final = re.compile(r"\bspokes(?:man|woman|person)\s+(?:for|of)\s+(?:the\s+)?$", re.I)


def _named_before(ctx: DocContext, pos: int, want: re.Pattern[str]) -> tuple[str, str] | None:
    """The latest party body or person named before ``pos`` whose words match ``want``.

    Sentences are read for names newest first and only as far back as needed.
    """
    starts = sorted((s for s in ctx.unread if s < pos), reverse=True)
    known = sorted((p for p in ctx.named if p < pos), reverse=True)
    i = 0
    for start in [*starts, -1]:
        while i < len(known) and known[i] >= start:
            code, words = ctx.named[known[i]]
            if want.search(words):
                return code, words
            i += 1
        if start < 0:
            break
        sent = ctx.unread.pop(start)
        hit: tuple[str, str] | None = None
        for a in sent.actors:
            spokes = (
                "spokes" in sent.low
                and is_party(a.code)
                and _SPOKES_FOR.search(sent.text, max(sent.start, a.start - 30), a.start)
                is not None
            )
            if spokes or (a.kind == "org" and a.code not in ("?", "unattributed")):
                # "a spokesperson for <country>'s top military agency": "the spokesperson"
                # later is that party's
                words = "spokesperson for " + a.text if spokes else a.text
                ctx.named.setdefault(a.start, (a.code, words))
                if a.start < pos and want.search(words):
                    hit = (a.code, words)
        if hit is not None:
            return hit
    return None


_FIRES: Final = re.compile(
    r"(?:\s+[\w-]+){0,3}?\s+(?:opened fire|open fire|opens fire|fired|shelled|attacked|launched|struck|violated|"
    r"subjected|targeted|bombed|used|shelling|firing|attacking|bombing|targeting)\b",
    re.I,
)


#: A party whose possessive governs an attack: "<adjective> armed forces' shelling".
_ITS_ATTACK: Final = re.compile(
    r"(?:['\u2019]s?)\s+(?:[a-z-]+\s+)?(?:shelling|shells|fire|gunfire|strikes?|attacks?|bombardment|"
    r"aggression|provocations?|offensive|missiles?|rockets?)\b",
    re.I,
)
#: A party called the enemy as it is named: "the leadership of aggressor <country>", "the
#: occupying <country>" is the party the body accuses, not its own.
_ENEMY_NAMED: Final = re.compile(r"\b(?:aggressor|occupying|occupier|enemy)\s+$", re.I)
_BY_BEFORE: Final = re.compile(r"\bby (?:the )?$")


def _own_party(sent: Sentence, m: ActorMention) -> tuple[str, str] | None:
    """A party body named without its country, first in the text: the one party the sentence
    names that is not firing ("<country>'s positions came under fire ..., the ministry said")."""
    if not _DOMESTIC_HEAD.search(m.text):
        return None
    sides: dict[str, str] = {}
    for a in sent.actors:
        if not is_party(a.code) or a is m:
            continue
        before = sent.text[max(sent.start, a.start - 12) : a.start]
        if (
            a.kind == "agent"
            or _BY_BEFORE.search(before)
            or _ENEMY_NAMED.search(before)
            or _FIRES.match(sent.text, a.end, sent.end)
            or _ITS_ATTACK.match(sent.text, a.end, sent.end)
        ):
            continue  # "shelling by the <forces>", "aggressor <country>": the side firing
        sides.setdefault(str(side_of(a.code)), a.code)
    if len(sides) == 1:
        return next(iter(sides.values())), m.text
    return None


#: A dateline city (the pack's ``dateline``, its group ``city``) opening a line.
_DATELINE: Final = PackPattern(
    lambda pack: (
        r"(?m)^[ \t]*"
        + pack.word("en", "dateline")
        + r"(?=\s*,\s*(?:[A-Z][a-z]+|[A-Z]{3,}|\d)|\s*\(|\s*/\s*[A-Za-z]|\s+[-\u2013\u2014]\s)"
    )
)


def _dateline(text: str, ctx: DocContext) -> str | None:
    """The party whose capital the article is datelined in, from its first lines."""
    if not ctx.dateline_read:
        ctx.dateline_read = True
        m = _DATELINE.search(text, 0, min(len(text), 800))
        cities = active().word("en", "dateline_cities")
        ctx.dateline = cities[m.group("city").lower()] if m else None
    return ctx.dateline


_DOMESTIC_HEAD: Final = re.compile(
    r"ministry|office|prosecutor|ombudsman|government|authorities|officials", re.I
)


#: A capital named right before or after an unnamed body: "In <capital>, authorities said",
#: "officials in <capital> said".
_IN_CITY_BEFORE: Final = re.compile(
    r"\b[Ii]n ([A-Z][a-z]+)(?:\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?,?\s+(?:the\s+)?$"
)
_IN_CITY_AFTER: Final = re.compile(r"\s+in ([A-Z][a-z]+)\b")


def _seated_in_capital(sent: Sentence, m: ActorMention) -> str | None:
    """The party whose capital (the pack's dateline cities) seats a body named without its
    country: "In <capital>, authorities said ...", "officials in <capital> said ..."."""
    if not sent.names_capital or not (_DOMESTIC_HEAD.search(m.text) or m.text == "they"):
        return None
    lo = max(sent.start, m.start - 50)
    city = _IN_CITY_BEFORE.search(sent.text, lo, m.start)
    if city is None and sent.text.startswith(" in ", m.end):
        city = _IN_CITY_AFTER.match(sent.text, m.end, sent.end)
    if city is None:
        return None
    code: str | None = active().word("en", "dateline_cities").get(city.group(1).lower())
    return code


def note_named(sent: Sentence, ctx: DocContext) -> None:
    """Remember the bodies and people the sentence names, for later "the ministry said"."""
    ctx.unread.setdefault(sent.start, sent)


def _resolve(m: ActorMention, ctx: DocContext, sent: Sentence) -> tuple[str, str] | None:
    if m.kind == "generic":
        if m.text.lower().startswith("the country's"):
            hits = list(_NATION.finditer(sent.text, sent.start, m.start))
            # "... as a result of Armenian shelling, the country's ministry": the nation that
            # fired is not the country the sentence is about, when another is named.
            hosts = [h for h in hits if not _FIRING_NOUN.match(sent.text, h.end())]
            # "<adjective> army repelled attacks by <country>, said the country's ministry":
            # the agent after "by" is not the country the ministry speaks for either
            unfired = [h for h in hits if not _BY_AGENT.search(sent.text, h.start() - 9, h.start())]
            hits = [h for h in hosts if h in unfired] or unfired or hits
            if hits:
                return _nation_codes()[hits[-1].lastgroup or ""], m.text
        pronoun = m.text.lower() in ("he", "she", "it", "they")
        # "In <capital>, authorities said", "in <capital> and <region> they deny"
        seated = _seated_in_capital(sent, m) if not pronoun or m.text == "they" else None
        if seated is not None:
            return seated, m.text  # "In <capital>, authorities said": that capital's side
        if pronoun and ctx.recent is not None and ctx.recent_age <= 2:
            return ctx.recent.code, m.text  # "It said ...": the speaker of the last sentences
        for head, want in _HEADS:
            if head.search(m.text):
                recent = ctx.recent
                if recent is not None and ctx.recent_age <= 3 and want.search(recent.text):
                    return recent.code, m.text  # the body speaking in the last sentences
                named = _named_before(ctx, m.start, want)
                if named is not None:
                    return named[0], m.text
                break
        if _DOMESTIC_HEAD.search(m.text) and not pronoun:
            home = _dateline(sent.text, ctx)
            if home is not None:
                return home, m.text  # "<CAPITAL>, 5 May ... the Defence Ministry said"
        if ctx.last_speaker is None:
            own = _own_party(sent, m)
            if own is None and _DOMESTIC_HEAD.search(m.text):
                return "unattributed", m.text  # a body of some party: its victims tell which
            return own
        if _DOMESTIC_HEAD.search(m.text) and not pronoun:
            # "<aide of A> said <B's> forces fired ... and the prosecutor's office said":
            # no body of its kind was named before, so the one party the sentence names that
            # is not firing is its home, not whoever spoke last
            own = _own_party(sent, m)
            if own is not None:
                return own
        return ctx.last_speaker.code, m.text
    if m.kind == "media":
        # A news agency relays a party's statement: the claim is the party's, else the writer's.
        last = ctx.recent or ctx.last_speaker
        if last is not None and is_party(last.code):
            return last.code, m.text
        party = _named_before(ctx, m.start, _ANY_PARTY_BODY)
        if party is not None and is_party(party[0]):
            return party[0], m.text
        return "unattributed", m.text
    if m.kind == "agent":
        return None
    return m.code, m.text


#: What a speech cue's words call for (``cue_kind``), kept per cue word.
_NOUN_CUE, _INFORMED_CUE, _READS_CUE, _ALLEGED_CUE, _SOURCE_CUE, _VERB_CUE = range(6)
_CUE_KINDS: Final[dict[str, int]] = {}


def cue_kind(word: str) -> int:
    """What a speech cue's words call for: a check that they are not a noun ("reports"), a
    passive ("informed"), a verb of a document ("reads") or an adjective ("alleged"), or
    the source after them ("according to", "as per", "quoted by")."""
    if word in ("reports", "claims", "estimates", "states", "report", "claim", "detailed"):
        return _NOUN_CUE
    if word in ("informed", "informs"):
        return _INFORMED_CUE
    if word in ("reads", "read"):
        return _READS_CUE
    if word in ("alleged", "claimed"):
        return _ALLEGED_CUE  # "the claimed goal of ...": an adjective, as "alleged" may be
    if word.lower() in (
        "according to",
        "as per",
        "citing",
        "quoting",
        "referring to",
        "with reference to",
        "learned from",
        "learnt from",
    ) or word.endswith(" by"):
        return _SOURCE_CUE
    return _VERB_CUE


#: A statement's details given impersonally: "It is specified that ...", "It was noted that ...".
_IMPERSONAL: Final = re.compile(
    r"\W*It (?:is|was|has been) (?:also )?(?:specified|noted|stressed|emphasi[sz]ed|added|clarified|"
    r"underlined|stated|indicated|pointed out) that\b"
)


def _impersonal(sent: Sentence, ctx: DocContext) -> Speaker | None:
    """The source that spoke in the last sentences, for a sentence that gives more of what it
    said impersonally ("It is specified that ..."): the statement goes on."""
    last = ctx.last_speaker
    if last is None or last.cue_start < 0 or not sent.text.startswith("It ", sent.start):
        return None
    if sent.start - last.cue_start > 600 or _IMPERSONAL.match(sent.text, sent.start) is None:
        return None
    return Speaker(last.code, last.text, "carried", sent.start)


#: What opens ``SPEECH`` read as a look-behind: its ``\b`` before the first letter of a cue.
_NO_WORD_BEFORE: Final = r"(?<![\w])"


@lru_cache(maxsize=1)
def _speech_scans() -> tuple[
    tuple[re.Pattern[str], re.Pattern[str]], tuple[re.Pattern[str], re.Pattern[str]]
]:
    """``SPEECH`` split for ``split_scan`` and the ``ascii_copy`` of each part (by
    ``reads_ascii``): every cue opens and ends with a letter, so its opening ``\\b`` is
    ``(?<![\\w])``, and a cue ends with a word character."""
    assert SPEECH.pattern.startswith("\\b(?:")
    behind = re.compile(_NO_WORD_BEFORE + SPEECH.pattern.removeprefix("\\b"), SPEECH.flags)
    first, rest = look_behind_split(behind, _NO_WORD_BEFORE)
    return (first, rest), (ascii_copy(first), ascii_copy(rest))


def speakers(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    """Every attributed statement in the sentence, in order of its cue."""
    out: list[Speaker] = []
    reports: list[int] = []  # where victims are "reported" in the passive, with no one named
    body_start = sent.start
    if ctx.current is None or sent.start > ctx.current.start:
        ctx.previous, ctx.current = ctx.current, sent
    note_named(sent, ctx)
    impersonal = _impersonal(sent, ctx)
    if impersonal is not None:
        return [impersonal]
    if not sent.has(SPEECH_WORDS):
        return _elsewhere(sent, ctx)
    text = sent.text
    first, rest = _speech_scans()[reads_ascii(text)]
    for cue in split_scan(first, rest, text, sent.start, sent.end):
        word = cue.group(1)
        kind = _CUE_KINDS.get(word)
        if kind is None:
            kind = _CUE_KINDS[word] = cue_kind(word)
        cs, ce = cue.span(1)
        if word in _BY_CUES and text.startswith(" by ", ce):
            # "..., as reported by <body>": the cue's longer form, which its shorter
            # alternative written first hides; the source is the one after "by"
            word, ce, kind = word + " by", ce + 3, _SOURCE_CUE
        if kind == _NOUN_CUE and _NOUN_USE.search(text[max(sent.start, cs - 20) : cs]):
            continue
        if kind == _INFORMED_CUE and _BEEN.search(text, max(sent.start, cs - 12), cs):
            continue  # "the command has been informed of the violation": told, not telling
        if (
            word == "reported"
            and _REPORTED_HURT.match(text, ce, sent.end)
            and _BEEN.search(text, max(sent.start, cs - 12), cs)
        ):
            reports.append(cs)  # "four civilians were reported dead": nobody named reports it
            continue
        if (
            word in _PARTICIPLE_CUES
            and _EVENT_PARTICIPLE.search(text, max(sent.start, cs - 14), cs)
            and not text.startswith(" that", ce)
        ):
            continue  # "six soldiers wounded in skirmishes reported on Thursday": no speaker
        if (
            word in _PARTICIPLE_CUES
            and _BEEN.search(text, max(sent.start, cs - 12), cs)
            and not text.startswith((" by", " that"), ce)
        ):
            continue  # "after the truce had been announced": nobody named announces it
        if word.startswith("claim") and _CLAIMED_LIVES.match(text, ce, sent.end):
            continue  # "fighting broke out ..., claiming about N lives": a toll, no statement
        if kind == _READS_CUE and not _READS.search(text, max(sent.start, cs - 30), cs):
            continue  # only a document reads: "the statement reads", "the message read"
        if kind == _ALLEGED_CUE and _ALLEGED_ADJ.search(text, max(sent.start, cs - 12), cs):
            continue  # "<army>'s alleged shelling": a claim about them, not theirs
        if (
            word in _TRUCE_PARTICIPLES
            and _TRUCE_AFTER.match(text, ce, sent.end)
            and _ALLEGED_ADJ.search(text, max(sent.start, cs - 12), cs)
        ):
            continue  # "despite the declared ceasefire": the truce's attribute, no statement
        found: tuple[str, str] | None = None
        if word in ("referring to", "with reference to") and not _REPORTS_BEFORE.search(
            text, max(sent.start, cs - 30), cs
        ):
            continue  # only a report refers to its source: "<agency> reports referring to X"
        if _RELAYED.match(text, ce, sent.end):
            continue  # "Trend reports citing the ministry": the ministry speaks
        if kind == _VERB_CUE and passive_accusation(text, cs, ce, sent.start):
            if not text.startswith(" by ", ce):
                continue  # "<army> was accused of shelling": nobody named accuses
            kind = _SOURCE_CUE  # "<army> was accused by <country> of ...": the one after "by"
        if kind == _SOURCE_CUE:
            word = "according to"
            if _WHICH.match(text, ce, sent.end):
                # "the statement of <body> according to which ...": the body that stated it
                owner = [a for a in sent.actors if cs - 80 <= a.end <= cs and a.kind != "agent"]
                res = _resolve(owner[-1], ctx, sent) if owner else None
                if res is not None:
                    out.append(Speaker(res[0], res[1], word, cs))
                continue
            reach, author = ce + 40, ce
            if text.startswith(
                (" a", " the", " information", " data", " figures", " official"), ce
            ):
                doc = _DOCUMENT_BY.match(text, ce, sent.end)
                if doc is not None:  # "according to a report by the <region>'s army"
                    # its author, not the document ("the bulletin of the <body>")
                    reach, author = doc.end() + 50, doc.end()
            after = [
                a
                for a in sent.actors
                if author <= a.start <= reach
                and a.kind != "agent"
                and "," not in text[ce : a.start]  # "according to data, the army"
            ]
            if after:
                found = _resolve(after[0], ctx, sent)
            elif (
                _PRONOUN_SOURCE.match(text, ce, sent.end)
                and ctx.recent is not None
                and ctx.recent_age <= 2
            ):
                found = (
                    ctx.recent.code,
                    ctx.recent.text,
                )  # "According to it, ...": the last speaker
            else:  # "according to estimates": a source, not a party
                found = ("unattributed", text[ce : ce + 40].strip())
        else:
            left = [
                a
                for a in sent.actors
                if body_start <= a.end <= cs
                and a.kind != "agent"
                and (a.kind != "country" or not _object_position(sent, a))
            ]
            seg = _trailing_segment(sent, left[-1].end if left else sent.start, cs)
            comma = text.rfind(",", max(sent.start, cs - 80), cs)
            if comma >= 0 and media_segment(text[comma + 1 : cs].strip()):
                continue  # ", ARKA News Agency reported": a relay, the statement is another's
            named = (  # read only when it can name someone remembered
                _NAME_BEFORE.search(text, max(sent.start, cs - 40), cs)
                if ctx.people and not seg
                else None
            )
            opening = text[sent.start : cs].strip() if ctx.people else ""
            if seg:
                found = (ctx.people.get(seg, "unattributed"), seg)
            elif opening in ctx.people:
                found = (ctx.people[opening], opening)  # "<Surname> added ..." opens the sentence
            elif named is not None and named.group(1) in ctx.people:
                found = (ctx.people[named.group(1)], named.group(1))  # '...", Sarumyan said'
            elif (person := _person_before(sent, cs)) and not (
                left and left[-1].end > sent.start + person.start()
            ):
                found = ("unattributed", person.group("name"))  # "<First> <Last>, an MP, says"
            elif left and out and _PRONOUN_SUBJECT.search(text, left[-1].end, cs) is not None:
                found = (out[-1].code, out[-1].text)  # "..., where it claimed": the same speaker
            elif (
                left
                and _QUOTE_CLOSED.search(text, max(sent.start, cs - 4), cs)
                and (after_quote := _subject_after(sent, ce)) is not None
            ):
                found = _resolve(after_quote, ctx, sent)  # '"... the peacekeepers," stated X'
            elif left and (subject := _before_aside(text, left, cs)) is not None:
                found = _resolve(subject, ctx, sent)  # "X, in turn, said": X speaks
            elif (
                left
                and not word.endswith("ing")  # ", alleging <forces> fired": no inversion
                and _COMMA_CUE.search(text, max(sent.start, cs - 3), cs)
                and (inverted := _subject_after(sent, ce)) is not None
                and text[ce : inverted.start].strip() in ("", "the", "The")
            ):
                # "... attacks by <country>, said the country's ministry": the subject is the
                # body after the verb, not the last party named before the comma
                found = _resolve(inverted, ctx, sent)
            elif left and out and _AND_CUE.fullmatch(text, left[-1].end, cs) is not None:
                found = (out[-1].code, out[-1].text)  # "X reported an attack from Y and said": X's
            elif (
                left
                and out
                and left[-1].start > out[-1].cue_start
                and _BUT_CUE.search(text, max(sent.start, cs - 24), cs) is not None
            ):
                # "X denied reports that Y shelled ... but instead said": the second verb is X's,
                # the party named inside the first statement is no subject of it
                found = (out[-1].code, out[-1].text)
            elif (
                left
                and out
                and word.endswith("ing")
                and text.endswith(", ", 0, cs)
                and _IN_PHRASE.search(text, max(sent.start, left[-1].start - 12), left[-1].start)
            ):
                # "X issued a statement on a violation by Y, claiming that ...": the participle
                # after the comma is the subject's, not the party named in the phrase before
                found = (out[-1].code, out[-1].text)
            elif left and cs - left[-1].end <= 160:
                if _joint(sent, left, cs):
                    continue  # "<capital> and <capital> announced": nobody's claim in particular
                found = _resolve(left[-1], ctx, sent)
            if found is None and _INVERTED.search(text, max(sent.start, cs - 4), cs):
                after = [a for a in sent.actors if ce <= a.start <= ce + 25 and a.kind != "agent"]
                if after:
                    found = _resolve(after[0], ctx, sent)
        if found is not None:
            out.append(Speaker(found[0], found[1], word, cs))
            if is_party(found[0]) and NAMED_PERSON.fullmatch(found[1]):
                # "<First> <Last> said" once tied to a party: a later "<Last> added" is theirs
                ctx.people.setdefault(found[1], found[0])
                ctx.people.setdefault(found[1].split()[1], found[0])
            if is_party(found[0]):
                for a in sent.actors:
                    if a.kind == "generic" and a.text == found[1] and a.start < cs:
                        ctx.named.setdefault(a.start, (found[0], a.text))
    _note_people(sent, ctx)
    nominal = _nominal_claims(sent, ctx)
    if nominal:
        out = sorted([*out, *nominal], key=lambda s: s.cue_start)
    for at in reports:
        if not any(s.cue_start > at and not _DENYING_CUE.match(s.cue) for s in out):
            # "... were reported dead in a strike, but <capital> denied it": the reports are
            # the writer's (no statement after them claims the victims; a denial does not)
            out = sorted([*out, Speaker("unattributed", "reports", "reported", at)], key=_cue_at)
    return out or _elsewhere(sent, ctx)


#: "claimed (claiming) the lives of N", "claiming about N lives": what a war or a strike cost,
#: not anyone's claim.
_CLAIMED_LIVES: Final = re.compile(
    r"\s+(?:the\s+lives\b|(?:[\w,.-]+\s+){1,3}(?:human\s+)?lives\b)", re.I
)


#: Victims reported in the passive: "four civilians were reported dead", "... reported killed".
_REPORTED_HURT: Final = re.compile(
    r"\s+(?:to have been\s+|as\s+)?(?:dead|killed|wounded|injured|hurt|missing)\b", re.I
)
#: The cues of a denial, which claim no victims.
_DENYING_CUE: Final = re.compile(r"den(?:y|ies|ied|ying)|reject|refut|dismiss", re.I)


def _cue_at(s: Speaker) -> int:
    return s.cue_start


def _elsewhere(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    """The speaker of a sentence without a cue of its own: named after its quotation,
    at the end of its paragraph, after its headline's dash, or at its own end."""
    return (
        _quote_speaker(sent, ctx)
        or _paragraph_speaker(sent, ctx)
        or _headline_source(sent, ctx)
        or _closing_source(sent, ctx)
        or _colon_source(sent, ctx)
    )


def _colon_source(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    """A source written before a colon: "<region>'s emergency ministry: 25 civilians dead"."""
    colon = sent.text.find(":", sent.start, min(sent.end, sent.start + 90))
    if (
        colon < 0
        or sent.text[colon - 1 : colon].isdigit()
        or not sent.text[colon - 1 : colon].isalpha()
    ):
        return []  # a clock time, not a source
    named = [a for a in sent.actors if a.end <= colon and a.kind in ("org", "generic", "country")]
    if not named or sent.text[named[-1].end : colon].strip():
        return []
    found = _resolve(named[-1], ctx, sent)
    if found is None or (found[0] == "unattributed" and not _DOMESTIC_HEAD.search(found[1])):
        return []
    # "Prosecutor General's Office: N people died": a body of some party, whose victims
    # then tell which (kept as "unattributed" with its words)
    return [Speaker(found[0], found[1], "colon", sent.start)]


#: ", the Prosecutor General's Office <verb>ed today." at the end of a sentence: the
#: source of what comes before it, whatever the verb (rare, or misspelt).
_CLOSING_SOURCE: Final = re.compile(
    r",\s*(?P<who>(?:the\s+)?[A-Z][\w'’. -]{2,70}?)\s+(?:has\s+|have\s+)?[a-z]{3,}(?:ed|s)\b"
    r"(?:\s+(?:today|yesterday|on \w+(?: \d{1,2})?|in a statement|earlier))?\s*\.?\s*$"
)


def _closing_source(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    comma = sent.text.rfind(",", max(sent.start, sent.end - 130), sent.end)
    if comma < 0:
        return []
    m = _CLOSING_SOURCE.match(sent.text, comma, sent.end)  # the source follows the last comma
    if m is None:
        return []
    lo, hi = m.start("who"), m.end("who")
    for a in find_actors(sent.text, lo, hi):
        if a.kind in ("org", "generic", "media"):
            found = _resolve(a, ctx, sent)
            if found is not None:
                return [Speaker(found[0], found[1], "closing", lo)]
    return []


_CLAIM_NOUN_WORDS: Final = keywords(
    (
        "claim",
        "allegation",
        "report",
        "statement",
        "announcement",
        "accusation",
        "assertion",
    )
)
_CLAIM_NOUN: Final = PackPattern(
    lambda pack: (
        r"\b(?P<adj>"
        + alternation(pack.word("en", "claim_adjectives"))
        + r")?\s*(?:side's\s+|leadership's\s+)?"
        r"(?P<noun>claims?|allegations?|reports?|statements?|announcements?|accusations?|assertions?)"
        r"(?P<of>\s+(?:of|by|from)\s+(?:the\s+)?)?"
    )
)
_VERB_BETWEEN: Final = re.compile(
    r"\b(?:indicat|show|prov|suggest|demonstrat|confirm|mean|reveal|make|made|is|are|was|were)\w*",
    re.I,
)


def _nominal_claims(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    """Claims written as nouns: "<adjective> claims that ...", "the announcements of the
    <adjective> leadership that ...": the embedded statement is theirs."""
    out: list[Speaker] = []
    if not sent.has(_CLAIM_NOUN_WORDS) or " that " not in sent.low:
        return out
    for m in _CLAIM_NOUN.finditer(sent.text, sent.start, sent.end):
        if m.group("adj") is None and m.group("of") is None:
            continue
        that = sent.text.find(" that ", m.end(), min(sent.end, m.end() + 70))
        if that < 0 or _VERB_BETWEEN.search(sent.text, m.end(), that):
            continue  # "the statements of X clearly indicate that": the writer's inference
        code: str | None = None
        words = m.group(0).strip()
        if m.group("of") is not None:
            owner = [a for a in sent.actors if m.end() <= a.start < that and is_party(a.code)]
            if owner:
                code, words = owner[0].code, owner[0].text
        if code is None and m.group("adj") is not None:
            code = active().word("en", "claim_adjectives")[m.group("adj")]
        if code is not None:
            out.append(Speaker(code, words, "claim", that))
    return out


_TITLED_NAME: Final = re.compile(
    r"\s+(?:[A-Z]\.\s+)?(?P<first>[A-Z][a-z]+)\s+(?P<last>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)


#: A person the text names without a party, opening the clause of a speech cue: '...,"
#: <First> <Last> tweeted', "<First> <Last>, an MP, also says" (a witness, named or not,
#: stays a source of the writer's report).
_PERSON_BEFORE: Final = re.compile(
    r"(?:^|[,\"]\s*)(?P<name>[A-Z][a-z]+ [A-Z][a-z]+)"
    r"(?:,\s+(?:an?|the)\s+(?!(?:[\w-]+\s+)?(?:resident|witness|eyewitness|villager|local)s?\b)[^,\"]{2,60},)?"
    r"\s+(?:also\s+)?$"
)


def _person_before(sent: Sentence, cue: int) -> re.Match[str] | None:
    """``_PERSON_BEFORE`` in the words before a cue (a capitalised word must be there)."""
    if not _CAPITAL_BEFORE.search(sent.text, max(sent.start, cue - 100), cue):
        return None
    return _PERSON_BEFORE.search(sent.body[: cue - sent.start])


_CAPITAL_BEFORE: Final = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")
#: The words of a speaker who is a person named without a party (see ``_PERSON_BEFORE``).
NAMED_PERSON: Final = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")
#: A name right before a speech cue, first word of its clause: '..." <Surname> said'.
_NAME_BEFORE: Final = re.compile(r"(?:^|[,\"\u201d]\s*)([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+$")


def _note_people(sent: Sentence, ctx: DocContext) -> None:
    """Remember "<body's title> <First> <Last>" so that a later bare surname speaks for the body,
    and "<body> (<ABC>)" so that a later "the <ABC> said" does."""
    for a in sent.actors:
        if a.kind != "org" or not is_party(a.code):
            continue
        short = _ACRONYM.match(sent.text, a.end, sent.end) if "(" in sent.body else None
        if short is not None:
            ctx.people.setdefault(short.group(1), a.code)
            ctx.people.setdefault(f"the {short.group(1)}", a.code)
        m = _TITLED_NAME.match(sent.text, a.end, sent.end)
        if m is not None:
            ctx.people.setdefault(f"{m.group('first')} {m.group('last')}", a.code)
            ctx.people.setdefault(m.group("last"), a.code)


#: The short name given in brackets right after a body: "<country>'s Security Service (ABC)".
_ACRONYM: Final = re.compile(r"\s*\(([A-Z]{2,6})\)")


#: A headline that names its source after a dash: "Shelling resumes in Martuni - Defence Ministry".
_DASH_SOURCE: Final = re.compile(r"\s[-|]\s+(?P<src>[A-Z][\w'. -]{2,60}?)\s*$")


#: The longest bulletin line read for a source after its closing dash.
_BULLETIN_LINE: Final = 400
_LINE_SOURCE: Final = re.compile(r"\s-\s+(?P<src>(?:the\s+)?[A-Z][\w'. -]{2,60}?)\s*$")


def _headline_source(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    """The source a headline names after a dash, resolved like any actor; also a bulletin
    line's source after its closing dash when it names a party's body ("... - the
    <adjective> Defence Ministry.")."""
    body = sent.body
    line = body.endswith(".")
    if len(body) > (_BULLETIN_LINE if line else 220) or body.endswith('"'):
        return []
    if line and " -" not in body:
        return []  # most sentences: no closing dash to read
    m = (_LINE_SOURCE if line else _DASH_SOURCE).search(body[:-1] if line else body)
    if m is None:
        return []
    src = m.group("src")
    lo = sent.start + m.start("src")
    if line:
        named = [a for a in find_actors(sent.text, lo, sent.end - 1) if a.kind == "org"]
        if len(named) != 1 or not is_party(named[0].code) or named[0].end != sent.end - 1:
            return []
        return [Speaker(named[0].code, named[0].text, "headline", sent.start)]
    code = active().word("en", "headline_places").get(src.lower())
    if code is not None:
        return [Speaker(code, src, "headline", sent.start)]
    named = find_actors(sent.text, lo, sent.end) or [
        ActorMention("?", src, lo, sent.end, "generic")  # "- Defense Ministry"
    ]
    for a in named:
        found = _resolve(a, ctx, sent)
        if (found is None or found[0] == "unattributed") and a.kind == "generic":
            found = _forward(sent, a)
        if found is not None and found[0] != "unattributed":
            return [Speaker(found[0], found[1], "headline", sent.start)]
    return []


def _forward(sent: Sentence, m: ActorMention) -> tuple[str, str] | None:
    """A headline's "Defence Ministry", named in full further down the article."""
    firing = {
        side_of(a.code)
        for a in sent.actors
        if is_party(a.code)
        and (a.kind == "agent" or (a.kind == "org" and _FIRES.match(sent.text, a.end, sent.end)))
    }
    for head, want in _HEADS:
        if head.search(m.text):
            for a in find_actors(sent.text, sent.end, min(len(sent.text), sent.end + 2000)):
                if (
                    a.kind == "org"
                    and is_party(a.code)
                    and want.search(a.text)
                    and side_of(a.code) not in firing  # a party does not headline its own fire
                ):
                    return a.code, m.text
            return None
    return None


#: The attribution that closes a paragraph of reported speech: ", the ministry said on Monday."
_CLOSING_CUE: Final = re.compile(
    r",\s*(?P<who>[^,.;\"]{2,70}?)\s+(?:said|says|added|reported|stated|noted|has reported|has said)\b"
    r"[^.,;\"]{0,40}\.?\s*$"
)


_CLOSING_WORDS: Final = (" said", " says", " added", " reported", " stated", " noted")


def _paragraph_speaker(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    """The speaker named at the end of the next sentence of the same paragraph.

    Ministry bulletins retold by the press give the facts first and the source after them:
    "On 12 August the army shelled X. They used mortars, the ministry said."
    """
    text = sent.text
    para_end = text.find("\n", sent.end)
    if para_end < 0:
        para_end = len(text)
    if para_end - sent.end > 400 or para_end <= sent.end + 1:
        return []
    nxt = text[sent.end : para_end].rstrip()
    if nxt.count(". ") > 1 or not any(w in nxt[-90:] for w in _CLOSING_WORDS):
        return []
    m = _CLOSING_CUE.search(nxt)
    if m is None:
        return []
    lo = sent.end + m.start() + 1
    tail = Sentence.build(text, lo, sent.end + len(nxt), sent.published, sent.tz)
    if not tail.has(SPEECH_WORDS):
        return []
    return [
        Speaker(s.code, s.text, s.cue, sent.start)
        for s in speakers_at(tail, ctx)[:1]
        if is_party(s.code)
    ]


def speakers_at(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    """``speakers`` for a span that only names a source (no look-ahead from it)."""
    return [s for s in speakers(sent, ctx) if s.cue_start >= sent.start]


_OPEN_QUOTE: Final = re.compile(r'^\W{0,3}"')


def _quote_speaker(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    """The speaker of a quotation that opens here and is attributed after it closes.

    Wire copy runs one quotation over several sentences and names the speaker once, after
    the closing mark: ``"... . ...," the ministry said.``
    """
    body = sent.body
    if not _OPEN_QUOTE.match(body) or body.count('"') % 2 == 0:
        return []
    close = sent.text.find('"', sent.end, sent.end + 1500)
    if close < 0:
        return []
    stop = close + 1
    while stop < len(sent.text) and stop < close + 160 and sent.text[stop] not in ".\n":
        stop += 1
    tail = Sentence.build(sent.text, close + 1, stop, sent.published, sent.tz)
    if not tail.has(SPEECH_WORDS):
        return []
    return [
        Speaker(s.code, s.text, s.cue, sent.start)
        for s in speakers(tail, ctx)[:1]
        if s.code != "unattributed"
    ]


#: A pronoun as the subject of a later cue in the sentence: "... where it claimed that".
#: "alleged" as an adjective: "the army's alleged shelling", "the alleged attack".
_ALLEGED_ADJ: Final = re.compile(
    r"(?:['\u2019]s?|\b(?:the|an?|its|their|this|these|those))\s+$", re.I
)
#: Cues whose form with "by" names the source after it ("reported by", "stated by").
_BY_CUES: Final = frozenset(("reported", "stated", "said", "announced", "noted"))
#: Participles that qualify a truce ("the declared ceasefire", "the announced truce").
_TRUCE_PARTICIPLES: Final = frozenset(("declared", "announced"))
_TRUCE_AFTER: Final = re.compile(
    r"\s+(?:humanitarian\s+)?(?:cease-?fire|truce|armistice|moratorium|regime of silence)\b", re.I
)
_BEEN: Final = re.compile(r"\b(?:been|was|were|is|are|be|being)\s+$")
_ACCUSED_WORDS: Final = frozenset(("accused", "blamed", "charged"))


def passive_accusation(text: str, cs: int, ce: int, lo: int) -> bool:
    """An accusing verb in the passive: "<army> was accused by <country> of shelling",
    "<country> has been blamed for ...": its subject is the accused."""
    return text[cs:ce] in _ACCUSED_WORDS and _BEEN.search(text, max(lo, cs - 12), cs) is not None


#: An event right before a participle that doubles as a verb of speech: "in skirmishes
#: reported late on Thursday", "the attacks claimed by the ministry" tell of the events,
#: not who spoke (a party named before them is not the one reporting).
_EVENT_PARTICIPLE: Final = re.compile(
    r"\b(?:clashes|skirmishes|fighting|incidents?|attacks?|shelling|violations?|shootouts?|"
    r"firefights?|casualties|losses|deaths)\s+$",
    re.I,
)
#: ("the names of N residents killed by <forces> were revealed": the forces reveal nothing)
_PARTICIPLE_CUES: Final = frozenset(
    ("reported", "claimed", "announced", "confirmed", "revealed", "disclosed", "declared")
)
#: A document before "reads": '"...," the statement reads' is the statement's author speaking.
_READS: Final = re.compile(
    r"\b(?:statement|message|text|post|release|communiqu\S|bulletin|report|letter|tweet)\s+$", re.I
)
#: A pronoun standing for the source after "according to": "According to it, ...".
_PRONOUN_SOURCE: Final = re.compile(
    # "according to the same update": the report of the source just named
    r"\s+(?:it|them|him|her|the same (?:update|report|statement|bulletin|source|data|information|release))\b",
    re.I,
)
_PRONOUN_SUBJECT: Final = re.compile(r"\b(?:it|he|she|they)\s+(?:has\s+|have\s+|had\s+|also\s+)?$")
#: "according to which": the source is the statement or body named before the cue.
_WHICH: Final = re.compile(r"\s+(?:which|whom)\b", re.I)
#: A document of the source named between "according to" and its author: "according to a
#: report by <body>", "according to a statement issued by <body>", "according to information
#: provided by <body>".
_DOCUMENT_BY: Final = re.compile(
    r"\s+(?:(?:an?|the)\s+(?:\w+\s+)?(?:report|statement|message|release|bulletin|update)|"
    r"(?:the\s+)?(?:\w+\s+)?(?:information|data|figures))\s+"
    r"(?:(?:issued|released|published|posted|provided|given|presented)\s+)?(?:by|of|from)\b",
    re.I,
)
_NOUN_USE: Final = re.compile(
    r"\b(?:the|an?|to|from|of|these|those|this|that|media|news|such|his|her|its|their|our|initial|earlier|unconfirmed|\w+'s)\s+$",
    re.I,
)
_SPEECH_DATE: Final = re.compile(
    r"\b(?:said|says|reported|announced|stated|added|claimed|confirmed|warned|noted|stressed|"
    r"told \w+|informed \w+|accused \w+(?: \w+)?)\s+(?:(?:late|early|earlier|later)\s+)?(?:on\s+)?$",
    re.I,
)
#: A date written between the speaker and the verb: "the ministry on Monday(, 6 March,) said".
_SPEECH_AFTER_DATE: Final = re.compile(
    r"[\s,]*(?:(?:\d{1,2}\s+)?[A-Z][a-z]+(?:\s+\d{1,2})?,?\s*)?"
    r"(?:said|warned|announced|stated|reported|claimed|confirmed|told|accused|denied)\b"
)
_SINCE: Final = re.compile(
    r"\bsince\b[^,.;]*$|\b(?:truce|cease-?fire|deal|agreement|statement)s?,?\s+(?:that\s+|which\s+)?(?:was\s+|had been\s+|has been\s+)?"
    r"(?:agreed|signed|reached|brokered|announced|took effect|came into force|entered into force|began|started|"
    r"stopped|ended|halted)\b"
    r"(?:[^,.;]{0,30}|[^,.;]{0,50}\b(?:imposed|declared|announced|took effect|came into force|entered into force)\b[^,.;]{0,12})$"
    # "a truce ... was due to take effect at midnight Sunday": the time the truce was set for
    r"|\b(?:was|is|were|are)\s+(?:due|set|scheduled|expected|supposed)\s+"
    r"to\s+(?:take effect|come into (?:force|effect)|enter into force)\b[^,.;]{0,20}$",
    re.I,
)
#: The hour a truce took effect: "the truce, which entered into force at noon (GMT+4) on
#: <day>" times the truce, not the fire the sentence says went on in spite of it.
_IN_FORCE: Final = re.compile(
    r"\b(?:c[ao]me|entered|went) into (?:force|effect)\b(?:[^.;,]|\b[ap]\.m\.){0,40}$", re.I
)
_IN_FORCE_WORDS: Final = ("into force", "into effect")
#: "said that by Monday a clearer picture will emerge": a day still to come, named with
#: the latest such weekday's words.
_BY_DAY: Final = re.compile(r"\bby\s+$", re.I)
_WILL_AFTER: Final = re.compile(
    r"[^.;:]{0,60}?\b(?:will|would|shall|is expected to|are expected to)\b", re.I
)
_CONVERSION_OPENS: Final = re.compile(r"[\[(]\s*$")
#: "the checkpoint set up last month", "a post built in May": the day a thing was put
#: there, which qualifies it, not the day of the incident told.
_BUILT_ON: Final = re.compile(
    r"\b(?:set up|installed|established|erected|built|put up)\s+(?:on\s+|in\s+)?$", re.I
)
#: "... on October 11 [2200 GMT October 10]": the day of the same instant in another zone.
_CONVERTED: Final = re.compile(r"[\[(]\s*\d{1,2}[:.]?\d{2}\s*(?:GMT|UTC)\s*,?\s*(?:on\s+)?$")
_SINCE_WORDS: Final = (
    "since",
    "truce",
    "cease",
    "deal",
    "agreement",
    "statement",
    "take effect",
    "come into",
    "enter into",
)
_NAMES_TRUCE: Final = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}(?:cease-?fires?|truces?|statement|agreement|deal|armistice|accord)\b",
    re.I,
)
SPEECH_WORDS: Final = keywords(
    (
        "said",
        "say",
        "told",
        "tell",
        "state",
        "report",
        "claim",
        "announc",
        "insist",
        "add",
        "alleg",
        "accus",
        "blam",
        "deni",
        "deny",
        "reject",
        "dismiss",
        "confirm",
        "charg",
        "wrote",
        "write",
        "comment",
        "admit",
        "shared that",
        "responded that",
        "replied that",
        "reacted to",
        "learned from",
        "learnt from",
        "tweet",
        "post",
        "vow",
        "swor",
        "detailed",
        "note",
        "warn",
        "estimat",
        "cite",
        "according",
        "as per",
        "quot",
        "condemn",
        "inform",
        "declar",
        "stress",
        "emphasi",
        "pointed out",
        "underlin",
        "explain",
        "clarif",
        "specifi",
        "mention",
        "reveal",
        "disclos",
        "assert",
        "reiterat",
        "a statement",
        "a list",
        "published",  # "<country> has published data about N killed"
        "recorded",
        "registered",
        # "reads" only after a document ("the statement reads"): not "already", "spread"
        "statement read",
        "message read",
        "text read",
        "release read",
        "post read",
        "bulletin read",
        "report read",
        "letter read",
        "tweet read",
    )
)
#: Country words before "the country's ministry" (the pack's ``nations``); the last wins.
_NATION: Final = PackPattern(
    lambda pack: r"\b(?:" + coded(pack.word("en", "nations"))[0] + ")", re.I
)


#: After a nation word: the attack or the force it names ("Armenian shelling", "Azerbaijani troops").
_FIRING_NOUN: Final = re.compile(
    r"[a-z]*\s+(?:armed\s+)?(?:shelling|shells|fire|strikes?|attacks?|missiles?|rockets?|artillery|"
    r"forces|troops|army|military|units|side|drones?|bombardment|aggression|provocations?)\b",
    re.I,
)


#: Before a nation word: it is the agent of a passive or an attack noun ("attacks by <country>").
_BY_AGENT: Final = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$", re.I)


def _nation_codes() -> dict[str, str]:
    return groups_of(active(), "en", "nations")


_SUBORDINATE: Final = re.compile(
    r"^\s*(?:which|who|whose|that|where|while|as|in|on|at|after|before|since|citing|quoting|adding|but|and|or|yet|so|although|though|however|then|now|also|still|meanwhile)\b",
    re.I,
)


#: "<agency> reports (on <day>) referring to <body>": the body is the source.
_REPORTS_BEFORE: Final = re.compile(r"\breport(?:s|ed)?\b(?:\s+on\s+[\w.]+\s+\w+)?\s+$")
#: A relay and its source: "<agency> reports citing X", also with the day between ("<agency>
#: reported on Sept. 27, citing X", "reported on Monday, quoting X").
_RELAYED: Final = re.compile(
    r"(?:\s+(?:on\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]+day|"
    r"today|yesterday))?,?\s+(?:citing|quoting|via|with reference to|referring to)\b"
)
#: A speech verb before its subject: '"...," said Hajiyev', 'Shelling continued, said a spokesman'.
_INVERTED: Final = re.compile(r"(?:^|[,\"':;]|\bas)\s*$")
_JOINT: Final = re.compile(r"^\s*(?:and|&)\s*$")
#: A second verb of the same subject: the actor right before "and said" is the first verb's object.
_AND_CUE: Final = re.compile(r"\s+and\s+(?:also\s+|then\s+|later\s+)?")
#: A second verb of the same subject after a clause: "... but instead said", "... and also said".
_BUT_CUE: Final = re.compile(r"\s(?:but|and)\s+(?:instead\s+|also\s+|then\s+|later\s+|rather\s+)?$")
#: A party named in a phrase of the clause ("on a violation by the <side>"), not its subject.
_IN_PHRASE: Final = re.compile(r"\b(?:by|of|from|against|on|with|about)\s+(?:the\s+)?$")
#: A speech verb right after a closing quotation mark: the quotation's actors are not its subject.
_COMMA_CUE: Final = re.compile(r",\s*$")
#: An aside between a subject and its verb: "<body>, in turn, said", "<capital>, for its
#: part, accuses": the subject before it speaks (no inversion).
_ASIDE: Final = re.compile(
    r"\s*,\s*(?:in (?:its |their )?turn|for (?:its|their|his|her) part|on (?:its|their) part|"
    r"however|meanwhile|in response|in return|though|instead|too|also|in (?:a|its) statement|"
    # "<officials>, as well as <the state media>, said": the first subject speaks
    r"(?:as well as|along with|together with) [^,.;\"\u201c\u201d]{1,50}?)"
    r"\s*,\s*",
    re.I,
)


def _before_aside(text: str, left: list[ActorMention], cue: int) -> ActorMention | None:
    """The subject of a cue when only an aside stands between them: "<ministry>, in turn,
    said", "<capital>, for its part, accuses", "<officials>, as well as <media>, said"."""
    for a in left[-2:]:
        if cue - a.end <= 70 and _ASIDE.fullmatch(text, a.end, cue) is not None:
            return a
    return None


_QUOTE_CLOSED: Final = re.compile(r"[,.!?][\"\u201d]\s*$")


def _subject_after(sent: Sentence, end: int) -> ActorMention | None:
    """The actor right after an inverted speech verb ('," said the ministry')."""
    return next((a for a in sent.actors if end <= a.start <= end + 25 and a.kind != "agent"), None)


_BOTH_BEFORE: Final = re.compile(
    r"\b(?:both|the two)\s+(?:sides|countries|parties|governments)\s+(?:\w+\s+)?$"
)


#: The bodies of two countries named as one subject, the second country last.
_PLURAL_BODIES: Final = re.compile(
    r"\b(?:[Dd]efen[cs]e\s+|[Ff]oreign\s+)?(?:[Mm]inistries|[Gg]overnments)\s+of\s+(?:the\s+)?"
    r"[A-Z][\w-]+\s+(?:and|&)\s+(?:the\s+)?$"
)


def _joint(sent: Sentence, left: list[ActorMention], cue: int) -> bool:
    """The subject of a cue is two parties together, or "both sides"."""
    low = sent.low
    if " and " not in low and "&" not in low and "both" not in low and "the two" not in low:
        return False
    if _BOTH_BEFORE.search(sent.text[max(sent.start, cue - 40) : cue]):
        return True
    last = left[-1]
    if _PLURAL_BODIES.search(sent.text, max(sent.start, last.start - 60), last.start):
        return True  # "the Defense Ministries of <country> and <country> reported"
    for other in left[:-1]:
        if (
            is_party(other.code)
            and is_party(last.code)
            and other.code != last.code
            and _JOINT.match(sent.text[other.end : last.start])
        ):
            return True
    return False


_MEDIA_SEGMENT: Final = re.compile(
    r"(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,3}(?:News|Agency|agency|TV|Radio|Press|Times|Post|Reuters|AFP|AP|"
    r"Interfax|TASS|Sputnik|Service)(?:\s+(?:news\s+)?agency)?(?:\s+has)?"
)


#: The words ``_MEDIA_SEGMENT`` must end in (its last alternatives).
_MEDIA_ENDS: Final = (
    "News",
    "Agency",
    "agency",
    "TV",
    "Radio",
    "Press",
    "Times",
    "Post",
    "Reuters",
    "AFP",
    "AP",
    "Interfax",
    "TASS",
    "Sputnik",
    "Service",
    "has",
)


def media_segment(seg: str) -> bool:
    """``_MEDIA_SEGMENT.fullmatch(seg)``, read only when ``seg`` ends in one of its last words."""
    return seg.endswith(_MEDIA_ENDS) and _MEDIA_SEGMENT.fullmatch(seg) is not None


_SEGMENT_OPENS: Final = re.compile(
    r"(?:an?|the|one|two|some|local|[A-Z])\b|[a-z]+\s+(?:from|of|in|on|at)\b"
)
_SEGMENT_NOT: Final = re.compile(r"\bthan\b|\baccording\b")


def _trailing_segment(sent: Sentence, after: int, cue: int) -> str:
    """Words between the last comma and a speech cue when they name no actor ("an AFP reporter")."""
    comma = sent.text.rfind(",", after, cue)
    if comma < 0:
        return ""
    seg = sent.text[comma + 1 : cue].strip()
    words = seg.split()
    if not words or len(words) > 8 or _SUBORDINATE.match(seg) or seg.endswith(('"', "'")):
        return ""
    if not _SEGMENT_OPENS.match(seg) or _SEGMENT_NOT.search(seg):
        return ""
    if any(w[:1].isdigit() for w in words):
        return ""
    return seg


_OBJECT_VERB: Final = re.compile(r"\b(?:accused|blamed|urged|told|asked|called on)\s+$")


def _object_position(sent: Sentence, m: ActorMention) -> bool:
    before = sent.text[max(sent.start, m.start - 14) : m.start]
    return bool(_OBJECT_VERB.search(before))


def speaker_for(sent: Sentence, ctx: DocContext, pos: int, spk: list[Speaker]) -> Speaker | None:
    """The statement a position belongs to: the nearest cue before it, else the first after."""
    usable = [s for s in spk if not (s.cue == "according to" and s.code == "unattributed")]
    before = [s for s in usable if s.cue_start <= pos]
    if before:
        return before[-1]
    after = [s for s in usable if s.cue_start > pos and not _in_relative(sent, s)]
    if after and _DENYING_CUE.match(after[0].cue):
        # "four civilians were killed in a strike on <village>, but <capital> denied it": the
        # party denying the attack does not report it
        return None
    if after:
        return after[0]
    return None if spk else carried(ctx, sent)


#: A relative clause opening right before a source cue: "a road which, according to X, ...".
_RELATIVE_BEFORE: Final = re.compile(r"\b(?:which|that|where|who|whom)\s*,?\s*$", re.I)


def _in_relative(sent: Sentence, s: Speaker) -> bool:
    """Whether an "according to" cue opens inside a relative clause, whose source speaks for
    that clause only, not for what the sentence said before it."""
    if s.cue != "according to" or s.cue_start < sent.start:
        return False
    return (
        _RELATIVE_BEFORE.search(sent.text, max(sent.start, s.cue_start - 12), s.cue_start)
        is not None
    )


#: How many sentences a party's statement runs on without a new speech cue.
CARRY_SENTENCES: Final = 1


#: How many sentences a statement reaches within its paragraph for a casualty figure that
#: names no source ("<body> said on Monday ... . <detail>. N civilians were wounded.").
PARAGRAPH_SENTENCES: Final = 2


#: A monitor's body that reports from the field (a defence ministry, a peacekeeping command).
_FIELD_BODY: Final = re.compile(
    r"defen[cs]e|\bMoD\b|peacekeep|command|contingent|bulletin|monitor", re.I
)


def paragraph_source(ctx: DocContext, sent: Sentence) -> Speaker | None:
    """The source that spoke earlier in the sentence's paragraph (a party beyond the one
    sentence its statement runs on, or a monitor such as a mediator's defence ministry from
    the next sentence on), when no other source has spoken since: a toll the paragraph goes
    on to give without a source is that statement's."""
    r = ctx.source
    if r is None or ctx.source_age > PARAGRAPH_SENTENCES or r.cue_start >= sent.start:
        return None
    if is_party(r.code) and ctx.source_age <= CARRY_SENTENCES:
        return None  # the sentence after a party's: ``carried`` has read it
    if not is_party(r.code) and r.code != "unattributed" and not _FIELD_BODY.search(r.text):
        return None  # a foreign government's comment does not go on to count the dead
    if ctx.source_age > 1 and (r.cue_start < 0 or "\n" in sent.text[r.cue_start : sent.start]):
        return None  # another paragraph
    if not _may_carry(ctx, sent):
        return None
    return Speaker(r.code, r.text, "carried", -1)


def carried(ctx: DocContext, sent: Sentence | None = None) -> Speaker | None:
    """The party that spoke in the previous sentence: a statement runs on past its cue,
    unless this sentence dates its events to another day than that statement did."""
    if ctx.recent is None or ctx.recent_age > CARRY_SENTENCES:
        return None
    if sent is not None and not _may_carry(ctx, sent):
        return None
    return Speaker(ctx.recent.code, ctx.recent.text, "carried", -1)


def _may_carry(ctx: DocContext, sent: Sentence) -> bool:
    """Whether a statement of the sentences before may run on into ``sent``: not into a
    heading, another day, the writer's background or a running tally."""
    if _subheading(sent):
        return False  # "More than <N> dead" between paragraphs: the writer's heading
    if ctx.previous is not None and ctx.previous.start < sent.start:
        ours = {tm.time.date for tm in sent.event_dates if tm.time.precision == "day"}
        theirs = {tm.time.date for tm in ctx.previous.event_dates if tm.time.precision == "day"}
        if ours and theirs and ours.isdisjoint(theirs):
            return False
        if ours and not theirs and _all_before(ours, ctx.default_time().date):
            return False  # an undated statement of the story's day, then an earlier attack
        if ours and all(_long_before(day, ctx) for day in ours):
            return False  # "on 27 September" in a story of late October: the writer's background
        if not ours and any(_past_period(tm.time, ctx) for tm in sent.event_dates):
            return False  # "in a skirmish there last month": the writer's background
        if not ours and _in_past_year(sent, ctx):
            return False  # "the two countries fought in late 2020, ...": the writer's background
        if sent.has(_PERFECT_TOLL_WORDS) and has_match(
            _PERFECT_TOLL, sent.text, sent.start, sent.end
        ):
            # "N people have been killed since the offensive began": the writer's tally
            return False
    return True


#: A running toll told in the perfect: "N people have been killed since <event>", "... so far".
_PERFECT_TOLL: Final = re.compile(
    r"\bha(?:ve|s)\s+(?:now\s+|so far\s+)?(?:been\s+)?(?:killed|wounded|injured|died)\b"
    r"[^.;]*?\b(?:since|so far)\b"
    r"|\b(?:since|so far)\b[^.;]*?\bha(?:ve|s)\s+(?:now\s+)?(?:been\s+)?"
    r"(?:killed|wounded|injured|died)\b",
    re.I,
)
_PERFECT_TOLL_WORDS: Final = keywords(("since", "so far"))


def _subheading(sent: Sentence) -> bool:
    """A short line alone between blank lines, with no full stop: a heading the writer puts
    between paragraphs, no one's statement."""
    text = sent.text
    if not text.endswith("\n\n", 0, sent.start):
        return False
    line_end = text.find("\n", sent.start)
    if line_end < 0 or not text.startswith("\n\n", line_end) or line_end > sent.end + 2:
        return False
    line = text[sent.start : line_end].strip()
    return bool(line) and line[-1] not in ".!?:\"'\u201d" and len(line.split()) <= 8


def _all_before(days: set[str | None], day: str | None) -> bool:
    """Whether every one of ``days`` is before the eve of ``day``."""
    if day is None or len(day) != 10:
        return False
    eve = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    return all(d is not None and len(d) == 10 and d < eve for d in days)


#: How many days before publication a day the text gives is the story's background.
_BACKGROUND_DAYS: Final = 5


#: A year written as the time of what the sentence tells: "in 2020", "in late 2020".
_IN_YEAR: Final = re.compile(
    r"\b(?:in|during)\s+(?:(?:late|early|mid-?|the (?:autumn|fall|spring|summer|winter|end|start) of)\s*)?$",
    re.I,
)


def _in_past_year(sent: Sentence, ctx: DocContext) -> bool:
    """Whether the sentence tells of a year before the publication year ("in late 2020")."""
    return any(
        tm.time.date is not None
        and (
            (
                tm.kind == "year"
                and int(tm.time.date) < ctx.pub_day.year
                and _IN_YEAR.search(sent.text, max(sent.start, tm.start - 30), tm.start) is not None
            )
            # "a war last year in which N people were killed": the year before, relative
            or (
                tm.kind == "relative"
                and tm.time.precision == "year"
                and int(tm.time.date[:4]) < ctx.pub_day.year
            )
        )
        for tm in sent.dates
    )


#: A war of years before: "during the 2020 war", "throughout the 44-day war", "in the war in 2020".
_PAST_WAR: Final = re.compile(
    r"\b(?:in|during|throughout)\s+the\s+(?:(?P<year>(?:19|20)\d\d)\s+|44-day\s+|six-week\s+|first\s+)"
    r"(?:Karabakh\s+|Nagorno-Karabakh\s+)?war\b"
    r"|\b(?:in|during|throughout)\s+the\s+war\s+in\s+(?P<year2>(?:19|20)\d\d)\b"
    r"|\b(?:in|during)\s+(?:the\s+)?(?:two|both)\s+wars\b",
    re.I,
)
#: The day the 2020 war ended, after which "the 44-day war" is the writer's background.
_WAR_2020_END: Final = date(2020, 11, 10)


def in_past_war(sent: Sentence, ctx: DocContext) -> bool:
    """Whether a sentence with no day of its own tells of a war or year before the story's
    ("Azerbaijan's army shelled <town> during the 2020 war", "In 2020, ..."): the writer's
    background, no incident of the story."""
    if any(tm.time.precision in ("day", "hour", "minute") for tm in sent.event_dates):
        return False
    if any(
        tm.kind == "year"
        and tm.time.date is not None
        and int(tm.time.date) < ctx.pub_day.year
        and tm.start - sent.start <= 20
        and _IN_YEAR.search(sent.text, sent.start, tm.start) is not None
        for tm in sent.dates
    ):
        return True  # "In 2020, ..." opening the sentence
    if "war" not in sent.low:
        return False
    for m in _PAST_WAR.finditer(sent.text, sent.start, sent.end):
        year = m.group("year") or m.group("year2")
        if year is not None and int(year) < ctx.pub_day.year:
            return True
        if year is None and ctx.pub_day > _WAR_2020_END:
            return True  # "the 44-day war", "the first war": over before the story
    return False


def _long_before(day: str | None, ctx: DocContext) -> bool:
    if day is None or len(day) != 10:
        return False
    return date.fromisoformat(day) < ctx.pub_day - timedelta(days=_BACKGROUND_DAYS)


def background_time(ot: OccurredTime, ctx: DocContext) -> bool:
    """A time the writer's background is told in: a week, month or year that ended before
    publication ("In August, ..." in a story of September)."""
    return _past_period(ot, ctx)


def _past_period(ot: OccurredTime, ctx: DocContext) -> bool:
    """A week, month or year that ended before the publication day ("last month")."""
    if ot.precision not in ("week", "month", "year") or ot.end is None:
        return False
    return ot.end.astimezone(parse_tz(ctx.tz)).date() <= ctx.pub_day


def remember(ctx: DocContext, spk: list[Speaker]) -> None:
    """Keep named party speakers for later "officials said" and for the next sentence."""
    ctx.recent_age += 1
    ctx.source_age += 1
    for s in spk:
        if s.cue == "claim":
            continue  # "<adjective> claims that ...": reported by the writer, not a speaker
        if s.code not in ("unattributed", "?") or (
            s.cue != "according to" and _DOMESTIC_HEAD.search(s.text)
        ):
            ctx.source, ctx.source_age = s, 1  # a party's body without its country, too
        else:
            ctx.source = None  # a witness, "reports", "according to estimates": another source
        if s.code not in ("unattributed", "?"):
            ctx.last_speaker = s
            ctx.speakers.append(s)
        if is_party(s.code) or (
            ctx.recent is None and s.code == "unattributed" and _DOMESTIC_HEAD.search(s.text)
        ):
            # a party's body named without its party ("Prosecutor General's Office said")
            # speaks on, until a party does: its victims will tell whose it is
            ctx.recent = s
            ctx.recent_age = 1
