"""Violation reports and denials: who accuses whom of firing where, and who denies it.

Owns the trigger words of an attack, the accusation frames ("X accused Y of shelling",
"X blamed Y for", "came under Y fire, X said"), unattributed reports (accuser
``unattributed``), the self-report and reciprocal filters, places and weapons of a
report, and denials ("X denied", "dismissed ... as disinformation", "has no troops").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

from tracker.conflict import ConflictPack, active
from tracker.conflict.patterns import PackPattern, coded, groups_of
from tracker.extract.actors import ACCUSE, SPEECH, ActorMention
from tracker.extract.attribution import (
    NAMED_PERSON,
    DocContext,
    Sentence,
    Speaker,
    content_dates,
    event_time,
    keywords,
    may_match,
    own_time,
    passive_accusation,
    speaker_for,
    written_days,
)
from tracker.extract.model import (
    Denial,
    OccurredTime,
    Violation,
    is_party,
    opposite,
    side_of,
)
from tracker.extract.places import find_places
from tracker.extract.text import factored, lower_ascii, lowered, on_ascii
from tracker.extract.timeexpr import TimeMention, next_day_after_midnight, since_day, with_clock

#: The alternatives of ``STRONG``, as written (the pattern has them ``factored``).
_STRONG_WORDS: Final = (
    r"shelled|shells|bombarded|bombards|bombed|pounded|assaulted|attacked|attacks|attacking|fired (?:[\w-]+ ){0,2}(?:on|at|upon|into|toward|towards)|hit (?:the |a )?(?:village|town|city|positions?|areas?|district|region)|"
    r"attempt(?:ed|s)? (?:(?:of|by) (?:the )?(?:[\w'\u2019-]+ ){1,3})?to (?:capture|seize|storm) (?:the |several |some )?(?:[\w-]+ )?(?:heights?|hills?|positions?|posts?)|"
    r"opened fire|fire (?:on|at)|firing (?:on|at)|firing (?:first|again|indiscriminately|mortars|shells|rockets|missiles) (?:on|at|upon)|struck|hit by|hit with|were hit|was hit|targeted|targeting (?:the |civilian |residential )?"
    r"(?:village|town|city|positions|settlements?|areas?)|came under|come under|comes under|coming under|under (?:[\w-]+ )?(?:fire|attack|shelling|bombardment|rocket|missile|artillery)|cross(?:ed|ing) the border|"
    # "saboteurs crossed into <region>-held territory", "tried to cross the line of contact"
    r"cross(?:ed|ing) into (?:the )?(?:[\w'-]+ ){0,2}(?:territory|territories|zone|area)|"
    r"(?:attempt(?:ed|ing|s)?|tried|trying|tries) to cross the (?:line of contact|contact line|border)|"
    # "an attempt to break through the border", "broke through the defences"
    r"(?:to break|broke|breaking) through (?:the |its |their )?(?:[\w-]+ ){0,2}(?:border|lines?|defen[cs]es?|positions?)|"
    r"violat(?:ed|ing|es)(?! (?:the |its |their )?(?:[\w-]+ ){0,2}(?:provisions|requirements|terms|obligations|commitments|rights|norms|principles|(?:conventions?|law)\b(?! by (?:shell|fir|attack|bomb|target|strik|hitt|kill))))|"
    r"breach(?:ed|ing)(?! (?:the |its |their )?(?:[\w-]+ ){0,2}(?:provisions|requirements|terms|obligations|commitments|rights|norms|principles))|"
    r"(?:broke|broken|breaking|breaks) (?:the |a |its |their )?(?:humanitarian |new |latest |truce |ceasefire )?(?:cease-?fire|truce|agreement|armistice)|broken(?= by )|sniper (?:shots?|fire) (?:of|from|by)|"
    # "an <adjective> sniper had killed one of its soldiers", "sniper fire opened by <units>"
    r"snipers? (?:had |has |have )?(?:shot|killed|wounded|injured)|sniper fire opened by|"
    r"(?:not|failing to|failed to|refusing to|refused to) (?:observ|respect|compl|adher|hono|practi)\w* "
    r"(?:with |to )?(?:the |a )?(?:new |humanitarian )*(?:cease-?fire|truce)|"
    r"launch(?:ed|ing|es)? (?:an? |a new |new )?(?:full-scale |massive )?(?:attack|offensive|strike|assault|missile|rocket|drone|artillery)|ambushed|raided|"
    r"rocket(?:ed|ing)|"
    r"started (?:to )?(?:fir(?:e|ing)|shell(?:ing)?|attack(?:ing)?)|began (?:to )?(?:fir(?:e|ing)|shell(?:ing)?|attack(?:ing)?)|begun (?:to )?(?:fir(?:e|ing)|shell(?:ing)?|attack(?:ing)?)|"
    r"opened (?:to )?(?:fir(?:e|ing)|shell(?:ing)?|attack(?:ing)?)|resumed (?:to )?(?:fir(?:e|ing)|shell(?:ing)?|attack(?:ing)?)|continued (?:to )?(?:fir(?:e|ing)|shell(?:ing)?|attack(?:ing)?)|"
    r"fir(?:ed|ing) in the direction of|fired (?:again|once again|anew|repeatedly|intermittently|first)|"
    # "fired mortars, howitzers and drones toward ...": a list of arms before the target
    r"fired (?:[\w-]+,? (?:and )?){2,6}?(?:in the direction of|toward|towards|at|upon)|"
    r"shot at|shooting at|(?:fir(?:ed|ing)|shot|shooting) (?:shots |rounds |bullets )?(?:into|in) the air|stormed|continu\w* (?:firing|shooting|shelling|attacks|to (?:fire|shell|attack))|"
    r"fired from|fired (?:[\w-]+ ){0,2}(?:shells?|rockets?|missiles?|mortars?|rounds|shots|weapons|ammunition|bullets|grenades)|"
    r"w(?<!there w)(?:as|ere) (?:shelling|bombarding|bombing|pounding|targeting|firing (?:on|at|upon|into))|i(?<!there i)s (?:shelling|bombarding|bombing|pounding|targeting|firing (?:on|at|upon|into))|"
    r"a(?<!there a)re (?:shelling|bombarding|bombing|pounding|targeting|firing (?:on|at|upon|into))|b(?<!there b)een (?:shelling|bombarding|bombing|pounding|targeting|firing (?:on|at|upon|into))|shot (?:dead )?by|(?:fire|shots) (?:was|were|had been|has been) (?:opened|fired)|(?:fatally|mortally) shot|shot dead(?! by)|invad(?:ed|ing|es)(?! (?:by|from)\b)|entered (?:the )?(?:[\w'-]+ ){0,2}(?:zone|area) of (?:responsibility|control)|cross(?:ed|ing) the (?:line of contact|contact line)|(?:killed|wounded|injured|hurt) by(?= (?:an? |the )?(?:[\w-]+ )?(?:(?:armenian|azerbaijani|azeri|enemy|artsakh|karabakh|separatist)s?\b|(?:armenia|azerbaijan|artsakh|karabakh)['\u2019]s (?:[\w-]+ )?(?:forces|troops|army|military|units|soldiers|snipers?|fire|shelling|drones?)\b))|"
    r"stag(?:ed|ing|es|e) (?:an? |the )?(?:[\w-]+ )?(?:offensive|attack|assault|provocation|raid)s?|"
    r"carr(?:ied|ies|ying) out (?:an? |the )?(?:[\w-]+ ){0,2}(?:attacks?|strikes?|assaults?|raids?|shelling|bombardments?)|"
    # "<forces> made a missile attack on <town>": the light verb of an attack
    r"ma(?:de|kes?|king) (?:an? |another |new |fresh )?(?:(?:missile|rocket|drone|artillery|air|mortar|massive|deadly)[ -]){0,2}(?:attacks?|strikes?|assaults?|raids?) (?:on|at|against|upon)|"
    r"attacks? (?:carried out|conducted|launched|staged) by|"
    r"strikes? (?:carried out|conducted|launched|staged) by|"
    r"assaults? (?:carried out|conducted|launched|staged) by|"
    r"raids? (?:carried out|conducted|launched|staged) by|"
    r"shelling (?:carried out|conducted|launched|staged) by|"
    r"bombardments? (?:carried out|conducted|launched|staged) by|"
    r"military operations? (?:carried out|conducted|launched|staged) by|"
    r"anti-terror(?:ist)? operations? (?:carried out|conducted|launched|staged) by|"
    r"us(?:ed|ing|es) (?:[\w-]+ ){0,3}(?:artillery|mortars?|drones?|rockets?|missiles?|howitzers|tanks|grenade launchers|sniper rifles|large-calibre weapons|aviation)(?! (?:to|for) (?:suppress|silence|respond))|"
    r"subjected (?:[\w-]+ ){0,8}to (?:[\w-]+ )?(?:fire|shelling|bombardment|attack|strikes?)|subjected to (?:fire|shelling|bombardment)"
)
STRONG: Final = re.compile(
    r"\b(?:" + factored(_STRONG_WORDS) + r")\b",
    re.I,
)
#: The alternatives of ``NOUN``, as written (the pattern has them ``factored``).
_NOUN_WORDS: Final = (
    r"bombarding|pounding|attacking|firing (?:on|at)|targeting|striking|violating|shelling|shell|bombardments?|bombing|attacks?|strikes?|explosions?|fire|gunfire|sabotage|subversive acts?|subversions?|"
    r"violations?|provocations?|assaults?|offensives?|raids?|incursions?|crossing|advance"
)
NOUN: Final = re.compile(
    r"\b(?:" + factored(_NOUN_WORDS) + r")\b",
    re.I,
)
KILLED: Final = re.compile(
    r"\b(?:was|were|had been|have been|has been|being) (?:killed|wounded|injured|hurt|left dead)\b|\bdied\b|"
    r"\blost (?:his|her|their) li(?:fe|ves)\b|\bkilling\b|\bwounding\b",
    re.I,
)
WEAK: Final = re.compile(
    r"\b(?:clashes|fighting|battles|skirmishes|hostilities)\s+(?:(?!(?:or|and|nor)\s)[\w-]+\s+)?(?:were|was|continued|continue|continues|"
    r"raged|rage|rages|erupted|broke out|took place|resumed|intensified|went on|are|is)\b"
    r"|\b(?:shootouts?|firefights?|gunfights?|exchanges? of fire)\b",
    re.I,
)
_NOT_TRIGGER: Final = re.compile(
    r"\bstrike (?:a|an|the) (?:\w+ ){0,2}(?:deal|agreement|balance|bargain)|\bstrike drones\b|\bhunger strike"
    r"|\b(?:c[ao]me|comes|coming) under (?:the |its |their )?(?:[\w-]+ )?(?:occupation|control|jurisdiction|administration|rule|authority|protection|sovereignty)\b"
    r"|\bshells? (?:were |was |had been |have been )?(?:discovered|found|defused|neutrali[sz]ed|removed)\b"
    # "<party> is preparing a new provocation": an attack to come, not one made
    r"|\bprepar(?:es|ed|ing|e)\s+(?:for\s+)?(?:(?:an?|another|the)\s+)?"
    r"(?:(?:new|fresh|major|large-scale)\s+)?(?:provocations?|attacks?|offensives?|assaults?)\b"
    r"|\bcease-?\s?fire|\bcessation of (?:fire|hostilities)|\b(?:stop|halt|end) (?:the )?(?:fire|firing|shelling|attacks)"
    r"|\b(?:investigat\w*|probe|inquiry) into (?:all |any |the )?(?:[\w-]+ )?(?:violations?|attacks?|incidents?)"
    r"|\b(?:all|any|possible|future|further) (?:[\w-]+ )?(?:violations?|provocations?|attacks?)"
    r"|\bhad (?:the |these |such )?(?:hostilities|fighting|war|clashes|attacks|shelling) (?:continued|gone on|lasted)"
    r"|\b(?:violations?|breach(?:es)?) of (?:the |its |their |his |her )?(?:[\w-]+ ){0,2}"
    r"(?:commitments|obligations|provisions|requirements|terms|norms|principles|rights)\b"
    # "pictures show a fire at a storage site": a blaze, not gunfire
    # (the look-behinds after the "a": a pattern whose alternatives all open with a word reads fast)
    r"|\ba(?<!\bopened a)(?<!\bopening a)(?<!\bopen a) fire (?:at|in|on|broke)\b|\bthe fire broke\b",
    re.I,
)
_SELF: Final = re.compile(
    r"\b(?:its|our|their|his) (?:own )?(?:forces|troops|army|units|soldiers|military|artillery|drones|aviation|air force)\b(?:\s+(?:had|have|has))?\s+$",
    re.I,
)
VIOLENCE_WORDS: Final = keywords(
    (
        "shell",
        "bomb",
        "pound",
        "attack",
        "fire",
        "firing",
        "struck",
        "strik",
        " hit",
        "target",
        "violat",
        "breach",
        "broke",
        "break through",
        "not observ",
        "not respect",
        "not compl",
        "not adher",
        "not hono",
        "not practi",
        "fail",
        "refus",
        "launch",
        "ambush",
        "raid",
        "sniper",
        "shot",
        "storm",
        "subjected",
        "explosi",
        "sabotage",
        "subversi",
        "provocat",
        "assault",
        "offensive",
        "incursion",
        "invad",
        "to capture",
        "to seize",
        "of responsibility",
        "cross the line",
        "crossed into",
        "crossing into",
        "to cross the",
        "crossed the line",
        "crossing the line",
        "cross the contact",
        "crossed the contact",
        "crossing the contact",
        "clash",
        "fighting",
        "battle",
        "skirmish",
        "hostilit",
        "kill",
        "wound",
        "injur",
        "died",
        "hurt",
        "left dead",
        "lost his",
        "lost her",
        "lost their",
        "the border",
        "advance",
        "rocket",
        "missile",
        "artillery",
        "drone",
        "shoot",
        "mortar",
        "howitzer",
        "sniper",
        "grenade",
        "shootout",
        "firefight",
        "gunfight",
    )
)
_DENY_WORDS: Final = keywords(
    (
        "disput",
        "contest",
        "denied",
        "denies",
        "deny",
        "denying",
        "reject",
        "rebut",
        "rebuff",
        "dismiss",
        "refut",
        "no troops",
        "no forces",
        "no soldiers",
        "no military",
        "n't have",
        "not have",
        "did not",
        "didn't",
        "does not",
        "doesn't",
        "do not",
        "don't",
        # "had not attacked" (what the perfect of a denial needs, not every "had not")
        "not shelled",
        "not attacked",
        "not fired",
        "not opened fire",
        "not targeted",
        "not struck",
        "not violated",
        "n't shelled",
        "n't attacked",
        "n't fired",
        "n't opened fire",
        "n't targeted",
        "n't struck",
        "n't violated",
        # keeping the truce ("respecting their obligations"), not "respectively", "complete"
        "adher",
        "observe ",
        "observes ",
        "observed ",
        "observing ",
        "respects ",
        "respected ",
        "respecting ",
        "respect t",
        "respect i",
        "respect o",
        "respect c",
        "comply",
        "complies",
        "complied",
        "complying",
        "abide ",
        "abides ",
        "abiding ",
        "true",
        "false",
        "groundless",
        "baseless",
        " lie",
        "disinformation",
        "misinformation",
        "fabricat",
        "fake",
        "correspond",
        "provocation",
        "nonsense",
    )
)
_HIT_NAME: Final = re.compile(r"\bhit (?=[A-Z])")
_NEGATION: Final = re.compile(
    r"\b(?:not|never|no|n't|denied|denies|denying|deny|rejected|dismissed)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
_ENEMY: Final = re.compile(
    r"\b(?:the )?(?:enemy|adversary|opposing side|opposite side|other side|opponent)\b",
    re.I,
)
_ACCIDENT: Final = re.compile(
    r"\b(?:land ?mines?|mine blast|hit a mine|explosive device|accident|crash|unexploded|ordnance)\b",
    re.I,
)
#: A running toll of the war, not the report of an incident: "N civilians have been killed in
#: the attacks so far", "have killed a total of N since the beginning of the conflict".
_TALLY: Final = re.compile(
    r"\b(?:have|has) (?:been )?(?:killed|wounded|injured)\b[^.;]*?"
    r"\b(?:so far|to date|in total|since the (?:start|beginning|outbreak) of (?:the )?(?:war|conflict|hostilities|fighting))\b",
    re.I,
)
_RECIPROCAL: Final = re.compile(
    r"\b(?:each other|one another|mutual|traded (?:fire|accusations|blame)|"
    r"both sides (?:accus\w*|blam\w*|report\w*)|"
    r"each (?:side |party |country )?(?:accused|accuses|blamed|blames) the other)\b",
    re.I,
)
#: Both parties as one subject: "<country> and <country> report violations" (lower case).
_BOTH_REPORT: Final = PackPattern(lambda pack: pack.word("en", "both_parties_report"))
_APPEAL: Final = re.compile(
    r"\b(?:stop|halt|cease(?!-fire)|end|refrain from|avoid|prevent|urged?|call(?:ed|s)? (?:on|for)|appeal(?:ed)?|demand(?:ed|s)?|threaten(?:ed|s)?|would|could|might|if)\b[^.;]{0,40}$",
    re.I,
)
#: A clause of time before the attack word: "the border has been tense since <adjective> forces
#: invaded ...": the state of things since a past attack, not an attack of the story.
_SINCE_SUBJECT_LOW: Final = re.compile(
    r"\bsince (?:the )?(?:[a-z'-]+ ){0,2}(?:forces|troops|army|military|units|soldiers) $"
)
_NOT_PLACE_CTX: Final = re.compile(
    r"\b(?:kilometers|kilometres|km|miles|mi)\b[^.;]{0,25}\b(?:from|of)\s+(?:the\s+)?(?:[\w'-]+,?\s+){0,4}$",
    re.I,
)
_NOT_PLACE_CTX_LOW: Final = lowered(_NOT_PLACE_CTX)  # for lower-cased ASCII text
_WEAPONS: Final[tuple[tuple[str, str], ...]] = (
    (r"Smerch", "Smerch"),
    (r"Grad\b", "Grad"),
    (r"Polonez", "Polonez"),
    (r"Tochka(?:-U)?", "Tochka-U"),
    (r"Iskander", "Iskander"),
    (r"Scud", "Scud"),
    (r"Bayraktar", "Bayraktar drones"),
    (r"Harop", "Harop drones"),
    (r"cluster (?:munitions|bombs)", "cluster munitions"),
    (r"missile-artillery strikes?", "missile-artillery strikes"),
    (r"ballistic missiles?", "ballistic missiles"),
    (r"multiple rocket launchers?|MLRS", "multiple rocket launchers"),
    (r"howitzers?", "howitzers"),
    (r"mortars?", "mortars"),
    (r"tanks?\b", "tanks"),
    (r"large[- ]calib(?:re|er)", "large-calibre weapons"),
    (r"snipers?", "sniper fire"),
    (r"small arms|machine[- ]guns?|automatic weapons", "small arms"),
    (r"drones?|UAVs?|unmanned", "drones"),
    (r"planes|aircraft|jets|warplanes|air ?strikes?|aviation|Su-25", "aircraft"),
    (r"rockets?", "rockets"),
    (r"missiles?", "missiles"),
    (r"artillery", "artillery"),
)
_WEAPON_RX: Final = tuple((re.compile(r"\b(?:" + rx + r")", re.I), label) for rx, label in _WEAPONS)
_NEEDLES: Final = tuple(
    tuple(re.sub(r"[^a-z0-9 -].*", "", alt.lower().lstrip("(?:"))[:3] for alt in rx.split("|"))
    for rx, _ in _WEAPONS
)
_DENY: Final = re.compile(
    r"\b(?:denied|denies|denying|deny|refuted|refutes|rebutted|rebuts|rebuffed|rejected (?:[\w-]+ ){0,3}(?:claims?|reports?|allegations?|accusations?|statements?)|(?<=was |ere |een )rejected(?= by\b)|"
    r"dismissed|dismisses)\b|"
    r"\bwhich (?:[A-Z][\w'-]* ){1,3}(?:disputed|disputes|contested|contests)\b|"
    # "..., an accusation Baku rejected": the party inside the denial's words
    r"\b(?:an? (?:claim|accusation|allegation|charge)) (?:[A-Z][\w'-]* ){1,3}(?:disputed|disputes|contested|contests|rejected|rejects)\b|"
    r"\b(?:has|have|had) (?:disputed|contested)\b|"
    r"\b(?:has|have|had) no (?:troops|forces|soldiers|military)\b|\b(?:does|do|did)(?:n't| not) have (?:any )?(?:troops|forces|soldiers)\b|"
    r"\b(?:did|does|do)(?:n't| not) (?:shell|attack|fire|open fire|target|strike|capture|enter|cross|violate|use)\b|"
    # "its forces had not attacked ...", "has not opened fire"
    r"\b(?:had|has|have)(?:n't| not) (?:shelled|attacked|fired|opened fire|targeted|struck|violated)\b|"
    # "its forces were respecting their obligations", "strictly adheres to the ceasefire"
    r"(?<!\bnot )(?<!\bto )(?<!\bwill )(?<!\bwould )\b(?:strictly |fully |still )?"
    r"(?:adher(?:e|es|ed|ing) to|observ(?:e|es|ed|ing)|respect(?:s|ed|ing)?|compl(?:y|ies|ied|ying) with|abid(?:e|es|ing) by) "
    # "... is observing the “humanitarian ceasefire”": a kind and quotation marks between
    r"(?:the |its |their )?[\"\u201c]?(?:(?:humanitarian|new|current|agreed)[\"\u201d]? )?"
    r"(?:cease-?fire(?: regime)?|truce|obligations|commitments)\b|"
    r"\b(?:did|does|do)(?:n't| not) (?:take any (?:counter-?measures|retaliatory (?:measures|action|steps))|return fire|retaliate)\b|\b(?:is|was|are|were) (?:(?:absolutely|completely|totally|entirely|simply|utterly|also) )?(?:not true|untrue|false|groundless|baseless|a lie|lies)\b|\b(?:is|was|are|were) (?:an? )?(?:\w+ )?(?:lie|lies|fake|fabrication|absurd)\b|\b(?:not|never) correspond\w* to (?:reality|the truth)|\b(?:as|called it|calling it) \"?(?:\w+ )?(?:untrue|false|groundless|baseless|lies|a lie|a provocation|nonsense|fake|fabricated)\b|"
    r"\b(?:disinformation|misinformation|fabrications?|fake news)\b|#fake ?news\b|"
    # "by spreading false reports on the shelling ...": a claim called false
    r"\bfalse (?:information|reports?|claims?|allegations?|news)\b|"
    # "the story of a crossing ... is nothing but slander", "the report is sheer nonsense"
    r"\b(?:is|was|are|were) nothing (?:but|more than|other than) (?:an? )?(?:\w+ )?(?:nonsense|lies?|fiction|inventions?|slander|propaganda|speculations?)\b|"
    r"\b(?:is|was|are|were) (?:(?:pure|sheer|complete|utter|total|absolute) )?nonsense\b|"
    # "called the <adjective> reports of shelling near <village> a lie", "called <country>'s
    # claims that its forces fired on <town> untrue": the claim's words run to the verdict
    r"\bcall(?:ed|ing|s)? (?:it|this|that|them|(?:the|these|those|such|[\w-]+['\u2019]s?) (?:[\w'\u2019-]+ ){0,3}?"
    r"(?:report|claim|accusation|allegation|statement)s?(?: (?:of|about|that|regarding) [^.;,\"]{1,80}?)?) "
    r"\"?(?:an? )?(?:\w+ )?"
    r"(?:lie|lies|provocation|fabrication|fake|nonsense|false|untrue|groundless|baseless|absurd)\b",
    re.I,
)
#: The words of keeping a truce, which deny only an accusation the other side made.
_COMPLIES: Final = re.compile(
    r"(?:strictly |fully |still )?(?:adher|observ|respect|compl|abid)", re.I
)
#: An appeal before the words of keeping a truce: a third party's call on the sides is no denial.
_CALL_ON_SIDES: Final = re.compile(
    r"\b(?:call(?:ed|s|ing)? (?:on|upon)|urg(?:ed|es|ing)|appeal(?:ed|s|ing)? to|"
    r"ask(?:ed|s|ing)|demand(?:ed|s|ing)|press(?:ed|es|ing))\b",
    re.I,
)
_DENY_NOT: Final = re.compile(
    r"\b(?:denied|denies|deny|denying) (?:access|entry|visas?|permission|them|him|her)\b",
    re.I,
)


#: Both sides denying each other's claims: a habit of the war of words, no one's denial.
_DENY_MUTUAL: Final = re.compile(
    r"\b(?:deni\w*|deny\w*|reject\w*|dismiss\w*|refut\w*)\s+(?:each other|one another)\b|"
    r"\b(?:both|the two) (?:sides|parties) (?:have |had )?(?:\w+ly )?(?:deni|deny|reject|dismiss|refut)",
    re.I,
)


#: The words of a claim called false, right before the attack they tell of: "spread
#: disinformation about the shelling of", "false reports on an attack".
_FALSE_ABOUT_LOW: Final = re.compile(
    r"\b(?:disinformation|misinformation|fake news|fabrications?|false (?:information|reports?|"
    r"claims?|allegations?|news))\s+(?:about|regarding|on|concerning|of|that)\s+(?:[\w'-]+\s+){0,4}$"
)
#: Copies of the case-blind patterns read most, for ``lower_ascii`` text (see ``lowered``).
_STRONG_LOW, _NOUN_LOW, _KILLED_LOW, _WEAK_LOW = map(lowered, (STRONG, NOUN, KILLED, WEAK))
_NOT_TRIGGER_LOW, _NEGATION_LOW, _APPEAL_LOW = map(lowered, (_NOT_TRIGGER, _NEGATION, _APPEAL))
_RECIPROCAL_LOW, _DENY_LOW = lowered(_RECIPROCAL), lowered(_DENY)
#: What ``_RECIPROCAL``, ``_NOT_TRIGGER`` and ``KILLED`` must find in a sentence before
#: they are tried (each of their alternatives holds one of the words).
_RECIPROCAL_WORDS: Final = keywords(
    ("each other", "one another", "mutual", "traded ", "both sides ", " the other")
)
_NOT_TRIGGER_WORDS: Final = keywords(
    (
        "a fire ",
        "the fire broke",
        "strike",
        "cease",
        "cessation",
        "stop ",
        "halt ",
        "end ",
        "investigat",
        "probe",
        "inquiry",
        "all ",
        "any ",
        "possible ",
        "future ",
        "further ",
        "continued",
        "gone on",
        "lasted",
        "commitments",
        "obligations",
        "provisions",
        "requirements",
        "terms",
        "norms",
        "principles",
        "rights",
        " under ",
        "discovered",
        "found",
        "prepar",
        "defused",
        "neutrali",
        "removed",
    )
)
_KILLED_WORDS: Final = keywords(
    ("kill", "wound", "injur", "died", "hurt", "left dead", "lost his", "lost her", "lost their")
)
#: What every match of ``WEAK`` holds (lower-cased): its nouns.
_WEAK_WORDS: Final = keywords(
    (
        "clash",
        "fighting",
        "battle",
        "skirmish",
        "hostilities",
        "shootout",
        "firefight",
        "gunfight",
        "exchange",
    )
)


#: Words ``_ACCIDENT`` and ``_TALLY`` cannot match without (see ``may_match``).
_ACCIDENT_WORDS: Final = ("mine", "explosive device", "accident", "crash", "unexploded", "ordnance")
_TALLY_WORDS: Final = ("killed", "wounded", "injured")


#: The needles that open a word (``findall`` gives those of ``weapon_in``'s word heads; a
#: needle shorter than a head is one only where the text ends).
_NEEDLE_HEADS: Final = re.compile(
    r"(?<!\w)(?=("
    + factored(  # their shared first letters written once (at most one opens a place)
        "|".join(
            re.escape(n) + ("" if len(n) >= 3 else r"(?=\Z)")
            for n in sorted({n for needle in _NEEDLES for n in needle if n})
        )
    )
    + "))"
)


#: The weapons (their places in ``_WEAPON_RX``) each needle is one of.
_NEEDLE_WEAPONS: Final[dict[str, tuple[int, ...]]] = {
    n: tuple(i for i, needle in enumerate(_NEEDLES) if n in needle)
    for n in {n for needle in _NEEDLES for n in needle if n}
}


def weapon_in(text: str) -> str | None:
    """The most specific weapon named in ``text``.

    A weapon's pattern is tried only when the text holds one of its needles (the first
    letters of each alternative). In ASCII text a match starts a word, so the needles are
    looked up among the first three letters of the words, read in one pass.
    """
    low = text.lower()
    if text.isascii():
        # the weapons whose needles are among the words' first three letters, in their order
        tried = sorted({i for head in _NEEDLE_HEADS.findall(low) for i in _NEEDLE_WEAPONS[head]})
    else:
        heads = {n for needle in _NEEDLES for n in needle if n in low}
        tried = [i for i, needle in enumerate(_NEEDLES) if not heads.isdisjoint(needle)]
    for i in tried:
        rx, label = _WEAPON_RX[i]
        if rx.search(text):
            return label
    return None


#: A place that only locates the next one: "Nakhchivan's Sadarak region".
_WIDER: Final = re.compile(r"(?:'s|\s+(?:region|district|province)'s)\s+(?:[\w-]+\s+)?", re.I)
#: A place named as what a border runs along, not where fire fell: "its border with Nakhchivan".
_BORDER_WITH: Final = re.compile(r"\bborder (?:with|of)\s+(?:the\s+)?$", re.I)


#: Towns named by their role: "the capital of <region>", "<country>'s second city".
_BY_ROLE: Final = PackPattern(lambda pack: coded(pack.word("en", "places_by_role"))[0], re.I)


def places_in(sent: Sentence) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Canonical names and words as written of the places a report names (once per sentence)."""
    seen = sent.places
    if seen is None:
        seen = sent.places = _places_in(sent)
    return seen


