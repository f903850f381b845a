"""The extractor: text in, ``Extraction`` out, deterministic and versioned.

Owns ``extract`` (input checks, cleaning, the sentence loop that feeds attribution,
violation, denial, casualty and truce readers, and per-document de-duplication) and
``EXTRACTOR_VERSION``, which must be raised whenever the output for some text changes.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Final

from tracker.conflict import ConflictPack, active, use
from tracker.errors import ExtractionError
from tracker.extract.actors import SPEECH, find_actors
from tracker.extract.attribution import (
    DocContext,
    Sentence,
    Speaker,
    advance,
    background_time,
    content_dates,
    event_time,
    in_past_war,
    keywords,
    own_time,
    remember,
    speakers,
)
from tracker.extract.casualties import _CASUALTY_WORDS, claimed_by, find_casualties, reconcile
from tracker.extract.claims import (
    _DENY_WORDS,
    QUOTE_CLOSED,
    STATED_ON,
    STATEMENT_DAY_BEFORE,
    VIOLENCE_WORDS,
    Scene,
    _in_claim_called_false,
    denied_accusation,
    direction_line,
    find_denial,
    find_violation,
    in_area_named,
    in_scene,
    incident_day_told,
    incident_placed,
    mutual_denials,
    places_in,
    quote_runs,
    quote_speaker,
    scene_of,
    sources,
    without_places_of,
)
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
    is_party,
    side_of,
)
from tracker.extract.places import canonical, not_places
from tracker.extract.text import clean, has_match, language_problem, lower_ascii, sentences
from tracker.extract.timeexpr import (
    AFTER_TRUCE,
    PHOTO_CAPTION,
    after_truce_time,
    month_number,
    not_an_incident_day,
    parse_tz,
    publication_day,
    with_clock,
)
from tracker.extract.truces import find_announcement, find_truce_refs, known

#: 2: the effective day of an announced truce is the one written next to its clock time
#: ("said on Sunday it would take effect at 08:00 on 26 October" is 26 October), and
#: authorities named by where they sit are actors ("the authorities in <the region>"),
#: peacekeepers point at the November 2020 statement only while it is in force, and a
#: direction written with a hyphen ("the Aghdere-Terter direction") names both places.
#: 3: read on real news copy (docs/extraction.md): who is speaking across sentences,
#: quotations and datelines; the agent of an attack in both voices; several claims per
#: text; casualty categories, sides and claimants; incident days and clock times; truce
#: references by the days written out, and truces outside the known set; a gazetteer of
#: the area's settlements; Russian text read by its lexicon instead of skipped.
#: 4: a casualty figure said with a violation carries that report and its valid time, in
#: the one casualty vocabulary; days after the story's day, background not carried into a
#: party's statement, running tolls and broken commitments are not attacks, denials of
#: returning fire, two days before one verb (docs/extraction.md).
#: 5: a source "according to <information>," is no actor after its comma; a denial of
#: reports nobody owns carries no accusation; "<noun> by <agent>" in the writer's words
#: (captions); one day written twice is one day; comments written on social media; a
#: lead's accusation dated only by its statement is the claim the body dates; a party's
#: body with a plain modifier ("unified information centre"); writer's reports far apart
#: are not merged before folding; a surname named with a title speaks after a closing
#: quote; bulletin lines are sentences and name their source after a closing dash; a
#: person named without a party makes no writer's report; a monitor's undated report is
#: the one the text dates elsewhere; gunfire moves the story's day; counterfactuals ("had
#: the fighting continued") report no attack, "admitted" is a speech cue; a headline's bare
#: denial is read with the story under it; "shared that" is a speech cue; a shootout or
#: firefight is a party's weak attack word; a line opening "- " is a list item, and "a
#: statement on ending the war" names a truce; a writer's figure of a party's own losses
#: inside its statement told in the writer's words is the party's; a party's undated
#: accusation without places is the one its next sentence dates; the actors and cues of
#: 2023 copy ("learned from", illegal Armenian armed detachments, the border services), a
#: photo caption's day is not the story's, a bare ceasefire after a named later truce is
#: that truce, "#fakenews" denies, border guards are total_*, a part of a toll counted
#: with "including" is a figure of its own (docs/extraction.md).
#: 6: a statement's only date, told a few days after the story's incident, dates that
#: incident; the story's day moves to the day written nearest the fighting, and armed
#: incidents, shootings and ambushes move it; ranges of days ("1-2 April 2016"); a
#: concessive opening clause ("While X accuses Y of ..., Z fired") lends its cue to none;
#: "alleging" is a speech cue; the target after "subjected to fire"; a writer's report
#: whose source the next sentence names at its end; a person tied to a party speaks for
#: it by surname; "N of the dead were civilians"; a serviceman of an army between commas;
#: "the <adjective> action"; "the government of <country>"; "which <country> disputed";
#: Russian "в тот же день", a lead's denial dated by the lead's later day, joint deniers.
#: 7: mechanisms found on copy the rules were not tuned on: attacks in the progressive,
#: "carried out", "shot by"; a party's sites before "came under" are the target; brokers
#: and backers are no agents; planned attacks are none; coming under occupation is no
#: attack; "according to which" is the statement named before it; a denial answering "X's
#: accusations" is not the denier's accusation; an undated headline denial takes the day
#: the body gives; "<body>'s fake news" is the other side's verdict; a pronoun before a
#: later cue is the speaker already named; a bare ministry's own victims give its side; a
#: writer's toll of last month is not carried; a local clock time with its GMT equivalent
#: keeps the local day; a present-tense caption line dates no story; a full stop glued to
#: a parenthesis ends a sentence; a city's population is no figure; shehid, martyr, guards
#: and "civilian injuries" are casualty words; a count of truces stands next to its mention;
#: "took place" is no ground taken; "staging an offensive"; skirmishes date the story; a
#: quotation announced by the sentence before it is that party's.
#: 8: more mechanisms found on copy the rules were not tuned on: things counted beside the
#: victims ("items of property", "objects") are no figures; a toll's breakdown by sex is
#: no figure of its own; "Ombudsman:" or "Defence Ministry:" opening a headline speaks for
#: the dateline's party; "released new disinformation accusing" is the other side's
#: verdict; "the allegation spread by X" is X's claim, and the attack words inside a claim
#: the speaker calls false are not the speaker's accusation; "according to it" is the
#: source just named; a live blog's day headings date the entries under them;
#: prosecutors are a body of their country; "the bulletin says" is the body that issued
#: it; "the first ceasefire violation" counts breaches, not truces; "February 20 and 21"
#: and "20 and 21 February" are two days, and an accusation of both days denied in its own
#: sentence is denied for each; "earlier in the day" is the story's day.
#: 9: Russian: "с армянской стороны" after an attack, a side in the instrumental
#: ("армянской стороной") and the agent of a passive ("вооруженными силами X") name the side
#: that fired, and a headline's "со стороны X:" the attacker, not the source; an accusation
#: named as a noun is its owner's; a number word before "сотни"/"тысячи"/"десятка"
#: multiplies it, halves ("полторы", "полсотни") and decimals with a scale word ("2,5 тыс.")
#: are figures, "с лишним" is more than; a soldier named with his rank and circumstance
#: between commas is one casualty, and a fatal wound a death; a span over midnight ("3
#: марта с 22.40 до 04.15 4 марта") is dated by its first day; "говорится в сообщении"
#: closing a quotation renews the party's statement in progress; who blames the other side
#: for disinformation denies; a figure of people repeating a claimant's figure of soldiers
#: or civilians (or "несколько" before them) is that figure again.
#: English, a fourth batch of such copy: "<country> said that shelling by <forces>" names the
#: country as speaker, not as the agent; the day a truce was imposed is not an incident's;
#: a toll broken down by age after a colon is no figure of its own; commissioners are
#: bodies, "citing data of" names the source, "<region> civilians" are the region's side;
#: "the statement reads" closes a quotation; a body "informed of" a violation is no
#: accuser; a denial answers every day of the accusation before it, and denying "claims
#: of violations" accuses nobody; habits, series and a past month's background are no
#: incident of the party quoted before; institutions are no named victims, a unit "of the
#: de facto <region>" and the "others" after a figure are that side's; a bare ceasefire on
#: the state border is not the Karabakh truce; a page's list of links is not read.
#: After reading the held-out batch: "<agency> reports referring to <body>" gives the word
#: to the body; the date of an agreement written after its parties ("the statement of the
#: leaders of A, B and C of <date>") is no incident day, nor the day the story goes on
#: from (a "current truce" after it is the one in force); an undated denial dated by the
#: accusation further on is not counted a second time beside the dated denial; both sides
#: denying each other's claims is no denial; an attack "minutes after the ceasefire was
#: reached" or "within minutes of the truce taking effect" is of the truce's first day; an
#: undated statement does not run on to a sentence dated two or more days before the story's;
#: "another N" or "a further N" after a figure are of that figure's kind and side; a series
#: "on three (separate) occasions", undated or dated only by a past week or month, is none.
#: 10: general mechanisms found on a sixth batch of such copy: a victim "killed/wounded by"
#: a side names the attacker, as do "fatally shot", "shot dead", "fire was opened from",
#: invading and entering the peacekeepers' zone (none in a clause of time after "since");
#: a dated death dates the quotation after it; a daily bulletin's "over the past day" is
#: the day before; a past year told after a statement is the writer's; parts of victims
#: already counted, wounds dealt, soldiers and civilians together, losses "on the <adj>
#: side", "another soldier", servicemen of a country's ministry; "It is specified that"
#: and a quotation standing alone after a quoted source go on with that source; a source
#: in a relative clause speaks for that clause only, a body that goes on to tell the
#: incident owns the figures before; a number before "ceasefire violations" counts
#: breaches; a truce agreed "a week ago" under a mediator; the day a truce stopped the war.
#: 11: from a seventh batch: "cease-fire" written with a hyphen is no appeal to cease; "at
#: the time" dates a claim and its denial by the sentence before; a clause with no day takes
#: the day of the attack in the clause before it; attempts to capture or seize heights are
#: attacks; attacks that "have continued" with no day are none; men captured or missing are
#: no casualty figure, nor things named with an adjective ("10 apartment buildings", "a
#: police van"); soldiers named together count one each; KIA and WIA; "<agency> reports with
#: reference to <body>" gives the body the word; "Report.Az" ends no sentence.
#: 13: from a ninth batch: "according to a report by <body>" and a "Press release by <body>"
#: line name the body; a party that vows to avenge victims, or "detailed" a figure, claims
#: it; a figure inside the claim the speaker calls false is not its own; a side's sniper
#: that killed, "sniper fire opened by", a large-scale offensive launched and "the
#: offensive operations of <country>" name the attacker; a denial told again answers the
#: dated accusation; "repeatedly keeps violating" is a habit; a month names the one known
#: truce of that month, "the Joint Statement signed on <day>" that truce, and a border in
#: the next clause does not qualify it; pandemic tolls in links, "N losses among the
#: personnel" (the dead) and "the injury of a serviceman" (one injured).
#: 14: from a tenth batch: an event before a participle of speech ("skirmishes reported
#: late on Thursday") is no statement, and a participle after a comma is the clause's
#: subject's; a party that confirms the incident makes the report before its own; an act in
#: quotation marks "from" a country, and the positions of an army named twice (the target);
#: the time a truce is due to take effect is no incident time; "is nothing but nonsense" is
#: a denial; "<country>'s border with <country>" marks a state-border story, a "border
#: village" does not; "a truce agreed earlier this month" is the one before; "N injuries"
#: and a second figure with no noun of its own.
#: 15: from the read check sets once more: "N of his country's soldiers" are the speaker's
#: victims, and "said it lost N" with no noun counts the victims of the figure before.
#: 16: from the devset and an eleventh batch: a running toll in the perfect, a heading between
#: paragraphs and victims "reported dead" with no one named are the writer's, and a party
#: denying an attack is not its source; "Stepanakert said", "recorded N violations",
#: "responded that", "reacted to"; a body of no kind named before is of the party its
#: sentence names, not of the forces after "by the"; "subversive acts", an attack that "had
#: occurred", an attack during a war of years before (background, no report); "had not
#: attacked", keeping the truce once accused, "an accusation <party> rejected", "a lie" or
#: "fake" after the claim's words; a night until the next morning; two other truces agreed
#: earlier, truces mediated by several brokers, a year after "since"; "died" before the next
#: figure's verb, a toll a figure brings to, "the casualties among civilians are N". From a twelfth batch: tolls after ", and", "dead
#: soldiers", "an additional N", parts by sex or after "of whom", captives in a list; bodies
#: that publish a list, a party's body named without its party, "aggressor <country>". Places:
#: swapped letters, Russian adjectives in Latin letters, a province after "in", datelines, the
#: border settlements. Russian: quotation sources, a speaker before a dash, attempts to
#: advance, fire that goes on, victims at home, truces dated by their signing.
#: 17: ", said the country's ministry" after attacks "by" a country is
#: the body after the verb, of the other country; a speech participle in the passive ("had been
#: announced") is no one's statement; "the head of state" is the president named before; the
#: hour a truce came into force and a time in brackets in another zone date no attack; a day
#: "by" which something "will" happen is to come; "N killed soldiers", "the number of killed
#: soldiers", a part set beside "the killed soldiers", "N others" of the kind counted before.
#: 17 also: fire from <adjective> positions and units of an army
#: after "by" are the attacker, a surname after another initial is someone else, crossing
#: into held territory and trying to cross the border are attacks, a count of breaches the
#: next sentence tells with its agent is that breach, "earlier in the day" is the day the
#: sentence names; parts of a toll named by "are", wars "in which" N died (background), a
#: toll that "has risen" after "by <adjective> forces", a running total of one attack, a
#: lead's figure cited by "According to <body>, the shootout ..."; "Karabakhi" victims; the
#: Azerbaijani names of Sisian and Yeghegnadzor, "Sotka"; "pounded", "assaulted" and fire
#: "in the air" are attacks, troops "posted near" a town make no statement, "lost his life",
#: "were left dead" and "hurt" are casualty words; a party with any speech verb after it
#: ("noted", "wrote", "added") is no attacker of the victims it counts; "killed by" and "an
#: attempt by" a country's possessive ("Armenia's troops") name the attacker; "shot",
#: "pounded", "targeted", "hurt", "lost his life" move the narrative day as "fired" does;
#: "hurt" wherever "wounded" and "injured" are read.
#: 17 also, in casualty copy: a body
#: a lead says "told <agency>" or "published a report" speaks for the story, its "data"
#: too; "the Human Rights Ombudsman" named before, "recorded N ..." as its report; no
#: speaker before "were revealed"; official data are the victims' government's; "announced
#: on Twitter by"; the ministries of two countries together; "perished" tolls; the verb
#: past "N of them ..."; "confirmed deaths"; "<body> of the republic"; a tally "from <day>
#: to <day>" over more than a week is no incident.
#: 18: a toll two sentences after its source in the same paragraph is that source's;
#: interior-ministry, border-service and police "servicemen" are uniformed non-military; the
#: Russian defence ministry's bulletins speak for their tolls; data a quoted speaker cites are
#: the speaker's. Accusations in the passive and past asides, mutual accusations and denials,
#: a night or a clock range over one night dated by its second day, the scene before a claim
#: giving its places, a denial's counter-claim. The writer's background and reports against a
#: third country, "claiming N lives", spans of years, figures a party disowns, the answers of
#: an interview given to the party of its named speaker.
#: 18 also: tolls of other wars, "killed in action", ombudspersons and commissioners as
#: bodies, "data provided by <body>", victims of a strike on a city, a figure joined to a
#: civilian toll, a breakdown's parts with a word on their age.
#: 19: a deal named by its broker or the war it ended is a truce mention, a day before it only
#: when a making word stands between; the object of a bare attack verb is its target; a
#: writer's paragraph after a closed quotation; listed days share places; an undated denial
#: answers each day; places pointed back to; a second speech verb after "but" or "and".
#: Fire on "the city of" makes victims civilians, "has published information about N", rates
#: are no tolls, a toll's parts after "including", "the same update", "lost N", a side
#: named once for a list, editors' notes, "in <capital>, they announced", tolls of lives.
#: 20: no denial in a disinformation campaign naming no attack, nor about forces gathered; a
#: denied claim without its "that" is not the denier's; "N years ago"; "a fire at" is a blaze;
#: a region's name after "in" before an attack word is the place; a lead dated by its report
#: day folds into the body's claim; "claims from <country>". A list's second pair takes its own
#: verb, "took lives of", soldiers and civilians counted together are a total, the party that
#: revises its count, a report released the sentence before, a parenthesis inside a toll.
EXTRACTOR_VERSION: Final = 20
MAX_CHARS: Final = 200_000


def extract(
    text: str,
    *,
    published: datetime,
    tz: str | None = None,
    title: str | None = None,
    language: str | None = None,
    conflict: ConflictPack | str | Path | None = None,
) -> Extraction:
    """Violations, denials, casualty claims, truce references and announcements in ``text``.

    ``conflict`` is the conflict pack to read with (a pack, its name or folder; None: the
    pack in use, see ``tracker.conflict``): its actors, places, truces and words.
    ``published`` must be timezone-aware; relative times resolve against it in ``tz``
    (None: the pack's zone).
    Russian text is read with its lexicon (``tracker.extract.lang``); empty, oversized or
    other non-English input gives an ``Extraction`` with ``skipped_reason``.

    Raises:
        ExtractionError: ``text`` is not a string, looks binary, or ``published`` is naive.
    """
    with use(conflict) as pack:
        return _extract(text, published, tz or pack.zone, title, language)


def _extract(
    text: str, published: datetime, tz: str, title: str | None, language: str | None
) -> Extraction:
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


_TRUCE_WORDS: Final = keywords(
    (
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
        "on ending",
        "on the end of",
        "declaration",
        "statement of",
        "statement on",
        "statement dated",
        "statement signed",
    )
)
_CLAUSE: Final = re.compile(r",?\s+(?:while|whereas)\s+|;\s+|,\s+but\s+|\.\s+(?=In turn\b)")


_MORE_CUES: Final = re.compile(r"\b(?:maintained|maintains|insisted|informed|per|citing)\b")


#: A habit told in the present ("<country> periodically shells <positions>", "they
#: regularly violate the ceasefire"): background, not the report of an incident.
_HABITUAL: Final = re.compile(
    r"\b(?:periodically|regularly|constantly|routinely|systematically|continually|continuously|"
    r"frequently|often|repeatedly|occasionally)\s+(?:(?:shell|fire|attack|violate|open|target|bombard|"
    r"bomb|breach|strike|subject|provoke|use)s?\b|"
    # "<country> repeatedly keeps violating the ceasefire": the habit told with "keeps"
    r"(?:keeps?|kept|continues? to)\s+(?:shell|fir|attack|violat|open|target|bomb|breach|strik)\w*)",
    re.I,
)
#: Fire told as a series ("have multiple times come under fire", "on numerous occasions",
#: "have continued attacking"):
#: with no day of its own it is a summary of a period, not the report of an incident.
_ITERATIVE: Final = re.compile(
    r"\b(?:multiple|many|several|numerous|countless)\s+times\b|"
    r"\bon\s+(?:multiple|many|several|numerous|countless|two|three|four|five|\d+)\s+"
    r"(?:separate\s+|different\s+)?occasions\b|\btime\s+and\s+(?:time\s+)?again\b|"
    r"\bha(?:ve|s)\s+continued\s+(?:to\s+)?(?:attack|shell|fir|bomb|target|violat)\w*|"
    # "<country> shells <positions> on a regular basis", "positions have been repeatedly
    # targeted": a habit or a series told without a day
    r"\bon\s+an?\s+(?:regular|daily|constant|systematic|permanent|ongoing)\s+basis\b|"
    r"\bha(?:ve|s)\s+been\s+(?:repeatedly|regularly|constantly|systematically|continuously|"
    r"frequently|routinely)\s+(?:attack|shell|fir|bomb|target|violat|hit|struck)\w*",
    re.I,
)
_HABITUAL_WORDS: Final = keywords(
    (
        "ically",
        "ularly",
        "tantly",
        "tinely",
        "tinually",
        "tinuously",
        "quently",
        "often",
        "peatedly",
        "sionally",
    )
)
#: A further party's denial: "<person> too refuted ...", "<body> also denied ...".
_ALSO_DENIED: Final = re.compile(
    r"\b(?:too|also|likewise|similarly)\s+(?:\w+\s+)?(?:denied|denies|refuted|refutes|rejected|"
    r"rejects|dismissed|dismisses|rebutted)\b",
    re.I,
)
_ALSO_WORDS: Final = keywords(("too ", "also ", "likewise ", "similarly "))
_ITERATIVE_WORDS: Final = keywords(
    (" times", "occasions", " again", " continued ", " basis", "peatedly", "ularly", "tantly")
)
#: A clause that opens with its verb, its subject left in the clause before.
_ELIDED: Final = re.compile(
    r"(?:also |then |later |instead )?(?:accused|accuses|blamed|blames|said|says|reported|reports|"
    r"added|claimed|charged|alleged|saying|adding|insisting|claiming|stressing)\b",
    re.I,
)


#: Words one of which every cut of ``_CLAUSE`` has (most sentences have none).
_CLAUSE_WORDS: Final = (
    "while",
    "whereas",
    ";",
    "but",
    "In turn",
    "denied",
    "rejected",
    "dismissed",
    "refuted",
)
#: The " and " that joins a denial to the denier's own claim ("denied that ... and accused").
_DENIED_VERB: Final = re.compile(r"\b(?:denied|rejected|dismissed|refuted)\b")
_AND_CLAIMED: Final = re.compile(
    r"(?<=\w)\s+and\s+(?=(?:also\s+)?(?:said|says|added|adds|accused|accuses|blamed|blames|"
    r"claimed|claims|insisted|insists|stated|charged)\b)"
    r"|,\s+(?=(?:saying|adding|insisting|claiming|stressing)\s+(?:that\s+)?[A-Z\w])"
)


#: A sentence that opens with a concessive clause: "While X accuses Y of ..., Z fired ...".
_CONCESSIVE: Final = re.compile(r"[\W_]{0,3}(?:While|Whereas|Although|Even as)\s")


def _concessive(sent: Sentence, published: datetime, tz: str) -> list[Sentence] | None:
    """The opening concessive clause and the main clause, when a statement's cue stands in
    the first: what the main clause reports is not that statement's."""
    if _CONCESSIVE.match(sent.text, sent.start, sent.end) is None:
        return None
    cue = SPEECH.search(sent.text, sent.start, sent.end)
    if cue is None:
        return None
    comma = sent.text.find(", ", cue.end(), sent.end)
    if comma < 0 or not any(w in sent.text[comma : sent.end].lower() for w in VIOLENCE_WORDS):
        return None
    return [
        Sentence.build(sent.text, sent.start, comma, published, tz),
        Sentence.build(sent.text, comma + 2, sent.end, published, tz),
    ]


def clauses(sent: Sentence, published: datetime, tz: str) -> list[Sentence]:
    """The sentence split where two statements are joined ("X said ..., while Y said ...")."""
    body = sent.body
    if body[:8].lstrip("\"“'‘ ")[:1] in ("W", "A", "E"):
        opening = _concessive(sent, published, tz)
        if opening is not None:
            return opening
    if not any(w in body for w in _CLAUSE_WORDS):
        return [sent]
    cuts = list(_CLAUSE.finditer(sent.text, sent.start, sent.end))
    if not cuts and (" and " in body or "ing " in body):
        # "<ministry> denied that its troops fired ... and said <army> had shelled ...": the
        # denial and the counter-claim, each read with the subject of the first
        denied = _DENIED_VERB.search(sent.text, sent.start, sent.end)
        back = (
            _AND_CLAIMED.search(sent.text, denied.end(), min(sent.end, denied.end() + 200))
            if denied is not None
            else None
        )
        cuts = [] if back is None else [back]
    if not cuts:
        return [sent]
    spans: list[tuple[int, int]] = []
    lo = sent.start
    for m in cuts:
        spans.append((lo, m.start()))
        lo = m.end()
    spans.append((lo, sent.end))
    if not all(
        SPEECH.search(sent.text, a, b) or _MORE_CUES.search(sent.text, a, b) for a, b in spans
    ):
        return [sent]
    return [Sentence.build(sent.text, a, b, published, tz) for a, b in spans]


_LOWER_WORD: Final = re.compile(r"[a-z\u0259\u0131\u015f\u00e7\u011f\u00f6\u00fc][\w\u0259-]*")


_SENTENCE_START: Final = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))[a-z]")


