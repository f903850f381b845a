"""Truces: references to the known truces and announcements of new ones.

Reads the known truces of the conflict pack (``truces.tsv``: effective and announced
local days, brokers, kind), the words that name their brokers, their kinds and the truces
outside the known set (``words-en.toml``), and the rules of its kinds (``[[truces.kinds]]``
of ``pack.toml``); owns reading a truce mention's modifiers (broker, date, year, kind,
count, "previous", "latest") to resolve it to known ids, refusing truces outside the
known set, the "truce in force" rule for a bare "the ceasefire", and announcements of
new truces (parties, brokers, effective time).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final

from tracker.conflict import ConflictPack, TruceSpec, active
from tracker.conflict.pack import NEVER
from tracker.conflict.patterns import PackPattern
from tracker.extract.attribution import DocContext, Sentence
from tracker.extract.model import Announcement, OccurredTime, TruceRef, is_party
from tracker.extract.needles import folds_safely, may_search
from tracker.extract.text import has_match, lower_ascii, lowered, lowers, on_ascii
from tracker.extract.timeexpr import TimeMention, day_time, find_dates, parse_tz, with_clock

#: One known truce of the pack (``truces.tsv``): id, effective, announced, brokers, kind.
KnownTruce = TruceSpec


def known() -> tuple[KnownTruce, ...]:
    """The known truces of the conflict pack in use, by effective time."""
    return active().truces


def _end_of_record() -> datetime:
    """The end of the truce table: no known truce is in force after it."""
    return _rule_instant(active(), "end_of_record")


@lru_cache(maxsize=8)
def _rule_instant(pack: ConflictPack, key: str) -> datetime:
    value = pack.truce_rules.get(key)
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=pack.tzinfo)
    return datetime.max.replace(tzinfo=pack.tzinfo)


#: A mention of a truce; the pack's ``truce_names`` ("the Moscow statement") join it.
MENTION: Final = PackPattern(
    lambda pack: (
        r"\b(?:cease-?fires?|truces?|armistice|trilateral (?:statement|agreement|declaration|deal)s?|"
        r"(?:statement|declaration|agreement) on (?:ending|the end of) (?:the )?(?:war|hostilities|fighting)|"
        r"(?:peace|cease-?fire) (?:deal|agreement|accord)s?|(?<=brokered )(?:peace )?(?:deal|agreement|accord|statement)s?|"
        r"(?<=mediated )(?:peace )?(?:deal|agreement|accord|statement)s?|(?:complete |full )?cessation of (?:all )?hostilities|"
        r"(?:deal|agreement|accord)(?= (?:(?:that was |which was )?(?:brokered|mediated) by|ending (?:the )?(?:[\w-]+ )?war)\b)|"
        r"suspension of (?:the )?anti-?terror\w* (?:activities|measures|operations?)|"
        r"(?:"
        + pack.word("en", "truce_names")
        + r") (?:agreement|deal|statement|accord|declaration)s?|"
        r"(?:agreement|statement|declaration)s? (?:(?:signed|adopted|concluded) )?(?:of|on|dated|from) (?:"
        + pack.word("en", "truce_names")
        + r"))\b"
    ),
    re.I,
)
_GENERIC: Final = re.compile(
    r"\b(?:a|an)\s+(?:\w+\s+){0,2}$|\b(?:calls? for|appeals? for|push(?:ed|ing)? for|attempts? to|efforts? to|"
    r"negotiat\w+|seek\w*|establish\w*|no|any)\s+(?:\w+\s+){0,3}$",
    re.I,
)
#: Truces outside the known set (the pack's ``other_truces``): 1994, a border clash.
_UNKNOWN: Final = PackPattern(
    lambda pack: r"\b(?:" + pack.word("en", "other_truces") + r")\b", re.I
)
#: ... and in texts published from ``other_truces_late_from``, ``other_truces_late``.
_UNKNOWN_LATE: Final = PackPattern(
    lambda pack: r"\b(?:" + pack.word("en", "other_truces_late") + r")\b", re.I
)
#: An announced truce that names these words binds the implied party (the pack's
#: ``implied_parties``) too.
_IMPLIED: Final = PackPattern(lambda pack: pack.word("en", "implied_party_words"))


@lru_cache(maxsize=8)
def _brokers_of(pack: ConflictPack) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(actor code, the words that name it as a truce's broker) of the pack."""
    return tuple((code, re.compile(rx, re.I)) for code, rx in pack.word("en", "brokers").items())


def _brokers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return _brokers_of(active())


@lru_cache(maxsize=8)
def _lowered_brokers(pack: ConflictPack) -> tuple[re.Pattern[str] | None, ...]:
    """The ``lowered`` copy of each broker's words, for ASCII text (None: read as written)."""
    return tuple(lowered(rx) if lowers(rx) else None for _, rx in _brokers_of(pack))


