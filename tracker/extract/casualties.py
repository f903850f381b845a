"""Casualty claims: figures of killed and injured with claimant, side, category, qualifier.

Owns reading "412 of our servicemen and 27 civilians died", "the shelling has so far
killed at least 12 civilians and wounded 80", "the toll among civilians rose to 31",
"over 6,000 dead on the two sides": the victim noun gives the category (military,
civilian, total; unspecified victims of fire on homes are civilians), the verb governing
the figure killed or injured, the claimant the statement the figure sits in, the side the
victims' adjective, else the other side of whoever fired, else the claimant's, else the
ground the places are on. Lists of victims and soldiers named with rank are counted;
``reconcile`` folds the figures a document repeats. docs/extraction.md describes them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Final

from tracker.conflict import ConflictPack, active
from tracker.conflict.patterns import PackPattern, alternation
from tracker.extract.actors import SPEECH, find_actors
from tracker.extract.attribution import (
    DocContext,
    Sentence,
    Speaker,
    keywords,
    paragraph_source,
    speaker_for,
)
from tracker.extract.model import CasualtyClaim, is_party, side_of
from tracker.extract.needles import folds_safely, may_search
from tracker.extract.numbers import Number, find_numbers
from tracker.extract.places import canonical, find_places, place
from tracker.extract.text import lower_ascii, lowered

MAX_FIGURE: Final = 1_000_000
_MIL: Final = r"troops|soldiers|servicemen|reservists|martyrs|service ?members|military personnel|military servicemen|military members|members of the military|personnel|fighters|combatants|militants|conscripts|officers of the army|members of the armed forces|army"
_CIV: Final = (
    r"civilians|civilian|children|child|women|woman|residents|resident|inhabitants|villagers|journalists|"
    r"journalist|medics|medic|doctors|doctor|nurses|nurse|rescuers|firefighters|workers|worker|teenagers|"
    r"students|pupils|teachers?|farmers?|shepherds?|drivers?|passengers?|pensioners?|relatives|family members|"
    r"girls?|boys?|babies|baby|infants?|elderly|men|man|man's|people's|females?|males?"
)


def _tot(pack: ConflictPack) -> str:
    """Nouns of victims of either kind, with the pack's peoples ("<people>s")."""
    return (
        r"people|persons|person|individuals|police(?:men| officers)?|policemen|police officers|peacekeepers|peacekeeper|officers|officer|"
        r"border guards?|border guardsmen|guards?|guardsmen|"
        + str(pack.word("en", "people_nouns"))
        + r"|lives|others|victims|bodies"
    )


#: The words between a figure and its victims' noun (the pack's ``victim_modifiers``).
_VICTIM: Final = PackPattern(
    lambda pack: (
        r"^(?:\s+(?:more|other|of (?:their|its|our|his|her) (?:country|nation)['\u2019]s|"
        r"of (?:their|its|our|his|the|whom|them)|of|their|its|our|"
        + pack.word("en", "victim_modifiers")
        + r"|[A-Z]{2,5}|enemy|innocent|local|military|civilian|separatist|reserve|contract|peaceful|[a-z\d]+-year-old|young|more|additional|further|"
        # "two Interior Ministry servicemen", "three border service personnel"
        r"(?i:(?:state\s+)?border(?:\s+service)?|interior\s+ministry|internal\s+troops|police|"
        r"national\s+security\s+service)\b|"
        r"wounded|injured|hurt|seriously wounded|badly injured|dead|slain|fallen|killed|)){0,3}\s*"
        r"(?P<noun>(?i:" + _MIL + r"|" + _CIV + r"|" + _tot(pack) + r")|soldier|serviceman|troop"
        r"|military(?=\s*[-\u2013\u2014,.;:()]|\s*$|\s+(?:was|were|had|has|have|is|are|died|on|in|at)\b))\b"
    )
)
#: "three members of the <region's> police", "two members of the armed forces".
_MEMBERS: Final = re.compile(
    r"^\s+members?\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w'-]+\s+){0,3}?"
    r"(?P<noun>police|army|armed forces|forces|military|troops|security forces|units|detachments|"
    r"border guards|border service)\b",
    re.I,
)
#: A body whose men are uniformed but no soldiers (police, border guards, security
#: services): its "servicemen" and "personnel" are ``total_*``.
_UNIFORMED_BODY: Final = (
    r"(?:interior\s+ministry|ministry\s+of\s+(?:the\s+)?interior|ministry\s+of\s+internal\s+affairs|"
    r"internal\s+(?:affairs|troops)|police|border\s+(?:guards?|troops|service|guard\s+service)|"
    r"state\s+border\s+service|national\s+security\s+service|NSS|state\s+security\s+service)\b"
)
_UNIFORMED: Final = re.compile(r"\b" + _UNIFORMED_BODY, re.I)
_UNIFORMED_AFTER: Final = re.compile(
    r"\s+(?:of|from)\s+(?:the\s+|its\s+|their\s+)?(?:[\w'-]+\s+){0,3}?" + _UNIFORMED_BODY, re.I
)
_CIVILIAN_MODIFIER: Final = re.compile(r"\b(?:civilian|peaceful|innocent)\s*$", re.I)
_OWN_MEN: Final = re.compile(r"\b(?:its|their|our)\b", re.I)
_HURT_MODIFIER: Final = re.compile(r"\b(?:wounded|injured)\s+\S", re.I)
_OWNER: Final = PackPattern(
    lambda pack: (
        r"\s+of\s+(?:the\s+)?(?:" + pack.word("en", "owner_adjectives") + r")\b[\w\s-]{0,30}?"
        r"\b(?:army|armed forces|forces|military|police|defen[cs]e army|troops|"
        r"(?:ministry|minister) of (?:defen[cs]e|internal affairs)|(?:defen[cs]e|interior) ministry)\b"
    ),
    re.I,
)
#: "a serviceman of an armed formation of <region>", "soldiers from the defense force of
#: the de facto <region> Republic": the owner named after the unit.
_OWNER_AFTER: Final = PackPattern(
    lambda pack: (
        r"\s+(?:of|from)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:formations?|units?|detachments?|army|"
        r"armed forces|forces?|military|police)\s+of\s+(?:the\s+)?"
        r"(?:(?:de[- ]facto|self-proclaimed|unrecogni[sz]ed|breakaway)\s+)?(?:\w+-)?(?:"
        + pack.word("en", "owner_adjectives")
        + r")\b"
    ),
    re.I,
)
_KILL: Final = re.compile(
    r"\b(?:fatally (?:wounded|injured|hurt|shot)|mortally (?:wounded|injured|shot)|killed|killing|kill|dead|died|die|deaths?|death toll|lost (?:their|his|her) li(?:ves|fe)|lost lives|(?:claimed|claiming|claims|took|taking|cost|costing) (?:the )?lives of|(?:sacrificed|gave|laid down) (?:their|his|her) li(?:ves|fe)|perished|slain|fatalities|martyred|martyrs?|sh[ae]hids?|succumbed|toll|bodies|KIA)\b",
    re.I,
)
_INJ: Final = re.compile(
    r"\b(?:wounded|wounding|wounds?|injured|injuring|injury|injuries|hurt|injured people|WIA)\b",
    re.I,
)
_CASUALTY_WORDS: Final = keywords(
    (
        "kill",
        "dead",
        "died",
        "dies",
        " die ",
        "lost ",
        "martyr",
        "shehid",
        "shahid",
        "succumb",
        "lose ",
        "loses ",
        "losing ",
        " die,",
        " die.",
        "dying",
        "death",
        "lost their lives",
        "lives of",  # "claimed (took, cost) [the] lives of N"
        "sacrificed their",
        "gave their lives",
        "laid down their",
        "lost lives",
        "perish",
        "slain",
        "fatalit",
        "martyr",
        "toll",
        "wound",
        "injur",
        "hurt",
        "fatally",
        "mortally",
        "losses among",
        "casualties among",
        "kia",  # "KIA", killed in action, and "WIA", wounded in action, as bulletins abbreviate
        "wia",
        "victims",
    )
)
#: The victims named after a toll: "... among the troops", "... and N wounded among <region>
#: civilians".
_AMONG_AFTER: Final = re.compile(
    r"(?:\s+and\s+(?:at least\s+|more than\s+|over\s+)?[\d,]+\s+(?:wounded|injured|hurt|dead|killed))?"
    r"\s+among\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:[A-Z][\w-]*\s+)?"
    r"(?P<noun>(?i:" + _MIL + r"|" + _CIV + r"|military))\b"
)
#: A running total after a figure: "..., taking the tally to over N <victims>".
#: The victims named after a toll by "of": "... deaths of its soldiers", "... deaths of
#: <adjective> civilians".
_DEATHS_OF: Final = re.compile(
    r"\s+of\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:[A-Z][\w-]*\s+)?"
    r"(?P<noun>(?i:" + _MIL + r"|" + _CIV + r"))\b"
)
_RUNNING_TOTAL: Final = re.compile(
    r"\b(?:bringing|brings|brought|raising|raises|raised|taking|takes|took)\s+(?:the|its|their)\s+"
    r"(?:overall\s+)?(?:total|tally|count|(?:death\s+)?toll)\s+to\s+(?:at least\s+|more than\s+|over\s+|nearly\s+|about\s+)?$",
    re.I,
)
_AMONG: Final = re.compile(
    r"\b(?:among|of|for)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+|its\s+|their\s+|our\s+)?(?P<noun>(?i:"
    + _MIL
    + r"|"
    + _CIV
    + r"))\b"
)
#: "the number of killed <adjective> soldiers rose to N": the victims named in the toll.
_NUMBER_OF: Final = re.compile(
    r"number of (?:the )?(?:killed|dead|fallen|slain|perished|deceased|wounded|injured)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<noun>(?i:" + _MIL + r"|" + _CIV + r"))\b",
    re.I,
)
#: A toll whose victims are named with their owner before the verb: "the number of soldiers
#: of the <entity> killed in the fighting has surpassed N".
_NUMBER_OF_OWNED: Final = re.compile(
    r"\b(?:number|count) of (?:the )?(?P<victims>(?:[\w-]+\s+)?(?P<noun>(?i:"
    + _MIL
    + r"|"
    + _CIV
    + r")))"
    r"(?P<owner>\s+(?:of|from)\s+[^.;:\d]{0,80}?)?\s+(?P<w>killed|dead|wounded|injured)\b"
    r"[^.;:\d]{0,100}?\s(?:has |have |had )?(?:surpassed|reached|exceeded|risen to|rose to|"
    r"increased to|grown to|climbed to|stands at|stood at|is|was|are|were)\s+"
    r"(?:(?:at least|more than|over|about|nearly|almost|some)\s+)?$",
    re.I,
)
#: A witness's scene: "<someone> saw (witnessed) rescue workers carrying N ...".
_SEEN_CARRIED: Final = re.compile(
    r"\b(?:saw|seen|see|sees|witness\w*|watched|filmed|photographed)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:carry\w*|carried|pull\w*)\s+(?:out\s+)?$"
)
_NEAR: Final = re.compile(
    r"\s*(?:(?!and\b|or\b|but\b|while\b)[\w-]+\s+){0,2}?(?:(?:were|was|had been|have been|has been|are|being)\s+)?(?P<w>"
    + _KILL.pattern
    + "|"
    + _INJ.pattern
    + r")",
    re.I,
)
_TOLL: Final = re.compile(
    r"\b(?:(?P<kind>civilian|military|combined)\s+)?(?:death )?toll\b|"
    # "the recorded casualties among civilians are two": the figure after its noun
    r"\b(?P<casualties>casualties|deaths|fatalities) among (?:the )?(?:[\w-]+ )?[\w-]+ "
    r"(?:is|are|was|were|stands? at|stood at|reached|(?:has |have )?(?:risen|rose|increased) to) $|"
    r"\bnumber of (?:the )?(?:[\w-]+\s+){0,3}?(?:dead|deaths|fatalities|victims|killed|perished|wounded|injured|injuries)\b",
    re.I,
)
#: What opens a breakdown among the words ``_SKIP_BEFORE`` passes over.
_PART_OPENER: Final = re.compile(r"\b(?:whom|them|among)\b", re.I)
_SKIP_BEFORE: Final = re.compile(
    r"\b(?:among them|among whom|of whom|of them|aged|age|No\.|number|"
    r"(?:city|town|village|region|country|district|province|population|home|capital) of|"
    r"among (?:the |those )?(?:killed|dead|victims|wounded|injured|casualties|fatalities)(?: (?:is|are|were|was))?|"
    # "a quarter of the killed soldiers, N people, were ...": a part of a group counted before
    r"(?:of|among) (?:the|those) (?:killed|dead|slain|fallen|wounded|injured) [\w-]+,|"
    # "M of them men and K children": the next part of the same breakdown
    r"of (?:them|whom) (?:(?:were|are) )?[\w-]+(?: [\w-]+)?,? (?:and )?)"
    r"\s*(?:at least|about|some|more than|nearly)?\s*$",
    re.I,
)
_NOT_AFTER: Final = re.compile(
    r"^\s*(?:-|\s)?(?:(?:apartment|residential|private|civilian|police|military|army|combat|armou?red|"
    r"passenger|cargo|ambulance|fire)\s+(?=(?:buildings?|houses?|homes|cars?|vans?|trucks?|vehicles?|buses|bus|"
    r"facilities|posts?|positions?)\b))?(?:van|car|truck|bus|buses|trucks|vans|vehicle|building|house|years?|months?|weeks?|days?|hours?|minutes?|km|kilomet|miles?|mi\b|meters?|metres?|percent|%|per cent|times|decades?|[ap]\.?m\b|GMT|UTC|tanks|vehicles|posts|positions|villages|settlements|drones|aircraft|planes|jets|rockets|missiles|shells|houses|homes|buildings|o'clock|attempts|wars|truces|ceasefires|cease-fires|"
    r"items|objects|facilities|properties|apartments|structures|cars|shops|schools|shots|rounds|cases|incidents|violations)\b",
    re.I,
)


