"""Time expressions: explicit dates, clock times with zones, weekdays, relative phrases.

Owns finding time words in a sentence and resolving them against the publication time
in the conflict's time zone: "on Thursday" is the latest such day on or before
publication, "overnight" and "today" the publication day, "last week" a week, "this
month" a month. What cannot be resolved keeps its words and a coarse precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Final

from tracker.conflict import ConflictPack, active
from tracker.conflict.patterns import PackPattern, alternation
from tracker.extract.model import OccurredTime
from tracker.extract.needles import folds_safely, may_search
from tracker.extract.openings import DIGIT, SPACE, openings, trie
from tracker.extract.text import anchored, lower_ascii, lowered, on_ascii

_MONTHS: Final = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}


def month_number(name: str) -> int:
    """The number of a month written in English, in full or abbreviated, in any case."""
    return _MONTHS[name.lower()]


_WEEKDAYS: Final = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MON: Final = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_NUMWORD: Final = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
}

_DATE_RX: Final = re.compile(
    r"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)"
    r"|(?P<md>\b(?P<mdm>"
    + _MON
    + r")\.?\s+(?P<mdd>[0-3]?\d)(?:st|nd|rd|th)?\b(?:\s?[-–]\s?(?P<mdd2>[0-3]?\d)\b)?"
    r"(?:,?\s+(?P<mdy>(?:19|20)\d\d)\b)?)"
    r"|(?P<dm>\b(?P<dmd>[0-3]?\d)(?:st|nd|rd|th)?(?:\s?[-–]\s?(?P<dmd2>[0-3]?\d)(?:st|nd|rd|th)?)?"
    r"\s+(?:of\s+)?(?P<dmm>" + _MON + r")\b\.?(?:,?\s+(?P<dmy>(?:19|20)\d\d)\b)?)"
    r"|(?P<my>\b(?P<mym>" + _MON + r")\.?,?\s+(?P<myy>(?:19|20)\d\d)\b)"
    r"|(?P<mo>\b(?:in|since|during|until|by|early|late|mid-?|throughout|of|this|last)\s+(?P<mom>January|February|March|April|June|July|August|September|October|November|December)\b(?!\.?\s+[0-3]?\d\b)(?!,?\s+(?:19|20)\d\d))"
    r"|(?P<wd>\b(?:(?P<wdq>last|this|past|next)\s+)?(?P<wdn>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b)"
    r"|(?P<rel>\b(?:today|this morning|this afternoon|this evening|tonight|earlier today|(?:earlier|later) in the day|overnight|"
    r"last night|yesterday|the day before|a day earlier|a day before|the previous day|"
    r"(?:over|during) the (?:past|last) (?:day|24 hours)|(?:past|last) 24 hours|(?:a|one|two|three|four|five|six|seven|\d) days? (?:ago|earlier)|"
    r"(?:earlier|later) this (?:week|month|year)|this (?:week|month|year)|last (?:week|month|year)|"
    r"(?:a|one|two|three) weeks? ago|the previous week|the previous month|"
    r"(?:a|one|two|three|four|five|six|seven|\d) years? ago)\b)"
    r"|(?P<year>(?<![\d-])\b(?P<yy>19[89]\d|20[0-4]\d)\b(?![\d-])(?!\s*(?:GMT|UTC|hrs|hours|local|Z\b|MSK|Moscow)))",
    re.I,
)
#: A clock time and its zone; the pack's ``local_zone_words`` name the conflict's own zone.
_CLOCK_RX: Final = PackPattern(
    lambda pack: (
        r"(?:(?P<h>[0-2]?\d)(?:[:.]|: )(?P<m>[0-5]\d)(?!\d)\s*(?P<ap>[ap]\.?\s?m\b\.?)?"
        r"|(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap]\.?\s?m\b\.?)"
        r"|(?P<hm>\b[0-2]\d[0-5]\d)(?=\s*(?:GMT|UTC|hrs|hours|local|Z\b|Moscow|MSK|EDT|EST))"
        r"|(?P<noon>\bnoon\b|\bmidday\b)|(?P<midnight>\bmidnight\b))"
        r"(?P<zone>\s*\(?\s*(?:local time|local|\(?GMT\s*[+-]\s*\d{1,2}(?::?00)?\)?|UTC\s*[+-]\s*\d{1,2}(?::?00)?|GMT|UTC|Z\b|"
        r"Moscow time|MSK|EDT|EST|CEST|CET|"
        + alternation(pack.word("en", "local_zone_words"))
        + "))?"
    ),
    re.I,
)
_ZONES: Final = {
    "gmt": 0,
    "utc": 0,
    "z": 0,
    "moscow time": 3,
    "msk": 3,
    "edt": -4,
    "est": -5,
    "cet": 1,
    "cest": 2,
}


#: What puts a range of days at its last: "the night of 6-7 May", "the night from <day> to".
_NIGHT_OF: Final = re.compile(r"\bnight (?:of|from)\s+(?:the\s+)?$", re.I)
#: A night word that the day after it dates: "overnight into <day>", "last night, <day>".
_NIGHT_WORDS: Final = frozenset(("overnight", "last night", "tonight"))
_NIGHT_INTO: Final = re.compile(
    r"\s*,?\s*(?:(?:into|to|on|till|until)\s+)?(?:the\s+)?(?:early\s+)?"
)

#: Where a clock time can begin (and so, whether a sentence has one).
_CLOCK_HINT: Final = re.compile(r"\d|noon|midday|midnight", re.I)
#: A digit, as ``_CLOCK_HINT`` reads one: a pattern of one class, which sre skips to in C.
_DIGIT: Final = re.compile(r"\d")


def clock_may_start(low: str, start: int, end: int) -> bool:
    """Whether ``lowered(_CLOCK_HINT)`` (where ``find_clock`` tries a clock time) matches
    in ``low[start:end]``: a digit, or one of its words as written (the copy is
    case-sensitive). One scan by a class and three substring searches, much cheaper than
    the alternation tried at every character."""
    return (
        _DIGIT.search(low, start, end) is not None
        or low.find("noon", start, end) >= 0
        or low.find("midday", start, end) >= 0
        or low.find("midnight", start, end) >= 0
    )


_WORD: Final = re.compile(r"(?<![\w-])[\w]+")
_DATE_STARTS: Final = frozenset(
    [
        *_MONTHS,
        *_WEEKDAYS,
        *(f"{d}s" for d in _WEEKDAYS),
        *_NUMWORD,
        "in",
        "since",
        "during",
        "over",
        "until",
        "by",
        "early",
        "late",
        "mid",
        "throughout",
        "of",
        "this",
        "last",
        "past",
        "next",
        "today",
        "tonight",
        "earlier",
        "later",
        "overnight",
        "yesterday",
        "the",
    ]
)


#: How many characters of a date's opening words are checked before it is tried.
_DATE_OPENING: Final = 8


@lru_cache(maxsize=1)
def _date_candidates() -> re.Pattern[str]:
    """Where a date expression can begin in lower-cased text: a digit, or one of the
    opening words followed by what a date that opens with a word goes on with ("in" only
    before a month: "in janua", "the" only in "the day " and "the prev")."""
    words = "|".join(sorted((re.escape(w) for w in _DATE_STARTS), key=len, reverse=True))
    heads = openings(lowered(_DATE_RX).pattern, _DATE_OPENING, classes=True)
    ahead = "" if "" in heads else f"(?={trie([o for o in heads if o[0] not in (DIGIT, SPACE)])})"
    return re.compile(r"(?<![\w-])(?:\d|" + ahead + r"(?:" + words + r")\b)")


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression found in text, resolved (kind: date/relative/year/clock)."""

    start: int
    end: int
    kind: str
    time: OccurredTime


