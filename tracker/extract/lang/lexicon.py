"""What a language gives the lexicon reader: its words, as patterns and tables.

Owns the ``Lexicon`` type. A language module (``tracker.extract.lang.ru``) builds one
instance; ``tracker.extract.lang.reader`` reads any text with it and produces the same
``Extraction`` items as the English extractor. Nothing here reads text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

Pattern = re.Pattern[str]


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The words of one language, grouped by what the reader does with them.

    Actor kinds: ``org`` (speaks: ministries, officials, press services, named people),
    ``force`` (fires and may speak: armies, units, formations), ``country`` (a state or
    its capital), ``adj`` (an adjective naming a side's forces or positions), ``media``
    (relays, never the claimant), ``generic`` ("the ministry": resolved from context),
    ``unattr`` (the writer's sources).
    """

    code: str
    #: ``(actor code, kind, regex)`` in priority order (earlier wins at the same place).
    actors: tuple[tuple[str, str, str], ...]
    #: Words that attribute a statement ("said", "according to"): the speaker is next to them.
    speech: Pattern
    #: Cues whose speaker follows them ("according to X", "said X" after a quote).
    speech_before_speaker: Pattern
    #: Words of an attack with an agent ("shelled", "opened fire").
    attack: Pattern
    #: Words of fighting or an incident that need a named claimant ("clashes", "incident").
    attack_weak: Pattern
    #: Text right before a trigger that negates it ("did not").
    negated: Pattern
    #: Text before a trigger that makes it an appeal, a threat or a hypothesis.
    appeal: Pattern
    #: Right before a word of fighting, a phrase that makes it a circumstance or a time
    #: ("since the start of the hostilities", "during the fighting").
    circumstance: Pattern
    #: A sentence opening that recalls earlier reports ("earlier", "as reported").
    recalled: Pattern
    #: Both sides at once ("each other", "between X and Y").
    reciprocal: Pattern
    #: Incidents that are nobody's attack (accidents, shooting at one's own comrades).
    accident: Pattern
    #: Right before a mention: where an attacker fired from ("from the territory of").
    agent_marker: Pattern
    #: Right before a country or city: a preposition that makes it a place, not an actor.
    place_preposition: Pattern
    #: Right before a mention: it is a target ("positions of", "at"), not who fired.
    target_before: Pattern
    #: Right before a capital city: it was struck ("по Баку"), not where someone spoke.
    struck_place_before: Pattern
    #: Between a verb of speech and the body it is said in ("заявили в Минобороны").
    said_in: Pattern
    #: Names of ministries and press services, for "the ministry" meaning the last one.
    ministry: Pattern
    #: Between a date and a statement: a clause break (the date is not the statement's).
    clause_break: Pattern
    #: Right before a clock time: it is approximate (hour precision).
    approx_clock: Pattern
    #: A collective numeral ("двое"): a count of people even without a noun.
    collective: Pattern
    #: Right before a figure: it is part of one already given ("including").
    part_of: Pattern
    #: Between two figures: they share noun and kind ("two killed and five wounded").
    linked: Pattern
    #: A denial ("denied", "does not correspond to reality", "disinformation").
    deny: Pattern
    #: Death words and injury words.
    killed: Pattern
    injured: Pattern
    #: "No losses": a report of none, never a figure.
    no_losses: Pattern
    #: Victim nouns, by category.
    military: Pattern
    civilian: Pattern
    total: Pattern
    #: Victim nouns in the singular, which count one when no number stands before them.
    singular: Pattern
    #: The adjective or genitive naming whose victims they are, per side code.
    victim_side: tuple[tuple[str, Pattern], ...]
    #: Right after a victim noun: died "in the fighting" (so combatants).
    in_combat: Pattern
    #: "Of the enemy" (the other side from the claimant) and "our" (the claimant's).
    enemy: Pattern
    own: Pattern
    #: A toll phrase whose figure follows ("the number of dead reached").
    toll: Pattern
    #: Number words (every case form) and their values; multipliers ("thousand").
    number_words: dict[str, int]
    multipliers: dict[str, int]
    #: Right after digits: a multiplier word, its key in ``multipliers`` as group 1 ("5 тыс.").
    scale_after: Pattern
    #: Vague quantities: word → (value, qualifier).
    vague: dict[str, tuple[int, str]]
    #: Qualifiers written right before a figure, and the gold-schema name.
    qualifiers: tuple[tuple[Pattern, str], ...]
    #: Words that follow a number that is not a count of people ("km", "years").
    not_count_after: Pattern
    #: Dates, as one pattern with these named groups: ``num`` (nd, nm, ny: 21.02.2022),
    #: ``iso`` (iy, im, id), ``dm`` (d, m, y: a day of a month), ``mo`` (mm, my: a month),
    #: ``wd`` (w: a weekday), ``rel`` (a word of ``relative_days``), ``before`` (the day
    #: before), ``week`` (with ``lastweek`` for the week before) and ``year`` (yy).
    dates: Pattern
    #: Month names (stems) → month number; weekday words → weekday (Monday 0).
    months: dict[str, int]
    weekdays: dict[str, int]
    #: Relative day words → days before publication.
    relative_days: dict[str, int]
    #: Clock words: "at 13:50", and the zone words after a clock ("Moscow time").
    moscow_time: Pattern
    local_time: Pattern
    #: Truces: any mention, and cues that settle which one.
    truce: Pattern
    truce_trilateral: Pattern
    truce_humanitarian: Pattern
    truce_cessation: Pattern
    truce_unknown: Pattern
    truce_generic: Pattern
    #: Words that announce a truce ("agreed", "takes effect") and what negates them.
    announce: Pattern
    announce_negated: Pattern
    #: A state-border context (after Sep 2022 a border truce is not a known one).
    border: Pattern
    #: Weapons: ``(regex, label)``, most specific first.
    weapons: tuple[tuple[Pattern, str], ...]
    #: Cheap gates: stems of which a sentence must contain one before a reader runs on it
    #: (keys ``attack``, ``casualty``, ``deny``, ``truce``, ``date``, ``speech``; a digit
    #: opens ``date``).
    gates: dict[str, tuple[str, ...]]
    #: Words ending in a full stop that do not end a sentence.
    abbreviations: frozenset[str]
    #: The dictionary forms a word may stand for (case endings, place adjectives).
    lemmas: Callable[[str], tuple[str, ...]]
    #: Words that mark the text as this language (function words), for detection.
    function_words: frozenset[str]
    #: Letters that mark a neighbouring language written in the same script.
    foreign_letters: str
    #: Letters this language uses and its neighbours in the script do not.
    marker_letters: str
    #: Spelling that marks a neighbouring language (a Bulgarian vowel ъ), or None.
    foreign_pattern: Pattern | None
    #: A wound written as fatal ("смертельное ранение"): a death, not an injury.
    mortal: Pattern | None = None
    #: Number words of a fraction ("полторы" 1.5), read as ``number_words`` are.
    fractions: dict[str, float] = field(default_factory=dict)
    #: Right after a figure: it is more than written ("30 с лишним").
    more_after: Pattern | None = None
    #: Right after a side word: a noun in the instrumental, so the side did it ("обстрел
    #: армянской стороной", "армянскими подразделениями").
    agent_after: Pattern | None = None
    #: Right before a date: it ends a span ("с 23.20 ... до 05.10 утра"), so the span's
    #: first day, written before it, dates the events.
    span_end: Pattern | None = None
    #: Right before a denial's word: the verb that blames someone for it ("обвиняет X в
    #: распространении"): its subject denies, X is whose claims are denied.
    blames_lie: Pattern | None = None
    #: A speech word that is a noun naming a claim ("the ministry's report that ..."): its
    #: body owns the claim; it is no cue of a speaker.
    claim_noun: Pattern | None = None
    #: Right before a mention: it owns the claim named there ("сообщения МО Армении",
    #: "распространенная армянской стороной информация"); it is not who speaks.
    claim_owner: Pattern | None = None
    #: Lower-case stems of which ``claim_owner`` needs one (a cheap test before it runs).
    claim_owner_words: tuple[str, ...] = ()
    #: Right before a speech cue: a verb joined to the one before ("назвало ... и обвинило"),
    #: which has the same subject.
    joined_verb: Pattern | None = None
    #: Right before a mention: another party joined to it ("Баку и Анкара отрицали"): the
    #: two speak together, for neither side.
    joined_subject: Pattern | None = None
    #: Victim words that are a generic participle ("погибших"): a noun written right after
    #: them ("погибших военнослужащих") tells the category.
    generic_victim: Pattern | None = None
    #: Just after a figure, in its clause: its fate is not known yet ("данные уточняются")
    #: or is no casualty (taken prisoner, missing).
    unconfirmed: Pattern | None = None
    #: Victims on neither side (peacekeepers), and the side words that override them.
    neutral_victim: Pattern | None = None
    #: Right before a word of fighting: an accusation of it ("обвинил Баку в "), which is
    #: no circumstance.
    accusing: Pattern | None = None
    #: What a denial may be about that is no attack (transport, a checkpoint, a capture):
    #: with no attack word in the sentence, no denial of one.
    deny_other: Pattern | None = None
    #: An anniversary ("минуло два года со дня", "годовщина"): what follows without a
    #: date of its own is the past event, not news.
    anniversary: Pattern | None = None
    #: Right after a body named with its state in the genitive: "и" and another state's
    #: genitive sharing the body ("ведомства Армении и Нагорного Карабаха"), per code.
    shared_body: tuple[tuple[str, Pattern], ...] = ()
    #: A speech verb in the infinitive ("распространить", "заявить"): no statement made.
    infinitive: Pattern | None = None
    #: After a quotation: a statement that names no one ("», — говорится в сообщении").
    unnamed_source: Pattern | None = None
    #: A sentence opening that gives the source of the sentence before ("Об этом сообщил X").
    source_of_previous: Pattern | None = None
    #: The word right before a state named in the genitive: a place noun, so the state is
    #: where something happened ("в Агдамском районе Азербайджана"), not who did it.
    place_of: Pattern | None = None
    #: A side's adjective mention that names a target, not an agent ("азербайджанских
    #: населенных пунктов", "армянских позиций"): matched against the mention's text.
    target_mention: Pattern | None = None
    #: Right after a mention: it is hurt, so it is the victim ("Азербайджанский военный
    #: ранен"), not who fired.
    victim_after: Pattern | None = None
    #: A date's left context that makes it the start of a span that runs to the present
    #: ("с начала боевых действий 27 сентября"): such a date does not make news history.
    since: Pattern | None = None
    #: Right after the since-date: the span is closed ("... по 10 ноября"), so history.
    since_closed: Pattern | None = None
    #: At the end of a sentence (a headline): a dash and the party that says it ("... —
    #: Минобороны Армении").
    said_by_dash: Pattern | None = None
    #: Right after the comma or dash that opens a date's clause: a relative clause ("...,
    #: где боевые действия завершились 10 ноября") that dates its own event, not the sentence's.
    relative_clause: Pattern | None = None
    #: Right before an attack word: footage of it ("обнародовали видео обстрела"), which a
    #: side shows of its own strikes, so no accusation.
    footage: Pattern | None = None
    #: Right after a party opening a clause: a dash and what it told, its verb left out
    #: ("Стороны назвали потери. Азербайджан — о трех погибших, ..."): it speaks.
    elided_speech: Pattern | None = None
    #: Right before an attack word: it goes on ("продолжают обстреливать"), so the report
    #: is of the day it is told, not a lead summing up an attack dated before.
    continued: Pattern | None = None
    #: The victims were at home: a residential building was hit ("ракета попала в жилой
    #: дом"), so people killed or hurt there (``people``) are civilians.
    at_home: Pattern | None = None
    #: Victim nouns that say nothing of who the victims were ("человек", "людей").
    people: Pattern | None = None
    #: Between a truce's words and a date after them: the date is the day the truce was
    #: agreed ("соглашение о прекращении огня, заключенное при посредничестве России 10
    #: октября", "от").
    agreed_on: Pattern | None = None