#: A figure whose own verb takes the men out of the fight without a wound: "6 were captured",
#: "9 soldiers were taken prisoner", "15 went missing", "N civilians and M servicemen were
#: taken captive".
_CAPTIVE: Final = re.compile(
    r"\s*(?:(?!(?:killed|wounded|injured|hurt|died|dead)\b)[\w-]+\s+){0,5}?"
    r"(?:(?:were|was|have been|had been|are|is|went|remain|remained|are still|were still)\s+)?"
    r"(?:captured|taken (?:as )?(?:prisoners?|captives?|hostages?)|taken captive|missing|missing in action)\b",
    re.I,
)


#: Copies of ``_SKIP_BEFORE`` and ``_NOT_AFTER`` for lower-cased ASCII text (see ``lowered``).
_SKIP_BEFORE_LOW, _NOT_AFTER_LOW = lowered(_SKIP_BEFORE), lowered(_NOT_AFTER)


_MILITARY_NOUN: Final = re.compile(
    r"(?:" + _MIL + r"|soldier|serviceman|troop|armed forces|forces|military|units|detachments|"
    r"security forces)",
    re.I,
)
_CIVILIAN_NOUN: Final = re.compile(r"(?:" + _CIV + r")", re.I)


def _category(noun: str | None, injured: bool, toll_kind: str | None) -> str:
    kind = "total"
    low = (noun or "").lower()
    if toll_kind and toll_kind.lower() in ("civilian", "military"):
        kind = toll_kind.lower()
    elif noun is not None:
        if _MILITARY_NOUN.fullmatch(low):
            kind = "military"
        elif _CIVILIAN_NOUN.fullmatch(low):
            kind = "civilian"
    return f"{kind}_{'injured' if injured else 'killed'}"


#: A second victims' noun joined to the first: "soldiers and civilians".
_AND_NOUN: Final = re.compile(
    r"\s+(?:and|or|as well as)\s+(?P<noun>[a-z][\w-]*s)\b(?!\s+(?:were|was)\b)"
)


def _mixed_kinds(noun: str, rest: str, end: int) -> bool:
    """True when the victims' noun is joined to one of the other kind: "soldiers and civilians",
    "civilians and servicemen" count people of either kind (a total)."""
    m = _AND_NOUN.match(rest, end)
    if m is None:
        return False
    kinds = {
        "military"
        if _MILITARY_NOUN.fullmatch(w)
        else "civilian"
        if _CIVILIAN_NOUN.fullmatch(w)
        else ""
        for w in (noun.lower(), m.group("noun").lower())
    }
    return kinds == {"military", "civilian"}


def _uniformed_men(rest: str, vm: re.Match[str], who: Speaker | None) -> bool:
    """Whether the "servicemen" (``vm``, matched in ``rest``) are a uniformed body's that is no
    army: "N Interior Ministry servicemen", "N servicemen of the State Border Service", or
    "N of its servicemen" said by such a body."""
    mods = vm.group(0)[: vm.start("noun")]
    if _UNIFORMED.search(mods) or _UNIFORMED_AFTER.match(rest, vm.end()):
        return True
    return bool(_OWN_MEN.search(mods)) and who is not None and bool(_UNIFORMED.search(who.text))


#: An army's officers: "a contract officer", "officers of <country>'s armed forces".
_ARMY_OFFICER_MODIFIER: Final = re.compile(r"\b(?:contract|army|military|commissioned)\s*$", re.I)
_ARMY_AFTER: Final = re.compile(
    r"\s+(?:of|from)\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,2}?(?:armed\s+forces|army|military|"
    r"defen[cs]e\s+(?:army|forces|ministry)|ministry\s+of\s+defen[cs]e)\b",
    re.I,
)


def _army_officers(rest: str, vm: re.Match[str]) -> bool:
    """Whether the "officers" (``vm``, matched in ``rest``) are an army's, not police's."""
    if vm.group("noun").lower() not in ("officer", "officers"):
        return False
    mods = vm.group(0)[: vm.start("noun")]
    if _UNIFORMED.search(mods):
        return False
    return bool(_ARMY_OFFICER_MODIFIER.search(mods)) or bool(_ARMY_AFTER.match(rest, vm.end()))


def _kind(word: str) -> bool:
    return bool(_INJ.fullmatch(word))


#: Victims counted by sex or age, and what opens a breakdown of a figure just given:
#: "20 civilians, including seven women and 12 men", "60 were hurt - 48 men and 12 women".
_DEMOGRAPHIC: Final = re.compile(r"(?:wo)?m[ae]n|girls?|boys?|(?:fe)?males?", re.I)
#: A part of a breakdown with a word on its age: "N civilians: one young boy, M men, ...".
_AGED_DEMOGRAPHIC: Final = re.compile(
    r"\s+(?:little|young|small|elderly|old|adult|teenage)\s+(?:(?:wo)?m[ae]n|girls?|boys?)\b", re.I
)
_BREAKDOWN: Final = re.compile(r"\bincluding\b|\s[-\u2013\u2014]\s|[:(]", re.I)
_PART_GAP: Final = re.compile(r"[\w\s-]{0,30}?(?:,\s*and|,|and)\s+", re.I)
#: Ages open a breakdown only after a colon or a dash: "35 civilians were injured: 13
#: children, 15 women and seven men" (but "including 3 children" is a figure of its own).
_AGES: Final = re.compile(r"children|child|minors|elderly|adults", re.I)
_LISTED: Final = re.compile(r":|\s[-\u2013\u2014]\s")


#: A verb that makes a bare figure a casualty count: "killed at least 20", "killing 27".
_BARE_FIGURE: Final = re.compile(
    r"\b(?:killed|killing|wounded|wounding|injured|injuring)\s+(?:(?:at least|more than|over|about|"
    r"around|nearly|almost|some|up to|another|a further|an estimated)\s+)?$",
    re.I,
)
#: What may follow a figure with no noun ("killing 27, including ...", "killed 20 and"),
#: unlike "killing two crew members", whose noun is not one we read.
_BARE_END: Final = re.compile(
    r"\s*(?:[,.;:)]|$|(?:and|or|in|on|at|near|as|when|during|after|since|while|including|with|"
    r"so far|overall|people|others|more)\b)",
    re.I,
)
_LIST_GAP: Final = re.compile(
    r"[\w\s-]{0,80}(?:,|\band\b)\s*(?:with\s+)?(?:at least |about |some |nearly |more than )?"
)
_PLACE_NEXT: Final = re.compile(r"\s+(?:in|near|at|on)\s+(?:the\s+)?[A-Z]")
_LOST: Final = re.compile(
    r"\b(?:lost|loses|losing|lose)\s+(?:(?:at least|more than|over|about|around|nearly|almost|some|up to)\s+)?$",
    re.I,
)
#: The end of a figure of losses with no noun of its own ("said it lost 71.").
_LOST_END: Final = re.compile(r"\s*(?:[,.;]|$)")
_GOVERNS: Final = re.compile(
    r"\s+(?:(?:at least|more than|over|about|around|nearly|almost|some|up to|as many as|another|"
    r"a further|an estimated)\s+)?"
)
#: The verb of the figure's own clause, past an apposition: "N people, including X, were wounded".
_OWN_VERB: Final = re.compile(
    # past a breakdown with figures of its own: "N residents, M of them elderly, were hurt"
    r"(?:[^.;\d,]{0,40}?,\s+[\w-]+\s+of\s+(?:them|whom)\b[^.;]{0,60}?,\s*|"
    # past a breakdown opened by "including": "N soldiers, including M from <unit> and K
    # from <unit>, were killed"
    r"[^.;\d,]{0,60}?,\s+including\s+[^.;]{0,160}?,\s*|[^.;\d]{0,80}?)"
    r"\b(?:were|was|have been|has been|had been)\s+(?:\w+\s+)?(?P<w>"
    + _KILL.pattern
    + "|"
    + _INJ.pattern
    + r")",
    re.I,
)