@lru_cache(maxsize=64)
def parse_tz(tz: str) -> timezone:
    """``+04:00`` → a fixed-offset timezone."""
    m = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})?", tz.strip())
    if m is None:
        return timezone(timedelta(hours=4))
    sign = -1 if m.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))


@lru_cache(maxsize=4096)
def _day(d: date, zone: timezone, expr: str, precision: str = "day") -> OccurredTime:
    # kept: the same days are made again and again (the publication day above all), and
    # an ``OccurredTime`` cannot change
    start = datetime.combine(d, time(0, 0), zone)
    return OccurredTime(d.isoformat(), precision, expr, start, start + timedelta(days=1), None)


def _month(y: int, m: int, zone: timezone, expr: str) -> OccurredTime:
    start = datetime(y, m, 1, tzinfo=zone)
    nxt = datetime(y + (m == 12), m % 12 + 1, 1, tzinfo=zone)
    return OccurredTime(f"{y:04d}-{m:02d}", "month", expr, start, nxt, None)


def _week(first: date, zone: timezone, expr: str) -> OccurredTime:
    start = datetime.combine(first, time(0, 0), zone)
    last = first + timedelta(days=6)
    label = f"{first.year:04d}-{first.month:02d}" if last.month == first.month else None
    return OccurredTime(label, "week", expr, start, start + timedelta(days=7), None)