def _places_in(sent: Sentence) -> tuple[tuple[str, ...], tuple[str, ...]]:
    names: list[str] = []
    written: list[str] = []
    pack = active()
    found = find_places(sent.text, sent.start, sent.end)
    if found:
        capitals = pack.word("en", "capitals")
        actors = [(a.start, a.end) for a in sent.actors]
    for i, p in enumerate(found):
        if actors and any(lo <= p.start < hi for lo, hi in actors):
            continue
        before = sent.text[max(sent.start, p.start - 60) : p.start]
        if (
            _NOT_PLACE_CTX.search(before)
            if not before.isascii()
            else _NOT_PLACE_CTX_LOW.search(before.lower())
        ) or may_match(before, _BORDER_WITH, ("border",)):
            continue
        gap = sent.text[p.end : found[i + 1].start] if i + 1 < len(found) else "."
        if _WIDER.fullmatch(("'s" if p.text.endswith("'s") else "") + gap):
            continue  # "Nakhchivan's Sadarak region": the narrower place
        if p.name in capitals and not re.search(
            r"\b(?:on|at|near|towards?|targeting|shelled|struck|hit)\s+$", before
        ):
            continue
        if p.name not in names:
            names.append(p.name)
            written.append(p.text)
    if "capital" not in sent.low and "second" not in sent.low:
        return tuple(names), tuple(written)
    by_role = groups_of(pack, "en", "places_by_role")
    for m in _BY_ROLE.finditer(sent.text, sent.start, sent.end):
        name = by_role[m.lastgroup or ""]
        if name not in names:
            names.append(name)
            written.append(m.group(0))
    return tuple(names), tuple(written)