#: A figure right after the verb of the figures before it, joined by "and".
_NEXT_CONJUNCT: Final = re.compile(r",?\s+and\s+", re.I)
#: Its own verb after the other figure of its pair: "K civilians and L soldiers were injured".
_PAIR_VERB: Final = re.compile(
    r"[^.;]{0,80}?\b(?:were|have been|had been)\s+(?:\w+\s+)?(?P<w>"
    + _KILL.pattern
    + "|"
    + _INJ.pattern
    + r")",
    re.I,
)


#: A figure with no noun whose own verb follows an apposition that counts a part of it:
#: "207, including three civilians, were killed".
_APPOSED: Final = re.compile(
    r",?\s+including\s+[^.;\d]{0,60}?,\s+(?:were|was|have been|has been|had been)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|hurt|dead)\b",
    re.I,
)


#: A figure's own predicate that is harm other than to the body.
_OTHER_HARM: Final = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?:suffered (?:material|property|financial) (?:damage|losses)|"
    r"(?:were|have been|had been) (?:displaced|evacuated|left homeless)|lost their homes|"
    r"(?:became|were made) (?:refugees|homeless))\b",
    re.I,
)


_KILL_OR_INJ: Final = re.compile(_KILL.pattern + "|" + _INJ.pattern, re.I)
#: Its copy for lower-cased ASCII text (``lowered``: the same spans, the words lower-cased).
_KILL_OR_INJ_LOW: Final = lowered(_KILL_OR_INJ)


def _casualty_word(
    text: str, n: Number, lo: int, hi: int, prev: tuple[Number, bool] | None
) -> bool | None:
    """True injured, False killed, None neither, for the figure ``n``."""
    far = min(hi, n.end + 220)  # the own verb past a breakdown "including" opens
    hi = min(hi, n.end + 90)
    semi = text.find(";", n.end, far)
    far = semi if semi >= 0 else far
    hi = min(hi, far)
    near = _NEAR.match(text, n.end, hi)
    if near is not None:
        return _kind(near.group("w"))
    if _LOST.search(text, max(lo, n.start - 40), n.start) and (
        _VICTIM.match(text[n.end : hi]) or (prev is not None and _LOST_END.match(text, n.end, hi))
    ):
        # "the <adjective> side lost 8 servicemen"; "N of its soldiers were killed, while
        # <ministry> said it lost M.": the figure before named the victims
        return False
    if _OTHER_HARM.match(text, n.end, hi):
        return None  # "5,800 people suffered material damage": counted, but not hurt
    # ``_kind`` reads a word case-blind: the lowered copy's words tell the same
    words, src = (_KILL_OR_INJ_LOW, lower_ascii(text)) if text.isascii() else (_KILL_OR_INJ, text)
    before = [m for m in words.finditer(src, max(lo, n.start - 30), n.start)]
    between = text[before[-1].end() : n.start] if before else ""
    if before and _GOVERNS.fullmatch(between):
        return _kind(before[-1].group(0))  # "killing 13", "wounded at least 30 more"
    own = _OWN_VERB.match(text, n.end, far if "including" in text[n.end : hi] else hi)
    if own is not None:
        first = words.search(src, n.end, own.start("w"))
        if first is not None and "," not in text[n.end : first.start()]:
            # "two of its soldiers died and three were wounded": the figure's own verb
            # comes first, the auxiliary after it is the next figure's
            return _kind(first.group(0))
        return _kind(own.group("w"))  # "four people, including a child, were wounded"
    if before and not re.search(r"\d", between):
        if _NEXT_CONJUNCT.fullmatch(between):
            # "N civilians and M soldiers were killed and K civilians and L soldiers were
            # injured": K opens a new pair, whose verb follows it
            later = _PAIR_VERB.match(text, n.end, hi)
            if later is not None and words.search(src, n.end, later.start("w")) is None:
                return _kind(later.group("w"))
        return _kind(before[-1].group(0))
    gap = text[prev[0].end : n.start] if prev is not None else ""
    # a list: "11 killed in the Martuni direction, 4 in the Hadrut direction"
    if (
        prev is not None
        and _LIST_GAP.fullmatch(gap)
        and (len(gap) <= 40 or _PLACE_NEXT.match(text, n.end, hi))
    ):
        return prev[1]
    if (
        prev is not None
        and _BARE_END.match(text, n.end, hi)
        and _SAYS_FIGURE.search(text, max(lo, n.start - 60), n.start)
    ):
        # "while <country> reports N dead soldiers, <country> declares M": the same count,
        # by the other speaker
        return prev[1]
    after = words.search(src, n.end, hi)
    return _kind(after.group(0)) if after is not None else None


#: A second speaker's figure of the same count, with no noun: "..., <country> declares M",
#: "..., and <capital> says M".
_SAYS_FIGURE: Final = re.compile(
    r"(?:,|;)\s+(?:and\s+|while\s+|whereas\s+|but\s+)?(?:the\s+)?(?:[A-Z][\w'\u2019-]*\s+){1,3}"
    r"(?:says|said|declares|declared|reports|reported|claims|claimed|counts|counted|gives|gave)\s+"
    r"(?:(?:at least|more than|over|about|nearly|some)\s+)?$"
)


_BOTH: Final = re.compile(
    r"\bboth sides\b|\bon both\b|\bon each side\b|\bfrom both\b|\bon either side\b", re.I
)
#: The side a figure is counted on: "losses on the <adjective> side: two dead".
_ON_SIDE: Final = PackPattern(
    lambda pack: (
        r"\b(?:on|of|among) the (?P<adj>"
        + alternation(pack.word("en", "side_adjectives").values())
        + r")\s+side\b[^;]{0,40}$"
    ),
    re.I,
)
_SIDE_HAS: Final = PackPattern(
    lambda pack: (
        r"\b(?P<adj>"
        + alternation(pack.word("en", "side_adjectives").values())
        + r")\s+(?:side|army|forces|troops)\s+(?:has|had|have|lost|suffered|sustained)\s+"
        # "the toll of a strike by <adjective> forces has risen to N": the attackers lost none
        + r"(?!(?:risen|rose|increased|climbed|grown|reached|gone up|jumped)\b)(?:[\w,]+\s+){0,6}$"
    )
)
#: A party's toll of both sides: "the overall toll", "a combined N". A running total of one
#: attack's victims (a death "bringing the total to N") is of its victims' side.
_BOTH_TOTAL: Final = re.compile(
    r"\boverall|(?<!\bbringing the )(?<!\bbrings the )(?<!\braising the )(?<!\braises the )total|combined\b",
    re.I,
)
#: The actor right before its attack verb ("<country>'s army shelled"); a speech verb between
#: them ("<country> noted <adjective> troops shelled") makes the actor the speaker, not the
#: attacker, whichever verb of speech it is.
_ATTACK: Final = re.compile(
    r"(?:['\u2019]s?)?(?:\s+(?!(?:"
    + SPEECH.pattern
    + r")|was\b|were\b|been\b|being\b|is\b|are\b)[\w-]+){0,3}?"
    r"\s+(?:opened fire|open fire|opens fire|fired|shelled|shelling|attacked|attacks?|launched|struck|"
    r"strikes?|hit|targeted|targeting|bombed|pounded|killed|killing|ambushed|assaulted)\b",
    re.I,
)
_CIVIL_CONTEXT: Final = re.compile(
    r"\b(?:civilians|civilian (?:population|casualties|victims|deaths|areas|settlements|targets|residents)|"
    r"residential|residents?|inhabitants|(?:in|inside|at|hit|struck|on) (?:their |his |her |the |a )?(?:homes?|houses?)|"
    r"apartments?|children|child|in (?:their|his|her) sleep|"
    r"schools?|kindergartens?|peaceful population|non-combatants?|"
    # "the missile strike on <name> city", "the shelling of the town": fire on where people live
    r"(?:strikes?|attacks?|shelling|bombardment|bombing|fire)\s+(?:on|of)\s+(?:the\s+)?"
    r"(?:[\w'\u2019]+\s+){0,2}(?:city|town|village)(?:\s+of\s+[A-Z][\w'\u2019-]*)?)\b",
    re.I,
)
_MIL_CONTEXT: Final = re.compile(
    r"\b(?:soldiers?|servicem[ae]n|troops|military personnel|the military|fighters|conscripts|reservists|officers?|"
    r"positions|posts?|frontline|front line|combat|battles?)\b",
    re.I,
)
_UNSPECIFIED: Final = frozenset(
    ["people", "persons", "person", "individuals", "lives", "victims", "bodies"]
)
#: The strike named right after a toll as one on civilians: "... . The strike was the
#: deadliest attack on civilians", "an attack of <country> against civilians".
_ON_CIVILIANS: Final = re.compile(
    r"\b(?:attacks?|strikes?|shelling|bombardment|targeting)\s+(?:of\s+[A-Z][\w'\u2019-]*\s+)?"
    r"(?:on|against|of)\s+(?:the\s+)?(?:[A-Z][\w'\u2019-]*\s+)?civilians\b",
    re.I,
)
#: A toll of fighting, not of one strike: the words on civilians after it are not its own.
_FIGHTING: Final = re.compile(r"\b(?:fighting|clashes|hostilities|battles?)\b", re.I)
#: How far after a toll's sentence the words on its strike are looked for.
_ON_CIVILIANS_REACH: Final = 320


def _side_of_word(table: str, word: str) -> str | None:
    """The side whose pattern in the pack's ``table`` (side → pattern) matches ``word``."""
    for side, rx in active().word("en", table).items():
        if re.fullmatch(rx, word):
            return str(side)
    return None