def _infer_year(month: int, day: int, pub: date) -> int:
    year = pub.year
    try:
        if date(year, month, day) > pub + timedelta(days=60):
            year -= 1
    except ValueError:
        pass
    return year


def _relative(word: str, pub: date, zone: timezone, expr: str) -> OccurredTime | None:
    w = " ".join(word.lower().split())
    if w.startswith(("over the", "during the")):
        return _day(pub - timedelta(days=1), zone, expr)  # a daily bulletin's day: the one before
    if (
        w
        in (
            "today",
            "this morning",
            "this afternoon",
            "this evening",
            "tonight",
            "earlier today",
            "earlier in the day",
            "later in the day",
            "overnight",
        )
        or "24 hours" in w
    ):
        return _day(pub, zone, expr)
    if w in (
        "last night",
        "yesterday",
        "the day before",
        "a day earlier",
        "a day before",
        "the previous day",
    ):
        return _day(pub - timedelta(days=1), zone, expr)
    m = re.match(r"(\w+) days? (?:ago|earlier)", w)
    if m:
        n = _NUMWORD.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else 1)
        return _day(pub - timedelta(days=n), zone, expr)
    monday = pub - timedelta(days=pub.weekday())
    if w.endswith("this week"):
        return _week(monday, zone, expr)
    if w in ("last week", "the previous week"):
        return _week(monday - timedelta(days=7), zone, expr)
    m = re.match(r"(\w+) weeks? ago", w)
    if m:
        n = _NUMWORD.get(m.group(1), 1)
        return _week(monday - timedelta(days=7 * n), zone, expr)
    if w.endswith("this month"):
        return _month(pub.year, pub.month, zone, expr)
    if w in ("last month", "the previous month"):
        y, mth = (pub.year - 1, 12) if pub.month == 1 else (pub.year, pub.month - 1)
        return _month(y, mth, zone, expr)
    if w.endswith("this year"):
        return OccurredTime(f"{pub.year:04d}", "year", expr, None, None, None)
    m = re.match(r"(\w+) years? ago", w)
    if m:
        n = _NUMWORD.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else 1)
        return OccurredTime(f"{pub.year - n:04d}", "year", expr, None, None, None)
    if w == "last year":
        return OccurredTime(f"{pub.year - 1:04d}", "year", expr, None, None, None)
    return None