_LETTER: Final = re.compile(r"[^\W\d_]")
_UPPER: Final = re.compile(r"[A-Z\u00c0-\u00de\u0400-\u042f]")


def recase(text: str) -> str:
    """Capitalise known names in text written all in lower case (same length, same offsets)."""
    sample = text[:3000]
    # ``upper * 100 > len(sample)`` (which implies upper / letters > 0.01: letters are not
    # counted) once ``enough`` capitals are found: counting stops there
    enough = len(sample) // 100 + 1
    upper = sum(1 for _ in itertools.islice(_UPPER.finditer(sample), enough))
    if upper >= enough:
        return text
    letters = len(_LETTER.findall(sample))
    if letters < 40 or upper / letters > 0.01:
        return text
    chars = list(text)
    proper, never = _proper(active()), not_places()
    for m in _LOWER_WORD.finditer(text):
        word = m.group(0)
        base = word.removesuffix("'s")
        if base in proper or (len(base) >= 4 and canonical(base) is not None and base not in never):
            chars[m.start()] = word[0].upper()
    for m in _SENTENCE_START.finditer(text):
        chars[m.start()] = chars[m.start()].upper()
    return "".join(chars)


@lru_cache(maxsize=8)
def _proper(pack: ConflictPack) -> frozenset[str]:
    """Proper words of the conflict written in lower case by careless copy."""
    return frozenset(pack.word("en", "proper_words"))