#: Each side's country as written (the pack's ``country_names``).
_COUNTRY_OF: Final = PackPattern(
    lambda pack: (
        r"\b(?:in|of)\s+("
        + alternation(pack.word("en", "country_names").values())
        + r")\b|\b("
        + alternation(pack.word("en", "country_names").values())
        + r")'s\s+(?!(?:[A-Z]|defen[cs]e|foreign|armed|army|military|government))"
    )
)


#: What follows a side's country as the subject of its losses: "<country> (also) lost N".
_LOST_AFTER: Final = (
    r"\s+(?:(?:also|has|had|have|reportedly)\s+){0,2}(?:lost|suffered|sustained)\s+"
    r"(?:(?:at least|more than|over|about|around|nearly|some|up to)\s+)?$"
)
_COUNTRY_LOST: Final = PackPattern(
    lambda pack: r"\b(" + alternation(pack.word("en", "country_names").values()) + ")" + _LOST_AFTER
)


@lru_cache(maxsize=16)
def _side_patterns(
    pack: ConflictPack, key: str, before: str, after: str
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (str(side), re.compile(before + rx + after)) for side, rx in pack.word("en", key).items()
    )


def _first_side(key: str, text: str, before: str = "", after: str = "") -> str | None:
    """The first side, in the pack's order, whose words (``key``: side → pattern) ``text`` holds."""
    for side, rx in _side_patterns(active(), key, before, after):
        if rx.search(text):
            return side
    return None


def _attacker_side(sent: Sentence, claimant: str) -> str | None:
    """The side the sentence names as firing ("<adjective> shelling", "<country> launched")."""
    agents = [a for a in sent.actors if a.kind == "agent" and side_of(a.code) is not None]
    if agents:
        return side_of(agents[0].code)
    for a in sent.actors:
        side = side_of(a.code)
        if (
            side is not None
            and a.kind in ("org", "country")
            and _ATTACK.match(sent.text, a.end, sent.end)
        ):
            return side
    return None


def _place_side(sent: Sentence) -> str | None:
    """The side whose ground the sentence's places are on, when they agree."""
    sides: set[str] = set()
    pack = active()
    for pm in find_places(sent.text, sent.start, sent.end):
        entry = place(pm.name)
        if entry is None:
            continue
        ground = next((s.name for s in pack.sides if s.holds(entry.region, entry.country)), None)
        if ground is not None:
            sides.add(ground)
    if len(sides) == 1:
        return sides.pop()
    m = _COUNTRY_OF.search(sent.body)
    if m is not None:
        return _side_of_word("country_names", m.group(1) or m.group(2))
    return None


_ENEMY: Final = re.compile(r"\benemy\b")
#: The other side named as the subject of its losses: "the opponent has suffered N killed",
#: "the enemy lost 12 men", "the opposing side has sustained losses of ...".
_ENEMY_HAS: Final = re.compile(
    r"\b(?:enemy|adversary|opponent|opposing side|opposite side)(?:'s\s+(?:side|forces|troops|army))?"
    r"\s+(?:has\s+|had\s+|have\s+)?(?:lost|suffered|sustained)\s+(?:[\w,]+\s+){0,6}$",
    re.I,
)
_PEACEKEEPERS: Final = re.compile(r"\bpeacekeepers?\b", re.I)


def _listed_side(sent: Sentence, n: Number, nums: list[Number]) -> str | None:
    """The side an earlier figure of the sentence's list names by the words right after it:
    "207 <adjective> citizens were killed, 293 servicemen were wounded" (the same men)."""
    for o in reversed([o for o in nums if o.end <= n.start and not o.is_article]):
        words = sent.text[o.end : min(o.end + 30, n.start)].split(",", 1)[0]
        named = _first_side("victim_side_words", words)
        if named is not None:
            return named
    return None


def _side(
    sent: Sentence, n: Number, noun_text: str, claimant: str, nums: list[Number] | None = None
) -> str:
    window = sent.text[max(sent.start, n.start - 30) : min(sent.end, n.end + 60)]
    if may_search(_BOTH, window.lower() if folds_safely(window) else None) and _BOTH.search(window):
        return "both"
    pack = active()
    named = _first_side("victim_side_words", noun_text)
    if named is not None:
        return named
    if _ENEMY.search(noun_text) and is_party(claimant):
        return pack.other_side(str(side_of(claimant)))
    has = _SIDE_HAS.search(sent.text, max(sent.start, n.start - 90), n.start) or _ON_SIDE.search(
        sent.text, max(sent.start, n.start - 60), n.start
    )
    if has is not None:
        return _side_of_word("side_adjectives", has.group("adj")) or pack.sides[-1].name
    if " lost " in sent.low or " suffered " in sent.low or " sustained " in sent.low:
        lost = _COUNTRY_LOST.search(sent.text, max(sent.start, n.start - 60), n.start)
        if lost is not None:
            return _side_of_word("country_names", lost.group(1)) or pack.sides[-1].name
    if _PEACEKEEPERS.search(noun_text):
        return "both"  # neither party's
    own = side_of(claimant)
    attacker = _attacker_side(sent, claimant)
    if attacker is not None:
        # Victims are the other side of whoever the sentence says fired.
        return pack.other_side(attacker)
    if own is not None:
        return own
    return (nums and _listed_side(sent, n, nums)) or _place_side(sent) or "both"


#: Bodies of a party that report their own side's losses ("the prosecutor's office said").
_DOMESTIC: Final = re.compile(
    r"ministry|prosecutor|office|ombudsman|human rights defender|government|authorities|officials|"
    r"health|emergenc|police|investigat|service|command|army|military|\bMoD\b|spokes",
    re.I,
)
_NAMED_VICTIM: Final = re.compile(
    r"\b(?P<rank>(?:[Jj]unior |[Ss]enior )?(?:[Ss]ergeant|[Ss]oldier|[Ss]erviceman|[Pp]rivate|[Cc]orporal|[Ll]ieutenant|"
    r"[Cc]aptain|[Mm]ajor|[Cc]onscript|[Rr]eservist|[Cc]ontract serviceman|"
    r"(?:[Ss]oldier|[Ss]erviceman) of the (?:\w+ ){0,2}[Aa]rmy))"
    r"(?:\s+(?:[A-Z][\w.'-]*\s+){1,4}|,\s+(?:[A-Z][\w.'-]*\s+){0,3}[A-Z][\w.'-]*,\s+)"
    r"(?:,\s*(?:born|aged)[^,]{0,20},\s*)?"
    r"(?:(?:was|has been|had been|is)\s+)?(?P<w>fatally wounded|mortally wounded|killed|died|was killed|perished|"
    r"wounded|injured|hurt|lost (?:his|her) life|"
    # "<rank> <name> received a leg wound", "... sustained shrapnel wounds"
    r"(?:suffered|sustained|received)\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:wounds?|injur(?:y|ies)))\b"
)
#: "servicemen A. B. and C. D. were mortally wounded": soldiers named together, one each.
_NAME: Final = r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,3}"
_NAMED_SOLDIERS: Final = re.compile(
    r"\b(?P<rank>(?:[Cc]ontract )?(?:[Ss]ervicemen|[Ss]oldiers|[Cc]onscripts|[Rr]eservists))\s+"
    r"(?P<names>" + _NAME + r"(?:,\s+" + _NAME + r")*,?\s+and\s+" + _NAME + r")\s+"
    r"(?:(?:were|have been|had been)\s+)?(?P<w>fatally wounded|mortally wounded|killed|died|perished|"
    r"wounded|injured|hurt)\b"
)
#: "..., killing serviceman A. B.": the named soldier after the participle of the attack.
_NAMED_VICTIM_AFTER: Final = re.compile(
    r"\b(?P<w>killing|fatally wounding|mortally wounding|wounding|injuring)\s+"
    r"(?P<rank>(?:[Jj]unior |[Ss]enior |[Cc]ontract )?(?:[Ss]ergeant|[Ss]oldier|[Ss]erviceman|[Pp]rivate|"
    r"[Cc]orporal|[Ll]ieutenant|[Cc]aptain|[Mm]ajor|[Cc]onscript|[Rr]eservist))"
    r"\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,3}"
)


#: A figure that counts a part of the one before it: "..., including two civilians".
_INCLUDED: Final = re.compile(r"\bincluding\s+(?:at least\s+|some\s+)?$", re.I)
#: "... killed and another 19 wounded": more of the figure before, of its side.
_MORE_OF: Final = re.compile(r"\b(?:another|a further|an additional|additional)\s+$", re.I)


#: The next part of a breakdown opened by "including": "including N <men> from <unit> and M
#: from <unit>" (no verb of harm between them).
_NEXT_PART: Final = re.compile(
    r"[\w\s'\u2019-]{0,60}?(?:,\s*and|,|\band)\s+(?:at least |about |some |nearly |more than )?"
)
#: "about" naming what a report tells of, not a rounded figure: "information about N killed".
_ABOUT_TOPIC: Final = re.compile(r"\b(?:information|data|figures|details)\s+about\s+$", re.I)
#: A word or two an editor puts in square brackets inside a quotation: "N [more] soldiers".
_INSERTION: Final = re.compile(r" \[[a-z]+(?: [a-z]+)?\]")
#: A rate, not a toll: "up to N people every day", "N a day".
_PER_DAY: Final = re.compile(
    r"\s*(?:[\w-]+\s+){0,4}?(?:(?:every|each|per)\s+day|a\s+day(?!\s+(?:after|before|earlier|later)\b)|daily)\b",
    re.I,
)


#: The second year of a span of years after the first: "1991-94", "1988\u20131994".
_YEAR_SPAN: Final = re.compile(r"[-\u2013\u2014](?:19|20)?\d\d\b")