def find_dates(text: str, start: int, end: int, published: datetime, tz: str) -> list[TimeMention]:
    """Date-like expressions in ``text[start:end]``, resolved against ``published``."""
    out: list[TimeMention] = []
    zone = parse_tz(tz)
    pub = _local_date(published, zone)
    # tried only where a date can begin (much faster than finditer)
    low = lower_ascii(text)
    dates, starts = on_ascii(lowered(_DATE_RX), low), on_ascii(_date_candidates(), low)
    for m in anchored(dates, starts, low, start, end):
        expr = text[m.start() : m.end()]
        ot: OccurredTime | None = None
        kind = "date"
        try:
            if m.group("iso"):
                ot = _day(date(int(m["iy"]), int(m["im"]), int(m["id"])), zone, expr)
            elif m.group("md") or m.group("dm"):
                mon_word = (m["mdm"] or m["dmm"]).lower().rstrip(".")
                if mon_word == "may" and not (m["mdy"] or m["dmy"]) and expr[0] == "m":
                    continue
                month = _MONTHS[mon_word]
                day = int(m["mdd"] or m["dmd"])
                last = m["mdd2"] or m["dmd2"]
                if last and _NIGHT_OF.search(text, max(start, m.start() - 20), m.start()):
                    day = int(last)  # "the night of 6-7 May": the night runs into 7 May
                yr = m["mdy"] or m["dmy"]
                year = int(yr) if yr else _infer_year(month, day, pub)
                ot = _day(date(year, month, day), zone, expr)
            elif m.group("my"):
                ot = _month(int(m["myy"]), _MONTHS[m["mym"].lower().rstrip(".")], zone, expr)
            elif m.group("mo"):
                month = _MONTHS[m["mom"].lower()]
                year = pub.year if month <= pub.month + 1 else pub.year - 1
                if expr.lower().startswith("last") and month >= pub.month:
                    year = pub.year - 1
                ot = _month(year, month, zone, expr)
            elif m.group("wd"):
                if m["wdq"] and m["wdq"].lower() == "next":
                    continue
                target = _WEEKDAYS[m["wdn"].lower()]
                back = (pub.weekday() - target) % 7
                if m["wdq"] and m["wdq"].lower() == "last" and back == 0:
                    back = 7
                ot = _day(pub - timedelta(days=back), zone, expr)
                kind = "relative"
            elif m.group("rel"):
                ot = _relative(m.group("rel"), pub, zone, expr)
                kind = "relative"
            elif m.group("year"):
                ot = OccurredTime(m["yy"], "year", expr, None, None, None)
                kind = "year"
        except ValueError:
            ot = None
        if ot is not None:
            out.append(TimeMention(m.start(), m.end(), kind, ot))
            if (m.group("md") or m.group("dm")) and " and " in text[
                max(start, m.start() - 9) : m.end() + 6
            ]:
                paired = _paired_day(text, m, ot, zone, start, end)
                if paired:
                    out.extend(paired)
                    out.sort(key=lambda tm: tm.start)
    if len(out) > 1 and low.find("night", start, end) >= 0:
        out = _night_runs_into(text, out, start)
    if len(out) > 1:
        out = _clock_nights(text, out, start)
    return out


#: A clock time of the evening before the first day of a pair, and one of the early morning
#: before the second: "from 22:00 on <day> to 02:00 on <next day>", "between 2320 on ...".
_EVENING_BEFORE: Final = re.compile(
    r"\b(?P<h>[0-2]?\d)[:.]?[0-5]\d\s*(?:hours?\s+|hrs\s+)?(?:on\s+)?$"
)
_MORNING_BETWEEN: Final = re.compile(
    r"\s*,?\s*(?:and|to|till|until|through|-|\u2013)\s+(?:(?:about|around)\s+)?"
    r"(?P<h>[0-2]?\d)[:.]?[0-5]\d\s*(?:hours?\s+|hrs\s+)?(?:on\s+)?"
)


def _days_in_a_row(tm: TimeMention, nxt: TimeMention) -> bool:
    """Two mentions of whole days, the second the day after the first."""
    return (
        tm.time.precision == "day"
        and nxt.time.precision == "day"
        and tm.time.date is not None
        and nxt.time.date is not None
        and date.fromisoformat(nxt.time.date) - date.fromisoformat(tm.time.date)
        == timedelta(days=1)
    )


def _clock_nights(text: str, out: list[TimeMention], start: int) -> list[TimeMention]:
    """The first day of a clock range over one night ("from 22:00 on <day> to 02:00 on
    <next day>", "between 23:00 on <weekday> and 01:00 on <weekday>") is dropped: the night
    runs into the second day, as "the night of <day> to <day>" does."""
    kept: list[TimeMention] = []
    for i, tm in enumerate(out):
        nxt = out[i + 1] if i + 1 < len(out) else None
        if (
            nxt is not None
            and _days_in_a_row(tm, nxt)
            and (between := _MORNING_BETWEEN.fullmatch(text, tm.end, nxt.start)) is not None
            and int(between["h"]) <= 8
            and (before := _EVENING_BEFORE.search(text, max(start, tm.start - 20), tm.start))
            is not None
            and 18 <= int(before["h"]) <= 24
        ):
            continue
        kept.append(tm)
    return kept