@lru_cache(maxsize=8)
def _both_words(pack: ConflictPack) -> tuple[tuple[str, ...], ...]:
    """The pairs of words a sentence must hold before ``_BOTH_REPORT`` is tried."""
    return tuple(tuple(pair.split()) for pair in pack.word("en", "both_parties_words"))


def _both_report(sent: Sentence) -> bool:
    """ "<country> and <country> report violations": both parties as one subject."""
    low = sent.low
    for pair in _both_words(active()):
        for word in pair:
            if word not in low:
                break
        else:  # every word of the pair is in the sentence
            return _BOTH_REPORT.search(low) is not None
    return False


def _agents(sent: Sentence, lo: int, hi: int, exclude: ActorMention | None) -> list[ActorMention]:
    return [
        a
        for a in sent.actors
        if lo <= a.start < hi and a is not exclude and a.code not in ("?", "unattributed")
    ]


#: Where an actor named after an attack word is its target, not its agent: "fired at the
#: positions of <adjective> units", "shelled <adjective> villages", "an attack on <country>".
_TARGET_BEFORE: Final = re.compile(
    r"(?:\b(?:at|on|upon|against|into|toward|towards|targeting|targeted|shelled|shelling|attacked|attacking|"
    r"struck|hit|bombarded|bombing|ambushed|raided|stormed|"
    r"subjected\s+to\s+(?:[\w-]+\s+)?(?:fire|shelling|bombardment))\s+(?:the\s+)?(?:(?!by\b|from\b|with\b)[\w'-]+\s+){0,3}?"
    # "continued to attack the <army>": the bare verb before "the" (not "the attack of")
    r"|(?:\bto\s+(?:attack|shell|target|bomb)|\b(?:attacks|shells|targets|bombs))\s+(?:the\s+)?"
    r"(?:(?!by\b|from\b|with\b|of\b|on\b)[\w'-]+\s+){0,3}?"
    # "by units of the <army>" names the agent (``_BY_AGENT``)
    r"|(?<!\bby )(?<!\bby the )\b(?:positions?|posts?|units?|villages?|settlements?|territory|territories|lines?|trenches|"
    r"sites|locations|shelters|facilities|bases|outposts|"
    r"troops|forces|soldiers|servicemen|army|civilians|population|residents)\s+of\s+(?:the\s+)?"
    # "the positions of the <region> (<name>) Defence Army": a name and its other name
    r"(?:[\w'-]+\s+\([\w' -]+\)\s+)?)$",
    re.I,
)
#: The agent of a passive attack: "shelled by <adjective> forces", "fire from the <adjective> side";
#: "..., including mortars, by units of the <army>": the units of a force are the force.
_BY_AGENT: Final = re.compile(
    r"^[^.;:]{0,50}?\b(?:by|from)\s+(?:the\s+)?(?:(?:positions|side|direction|territory)\s+of\s+(?:the\s+)?)?$"
    r"|^[^.;:]{0,80}?\bby\s+(?:the\s+)?(?:units|subdivisions|troops|servicemen|soldiers)\s+of\s+(?:the\s+)?$",
    re.I,
)
#: Cues the speech list lacks: "..., per the ministry", "Trend reports citing the ministry".
_SOURCE_AFTER: Final = re.compile(
    r"\b(?:per|citing|quoting|cited by|quoted by|informs|informed)\s+$", re.I
)
_SOURCE_BEFORE: Final = re.compile(
    # "<country>, for its part, denounced ...": the aside between the source and its verb
    r"(?:,\s*(?:for (?:its|their|his|her) part|in (?:its |their )?turn)\s*,)?"
    r"\s*(?:report|reports|reported|informs|informed|informed that|report that|condemns|condemned|maintained|maintains|"
    r"refuted|refutes|rebutted|clarified|stressed|emphasi[sz]ed|underlined|declared|declares|"
    r"has informed|have informed|has condemned|strongly condemns|strongly condemned|denounced|denounces)\b",
    re.I,
)


#: A source named by a common noun or pronoun right before its cue: '..." the MoD said',
#: ", it noted". It is the last source named (a ministry for "the ministry").
_BACK_WHO: Final = re.compile(
    r"(?:(?<=[\",])\s*|(?<![\w'-]))(?P<who>(?:(?:the|a|an|its|this|that)\s+)(?:(?:defen[cs]e\s+)?ministry(?:'s)?\s+)?"
    r"(?:MoD|ministry|defen[cs]e ministry|agency|centre|center|statement|press service|service|office|"
    r"department|headquarters|command|ombudsman|spokes(?:wo)?man|spokesperson|press secretary|minister)"
    r"|(?<=[\",] )(?:it|he|she))\s+(?:has\s+|have\s+)?$",
    re.I,
)
#: The last words of ``_BACK_WHO``'s speakers, lower-cased as its ``lowered`` copy reads them.
_BACK_WHO_ENDS: Final = (
    *("mod", "ministry", "agency", "centre", "center", "statement", "service", "office"),
    *("department", "headquarters", "command", "ombudsman", "spokesman", "spokeswoman"),
    *("spokesperson", "secretary", "minister", "it", "he", "she"),
)