_CLAIM_WORDS: Final = keywords((*VIOLENCE_WORDS, *_CASUALTY_WORDS, *_DENY_WORDS, *_TRUCE_WORDS))


#: a figure that tallies over a period has no incident time of its own
_RUNNING_TOLL: Final = re.compile(
    r"\b(?:since|so far|to date|in total|overall|altogether|until now|as of)\b", re.I
)


_MONTH: Final = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
#: a post's date line: "CITY, Oct 11 -", "CITY, 11 October (Agency) -": the post's date
_DATELINE: Final = re.compile(
    r"\s*[A-Z][\w'.-]+(?:[ -][A-Z][\w'.-]+){0,3},?\s+"
    rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?"
    r"\s*(?:\([^()]{1,40}\)\s*)?[-\u2013\u2014:]\s*"
)


def _dated(
    claims: list[CasualtyClaim], sent: Sentence, ctx: DocContext, text: str
) -> list[CasualtyClaim]:
    """Each figure with the incident time its own sentence gives.

    Only a time written in the sentence counts (never the narrative date carried from
    earlier sentences, nor the post's date line), and never for a running toll
    ("since 27 September", "so far").
    """
    if not claims or _running_toll(sent.text):
        return claims
    line = _dateline(sent.text)
    if line is not None:
        sent = Sentence.build(text, sent.start + line.end(), sent.end, ctx.published, ctx.tz)
    when, background = own_time(sent, ctx)
    if when is None or background:
        return claims
    return [replace(c, occurred=when) for c in claims]


@lru_cache(maxsize=1)
def _running_toll(text: str) -> bool:
    """Whether ``text`` speaks of a running toll (read once per document, not per figure)."""
    return has_match(_RUNNING_TOLL, text, 0, len(text))


@lru_cache(maxsize=1)
def _dateline(text: str) -> re.Match[str] | None:
    """The date line that opens ``text`` (read once per document, not per figure)."""
    return _DATELINE.match(text)


#: A day heading on a line of its own, as live blogs open each day's entries: "June 28, 2023".
_DAY_HEADING: Final = re.compile(
    r"(?m)^[ \t]*(?P<mon>January|February|March|April|May|June|July|August|September|October|"
    r"November|December) (?P<day>\d{1,2}), (?P<year>20\d\d)[ \t]*$"
)


def _day_headings(cleaned: str, published: datetime, tz: str) -> list[tuple[int, datetime]]:
    """Where a live blog's day headings start, each with the end of its day as the time its
    entries were written ("today" under "June 28" is 28 June). Two headings at least, none
    after the publication day: one dated line alone is a post's date, not a live blog."""
    if cleaned.count(", 20") < 2:
        return []
    zone = parse_tz(tz)
    last = published.astimezone(zone).date()
    out: list[tuple[int, datetime]] = []
    for m in _DAY_HEADING.finditer(cleaned):
        day = date(int(m["year"]), month_number(m["mon"]), int(m["day"]))
        if day > last:
            return []
        out.append((m.end(), datetime.combine(day, time(23, 59), zone)))
    return out if len(out) >= 2 else []