def find_casualties(sent: Sentence, ctx: DocContext, spk: list[Speaker]) -> list[CasualtyClaim]:
    """Casualty figures claimed in the sentence."""
    text = sent.text
    out: list[CasualtyClaim] = []
    if not sent.has(_CASUALTY_WORDS):
        return out
    low = sent.low
    if "covid" in low or "coronavirus" in low or "new cases" in low:
        return out  # "<country> sees N new coronavirus cases, M deaths": a link to another story
    if _OTHER_WARS.search(text, sent.start, sent.end) and not _THIS_WAR.search(
        text, sent.start, sent.end
    ):
        return out  # "the Kyrgyz side reported N dead": the toll of another conflict in the news
    nums = find_numbers(text, sent.start, sent.end)
    captive = "captur" in low or "prisoner" in low or "missing" in low or "captive" in low
    date_spans = [(d.start, d.end) for d in sent.dates] + [(c[0], c[1]) for c in sent.clocks]
    # ASCII text lower-cased: the needles of tolls, case-sensitive copies of blind patterns
    ascii_low = lower_ascii(text) if text.isascii() else None
    last_noun: str | None = None
    prev: tuple[Number, bool] | None = None
    counted: int | None = None  # the end of the figure before, read or not
    last_end: int | None = None
    parts: int | None = None  # the end of the last part of a breakdown skipped
    named_side: str | None = None  # the side the victims' words of the figure before name
    included_end: int | None = None  # the end of the last part counted with "including"
    parts_of: set[int] = set()  # the indices in ``out`` of such parts
    part_dropped: int | None = None  # the end of the last such part that was no figure
    for n in nums:
        lost = False
        if date_spans and any(a <= n.start < b for a, b in date_spans):
            continue
        if 1900 <= n.value <= 2099 and _YEAR_SPAN.match(text, n.end, sent.end):
            continue  # "in the 1991-94 war": years, no victims
        counted, last_end = last_end, (None if n.is_article else n.end)
        lo = max(sent.start, n.start - 30)
        skip = (
            _SKIP_BEFORE.search(text[lo : n.start])
            if ascii_low is None
            else _SKIP_BEFORE_LOW.search(ascii_low[lo : n.start])
        )
        if skip is not None:
            if not n.is_article and _PART_OPENER.search(skip.group(0)):
                parts = n.end  # "of whom N men and M women": the parts go on
            continue
        if (
            ascii_low is not None
            and ("carr" in ascii_low or "pull" in ascii_low)
            and _SEEN_CARRIED.search(ascii_low, max(sent.start, n.start - 100), n.start)
        ):
            continue  # "a photographer saw rescuers carrying one body": a scene, not a toll
        rest = text[n.end : sent.end]
        if rest.startswith(" [") and (insert := _INSERTION.match(rest)) is not None:
            # "N [more] soldiers": a word the editor put in a quotation, read past (blanked,
            # so the offsets into ``rest`` stay those of the text)
            rest = " " * insert.end() + rest[insert.end() :]
        if (
            _NOT_AFTER.match(rest)
            if ascii_low is None
            else _NOT_AFTER_LOW.match(ascii_low[n.end : sent.end])
        ):
            continue
        if captive and _CAPTIVE.match(rest):
            # "5 were killed, 7 were captured, 11 went missing and 4 wounded": no casualty
            # figure, but the list goes on: the figure after it is of the same men
            prev = (n, prev[1]) if prev is not None else None
            continue
        if " are " in low or " were " in low:
            named_part = _named_part(sent, ctx, spk, n, rest)
            if named_part is not None:  # "of the N killed, M are <adjective> policemen"
                out.append(named_part)
                continue
        if _PARTITIVE.match(rest):
            part = _subset(sent, ctx, spk, n, rest)  # "two of the dead were civilians"
            if part is not None:
                out.append(part)
            continue
        if "da" in low and _PER_DAY.match(rest):
            continue  # "losing up to N men every day": a rate, no toll
        vm = _VICTIM.match(rest) or _MEMBERS.match(rest)
        noun = vm.group("noun") if vm else None
        if noun is not None and _mixed_kinds(noun, rest, vm.end() if vm else 0):
            noun = "people"  # "600 soldiers and civilians": victims of either kind
        others = (noun is not None and noun.lower() in ("others", "more")) or (
            last_noun is not None
            and _MORE_OF.search(text, max(sent.start, n.start - 12), n.start) is not None
        )
        if others and last_noun is not None:
            noun = last_noun
        noun_text = text[n.start : n.end + vm.end()] if vm else ""
        if vm is not None:
            owner = _OWNER.match(rest, vm.end()) or _OWNER_AFTER.match(rest, vm.end())
            if owner is not None:  # "two servicemen of the <adjective> army"
                noun_text += owner.group(0)
        if n.is_article and (
            noun is None or (noun.lower().endswith("s") and noun.lower() not in ("lives",))
        ):
            continue
        lo = max(sent.start, n.start - 100)
        toll = (
            _TOLL.search(text, lo, n.start) if may_search(_TOLL, ascii_low, lo, n.start) else None
        )
        if toll is not None and any(
            toll.end() <= o.start < n.start and not _NOT_AFTER.match(text[o.end : o.end + 30])
            for o in nums
            if not o.is_article
        ):
            toll = None
        owned = None
        if noun is None and ("number of" in low or "count of" in low):
            owned = _NUMBER_OF_OWNED.search(text, max(sent.start, n.start - 260), n.start)
            if owned is not None:
                noun = owned.group("noun")
                noun_text = text[
                    owned.start("victims") : owned.end("owner")
                    if owned.group("owner")
                    else owned.end("noun")
                ]
        if noun is None and toll is not None:
            among = _AMONG.search(text, toll.start(), n.start) or _NUMBER_OF.match(
                text, toll.start(), n.start
            )
            if among is not None:
                noun = among.group("noun")
                noun_text = among.group(0)
                if _mixed_kinds(noun, text, among.end()):
                    noun = "people"  # "its count of fighters and civilians killed": a total
        if noun is None:
            deaths_noun = re.match(
                # "10 confirmed civilian deaths": a word on how the deaths are known
                r"\s*(?:more\s+|others\s+|new\s+|additional\s+|confirmed\s+|recorded\s+|registered\s+|"
                r"documented\s+|verified\s+)?(?:(?P<adj>military|civilian)\s+)?"
                r"(?:(?:were|was|have been|had been|are)\s+)?"
                r"(?:dead|deaths|killed|wounded|injured|injuries|fatalities|casualties|losses(?=\s+among\b))\b",
                rest,
                re.I,
            )
            if deaths_noun is not None and deaths_noun.group("adj"):
                # "874 military deaths", "12 civilian fatalities"
                noun = "soldiers" if deaths_noun.group("adj").lower() == "military" else "civilians"
            elif deaths_noun is not None and " among " in low:
                # "N new deaths among its soldiers", "N dead and M wounded among <region>
                # civilians": the victims named after the toll
                among_after = _AMONG_AFTER.match(text, n.end + deaths_noun.end(), sent.end)
                if among_after is not None:
                    noun = among_after.group("noun")
                    noun_text = among_after.group(0)
                    # "there were N losses among the military personnel": the dead
                    lost = deaths_noun.group(0).lower().endswith("losses")
            elif deaths_noun is not None and " of " in low:
                # "N more deaths of its soldiers": the victims named after "of"
                deaths_of = _DEATHS_OF.match(text, n.end + deaths_noun.end(), sent.end)
                if deaths_of is not None:
                    noun = deaths_of.group("noun")
                    noun_text = text[n.start : deaths_of.end()]
            if toll is None and deaths_noun is None and _APPOSED.match(text, n.end, sent.end):
                # "207, including three civilians, were killed": victims of either kind
                noun = "people"
            elif toll is None and deaths_noun is None:
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
                if last_noun is None and not (
                    _BARE_FIGURE.search(before) and _BARE_END.match(rest)
                ):
                    continue
                noun = last_noun
        elif (
            noun.lower() in ("people", "persons")
            and last_noun is not None
            and prev is not None
            and _CIVILIAN_NOUN.fullmatch(last_noun)
            and _LIST_GAP.fullmatch(text, prev[0].end, n.start)
        ):
            noun = last_noun  # "N civilians were killed, M people were wounded": the same people
        elif noun.lower() not in ("others", "more"):
            last_noun = noun
        inherited = False
        if (
            noun is None
            and last_noun is not None
            and prev is not None
            and re.fullmatch(
                # an abbreviation's period ("since Sept. 27, M injured") stays in the gap
                # and a parenthesis closed ("N civilians were killed (M of them ...) and K
                # wounded")
                r"(?:[\w\s()-]|(?<=[A-Za-z])\.){0,80}(?:,\s*and\b|,|\band\b)\s*"
                # "has lost N servicemen, there are M wounded": the same men
                r"(?:with\s+|there\s+(?:are|were)\s+)?"
                r"(?:another |a further |further )?"
                r"(?:at least |about |some |nearly |more than |over )?",
                text[prev[0].end : n.start],
            )
            # "25 people were killed, including two civilians, and 138 injured": the part
            # named in the apposition does not name the figure after it
            and not _INCLUDED.search(text, max(sent.start, prev[0].start - 20), prev[0].start)
        ):
            noun = last_noun
            inherited = True
        if (
            noun is not None
            and counted is not None
            and (
                (
                    (_DEMOGRAPHIC.fullmatch(noun) or _AGED_DEMOGRAPHIC.match(text, n.end, sent.end))
                    and (
                        _BREAKDOWN.search(text, counted, n.start)
                        or (parts == counted and _PART_GAP.fullmatch(text, counted, n.start))
                    )
                )
                or (
                    _AGES.fullmatch(noun)
                    and (
                        _LISTED.search(text, counted, n.start)
                        or (parts == counted and _PART_GAP.fullmatch(text, counted, n.start))
                    )
                )
            )
        ):
            parts = n.end
            continue  # "19 civilians were killed, including 7 women and 11 men": parts of a toll
        injured: bool | None
        if vm is not None and _HURT_MODIFIER.search(vm.group(0)):
            # "a wounded soldier succumbed", "one wounded serviceman died": what follows
            # the phrase decides; with nothing after it, the victims are injured
            phrase_end = n.end + vm.end()
            later = _NEAR.match(text, phrase_end, min(sent.end, phrase_end + 60))
            injured = _kind(later.group("w")) if later is not None else True
        elif owned is not None:
            injured = _kind(owned.group("w"))  # "the number of soldiers ... killed": the dead
        else:
            injured = False if lost else _casualty_word(text, n, sent.start, sent.end, prev)
        if toll is not None:
            phrase = text[toll.start() : n.start]
            said_kill, said_inj = bool(_KILL.search(phrase)), bool(_INJ.search(phrase))
            if said_kill != said_inj:
                injured = said_inj
            elif toll.group("casualties"):
                injured = False  # "the casualties among civilians are two": the dead
        running = (
            prev is not None
            and (" total " in low or " tally " in low or " count " in low or " toll " in low)
            and _RUNNING_TOTAL.search(text, max(sent.start, n.start - 60), n.start) is not None
        )
        if injured is None and running and prev is not None:
            injured = prev[1]  # "N new deaths ..., bringing the total to M": of the same kind
        if running and noun is None and last_noun is not None:
            noun = last_noun  # "a further 12 soldiers died, bringing the toll to 105": soldiers
        if injured is None and noun is not None and noun.lower() == "victims" and vm is not None:
            injured = False  # "there are N civilian victims": the dead, as a toll counts them
        if injured is None:
            if toll is None:
                if "including" in low and _INCLUDED.search(
                    text, max(sent.start, n.start - 20), n.start
                ):
                    included_end = part_dropped = n.end  # a part with no verb: the list goes on
                continue
            injured = False
        prev = (n, injured)
        if n.value <= 0 or n.value > MAX_FIGURE or n.qualifier == "several":
            continue  # "several killed": no count a reader could report, whoever says it
        who = speaker_for(sent, ctx, n.start, spk)
        if who is None and not spk:
            who = paragraph_source(ctx, sent)  # a statement earlier in the paragraph
        if who is None and not spk:
            who = _report_issuer(text, sent.start)
        if who is None and ("revise" in low or "raise" in low or "update" in low):
            who = _reviser(text, sent.start, n.start)
        lo = max(sent.start, n.start - 140)
        if may_search(_BACKGROUND_TOLL, ascii_low, lo, n.start) and _BACKGROUND_TOLL.search(
            text, lo, n.start
        ):
            who = None  # "the fighting, which has killed 5,000": the writer's background
        denier = None
        if (
            who is not None
            and _DENIED_CUE.match(who.cue)
            and who.cue_start < n.start
            and _DENIED_TOLL.search(text, who.cue_start, n.start)
        ):
            denier, who = who.code, None  # "X denied the attack, which killed 13": the writer's
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
        if (
            category.startswith("total")
            and vm is not None
            and noun is not None
            and noun.lower() in _UNSPECIFIED
            and _CIVILIAN_MODIFIER.search(vm.group(0), 0, vm.start("noun"))
        ):
            category = category.replace("total", "civilian")  # "N civilian victims"
        elif category.startswith("total") and _civilian_context(sent, noun, n.start):
            category = category.replace("total", "civilian")
        elif (
            category.startswith("total")
            and (noun is None or noun.lower() in _UNSPECIFIED)
            and "civilians" in text[sent.end : sent.end + _ON_CIVILIANS_REACH].lower()
            and not _MIL_CONTEXT.search(text, sent.start, sent.end)
            and not _FIGHTING.search(text, sent.start, sent.end)
            and _ON_CIVILIANS.search(text, sent.end, sent.end + _ON_CIVILIANS_REACH)
        ):
            # "N people were killed in <town>. ... the deadliest attack on civilians": the
            # strike the next sentences call one on civilians killed civilians
            category = category.replace("total", "civilian")
        elif (
            category.startswith("total")
            and (inherited or (vm is None and noun is not None and noun is last_noun))
            and out
            and out[-1].category.startswith("civilian")
            and _JOINED.fullmatch(text, out[-1].span[1], n.start) is not None
        ):
            # "N civilian victims in <region> and M in <country>": the figure joined to a
            # civilian toll counts civilians too
            category = category.replace("total", "civilian")
        elif category.startswith("military") and vm is not None and _uniformed_men(rest, vm, who):
            category = category.replace("military", "total")  # "two Interior Ministry servicemen"
        elif category.startswith("total") and vm is not None and _army_officers(rest, vm):
            category = category.replace("total", "military")  # "an officer of the armed forces"
        elif (
            category.startswith("total")
            and noun is None
            and " in action" in low
            and (
                _IN_ACTION.match(text, n.end, sent.end)
                or _IN_ACTION_BEFORE.search(text, max(sent.start, n.start - 50), n.start)
            )
        ):
            category = category.replace("total", "military")  # "N killed in action, M wounded"
        side = (
            "both"
            if (toll is not None and noun is None and not is_party(claimant))
            else _side(sent, n, noun_text, claimant, nums)
        )
        if (
            toll is not None
            and noun is None
            and is_party(claimant)
            and _BOTH_TOTAL.search(sent.body)
        ):
            side = "both"
        if others and side == "both" and out and out[-1].side != "both":
            side = out[-1].side  # "two soldiers of <region> were killed and 14 others injured"
        if inherited and named_side is not None:
            # "N <adjective> troops were killed and M were wounded during <country>'s
            # offensive": the second figure is of the first one's men, whoever fired
            side = named_side
        else:
            named_side = _first_side("victim_side_words", noun_text) if noun_text else None
        if (
            ("enemy" in low or "advers" in low or "oppon" in low or "opposi" in low)
            and is_party(claimant)
            and _ENEMY_HAS.search(text, max(sent.start, n.start - 90), n.start) is not None
        ):
            # "the enemy lost N dead and M wounded": the other side's troops
            side = active().other_side(str(side_of(claimant)))
            if category.startswith("total"):
                category = category.replace("total", "military")
        denied_side = side_of(denier) if denier is not None else None
        if denied_side is not None and side in ("both", denied_side):
            side = active().other_side(denied_side)  # the victims of what the party denies doing
        if who is None and side in active().side_names:
            official = next(
                (
                    s
                    for s in reversed(spk)
                    if s.cue == "according to"
                    and s.cue_start <= n.start
                    and _OFFICIAL_DATA.match(s.text)
                ),
                None,
            )
            if official is not None:
                # "According to official information, 293 <adjective> servicemen were
                # wounded": official figures of a party's losses are its government's
                claimant = active().side(side).state
        is_part = (
            "including" in low
            # "including 6 children": a part by age or sex is a figure of its own
            and not (noun is not None and (_AGES.fullmatch(noun) or _DEMOGRAPHIC.fullmatch(noun)))
        ) and bool(
            _INCLUDED.search(text, max(sent.start, n.start - 20), n.start)
            or (
                included_end is not None
                and _NEXT_PART.fullmatch(text, included_end, n.start)
                and not _KILL_OR_INJ.search(text, included_end, n.start)
            )
        )
        if is_part:
            joined = included_end is not None and included_end == part_dropped
            included_end = n.end
            if joined or any(
                c.category == category and c.side == side and c.figure > n.value
                for i, c in enumerate(out)
                if i not in parts_of
            ):
                # "50 soldiers, including 42 from the army and 8 from the border service":
                # the parts of a toll of the same kind are no figures of their own, nor
                # the parts of the same breakdown after them
                part_dropped = n.end
                continue
            parts_of.add(len(out))
        if n.qualifier == "approximately" and _ABOUT_TOPIC.search(
            text, max(sent.start, n.start - 30), n.start
        ):
            n = replace(n, qualifier="exact")  # "information about N killed": the topic
        out.append(_figure(n, who, _domestic(claimant, who, side), side, category))
    out.extend(_named_victims(sent, ctx, spk, out))
    if "another" in sent.low:
        out.extend(_another(sent, out))
    listed = _listed_victims(sent, ctx, spk)
    if listed:
        spans = [c.span for c in listed]
        out = [c for c in out if not any(a <= c.span[0] < b for a, b in spans)] + listed
    return out


