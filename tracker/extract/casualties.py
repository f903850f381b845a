"""Casualty claims: figures of killed and injured with claimant, side, category, qualifier.

Owns reading "1,166 of their troops and 39 civilians have been killed", "the fighting
has killed at least 90 civilians and injured 392", "the civilian death toll was 45",
"more than 5,000 deaths on both sides": the victim noun gives the category (military,
civilian, total), the nearest casualty word killed or injured, the claimant the
statement the figure sits in, the side the victims' adjective or else the claimant.
"""

from __future__ import annotations

import re

from tracker.extract.attribution import DocContext, Sentence, Speaker, speaker_for
from tracker.extract.model import CasualtyClaim, is_party, side_of
from tracker.extract.numbers import Number, find_numbers

MAX_FIGURE = 1_000_000
_MIL = r"troops|soldiers|servicemen|service ?members|military personnel|military servicemen|personnel|fighters|combatants|militants|conscripts|officers of the army|members of the armed forces|army"
_CIV = (
    r"civilians|civilian|children|child|women|woman|residents|resident|inhabitants|villagers|journalists|"
    r"journalist|medics|medic|doctors|doctor|nurses|nurse|rescuers|firefighters|workers|worker|teenagers|"
    r"students|pupils|elderly|men|man|man's|people's"
)
_TOT = r"people|persons|person|individuals|police(?:men| officers)?|policemen|police officers|peacekeepers|peacekeeper|officers|officer|Armenians|Azerbaijanis|lives|others|victims"
_VICTIM = re.compile(
    r"^(?:\s+(?:more|other|of (?:their|its|our|his|the|whom|them)|of|their|its|our|Armenian|Azerbaijani|Azeri|ethnic|Russian|Turkish|"
    r"Karabakh|enemy|innocent|local|military|civilian|[a-z]+-year-old|young|more|additional|further|)){0,3}\s*"
    r"(?P<noun>(?i:" + _MIL + r"|" + _CIV + r"|" + _TOT + r")|soldier|serviceman|troop)\b"
)
_KILL = re.compile(
    r"\b(?:killed|killing|kill|dead|died|die|deaths?|death toll|lost their lives|lost lives|perished|slain|fatalities|martyred|toll)\b",
    re.I,
)
_INJ = re.compile(r"\b(?:wounded|wounding|injured|injuring|injuries|hurt|injured people)\b", re.I)
_CASUALTY_WORDS = (
    "kill",
    "dead",
    "died",
    "dies",
    "dying",
    "death",
    "lost their lives",
    "lost lives",
    "perish",
    "slain",
    "fatalit",
    "martyr",
    "toll",
    "wound",
    "injur",
    "hurt",
)
_AMONG = re.compile(
    r"\b(?:among|of|for)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+|its\s+|their\s+|our\s+)?(?P<noun>(?i:"
    + _MIL
    + r"|"
    + _CIV
    + r"))\b"
)
_NEAR = re.compile(
    r"\s*(?:(?!and\b|or\b|but\b|while\b)[\w-]+\s+){0,2}?(?:(?:were|was|had been|have been|has been|are|being)\s+)?(?P<w>"
    + _KILL.pattern
    + "|"
    + _INJ.pattern
    + r")",
    re.I,
)
_TOLL = re.compile(
    r"\b(?:(?P<kind>civilian|military|combined)\s+)?(?:death )?toll\b|"
    r"\bnumber of (?:the )?(?:[\w-]+\s+){0,3}?(?:dead|deaths|fatalities|victims|killed|wounded|injured)\b",
    re.I,
)
_SKIP_BEFORE = re.compile(
    r"\b(?:including|among them|among whom|of whom|of them|aged|age|No\.|number)\s*(?:at least|about|some|more than|nearly)?\s*$",
    re.I,
)
_NOT_AFTER = re.compile(
    r"^\s*(?:-|\s)?(?:years?|months?|weeks?|days?|hours?|minutes?|km|kilomet|miles?|mi\b|meters?|metres?|percent|%|per cent|times|decades?|[ap]\.?m\b|GMT|UTC|tanks|vehicles|posts|positions|villages|settlements|drones|aircraft|planes|jets|rockets|missiles|shells|houses|homes|buildings|o'clock|attempts|wars|truces|ceasefires|cease-fires)\b",
    re.I,
)


def _category(noun: str | None, injured: bool, toll_kind: str | None) -> str:
    kind = "total"
    low = (noun or "").lower()
    if toll_kind and toll_kind.lower() in ("civilian", "military"):
        kind = toll_kind.lower()
    elif noun is not None:
        if re.fullmatch(r"(?:" + _MIL + r"|soldier|serviceman|troop)", low, re.I):
            kind = "military"
        elif re.fullmatch(r"(?:" + _CIV + r")", low, re.I):
            kind = "civilian"
    return f"{kind}_{'injured' if injured else 'killed'}"


def _kind(word: str) -> bool:
    return bool(_INJ.fullmatch(word))