def _run(cleaned: str, published: datetime, tz: str) -> Extraction:
    headings = _day_headings(cleaned, published, tz)
    ctx = DocContext(published=published, tz=tz)
    violations: list[Violation] = []
    denials: list[Denial] = []
    casualties: list[CasualtyClaim] = []
    refs: list[TruceRef] = []
    announcements: list[Announcement] = []
    accusers: list[str] = []
    said_denials: list[Denial] = []  # every sentence's denial, also those told again
    spans = _outside_links(sentences(cleaned), cleaned)
    quotes = quote_runs(cleaned, spans)
    quoting = {i for first, last in quotes.items() for i in range(first, last + 1)}
    quoted: Speaker | None = None
    follow: Speaker | None = None  # who the quotation closing the sentence before is by
    carried: Speaker | None = None
    age = 0
    issuer = _issuer(cleaned)
    interview = cleaned.startswith(_QUESTION_OPENERS) or any(
        q in cleaned for q in _QUESTION_LINES
    )  # an interview laid out as questions and answers under their speakers' names
    answering: Speaker | None = None
    told_before: list[Violation] = []  # the claims the sentence before reported
    scene: Scene | None = None  # where the fighting the writer told last took place
    for n, (start, end) in enumerate(spans):
        if headings:
            ctx.published = next((w for at, w in reversed(headings) if at <= start), published)
        sent = Sentence.build(cleaned, start, end, ctx.published, tz)
        spk = speakers(sent, ctx)
        if (
            issuer is not None
            and start > issuer.cue_start
            and all(s.code == "unattributed" and _DATA_SOURCE.match(s.text) for s in spk)
        ):
            # the body of "Press release by <body>": the body's statement; "According to the
            # data collected, ..." in a body's report: the body's data
            spk = [replace(issuer, cue_start=start)]
        if interview and cleaned.startswith(_QUESTION_OPENERS, start):
            answering = None  # "Q: ...": the interviewer's question, no one's answer yet
        elif interview and (head := _answers_by(cleaned, start, end)) is not None:
            answering = head  # "President of <country> <name>": the answers below are his
        elif answering is not None and not spk:
            spk = [replace(answering, cue_start=start)]
        bare = follow is not None and n not in quoting and _bare_quote(cleaned, start, end)
        follow = _quoted_by(sent, spk) if not bare else follow
        if bare:
            quoted = follow  # '"...," X said. "...."': the next quotation is X's too
        elif n in quotes:
            last = quotes[n]
            closing = Sentence.build(cleaned, *spans[last], ctx.published, tz)
            quoted = quote_speaker(closing, sources(closing, ctx, speakers(closing, ctx)))
            if quoted is None and n:
                quoted = _announced(cleaned, spans[n - 1], sent.start)
        elif n not in quoting:
            quoted = None
        if not sent.has(_CLAIM_WORDS):
            said = sources(sent, ctx, spk)
            _sourced_after(violations, spans[n - 1] if n else None, said, sent, told_before)
            told_before = []
            _figures_sourced_after(casualties, spans[n - 1] if n else None, sent)
            remember(ctx, said)  # keep who spoke for "officials said" later
            scene = scene_of(sent, ctx, said, n) or scene
            _redated(violations, sent, ctx, spans, n)
            carried, age = _next_carry(carried, age, said, cleaned, end, spans, n)
            continue
        claims = _dated(find_casualties(sent, ctx, spk), sent, ctx, cleaned)
        if claims and sent.has(_DENY_WORDS):
            # "the information spread by <A> about the wounding of N ... is false, <B> said":
            # the figure is the claim the speaker calls false, not the speaker's own
            lowered_text = lower_ascii(sent.text)
            claims = [
                c
                for c in claims
                if not (
                    is_party(c.claimant)
                    and _in_claim_called_false(sent, lowered_text, c.span[0], c.claimant)
                )
            ]
        if claims and sent.has(_DISOWN_WORDS):
            claims = _disowned(claims, sent)
        vspk = _victims_tell(sources(sent, ctx, spk), claims)
        if bare and quoted is not None:
            vspk = [replace(quoted, cue_start=sent.start)]
            claims = [replace(c, claimant=quoted.code, claimant_text=quoted.text) for c in claims]
        elif quoted is not None and n in quoting and not any(_party_source(s) for s in vspk):
            # "according to preliminary data" inside a quotation: the quoted party's data
            vspk = [replace(quoted, cue_start=sent.start)]
            claims = [  # a figure inside the quotation is the quoted party's
                claimed_by(c, quoted.code, quoted.text, cleaned)
                if c.claimant == "unattributed" and not any(_party_source(s) for s in spk)
                else c
                for c in claims
            ]
        ann = None
        if sent.has(_TRUCE_WORDS):
            when = event_time(sent, ctx)
            sent_refs = find_truce_refs(sent, ctx, _reference_instant(when, published, tz))
            sent_refs = _named_before_in_force(
                sent_refs, refs, publication_day(published, tz).end or published
            )
            refs.extend(sent_refs)
            if not any(r.basis not in ("in force", "latest") for r in sent_refs):
                ann = find_announcement(sent, ctx)
        # what a bare "denied the claim" answers: the sentence before, or the story under a headline
        near = n - 1 if n else n + 1
        before = cleaned[spans[near][0] : spans[near][1]] if near < len(spans) else ""
        denial = find_denial(sent, ctx, vspk, accusers, before)
        if denial is None and n and violations:
            # "The parties rejected each other's allegations": both sides deny, once per side
            for each in mutual_denials(sent, violations, spans[max(0, n - 3)][0]):
                if not any(_same_denial(each, d) for d in denials):
                    denials.append(each)
        reported = False
        told_here: list[Violation] = []
        earlier: list[Speaker] = []
        habitual = sent.has(_HABITUAL_WORDS)
        iterative = sent.has(_ITERATIVE_WORDS)
        day_before = _then(sent, cleaned, spans, n, ctx) if n and " time" in sent.body else None
        if denial is not None and day_before is not None:
            denial = replace(denial, occurred=_on_day(day_before, sent, ctx))
        for part in clauses(sent, ctx.published, tz) if sent.has(VIOLENCE_WORDS) else ():
            if (habitual and _HABITUAL.search(cleaned, part.start, part.end)) or (
                iterative
                and _ITERATIVE.search(cleaned, part.start, part.end)
                and _no_day_of_its_own(part, ctx)
            ):
                continue  # a habit or a series, not an incident
            if in_past_war(part, ctx):
                continue  # "<army> shelled <town> during the 2020 war": the writer's background
            if part.dates and _period_tally(part):
                continue  # "From <day> to <day>, N civilians were killed by ...": a tally
            part_spk = vspk if part is sent else sources(part, ctx, speakers(part, ctx))
            if not part_spk and earlier and _ELIDED.match(part.body):
                # "X insisted ..., but accused Y of shelling": the subject of the first clause
                part_spk = [replace(earlier[-1], cue_start=part.start)]
            earlier = part_spk or earlier
            found_here = False
            for found in find_violation(part, ctx, part_spk):
                reported = found_here = True
                told_here.append(found)
                if denial is not None and not _stands(found, denial, sent, part):
                    continue
                found = _after_truce(found, part, ctx, refs)
                found = _carried(found, vspk, carried, ctx)
                if day_before is not None and not part.dates:
                    found = replace(found, occurred=_on_day(day_before, part, ctx))
                found = in_scene(found, scene, n, not violations)
                found = in_area_named(found, part, violations)
                if claims:
                    found = replace(found, casualties=tuple(claims))
                for joint in (found, *_joint_accuser(found, part)):
                    _add_violation(violations, joint)
                    accusers.append(joint.accuser)
            if part is not sent and part.dates and found_here:
                # "X said <party> fired on Sunday, while Y said <party> fired on <place>":
                # a clause with no date of its own tells of the day of the attack before it
                own = own_time(part, ctx)[0]
                if own is not None and own.precision in ("day", "hour", "minute"):
                    day_before = own
        if not reported and denial is None and sent.has(VIOLENCE_WORDS):
            _more_places(violations, sent, vspk, spans, n)
        if not reported and denial is None:
            _redated(violations, sent, ctx, spans, n)
        if not reported:
            _sourced_after(violations, spans[n - 1] if n else None, vspk, sent, told_before)
        _figures_sourced_after(casualties, spans[n - 1] if n else None, sent)
        if denial is not None:
            # "<person> too refuted the allegations": a second party of the same side denies
            also = _ALSO_DENIED.search(sent.body) is not None if sent.has(_ALSO_WORDS) else False
            denial = _date_from_accusation(denial, violations)
            implied = denied_accusation(denial, sent, vspk)
            if implied is not None and told_here:
                here = [v for v in violations if start <= v.span[0] < end]
                implied = without_places_of(implied, here)
            if implied is not None and not any(_key(v) == _key(implied) for v in violations):
                violations.append(implied)
                accusers.append(implied.accuser)
            said_denials.append(denial)
            listed = _days_listed(denial, sent, ctx)
            if listed:
                _accused_on_each(violations, denial, listed)
            for each in (denial, *_other_days_denied(denial, violations), *listed):
                if not any(
                    side_of(d.denier) == side_of(each.denier)
                    and d.date == each.date
                    and (d.denier == each.denier or not also)
                    for d in denials
                ):
                    denials.append(each)
        told_before = told_here
        if reported or denial is not None:
            scene = None
        elif sent.has(VIOLENCE_WORDS):
            scene = scene_of(sent, ctx, vspk, n) or scene
        casualties.extend(claims)  # repeats are folded by ``reconcile`` at the end
        if ann is not None:
            announcements.append(ann)
        if ann is not None and ann.known_id and not any(r.truce_id == ann.known_id for r in refs):
            refs.append(TruceRef(ann.known_id, ann.text[:80], "announcement", ann.span))
        vspk = vspk + _named_by_claims(vspk, violations, sent)
        remember(ctx, vspk)
        carried, age = _next_carry(carried, age, vspk, cleaned, end, spans, n)
        kept = ctx.narrative
        advance(sent, ctx)
        if ctx.narrative is not kept and ctx.narrative is not None:
            at = cleaned.find(ctx.narrative.expression, start, end)
            if at >= 0 and (
                not_an_incident_day(cleaned, at, start)
                or has_match(PHOTO_CAPTION, cleaned, start, end)
            ):
                ctx.narrative = kept
    ctx.published = published
    denials, violations = _dated_by_body(denials, violations, said_denials)
    told: list[tuple[int, int, str]] = []
    violations = _counts_told_in_full(violations, cleaned)
    # a byline ("By <name>") is no sentence of the lead
    starts = [a for a, b in spans if not _BYLINE.fullmatch(cleaned, a, b)]
    folded = fold_writer_reports(violations, starts, cleaned, told)
    return Extraction(
        violations=tuple(_news_not_background(folded, ctx.pub_day)),
        denials=tuple(denials),
        casualties=tuple(_told_by(reconcile(casualties, cleaned), told, violations)),
        truce_refs=tuple(_off_the_state_border(refs, cleaned)),
        announcements=tuple(announcements),
        version=EXTRACTOR_VERSION,
    )