#: What joins a figure to the toll before it: "N civilian victims in <region> and M in ...".
_JOINED: Final = re.compile(
    r"[\w\s-]{0,60}(?:,\s*and|,|\band)\s+(?:at least |about |over |more than )?"
)


#: Parties of other wars a story may sum up beside this one, and the words that name this
#: one's; a toll in a sentence naming only the former is no claim of this conflict.
_OTHER_WARS: Final = PackPattern(lambda pack: pack.word("en", "other_wars"), re.I)
_THIS_WAR: Final = PackPattern(
    lambda pack: alternation(
        [
            *pack.word("en", "side_adjectives").values(),
            *pack.word("en", "country_names").values(),
            *pack.word("en", "capitals"),
            pack.word("en", "implied_party_words"),
        ]
    ),
    re.I,
)


#: "killed in action" is said of soldiers only: a bulletin's "N killed in action" counts
#: troops, and so does the "and M wounded" joined to it.
_IN_ACTION: Final = re.compile(r"\s+(?:killed|wounded|injured)\s+in\s+action\b", re.I)
_IN_ACTION_BEFORE: Final = re.compile(
    r"\b\w+\s+(?:killed|wounded|injured)\s+in\s+action\s*(?:,\s*|\s+and\s+)(?:another\s+)?$", re.I
)


#: "One soldier was killed and another wounded": the second victim, counted by "another".
_ANOTHER: Final = re.compile(
    r"[^.;\d]{0,60}?(?:,\s*|\s+)(?:(?:and|while)\s+)?another(?:\s+one|\s+(?:soldier|serviceman|officer|civilian|person|man|woman))?\s+"
    r"(?:(?:was|has been|had been)\s+)?"
    r"(?P<w>wounded|injured|hurt|killed|died)\b",
    re.I,
)


#: A body that revises its own count: "<party> has revised up its count of the dead to N",
#: "<name> raises the toll to N". The subject is the figure's claimant.
_REVISES: Final = re.compile(
    r"\s*(?:has\s+|have\s+|had\s+)?(?:revised|raised|raises|raising|updated|updates)\s+"
    r"(?:up(?:ward)?\s+)?(?:(?:its|their|his|her|the)\s+)?(?:[\w'\u2019-]+\s+){0,5}?"
    r"(?:toll|number|count|figure|tally)\b[^.;]{0,80}?\bto\s+"
    r"(?:(?:at least|more than|over|about|nearly|almost|some)\s+)?$",
    re.I,
)


def _reviser(text: str, start: int, at: int) -> Speaker | None:
    """The party that raised (revised, updated) the count ending at ``at`` to its figure, when
    it is named right before the verb."""
    for m in reversed(find_actors(text, max(start, at - 200), at)):
        if m.kind != "org" or not is_party(m.code):
            continue
        if _REVISES.match(text[m.end : at]) is None:
            return None
        verb = re.search(r"revised|raised|raises|raising|updated|updates", text[m.end : at], re.I)
        return Speaker(m.code, m.text, verb.group(0) if verb else "", m.end)
    return None


#: A body's report released in the sentence before a toll: "<body> today released its
#: second report.", "<ministry> published updated figures on Monday."
_RELEASED: Final = re.compile(
    r"\s*(?:today\s+|on\s+\w+\s+|has\s+|have\s+)?(?:released|published|issued|presented)\s+"
    r"(?:(?:his|her|its|their|the|a|an|new|updated|latest)\s+)?(?:[\w'\u2019-]+\s+){0,4}?"
    r"(?:report|findings|data|figures|statistics|bulletin|update|fact-finding mission)\b[^.;]*\.\s*$",
    re.I,
)