def _may_end_with_who(low: str, lo: int, hi: int) -> bool:
    """False only where ``lowered(_BACK_WHO).search(low, lo, hi)`` finds nothing: its
    match ends the window with a speaker's last word, white space, and perhaps "has" or
    "have" and white space. Two ``endswith`` instead of a search tried at every character."""
    window = low[lo:hi].rstrip()
    if window.endswith(("has", "have")):
        cut = window[: len(window) - (4 if window.endswith("have") else 3)].rstrip()
        if cut.endswith(_BACK_WHO_ENDS):
            return True
    return window.endswith(_BACK_WHO_ENDS)


#: The alternatives of ``_BACK_CUE``, as written (the pattern has them ``factored``).
_BACK_CUE_WORDS: Final = (
    r"said|says|reported|reports|stated|states|noted|notes|added|adds|wrote|writes|informed|informs|"
    r"announced|claimed|stressed|underlined"
)
_BACK_CUE: Final = re.compile(r"\b(?:" + factored(_BACK_CUE_WORDS) + r")\b")


#: Titles and pronouns that stand for the last source named, whatever its name.
_PERSONS: Final = frozenset(
    "it he she statement ombudsman spokesman spokeswoman spokesperson secretary minister".split()  # noqa: SIM905
)
_BACK_WORDS: Final = _PERSONS | frozenset(
    "mod ministry agency centre center service office department headquarters command".split()  # noqa: SIM905
)