#: A party putting a loss away from itself: "was an accident", "has nothing to do with us",
#: "our army had no part in it", "denied that its troops killed ...".
_DISOWNED: Final = re.compile(
    r"\b(?:an accident|accidental|nothing to do with|not involved in|no involvement in|no part in|"
    r"denied|denies|denying|rejected|rejects|refuted|refutes|dismissed|dismisses)\b",
    re.I,
)
_DISOWN_WORDS: Final = keywords(
    ("accident", "nothing to do", "involve", "no part in", "deni", "reject", "refut", "dismiss")
)


def _disowned(claims: list[CasualtyClaim], sent: Sentence) -> list[CasualtyClaim]:
    """Without the other side's losses a party names in disowning them: in "the death of an
    <adjective> soldier was an accident and has nothing to do with us, the ministry said" the
    death is the other side's figure, which that side gives; the speaker claims no loss."""
    if _DISOWNED.search(sent.text, sent.start, sent.end) is None:
        return claims
    return [
        c
        for c in claims
        if not (is_party(c.claimant) and side_of(c.claimant) not in (None, c.side))
        or c.side == "both"
    ]


#: How many days before publication a writer's own report of an attack is background.
_WRITERS_BACKGROUND_DAYS: Final = 14


def _news_not_background(violations: list[Violation], pub_day: date) -> list[Violation]:
    """The writer's own reports that are no news of an attack by a party: dropped once no
    party's claim took them in (``_recalled``, ``_third_party``)."""
    eve = pub_day - timedelta(days=_WRITERS_BACKGROUND_DAYS)
    return [
        v
        for v in violations
        if v.accuser != "unattributed" or not (_third_party(v) or _recalled(v.occurred.date, eve))
    ]


def _third_party(v: Violation) -> bool:
    """An attack the writer puts on no party ("<broker> brokered a truce that was violated",
    "the peacekeepers' car came under fire"): a third country is no party's attacker."""
    return v.accused != "unattributed" and not is_party(v.accused)


def _recalled(day: str | None, eve: date) -> bool:
    """A day well before the story ("<army> launched an offensive on <day>", weeks on), or a
    month or year that ended before it ("Fighting broke out in September 2020", in a story
    of 2021): what the copy recalls, not news."""
    if day is None:
        return False
    if len(day) == 10:
        return date.fromisoformat(day) < eve
    return day < eve.isoformat()[: len(day)]


#: A monitor's count of breaches: "one ceasefire violation has been recorded".
_COUNTED: Final = re.compile(r"\b(?:recorded|registered)\b", re.I)


def _counts_told_in_full(violations: list[Violation], text: str) -> list[Violation]:
    """A speaker's count of breaches by no one named, whose next sentence tells the breach
    with its agent ("One violation has been recorded. On <day>, <forces> carried out two
    strikes ..."): the count is that breach, not one more."""
    return [
        v
        for v in violations
        if not (
            v.accused == "unattributed"
            and v.accuser != "unattributed"
            and _COUNTED.search(text, v.span[0], v.span[1])
            and any(
                w.accuser == v.accuser and is_party(w.accused) and 0 <= w.span[0] - v.span[1] <= 3
                for w in violations
            )
        )
    ]


#: A story of the Armenia-Azerbaijan state border, and words that put it in Karabakh.
_STATE_BORDER: Final = re.compile(
    r"\bstate border\b|\bborder with (?:Armenia|Azerbaijan)\b|\bArmenian-Azerbaijani border\b", re.I
)
_KARABAKH: Final = re.compile(
    r"Karabakh|Artsakh|Stepanakert|Khankendi|peacekeep|Lachin corridor", re.I
)


def _by_force_or_broker(ref: TruceRef) -> bool:
    """The truce was named only as the one in force, or by its broker alone ("a
    Russia-brokered ceasefire"): words a truce on the state border fits as well."""
    return ref.basis == "in force" or all(b.startswith("broker ") for b in ref.basis.split(", "))


def _off_the_state_border(refs: list[TruceRef], text: str) -> list[TruceRef]:
    """A bare "the ceasefire" (or one named by its broker alone) in a story of the state
    border that never names Karabakh is not the Karabakh truce in force: the annotation
    contract leaves border incidents out."""
    if not any(_by_force_or_broker(r) for r in refs) or "order" not in text:
        return refs
    # the case-blind search over the whole text read by its lowered copy (``has_match``)
    if not has_match(_STATE_BORDER, text, 0, len(text)) or _KARABAKH.search(text) is not None:
        return refs
    return [r for r in refs if not _by_force_or_broker(r)]


#: A page's list of links to other stories: a heading alone on its line ("Related news",
#: "Read also") and the lines under it up to a blank line, or a single link after "Read more:".
_LINKS: Final = re.compile(
    r"^[ \t]*(?:(?:Related|Other|More|Latest|Recommended)\s+(?:news|articles|stories|posts|reading)"
    r"|Read (?:more|also)|See also|Also read|More on this)\b[ \t]*:?[ \t]*"
    r"(?:\n(?:[ \t]*\S[^\n]*\n?)*|[^\n]*)",
    re.I | re.M,
)
_LINK_WORDS: Final = (
    "elated",
    "ead more",
    "ead also",
    "ee also",
    "lso read",
    "ecommended",
    "ore on this",
)