def _report_issuer(text: str, start: int) -> Speaker | None:
    """The party whose report the sentence before, in the same paragraph, says was released:
    the toll the next sentence gives with no speaker is that report's."""
    lo = max(0, start - 300)
    line = text.rfind("\n", lo, start)
    lo = line + 1 if line >= 0 else lo
    window = text[lo:start].lower()
    if not any(w in window for w in ("released", "published", "issued", "presented")):
        return None
    for m in find_actors(text, lo, start):
        if m.kind != "org" or not is_party(m.code) or text.rfind(".", m.end, start - 2) >= 0:
            continue
        if _RELEASED.match(text, m.end, start):
            return Speaker(m.code, m.text, "released", m.end)
    return None


def _another(sent: Sentence, found: list[CasualtyClaim]) -> list[CasualtyClaim]:
    """The victim "another" adds to a figure of one, of the same kind, by its own verb."""
    out: list[CasualtyClaim] = []
    for c in found:
        m = _ANOTHER.match(sent.text, c.span[1], sent.end) if c.figure == 1 else None
        if m is None:
            continue
        hurt = "injured" if m.group("w").lower() in ("wounded", "injured", "hurt") else "killed"
        category = f"{c.category.split('_', 1)[0]}_{hurt}"
        if any(o.category == category and o.figure == 1 for o in (*found, *out)):
            continue
        out.append(replace(c, category=category, qualifier="exact", span=(m.start("w"), m.end())))
    return out


_DENIED_CUE: Final = re.compile(r"den(?:y|ies|ied|ying)|reject|refut|dismiss", re.I)
#: The toll of the act a party denies, in a clause of its own: "denied the strike, which left",
#: "denied the attack on Tuesday, when N died".
_DENIED_TOLL: Final = re.compile(
    r",\s+(?:which|that)\s+(?:has\s+|had\s+)?(?:left|killed|claimed|wounded|injured)\b|"
    r",\s+(?:killing|leaving|wounding|injuring)\b|"
    # "denied the attacks on Tuesday, when N people were killed": the writer's account
    r",\s+when\b",
    re.I,
)
_BACKGROUND_TOLL: Final = re.compile(
    r"\b(?:fighting|war|conflict|clashes|hostilities|violence|offensive|escalation|outbreak)\b"
    r"(?:,?\s+(?:that|which)\s+(?:has\s+|have\s+|had\s+)?(?:so far\s+|already\s+)?"
    r"(?:killed|claimed(?: the lives of)?|left)|[^.;\"]{0,80},\s+(?:killing|claiming|leaving))\s+"
    r"(?:at least\s+|more than\s+|over\s+|about\s+|nearly\s+|some\s+|around\s+)?$|"
    # "the wars over the region, in which some N people died": the toll of the wars named
    # (not "the clashes in which N soldiers were killed", the story's own)
    r"\b(?:wars?|conflicts?)\b(?:\s+[\w-]+){0,4}?,?\s+in\s+which\s+"
    r"(?:at least\s+|more than\s+|over\s+|about\s+|nearly\s+|some\s+|around\s+)?$|"
    # "... its worst since the 1990s, when some N people were killed": an earlier war's toll
    r"\b(?:since|in|during)\s+the\s+(?:early\s+|late\s+|mid-)?(?:19|20)\d0s,?\s+when\s+"
    r"(?:at least\s+|more than\s+|over\s+|about\s+|nearly\s+|some\s+|around\s+)?$",
    re.I,
)
_PARTITIVE: Final = re.compile(
    r"\s+of\s+(?:them|whom|those|the\s+(?:[\w,-]+\s+){0,2}?(?:\d[\d,]*|injured|wounded|dead|killed|"
    r"victims|fatalities|casualties|deaths|martyrs)|the\s+(?:soldiers|servicemen|troops|civilians|people|residents)\b(?!\s+of\b))\b",
    re.I,
)


_CLAUSE_BREAK: Final = re.compile(r";|,?\s+(?:while|whereas)\s+|,\s+but\s+")


def _clause(sent: Sentence, pos: int) -> tuple[int, int]:
    """The clause of the sentence around ``pos`` ("X said ..., while Y said ...")."""
    lo, hi = sent.start, sent.end
    if len(SPEECH.findall(sent.text, sent.start, sent.end)) < 2:
        return lo, hi  # one statement: "while" joins facts, not speakers
    for m in _CLAUSE_BREAK.finditer(sent.text, sent.start, sent.end):
        if m.end() <= pos:
            lo = m.end()
        elif m.start() >= pos:
            hi = m.start()
            break
    return lo, hi


def _civilian_context(sent: Sentence, noun: str | None, pos: int | None = None) -> bool:
    """Unspecified victims of fire on homes, children or civilians are civilians."""
    if noun is not None and noun.lower() not in _UNSPECIFIED:
        return False
    lo, hi = _clause(sent, pos) if pos is not None else (sent.start, sent.end)
    if _MIL_CONTEXT.search(sent.text, lo, hi):
        return False
    for m in _CIVIL_CONTEXT.finditer(sent.text, lo, hi):
        before = sent.text[max(sent.start, m.start() - 25) : m.start()]
        after = sent.text[m.end() : m.end() + 12]
        # "including two civilians" counts a part; "children among the casualties" too.
        if (
            _COUNTED.search(before)
            or re.match(r"\s+among\b", after)
            or (
                m.group(0).lower() == "civilians"
                and re.search(r"\b(?:including|no)\s+$", before, re.I)
            )
            # "N people, including children, were killed": a part named, not all of them
            or re.search(r"\bincluding\s+$", before, re.I)
        ):
            continue
        return True
    return False


_COUNTED: Final = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|several|"
    r"hundreds|some|many|[a-z]+teen|[a-z]+ty))(?:\s+[a-z-]+){0,2}\s+$",
    re.I,
)


#: A source after "according to" that is a government's without naming it.
_OFFICIAL_DATA: Final = re.compile(
    r"(?:the\s+)?(?:latest\s+|preliminary\s+|updated\s+)?official\s+(?:data|information|figures|statistics)\b",
    re.I,
)


def _domestic(claimant: str, who: Speaker | None, side: str) -> str:
    """A party body named without its country ("the prosecutor's office said") speaks for its victims."""
    pack = active()
    if claimant != "unattributed" or who is None or side not in pack.side_names:
        return claimant
    if who.cue == "according to" or not _DOMESTIC.search(who.text):
        return claimant
    if re.search(
        r"\b(?:media|news|agency|reporters?|journalists?|witness|sources?)\b", who.text, re.I
    ):
        return claimant
    return pack.side(side).state


def _named_victims(
    sent: Sentence, ctx: DocContext, spk: list[Speaker], found: list[CasualtyClaim]
) -> list[CasualtyClaim]:
    """One claim per soldier named with rank and name ("Sergeant A. B. was killed")."""
    out: list[CasualtyClaim] = []
    ranks = sent.has(_RANK_WORDS)
    pairs = (
        list(_NAMED_SOLDIERS.finditer(sent.text, sent.start, sent.end))
        if (ranks or "servicemen" in sent.low) and " and " in sent.low
        else []
    )
    if not ranks and not pairs:
        return out
    for m in [
        *(_NAMED_VICTIM.finditer(sent.text, sent.start, sent.end) if ranks else ()),
        *(_NAMED_VICTIM_AFTER.finditer(sent.text, sent.start, sent.end) if ranks else ()),
        *pairs,
    ]:
        if any(m.start() - 40 <= c.span[0] <= m.end() for c in found):
            continue
        figure = m.group("names").count(",") + 2 if m.re is _NAMED_SOLDIERS else 1
        who = speaker_for(sent, ctx, m.start(), spk)
        claimant = who.code if who else "unattributed"
        before = sent.text[max(sent.start, m.start() - 25) : m.start()]
        army = [  # "serviceman of the <adjective> Army": that army's side
            side_of(a.code)
            for a in find_actors(sent.text, m.start("rank"), m.end("rank"))
            if is_party(a.code)
        ]
        side = (
            _first_side("named_victim_side", before, r"\b(?:", r")\s+$")
            or (army[0] if army else None)
            or side_of(claimant)
            or "both"
        )
        injured = m.group("w") in ("wounded", "injured", "wounding", "injuring") or m.group(
            "w"
        ).startswith(("suffered", "sustained", "received"))
        claimant = _domestic(claimant, who, side)
        cat = "military_injured" if injured else "military_killed"
        out.append(
            CasualtyClaim(
                claimant,
                who.text if who else "",
                side,
                cat,
                figure,
                "exact",
                m.group("rank"),
                (m.start(), m.end()),
            )
        )
    return out


_SINGLE_MIL: Final = r"soldier|serviceman|officer|conscript|reservist|sergeant|private"
_SINGLE_CIV: Final = (
    r"woman|man|child|boy|girl|mother|father|son|daughter|wife|husband|baby|infant|civilian|resident|"
    r"teenager|shepherd|farmer|driver|teacher|doctor|nurse|journalist|pensioner|villager"
)
_ONE: Final = (
    r"(?:(?:an?|the|his|her|their|one|another|[A-Z][\w-]+)\s+)?(?:[a-z]+(?:-year-old)?\s+)?"
    r"(?:" + _SINGLE_MIL + "|" + _SINGLE_CIV + r")\b"
)
#: "Woman, child die", "a man and his son were killed": victims counted by listing them.
_VICTIM_LIST: Final = re.compile(
    r"(?<![\w-])(?P<list>" + _ONE + r"(?:\s*(?:,|\band\b|&)\s*" + _ONE + r"){1,5})"
    r"\s+(?:(?:were|was|have been|are|had been)\s+)?(?P<w>die|died|killed|dead|wounded|injured|hurt)\b",
    re.I,
)
#: "as a result of which Firstname Lastname was killed": a victim named without a rank.
_NAMED_PERSON: Final = re.compile(
    r"(?<![\w.'-])(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})(?:,\s*(?:\d{1,2}|aged \d{1,2}|born in \d{4}),)?"
    r"\s+(?:was|has been|had been)\s+(?P<w>killed|fatally wounded|mortally wounded)\b"
)


#: Two singular victim nouns joined by a comma or "and" (checked before the list pattern).
_PAIR_GATE: Final = re.compile(
    r"\b(?:" + _SINGLE_MIL + "|" + _SINGLE_CIV + r")\s*(?:,|\band\b|&)\s*(?:[a-z-]+\s+){0,2}?"
    r"(?:" + _SINGLE_MIL + "|" + _SINGLE_CIV + r")\b"
)
_RANK_WORDS: Final = keywords(
    (
        "sergeant",
        "soldier",
        "serviceman",
        "private",
        "corporal",
        "lieutenant",
        "captain",
        "major",
        "conscript",
        "reservist",
    )
)


_NAMED_DEATH_WORDS: Final = keywords(("was killed", "fatally", "mortally", "been killed"))