def _broker_codes(window: str, ctx: DocContext) -> tuple[str, ...]:
    """The brokers a mention's window names, in the pack's order, read once per document
    (the window is read for them both before and while resolving the mention)."""
    memo = ctx.broker_codes
    found = memo.get(window)
    if found is None:
        low = window.lower() if folds_safely(window) else None
        ascii_low = low if window.isascii() else None  # ``lower_ascii(window)``
        found = memo[window] = tuple(
            code
            for (code, rx), fast in zip(_brokers(), _lowered_brokers(active()), strict=True)
            if may_search(rx, low)
            and (rx.search(window) if fast is None or ascii_low is None else fast.search(ascii_low))
            is not None
        )
    return found


#: Several brokers listed after one verb: "brokered by <A>, <B> and <C>".
_LISTED_BY: Final = re.compile(
    r"\b(?P<verb>brokered|mediated|negotiated|sponsored)\s+by\s+"
    r"(?P<list>[\w.]+(?:\s+[\w.]+)?(?:\s*,\s*[\w.]+(?:\s+[\w.]+)?)*\s*,?\s+and\s+[\w.]+(?:\s+[\w.]+){0,2})",
    re.I,
)
_LIST_SEP: Final = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.I)


#: A plural noun after the mention: "ceasefire agreements", "truce deals".
_PLURAL_AFTER: Final = re.compile(r"\s+(?:agreements|deals|accords|arrangements)\b", re.I)


def _listed_brokers(window: str) -> frozenset[str]:
    """The brokers of a list after one verb ("agreements mediated by <A>, <B> and <C>"):
    each name is read as if the verb stood before it."""
    if " by " not in window:
        return frozenset()
    m = _LISTED_BY.search(window)
    if m is None:
        return frozenset()
    codes: set[str] = set()
    for name in _LIST_SEP.split(m.group("list")):
        phrase = f"{m.group('verb')} by {name}"
        codes.update(code for code, rx in _brokers() if rx.search(phrase))
    return frozenset(codes)


#: "Peace deal" named a truce while it was new (``peace_deal_until`` of its kind in the
#: pack's ``[[truces.kinds]]``); later it means the peace treaty under negotiation,
#: unless the words tie it to that truce (``peace_deal_of``).
_PEACE_DEAL: Final = re.compile(r"\bpeace (?:deal|agreement|accord)", re.I)
_PEACE_DEAL_OF: Final = PackPattern(lambda pack: pack.word("en", "peace_deal_of"), re.I)


@dataclass(frozen=True, slots=True)
class _Kind:
    """A kind of truce named by its words (``[[truces.kinds]]`` of ``pack.toml``)."""

    kind: str
    words: re.Pattern[str]
    basis: str
    strict: bool
    peace_deal_until: date | None
    peacekeepers: bool
    #: (year, first day) when the truce's year alone names it, else None.
    by_year: tuple[int, date] | None
    not_brokers: frozenset[str]
    #: Its words tell of this known truce, never of a new one agreed in the days of the text.
    not_new: bool


@lru_cache(maxsize=8)
def _kinds_of(pack: ConflictPack) -> tuple[_Kind, ...]:
    words = pack.word("en", "truce_kinds")
    out: list[_Kind] = []
    for spec in pack.truce_rules.get("kinds", ()):
        kind = spec["kind"]
        first = next((k for k in pack.truces if k.kind == kind), None)
        by_year = None
        if spec.get("by_year") and first is not None:
            by_year = (first.effective.year, first.effective.date())
        out.append(
            _Kind(
                kind,
                re.compile(words.get(kind, NEVER), re.I),
                spec.get("basis", kind),
                bool(spec.get("strict", False)),
                spec.get("peace_deal_until"),
                bool(spec.get("peacekeepers", False)),
                by_year,
                frozenset(spec.get("not_brokers", ())),
                bool(spec.get("not_new", False)),
            )
        )
    return tuple(out)


def _peace_deal_until(pack: ConflictPack) -> date | None:
    """The day "peace deal" stops naming a known truce (None: it never did)."""
    return next((k.peace_deal_until for k in _kinds_of(pack) if k.peace_deal_until), None)


@lru_cache(maxsize=8)
def _known_years(pack: ConflictPack) -> re.Pattern[str]:
    """The years the known truces took effect in, as words."""
    years = sorted({str(k.effective.year) for k in pack.truces})
    return re.compile(r"\b(?:" + ("|".join(years) or NEVER) + r")\b")