#: Between the two days of a night: "the night of <month> 3 to <month> 4", "3 into 4 <month>".
_NIGHT_GAP: Final = re.compile(r"\s*(?:to|into|-|\u2013|\u2014)\s*")


#: From a day's night to the next day: "from late Monday night until Tuesday morning".
_NIGHT_UNTIL: Final = re.compile(
    r"\s+night\b[^.;]{0,40}?\b(?:until|till|to|into|through)\s+(?:the\s+)?(?:early\s+)?(?:on\s+)?",
    re.I,
)


def _night_runs_into(text: str, out: list[TimeMention], start: int) -> list[TimeMention]:
    """The first day of "the night of <day> to <day>", both written out, is dropped: the
    night runs into the second day, the incident's, as with a range of two days; so is a
    day's night that runs on until the next day ("from late Monday night until Tuesday
    morning")."""
    kept: list[TimeMention] = []
    for i, tm in enumerate(out):
        nxt = out[i + 1] if i + 1 < len(out) else None
        if (
            nxt is not None
            and tm.kind == "relative"
            and nxt.time.precision == "day"
            and " ".join(tm.time.expression.lower().split()) in _NIGHT_WORDS
            and _NIGHT_INTO.fullmatch(text, tm.end, nxt.start)
        ):
            continue  # "overnight into Sunday", "overnight into 16 May": the day written
        if (
            nxt is not None
            and tm.kind in ("date", "relative")
            and nxt.kind in ("date", "relative")
            and tm.time.precision == "day"
            and nxt.time.precision == "day"
            and _NIGHT_GAP.fullmatch(text, tm.end, nxt.start)
            and _NIGHT_OF.search(text, max(start, tm.start - 20), tm.start)
        ):
            continue
        if (
            nxt is not None
            and _days_in_a_row(tm, nxt)
            and _NIGHT_UNTIL.fullmatch(text, tm.end, nxt.start) is not None
        ):
            continue
        kept.append(tm)
    return kept


#: The other day of a pair written with one month: "February 20 and 21", "20 and 21 February".
_PAIR_AFTER: Final = re.compile(
    r"\s+and\s+(\d{1,2})\b(?!\s*(?:[:.,]\d|%|-|(?:[ap]\.?m|people|persons|soldiers|servicemen|"
    r"civilians|times|shots|of)\b))"
)
_PAIR_BEFORE: Final = re.compile(r"(?<![\d.,:])\b(\d{1,2})\s+and\s+$")


def _paired_day(
    text: str, m: re.Match[str], ot: OccurredTime, zone: timezone, start: int, end: int
) -> list[TimeMention]:
    if ot.date is None or m.group("mdd2") or m.group("dmd2"):
        return []
    day = date.fromisoformat(ot.date)
    if m.group("md") and not m.group("mdy"):
        pair = _PAIR_AFTER.match(text, m.end(), end)
        if pair is not None and day.day < int(pair.group(1)) <= 31:
            try:
                other = day.replace(day=int(pair.group(1)))
            except ValueError:
                return []
            return [
                TimeMention(pair.start(1), pair.end(1), "date", _day(other, zone, pair.group(1)))
            ]
    if m.group("dm"):
        pair = _PAIR_BEFORE.search(text, max(start, m.start() - 9), m.start())
        if pair is not None and 1 <= int(pair.group(1)) < day.day:
            other = day.replace(day=int(pair.group(1)))
            return [
                TimeMention(pair.start(1), pair.end(1), "date", _day(other, zone, pair.group(1)))
            ]
    return []


@lru_cache(maxsize=8)
def _local_zone_starts(pack: ConflictPack) -> tuple[str, ...]:
    """First words (lower case) of the pack's names of its own time zone ("<capital> time")."""
    return tuple(w.split()[0].lower() for w in pack.word("en", "local_zone_words"))