def _listed_victims(sent: Sentence, ctx: DocContext, spk: list[Speaker]) -> list[CasualtyClaim]:
    """Victims written as a list of people, and victims named without a rank."""
    out: list[CasualtyClaim] = []
    low = sent.low
    listed = (" and " in low or "," in low or "&" in low) and _PAIR_GATE.search(low)
    for m in _VICTIM_LIST.finditer(sent.text, sent.start, sent.end) if listed else ():
        nouns = re.findall(
            r"\b(?:" + _SINGLE_MIL + "|" + _SINGLE_CIV + r")\b", m.group("list"), re.I
        )
        if len(nouns) < 2:
            continue
        mil = sum(bool(re.fullmatch(_SINGLE_MIL, w, re.I)) for w in nouns)
        kind = "military" if mil == len(nouns) else "civilian" if mil == 0 else "total"
        out.append(_one_claim(sent, ctx, spk, m, len(nouns), kind, m.group("list")))
    named = sent.has(_NAMED_DEATH_WORDS)
    for m in _NAMED_PERSON.finditer(sent.text, sent.start, sent.end) if named else ():
        name = m.group("name")
        if (
            find_actors(name)
            or any(canonical(w) for w in name.split())
            or name.split()[0] in _NOT_NAMES
            or name.split()[-1] in _NOT_NAME_ENDS
        ):
            continue
        if _RANKED_BEFORE.search(sent.text[max(sent.start, m.start() - 70) : m.start()]):
            continue
        out.append(_one_claim(sent, ctx, spk, m, 1, "civilian", name))
    return out


#: A rank or soldier's noun right before a name, also with the army and a surname between
#: ("Sergeant of the <adjective> army, <Surname>, <First> <Patronymic> was killed").
_RANKED_BEFORE: Final = re.compile(
    r"\b(?:" + _SINGLE_MIL + r"|rank|[Ss]ergeant|[Pp]rivate)"
    r"(?:\s+of\s+the\s+(?:[\w-]+\s+){0,2}?(?:[Aa]rmy|[Aa]rmed [Ff]orces|[Ff]orces))?"
    r"(?:,\s*[A-Z][\w'-]*)*,?\s+$"
)
#: The last word of a name that is an institution's or a territory's, not a person's
#: ("... of the de facto Artsakh Republic was killed").
_NOT_NAME_ENDS: Final = frozenset(
    [
        "Republic",
        "Army",
        "Ministry",
        "Region",
        "Province",
        "District",
        "Council",
        "Forces",
        "Office",
        "Service",
        "Committee",
        "Assembly",
        "Union",
        "Government",
        "Corridor",
        "Parliament",
        "Agency",
        "Guard",
        "Command",
    ]
)
_NOT_NAMES: Final = frozenset(
    [
        *(
            "The",
            "A",
            "An",
            "This",
            "That",
            "His",
            "Her",
            "Their",
            "One",
            "Another",
            "Junior",
            "Senior",
        ),
        *(
            "Sergeant",
            "Private",
            "Corporal",
            "Lieutenant",
            "Captain",
            "Major",
            "Colonel",
            "General",
        ),
        *("Soldier", "Serviceman", "Officer", "Mr", "Mrs", "Ms", "Dr"),
    ]
)


#: A part of the victims named by what they were: "two of the dead were civilians".
_SUBSET: Final = re.compile(
    r"\s+of\s+(?:the|those)\s+(?P<w>dead|killed|wounded|injured|martyrs|fatalities)\s+(?:were|are|was|is)\s+"
    r"(?:all\s+|an?\s+)?"
    r"(?P<noun>civilians|civilian|children|child|women|woman|soldiers|soldier|servicemen|serviceman|"
    r"troops|military servicemen)\b",
    re.I,
)


def _subset(
    sent: Sentence, ctx: DocContext, spk: list[Speaker], n: Number, rest: str
) -> CasualtyClaim | None:
    """The figure of a part of the victims that says which they were ("two of the dead were
    civilians"): a civilian or military figure of its own; nothing for any other part."""
    m = _SUBSET.match(rest)
    if m is None or n.value <= 0 or n.value > MAX_FIGURE:
        return None
    injured = m.group("w").lower() in ("wounded", "injured")
    category = _category(m.group("noun"), injured, None)
    if category.startswith("total"):
        return None
    who = speaker_for(sent, ctx, n.start, spk)
    claimant = who.code if who else "unattributed"
    written = sent.text[n.start : n.end + m.end()]
    side = _side(sent, n, written, claimant)
    return _figure(n, who, _domestic(claimant, who, side), side, category)


#: "Of the five people killed, ...": a toll whose parts the clauses after it name.
_OF_THE_TOLL: Final = re.compile(
    r"\bof\s+the\s+(?:[\w-]+\s+){0,3}?(?P<w>killed|dead|wounded|injured)\s*,", re.I
)
_ARE: Final = re.compile(r"\s+(?:are|were)(?:\s+all)?(?=\s)", re.I)


def _named_part(
    sent: Sentence, ctx: DocContext, spk: list[Speaker], n: Number, rest: str
) -> CasualtyClaim | None:
    """A part of a toll named after it by "are" ("Of the five people killed, three are
    <adjective> policemen and two are members of the <adjective> army"): a figure of its
    own, of the kind and side its words name."""
    cop = _ARE.match(rest)
    if cop is None or n.value <= 0 or n.value > MAX_FIGURE:
        return None
    toll = _OF_THE_TOLL.search(sent.text, max(sent.start, n.start - 120), n.start)
    if toll is None:
        return None
    after = rest[cop.end() :]
    vm = _VICTIM.match(after) or _MEMBERS.match(after)
    if vm is None or _DEMOGRAPHIC.fullmatch(vm.group("noun")) or _AGES.fullmatch(vm.group("noun")):
        return None  # "of the 34 injured, 16 were women": parts of the toll, no figures
    injured = toll.group("w").lower() in ("wounded", "injured")
    category = _category(vm.group("noun"), injured, None)
    who = speaker_for(sent, ctx, n.start, spk)
    claimant = who.code if who else "unattributed"
    written = sent.text[n.start : n.end + cop.end() + vm.end()]
    side = _side(sent, n, written, claimant)
    return _figure(n, who, _domestic(claimant, who, side), side, category)


def _figure(
    n: Number, who: Speaker | None, claimant: str, side: str, category: str
) -> CasualtyClaim:
    """The claim of figure ``n`` as written."""
    return CasualtyClaim(
        claimant,
        who.text if who else "",
        side,
        category,
        n.value,
        n.qualifier,
        n.text,
        (n.start, n.end),
    )


def _one_claim(
    sent: Sentence,
    ctx: DocContext,
    spk: list[Speaker],
    m: re.Match[str],
    figure: int,
    kind: str,
    written: str,
) -> CasualtyClaim:
    who = speaker_for(sent, ctx, m.start(), spk)
    claimant = who.code if who else "unattributed"
    n = Number(figure, "exact", m.start(), m.end(), written)
    side = _side(sent, n, written, claimant)
    claimant = _domestic(claimant, who, side)
    injured = m.group("w").lower() in ("wounded", "injured", "hurt")
    return CasualtyClaim(
        claimant,
        who.text if who else "",
        side,
        f"{kind}_{'injured' if injured else 'killed'}",
        figure,
        "exact",
        written,
        (m.start(), m.end()),
    )


def claimed_by(c: CasualtyClaim, code: str, words: str, text: str) -> CasualtyClaim:
    """The writer's figure ``c`` given to the party ``code`` whose statement it is found to
    be (a quotation's speaker): victims the words gave no side are that party's own, unless
    they are said to be of both sides or peacekeepers."""
    side = c.side
    if side == "both" and side_of(code) is not None:
        window = text[max(0, c.span[0] - 30) : c.span[1] + 60]
        if not _BOTH.search(window) and not _PEACEKEEPERS.search(window):
            side = str(side_of(code))
    return replace(c, claimant=code, claimant_text=words, side=side)


def _kind_of(category: str) -> str:
    return category.split("_", 1)[1]


_OTHERS_AFTER: Final = re.compile(r"\s+others\b")


def reconcile(claims: list[CasualtyClaim], text: str = "") -> list[CasualtyClaim]:
    """One claim per figure a document repeats: the writer's copy of a party's figure goes,
    an unspecified category or side takes the specific one said elsewhere of the same figure;
    "N others" are of the kind of the victims counted right before them."""
    out = list(claims)
    # twice when the first pass gave a writer's copy its party's claimant: that claim then
    # gives its category in the second ("<body>: N people died" over "N civilians ...")
    for pass_ in range(2):
        if pass_ and all(out[k].claimant == claims[k].claimant for k in range(len(out))):
            break
        for i, c in enumerate(out):
            for j, o in enumerate(out):
                if j == i or o.figure != c.figure or _kind_of(o.category) != _kind_of(c.category):
                    continue
                if (
                    c.claimant == "unattributed"
                    and o.claimant != "unattributed"
                    and c.side in (o.side, "both")
                ):
                    c = replace(c, claimant=o.claimant, claimant_text=o.claimant_text, side=o.side)
                if side_of(c.claimant) != side_of(o.claimant) and c.claimant != o.claimant:
                    continue
                if c.category.startswith("total") and not o.category.startswith("total"):
                    c = replace(c, category=o.category)
                if c.side == "both" and o.side != "both" and o.claimant == c.claimant:
                    c = replace(c, side=o.side)
            out[i] = c
    for i in range(1, len(out)):
        c, before = out[i], out[i - 1]
        if (
            c.category.startswith("total")
            and not before.category.startswith("total")
            and before.claimant == c.claimant
            and 0 < c.span[0] - before.span[1] < 400
            and _OTHERS_AFTER.match(text, c.span[1])
        ):
            # "killing nine civilians ... As many as 34 others were wounded": civilians too
            kind = before.category.split("_")[0]
            out[i] = replace(c, category=kind + c.category[c.category.index("_") :])
    unique: list[CasualtyClaim] = []
    for c in out:
        # two parties of one side giving the same figure (a government relaying its region's
        # ministry) make one claim of that side
        key = (side_of(c.claimant) or c.claimant, c.side, c.category, c.figure)
        same = [
            i
            for i, u in enumerate(unique)
            if (side_of(u.claimant) or u.claimant, u.side, u.category, u.figure) == key
        ]
        if not same:
            unique.append(c)
        elif unique[same[0]].qualifier == "exact" and c.qualifier != "exact":
            unique[same[0]] = c  # "604 soldiers" in the headline, "at least 604" in the text
    return unique
