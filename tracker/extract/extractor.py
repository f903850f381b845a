"""The extractor: text in, ``Extraction`` out, deterministic and versioned.

Owns ``extract`` (input checks, cleaning, the sentence loop that feeds attribution,
violation, denial, casualty and truce readers, and per-document de-duplication) and
``EXTRACTOR_VERSION``, which must be raised whenever the output for some text changes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from tracker.errors import ExtractionError
from tracker.extract.actors import SPEECH
from tracker.extract.attribution import (
    DocContext,
    Sentence,
    advance,
    event_time,
    remember,
    speakers,
)
from tracker.extract.casualties import _CASUALTY_WORDS, find_casualties
from tracker.extract.claims import _DENY_WORDS, VIOLENCE_WORDS, find_denial, find_violation
from tracker.extract.lang import read as read_language
from tracker.extract.lang import reading_language
from tracker.extract.model import (
    Announcement,
    CasualtyClaim,
    Denial,
    Extraction,
    OccurredTime,
    TruceRef,
    Violation,
    side_of,
)
from tracker.extract.places import NOT_PLACES, canonical
from tracker.extract.text import clean, language_problem, sentences
from tracker.extract.timeexpr import publication_day
from tracker.extract.truces import find_announcement, find_truce_refs

#: 2: the effective day of an announced truce is the one written next to its clock time
#: ("said on Sunday it would take effect at 08:00 on 26 October" is 26 October), and
#: authorities named by where they sit are actors ("the authorities in Nagorno-Karabakh"),
#: peacekeepers point at the November 2020 statement only while it is in force, and a
#: direction written with a hyphen ("the Aghdere-Terter direction") names both places.
EXTRACTOR_VERSION = 2
MAX_CHARS = 200_000


def extract(
    text: str,
    *,
    published: datetime,
    tz: str = "+04:00",
    title: str | None = None,
    language: str | None = None,
) -> Extraction:
    """Violations, denials, casualty claims, truce references and announcements in ``text``.

    ``published`` must be timezone-aware; relative times resolve against it in ``tz``.
    Russian text is read with its lexicon (``tracker.extract.lang``); empty, oversized or
    other non-English input gives an ``Extraction`` with ``skipped_reason``.

    Raises:
        ExtractionError: ``text`` is not a string, looks binary, or ``published`` is naive.
    """
    if not isinstance(text, str):
        raise ExtractionError(f"text must be a string, not {type(text).__name__}")
    if published.tzinfo is None:
        raise ExtractionError(
            "published must be timezone-aware (a date-only publication is midnight in tz)"
        )
    if "\x00" in text[:4096]:
        raise ExtractionError("text looks binary (NUL bytes)")
    if len(text) > MAX_CHARS:
        return Extraction(
            skipped_reason=f"too large ({len(text)} characters > {MAX_CHARS})",
            version=EXTRACTOR_VERSION,
        )
    if not text.strip():
        return Extraction(skipped_reason="empty", version=EXTRACTOR_VERSION)
    cleaned = clean(text)
    problem = language_problem(cleaned if not title else f"{title}\n{cleaned}", language)
    if problem is not None:
        other = reading_language(cleaned, language)
        if other is not None:
            return read_language(cleaned, published, tz, other, EXTRACTOR_VERSION)
        return Extraction(skipped_reason=problem, version=EXTRACTOR_VERSION)
    return _run(recase(cleaned), published, tz)


_TRUCE_WORDS = (
    "cease",
    "cessation",
    "suspension",
    "truce",
    "armistice",
    "trilateral",
    "tripartite",
    "deal",
    "agreement",
    "peace accord",
)
_CLAUSE = re.compile(r",?\s+(?:while|whereas)\s+|;\s+|,\s+but\s+|\.\s+(?=In turn\b)")


def clauses(sent: Sentence, published: datetime, tz: str) -> list[Sentence]:
    """The sentence split where two statements are joined ("X said ..., while Y said ...")."""
    cuts = [m for m in _CLAUSE.finditer(sent.text, sent.start, sent.end)]
    if not cuts:
        return [sent]
    spans: list[tuple[int, int]] = []
    lo = sent.start
    for m in cuts:
        spans.append((lo, m.start()))
        lo = m.end()
    spans.append((lo, sent.end))
    if not all(SPEECH.search(sent.text, a, b) for a, b in spans):
        return [sent]
    return [Sentence.build(sent.text, a, b, published, tz) for a, b in spans]


_PROPER = frozenset(
    [
        "azerbaijan",
        "azerbaijani",
        "azerbaijanis",
        "azeri",
        "armenia",
        "armenian",
        "armenians",
        "russia",
        "russian",
        "karabakh",
        "nagorno-karabakh",
        "artsakh",
        "turkey",
        "turkish",
        "france",
        "french",
        "moscow",
        "kremlin",
    ]
)
_LOWER_WORD = re.compile(r"[a-z\u0259\u0131\u015f\u00e7\u011f\u00f6\u00fc][\w\u0259-]*")


_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))[a-z]")


_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-Z\u00c0-\u00de\u0400-\u042f]")


def recase(text: str) -> str:
    """Capitalise known names in text written all in lower case (same length, same offsets)."""
    sample = text[:3000]
    upper = len(_UPPER.findall(sample))
    if upper * 100 > len(sample):  # implies upper / letters > 0.01: skip counting letters
        return text
    letters = len(_LETTER.findall(sample))
    if letters < 40 or upper / letters > 0.01:
        return text
    chars = list(text)
    for m in _LOWER_WORD.finditer(text):
        word = m.group(0)
        base = word.removesuffix("'s")
        if base in _PROPER or (
            len(base) >= 4 and canonical(base) is not None and base not in NOT_PLACES
        ):
            chars[m.start()] = word[0].upper()
    for m in _SENTENCE_START.finditer(text):
        chars[m.start()] = chars[m.start()].upper()
    return "".join(chars)


_CLAIM_WORDS = (*VIOLENCE_WORDS, *_CASUALTY_WORDS, *_DENY_WORDS, *_TRUCE_WORDS)


def _run(cleaned: str, published: datetime, tz: str) -> Extraction:
    ctx = DocContext(published=published, tz=tz)
    violations: list[Violation] = []
    denials: list[Denial] = []
    casualties: list[CasualtyClaim] = []
    refs: list[TruceRef] = []
    announcements: list[Announcement] = []
    accusers: list[str] = []
    for start, end in sentences(cleaned):
        sent = Sentence.build(cleaned, start, end, published, tz)
        spk = speakers(sent, ctx)
        if not sent.has(_CLAIM_WORDS):
            remember(ctx, spk)  # nothing to extract; keep who spoke for "officials said" later
            continue
        claims = find_casualties(sent, ctx, spk)
        for part in clauses(sent, published, tz) if sent.has(VIOLENCE_WORDS) else ():
            part_spk = spk if part is sent else speakers(part, ctx)
            for found in find_violation(part, ctx, part_spk):
                if claims:
                    found = replace(found, casualties=tuple(claims))
                _add_violation(violations, found)
                accusers.append(found.accuser)
        denial = find_denial(sent, ctx, spk, accusers)
        if denial is not None:
            denial = _date_from_accusation(denial, violations)
            if not any(
                side_of(d.denier) == side_of(denial.denier) and d.date == denial.date
                for d in denials
            ):
                denials.append(denial)
        for c in claims:
            if not any(
                c.to_gold() | {"qualifier": ""} == o.to_gold() | {"qualifier": ""}
                for o in casualties
            ):
                casualties.append(c)
        ann = None
        if sent.has(_TRUCE_WORDS):
            when = event_time(sent, ctx)
            sent_refs = find_truce_refs(sent, ctx, _reference_instant(when, published, tz))
            refs.extend(sent_refs)
            if not any(r.basis not in ("in force", "latest") for r in sent_refs):
                ann = find_announcement(sent, ctx)
        if ann is not None:
            announcements.append(ann)
        if ann is not None and ann.known_id and not any(r.truce_id == ann.known_id for r in refs):
            refs.append(TruceRef(ann.known_id, ann.text[:80], "announcement", ann.span))
        remember(ctx, spk)
        advance(sent, ctx)
    return Extraction(
        violations=tuple(violations),
        denials=tuple(denials),
        casualties=tuple(casualties),
        truce_refs=tuple(refs),
        announcements=tuple(announcements),
        version=EXTRACTOR_VERSION,
    )


def _reference_instant(when: OccurredTime, published: datetime, tz: str) -> datetime:
    """The instant a bare "the ceasefire" is judged at: the end of the claim's period, not after publication."""
    pub_end = publication_day(published, tz).end or published
    if when.precision == "minute" and when.start is not None:
        return when.start
    if when.end is not None:
        return min(when.end - timedelta(minutes=1), pub_end - timedelta(minutes=1))
    return published


def _date_from_accusation(denial: Denial, found: list[Violation]) -> Denial:
    """A denial answers the latest accusation against the denier's side: take its day."""
    for v in reversed(found):
        if (
            side_of(v.accuser) == side_of(denial.accuser)
            and side_of(v.accused) == side_of(denial.denier)
            and (v.span[1] <= denial.span[0] or v.span == denial.span)
        ):
            return replace(denial, occurred=v.occurred)
    return denial


def _add_violation(found: list[Violation], new: Violation) -> None:
    """Merge reports with the same accuser, accused and day unless places or arms differ."""
    for i, old in enumerate(found):
        if (old.accuser, old.accused, old.date) != (new.accuser, new.accused, new.date):
            continue
        a, b = set(old.places), set(new.places)
        if not (a <= b or b <= a):
            continue
        if old.weapon and new.weapon and old.weapon != new.weapon:
            continue
        places = tuple(dict.fromkeys((*old.places, *new.places)))
        written = tuple(dict.fromkeys((*old.places_text, *new.places_text)))
        found[i] = replace(
            old,
            places=places,
            places_text=written,
            weapon=old.weapon or new.weapon,
            casualties=old.casualties + new.casualties,
        )
        return
    found.append(new)