def _casualty_word(
    text: str, n: Number, lo: int, hi: int, prev: tuple[Number, bool] | None
) -> bool | None:
    """True injured, False killed, None neither, for the figure ``n``."""
    hi = min(hi, n.end + 90)
    semi = text.find(";", n.end, hi)
    hi = semi if semi >= 0 else hi
    rx = re.compile(_KILL.pattern + "|" + _INJ.pattern, re.I)
    near = _NEAR.match(text, n.end, hi)
    if near is not None:
        return _kind(near.group("w"))
    before = [m for m in rx.finditer(text, max(lo, n.start - 30), n.start)]
    if before:
        between = text[before[-1].end() : n.start]
        if not re.search(r"\d", between):
            return _kind(before[-1].group(0))
    if prev is not None and re.fullmatch(
        r"[\w\s-]{0,40}(?:,|\band\b)\s*(?:with\s+)?(?:at least |about |some |nearly |more than )?",
        text[prev[0].end : n.start],
    ):
        return prev[1]
    after = rx.search(text, n.end, hi)
    return _kind(after.group(0)) if after is not None else None


def _side(sent: Sentence, n: Number, noun_text: str, claimant: str) -> str:
    window = sent.text[max(sent.start, n.start - 30) : min(sent.end, n.end + 60)]
    if re.search(r"\bboth sides\b|\bon both\b|\bon each side\b", window, re.I):
        return "both"
    if re.search(r"\b(?:Armenian|ethnic Armenian|Karabakh)\b", noun_text):
        return "armenian"
    if re.search(r"\b(?:Azerbaijani|Azeri)\b", noun_text):
        return "azerbaijani"
    if re.search(r"\benemy\b", noun_text) and is_party(claimant):
        return "armenian" if side_of(claimant) == "azerbaijani" else "azerbaijani"
    own = side_of(claimant)
    return own if own is not None else "both"


def find_casualties(sent: Sentence, ctx: DocContext, spk: list[Speaker]) -> list[CasualtyClaim]:
    """Casualty figures claimed in the sentence."""
    text = sent.text
    out: list[CasualtyClaim] = []
    if not sent.has(_CASUALTY_WORDS):
        return out
    nums = find_numbers(text, sent.start, sent.end)
    date_spans = [(d.start, d.end) for d in sent.dates] + [(c[0], c[1]) for c in sent.clocks]
    last_noun: str | None = None
    prev: tuple[Number, bool] | None = None
    for n in nums:
        if any(a <= n.start < b for a, b in date_spans):
            continue
        if _SKIP_BEFORE.search(text[max(sent.start, n.start - 30) : n.start]):
            continue
        rest = text[n.end : sent.end]
        if _NOT_AFTER.match(rest):
            continue
        vm = _VICTIM.match(rest)
        noun = vm.group("noun") if vm else None
        noun_text = text[n.start : n.end + vm.end()] if vm else ""
        if n.is_article and (
            noun is None or (noun.lower().endswith("s") and noun.lower() not in ("lives",))
        ):
            continue
        toll = _TOLL.search(text, max(sent.start, n.start - 100), n.start)
        if toll is not None and any(
            toll.end() <= o.start < n.start for o in nums if not o.is_article
        ):
            toll = None
        if noun is None and toll is not None:
            among = _AMONG.search(text, toll.start(), n.start)
            if among is not None:
                noun = among.group("noun")
                noun_text = among.group(0)
        if noun is None:
            deaths_noun = re.match(
                r"\s*(?:dead|deaths|killed|wounded|injured|fatalities|casualties)\b", rest, re.I
            )
            if toll is None and deaths_noun is None:
                before = text[max(sent.start, n.start - 30) : n.start]
                if (
                    not re.search(
                        r"\b(?:killed|killing|wounded|wounding|injured|injuring)\s+(?:\w+\s+){0,2}$",
                        before,
                        re.I,
                    )
                    and last_noun is None
                ):
                    continue
                if last_noun is None and not re.search(
                    r"\b(?:killed|wounded|injured)\s*$", before, re.I
                ):
                    continue
                noun = last_noun
        else:
            last_noun = noun
        if (
            noun is None
            and last_noun is not None
            and prev is not None
            and re.fullmatch(
                r"[\w\s-]{0,40}(?:,|\band\b)\s*(?:with\s+)?(?:at least |about |some |nearly |more than )?",
                text[prev[0].end : n.start],
            )
        ):
            noun = last_noun
        injured = _casualty_word(text, n, sent.start, sent.end, prev)
        if toll is not None:
            phrase = text[toll.start() : n.start]
            said_kill, said_inj = bool(_KILL.search(phrase)), bool(_INJ.search(phrase))
            if said_kill != said_inj:
                injured = said_inj
        if injured is None:
            if toll is None:
                continue
            injured = False
        prev = (n, injured)
        if n.value <= 0 or n.value > MAX_FIGURE:
            continue
        who = speaker_for(sent, ctx, n.start, spk)
        claimant = who.code if who else "unattributed"
        if claimant == "unattributed" and n.qualifier in (
            "hundreds",
            "thousands",
            "dozens",
            "scores",
            "several",
            "tens_of_thousands",
        ):
            continue
        category = _category(noun, injured, toll.group("kind") if toll else None)
        side = (
            "both"
            if (toll is not None and noun is None and not is_party(claimant))
            else _side(sent, n, noun_text, claimant)
        )
        if (
            toll is not None
            and noun is None
            and is_party(claimant)
            and re.search(r"\boverall|total|combined\b", sent.body, re.I)
        ):
            side = "both"
        out.append(
            CasualtyClaim(
                claimant,
                who.text if who else "",
                side,
                category,
                n.value,
                n.qualifier,
                n.text,
                (n.start, n.end),
            )
        )
    return out