def find_clock(
    text: str, start: int, end: int, tz: str
) -> list[tuple[int, int, int, int, int | None, str]]:
    """Clock times ``(start, end, hour, minute, offset_minutes or None, words)``."""
    out: list[tuple[int, int, int, int, int | None, str]] = []
    low = lower_ascii(text)
    if not clock_may_start(low, start, end):
        return out  # most sentences read for clock times hold no digit
    local = parse_tz(tz).utcoffset(None)
    local_min = int(local.total_seconds() // 60) if local is not None else 240
    local_words = _local_zone_starts(active())
    fast = lowered(_CLOCK_RX.compiled())  # tried where a digit or one of the words begins
    for m in anchored(on_ascii(fast, low), on_ascii(lowered(_CLOCK_HINT), low), low, start, end):
        if m["noon"]:
            h, mi = 12, 0
        elif m["midnight"]:
            h, mi = 0, 0
        elif m["hm"]:
            h, mi = int(m["hm"][:2]), int(m["hm"][2:])
        elif m["h2"]:
            h, mi = int(m["h2"]), 0
        else:
            h, mi = int(m["h"]), int(m["m"])
        ap = (m["ap"] or m["ap2"] or "").lower()
        if ap.startswith("p") and h < 12:
            h += 12
        elif ap.startswith("a") and h == 12:
            h = 0
        if h > 23:
            continue
        if (
            m["h"]
            and not ap
            and not m["zone"]
            and m["m"]
            and text[m.start() - 1 : m.start()].isdigit()
        ):
            continue
        offset: int | None = None
        zone_txt = (m["zone"] or "").strip(" ()").lower()
        if zone_txt:
            if zone_txt.startswith("local") or zone_txt.startswith(local_words):
                offset = local_min
            else:
                zm = re.match(r"(gmt|utc)\s*([+-])\s*(\d{1,2})", zone_txt)
                if zm:
                    offset = (1 if zm.group(2) == "+" else -1) * int(zm.group(3)) * 60
                else:
                    offset = _ZONES.get(zone_txt, 0) * 60
        words = text[m.start() : m.end()].strip()
        approx = _APPROX_BEFORE.search(lower_ascii(text[max(start, m.start() - 24) : m.start()]))
        if approx is not None:
            words = f"{approx.group(1)} {words}"
        if (
            offset is not None
            and out
            and out[-1][4] is None
            and _SAME_INSTANT.fullmatch(text, out[-1][1], m.start())
        ):
            continue  # "at 11:15 pm (1915 GMT) on Friday": the local reading goes with the day
        out.append((m.start(), m.end(), h, mi, offset, words))
    return out


#: What lies between a clock reading and its equivalent in another zone written after it
#: in parentheses: the same instant twice, and the day written with them is the local one.
_SAME_INSTANT: Final = re.compile(r"\s*\(\s*")


#: Words that make a clock reading approximate ("shortly after noon", "around 8 a.m."):
#: the time is then known to the hour, not the minute.
_APPROX_BEFORE: Final = re.compile(
    r"\b(shortly after|soon after|just after|after|around|about|approximately|before|"
    r"shortly before|sometime after|some time after|by)\s+(?:at\s+)?$"
)
_APPROX_WORDS: Final = re.compile(
    r"(?:shortly |soon |just |some ?time )?(?:after|around|about|approximately|before|by) "
)


def with_clock(
    day: OccurredTime, hour: int, minute: int, offset: int | None, tz: str, words: str
) -> OccurredTime:
    """A day-precision time refined by a clock reading; the date is the conflict-local day."""
    if day.start is None or day.precision != "day" or day.date is None:
        return day
    zone = parse_tz(tz)
    clock_zone = zone if offset is None else timezone(timedelta(minutes=offset))
    d = date.fromisoformat(day.date)
    instant = datetime.combine(d, time(hour, minute), clock_zone).astimezone(zone)
    expr = f"{day.expression} {words}".strip()
    if _APPROX_WORDS.match(words):
        precision, width = "hour", timedelta(hours=1)
    else:
        precision, width = "minute", timedelta(minutes=1)
    return OccurredTime(
        instant.date().isoformat(),
        precision,
        expr,
        instant,
        instant + width,
        None if offset is None else format_offset(offset),
    )


def publication_day(published: datetime, tz: str) -> OccurredTime:
    """The publication day as a day-precision time (the default for undated reports)."""
    zone = parse_tz(tz)
    return _day(_local_date(published, zone), zone, "")


@lru_cache(maxsize=64)
def _local_date(published: datetime, zone: timezone) -> date:
    """The day of ``published`` in ``zone`` (read by most rules of every sentence)."""
    return published.astimezone(zone).date()


def in_future(ot: OccurredTime, published: datetime, tz: str) -> bool:
    """True when a resolved day lies after the publication day."""
    if ot.date is None or len(ot.date) != 10:
        return False
    return date.fromisoformat(ot.date) > _local_date(published, parse_tz(tz))


def day_time(d: date, tz: str, expression: str = "") -> OccurredTime:
    """A day-precision time for a calendar day in the zone ``tz``."""
    return _day(d, parse_tz(tz), expression)


def format_offset(minutes: int) -> str:
    """``240`` → ``+04:00``."""
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


#: A date that is when a truce took effect, not when something happened under it:
#: "the ceasefire came into effect Saturday", "to take effect at 08:00 on 26 October".
_TRUCE_EFFECT_BEFORE: Final = re.compile(
    r"\b(?:c[ao]me into (?:force|effect)|took (?:force|effect)|went into (?:force|effect)|"
    r"entered into (?:force|effect)|(?:to|would|will|was to|were to) (?:take effect|come into (?:force|effect)|start|begin)|"
    r"(?:cease-?fire|truce|armistice|cessation of hostilities)\s+(?:from|starting|as of|effective))"
    # "entered into force at 8 a.m. on <day>": the dots of "a.m." end no clause
    r"(?:[^.;,]|\b[ap]\.m\.){0,40}$",
    re.I,
)
#: The date that names an agreement: "the trilateral declaration of <date>", "the deal signed on".
_AGREEMENT_DATE_BEFORE: Final = re.compile(
    r"\b(?:declaration|statement|agreement|deal|accord|protocol|treaty|cease-?fire|truce)s?\s+"
    r"(?:(?:of|by)\s+(?:[\w'’-]+,?\s+){1,9}?)?"  # "the statement of the leaders of A, B and C of"
    r"(?:of|dated|signed(?:\s+on)?)\s+$",
    re.I,
)
#: The date line of an embedded post: "- Jane Doe (@janedoe) October 16, 2020".
_POST_SIGNATURE_BEFORE: Final = re.compile(r"\(@\w+\)\s*$")


#: A photo caption: "... on 19 September, in this handout picture", "(Reuters)" as its credit.
#: The day it gives is the picture's, not the day of the story under it.
PHOTO_CAPTION: Final = re.compile(
    r"\bin th(?:is|e) (?:[\w-]+ ){0,2}(?:photo(?:graph)?|picture|image|screen ?grab|video grab|still)\b|"
    r"\b(?:photo|picture|image|screengrab)s? (?:taken|released|obtained|provided|distributed)\b|"
    r"\((?:Reuters|AFP|AP|EPA|Getty Images)(?: Photo)?[^()]{0,40}\)\s*$|"
    # a line that shows someone doing something in the present: "A local resident examines
    # the ruins of a house destroyed in shelling on 17 October"
    r"(?:(?<=\n)|(?<=\n\s))(?:an?|the) (?:[\w-]+ ){0,2}(?:resident|man|woman|boy|girl|child|soldier|"
    r"serviceman|rescuer|firefighter|worker|people|residents|men|women|children|soldiers|rescuers)"
    r" (?:examines?|inspects?|looks? at|walks? (?:past|by|through|among)|stands? (?:in|near|next|by|amid)|"
    r"sits? (?:in|near|next|by|amid)|clears?|removes?|carr(?:y|ies)|gathers?|mourns?|is seen|are seen|"
    r"holds?|hugs?)\b",
    re.I,
)


def not_an_incident_day(text: str, start: int, lo: int) -> bool:
    """True when the date at ``start`` is a truce's effective day or a post's date line.

    Such a date must not become the day later undated reports are read against.
    ``lo`` bounds the look-back (the sentence start).
    """
    before = text[max(lo, start - 80) : start]
    return bool(
        _TRUCE_EFFECT_BEFORE.search(before)
        or _POST_SIGNATURE_BEFORE.search(before)
        or _AGREEMENT_DATE_BEFORE.search(before)
    )


#: "shortly after the ceasefire came into force", "minutes after it took effect".
AFTER_TRUCE: Final = re.compile(
    r"\b(?:(?:shortly|soon|just|minutes|hours|immediately|right|moments)\s+(?:\w+\s+)?after|"
    r"within\s+(?:\w+\s+)?(?:minutes|hours|moments)\s+of)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:cease-?fire|truce|armistice|it|agreement)\s+"
    r"(?:(?:\w+\s+){0,4}?(?:c[ao]me|took|taking|take|entered|entering|enter|went|go|began|"
    r"begin|started)\s+(?:into\s+)?(?:force|effect)?|(?:was|had been)\s+reached)",
    re.I,
)


def after_truce_time(effective: datetime, tz: str, words: str) -> OccurredTime:
    """The hour after a truce's effective instant, for "shortly after the ceasefire took effect"."""
    local = effective.astimezone(parse_tz(tz))
    return OccurredTime(
        local.date().isoformat(), "hour", words, local, local + timedelta(hours=1), None
    )


#: "since noon on 10 October", "since the morning of 12 March": an interval that began then.
_SINCE_DATE: Final = re.compile(r"\bsince\s+(?:[\w.:]+\s+){0,3}?$", re.I)


def since_day(
    text: str, dates: list[TimeMention], lo: int, published: datetime, tz: str
) -> TimeMention | None:
    """The recent day an ongoing attack began ("since noon on 10 October"): at most two days old.

    "Since September 27" in a report of late October is the war's background, not the day.
    """
    pub = published.astimezone(parse_tz(tz)).date()
    for tm in dates:
        if tm.time.date is None or len(tm.time.date) != 10 or tm.time.precision != "day":
            continue
        if not _SINCE_DATE.search(text[max(lo, tm.start - 30) : tm.start]):
            continue
        if 0 <= (pub - date.fromisoformat(tm.time.date)).days <= 2:
            return tm
    return None


_AFTER_MIDNIGHT: Final = re.compile(r"\b(?:after|past|since) midnight\b", re.I)
#: The day after the story's day, written relative to it: "the next morning", "the following day".
_NEXT_DAY: Final = re.compile(
    r"\b(?:the )?(?:next|following) (?:morning|day|evening|night)\b|\ba day later\b", re.I
)


def next_day_after_midnight(
    text: str, narrative: OccurredTime | None, published: datetime, tz: str
) -> OccurredTime | None:
    """ "After midnight" in a story about an earlier day is the next day (not after publication).

    "On 6 September at 19:30 the village was shelled. After midnight, firing resumed" puts the
    second attack on 7 September; "the next morning" or "the following day" is the next day.
    """
    if narrative is None or narrative.date is None or len(narrative.date) != 10:
        return None
    low = text.lower() if folds_safely(text) else None  # passes over text without their words
    m = _AFTER_MIDNIGHT.search(text) if may_search(_AFTER_MIDNIGHT, low) else None
    nd = _NEXT_DAY.search(text) if m is None and may_search(_NEXT_DAY, low) else None
    if m is None and nd is None:
        return None
    nxt = date.fromisoformat(narrative.date) + timedelta(days=1)
    if nxt > published.astimezone(parse_tz(tz)).date():
        return None
    zone = parse_tz(tz)
    start = datetime.combine(nxt, time(0, 0), zone)
    if nd is not None:
        # "The next morning, the ministry claimed ...": the day after the story's day
        return OccurredTime(
            nxt.isoformat(), "day", nd.group(0), start, start + timedelta(days=1), None
        )
    assert m is not None
    return OccurredTime(
        nxt.isoformat(), "hour", m.group(0), start, start + timedelta(hours=1), None
    )