def _outside_links(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The sentences that are not in a list of links to other stories: their headlines
    ("One soldier killed in drone attack") report nothing of this one."""
    if not any(w in text for w in _LINK_WORDS):
        return spans
    cut = [(m.start(), m.end()) for m in _LINKS.finditer(text)]
    if not cut:
        return spans
    return [(a, b) for a, b in spans if not any(lo <= a < hi for lo, hi in cut)]


def _told_by(
    claims: list[CasualtyClaim], told: list[tuple[int, int, str]], found: list[Violation]
) -> list[CasualtyClaim]:
    """A writer's figure of a party's own losses inside that party's statement told in the
    writer's words (an attack reported, then "the ministry condemns ...") is the party's,
    unless it was said with a writer's report of its own."""
    if not told:
        return claims
    writer = {x.span for v in found if v.accuser == "unattributed" for x in v.casualties}
    out = []
    for c in claims:
        owner = next(
            (
                code
                for lo, hi, code in told
                if lo <= c.span[0] < hi
                and side_of(code) == c.side
                and c.claimant == "unattributed"
                and c.span not in writer
            ),
            None,
        )
        out.append(c if owner is None else replace(c, claimant=owner))
    return out


#: How far back (in sentences) a claim takes the places of a following sentence of its statement.
_PLACES_BACK: Final = 2


def _more_places(
    found: list[Violation],
    sent: Sentence,
    said: list[Speaker],
    spans: list[tuple[int, int]],
    n: int,
) -> None:
    """Places named in a sentence that continues the last claim ("The fighting continued in the
    directions of Fuzuli and Gubadli," the ministry said) join that claim."""
    if not found:
        return
    # "The shelling was concentrated on <town>": the incident of the sentence just before
    placed = not said and n > 0 and incident_placed(sent)
    if not (said or placed or direction_line(sent)):
        return
    last = found[-1]
    if last.accuser == "unattributed" or (said and side_of(said[-1].code) != side_of(last.accuser)):
        return
    if last.span[0] < spans[max(0, n - (1 if placed else _PLACES_BACK))][0]:
        return
    names, written = places_in(sent)
    if not names:
        return
    for i, v in enumerate(found):  # every day of the last claim's sentence
        if v.span == last.span and v.accuser == last.accuser:
            found[i] = replace(
                v,
                places=tuple(dict.fromkeys((*v.places, *names))),
                places_text=tuple(dict.fromkeys((*v.places_text, *written))),
            )


def _redated(
    found: list[Violation],
    sent: Sentence,
    ctx: DocContext,
    spans: list[tuple[int, int]],
    n: int,
) -> None:
    """The claim of the sentence before takes the incident day this one tells ("The incident
    took place on <weekday> evening"): every report of that sentence dated as the claim."""
    if not found or not n or found[-1].span[0] < spans[n - 1][0]:
        return
    last = found[-1]
    day = incident_day_told(last, sent, ctx)
    if day is None:
        return
    for i, v in enumerate(found):
        if v.span == last.span and v.date == last.date:
            found[i] = replace(v, occurred=day)


#: How many sentences without a source a party's statement carries over.
_CARRY_SENTENCES: Final = 3


def _bare_quote(text: str, start: int, end: int) -> bool:
    """A sentence that is one whole quotation with no cue of its own: '"...."'."""
    body = text[start:end].strip()
    return body.startswith('"') and body.rstrip(".").endswith('"') and body.count('"') == 2


def _quoted_by(sent: Sentence, spk: list[Speaker]) -> Speaker | None:
    """The source a quotation in the sentence is attributed to, by a cue after it."""
    if not spk or '"' not in sent.body:
        return None
    found = quote_speaker(sent, spk)
    return found if found is not None and found.code != "unattributed" else None


#: A line naming who issued the text below it: "Press release by <body>", "Statement of
#: <body>", "Information of the press service of <body>".
_ISSUED_BY: Final = re.compile(
    r"^[ \t]*(?:(?:official |joint )?(?:press release|statement|communiqu[eé]|information|message|"
    r"press statement)s?)\s+(?:by|of|from)\s+(?:the\s+)?(?P<body>[^\n.]{3,80}?)\.?[ \t]*$",
    re.I | re.M,
)


#: A lead that hands the whole story to a body: "..., the <body> told <agency>." (the
#: sentence ends there, or with its day), "The <body> (prepared and) published an interim
#: report", "The report summarizes the findings of the <body>".
_LEAD_SOURCE: Final = re.compile(
    r"\btold\s+(?:the\s+)?[A-Z][\w.-]+(?:\s+(?:[Nn]ews|[Aa]gency|[Nn]ews [Aa]gency))?"
    r"(?:\s+on\s+[\w.]+(?:\s+\d{1,2})?)?[ \t]*\.(?=\s|$)|"
    r"\b(?:has\s+|have\s+)?(?:prepared\s+and\s+)?(?:published|released|issued|updated|presented)\s+"
    r"(?:an?|the|its)\s+(?:(?:interim|annual|updated|new|final|special|ad hoc|public)\s+)?report\b|"
    r"^[ \t]*The\s+(?:interim\s+|annual\s+|updated\s+)?[Rr]eport\s+(?:summari[sz]es|presents|contains)\b"
    r"[^.\n]{0,160}?\bof\s+(?:the\s+)?(?P<of>[^.\n]{3,80}?)(?=\s+(?:from|on|in|for|since|between)\b|[.,])",
    re.M,
)
#: A source that is no one, after "according to": the data of whoever the story is by.
_DATA_SOURCE: Final = re.compile(
    r"(?:the\s+)?(?:preliminary\s+|latest\s+|updated\s+|official\s+)?(?:data|information|figures|"
    r"findings|statistics|results)\b",
    re.I,
)
_LEAD_BODY: Final = re.compile(
    r"ministry|office|prosecutor|ombudsman|human rights defender|committee|council|service", re.I
)


def _lead_source(text: str) -> Speaker | None:
    """The body a story's first sentence hands the whole story to: the sentences below with no
    source of their own are its statement. A body named without its country is kept as one
    ("unattributed" with its words), whose victims then tell its side."""
    # the lead: one of the first two sentences of some length (a headline before it may be
    # long too; a dateline or a byline line is none)
    head = text[:900]
    if "told" not in head and "eport" not in head:
        return None  # every alternative of _LEAD_SOURCE needs one of these words
    long = [(a, b) for a, b in sentences(head) if b - a >= 80 and b < 900][:2]
    found = ((lo, hi, _LEAD_SOURCE.search(text, lo, hi)) for lo, hi in long)
    lo, hi, m = next(((lo, hi, m) for lo, hi, m in found if m is not None), (0, 0, None))
    if m is None:
        return None
    if m.group("of") is not None:
        named = find_actors(text, m.start("of"), m.end("of"))
    else:
        named = [a for a in find_actors(text, lo, m.start()) if a.start >= lo]
    bodies = [a for a in named if _LEAD_BODY.search(a.text) and a.kind != "media"]
    if not bodies:
        return None
    body = bodies[-1]
    if is_party(body.code):
        return Speaker(body.code, body.text, "issued", hi)
    if body.kind == "generic":
        return Speaker("unattributed", body.text, "issued", hi)
    return None


#: What joins the two ends of a period ("from <day> to <day>", "between <day> and <day>").
_PERIOD_JOIN: Final = re.compile(r",?\s*(?:to|till|until|through|and)\s+$")
_PERIOD_OPEN: Final = re.compile(r"\b(?:[Ff]rom|[Bb]etween)\s+$")
_PERIOD_DAYS: Final = 7


def _period_tally(part: Sentence) -> bool:
    """A clause that counts over a period of more than a week ("From 27 September to 22
    December, 60 civilians were killed by ..."): a report's tally, no incident of a day."""
    for a, b in itertools.pairwise(part.dates):
        if not _PERIOD_JOIN.fullmatch(part.text, a.end, b.start):
            continue
        if not _PERIOD_OPEN.search(part.text, max(part.start, a.start - 10), a.start):
            continue
        if a.time.start is None or b.time.start is None:
            continue
        if (b.time.start - a.time.start).days > _PERIOD_DAYS:
            return True
    return False


#: How an interviewer's question opens its line.
_QUESTION_OPENERS: Final = ("Q:", "Question:", "QUESTION:")
_QUESTION_LINES: Final = tuple("\n" + q for q in _QUESTION_OPENERS)
#: A line of capitalised words only, a title and a name ("Prime Minister of <country> <name>").
_NAME_LINE: Final = re.compile(r"[A-Z][\w'.-]*(?: (?:of )?(?:the )?[A-Z][\w'.-]*){1,7}")


def _answers_by(text: str, start: int, end: int) -> Speaker | None:
    """The party of the speaker an interview names on a line of its own above the answers
    ("President of <country> <name>"), else None."""
    if end - start > 80 or (start and text[start - 1] != "\n"):
        return None
    line = text[start:end].rstrip()
    if not line or (not text.startswith("\n", start + len(line)) and start + len(line) < len(text)):
        return None
    if _NAME_LINE.fullmatch(line) is None:
        return None
    codes = {a.code for a in find_actors(text, start, start + len(line))}
    if len(codes) != 1:
        return None
    code = codes.pop()
    return Speaker(code, line, "answered", start) if is_party(code) else None


def _issuer(text: str) -> Speaker | None:
    """The party whose text this is, when a line near the top names it ("Press release by
    the Ministry of Defense of <country>."): the sentences below with no source of their
    own are its statement."""
    head = text[:400]
    if "ress release" not in head and "tatement" not in head and "nformation" not in head:
        return _lead_source(text)
    m = _ISSUED_BY.search(head)
    if m is None:
        return _lead_source(text)
    named = find_actors(text, m.start("body"), m.end("body"))
    party = [a for a in named if is_party(a.code)]
    if len(party) != 1:
        return None
    return Speaker(party[0].code, party[0].text, "issued", m.end())


def _next_carry(
    carried: Speaker | None,
    age: int,
    said: list[Speaker],
    text: str,
    end: int,
    spans: list[tuple[int, int]],
    n: int,
) -> tuple[Speaker | None, int]:
    """The party statement carried to the next sentence, and for how many sentences it has been."""
    following = spans[n + 1][0] if n + 1 < len(spans) else end
    if said:
        return _carry(said, text, end, following), 1
    if carried is None or age >= _CARRY_SENTENCES or "\n\n\n" in text[end:following]:
        return None, 0
    return carried, age + 1


def _named_by_claims(said: list[Speaker], found: list[Violation], sent: Sentence) -> list[Speaker]:
    """A party source that only a claim of this sentence resolved (an unnamed ministry
    reporting fire on its side), remembered for "the ministry said" in later sentences."""
    if any(side_of(s.code) for s in said) or not found:
        return []
    last = found[-1]
    if last.span != (sent.start, sent.end) or not is_party(last.accuser) or not last.accuser_text:
        return []
    return [Speaker(last.accuser, last.accuser_text, "reported", sent.start)]


def _carry(said: list[Speaker], text: str, end: int, following: int) -> Speaker | None:
    """The party that spoke in a sentence, carried to the next one of the same paragraph."""
    if "\n\n\n" in text[end:following]:
        return None
    if "\n\n" in text[end:following] and QUOTE_CLOSED.search(text, max(0, end - 90), end):
        # '"...," the ombudsman said.' and a new paragraph: the quotation and the statement
        # end together, and the writer speaks next
        return None
    party = [s for s in said if side_of(s.code) is not None]
    return party[-1] if party else None


def _joint_accuser(found: Violation, sent: Sentence) -> tuple[Violation, ...]:
    """The same claim by the first of two accusers joined by "and" ("<capital> and <capital>
    accused <country> of ..."): the speaker found is the second."""
    if not found.accuser_text or " and " not in sent.body:
        return ()
    for a, b in itertools.pairwise(sent.actors):
        if (
            b.text == found.accuser_text
            and a.kind in ("country", "org")
            and sent.text[a.end : b.start] == " and "
            and a.code not in (found.accuser, "?", "unattributed")
            and side_of(a.code) != side_of(found.accused)
            and (side_of(a.code) is None or side_of(a.code) == side_of(found.accuser))
        ):
            return (replace(found, accuser=a.code, accuser_text=a.text),)
    return ()


#: "at the time", "at that time": the day of the sentence before ("... a flare-up on
#: <date> ... . <party> at the time accused <party> of ..."), not "at the time of writing".
_THEN: Final = re.compile(r"\bat (?:the|that) time\b(?! of\b)")


def _then(
    sent: Sentence, cleaned: str, spans: list[tuple[int, int]], n: int, ctx: DocContext
) -> OccurredTime | None:
    """The day of the sentence before, for a sentence that refers to it as "at the time"
    and gives no day of its own (the day may be the writer's background: it is the claim's)."""
    if _THEN.search(sent.text, sent.start, sent.end) is None or own_time(sent, ctx)[0] is not None:
        return None
    before = Sentence.build(cleaned, *spans[n - 1], ctx.published, ctx.tz)
    ot = own_time(before, ctx)[0]
    return ot if ot is not None and ot.precision in ("day", "hour", "minute") else None


def _on_day(day: OccurredTime, part: Sentence, ctx: DocContext) -> OccurredTime:
    """``day``'s date, with the clock ``part`` gives, if any ("at 12:02 a.m.")."""
    assert day.date is not None and day.start is not None
    start = day.start.replace(hour=0, minute=0, second=0, microsecond=0)
    base = OccurredTime(
        day.date[:10], "day", day.expression, start, start + timedelta(days=1), None
    )
    if part.clocks:
        c = part.clocks[0]
        return with_clock(base, c[2], c[3], c[4], ctx.tz, c[5])
    return base


def _no_day_of_its_own(part: Sentence, ctx: DocContext) -> bool:
    """A series told with no day, or only with a week or month that has ended ("throughout
    last week, on three separate occasions")."""
    ot = own_time(part, ctx)[0]
    return ot is None or background_time(ot, ctx)


def _carried(
    found: Violation, said: list[Speaker], carried: Speaker | None, ctx: DocContext
) -> Violation:
    """An unattributed report right after a party's statement, in the same paragraph, is
    that party's when it blames the other side ("X said ... . After midnight, the
    <adjective> side continued firing"), unless it is dated to the writer's background
    ("In August, ..." in a story of September)."""
    if (
        carried is None
        or said
        or found.accuser != "unattributed"
        or side_of(found.accused) in (None, side_of(carried.code))
        or background_time(found.occurred, ctx)
    ):
        return found
    return replace(found, accuser=carried.code, accuser_text=carried.text)


def _after_truce(
    found: Violation, sent: Sentence, ctx: DocContext, refs: list[TruceRef]
) -> Violation:
    """An undated attack "shortly after the ceasefire came into force" dates to that truce's start."""
    if not refs or ("after" not in sent.low and "within" not in sent.low):
        return found
    m = AFTER_TRUCE.search(sent.text, sent.start, sent.end)
    if m is None or own_time(sent, ctx)[0] is not None:
        return found
    truce = next((k for k in known() if k.id == refs[-1].truce_id), None)
    if truce is None:
        return found
    return replace(found, occurred=after_truce_time(truce.effective, ctx.tz, m.group(0)))


def _named_before_in_force(
    found: list[TruceRef], refs: list[TruceRef], until: datetime
) -> list[TruceRef]:
    """A bare "the ceasefire" after the text named a later truce (by its date, words or
    announcement) that took effect by the end of the publication day is that truce, not the one in force at
    the day the story last gave: the text is speaking of the truce it has named."""
    if not any(r.basis == "in force" for r in found):
        return found
    effective = {k.id: k.effective for k in known()}
    named = [
        r.truce_id
        for r in refs
        if r.basis not in ("in force", "latest") and effective[r.truce_id] < until
    ]
    if not named:
        return found
    latest = max(named, key=lambda tid: effective[tid])
    return [
        replace(r, truce_id=latest, basis="named before")
        if r.basis == "in force" and effective[r.truce_id] < effective[latest]
        else r
        for r in found
    ]


def _reference_instant(when: OccurredTime, published: datetime, tz: str) -> datetime:
    """The instant a bare "the ceasefire" is judged at: the end of the claim's period, not after publication."""
    pub_end = publication_day(published, tz).end or published
    if when.precision == "minute" and when.start is not None:
        return when.start
    if when.end is not None:
        return min(when.end - timedelta(minutes=1), pub_end - timedelta(minutes=1))
    return published


#: How near (in sentences) a writer's report must be to a party's claim of the same attack
#: to be read as its paraphrase; a report in the headline or lead may be anywhere.
_NEAR_SENTENCES: Final = 2
_LEAD_SENTENCES: Final = 2
#: A byline: "By" and a name or an outlet, on a line of its own.
_BYLINE: Final = re.compile(r"\s*By\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s*")


def _undated(v: Violation, text: str) -> bool:
    """True when no words of the claim's own sentence date it (the story's or report's day)."""
    expr = " ".join(v.occurred.expression.split(" ")[:2])  # "October 28" of "October 28 14:40"
    return bool(text) and (not expr or text.find(expr, *v.span) < 0)


def _headline(v: Violation, text: str) -> bool:
    """True when the claim is read from a line with no full stop of its own (a headline),
    which a credit line ("Reuters", a byline) may part from the lead that dates it."""
    end = text.find("\n", v.span[0])
    line = text[v.span[0] : end if end >= 0 else len(text)].rstrip()
    return bool(line) and line[-1] not in '.!?"\u201d'


def _stated_day(v: Violation, text: str) -> bool:
    """True when the claim's only day is the day it was made ("X on Friday accused Y of ...",
    "..., the ministry reported on <day>")."""
    expr = v.occurred.expression
    at = text.find(expr, *v.span) if expr and text else -1
    return at >= 0 and (
        STATED_ON.match(text, at + len(expr), v.span[1]) is not None
        or STATEMENT_DAY_BEFORE.search(text, max(v.span[0], at - 30), at) is not None
    )


def fold_writer_reports(
    found: list[Violation],
    starts: list[int],
    text: str = "",
    told: list[tuple[int, int, str]] | None = None,
) -> list[Violation]:
    """Unattributed reports folded into a party's claim of the same accused side and day.

    Wire copy states an attack in the writer's words and names the source a sentence or
    two later ("<adjective> forces shelled X. ... , the ministry said"), and a headline or
    lead sums up the claim the body attributes (an undated headline, whatever day the body
    gives). Such a report is that claim, not a second one: its places join the claim's. A writer's report far from any claim stays its own.
    ``told`` receives the stretch of text between each folded report and its claim, with
    the claim's accuser: a party's statement told in the writer's words.
    """
    items = list(found)
    where = [bisect_right(starts, v.span[0]) - 1 for v in items]
    keep = [True] * len(items)
    for a, v in enumerate(items):
        lead_day = is_party(v.accuser) and where[a] < _LEAD_SENTENCES and _stated_day(v, text)
        monitor = v.accuser != "unattributed" and not is_party(v.accuser)
        if lead_day or (monitor and not v.occurred.expression):
            # the lead's "<party> on Friday accused ..." is the claim the body dates, and so
            # is a monitor's claim no words date (a caption) that the text dates elsewhere
            for b, w in enumerate(items):
                if (
                    (where[b] > where[a] or not lead_day)
                    and b != a
                    and keep[b]
                    and w.occurred.expression
                    and (side_of(w.accuser) or w.accuser) == (side_of(v.accuser) or v.accuser)
                    and (side_of(w.accused) or w.accused) == (side_of(v.accused) or v.accused)
                ):
                    items[b] = replace(
                        w,
                        places=tuple(dict.fromkeys((*w.places, *v.places))),
                        places_text=tuple(dict.fromkeys((*w.places_text, *v.places_text))),
                    )
                    keep[a] = False
                    break
            continue
        if is_party(v.accuser) and not v.places and _undated(v, text):
            # "X accused Y of sabotage." then the quotation that dates and places it: one claim
            for b, w in enumerate(items):
                if (
                    (where[b] == where[a] + 1 or (where[b] == where[a] + 2 and _headline(v, text)))
                    and keep[b]
                    and w.accuser == v.accuser
                    and side_of(w.accused) == side_of(v.accused)
                    and w.date != v.date
                    and not _undated(w, text)
                ):
                    items[b] = replace(
                        w,
                        places=tuple(dict.fromkeys((*w.places, *v.places))),
                        places_text=tuple(dict.fromkeys((*w.places_text, *v.places_text))),
                    )
                    keep[a] = False
                    break
            continue
        if v.accuser != "unattributed" or side_of(v.accused) is None:
            continue
        for b, w in enumerate(items):
            lead = where[a] < _LEAD_SENTENCES
            if w.accuser == "unattributed" or side_of(w.accused) != side_of(v.accused):
                continue
            if w.date != v.date and not (lead and not v.occurred.expression):
                continue
            if lead or abs(where[b] - where[a]) <= _NEAR_SENTENCES:
                if not lead and _after_closed_statement(w, v, text):
                    continue
                if told is not None:
                    told.append((min(v.span[1], w.span[1]), max(v.span[0], w.span[0]), w.accuser))
                items[b] = replace(
                    w,
                    places=tuple(dict.fromkeys((*w.places, *v.places))),
                    places_text=tuple(dict.fromkeys((*w.places_text, *v.places_text))),
                )
                keep[a] = False
                break
    return [v for v, k in zip(items, keep, strict=True) if k]


#: A paragraph break: the writer's own stretch begins.
_PARAGRAPH: Final = re.compile(r"\n[ \t]*\n")


def _after_closed_statement(claim: Violation, report: Violation, text: str) -> bool:
    """Whether a writer's report comes in a paragraph after the party's claim, the party's
    statement closed before it ("..., the ombudsman said." then "<country> has launched an
    attack on ..., using artillery"): the writer tells it in the writer's own voice."""
    if not text or claim.span[1] > report.span[0]:
        return False
    between = text[claim.span[1] : report.span[0]]
    return _PARAGRAPH.search(between) is not None


def _key(v: Violation) -> tuple[str | None, str | None, str | None]:
    return side_of(v.accuser) or v.accuser, side_of(v.accused) or v.accused, v.date


_DENIED_CLAUSE: Final = re.compile(
    r"\b(?:claims?|allegations?|accusations?|reports?|information|announcements?|statements?|assertions?)\b"
    r"(?:(?:\s+(?:of|by|from)\s+[^.;,]{0,50}?)?\s+(?:that|on|about|regarding|concerning)\b"
    # "denies accusations it had fired": the clause with its "that" left out
    r"|\s+(?:it|its|they|their)\s"
    # "denied <country>'s claims of the alleged ceasefire violations"
    r"|\s+of\s+(?:the\s+)?(?:alleged\s+)?(?:[\w-]+\s+)?(?:violations?|breach\w*|shelling|attacks?|firing|provocations?)\b)",
    re.I,
)
_ALSO_CLAIMS: Final = re.compile(
    r"\b(?:accus(?!ations?\b)\w*|blam\w*|clarif\w*|added|adding|stressed|announc\w*|said|says|reported|stated|charged)\b",
    re.I,
)


def _stands(found: Violation, denial: Denial, sent: Sentence, part: Sentence) -> bool:
    """False for the denied claim read back as the denier's own ("X denies claims that its forces shelled").

    In a denying sentence an attack blamed on the accuser's side by the denier is kept only
    when the denier also accuses or reports in it ("dismissed the claims and accused Y of
    shelling").
    """
    if side_of(found.accuser) != side_of(denial.denier):
        return True
    if _DENIED_CLAUSE.search(sent.text, part.start, part.end) is None:
        return True  # "..., saying <army> had opened fire on <town>": the denier's own claim
    return _ALSO_CLAIMS.search(sent.text, sent.start, sent.end) is not None


#: The end of a sentence that announces the quotation after it: "... in its statement:".
_ANNOUNCES: Final = re.compile(r"[:;]\s*$")


def _announced(text: str, before: tuple[int, int], at: int) -> Speaker | None:
    """The party that a sentence ending in a colon or semicolon names as making the
    statement quoted after it ("The Ministry of Defense of <country> made the following
    statement;" then the quotation over several sentences, with no source after it)."""
    if _ANNOUNCES.search(text, before[0], before[1]) is None:
        return None
    party = [a for a in find_actors(text, *before) if is_party(a.code) and a.kind != "agent"]
    if not party:
        return None
    return Speaker(party[0].code, party[0].text, "announced", at)


def _party_source(s: Speaker) -> bool:
    """A source that is someone: not a "according to <data>" that names no one."""
    return not (s.cue == "according to" and s.code == "unattributed")


def _victims_tell(said: list[Speaker], claims: list[CasualtyClaim]) -> list[Speaker]:
    """A body named without its country ("the Defence Ministry reported") whose figure of
    its own victims the casualty reading gave a side ("an <adjective> serviceman has been
    killed") speaks for that side in the sentence's accusation too."""
    if not claims or all(is_party(s.code) for s in said):
        return said
    out: list[Speaker] = []
    for s in said:
        owner = next(
            (c.claimant for c in claims if is_party(c.claimant) and c.claimant_text == s.text),
            None,
        )
        out.append(s if is_party(s.code) or owner is None else replace(s, code=owner))
    return out


def _dated_by_body(
    denials: list[Denial], violations: list[Violation], said: list[Denial]
) -> tuple[list[Denial], list[Violation]]:
    """A denial no words date (a headline: "X denies <adjective> accusations on opening fire")
    answers the accusation the text dates further on ("... according to which on 9 September
    ... opened fire"): it takes that day, and the accusation read from the undated denial is
    that dated one, not a second one of the publication day."""
    out: list[Denial] = []
    drop: set[int] = set()
    for d in denials:
        if d.occurred.expression:
            out.append(d)
            continue
        later = next(
            (
                v
                for v in violations
                if v.span[0] >= d.span[1]
                and v.occurred.expression
                and side_of(v.accuser) == side_of(d.accuser)
                and side_of(v.accused) == side_of(d.denier)
            ),
            None,
        )
        if later is None:
            out.append(d)
            continue
        # every day of that accusation ("... opened fire on <day> and <day>"): one denial each
        for v in violations:
            if v.span != later.span or not v.occurred.expression:
                continue
            if side_of(v.accuser) != side_of(d.accuser) or side_of(v.accused) != side_of(d.denier):
                continue
            dated = replace(d, occurred=v.occurred)
            if not any(_same_denial(dated, o) for o in (*out, *denials) if o is not d):
                out.append(dated)  # else the dated denial further on already answers it
        # the same denial told again in another sentence ("... denied the reports of ..."
        # after a headline) answers the same dated accusation
        again = {o.span for o in said if _same_denial(o, d) and not o.occurred.expression}
        drop.update(
            i
            for i, v in enumerate(violations)
            if (v.span == d.span or v.span in again)
            and not v.occurred.expression
            and side_of(v.accuser) == side_of(d.accuser)
            and side_of(v.accused) == side_of(d.denier)
        )
    return out, [v for i, v in enumerate(violations) if i not in drop]


def _same_denial(a: Denial, b: Denial) -> bool:
    return side_of(a.denier) == side_of(b.denier) and a.date == b.date


def _other_days_denied(denial: Denial, found: list[Violation]) -> list[Denial]:
    """The other days of the accusation a denial answers, in its own sentence ("disinformation
    accusing <army> of opening fire on February 20 and 21") or the one before ("... opened
    fire on Sunday and Monday. The allegations are false."): one denial per day accused."""
    answered = _answered(denial, found)
    spans = (denial.span,) if answered is None else (denial.span, answered.span)
    return [
        replace(denial, occurred=v.occurred)
        for v in found
        if v.span in spans
        and v.occurred.date != denial.date
        and side_of(v.accuser) == side_of(denial.accuser)
        and side_of(v.accused) == side_of(denial.denier)
    ]


def _days_listed(denial: Denial, sent: Sentence, ctx: DocContext) -> list[Denial]:
    """The days a denial writes out itself in what it denies ("denied carrying out the
    attacks on <weekday> and <weekday>"): one denial for each day other than the one it has.
    A day outside the words denied ("spreading disinformation on <day> ... on <day> opened
    fire") dates something else."""
    if len(sent.event_dates) < 2 or not denial.what:
        return []
    at = sent.text.find(denial.what, sent.start, sent.end)
    if at < 0:
        return []
    days = [
        tm.time
        for tm in content_dates(sent, ctx)
        if tm.time.precision == "day"
        and tm not in sent.speech_dates
        and at <= tm.start < at + len(denial.what)
    ]
    if len(days) < 2:
        return []
    out: list[Denial] = []
    for ot in days:
        if ot.date != denial.date and all(d.date != ot.date for d in out):
            out.append(replace(denial, occurred=ot))
    return out


def _accused_on_each(found: list[Violation], denial: Denial, listed: list[Denial]) -> None:
    """The accusation a denial answers, when it gave no day of its own ("<country> accused
    <country> of two days of strikes"), was made for each day the denial lists."""
    answered = _answered(denial, found)
    if answered is None or answered.occurred.expression:
        return
    for each in listed:
        if not any(_key(v) == _key(replace(answered, occurred=each.occurred)) for v in found):
            found.append(replace(answered, occurred=each.occurred))


def _answered(denial: Denial, found: list[Violation]) -> Violation | None:
    """The latest accusation against the denier's side, up to the denial."""
    for v in reversed(found):
        if (
            side_of(v.accuser) == side_of(denial.accuser)
            and side_of(v.accused) == side_of(denial.denier)
            and (v.span[1] <= denial.span[0] or v.span == denial.span)
        ):
            return v
    return None


def _date_from_accusation(denial: Denial, found: list[Violation]) -> Denial:
    """A denial answers the latest accusation against the denier's side: take its day. An
    attack its own sentence reports ("... were killed in an <adjective> strike, but
    <capital> denied carrying it out") is the one it answers, whoever reported it."""
    here = next(
        (
            v
            for v in reversed(found)
            if denial.span[0] <= v.span[0]
            and v.span[1] <= denial.span[1]
            and side_of(v.accused) == side_of(denial.denier)
            and side_of(v.accuser) != side_of(denial.denier)
        ),
        None,
    )
    if here is not None:
        return replace(denial, accuser=here.accuser, occurred=here.occurred)
    v = _answered(denial, found)
    return denial if v is None else replace(denial, occurred=v.occurred)


#: How far apart (in characters, about two sentences of wire copy) two writer's reports of
#: the same sides and day are still read as one.
_WRITER_REACH: Final = 300


#: A source named at a sentence's end: "..., according to the <party> ministry."
_TRAILING_SOURCE: Final = re.compile(r",\s*according to\s[^,]{3,80}?[.!]?[\"”’']?\s*$")


def _sourced_after(
    found: list[Violation],
    prev: tuple[int, int] | None,
    said: list[Speaker],
    sent: Sentence,
    told: list[Violation],
) -> None:
    """The writer's report of the sentence before, when this sentence names its source at
    its end ("<forces> fired at <positions>. <The army> responded, according to <the
    ministry>."): the report is that party's, unless the party is the one it accuses."""
    if prev is None or not said:
        return
    confirmed = "confirm" in sent.body and _CONFIRMED.search(sent.body) is not None
    if confirmed:
        # "<forces> opened fire at <village>. <a spokesperson of the army> has confirmed the
        # violations": the party that confirms the report makes it its own (also when the
        # report folded into the same one of a headline)
        src = [s for s in said if s.cue.startswith("confirm") and is_party(s.code)]
    elif "according to" not in sent.body:
        return
    else:
        src = [s for s in said if s.cue == "according to" and is_party(s.code)]
        if src and _TRAILING_SOURCE.search(sent.body) is None:
            return
    if not src:
        return
    who = src[-1]
    for i, v in enumerate(found):
        if (
            v.accuser == "unattributed"
            and not v.accuser_text
            and (
                prev[0] <= v.span[0] < prev[1]
                or (confirmed and any(t.accuser == v.accuser and _key(t) == _key(v) for t in told))
            )
            and is_party(v.accused)
            and side_of(v.accused) != side_of(who.code)
        ):
            found[i] = replace(v, accuser=who.code, accuser_text=who.text)


#: A party's confirmation of the incident the sentence before reported.
_CONFIRMED: Final = re.compile(
    r"\bconfirm(?:ed|s)\s+(?:the\s+|these\s+|this\s+|that\s+)?(?:[\w-]+\s+)?"
    r"(?:violations?|incidents?|attacks?|shelling|shooting|firing|reports?|information)\b",
    re.I,
)


#: A sentence that only names the source of the one before: "It is reported in the study of
#: <body>", "This was stated by <body>".
_SOURCE_SENTENCE: Final = re.compile(
    r"(?:It|This|That|The (?:figure|toll|data|information) )\s*(?:is|was|has been|had been)\s+"
    r"(?:reported|stated|said|announced|disclosed|revealed|published|contained)\s+"
    # "This was announced on Twitter by <aide>": the medium named before the source
    r"(?:(?:on|via|at)\s+[\w-]+(?:\s+[\w-]+)?\s+)?(?:in|by|from)\b"
)


#: A body that goes on to tell the incident just reported: "<body> reported that the incident
#: occurred near ...": the figures of the sentence before are that body's.
#: Also "According to <body>, the shootout took place at ...".
_INCIDENT_SOURCE: Final = re.compile(
    r"(?:(?:[\w\u2019'-]+\s+){1,5}(?:reported|said|stated|announced|confirmed)\s+(?:that\s+)?"
    r"|According\s+to\s+(?:[\w\u2019'-]+\s+){1,6}?(?:[\w\u2019'-]+),\s+)"
    r"the\s+(?:incident|attack|shooting|shootout|ambush|clash|firefight|skirmish)\b"
)


def _figures_sourced_after(
    claims: list[CasualtyClaim], prev: tuple[int, int] | None, sent: Sentence
) -> None:
    """The writer's figures of the sentence before belong to the body this sentence names as
    their source; figures given for neither side are then that body's own side's."""
    if prev is None or not any(_writers_figure(c, prev) for c in claims):
        return  # no figure of the sentence before for a source to take: nothing to read
    if (
        not sent.body.startswith(("It ", "This ", "That ", "The "))
        or _SOURCE_SENTENCE.match(sent.body) is None
    ) and _INCIDENT_SOURCE.match(sent.body) is None:
        return
    who = next((a for a in sent.actors if a.kind != "agent" and is_party(a.code)), None)
    if who is None:
        return
    own = side_of(who.code)
    for i, c in enumerate(claims):
        if _writers_figure(c, prev):
            side = own if c.side == "both" and own is not None else c.side
            claims[i] = replace(c, claimant=who.code, claimant_text=who.text, side=side)


def _writers_figure(c: CasualtyClaim, prev: tuple[int, int]) -> bool:
    """A figure of the sentence ``prev`` that nobody is named as claiming."""
    return c.claimant == "unattributed" and not c.claimant_text and prev[0] <= c.span[0] < prev[1]


def _add_violation(found: list[Violation], new: Violation) -> None:
    """Merge reports with the same accuser, accused and day unless places or arms differ."""
    for i, old in enumerate(found):
        if (old.accuser, old.accused, old.date) != (new.accuser, new.accused, new.date):
            continue
        if new.accuser == "unattributed" and new.span[0] - old.span[1] > _WRITER_REACH:
            break  # a later writer's report is not the lead's: each folds into the claim near it
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