def _back_sources(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    out: list[Speaker] = []
    if ctx.last_speaker is None:
        return out
    low = lower_ascii(sent.text)
    for cue in on_ascii(_BACK_CUE, low).finditer(low, sent.start, sent.end):
        lo = max(sent.start, cue.start() - 48)
        if not _may_end_with_who(low, lo, cue.start()):
            continue  # most cues follow no such speaker: the search passed over
        m = lowered(_BACK_WHO).search(low, lo, cue.start())
        if m is None:
            continue
        who = m.group("who").lower()
        noun = who.split()[-1]
        found: Speaker | None = ctx.last_speaker
        if noun not in _PERSONS:
            words = ("ministry", "mod") if noun in ("ministry", "mod") else (noun,)
            found = next(
                (s for s in reversed(ctx.speakers) if any(w in s.text.lower() for w in words)),
                None,
            )
        if found is not None:
            who_text = sent.text[m.start("who") : m.end("who")]
            cue_text = sent.text[cue.start() : cue.end()]
            out.append(Speaker(found.code, who_text, cue_text, cue.start()))
    return out


#: Keywords that must occur for the patterns below to have a chance (a cheap gate).
_SOURCE_GATE: Final = keywords(
    (
        "per ",
        "citing",
        "quoting",
        "cited by",
        "quoted by",
        "inform",
        "report",
        "condemn",
        "denounc",
        "maintain",
        "refut",
        "rebut",
        "clarif",
        "stress",
        "emphasi",
        "underlin",
        "declar",
    )
)
_BACK_GATE: Final = keywords(
    (
        "said",
        "says",
        "reported",
        "reports",
        "stated",
        "states",
        "noted",
        "notes",
        "added",
        "adds",
        "wrote",
        "writes",
        "inform",
        "announced",
        "claimed",
        "stressed",
        "underlined",
    )
)

_ANY_GATE: Final = keywords((*_SOURCE_GATE, *_BACK_GATE))


def extra_speakers(sent: Sentence, ctx: DocContext) -> list[Speaker]:
    """Sources that the speech cues miss: "per X", "citing X", "X informs", "X report that", "X condemns"."""
    if not sent.has(_ANY_GATE):
        return []
    out: list[Speaker] = _back_sources(sent, ctx) if sent.has(_BACK_GATE) else []
    if not sent.has(_SOURCE_GATE):
        return out
    for a in sent.actors:
        if a.kind in ("agent", "unattr") or not a.code or a.code == "?":
            continue
        before = sent.text[max(sent.start, a.start - 12) : a.start]
        m = lowered(_SOURCE_AFTER).search(lower_ascii(sent.text)[a.start - len(before) : a.start])
        if m is not None:
            out.append(
                Speaker(
                    a.code,
                    a.text,
                    before[m.start() : m.end()].strip(),
                    a.start - len(before) + m.start(),
                )
            )
            continue
        m = lowered(_SOURCE_BEFORE).match(lower_ascii(sent.text), a.end, min(sent.end, a.end + 40))
        if m is not None:
            out.append(Speaker(a.code, a.text, sent.text[m.start() : m.end()].strip(), m.start()))
    return out


_QUOTE_RUN_MAX: Final = 6


def quote_runs(text: str, spans: list[tuple[int, int]]) -> dict[int, int]:
    """Quotations that run over several sentences: first sentence index -> closing one.

    A sentence with an odd number of straight double quotes opens a quotation that the next
    sentence with an odd number closes (within a few sentences), as in wire copy:
    '"<country> shelled ... . It also used drones," the ministry said.'
    """
    out: dict[int, int] = {}
    opened: int | None = None
    for n, (a, b) in enumerate(spans):
        if text.count('"', a, b) % 2 == 0:
            if opened is not None and n - opened > _QUOTE_RUN_MAX:
                opened = None
            continue
        if opened is None:
            opened = n
        else:
            out[opened] = n
            opened = None
    return out


def quote_speaker(closing: Sentence, spk: list[Speaker]) -> Speaker | None:
    """Who a quotation is attributed to: the speech cue after its closing quote mark."""
    end_quote = closing.text.rfind('"', closing.start, closing.end)
    after = [
        s
        for s in spk
        if s.cue_start > end_quote
        and (s.code == "unattributed" or closing.text.find(s.text, end_quote, closing.end) >= 0)
    ]
    return after[0] if after else None


def sources(sent: Sentence, ctx: DocContext, spk: list[Speaker]) -> list[Speaker]:
    """The sentence's speakers, with the cues the speech list misses and without attackers.

    Adds "per X", "citing X", "X informs", "X report that", "X condemns"; drops a "speaker"
    that is really the subject of the attack: "<adjective> forces shelled <town>, <agency>
    reports" (the nearest actor left of the cue) or "the ministry reported that <adjective>
    forces fired" (the actor right after the cue).
    """
    extra = extra_speakers(sent, ctx)
    if extra:
        named = {e.cue_start for e in extra if e.text.lower().split()[-1] in _BACK_WORDS}
        known = {s.cue_start for s in spk if s.cue_start not in named}
        spk = sorted(
            [
                *(s for s in spk if s.cue_start not in named),
                *(e for e in extra if e.cue_start not in known),
            ],
            key=lambda s: s.cue_start,
        )
    if not spk or not sent.has(VIOLENCE_WORDS):
        return spk
    spk = [s for s in spk if not _accused_object(sent, s)]
    strong = _strong_matches(sent)
    if not strong:
        return spk
    return [s for s in spk if not _attack_subject(sent, s, strong[0].start())]


def _strong_matches(sent: Sentence) -> list[re.Match[str]]:
    """The strong attack words of a sentence (found once per sentence)."""
    found = sent.strong
    if found is None:
        low = lower_ascii(sent.text)
        found = sent.strong = list(on_ascii(_STRONG_LOW, low).finditer(low, sent.start, sent.end))
    return found


def _accused_object(sent: Sentence, s: Speaker) -> bool:
    """ "accused <adjective> forces of shelling": the actor after an accusing verb is its object."""
    if not ACCUSE.fullmatch(s.cue):
        return False
    return any(a.text == s.text and a.start > s.cue_start for a in sent.actors)


def _attack_subject(sent: Sentence, s: Speaker, trigger: int) -> bool:
    mentions = [a for a in sent.actors if a.text == s.text]
    if not mentions:
        return False
    if s.cue_start > trigger:
        before = [a for a in mentions if a.end <= trigger]
        return (
            bool(before)
            and not SPEECH.search(sent.text, before[-1].end, trigger)
            and not _victim(sent, before[-1])
        )
    if s.cue.lower() in ("according to", "per", "citing", "quoting"):
        return False  # "according to X, Y fired": X is the source
    inside = [a for a in mentions if s.cue_start < a.start and a.end <= trigger]
    return bool(inside) and not SPEECH.search(sent.text, inside[-1].end, trigger)


_VICTIM_AFTER: Final = re.compile(
    r"\s*(?:'s\s+)?(?:(?:\u2026|\.\.\.)\s*)?(?:(?:positions?|posts?|units?|villages?|settlements?|territory|servicem[ae]n|soldiers?|"
    r"(?:border )?guards?|civilians?|residents?|villagers?|police(?:men| officers)?)\s+)?"
    # "<army>'s positions in the <district> direction were subjected to fire"
    r"(?:(?:in|near|along|at)\s+(?:the\s+)?(?:[\w'-]+\s+){1,4}?)?"
    r"(?:,[^,]{0,40},\s*)?(?:(?:was|were|had been|have been|has been|are|is|being)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|hit|shelled|attacked|targeted|struck|fired (?:on|at|upon)|"
    r"subjected to (?:\w+\s+)?fire)\b"
    r"|(?:has\s+|have\s+|had\s+)?(?:again\s+|once again\s+|also\s+)?(?:come|came|comes|coming)\s+under\b)",
    re.I,
)


#: The subject of a defence is the side attacked: "<army> repelled the attacks", "fought off".
_DEFENDER_AFTER: Final = re.compile(
    r"\s*(?:[\w-]+\s+){0,4}?(?:repel\w*|repuls\w*|thwart\w*|fought off|fight\w* off|fend\w* off|"
    r"beat\w* (?:back|off)|held off|hold\w* off|"
    # "<forces> defending the town from attacks by <forces>": the side attacked
    r"(?:defend\w*|protect\w*|shield\w*)\s+(?:[\w'-]+\s+){0,5}?(?:from|against))\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attacks?|assaults?|offensives?|attempts?|advances?|raids?|provocations?)\b",
    re.I,
)


def _victim(sent: Sentence, a: ActorMention) -> bool:
    """True for the subject of a passive attack: "two soldiers were wounded", "the army was shelled",
    and for the side that repels one: "the army repelled the attacks"."""
    low = lower_ascii(sent.text)
    if lowered(_DEFENDER_AFTER).match(low, a.end, min(sent.end, a.end + 100)) is not None:
        return True
    return lowered(_VICTIM_AFTER).match(low, a.end, min(sent.end, a.end + 80)) is not None


def _is_target(sent: Sentence, a: ActorMention, after: int) -> bool:
    """True when ``a`` is the target of an attack: after the attack word, or a passive subject."""
    if a.kind == "agent":
        return False
    if _victim(sent, a):
        return True
    if a.start < after:
        return False
    low = lower_ascii(sent.text)
    if lowered(_TARGET_BEFORE).search(low[max(sent.start, a.start - 60) : a.start]) is not None:
        return True
    return _joined_target(sent, a, after)


#: Two objects joined: "the posts of the <adjective> army and <adjective> armed units".
_JOINED: Final = re.compile(r"\s*,?\s+(?:and|or|as well as)\s+(?:the\s+)?|\s*,\s+(?:the\s+)?")


def _joined_target(sent: Sentence, a: ActorMention, after: int) -> bool:
    """True when ``a`` is joined by "and" (or a comma) to a target named right before it."""
    before = [b for b in sent.actors if after <= b.start and b.end <= a.start]
    return (
        bool(before)
        and before[-1].kind != "agent"
        and _JOINED.fullmatch(sent.text, before[-1].end, a.start) is not None
        and _is_target(sent, before[-1], after)
    )


def _by_agent(sent: Sentence, cands: list[ActorMention], trigger_end: int) -> ActorMention | None:
    """The actor named in "by X" / "from X" just after the attack word."""
    for a in cands:
        if a.start >= trigger_end and _BY_AGENT.search(sent.text[trigger_end : a.start]):
            return a
    return None


#: A ministry named without its country: "..., the Defence Ministry has reported".
_UNNAMED_SOURCE: Final = re.compile(
    r"\b(?:the|a) (?:defen[cs]e )?(?:ministry|MoD)(?: of defen[cs]e)?(?:'s)?(?: press service| statement)?"
    r"\s+(?:has |have )?(?:said|says|reported|reports|stated|states|announced|informed|informs)\b",
    re.I,
)


def _victims_ministry(sent: Sentence, trigger_pos: int) -> Speaker | None:
    """The side whose ministry reports an attack on its own people, when the text does not say
    which ministry: "<country>'s positions came under fire ..., the Defence Ministry reported"."""
    if not ("ministry" in sent.low or "mod" in sent.low):
        return None
    m = _UNNAMED_SOURCE.search(sent.text, sent.start, sent.end)
    if m is None:
        return None
    victims = {a.code for a in sent.actors if is_party(a.code) and _is_target(sent, a, trigger_pos)}
    if len(victims) != 1:
        return None
    words, cue = m.group(0).rsplit(" ", 1)
    return Speaker(victims.pop(), words, cue, m.start())


def _not_the_agent(
    sent: Sentence, found: Speaker | None, spk: list[Speaker], trigger_pos: int
) -> Speaker | None:
    """The source of a report, not the subject of its attack verb.

    In "<adjective> forces shelled <town>, <agency> reports citing the prosecutor's office" the
    nearest actor left of "reports" is the attacker; the source is the one cited.
    """
    if found is None or found.cue_start < trigger_pos:
        return found
    subject = [a for a in sent.actors if a.text == found.text and a.end <= trigger_pos]
    if not subject or SPEECH.search(sent.text, subject[-1].end, trigger_pos):
        return found
    later = [s for s in spk if s.cue_start > found.cue_start and s.text != found.text]
    return later[0] if later else None


#: Words that make an attack one planned, prepared or threatened, not one made.
_IRREALIS_LOW: Final = re.compile(
    r"\b(?:plans?|planned|planning|intends?|intended|intending|intention|preparing|prepares|"
    r"prepared|ready|threatens?|threatened|threatening|vows?|vowed)\s+to\s+"
    r"(?:(?:carry out|launch|stage|commit|conduct|mount)\s+)?(?:[\w-]+\s+){0,2}$"
)
#: An actor that brokered, hosted or backed something is not the agent of an attack.
_BROKER_BY: Final = re.compile(
    r"\b(?:brokered|mediated|hosted|signed|announced|proposed|initiated|organi[sz]ed|sponsored|"
    r"backed|supported|welcomed|monitored)\s+by\s+(?:the\s+)?$",
    re.I,
)


def _brokered(text: str, low: str, start: int, end: int) -> bool:
    """``_BROKER_BY`` between ``start`` and ``end`` of ``text`` (``low`` is ``lower_ascii(text)``):
    passed over where no "by" stands there (no letter but ``b`` and ``y`` folds to them)."""
    return low.find("by", start, end) >= 0 and _BROKER_BY.search(text, start, end) is not None


#: An attack noun with its agent right after it: "shelling by <adjective> artillery".
_NOUN_BY: Final = re.compile(r"\s+(?:by|from)\s+(?:the\s+)?$", re.I)


def _noun_by(sent: Sentence, nouns: list[re.Match[str]], agent: ActorMention) -> bool:
    """True when the agent is named with "by" right after an attack noun: a passive report."""
    return any(
        0 <= agent.start - m.end() <= 12 and _NOUN_BY.fullmatch(sent.text, m.end(), agent.start)
        for m in nouns
    )


#: Victims of an attack named by its agent's adjective: "killed in an <adjective> missile strike".
_KILLED_IN: Final = re.compile(
    r"\b(?:killed|wounded|injured|hurt|dead|died)\s+(?:in|by|during)\s+(?:an?\s+|the\s+)?$", re.I
)
_BEFORE_NOUN: Final = re.compile(r"\s+(?:[\w-]+\s+){0,2}")


def _killed_in(sent: Sentence, nouns: list[re.Match[str]], agent: ActorMention) -> bool:
    """True when victims were killed (or wounded) in an attack its agent's adjective names:
    "four civilians were reported dead in an <adjective> missile strike on <village>"."""
    if not _KILLED_IN.search(sent.text, max(sent.start, agent.start - 30), agent.start):
        return False
    return any(
        agent.start < m.start() <= agent.end  # the agent's words hold the noun
        or (
            0 < m.start() - agent.end <= 25
            and _BEFORE_NOUN.fullmatch(sent.text, agent.end, m.start()) is not None
        )
        for m in nouns
    )


#: A country written as where something is: "in Ganja, <country>", "in <country>".
_LOCATED: Final = re.compile(r"(?:\bin|[A-Z][\w'-]+,)\s+$")


def _located(sent: Sentence, a: ActorMention) -> bool:
    return (
        a.kind == "country"
        and _LOCATED.search(sent.text, max(sent.start, a.start - 30), a.start) is not None
    )


#: A party telling of an attack that took place, with no agent: "an attack had occurred on
#: <site>", "shelling was carried out on <village>": the other side's, as a party's bare verb.
_NOUN_HAPPENED: Final = re.compile(
    r"\s+(?:had |has |have )?(?:been )?(?:occurred|happened|took place|taken place|"
    r"(?:was|were) (?:carried out|launched|conducted))\b"
)


#: A party condemning an attack it names without its agent ("<country> denounced the
#: intensive bombing of <towns>") accuses the other side of it.
_CONDEMNED_NOUN: Final = re.compile(
    r"\b(?:condemn|denounc)\w*\s+(?:the\s+|this\s+)?(?:[a-z-]+\s+){0,2}$"
)


def find_violation(sent: Sentence, ctx: DocContext, spk: list[Speaker]) -> list[Violation]:
    """The violation report of a sentence, if it makes one."""
    if not sent.has(VIOLENCE_WORDS):
        return []
    body = sent.body
    low = lower_ascii(sent.text)
    blocked = [
        (m.start(), m.end())
        for m in (
            _NOT_TRIGGER_LOW.finditer(low, sent.start, sent.end)
            if sent.has(_NOT_TRIGGER_WORDS)
            else ()
        )
    ]

    def ok(m: re.Match[str]) -> bool:
        at = m.start()
        if blocked and any(a <= at < b for a, b in blocked):
            return False
        if _NEGATION_LOW.search(low, max(sent.start, at - 24), at):
            return False
        if low.find("to", max(sent.start, at - 40), at) >= 0 and _IRREALIS_LOW.search(
            low, max(sent.start, at - 40), at
        ):
            return False  # "their plan to launch an attack": not an attack made
        if _SINCE_SUBJECT_LOW.search(low, max(sent.start, at - 50), at):
            return False
        return not _APPEAL_LOW.search(low[max(sent.start, at - 60) : at])

    strong = [m for m in _strong_matches(sent) if ok(m)]
    if "hit " in body:
        strong += [m for m in _HIT_NAME.finditer(sent.text, sent.start, sent.end) if ok(m)]
        strong.sort(key=lambda m: m.start())
    # the attack nouns count only where no strong word does, the weak words only where
    # neither does (each use below reads ``strong or nouns or weak`` in that order)
    nouns = (
        [m for m in on_ascii(_NOUN_LOW, low).finditer(low, sent.start, sent.end) if ok(m)]
        if not strong
        else []
    )
    weak = [
        m
        for m in (
            _WEAK_LOW.finditer(low, sent.start, sent.end)
            if not (strong or nouns) and sent.has(_WEAK_WORDS)
            else ()
        )
        if not (blocked and any(a <= m.start() < b for a, b in blocked))
    ]
    accident: bool | None = None
    if not (strong or nouns):
        killed = [
            m
            for m in (
                _KILLED_LOW.finditer(low, sent.start, sent.end) if sent.has(_KILLED_WORDS) else ()
            )
            if ok(m)
        ]
        accident = may_match(body, _ACCIDENT, _ACCIDENT_WORDS)
        if killed and not accident and places_in(sent)[0]:
            strong = killed
    if not (strong or nouns or weak):
        return []
    # read after the attack words, which most sentences with violence words lack (these
    # only return no report, as a sentence without attack words does)
    if (
        sent.has(_RECIPROCAL_WORDS) and _RECIPROCAL_LOW.search(low, sent.start, sent.end)
    ) or _both_report(sent):
        return _mutual(sent, ctx, low, (strong or nouns or weak)[0].start())
    accuse = on_ascii(ACCUSE, sent.text).search(sent.text, sent.start, sent.end)
    if accuse is None and (
        accident if accident is not None else may_match(body, _ACCIDENT, _ACCIDENT_WORDS)
    ):
        return []
    if may_match(body, _TALLY, _TALLY_WORDS) and own_time(sent, ctx)[0] is None:
        return []
    first = (strong or nouns or weak)[0].start()
    if _SELF.search(sent.text[max(sent.start, first - 45) : first]):
        return []
    if sent.has(_DENY_WORDS) and _FALSE_ABOUT_LOW.search(low, max(sent.start, first - 80), first):
        return []  # "false reports on an attack allegedly made by ...": not the speaker's claim
    trigger_pos = (strong or nouns or weak)[0].start()
    trigger_end = (strong or nouns or weak)[0].end()
    accuser: Speaker | None = None
    accused: ActorMention | None = None
    if accuse is not None and (strong or nouns):
        accuser = next((s for s in spk if s.cue_start == accuse.start()), None)
        objs = _agents(sent, accuse.end(), sent.end, None)
        accused = objs[0] if objs else None
        if passive_accusation(sent.text, accuse.start(), accuse.end(), sent.start):
            # "<army> was accused by <country> of shelling": the subject is the accused
            subjects = _agents(sent, sent.start, accuse.start(), None)
            accused = subjects[-1] if subjects else None
        trigger_pos = accuse.end()
    if accuser is None:
        accuser = _not_the_agent(sent, speaker_for(sent, ctx, trigger_pos, spk), spk, trigger_pos)
    if accuser is not None and accuser.cue == "carried" and after_closed_quote(sent, ctx):
        accuser = None  # the quotation closed with its speaker, a new paragraph: the writer's
    last = ctx.last_speaker
    if accuser is None and last is not None and is_party(last.code) and _ENEMY.search(body):
        accuser = last
    if accuser is None or accuser.code == "unattributed":
        accuser = _victims_ministry(sent, trigger_pos) or accuser
    acc_code = accuser.code if accuser else "unattributed"
    if (
        accuse is None
        and is_party(acc_code)
        and _in_claim_called_false(sent, low, trigger_pos, acc_code)
    ):
        return []  # "the allegation ... about <army>'s shelling is false, the ministry said"
    if acc_code == "unattributed" and accuser is not None and NAMED_PERSON.fullmatch(accuser.text):
        return []  # a person the text ties to no party: neither the writer's report nor a party's
    if accused is None:
        said = {s.text for s in spk}
        cands = [
            a
            for a in _agents(sent, sent.start, sent.end, None)
            if a.text not in said
            and not _is_target(sent, a, trigger_pos)
            and not _brokered(sent.text, low, max(sent.start, a.start - 30), a.start)
        ]
        opp = [a for a in cands if is_party(a.code) and side_of(a.code) != side_of(acc_code)]
        by = _by_agent(sent, opp, trigger_end)
        if by is not None:
            accused = by
        elif opp:
            accused = min(opp, key=lambda a: (a.kind != "agent", abs(a.start - trigger_pos)))
        elif cands and not is_party(acc_code):
            accused = min(cands, key=lambda a: abs(a.start - trigger_pos))
        own = [a for a in cands if is_party(a.code) and side_of(a.code) == side_of(acc_code)]
        if accused is None and own and is_party(acc_code):
            if _DENY_LOW.search(low, sent.start, trigger_pos):
                if _claim_owner(sent, trigger_pos, acc_code) is None and not any(
                    side_of(s.code) not in (None, side_of(acc_code)) for s in spk
                ):
                    return []  # "rebutted announcements that its army ...": nobody's accusation
                flipped = opposite(acc_code)
                return _build(sent, ctx, flipped, None, own[0], own[0].code, trigger_pos, accuse)
            near = [a for a in own if 0 <= trigger_pos - a.end <= 60]
            if near and not SPEECH.search(sent.text, near[-1].end, trigger_pos):
                return []
    if accused is None and not is_party(acc_code):
        if acc_code == "unattributed" or not (strong or re.search(r"\bviolat", body, re.I)):
            return []
        return _build(sent, ctx, acc_code, accuser, None, "unattributed", trigger_pos, accuse)
    has_agent = accused is not None
    if not strong and not (accuse and nouns):
        if (
            nouns
            and not has_agent
            and not (
                is_party(acc_code)
                and (
                    _CONDEMNED_NOUN.search(
                        low, max(sent.start, nouns[0].start() - 40), nouns[0].start()
                    )
                    or _NOUN_HAPPENED.match(low, nouns[0].end(), sent.end)
                )
            )
        ):
            return []
        if not nouns and not (is_party(acc_code) and weak):
            return []
    if (
        accused is not None
        and is_party(accused.code)
        and is_party(acc_code)
        and side_of(accused.code) == side_of(acc_code)
    ) and (acc_code == accused.code or accused.kind != "agent"):
        return []
    if accused is not None and not is_party(accused.code) and is_party(acc_code):
        accused = None
    if acc_code == "unattributed":
        sides = {
            side_of(a.code)
            for a in sent.actors
            if is_party(a.code) and not _is_target(sent, a, trigger_pos) and not _located(sent, a)
        }
        if (
            accused is None
            or not (
                strong
                or _noun_by(sent, nouns, accused)
                # "N were reported dead in an <adjective> strike": said with a source of its own
                or (accuser is not None and _killed_in(sent, nouns, accused))
            )
            or len(sides) > 1
        ):
            return []
    if accused is not None and accused.code == acc_code:
        return []
    if (
        not strong
        and not nouns
        and weak
        and not sent.dates
        and not find_places(sent.text, sent.start, sent.end)
    ):
        return []
    if (
        acc_code == "unattributed"
        and accuser is not None
        and accused is not None
        and is_party(accused.code)
        and _PARTY_BODY.search(accuser.text)
        and not _PRESS_BODY.search(accuser.text)
        and not _NATION_NAMED.search(accuser.text)
    ):
        # "Armenian units fire on our towns, Prosecutor General's Office said": a party's body
        # named without its party accuses the other party
        acc_code = opposite(accused.code)
    final = accused.code if accused is not None else opposite(acc_code)
    return _build(sent, ctx, acc_code, accuser, accused, final, trigger_pos, accuse)


#: The bodies of a party that speak without naming it ("the prosecutor's office said").
_PARTY_BODY: Final = re.compile(
    r"ministry|prosecutor|ombudsman|human rights defender|office|\bMoD\b|press service", re.I
)
#: A nation named in a body's words ("the mod of <country>"): a body the text ties to a party.
_NATION_NAMED: Final = PackPattern(
    lambda pack: r"\b(?:" + coded(pack.word("en", "nations"))[0] + ")", re.I
)
_PRESS_BODY: Final = re.compile(r"\b(?:media|news|agency|reporters?|journalists?|sources?)\b", re.I)


def _build(
    sent: Sentence,
    ctx: DocContext,
    acc_code: str,
    accuser: Speaker | None,
    accused: ActorMention | None,
    accused_code: str,
    trigger_pos: int,
    accuse: re.Match[str] | None,
) -> list[Violation]:
    """One report, or one per dated part when a sentence dates several incidents."""
    names, written = places_in(sent)
    dated = [d for d in content_dates(sent, ctx, trigger_pos) if d.time.precision == "day"]
    days = [d for d in dated if d.start > trigger_pos]
    if len({d.time.date for d in days}) < 2:
        days = []  # "Monday, Oct. 12, 2020": one day written twice
    leading = any(d.start < trigger_pos for d in dated)
    parts: list[tuple[int, int, OccurredTime | None]] = [(sent.start, sent.end, None)]
    if len(days) >= 2 and not leading and _written_together(sent, days):
        # "fired at the posts near <village> and <village> on 20 and 21 May": each day's
        # report has the places of the whole sentence
        parts = [(sent.start, sent.end, d.time) for d in days]
    elif len(days) >= 2 and not leading:  # "On 12 August, ... from 22:20 on 11 August to ...": one
        parts = []
        lo = sent.start
        for n, d in enumerate(days):
            hi = d.end if n + 1 < len(days) else sent.end
            parts.append((lo, hi, d.time))
            lo = hi
    elif joined := _joined_days(sent, dated, trigger_pos):
        # "during the day on 26 October and overnight into 27 October fired at ...": one
        # report per day, each with the places of the whole sentence
        parts = [(sent.start, sent.end, d.time) for d in joined]
    weapon = weapon_in(sent.text[accuse.start() : sent.end] if accuse is not None else sent.body)
    out: list[Violation] = []
    for lo, hi, when in parts:
        if when is not None:
            found = [p for p in find_places(sent.text, lo, hi) if p.name in names]
            p_names = tuple(dict.fromkeys(p.name for p in found))
            p_written = tuple(dict.fromkeys(p.text for p in found))
            if (lo, hi) == (sent.start, sent.end):
                p_names, p_written = names, written
        else:
            p_names, p_written = names, written
        out.append(
            Violation(
                accuser=acc_code,
                accuser_text=accuser.text if accuser else "",
                accused=accused_code,
                accused_text=accused.text if accused is not None else "",
                occurred=when or incident_time(sent, ctx, trigger_pos),
                places=p_names,
                places_text=p_written,
                weapon=weapon,
                span=(sent.start, sent.end),
            )
        )
    return out


#: What joins two days of one report written before its verb: "on 26 October and overnight
#: into 27 October", "from 24 to 25 March", "on 3 and 4 May".
_DAY_JOIN: Final = re.compile(
    r"^[\s,]*(?:and|to|till|until|through|into|-|–)(?:\s+[\w-]+){0,3}?\s*$", re.I
)


def _written_together(sent: Sentence, days: list[TimeMention]) -> bool:
    """Whether the days after an attack word are one list ("on 20 and 21 May", "on May 20
    and 21"), with no words of their own between them."""
    return all(
        _DAY_LIST.fullmatch(sent.text, a.end, b.start) is not None
        for a, b in itertools.pairwise(days)
    )


#: What joins the days of one list: "and", a comma, "as well as".
_DAY_LIST: Final = re.compile(r"\s*(?:,\s*)?(?:and|as well as|&)?\s*", re.I)


def _joined_days(sent: Sentence, dated: list[TimeMention], trigger_pos: int) -> list[TimeMention]:
    """Two or three days written together before the attack verb, one mention per day
    ("overnight into 27 October" is one day written twice); else nothing."""
    if any(d.start > trigger_pos for d in dated):
        return []
    dated = written_days(sent, dated)
    runs: list[list[TimeMention]] = []
    for d in dated:
        if runs and runs[-1][-1].time.date == d.time.date and d.start - runs[-1][-1].end <= 20:
            runs[-1].append(d)
        else:
            runs.append([d])
    if not 2 <= len(runs) <= 3 or len({r[0].time.date for r in runs}) != len(runs):
        return []
    for a, b in itertools.pairwise(runs):
        if _DAY_JOIN.match(sent.text[a[-1].end : b[0].start]) is None:
            return []
    return [r[-1] for r in runs]


def incident_time(sent: Sentence, ctx: DocContext, pos: int | None = None) -> OccurredTime:
    """The day of an incident: the sentence's own date nearest ``pos``; the recent day an
    ongoing attack began ("since noon on 10 October"); the day after the story's day for
    "after midnight"; else the narrative or report day."""
    ot, _ = own_time(sent, ctx, pos)
    document = ot is not None and _names_document(sent, ot)
    if ot is not None and not document:
        return _days_before(sent, pos, ot)
    since = since_day(sent.text, list(sent.dates), sent.start, ctx.published, ctx.tz)
    if since is not None:
        near = [c for c in sent.clocks if abs(c[0] - since.start) < 30]
        if near:
            c = near[0]
            return with_clock(since.time, c[2], c[3], c[4], ctx.tz, c[5])
        return since.time
    late = next_day_after_midnight(sent.body, ctx.narrative, ctx.published, ctx.tz)
    if late is not None:
        return late
    if document:
        return ctx.default_time()
    return event_time(sent, ctx, pos)


#: An attack dated by the day after it: "a day after shelling ..., Monday, Oct. 12".
_DAYS_AFTER: Final = re.compile(
    r"\b(a|one|two|three) days? after (?:the |a )?(?:[\w'’-]+ ){0,3}$",
    re.I,
)
_COUNT: Final = {"a": 1, "one": 1, "two": 2, "three": 3}


def _days_before(sent: Sentence, pos: int | None, ot: OccurredTime) -> OccurredTime:
    """The day of an attack written as "a day after <attack>" before the day the sentence gives."""
    if pos is None or ot.date is None or len(ot.date) != 10 or ot.start is None:
        return ot
    m = _DAYS_AFTER.search(sent.text, max(sent.start, pos - 30), pos)
    if m is None:
        return ot
    back = timedelta(days=_COUNT[m.group(1).lower()])
    day = date.fromisoformat(ot.date) - back
    start = ot.start.replace(hour=0, minute=0) - back
    return OccurredTime(
        day.isoformat(), "day", m.group(0).strip(), start, start + timedelta(days=1), None
    )


#: A date that names a document, not an incident: "the statement of November 9, 2020".
_DOCUMENT_DATE: Final = re.compile(
    r"\b(?:statement|agreement|declaration|deal|accord|document|decree|resolution|protocol)s?"
    r"\s+(?:of|dated|signed on|from)\s+(?:the\s+)?$",
    re.I,
)


#: The document's date written after its parties: "the trilateral statement of the leaders of
#: <A>, <B> and <C> of November 9".
_DOCUMENT_OF_DATE: Final = re.compile(
    r"\b(?:statement|agreement|declaration|deal|accord|document)s?\s+(?:of|by)\s+"
    r"(?:[\w'’-]+,?\s+){1,9}?(?:of|dated|signed on)\s+$",
    re.I,
)


def _names_document(sent: Sentence, ot: OccurredTime) -> bool:
    at = sent.text.find(ot.expression.split(" ")[0], sent.start, sent.end) if ot.expression else -1
    if at < 0:
        return False
    if _DOCUMENT_DATE.search(sent.text, max(sent.start, at - 40), at) is not None:
        return True
    return _DOCUMENT_OF_DATE.search(sent.text, max(sent.start, at - 90), at) is not None


#: What a denial must be about to count: an attack or a breach, not a town's capture or losses.
_DENY_TOPIC: Final = re.compile(
    r"\b(?:shell\w*|fir(?:e|ed|es|ing)|attack\w*|strikes?|struck|missiles?|rockets?|drones?|uavs?|bomb\w*|"
    r"violat\w* (?:of )?(?:the |a |its )?(?:humanitarian )?(?:cease-?fire|truce)|breach\w* (?:of )?(?:the )?(?:cease-?fire|truce)|"
    r"(?:cease-?fire|truce) (?:violations?|breach\w*)|"
    r"provocations?|ambush\w*|sabotage|subversi\w*|offensive|shoot\w*|shots?|shot|incursion|"
    r"assaults?|target\w*|gunfire|artillery|mortars?|cross(?:ed|ing)? the border|entered|capture[ds]? the village)\b",
    re.I,
)
#: A denial that points back at an earlier accusation without naming its content.
_DENY_BACK: Final = re.compile(
    r"\b(?:claims?|allegations?|accusations?|reports?|statements?|information|announcements?|it|this|that|them)\b",
    re.I,
)
#: Whose claim is denied: "<country>'s claims", "the allegations of the <adjective> side".
_CLAIM_NOUN: Final = re.compile(
    r"\b(?:claims?|allegations?|accusations?|reports?|statements?|information|announcements?|assertions?)\b",
    re.I,
)
#: Denials about ground held, not about an attack: "denied the capture of the city".
_NOT_ATTACK: Final = re.compile(
    r"\b(?:captur\w*|control|victory|liberat\w*|(?:taken|took) (?:over|control|back|the (?:village|town|city|heights?|positions?))|lost|fall|fell|surrender\w*|withdr[ae]w\w*|"
    r"block\w*|blockade|corridor|checkpoint|gas supply|electricity|convoy|cargo|"
    r"documents?|accords?|signed|signing|treaty|negotiat\w*|"
    # forces held or gathered, not an attack: "denied that it had a troop presence there"
    # (not "peacekeepers deployed in the region", which stands beside denials of attacks)
    r"concentrations?\s+of\s+(?:[\w-]+\s+){0,2}(?:troops|forces|units|equipment)|"
    r"build-?ups?|(?:troop|military|army)\s+presence|amass\w*|massing)\b",
    re.I,
)
_SPREAD: Final = re.compile(
    r"\b(?:spread|spreads|spreading|disseminat\w*|distribut\w*|published|publishes|circulat\w*|released|releases|issued|issues)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
_PREDICATE: Final = re.compile(
    r"^(?:is|was|are|were|not|never|disinformation|misinformation|fabricat|fake|as|false )",
    re.I,
)


def _in_claim_called_false(sent: Sentence, low: str, trigger: int, speaker: str) -> bool:
    """The attack words sit in a claim of the other side that the speaker's sentence calls
    false: "the allegation spread by <A> about <B>'s shelling ... is false, <B's body> said"."""
    if not sent.has(_DENY_WORDS):
        return False
    verdict = _DENY_LOW.search(low, trigger, sent.end)
    if verdict is None or not _PREDICATE.match(verdict.group(0)):
        return False
    claim = _CLAIM_NOUN.search(sent.text, sent.start, trigger)
    if claim is None:
        return False
    owner = _claim_owner(sent, trigger, speaker)
    return owner is not None and side_of(owner) != side_of(speaker)


_PASSIVE_BY: Final = re.compile(r"\s+by\s+")
#: A campaign of false words, and the provocation it is said to prepare (no attack denied).
_CAMPAIGN: Final = re.compile(r"\bcampaigns?\b")
_BASIS_FOR: Final = re.compile(
    r"\b(?:basis|pretext|ground|grounds|justification)\s+for\s+(?:[a-z-]+\s+){0,2}provocations?\b"
)


def _campaign_names_attack(low: str, sent: Sentence) -> bool:
    """Whether a sentence on a disinformation campaign names the attack the claims were about,
    beyond the provocation the campaign is said to prepare."""
    found = lowered(_DENY_TOPIC).finditer(low, sent.start, sent.end)
    prepared = [b.span() for b in _BASIS_FOR.finditer(low, sent.start, sent.end)]
    return any(not any(a <= t.start() < b for a, b in prepared) for t in found)


def find_denial(
    sent: Sentence,
    ctx: DocContext,
    spk: list[Speaker],
    accusers: list[str],
    previous: str = "",
) -> Denial | None:
    """A denial of an accusation of attack made in the sentence: the denier and whose accusation.

    The denier is the subject of a denying verb ("X denied", "denied by X") or, for a
    verdict on a claim ("... are groundless", "a lie", "disinformation"), the one speaking.
    A denial must concern an attack or a breach: one about ground held ("denied the capture
    of the town"), in its sentence or, for "refuted the claim", in the one before, is none.
    """
    if not sent.has(_DENY_WORDS):
        return None
    low = lower_ascii(sent.text)
    m = on_ascii(_DENY_LOW, low).search(low, sent.start, sent.end)
    if m is None or _DENY_NOT.search(sent.body) or _DENY_MUTUAL.search(sent.body):
        return None
    cue = low[m.start() : m.end()]
    denier: str | None = None
    words = ""
    passive = _PASSIVE_BY.match(sent.text[m.end() : m.end() + 6])
    after = [a for a in sent.actors if a.start >= m.end() and a.kind not in ("agent", "unattr")]
    left = [a for a in sent.actors if a.end <= m.start() and a.kind not in ("agent", "unattr")]
    own = speaker_for(sent, ctx, m.start(), spk)
    spreader = _SPREAD.search(sent.text, max(sent.start, m.start() - 40), m.start())
    if spreader and spreader.group(0).startswith(("released", "releases", "issue")):
        # "released new disinformation" calls the claim false; "released a statement denying" denies
        spreader = spreader if cue.startswith(_FALSE_NOUNS) else None
    named = (  # "..., which <country> disputed": the country inside the denial's words
        [a for a in sent.actors if m.start() <= a.start and a.end <= m.end() and is_party(a.code)]
        if cue.startswith(("which ", "a claim ", "an accusation ", "an allegation ", "a charge "))
        else []
    )
    spread_by = _spread_by(sent, m.start())
    if named:
        denier, words = named[0].code, named[0].text
    elif spread_by is not None:
        # "the report of <attack>, spread by <side>, is false": the other side calls it so
        if own is not None and is_party(own.code) and side_of(own.code) != side_of(spread_by):
            denier, words = own.code, own.text
        else:
            denier, words = opposite(spread_by), ""
    elif passive and after and after[0].start - m.end() < 12:
        denier, words = after[0].code, after[0].text
    elif spreader and left and is_party(left[-1].code) and m.start() - left[-1].end < 60:
        # "the MoD of <country> spread another misinformation": the writer's side denies
        denier, words = opposite(left[-1].code), ""
    elif (
        left
        and is_party(left[-1].code)
        and cue.startswith(_FALSE_NOUNS)
        and _POSSESSIVE_GAP.fullmatch(sent.text, left[-1].end, m.start())
    ):
        # "<body>'s fake news claimed ...": the verdict is on that body's claim, by the other side
        denier, words = opposite(left[-1].code), ""
    elif _PREDICATE.match(cue):
        judged = _judged_document(sent, own, m.start())
        if judged is not None:
            # '"The statement issued by <body> that ... is disinformation," <other> said': the
            # body named in the subject owns the claim judged; the one speaking judges it
            own = next((s for s in spk if s.cue_start > m.start()), None)
        if own is None and ctx.last_speaker is not None and judged is None:
            own = ctx.last_speaker
        owner = judged or _claim_owner(sent, m.start(), "unattributed")
        if own is not None and side_of(own.code) != side_of(owner or ""):
            denier, words = own.code, own.text
        elif is_party(owner or ""):
            denier = opposite(
                owner or ""
            )  # "the claims of <capital> ... are false": the other side
    elif left and left[-1].kind != "generic" and m.start() - left[-1].end < 60:
        denier, words = left[-1].code, left[-1].text
    elif own is not None:
        denier, words = own.code, own.text
    if denier is None or not is_party(denier):
        return None
    if _COMPLIES.match(cue) and not any(
        side_of(c) not in (None, side_of(denier)) for c in accusers
    ):
        return None  # "<army> strictly adheres to the ceasefire", with no one accusing it: a pledge
    if _COMPLIES.match(cue) and _CALL_ON_SIDES.search(sent.text, sent.start, m.start()):
        return None  # 'called on the sides "to refrain ... and strictly observe the ceasefire"'
    scope = (sent.start, m.start()) if _PREDICATE.match(cue) else (m.start(), sent.end)
    if scope[0] != sent.start and ACCUSE.search(sent.text, sent.start, m.start()):
        scope = (sent.start, sent.end)  # "X accused Y of <attack>, but Y rejected the accusation"
    if (
        cue.startswith(("disinformation", "misinformation"))
        and _CAMPAIGN.search(low, max(sent.start, m.start() - 20), min(sent.end, m.end() + 20))
        and not _campaign_names_attack(low, sent)
    ):
        # "a disinformation campaign by <body> created a basis for provocations": a habit of
        # the other side's words, not a claim of attack denied, unless the sentence names one
        return None
    topic = lowered(_DENY_TOPIC).search(low, *scope) is not None
    if not topic and (
        lowered(_NOT_ATTACK).search(low, sent.start, sent.end)
        or (_NOT_ATTACK.search(previous) and not _DENY_TOPIC.search(previous))
    ):
        return None

    accuser = spread_by if spread_by is not None and spread_by != denier else None
    accuser = accuser or _claim_owner(sent, m.start(), denier)
    if accuser is None:
        accuser = next(
            (s.code for s in spk if side_of(s.code) not in (None, side_of(denier))),
            None,
        )
    if accuser is None:
        accuser = next(
            (c for c in reversed(accusers) if side_of(c) not in (None, side_of(denier))),
            opposite(denier),
        )
    what = sent.text[m.end() : min(sent.end, m.end() + 80)].strip(" ,.")
    return Denial(denier, words, accuser, event_time(sent, ctx), what, (sent.start, sent.end))


#: ", spread by <party>,": the owner of a claim named in a participle after it.
_SPREAD_BY: Final = re.compile(
    r",\s+(?:spread|disseminated|circulated|voiced|put forward|published|released)\s+by\s+(?:the\s+)?",
    re.I,
)


def _spread_by(sent: Sentence, cue: int) -> str | None:
    """The party a participle before the denying words names as spreading the claim."""
    if "by" not in sent.low:
        return None
    for m in _SPREAD_BY.finditer(sent.text, sent.start, cue):
        for a in sent.actors:
            if m.end() - 4 <= a.start <= m.end() + 1 and is_party(a.code):
                return a.code
    return None


#: Nouns that call a claim false, and what may stand between them and a possessive owner.
_FALSE_NOUNS: Final = ("fake", "disinformation", "misinformation", "fabricat", "lie", "false ")
_POSSESSIVE_GAP: Final = re.compile(r"['\u2019]s?(?:\s+[\w-]+){0,2}?\s+")


_OWNER_ADJ: Final = PackPattern(
    lambda pack: (
        r"\b(?:"
        + coded(pack.word("en", "claim_owner_adjectives"))[0]
        + r")\s+(?:[\w-]+\s+){0,2}?(?:claims?|allegations?|accusations?|"
        r"reports?|statements?|information|announcements?|assertions?)\b"
    )
)


#: Between a claim noun and its owner: "claims by", "the allegation disseminated by".
_OWNER_GAP: Final = re.compile(
    r"\s+(?:(?:spread|disseminated|circulated|made|voiced|released|published|put forward)\s+)?"
    r"(?:of|by|from)\s+(?:the\s+)?"
)


def _claim_owner(sent: Sentence, cue: int, denier: str) -> str | None:
    """Who made the claim a denial answers: "<adjective> claims", "claims by <country>"."""
    owners = groups_of(active(), "en", "claim_owner_adjectives")
    for m in _OWNER_ADJ.finditer(sent.text, sent.start, sent.end):
        code = owners.get(m.lastgroup or "", "")
        if side_of(code) != side_of(denier):
            return code
    for c in _CLAIM_NOUN.finditer(sent.text, sent.start, sent.end):
        for a in sent.actors:
            if side_of(a.code) == side_of(denier) or a.code in ("?", "unattributed"):
                continue
            if 0 <= c.start() - a.end <= 16:
                if re.fullmatch(r"\s*(?:['’]s?\s+)?(?:\w+\s+)?", sent.text[a.end : c.start()]):
                    return a.code
            elif 0 <= a.start - c.end() <= 32 and _OWNER_GAP.fullmatch(sent.text, c.end(), a.start):
                return a.code
    return None


def denied_accusation(denial: Denial, sent: Sentence, spk: list[Speaker]) -> Violation | None:
    """The accusation a denial answers, as a claim by the accuser against the denier's side.

    "<country> dismissed <country>'s claims that its forces shelled <town>" reports an
    accusation by the second country as surely as "<country> said"; it dates to the denied incident.
    Only denials about an attack carry one (not "has no troops there").
    """
    if denial.accuser in ("unattributed", "?"):
        return None
    owner = (
        _claim_owner(sent, denial.span[0], denial.denier)
        or _spread_by(sent, sent.end)
        or _spreader(sent, denial.denier)
    )
    if owner is None and not any(
        side_of(s.code) not in (None, side_of(denial.denier)) for s in spk
    ):
        return None
    if lowered(_DENY_TOPIC).search(lower_ascii(sent.text), sent.start, sent.end) is None:
        return None
    if _own_strike_denied(sent, denial):
        return None
    names, written = places_in(sent)
    return Violation(
        accuser=denial.accuser,
        accuser_text="",
        accused=denial.denier,
        accused_text=denial.denier_text,
        occurred=denial.occurred,
        places=names,
        places_text=written,
        weapon=None,
        span=denial.span,
    )


#: An attack word with its agent after it: "shelling from <forces>", "a strike by <army>".
_AGENT_AFTER_ATTACK: Final = re.compile(
    r"\b(?:shelling|fire|strikes?|attacks?|shots|missiles?|rockets?)\s+(?:from|by)\s+(?:the\s+)?$",
    re.I,
)


def _own_strike_denied(sent: Sentence, denial: Denial) -> bool:
    """Whether the report denied tells of a strike by the accuser's own side ("denied reports
    that shelling from <the other side's> forces destroyed an airfield"): a claim of success,
    not an accusation against the denier."""
    side = side_of(denial.accuser)
    return any(
        side_of(a.code) == side
        and a.start > denial.span[0]
        and _AGENT_AFTER_ATTACK.search(sent.text, max(sent.start, a.start - 30), a.start)
        for a in sent.actors
    )


#: Fighting told in the writer's words: "Clashes broke out near <village> on <day>",
#: "Shooting was heard near <town> overnight", the scene of a claim made next.
_SCENE_WORDS: Final = keywords(
    (
        "clash",
        "fighting",
        "shooting",
        "gunfire",
        "firefight",
        "shootout",
        "skirmish",
        "hostilities",
        "incident",
        "exchange of fire",
        "explosion",
        "battle",
        "flare",
    )
)


class Scene:
    """The places and day of fighting a sentence tells with no party's claim in it."""

    def __init__(
        self, index: int, names: tuple[str, ...], written: tuple[str, ...], day: str | None
    ) -> None:
        self.index = index
        self.names = names
        self.written = written
        self.day = day


def scene_of(sent: Sentence, ctx: DocContext, said: list[Speaker], index: int) -> Scene | None:
    """The scene a sentence sets, when it tells of fighting in the writer's words and names
    where ("The clashes took place near <village> in <province>."): no party speaks in it,
    and it made no claim nor denial (the caller knows)."""
    if not sent.has(_SCENE_WORDS) or any(is_party(s.code) for s in said):
        return None
    names, written = places_in(sent)
    if not names:
        return None
    ot = own_time(sent, ctx)[0]
    day = ot.date if ot is not None and ot.precision in ("minute", "hour", "day") else None
    return Scene(index, names, written, day)


def in_scene(found: Violation, scene: Scene | None, index: int, first: bool) -> Violation:
    """A party's claim that names no place of its own takes the places of the scene set in
    the sentence before it, or in the lead when it is the text's first claim, when the
    scene's day (if written) is the claim's."""
    if scene is None or found.places or not is_party(found.accuser):
        return found
    if index - scene.index != 1 and not (first and scene.index < _LEAD_SCENE):
        return found
    if scene.day is not None and scene.day != found.occurred.date:
        return found
    return replace(found, places=scene.names, places_text=scene.written)


#: The sentences of a lead whose scene the text's first claim takes.
_LEAD_SCENE: Final = 2


#: A sentence that dates the incident just reported: "The incident took place on <day>",
#: "the shelling occurred at about 22:00 on <day>".
_INCIDENT_TOLD_VERBS: Final = (
    "took place",
    "occurred",
    "happened",
    "was recorded",
    "was committed",
)
_INCIDENT_TOLD_WORDS: Final = keywords(_INCIDENT_TOLD_VERBS)
_INCIDENT_TOLD: Final = re.compile(
    r"\b(?:incidents?|attacks?|shelling|firing|fire|provocations?|clash(?:es)?|violations?|"
    r"strikes?|shots?|assaults?)\s+(?:[\w-]+\s+){0,2}?(?:"
    + "|".join(_INCIDENT_TOLD_VERBS)
    + r")\b",
    re.I,
)
#: A day written as the day a statement was made: "<party> on <day> accused", "said on <day>".
STATED_ON: Final = re.compile(
    r"\s*,?\s*(?:accused|blamed|charged|said|reported|claimed|announced|stated)\b", re.I
)
_STATEMENT_DAY_BEFORE: Final = re.compile(
    r"\b(?:said|reported|stated|announced|claimed|accused \w+)\s+(?:on\s+|late\s+|early\s+)?$", re.I
)
#: The same, for the extractor's reading of a lead ("..., the ministry reported on <day>").
STATEMENT_DAY_BEFORE: Final = _STATEMENT_DAY_BEFORE


#: A place named by pointing back: "in the mentioned area", "in the same area", "in that
#: direction", "the said locality", "the area in question".
_AREA_BACK: Final = re.compile(
    r"\b(?:the\s+(?:mentioned|same|said|aforementioned|above-?mentioned|above|aforesaid)|that|this)\s+"
    r"(?:area|direction|section|sector|locality|localities|villages?|settlements?)\b"
    r"|\bthe\s+(?:area|direction|section|sector)\s+in\s+question\b",
    re.I,
)
_AREA_WORDS: Final = keywords(
    ("area", "direction", "section", "sector", "localit", "village", "settlement")
)


def in_area_named(found: Violation, sent: Sentence, told: list[Violation]) -> Violation:
    """A claim with no place of its own that points back to one ("the ceasefire in the
    mentioned area was violated by ..."): the places of the latest claim that names some."""
    if found.places or not sent.has(_AREA_WORDS):
        return found
    if _AREA_BACK.search(sent.text, sent.start, sent.end) is None:
        return found
    named = next((v for v in reversed(told) if v.places), None)
    if named is None:
        return found
    return replace(found, places=named.places, places_text=named.places_text)


#: A quotation closed by its speaker at the end of a sentence: '...," the ministry said.'
QUOTE_CLOSED: Final = re.compile(
    r"[,.!?][\u201d\u2019\"]\s+(?:[\w\u2019'.-]+\s+){1,6}?"
    r"(?:said|says|stated|stressed|added|noted|told\s+[\w ]{1,30})\.?\s*$"
)


def after_closed_quote(sent: Sentence, ctx: DocContext) -> bool:
    """Whether the sentence opens a paragraph after one that closed a quotation with its
    speaker ('"...," the ombudsman said.'): the statement ended there, the writer speaks."""
    prev = ctx.previous
    if prev is None or prev.end > sent.start or "\n\n" not in sent.text[prev.end : sent.start]:
        return False
    return QUOTE_CLOSED.search(prev.text, max(0, prev.end - 90), prev.end) is not None


def incident_day_told(last: Violation, sent: Sentence, ctx: DocContext) -> OccurredTime | None:
    """The day a sentence with no claim of its own gives the incident the claim before it
    reported, when that claim's own words gave only the day it was made ("<party> on
    <weekday> accused <party> of shelling ... . The incident took place on <weekday>
    evening"), or no day at all."""
    if not sent.has(_INCIDENT_TOLD_WORDS):
        return None
    if _INCIDENT_TOLD.search(sent.text, sent.start, sent.end) is None:
        return None
    ot = own_time(sent, ctx)[0]
    if ot is None or ot.precision not in ("minute", "hour", "day") or ot.date == last.date:
        return None
    expr = last.occurred.expression
    if expr:
        at = sent.text.find(expr, *last.span)
        if at < 0:
            return None
        if not (
            STATED_ON.match(sent.text, at + len(expr), last.span[1])
            or _STATEMENT_DAY_BEFORE.search(sent.text, max(last.span[0], at - 30), at)
        ):
            return None
    return ot


def direction_line(sent: Sentence) -> bool:
    """Whether a sentence with no source of its own is a line of a ministry's list of
    directions ("In the <district> direction, fire was opened from <village>."), which goes
    on with the statement of the claim before it."""
    return "direction" in sent.body


#: A sentence opening on the incident just told and where it fell: "The shelling was
#: concentrated on <town>", "The strikes targeted <village> and <village>".
_INCIDENT_PLACED: Final = re.compile(
    r"\W*(?:The|These|Those)\s+(?:[\w-]+\s+)?(?:shelling|attacks?|strikes?|fire|firing|"
    r"bombardments?|bombings?|rockets?|missiles?)\s+(?:(?:was|were|had\s+been|has\s+been|"
    r"have\s+been|mostly|mainly|largely|also)\s+){0,2}(?:concentrated|directed|aimed|focused|"
    r"targeted|hit|struck|fell)\b"
)


def incident_placed(sent: Sentence) -> bool:
    """Whether a sentence with no claim of its own opens on the incident the claim before it
    told and names where it fell ("The shelling was concentrated on <town> and <town>"):
    its places are that claim's."""
    return _INCIDENT_PLACED.match(sent.text, sent.start, sent.end) is not None


#: A document named as a source: "the statement issued by <body>", "a report released by".
_DOCUMENT_CUE: Final = re.compile(r"(?:statement|report|message|post)\b", re.I)


def _judged_document(sent: Sentence, own: Speaker | None, verdict: int) -> str | None:
    """The party whose document is the subject of a verdict: "The statement issued by <body>
    to the effect that ... is disinformation" (the document's cue is before the verdict)."""
    if own is None or own.cue_start >= verdict or not is_party(own.code):
        return None
    if _DOCUMENT_CUE.match(sent.text, own.cue_start) is None:
        return None
    return own.code


#: Each side accusing the other: "each side blamed the other for violating the truce",
#: "<country> and <country> blamed each other for", "traded accusations of shelling".
_MUTUAL_LOW: Final = re.compile(
    r"\b(?:accus\w*|blam\w*)\s+(?:each other|one another|the other(?: side)?)\b"
    r"|\beach (?:accused|blamed|accuses|blames) the other\b|\btraded (?:accusations|blame)\b"
)


def _mutual(sent: Sentence, ctx: DocContext, low: str, trigger: int) -> list[Violation]:
    """Each side's accusation of the other, when the sentence says both accused and dates the
    incident in its own words ("Each side blamed the other for violating the truce on
    <weekday>"): two claims of that day. Undated mutual blame is no claim (it sums up the story)."""
    mutual = _MUTUAL_LOW.search(low, sent.start, sent.end)
    if mutual is None:
        return []
    ot, background = own_time(sent, ctx, trigger)
    if ot is None or background or ot.precision not in ("minute", "hour", "day"):
        return []
    if not ot.expression or sent.text.find(ot.expression, mutual.end(), sent.end) < 0:
        return []  # "On Sunday the two sides traded accusations": the day they spoke
    by_side: dict[str, ActorMention] = {}
    for a in sent.actors:
        side = side_of(a.code)
        if side is not None and is_party(a.code):
            by_side.setdefault(side, a)
    first = active().codes[0]
    one = by_side.get(side_of(first) or "")
    two = next((a for k, a in by_side.items() if k != side_of(first)), None)
    a_code = one.code if one is not None else first
    b_code = two.code if two is not None else opposite(a_code)
    names, written = places_in(sent)
    return [
        Violation(
            accuser=x,
            accuser_text="",
            accused=y,
            accused_text="",
            occurred=ot,
            places=names,
            places_text=written,
            weapon=None,
            span=(sent.start, sent.end),
        )
        for x, y in ((a_code, b_code), (b_code, a_code))
    ]


#: Words of a habit, which make mutual denials the war of words in general.
_HABIT_LOW: Final = re.compile(
    r"\b(?:consistently|repeatedly|routinely|always|regularly|often|usually|constantly|"
    r"time and again|again and again|continu\w+|long|traditionally|typically|frequently)\b"
)


def mutual_denials(sent: Sentence, found: list[Violation], since: int) -> list[Denial]:
    """Each side's denial of the other's accusation, for "The parties rejected each other's
    allegations" told right after both sides' accusations (from ``since``, the sentences
    before): each denial is dated as the latest accusation against its side. Said of a
    habit ("have consistently denied each other's claims") or with no accusations of both
    sides just before, it is the war of words in general, no denial."""
    if not sent.has(_DENY_WORDS) or _DENY_MUTUAL.search(sent.body) is None:
        return []
    if _HABIT_LOW.search(sent.low) is not None:
        return []
    latest: dict[str, Violation] = {}
    for v in found:
        side = side_of(v.accused)
        if v.span[0] >= since and is_party(v.accuser) and side not in (None, side_of(v.accuser)):
            latest[side or ""] = v
    if len(latest) < 2:
        return []
    return [
        Denial(v.accused, "", v.accuser, v.occurred, sent.body[:80], (sent.start, sent.end))
        for v in latest.values()
    ]


#: A clause of spreading a false claim that opens the sentence, its subject after the comma:
#: "By spreading false reports on ..., the <adjective> side sought to ...".
_BY_SPREADING: Final = re.compile(
    r"\W*By (?:spreading|distributing|disseminating|circulating)\b[^,;]{0,200}?,\s*(?:the\s+)?",
    re.I,
)


def _spreader(sent: Sentence, denier: str) -> str | None:
    """The party that spreads the claim called false, when a clause of spreading opens the
    sentence: "By spreading false reports about ..., the <adjective> side seeks to ..."."""
    m = _BY_SPREADING.match(sent.text, sent.start, sent.end)
    if m is None:
        return None
    for a in sent.actors:
        if m.end() <= a.start <= m.end() + 4 and side_of(a.code) not in (None, side_of(denier)):
            return a.code
    return None


def without_places_of(implied: Violation, told: list[Violation]) -> Violation:
    """The accusation a denial answers without the places of the denier's own claim in the
    same sentence ("rejected <capital>'s claim that ... shelled <town>, saying <army> had
    fired on <village>": the village is the denier's, not the denied claim's)."""
    own = {p for v in told if side_of(v.accuser) == side_of(implied.accused) for p in v.places}
    if not own or not any(p in own for p in implied.places):
        return implied
    keep = [i for i, p in enumerate(implied.places) if p not in own]
    written = implied.places_text
    if len(written) == len(implied.places):
        written = tuple(written[i] for i in keep)
    return replace(implied, places=tuple(implied.places[i] for i in keep), places_text=written)
