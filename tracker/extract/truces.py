"""Truces: references to the known truces and announcements of new ones.

Owns the table of the five known truces (effective and announced local days, brokers,
kind), reading a truce mention's modifiers (broker, date, year, kind, count, "previous",
"latest") to resolve it to known ids, refusing truces outside the known set (1994,
April 2016, September 2022), the "truce in force" rule for a bare "the ceasefire", and
announcements of new truces (parties, brokers, effective time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker.extract.actors import find_actors
from tracker.extract.attribution import DocContext, Sentence
from tracker.extract.model import Announcement, OccurredTime, TruceRef, is_party
from tracker.extract.text import lower_ascii, lowered
from tracker.extract.timeexpr import day_time, find_clock, find_dates, parse_tz, with_clock


@dataclass(frozen=True, slots=True)
class KnownTruce:
    """One reference truce (see shared/reference/truces.json)."""

    id: str
    effective: datetime
    announced: date
    brokers: frozenset[str]
    kind: str


def _t(y: int, mo: int, d: int, h: int) -> datetime:
    return datetime(y, mo, d, h, 0, tzinfo=parse_tz("+04:00"))


KNOWN: tuple[KnownTruce, ...] = (
    KnownTruce(
        "nk-2020-10-10", _t(2020, 10, 10, 12), date(2020, 10, 10), frozenset({"RU"}), "humanitarian"
    ),
    KnownTruce(
        "nk-2020-10-18",
        _t(2020, 10, 18, 0),
        date(2020, 10, 17),
        frozenset({"RU", "FR"}),
        "humanitarian",
    ),
    KnownTruce(
        "nk-2020-10-26", _t(2020, 10, 26, 8), date(2020, 10, 25), frozenset({"US"}), "humanitarian"
    ),
    KnownTruce(
        "nk-2020-11-10", _t(2020, 11, 10, 1), date(2020, 11, 9), frozenset({"RU"}), "trilateral"
    ),
    KnownTruce(
        "nk-2023-09-20", _t(2023, 9, 20, 13), date(2023, 9, 20), frozenset({"RU"}), "cessation"
    ),
)
_END_OF_RECORD = _t(2024, 1, 1, 0)

MENTION = re.compile(
    r"\b(?:cease-?fires?|truces?|armistice|trilateral (?:statement|agreement|declaration|deal)|"
    r"(?:peace|cease-?fire) (?:deal|agreement|accord)s?|(?<=brokered )(?:peace )?(?:deal|agreement|accord|statement)s?|"
    r"(?<=mediated )(?:peace )?(?:deal|agreement|accord|statement)s?|(?:complete |full )?cessation of (?:all )?hostilities|"
    r"suspension of (?:the )?anti-?terror\w* (?:activities|measures|operations?)|"
    r"(?:November (?:9|10)|Nov\. (?:9|10)|(?:9|10) November|trilateral|tripartite|Moscow|Washington|Paris) (?:agreement|deal|statement|accord|declaration))\b",
    re.I,
)
_GENERIC = re.compile(
    r"\b(?:a|an)\s+(?:\w+\s+){0,2}$|\b(?:calls? for|appeals? for|push(?:ed|ing)? for|attempts? to|efforts? to|"
    r"negotiat\w+|seek\w*|establish\w*|no|any)\s+(?:\w+\s+){0,3}$",
    re.I,
)
_UNKNOWN = re.compile(
    r"\b(?:1994|1990s|2016|2022|four-day war|April war|border|Bishkek)\b",
    re.I,
)
_BROKER = {
    "US": re.compile(
        r"\b(?:U\.S\.|US|American|United States|Washington)[- ](?:brokered|mediated|backed|negotiated|sponsored)|(?:brokered|mediated|negotiated|sponsored) by (?:the )?(?:United States|U\.S\.|US|Washington|Americans?)|(?:reached|agreed|signed) in Washington",
        re.I,
    ),
    "RU": re.compile(
        r"\b(?:Russia|Russian|Moscow|Kremlin)[- ](?:brokered|mediated|backed|negotiated|sponsored)|(?:brokered|mediated|negotiated|sponsored) by (?:the )?(?:Russia|Moscow|Kremlin|Russian)|\bMoscow (?:humanitarian )?(?:cease-?fire|truce|statement)|agreed in Moscow|(?:Russia|Moscow|the Kremlin|Russian \w+) (?:brokered|mediated|negotiated)\b",
        re.I,
    ),
    "FR": re.compile(
        r"\b(?:France|French|Paris)[- ](?:brokered|mediated|backed|negotiated)|(?:brokered|mediated) by (?:France|Paris)|\bParis (?:cease-?fire|truce|statement)",
        re.I,
    ),
}
_ELEVEN = re.compile(
    r"\btrilateral\b|peace (?:deal|agreement|accord)|\bend(?:ed|ing)? (?:the |six weeks of |44 days of )?(?:2020 |44-day |six-week )?(?:war|fighting|conflict)|end of the (?:2020 |44-day )?(?:war|conflict)|November 9|November 10|Nov\. (?:9|10)|9 November|10 November",
    re.I,
)
#: Russian peacekeepers came with the trilateral statement; they point at it while it is
#: the truce in force (in September 2023 they recorded violations of its successor).
_PEACEKEEPERS = re.compile(r"peacekeep", re.I)
_TWENTY3 = re.compile(
    r"\banti-?terror\w*|suspension of|September 20|Sept\. 20|20 September|one-day (?:offensive|operation)|lightning offensive",
    re.I,
)
_COUNT = re.compile(r"\b(two|both|three|all three)\b", re.I)
_PREVIOUS = re.compile(r"\b(?:previous|earlier|prior|past|former)\b", re.I)
_LATEST = re.compile(r"\b(?:latest|last|most recent|current|new|newest|recent)\b", re.I)
_DEFINITE = re.compile(r"\b(?:the|this|that|its|their)\s+(?:\w+[- ]){0,3}$", re.I)
_VIOLATE = re.compile(
    r"\bviolat\w*|\bbreach\w*|\bbroke\b|\bcollaps\w*|\bfray\w*|\bhold(?:s|ing)?\b|\bobserv\w+|\bmonitor\w*|\bregime\b|\bin force\b|\bin effect\b",
    re.I,
)
_ANNOUNCE = re.compile(
    r"\b(?:agreed|agree|agrees|announced|announces|reached|signed|declared|declare|will take effect|to take effect|takes effect|take effect|come into force|entered into force|went into effect|to begin at|starting at|starting from)\b",
    re.I,
)
_NEGATED = re.compile(
    r"\b(?:fail(?:ed|s)? to|refus\w+ to|not|never|no|reject\w*|won't|wouldn't|unlikely to|hope\w* (?:to|that)|if)\s+(?:\w+\s+){0,2}$",
    re.I,
)


def in_force(at: datetime) -> KnownTruce | None:
    """The known truce in force at an instant (the latest effective before it)."""
    if at >= _END_OF_RECORD:
        return None
    current = [k for k in KNOWN if k.effective <= at]
    return current[-1] if current else None


def _kind_in_force(at: datetime) -> str | None:
    k = in_force(at)
    return k.kind if k else None


def _windows(sent: Sentence) -> list[tuple[re.Match[str], int, int]]:
    ms = list(lowered(MENTION).finditer(lower_ascii(sent.text), sent.start, sent.end))
    pres: list[int] = []
    prev_end = sent.start
    for m in ms:
        lo = max(prev_end, m.start() - 60)
        cut = max(sent.text.rfind(",", lo, m.start()), sent.text.rfind(";", lo, m.start()))
        pres.append(cut + 1 if cut >= 0 else lo)
        prev_end = m.end()
    out = []
    for i, m in enumerate(ms):
        hi = min(sent.end, m.end() + 130, pres[i + 1] if i + 1 < len(ms) else sent.end)
        out.append((m, pres[i], hi))
    return out


def resolve(
    window: str, mention_rel: int, ctx: DocContext, at: datetime, plural: bool, taken: set[str]
) -> tuple[list[str], str]:
    """Known truce ids a mention refers to, and the cue that decided it."""
    if _UNKNOWN.search(window):
        return [], "unknown truce"
    if ctx.pub_day.year >= 2023 and re.search(r"\blast September\b|\bSeptember 2022\b", window):
        return [], "unknown truce"
    cands = [k for k in KNOWN if (k.effective.date() - ctx.pub_day).days <= 2]
    if not cands:
        return [], "none before publication"
    basis: list[str] = []
    for tm in find_dates(window, 0, len(window), ctx.published, ctx.tz):
        if tm.time.precision == "day" and tm.time.date:
            d = date.fromisoformat(tm.time.date)
            hit = [k for k in cands if k.effective.date() == d] or [
                k for k in cands if k.announced == d
            ]
            if hit:
                return [hit[0].id], f"date {tm.time.expression}"
    years = {int(y) for y in re.findall(r"\b(20[12]\d)\b", window)}
    if years:
        cands = [k for k in cands if k.effective.year in years]
        basis.append("year")
    for code, rx in _BROKER.items():
        if rx.search(window):
            cands = [k for k in cands if code in k.brokers]
            basis.append(f"broker {code}")
    if re.search(r"\bhumanitarian\s+(?:\w+\s+)?(?:cease-?fires?|truces?|pause)", window, re.I):
        cands = [k for k in cands if k.kind == "humanitarian"]
        basis.append("humanitarian")
    if _TWENTY3.search(window):
        cands = [k for k in cands if k.kind == "cessation"]
        basis.append("2023 cessation")
    elif (
        _ELEVEN.search(window)
        or (_PEACEKEEPERS.search(window) and _kind_in_force(at) == "trilateral")
        or (
            years == {2020}
            and ctx.pub_day >= date(2020, 11, 10)
            and "humanitarian" not in basis
            and not any(b.startswith("broker U") for b in basis)
        )
    ):
        narrowed = [k for k in cands if k.kind == "trilateral"]
        if narrowed or not basis:
            cands = narrowed
            basis.append("trilateral")
    if not cands:
        return [], "no known truce fits"
    count = _COUNT.search(window[: mention_rel + 1])
    if _PREVIOUS.search(window[:mention_rel]) and taken:
        first_taken = min((k for k in KNOWN if k.id in taken), key=lambda k: k.effective)
        cands = [k for k in cands if k.effective < first_taken.effective and k.id not in taken]
    if count:
        n = {"two": 2, "both": 2, "three": 3, "all three": 3}[count.group(1).lower()]
        return [k.id for k in cands[-n:]], ", ".join([*basis, f"count {n}"])
    if not basis:
        pre = window[:mention_rel]
        if not (_DEFINITE.search(pre) or _VIOLATE.search(window)):
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


_ORDINAL = re.compile(
    r"\b(first|second|third)\s+(?:humanitarian\s+)?(?:attempt (?:at|to \w+) (?:a |the )?)?(?:humanitarian\s+)?$",
    re.I,
)
_HUMANITARIAN = ("nk-2020-10-10", "nk-2020-10-18", "nk-2020-10-26")


def _ordinal(m: re.Match[str] | None, ctx: DocContext) -> list[str]:
    """ "The second humanitarian truce", "a third attempt at a truce": the October 2020 series."""
    if m is None or not date(2020, 10, 9) <= ctx.pub_day <= date(2020, 12, 31):
        return []
    index = ("first", "second", "third").index(m.group(1).lower())
    return [_HUMANITARIAN[index]]


def find_truce_refs(sent: Sentence, ctx: DocContext, at: datetime) -> list[TruceRef]:
    """References in the sentence to known truces."""
    out: list[TruceRef] = []
    taken: set[str] = set()
    for m, lo, hi in _windows(sent):
        pre = sent.text[lo : m.start()]
        window = sent.text[lo:hi]
        if _UNKNOWN.search(sent.text, sent.start, m.start()) and not re.search(
            r"\b20(?:20|23)\b", window
        ):
            continue
        if _ORDINAL.search(pre) and not _UNKNOWN.search(window):
            ids = _ordinal(_ORDINAL.search(pre), ctx)
            out.extend(
                TruceRef(tid, sent.text[m.start() : m.end()], "ordinal", (lo, hi)) for tid in ids
            )
            taken.update(ids)
            continue
        regime = re.match(
            r"\s*(?:violations?|regime|line|monitoring)\b", sent.text[m.end() : m.end() + 20], re.I
        )
        if (
            not regime
            and _GENERIC.search(pre)
            and not any(rx.search(sent.text[lo:hi]) for rx in _BROKER.values())
            and not re.search(r"\b(?:19|20)\d\d\b|brokered|mediated", sent.text[lo:hi])
        ):
            continue
        plural = m.group(0).lower().endswith("s")
        ids, basis = resolve(sent.text[lo:hi], m.start() - lo, ctx, at, plural, taken)
        for tid in ids:
            taken.add(tid)
            out.append(TruceRef(tid, sent.text[m.start() : m.end()], basis, (lo, hi)))
    return out


def find_announcement(sent: Sentence, ctx: DocContext) -> Announcement | None:
    """A new truce announced in the sentence (parties, brokers, effective time)."""
    mention = lowered(MENTION).search(lower_ascii(sent.text), sent.start, sent.end)
    verb = _ANNOUNCE.search(sent.text, sent.start, sent.end)
    if (
        mention is None
        or verb is None
        or _NEGATED.search(sent.text[sent.start : verb.start()][-50:])
    ):
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
    actors = find_actors(sent.text, sent.start, sent.end)
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
    if (
        "AZ" in parties
        and re.search(r"\bKarabakh|ethnic Armenian|separatist", body)
        and "NK" not in parties
    ):
        parties.append("NK")
    known = None
    if effective is not None and effective.date:
        eff_day = date.fromisoformat(effective.date[:10]) if len(effective.date) >= 10 else None
        known = next((k.id for k in KNOWN if k.effective.date() == eff_day), None)
    if known is None and effective is None:
        k = next(
            (k for k in KNOWN if k.announced == ctx.pub_day or k.effective.date() == ctx.pub_day),
            None,
        )
        known = k.id if k else None
    return Announcement(
        tuple(parties), tuple(brokers), effective, body, (sent.start, sent.end), known
    )


def _effective(sent: Sentence, ctx: DocContext) -> OccurredTime | None:
    dates = [
        d
        for d in find_dates(sent.text, sent.start, sent.end, ctx.published, ctx.tz)
        if d.time.precision == "day" and d.kind != "year"
    ]
    clocks = find_clock(sent.text, sent.start, sent.end, ctx.tz)
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