#: A truce agreed or taking effect, in words that tell of a fresh agreement.
_AGREED: Final = re.compile(
    r"\b(?:agree[ds]?|reached|declared|announced|took effect|taken effect|takes effect|"
    r"came into (?:force|effect)|comes into (?:force|effect))\b",
    re.I,
)
#: More days of the same month after a date: "October 10, 18 and 26", "10 and 18".
_MORE_DAYS: Final = re.compile(
    r"(?:\s*(?:,|and|&|–|-)\s*(?:and\s+)?(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:[:.]\d|%|km|kilomet|people|hours?|minutes?|troops|soldiers)))"
)
_DAYS_BEFORE: Final = re.compile(r"(?:\b\d{1,2}(?:st|nd|rd|th)?(?:\s*,\s*|\s+and\s+|\s*&\s*))+$")
#: An opening adverbial before the clause that names the truce ("On 10 October, ...").
_OPENING: Final = re.compile(
    r"\W*(?:On|In|At|By|Since|After|Following|Earlier|Back|Later|Note that|Last|Yesterday"
    r"|(?:A|One|Two|Three|\d+) (?:days?|weeks?|months?) (?:ago|earlier))\b",
    re.I,
)
#: How far a sentence's opening reaches a mention made by the clause's verb: "On <day>,
#: <president> <name>, <president> <name> and <prime minister> <name> signed a statement
#: on a ceasefire" (the signatories' titles fill a long subject).
_OPENING_SIGNED_REACH: Final = 280
_SIGNED_ON: Final = re.compile(
    r"\b(?:signed|agreed|brokered|reached|declared|announced)\s+(?:[\w-]+\s+){0,4}?(?:on|to|about)?\s*"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
#: Peacekeepers that came with a truce point at it while it is the truce in force (the
#: pack's ``peacekeepers`` kind of ``[[truces.kinds]]``), not at its successor.
_PEACEKEEPERS: Final = re.compile(r"peacekeep", re.I)
#: A count of truces right before the mention ("both truces", "the two previous agreements"),
#: not a count of anything else earlier ("the two nations violated the truce").
_COUNT: Final = re.compile(r"\b(two|both|three|all three)\b(?:\s+[\w'-]+){0,2}\s*$", re.I)
_COUNTED_AFTER: Final = re.compile(r"[\w-]+(?:\s+regime)?\s+(?:violations?|breach(?:es)?)\b", re.I)
_PREVIOUS: Final = re.compile(r"\b(?:previous|earlier|prior|past|former)\b", re.I)
_AGREED_EARLIER: Final = re.compile(
    r"[\w-]+(?:\s+regime)?,?\s+(?:that\s+|which\s+)?(?:was\s+|were\s+|had been\s+)?"
    r"(?:agreed|reached|signed|brokered|concluded|declared|announced)(?:\s+(?:to|upon|on))?"
    r"(?:\s+in\s+[A-Z][\w-]+)?\s+earlier\b",
    re.I,
)
_LATEST: Final = re.compile(r"\b(?:latest|last|most recent|current|new|newest|recent)\b", re.I)
#: "since the signing of a truce": a truce made, not one called for.
_MADE: Final = re.compile(
    r"\b(?:after|since|following|despite)\s+the\s+(?:conclusion|signing|announcement|declaration)\s+"
    r"of\s+an?\s+(?:\w+[- ]){0,2}$",
    re.I,
)
#: "the new agreement on a humanitarian ceasefire": the truce an agreement named with the
#: definite article made, not one called for.
_AGREEMENT_ON: Final = re.compile(
    r"\b(?:the|this|that|its|their)\s+(?:\w+\s+){0,2}?(?:agreement|deal|accord|arrangement)\s+"
    r"(?:on|for|of)\s+an?\s+(?:\w+[- ]){0,2}$",
    re.I,
)
_DEFINITE: Final = re.compile(
    r"\b(?:the|this|that|its|their)\s+(?:\w+[- ]){0,3}$|" + _AGREEMENT_ON.pattern, re.I
)
#: A definite mention its relative clause describes: "the ceasefire, which had been agreed
#: through <capital>'s mediation", "the truce, in which the sides agreed to stop": the
#: agreement told is the truce's own, not a new one.
_DESCRIBED: Final = re.compile(
    r"[\w-]+(?:\s+(?:regime|agreement|deal))?[\"\u201d\u2019',]*\s+(?:(?:in|under|by|with|through)\s+)?which\b",
    re.I,
)
_VIOLATE: Final = re.compile(
    r"\bviolat\w*|\bbreach\w*|\bbroke\b|\bcollaps\w*|\bfray\w*|\bhold(?:s|ing)?\b|\bobserv\w+|\bmonitor\w*|\bregime\b|\bin force\b|\bin effect\b",
    re.I,
)
_ANNOUNCE: Final = re.compile(
    r"\b(?:agreed|agree|agrees|announced|announces|reached|signed|declared|declare|will take effect|to take effect|takes effect|take effect|come into force|entered into force|went into effect|to begin at|starting at|starting from)\b",
    re.I,
)
_NEGATED: Final = re.compile(
    r"\b(?:fail(?:ed|s)? to|refus\w+ to|not|never|no|reject\w*|won't|wouldn't|unlikely to|hope\w* (?:to|that)|if)\s+(?:\w+\s+){0,2}$",
    re.I,
)


def in_force(at: datetime) -> KnownTruce | None:
    """The known truce in force at an instant (the latest effective before it)."""
    if at >= _end_of_record():
        return None
    current = [k for k in known() if k.effective <= at]
    return current[-1] if current else None


def _kind_in_force(at: datetime) -> str | None:
    k = in_force(at)
    return k.kind if k else None


def _mentions(sent: Sentence) -> list[re.Match[str]]:
    """The truce mentions of a sentence (kept on it: the announcement reads the first)."""
    found = sent.mentions
    if found is None:
        low = lower_ascii(sent.text)
        rx = on_ascii(lowered(MENTION.compiled()), low)
        found = sent.mentions = list(rx.finditer(low, sent.start, sent.end))
    return found


def _windows(sent: Sentence) -> list[tuple[re.Match[str], int, int]]:
    ms = _mentions(sent)
    pres: list[int] = []
    prev_end = sent.start
    for m in ms:
        lo = max(prev_end, m.start() - 60)
        cut = max(sent.text.rfind(",", lo, m.start()), sent.text.rfind(";", lo, m.start()))
        pres.append(cut + 1 if cut >= 0 else lo)
        prev_end = m.end()
    out = []
    for i, m in enumerate(ms):
        hi = min(sent.end, m.end() + 130, ms[i + 1].start() if i + 1 < len(ms) else sent.end)
        but = sent.text.find(", but ", m.end(), hi)
        if but >= 0 and _UNKNOWN.compiled().search(sent.text, but, hi) is not None:
            # "ended in a truce brokered by <country>, but clashes on the border went on": the
            # words of the next clause say nothing of the truce
            hi = but
        out.append((m, pres[i], hi))
    return out


def _window_dates(window: str, ctx: DocContext) -> tuple[TimeMention, ...]:
    """The dates written in a mention's window, read once per document (several rules
    read the same window)."""
    memo = ctx.window_dates
    found = memo.get(window)
    if found is None:
        found = memo[window] = tuple(find_dates(window, 0, len(window), ctx.published, ctx.tz))
    return found


#: Words of a truce's making, with which a relative day ("on Saturday", "Saturday's
#: agreement") may name the day a truce was announced.
_SPEAKS_OF_AGREEMENT: Final = re.compile(
    r"\b(?:agree\w*|announc\w*|reach\w*|sign\w*|declar\w*|broker\w*|mediat\w*|deal|accord|"
    r"took effect|came into (?:force|effect)|took force|entered into force)\b",
    re.I,
)


def _dated(
    window: str, ctx: DocContext, cands: list[KnownTruce], mention_rel: int | None = None
) -> list[str]:
    """Known truces whose effective or announced day the window writes out.

    Lists of days of one month count ("on October 10, 18 and 26"). With the mention's
    place in the window (``mention_rel``), a day before it dates the truce's making only
    when the words between make it ("On Saturday the sides agreed a truce", "Saturday's
    truce"), not when they tell of something else ("accused each other on Saturday of
    breaking a truce").
    """
    days: list[date] = []
    relative: set[date] = set()
    written: set[date] = set()
    months: list[str] = []
    other: set[date] = set()
    for tm in _window_dates(window, ctx):
        if tm.time.precision == "month" and tm.time.date and tm.end - tm.start > 2:
            months.append(tm.time.date[:7])  # "a ceasefire in November"
            continue
        if (
            tm.time.precision == "week"
            and tm.time.start
            and tm.time.end
            and mention_rel is not None
        ):
            # "the ceasefire agreed a week ago": the one known truce made in that week
            if _MADE_AGO.search(window, mention_rel, tm.start):
                made = [
                    k
                    for k in cands
                    if tm.time.start.date() <= k.announced < tm.time.end.date()
                    and k.announced != ctx.pub_day
                ]
                if len(made) == 1:
                    days.append(made[0].announced)
            continue
        if tm.time.precision != "day" or not tm.time.date:
            continue
        d = date.fromisoformat(tm.time.date)
        if (
            mention_rel is not None
            and tm.end <= mention_rel
            and not _MAKES_TRUCE.search(window, tm.end, mention_rel)
            and not _ATTRIBUTE_DAY.fullmatch(window, tm.end, mention_rel)
        ):
            other.add(d)  # the day of another verb, before the mention
        if any(ch.isdigit() for ch in window[tm.start : tm.end]):
            written.add(d)
        else:
            relative.add(d)  # "this morning", "on Saturday": no day written out
        # "10 and 18 October": days written before the date whose month they share.
        before = _DAYS_BEFORE.search(window, 0, tm.start)
        if before is not None and window[tm.start].isdigit():
            for n in re.findall(r"\d{1,2}", before.group(0)):
                with contextlib.suppress(ValueError):
                    days.append(d.replace(day=int(n)))
        days.append(d)
        pos = tm.end
        while (more := _MORE_DAYS.match(window, pos)) is not None:
            try:
                days.append(d.replace(day=int(more.group(1))))
            except ValueError:
                break
            pos = more.end()
    ids: list[str] = []
    relative -= written
    agreed: bool | None = None
    for d in days:
        hit = [k for k in cands if k.effective.date() == d]
        if not hit and d not in other:
            hit = [k for k in cands if k.announced == d]
            if hit and d in relative:
                # A relative day ("are shelling this morning", in the report of a breach)
                # names a truce announced that day only when the words speak of its making.
                if agreed is None:
                    agreed = _SPEAKS_OF_AGREEMENT.search(window) is not None
                if not agreed:
                    hit = []
        if hit and hit[0].id not in ids:
            ids.append(hit[0].id)
    for month in months if not ids else ():
        # a month names the one known truce that took effect in it, when it is in the past
        hit = [k for k in cands if k.effective.strftime("%Y-%m") == month]
        if len(hit) == 1 and hit[0].effective.date() < ctx.pub_day and hit[0].id not in ids:
            ids.append(hit[0].id)
    return ids


#: Words between a day and a truce mention after it that make the truce on that day.
_MAKES_TRUCE: Final = re.compile(
    r"(?<![\w-])(?:agree\w*|brokered|mediated|reached|signed|declared|announced|deal|accord)\b",
    re.I,
)
#: A day written as the truce's attribute: "Saturday's truce", "the October 17 humanitarian truce".
_ATTRIBUTE_DAY: Final = re.compile(r"\)?(?:['\u2019]s)?\s*(?:humanitarian\s+|new\s+)?", re.I)
#: The making of a truce told just before "a week ago", "two weeks ago".
_MADE_AGO: Final = re.compile(
    r"\b(?:agreed|brokered|reached|signed|declared|announced|took effect|came into force)\s+$", re.I
)
_AGREED_ON: Final = re.compile(
    r"\b(?:agreed|brokered|mediated|reached|signed|declared|announced|took effect|taken effect|"
    r"came into (?:force|effect)|entered into force)\b(?:\s+[\w:.]+){0,5}?\s+(?:on|at|from)\s+$",
    re.I,
)


#: A truce made at the weekend before the report: "a ceasefire announced over the weekend".
_MADE_AT_WEEKEND: Final = re.compile(
    r"\s*(?:that\s+was\s+|which\s+was\s+)?(?:agreed|brokered|reached|signed|declared|announced|"
    r"took effect|came into force)\s+(?:over|at|during|on)\s+the\s+weekend\b"
    r"|\s*(?:agreed|brokered|reached|signed|declared|announced|took effect)\s+last\s+weekend\b",
    re.I,
)


def _made_at_weekend(window: str, mention_rel: int, ctx: DocContext) -> list[str]:
    """The one known truce announced or in force from the Saturday or Sunday just before
    the report's day, when the words after the mention make it "over the weekend"."""
    if "weekend" not in window:
        return []
    end = window.find(" ", mention_rel)
    if end < 0 or _MADE_AT_WEEKEND.match(window, end) is None:
        return []
    back = (ctx.pub_day.weekday() - 5) % 7 or 7  # days back to the last Saturday
    saturday = ctx.pub_day - timedelta(days=back)
    weekend = (saturday, saturday + timedelta(days=1))
    made = [k for k in known() if k.announced in weekend or k.effective.date() in weekend]
    return [made[0].id] if len(made) == 1 else []


def _agreed_on_another_day(window: str, ctx: DocContext) -> bool:
    """The truce was agreed or took effect on a day written out that is no known truce's."""
    for tm in _window_dates(window, ctx):
        if tm.time.precision != "day" or not tm.time.date:
            continue
        if _AGREED_ON.search(window, max(0, tm.start - 80), tm.start):
            d = date.fromisoformat(tm.time.date)
            if not any(d in (k.effective.date(), k.announced) for k in known()):
                return True
    return False


def _names_past_truces(window: str, ctx: DocContext) -> bool:
    """The words date known truces: several, or one agreed days before the report."""
    ids = _dated(window, ctx, list(known()))
    if len(ids) >= 2:
        return True
    return any((ctx.pub_day - k.effective.date()).days > 2 for k in known() if k.id in ids)


def _no_truce_agreed_lately(ctx: DocContext) -> bool:
    """No known truce was agreed in the three days up to the report."""
    return all(not 0 <= (ctx.pub_day - k.announced).days <= 3 for k in known())


def _found(rx: re.Pattern[str], window: str, low: str | None) -> bool:
    """``rx.search(window)`` for a case-blind ``rx``, passed over where none of its needles
    stands (``low``: ``window.lower()`` when it folds safely, else None)."""
    return may_search(rx, low) and rx.search(window) is not None


_YEAR: Final = re.compile(r"\b(20[12]\d)\b")
_HUMANITARIAN: Final = re.compile(
    r"\bhumanitarian\s+(?:\w+\s+)?(?:cease-?fires?|truces?|pause)", re.I
)


#: How far after a mention's start a word of a truce outside the known set still qualifies it.
_QUALIFIES: Final = 50


def _far_dated(window: str, mention_rel: int, ctx: DocContext) -> list[str]:
    """The known truce the words right after a mention date ("a ceasefire in November"),
    when the words of a truce outside the known set stand only further on ("... out of
    territory held since the 1990s"): those tell of something else."""
    rx = on_ascii(_UNKNOWN.compiled(), window)
    first = rx.search(window)
    if first is None or first.start() < mention_rel + _QUALIFIES:
        return []
    return _dated(window[: first.start()], ctx, list(known()), mention_rel)


def resolve(
    window: str, mention_rel: int, ctx: DocContext, at: datetime, plural: bool, taken: set[str]
) -> tuple[list[str], str]:
    """Known truce ids a mention refers to, and the cue that decided it."""
    pack = active()
    if has_match(_UNKNOWN.compiled(), window, 0, len(window)):
        far = _far_dated(window, mention_rel, ctx)
        return (far, "date") if far else ([], "unknown truce")
    late = pack.truce_rules.get("other_truces_late_from")
    low = window.lower() if folds_safely(window) else None  # passes over absent words
    if (
        isinstance(late, date)
        and ctx.pub_day >= late
        and _found(_UNKNOWN_LATE.compiled(), window, low)
    ):
        return [], "unknown truce"
    cands = [k for k in known() if (k.effective.date() - ctx.pub_day).days <= 2]
    if not cands:
        return [], "none before publication"
    cands_all = cands
    basis: list[str] = []
    dated = _dated(window, ctx, cands, mention_rel) or _made_at_weekend(window, mention_rel, ctx)
    if dated:
        return dated, "date"
    if _agreed_on_another_day(window, ctx):
        return [], "unknown truce"
    # "the deadliest fighting since 2020": a year after "since" dates the fighting, not the truce
    years = {
        int(m.group(0))
        for m in _YEAR.finditer(window)
        if not window.endswith("since ", 0, m.start())
    }
    if years:
        cands = [k for k in cands if k.effective.year in years]
        basis.append("year")
    listed = _listed_brokers(window) if plural else frozenset()
    if len(listed) > 1:
        # "ceasefire agreements mediated by <A>, <B> and <C>": each agreement by one of them
        cands = [k for k in cands if k.brokers & listed]
        basis.extend(f"broker {code}" for code in sorted(listed))
    for code in _broker_codes(window, ctx) if len(listed) <= 1 else ():
        cands = [k for k in cands if code in k.brokers]
        basis.append(f"broker {code}")
    if _found(_HUMANITARIAN, window, low):
        cands = [k for k in cands if k.kind == "humanitarian"]
        basis.append("humanitarian")
    peace_deal = has_match(_PEACE_DEAL, window, 0, len(window))
    until = _peace_deal_until(pack)
    if (
        peace_deal
        and until is not None
        and ctx.pub_day >= until
        and not _PEACE_DEAL_OF.search(window)
    ):
        return [], "peace treaty"
    kinds = _kinds_of(pack)
    if (
        not basis
        and not years
        and has_match(_AGREED, window, 0, len(window))
        and not _PREVIOUS.search(window[:mention_rel])
        and not any(k.not_new and has_match(k.words, window, 0, len(window)) for k in kinds)
        and not (_DEFINITE.search(window[:mention_rel]) and _DESCRIBED.match(window, mention_rel))
        and _no_truce_agreed_lately(ctx)
    ):
        # A truce agreed in the days of the report that no known truce was agreed in.
        return [], "new truce"
    for kind in kinds:
        if not _names_kind(kind, window, ctx, at, peace_deal, years, basis):
            continue
        narrowed = [k for k in cands if k.kind == kind.kind]
        if (
            not narrowed
            and not kind.strict
            and not any(k.kind == kind.kind for k in cands_all)
            and _purpose_only(kind, window)
        ):
            # "the second attempt to end the fighting", weeks before the truce that ended
            # the war: what a truce was for names no kind none of whose truces was made yet
            continue
        if kind.strict or narrowed or not basis:
            cands = narrowed
            basis.append(kind.basis)
        break
    if not cands:
        return [], "no known truce fits"
    count = _COUNT.search(window[:mention_rel])
    if count and _COUNTED_AFTER.match(window, mention_rel):
        count = None  # "two ceasefire violations": the number counts breaches, not truces
    # "the truce agreed earlier this month": as "the earlier truce"
    agreed_earlier = "earlier" in window and _AGREED_EARLIER.match(window, mention_rel) is not None
    if _PREVIOUS.search(window[:mention_rel]) or agreed_earlier:
        # "the previous truce": one before the first truce already named, or else before
        # the one in force at the time the text speaks of.
        first = (
            min((k for k in known() if k.id in taken), key=lambda k: k.effective)
            if taken
            else in_force(at)
        )
        if first is not None:
            earlier = [k for k in cands if k.effective < first.effective and k.id not in taken]
            if earlier and agreed_earlier and not basis and not count:
                return [earlier[-1].id], "agreed earlier"
            cands = earlier or cands
    if count:
        n = {"two": 2, "both": 2, "three": 3, "all three": 3}[count.group(1).lower()]
        return [k.id for k in cands[-n:]], ", ".join([*basis, f"count {n}"])
    if not basis:
        pre = window[:mention_rel]
        if not (_DEFINITE.search(pre) or _VIOLATE.search(window) or _MADE.search(pre)):
            return [], "generic"
        if _LATEST.search(pre):
            latest = [k for k in cands if k.effective <= at]
            return ([latest[-1].id] if latest else []), "latest"
        day = at.astimezone(parse_tz(ctx.tz)).date()
        if re.search(
            r"\b(?:agreed|agree|reached|signed|announced|accepted|proposal|new)\b", window, re.I
        ):
            fresh = [k for k in cands if day in (k.effective.date(), k.announced)]
            if fresh:
                return [fresh[-1].id], "agreed that day"
        k = in_force(at)
        return ([k.id] if k else []), "in force"
    if plural and len(cands) <= 3:
        return [k.id for k in cands], ", ".join(basis)
    current = [k for k in cands if k.effective <= at] or cands
    return [current[-1].id], ", ".join(basis)


def _purpose_only(kind: _Kind, window: str) -> bool:
    """Whether the kind's words stand in the window only after "to", as the purpose of a
    truce ("an attempt to end the fighting"), not as its name."""
    found = [m.start() for m in kind.words.finditer(window)]
    return bool(found) and all(window.endswith("to ", 0, at) for at in found)


def _names_kind(
    kind: _Kind,
    window: str,
    ctx: DocContext,
    at: datetime,
    peace_deal: bool,
    years: set[int],
    basis: list[str],
) -> bool:
    """Whether the words around a mention name a truce of this kind."""
    if has_match(kind.words, window, 0, len(window)):
        return True
    if peace_deal and kind.peace_deal_until is not None and ctx.pub_day < kind.peace_deal_until:
        return True
    if kind.peacekeepers and _PEACEKEEPERS.search(window) and _kind_in_force(at) == kind.kind:
        return True
    return (
        kind.by_year is not None
        and years == {kind.by_year[0]}
        and ctx.pub_day >= kind.by_year[1]
        and "humanitarian" not in basis
        and not any(b.removeprefix("broker ") in kind.not_brokers for b in basis)
    )


_ORDINAL: Final = re.compile(
    r"\b(first|second|third)\s+(?:humanitarian\s+)?(?:attempt (?:at|to \w+) (?:a |the )?)?(?:humanitarian\s+)?$",
    re.I,
)


#: "the first ceasefire violation": the ordinal counts breaches, not truces.
_COUNTED_BREACH: Final = re.compile(r"\s*(?:violations?|breach(?:es)?)\b", re.I)


def _ordinal(m: re.Match[str] | None, ctx: DocContext) -> list[str]:
    """ "The second humanitarian truce", "a third attempt at a truce": the pack's series
    (``ordinal_series`` of its truce rules), in texts published in its window."""
    pack = active()
    rules = pack.truce_rules
    start, until = rules.get("ordinal_from"), rules.get("ordinal_until")
    if m is None or not isinstance(start, date) or not isinstance(until, date):
        return []
    if not start <= ctx.pub_day <= until:
        return []
    series = [k.id for k in pack.truces if k.series and k.series == rules.get("ordinal_series")]
    index = ("first", "second", "third").index(m.group(1).lower())
    return series[index : index + 1]


_REGIME: Final = re.compile(r"\s*(?:violations?|regime|line|monitoring)\b", re.I)
_PAST_TRUCE: Final = re.compile(r"\b(?:19|20)\d\d\b|brokered|mediat(?:ed|ion)")


def find_truce_refs(sent: Sentence, ctx: DocContext, at: datetime) -> list[TruceRef]:
    """References in the sentence to known truces."""
    out: list[TruceRef] = []
    taken: set[str] = set()
    for m, lo, hi in _windows(sent):
        if (
            lo > sent.start
            and (
                m.start() - sent.start <= 160
                or (
                    m.start() - sent.start <= _OPENING_SIGNED_REACH
                    and _SIGNED_ON.search(sent.text, lo, m.start()) is not None
                )
            )
            and _OPENING.match(sent.text, sent.start)
            and not lowered(MENTION.compiled()).search(lower_ascii(sent.text), sent.start, lo)
        ):
            # "On 10 October, the two sides agreed a truce": the opening belongs to the clause.
            lo = sent.start
        pre = sent.text[lo : m.start()]
        window = sent.text[lo:hi]
        unknown = on_ascii(_UNKNOWN.compiled(), sent.text)
        if unknown.search(sent.text, sent.start, m.start()) and not _known_years(active()).search(
            window
        ):
            continue
        if (
            _ORDINAL.search(pre)
            and not _UNKNOWN.search(window)
            and not _COUNTED_BREACH.match(sent.text, m.end(), min(sent.end, m.end() + 20))
        ):
            ids = _ordinal(_ORDINAL.search(pre), ctx)
            out.extend(
                TruceRef(tid, sent.text[m.start() : m.end()], "ordinal", (lo, hi)) for tid in ids
            )
            taken.update(ids)
            continue
        regime = _REGIME.match(sent.text[m.end() : m.end() + 20])
        if (
            not regime
            and _GENERIC.search(pre)
            and not (" of a" in pre and _MADE.search(pre))
            and not (
                ("ment " in pre or "deal " in pre or "accord " in pre) and _AGREEMENT_ON.search(pre)
            )
            and not _broker_codes(window, ctx)
            and not _PAST_TRUCE.search(window)
            and not _names_past_truces(window, ctx)
            and not _made_at_weekend(window, m.start() - lo, ctx)
        ):
            if (
                _AGREED.search(window)
                and not _NEGATED.search(pre[-50:])
                and _no_truce_agreed_lately(ctx)
            ):
                ctx.other_truce = True  # "agreed on a ceasefire on Thursday", in 2022
            continue
        plural = m.group(0).lower().endswith("s") or (
            _PLURAL_AFTER.match(sent.text, m.end(), sent.end) is not None
        )
        ids, basis = resolve(window, m.start() - lo, ctx, at, plural, taken)
        if basis in ("unknown truce", "new truce"):
            ctx.other_truce = True
        elif ids:
            if basis in ("in force", "latest") and ctx.other_truce:
                continue  # "the truce" after a truce outside the known set means that one
            if basis not in ("in force", "latest"):
                ctx.other_truce = False
        for tid in ids:
            taken.add(tid)
            out.append(TruceRef(tid, sent.text[m.start() : m.end()], basis, (lo, hi)))
    return out


def find_announcement(sent: Sentence, ctx: DocContext) -> Announcement | None:
    """A new truce announced in the sentence (parties, brokers, effective time)."""
    if not _mentions(sent):  # no mention of a truce (read once per sentence)
        return None
    low = lower_ascii(sent.text) if sent.text.isascii() else None  # for the verbs' needles
    verb = (
        _ANNOUNCE.search(sent.text, sent.start, sent.end)
        if may_search(_ANNOUNCE, low, sent.start, sent.end)
        else None
    )
    if verb is None or _NEGATED.search(sent.text[sent.start : verb.start()][-50:]):
        return None
    body = sent.body
    if _UNKNOWN.search(body) or re.search(
        r"\b(?:previous|earlier|prior|past|last)\s+(?:\w+\s+){0,2}(?:cease|truce)", body, re.I
    ):
        return None
    effective = _effective(sent, ctx)
    if effective is not None and effective.date and len(effective.date) >= 10:
        d = date.fromisoformat(effective.date[:10])
        if (ctx.pub_day - d).days > 2:
            return None
    elif re.search(r"\b(?:has been|was|were) (?:violated|broken)|since the\b", body, re.I):
        return None
    actors = sent.actors
    parties: list[str] = []
    brokers: list[str] = []
    for a in actors:
        if a.kind in ("agent", "generic", "unattr", "media"):
            continue
        target = parties if is_party(a.code) else brokers
        if a.code not in target:
            target.append(a.code)
    if not parties and not re.search(r"\bsides?\b|\bparties\b", body, re.I):
        return None
    for bound, implied in active().word("en", "implied_parties").items():
        if bound in parties and implied not in parties and _IMPLIED.search(body):
            parties.append(implied)
    known_id = None
    if effective is not None and effective.date:
        eff_day = date.fromisoformat(effective.date[:10]) if len(effective.date) >= 10 else None
        known_id = next((k.id for k in known() if k.effective.date() == eff_day), None)
    if known_id is None and effective is None:
        k = next(
            (k for k in known() if k.announced == ctx.pub_day or k.effective.date() == ctx.pub_day),
            None,
        )
        known_id = k.id if k else None
    return Announcement(
        tuple(parties), tuple(brokers), effective, body, (sent.start, sent.end), known_id
    )


def _effective(sent: Sentence, ctx: DocContext) -> OccurredTime | None:
    dates = [d for d in sent.dates if d.time.precision == "day" and d.kind != "year"]
    clocks = sent.clocks
    if not dates and not clocks:
        return None
    if clocks and len(dates) > 1:
        # "said on Sunday that it would take effect at 08:00 on 26 October": the day
        # that goes with the clock is the one written next to it, not the statement's.
        at = clocks[0][0]
        dates.sort(key=lambda d: min(abs(d.start - at), abs(d.end - at)))
    base = dates[0].time if dates else ctx.default_time()
    if (
        dates
        and dates[0].kind == "relative"
        and re.search(
            r"\b(?:from|starting|effective|on|at)\s+(?:\w+\s+){0,3}$",
            sent.text[sent.start : dates[0].start],
        )
    ):
        d = date.fromisoformat(base.date or ctx.pub_day.isoformat())
        if d < ctx.pub_day and re.search(
            r"\bwill\b|\bto take effect\b|\bfrom\b|\bstarting\b", sent.body
        ):
            base = day_time(d + timedelta(days=7), ctx.tz, base.expression)
    if clocks:
        c = clocks[0]
        return with_clock(base, c[2], c[3], c[4], ctx.tz, c[5])
    return base
