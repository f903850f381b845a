"""The extractor's fast paths give what the plain code they stand for gives."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.unit.extract.sources import on_the_sources
from tracker.conflict import active
from tracker.extract import (
    actors,
    attribution,
    casualties,
    claims,
    extractor,
    numbers,
    places,
    timeexpr,
    truces,
)
from tracker.extract import text as text_module
from tracker.extract.actors import (
    _ACCUSE_WORDS,
    _AGENT,
    _AGENT_WORDS,
    _LOWER_STARTS,
    _ORG,
    _ORG_WORDS,
    _SEATED_ORG,
    _SEATED_WORDS,
    _SPEECH_CUES,
    ACCUSE,
    SPEECH,
    _candidates,
    find_actors,
)
from tracker.extract.actors import _opening_table as actor_opening_table
from tracker.extract.actors import _pattern as actor_pattern
from tracker.extract.actors import _starts_by_head as actor_starts
from tracker.extract.actors import _tables as actor_tables
from tracker.extract.attribution import DocContext, Sentence, keywords
from tracker.extract.claims import (
    _BACK_CUE,
    _BACK_CUE_WORDS,
    _NOUN_WORDS,
    _STRONG_WORDS,
    NOUN,
    STRONG,
    VIOLENCE_WORDS,
)
from tracker.extract.lang import reader as ru_reader
from tracker.extract.model import CasualtyClaim
from tracker.extract.needles import folds_safely, may_search, needles
from tracker.extract.text import (
    _CHARMAP,
    KeywordGate,
    _alternatives,
    ascii_copy,
    clean,
    factored,
    finditer_near,
    has_match,
    lower_ascii,
    lowered,
    on_ascii,
    one_boundary,
    reads_ascii,
    sentences,
)
from tracker.extract.timeexpr import PHOTO_CAPTION, find_clock, find_dates

WORDS = ("said", "sa", "deni", "as per", " die ", "a statement", "cease", "обстрел", "n't have", "")
TEXTS = (
    "",
    "He said so.",
    "unsaid words, as per the a statement",
    "they denied it; they did not die .",
    "Обстреляли село, заявили в минобороны",
    "ceasefire ceased; it wouldn't have",
    "s a i d",
)


def test_the_gate_finds_every_keyword_that_occurs_as_a_substring() -> None:
    gate = KeywordGate()
    gate.wordset(WORDS)
    for text in TEXTS:
        low = text.lower()
        assert gate.present(low)[1] == {w for w in WORDS if w in low}, text


def test_the_gate_agrees_with_substring_search_on_random_text() -> None:
    gate = KeywordGate()
    gate.wordset(WORDS)
    rnd = random.Random(7)
    alphabet = "saidenpcrtmh'., -обстрел"
    for _ in range(2000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert gate.present(text)[1] == {w for w in WORDS if w in text}, text


def test_a_new_word_list_bumps_the_version_and_is_found_after() -> None:
    gate = KeywordGate()
    gate.wordset(("said",))
    version, found = gate.present("he said it was shelled")
    assert found == {"said"}
    gate.wordset(("shell",))
    later, found = gate.present("he said it was shelled")
    assert later == version + 1
    assert found == {"said", "shell"}


def test_the_gate_reads_ascii_text_by_its_runs_of_letters_as_the_scan_does() -> None:
    # the English gate's own keywords, and words of every shape: letters alone, a space or
    # an apostrophe inside or at an end, no letter at all, the empty word, upper case
    gate = KeywordGate()
    gate.wordset((*attribution._GATE.state[1], *WORDS, ", ", "'", "Said", "-out", "aid"))
    known = gate.state[1]
    rnd = random.Random(19)
    alphabet = "saidenotrhlwk'., -Sx"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(3000)]
    for text in _devset_texts():
        texts += [line for line in text.splitlines() if line.isascii()]
    for text in texts:
        for variant in (text, text.lower(), text.upper()):
            version, found = gate.present(variant)
            assert (version, found) == gate._scan(variant), variant
            assert found == {w for w in known if w in variant}, variant
    assert gate._runs is not None and gate._runs.version == gate.state[0]
    # a word registered later is looked for in the runs too
    gate.wordset(("zzq",))
    version, found = gate.present("a zzqx b")
    assert version == gate.state[0] and "zzq" in found


def test_cleaning_maps_typography_as_translate_does() -> None:
    rnd = random.Random(11)
    alphabet = "".join(chr(k) for k in _CHARMAP) + "abя'\"- \n"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 30)))
        assert clean(text) == text.translate(_CHARMAP), repr(text)


def test_cleaning_keeps_offsets_of_russian_text_with_quotes_and_dashes() -> None:
    text = "«Обстрел» — заявили вчера\r"
    assert clean(text) == '"Обстрел" - заявили вчера\n'


def test_sentence_ends_found_from_their_marks_are_the_ones_found_everywhere() -> None:
    rnd = random.Random(13)
    alphabet = "abc ABC.!?…\n\"')]-Аб 1"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60))) for _ in range(3000)]
    texts += ["Mr. Smith said so. It was 5 p.m. in Baku.\n\nThe end!", "Обстрел. Заявили… В 10:00"]
    texts += ["ends here.Then bbb.Cc d?Aa", *_devset_texts()]
    for rx, marks, reach, exact in (
        (text_module._BOUNDARY, text_module._BOUNDARY_MARK, text_module._BOUNDARY_REACH, False),
        (text_module._BOUNDARY, text_module._BOUNDARY_MARK, text_module._BOUNDARY_REACH, True),
        (ru_reader._BOUNDARY, ru_reader._BOUNDARY_MARK, 0, False),
    ):
        for text in texts:
            found = [m.span() for m in finditer_near(rx, marks, reach, text, exact=exact)]
            assert found == [m.span() for m in rx.finditer(text)], repr(text)


def test_sentence_ends_opened_at_their_marks_are_the_boundary_matches() -> None:
    rnd = random.Random(23)
    alphabet = "abc ABC.!?…\n\"')](-Аб 1•\t"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 60))) for _ in range(5000)]
    texts += ["ends here.Then bbb.(Cc d?Aa", "Mr. Smith said so.\n\nThe end!", *_devset_texts()]
    for text in texts:
        plain = [m.span() for m in text_module._BOUNDARY.finditer(text)]
        at_mark = text_module._BOUNDARY_AT_MARK.finditer(text)
        assert [(m.start() - (3 if m.lastindex else 0), m.end()) for m in at_mark] == plain, text
        if reads_ascii(text):  # and read by the copy, as ``sentences`` reads it
            copy = ascii_copy(text_module._BOUNDARY_AT_MARK).finditer(text)
            assert [(m.start() - (3 if m.lastindex else 0), m.end()) for m in copy] == plain


def test_a_word_before_a_full_stop_passed_over_is_no_abbreviation() -> None:
    # ``sentences`` reads the word before a full stop only where ``_may_abbreviate`` says
    rnd = random.Random(29)
    alphabet = "abcmrsu.K_1 ,\u212a\u0130\u00e9\n"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16))) for _ in range(30000)]
    texts += [f"{w}" for w in text_module._ABBREV] + ["x", "(x", "U.S", "a_b", "1"]
    for text in texts:
        at = len(text)
        text += "."
        prev = text_module._PREV_WORD.search(text, max(0, at - 12), at + 1)
        word = prev.group(1).lower() if prev is not None else ""
        if word in text_module._ABBREV or (len(word) == 1 and word.isalpha()):
            assert text_module._may_abbreviate(text, at), text
    assert not text_module._may_abbreviate("the village.", 11)


def test_a_sentence_has_a_keyword_set_when_one_of_its_words_is_a_substring() -> None:
    published = datetime(2020, 10, 1, tzinfo=UTC)
    rnd = random.Random(17)
    lists = [VIOLENCE_WORDS, keywords(WORDS), keywords(("cease", "zzz"))]
    for text in [*TEXTS, "Shelled.", "He SAID it; they denied it"]:
        for a in range(len(text) + 1):
            b = rnd.randint(a, len(text))
            sent = Sentence.build(text, a, b, published, "+04:00")
            for words in lists:
                assert sent.has(words) == any(w in text[a:b].lower() for w in words), text
        # a list registered after a sentence was first read is looked for too
        sent = Sentence.build(text, 0, len(text), published, "+04:00")
        sent.has(VIOLENCE_WORDS)
        late = keywords((f"{text[:3].lower()}", "qqqq-not-a-word"))
        assert sent.has(late) == (text[:3].lower() in text.lower())


ROOT = Path(__file__).resolve().parents[3]


def _devset_texts() -> list[str]:
    out: list[str] = []
    for folder in (ROOT / "tests" / "fixtures" / "extract", ROOT.parent / "shared" / "devset"):
        if folder.is_dir():
            out.extend(clean(p.read_text("utf-8")) for p in sorted(folder.glob("*.txt")))
    return out


def test_factored_alternatives_match_what_the_alternatives_as_written_match() -> None:
    rnd = random.Random(19)
    stems = ["sa", "said", "say", "s", "st", "stat", "a b", "ab", "abc", "x?", "(?:ab|a)", "[ab]c"]
    for _ in range(3000):
        alts = [
            "".join(rnd.choice(stems) for _ in range(rnd.randint(1, 3)))
            for _ in range(rnd.randint(1, 8))
        ]
        plain = "|".join(alts)
        assert "|".join(_alternatives(plain)) == plain
        text = "".join(rnd.choice("sayidtbcx ") for _ in range(rnd.randint(0, 30)))
        for flags in (0, re.I):
            want = [m.span() for m in re.finditer(f"(?:{plain})", text, flags)]
            got = [m.span() for m in re.finditer(f"(?:{factored(plain)})", text, flags)]
            assert got == want, (plain, text)


@pytest.mark.parametrize(
    ("factored_rx", "alternatives"),
    [
        (SPEECH, _SPEECH_CUES),
        (STRONG, _STRONG_WORDS),
        (NOUN, _NOUN_WORDS),
        (ACCUSE, _ACCUSE_WORDS),
        (_BACK_CUE, _BACK_CUE_WORDS),
        *(
            (re.compile(r"\b" + fragment + r"\b"), f"(?i:{words})")
            for fragment, words in (
                (_ORG, _ORG_WORDS),
                (_AGENT, _AGENT_WORDS),
                (_SEATED_ORG, _SEATED_WORDS),
            )
        ),
    ],
)
def test_the_factored_patterns_find_what_they_find_as_written(
    factored_rx: re.Pattern[str], alternatives: str
) -> None:
    plain = re.compile(r"\b(?:" + alternatives + r")\b", factored_rx.flags)
    assert factored_rx.pattern != plain.pattern
    for text in _devset_texts():
        for variant in (text, text.lower(), text.upper()):
            for a, b in sentences(variant):
                want = [(m.span(), m.group(0)) for m in plain.finditer(variant, a, b)]
                got = [(m.span(), m.group(0)) for m in factored_rx.finditer(variant, a, b)]
                assert got == want, variant[a:b]


def test_ascii_words_split_at_other_characters_are_the_runs_of_letters() -> None:
    rnd = random.Random(23)
    texts = [
        "".join(rnd.choice("aZz 1.\n\t-'x_{~") for _ in range(rnd.randint(0, 60)))
        for _ in range(3000)
    ]
    for text in [*texts, *_devset_texts()]:
        low = text.lower()
        if low.isascii():
            want = text_module._ASCII_WORD.findall(low)
            assert low.translate(text_module._ASCII_SPACES).split() == want, repr(text)


def test_candidate_words_are_found_whatever_the_order_of_the_lower_case_openers() -> None:
    pack = active()
    openers = _LOWER_STARTS | frozenset(pack.word("en", "lower_openers"))
    by_length = "|".join(sorted((re.escape(w) for w in openers), key=len, reverse=True))
    plain = re.compile(
        r"(?<![\w'.-])(?:[A-Z\u00c0-\u00de][\w.'-]*|(?:" + by_length + r")\b[\w.'-]*)"
    )
    assert _candidates(pack).pattern != plain.pattern
    for text in _devset_texts():
        for variant in (text, text.lower(), text.upper()):
            want = [m.span() for m in plain.finditer(variant)]
            assert [m.span() for m in _candidates(pack).finditer(variant)] == want


def test_kept_days_and_local_dates_are_the_ones_made_afresh() -> None:
    rnd = random.Random(29)
    for _ in range(500):
        instant = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=rnd.randint(0, 2_000_000))
        published = instant.astimezone(
            timeexpr.parse_tz(rnd.choice(["+04:00", "-05:00", "+00:00"]))
        )
        zone = timeexpr.parse_tz(rnd.choice(["+04:00", "+03:00", "-11:00", "+14:00"]))
        assert timeexpr._local_date(published, zone) == published.astimezone(zone).date()
        day = published.date()
        made = timeexpr._day.__wrapped__(day, zone, "on Monday")
        assert timeexpr._day(day, zone, "on Monday") == made
        assert repr(timeexpr._day(day, zone, "on Monday")) == repr(made)


def test_kept_word_keys_are_the_words_folded_afresh() -> None:
    words = {w for text in _devset_texts() for w in text.split()}
    for word in [*sorted(words), "Aghdam's", "Şuşa’s", "Gəncə'", "İsmayıllı"]:
        bare = word.rstrip("'’").removesuffix("'s").removesuffix("’s")
        assert places._word_keys(word) == (places.fold(word), places.fold(bare)), word


def test_alternatives_under_one_boundary_match_what_they_match_as_written() -> None:
    rnd = random.Random(31)
    stems = [r"\b", r"\bab", r"\bd", "#f", "a b", "(?:x|y)", "[ab]c", r"\w+", r"\bx?", "b"]
    for _ in range(3000):
        alts = [
            "".join(rnd.choice(stems) for _ in range(rnd.randint(1, 3)))
            for _ in range(rnd.randint(1, 8))
        ]
        plain = "|".join(alts)
        text = "".join(rnd.choice("abdfxyc# ") for _ in range(rnd.randint(0, 30)))
        want = [m.span() for m in re.finditer(plain, text)]
        assert [m.span() for m in re.finditer(one_boundary(plain), text)] == want, (plain, text)


def test_lowered_copies_with_one_boundary_find_what_the_case_blind_patterns_find() -> None:
    patterns = [claims._DENY, claims._NOT_TRIGGER, claims._RECIPROCAL, PHOTO_CAPTION]
    patterns += [casualties._SKIP_BEFORE, casualties._NOT_AFTER, casualties._KILL_OR_INJ]
    patterns += [claims._NOT_PLACE_CTX, extractor._STATE_BORDER]
    assert any(lowered(rx).pattern.count(r"\b") < rx.pattern.count(r"\b") for rx in patterns)
    for text in _devset_texts():
        for variant in (text, text.upper()):
            if not variant.isascii():
                continue
            low = lower_ascii(variant)
            for a, b in sentences(variant):
                for rx in patterns:
                    want = [m.span() for m in rx.finditer(variant, a, b)]
                    assert [m.span() for m in lowered(rx).finditer(low, a, b)] == want


def test_a_pattern_lowering_would_change_is_read_case_blind() -> None:
    for pattern, text in ((r"\x41b", "ab"), (r"(?-i:B)", "b"), (r"\u0041", "a"), ("k", "K")):
        rx = re.compile(pattern, re.I)
        assert has_match(rx, text, 0, len(text)) == (rx.search(text) is not None), pattern


def test_brokers_read_from_lower_cased_windows_are_the_ones_read_as_written() -> None:
    ctx = DocContext(published=datetime(2020, 10, 20, tzinfo=UTC), tz="+04:00")
    rnd = random.Random(37)
    found = 0
    for text in _devset_texts():
        for variant in (text, text.lower(), text.upper()):
            for _ in range(20):
                a = rnd.randint(0, len(variant))
                window = variant[a : a + rnd.randint(20, 200)]
                want = tuple(code for code, rx in truces._brokers() if rx.search(window))
                assert truces._broker_codes(window, ctx) == want, window
                found += bool(want)
    assert found


def test_what_a_sentence_finds_is_found_once_and_is_what_the_readers_find() -> None:
    published = datetime(2020, 10, 12, 9, 0, tzinfo=UTC)
    text = "Intro. On Sunday at 08:30 Azerbaijan's defence ministry said Armenian forces shelled Tartar."
    start = text.index("On")
    sent = Sentence.build(text, start, len(text), published, "+04:00")
    assert sent.body == text[start:] and sent.low == text[start:].lower()
    assert sent.actors == tuple(find_actors(text, start, len(text)))
    assert sent.dates == tuple(find_dates(text, start, len(text), published, "+04:00"))
    assert sent.clocks == tuple(find_clock(text, start, len(text), "+04:00"))
    assert sent.actors and sent.dates and sent.clocks
    for name in ("body", "low", "actors", "dates", "clocks", "event_dates", "speech_dates"):
        assert getattr(sent, name) is getattr(sent, name), name  # kept, not found again
    assert sent.event_dates and not sent.speech_dates


def test_alternatives_grouped_by_their_first_letter_match_what_they_match_in_order() -> None:
    rnd = random.Random(43)
    stems = ["sa", "Sa", "s", "S b", "t", "T", "ta", "x?", "(?:ab|a)", "[st]a", "", "ab", "Ab"]
    for _ in range(4000):
        alts = [
            "".join(rnd.choice(stems) for _ in range(rnd.randint(1, 3)))
            for _ in range(rnd.randint(1, 9))
        ]
        plain = "|".join(alts)
        text = "".join(rnd.choice("sStTabAx ") for _ in range(rnd.randint(0, 30)))
        for flags in (0, re.I):
            want = [m.span() for m in re.finditer(f"(?:{plain})", text, flags)]
            got = [m.span() for m in re.finditer(f"(?:{factored(plain)})", text, flags)]
            assert got == want, (plain, text, flags)
    assert factored("said|told|says|tells") == "s(?:a(?:id|ys))|t(?:old|ells)"


def test_needles_opening_words_are_the_word_heads_that_are_needles() -> None:
    needles = {n for needle in claims._NEEDLES for n in needle}
    rnd = random.Random(47)
    pieces = [*needles, "x", " ", "-", "_", "1", "e", "er"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(3000)]
    for text in [*texts, *_devset_texts()]:
        low = text.lower()
        heads = {low[m.start() : m.start() + 3] for m in re.finditer(r"(?<!\w)\w", low)}
        assert set(claims._NEEDLE_HEADS.findall(low)) == heads & needles, repr(text)


def test_weapons_tried_by_their_needles_are_the_first_that_match_in_order() -> None:
    rnd = random.Random(59)
    plain = [re.sub(r"\(\?:|[()?]|\\b", "", rx) for rx, _ in claims._WEAPONS]
    words = [w for rx in plain for w in rx.split("|")]
    pieces = [*words, *(label for _, label in claims._WEAPONS), "x", " ", "-", "1", ",", "s "]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10))) for _ in range(3000)]
    texts += [t.upper() for t in texts[:500]]
    several = 0
    for text in [*texts, *_devset_texts()]:
        labels = [label for rx, label in claims._WEAPON_RX if rx.search(text)]
        several += len(labels) > 1
        assert claims.weapon_in(text) == (labels[0] if labels else None), repr(text)
    assert several > 100  # the order of the weapons decides
    for i, needle in enumerate(claims._NEEDLES):  # each weapon is tried at each of its needles
        assert all(i in claims._NEEDLE_WEAPONS[n] for n in needle if n), claims._WEAPONS[i]


def test_case_blind_searches_passed_over_without_their_needles_find_nothing() -> None:
    rnd = random.Random(53)
    patterns = [
        casualties._TOLL,
        casualties._BACKGROUND_TOLL,
        timeexpr._AFTER_MIDNIGHT,
        timeexpr._NEXT_DAY,
        truces._ANNOUNCE,
        *(rx for rx, _ in numbers._QUAL_RE),
    ]
    for rx in patterns:
        assert needles(rx) is not None, rx.pattern
    for text in _devset_texts():
        for variant in (text, text.lower(), text.upper()):
            low = variant.lower() if folds_safely(variant) else None
            for _ in range(30):
                a = rnd.randint(0, len(variant))
                b = min(len(variant), a + rnd.randint(0, 300))
                for rx in patterns:
                    if not may_search(rx, low, a, b):
                        assert rx.search(variant, a, b) is None, (rx.pattern, variant[a:b])


def test_number_starts_factored_are_the_ones_listed_longest_first() -> None:
    words = {*("two", "three", "four", "five", "half", "a", "an", "tens", "several")}
    words |= {"dozens", "scores", "hundreds", "thousands", *numbers._TENS, *numbers._UNITS}
    plain = re.compile(r"\d|\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")")
    assert numbers._NUMBER_STARTS.pattern != plain.pattern
    for text in _devset_texts():
        low = lower_ascii(text)
        want = [m.span() for m in plain.finditer(low)]
        assert [m.span() for m in numbers._NUMBER_STARTS.finditer(low)] == want


def _recase_as_written(text: str) -> str:
    """``extractor.recase`` counting every capital of the sample."""
    sample = text[:3000]
    upper = len(extractor._UPPER.findall(sample))
    if upper * 100 > len(sample):
        return text
    letters = len(extractor._LETTER.findall(sample))
    if letters < 40 or upper / letters > 0.01:
        return text
    chars = list(text)
    proper, never = extractor._proper(active()), places.not_places()
    for m in extractor._LOWER_WORD.finditer(text):
        base = m.group(0).removesuffix("'s")
        if base in proper or (
            len(base) >= 4 and places.canonical(base) is not None and base not in never
        ):
            chars[m.start()] = m.group(0)[0].upper()
    for m in extractor._SENTENCE_START.finditer(text):
        chars[m.start()] = chars[m.start()].upper()
    return "".join(chars)


def test_recasing_stops_counting_capitals_where_the_count_decides() -> None:
    rnd = random.Random(59)
    words = ["shusha", "the", "army", "said", "x", "Aghdam", "Q", "É"]
    texts = [t.lower() for t in _devset_texts()[:20]]
    for _ in range(800):
        size = rnd.choice([5, 40, 99, 100, 101, 250, 700])
        caps = rnd.choice([0.0, 0.05, 0.2, 1.0, 5.0])  # the share of capitalised words varies
        chosen = rnd.choices(words, weights=[10, 10, 10, 10, 10, caps, caps, caps], k=size)
        texts.append(". ".join(chosen))
    kept = sum(extractor.recase(t) == t for t in texts)
    assert 0 < kept < len(texts)
    for text in texts:
        assert extractor.recase(text) == _recase_as_written(text)


def test_a_casualty_word_lower_cased_is_of_the_same_kind() -> None:
    for text in _devset_texts():
        for m in casualties._KILL_OR_INJ.finditer(text):
            word = m.group(0)
            assert casualties._kind(word.lower()) == casualties._kind(word), word


#: The gate ``find_dates`` read before its candidates (a date holds one of these).
_DATE_HINT = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|today|"
    r"tonight|overnight|yesterday|this|last|past|ago|earlier|the day|a day|the previous|morning)",
    re.I,
)


def test_dates_and_clock_times_are_none_where_their_old_gates_found_nothing() -> None:
    published = datetime(2020, 10, 20, tzinfo=UTC)
    rnd = random.Random(61)
    gated = 0
    for text in _devset_texts():
        for variant in (text, text.lower(), text.upper()):
            for _ in range(40):
                a = rnd.randint(0, len(variant))
                b = min(len(variant), a + rnd.randint(0, 300))
                if _DATE_HINT.search(variant, a, b) is None:
                    gated += 1
                    assert timeexpr.find_dates(variant, a, b, published, "+04:00") == []
                if timeexpr._CLOCK_HINT.search(variant, a, b) is None:
                    assert timeexpr.find_clock(variant, a, b, "+04:00") == []
    assert gated


def test_announcements_read_after_the_mentions_are_the_ones_read_afresh() -> None:
    published = datetime(2020, 10, 20, tzinfo=UTC)
    read = 0
    for text in _devset_texts():
        for a, b in sentences(text):
            if "truce" not in text[a:b].lower() and "ceasefire" not in text[a:b].lower():
                continue
            ctx = DocContext(published=published, tz="+04:00")
            fresh = truces.find_announcement(Sentence.build(text, a, b, published, "+04:00"), ctx)
            sent = Sentence.build(text, a, b, published, "+04:00")
            truces._windows(sent)
            ctx = DocContext(published=published, tz="+04:00")
            assert repr(truces.find_announcement(sent, ctx)) == repr(fresh)
            read += 1
    assert read


#: The alternatives of ``STRONG`` as extractor v7 wrote them: groups opening with a look-behind
#: or a list of words, which ``factored`` cannot group by their first letter.
_STRONG_AS_MERGED = (
    r"shelled|shells|bombarded|bombards|bombed|attacked|attacks|attacking|fired (?:[\w-]+ ){0,2}(?:on|at|upon|into|toward|towards)|hit (?:the |a )?(?:village|town|city|positions?|areas?|district|region)|"
    r"opened fire|fire (?:on|at)|firing (?:on|at)|struck|hit by|hit with|were hit|was hit|targeted|targeting (?:the |civilian |residential )?"
    r"(?:village|town|city|positions|settlements?|areas?)|came under|come under|comes under|coming under|under (?:[\w-]+ )?(?:fire|attack|shelling|bombardment|rocket|missile|artillery)|cross(?:ed|ing) the border|"
    r"cross(?:ed|ing) into (?:the )?(?:[\w'-]+ ){0,2}(?:territory|territories|zone|area)|"
    r"(?:attempt(?:ed|ing|s)?|tried|trying|tries) to cross the (?:line of contact|contact line|border)|"
    r"(?:violated|violating|violates|breached|breaching)(?! (?:the |its |their )?(?:[\w-]+ ){0,2}(?:provisions|requirements|terms|obligations|commitments|rights|norms|principles))|"
    r"(?:broke|broken|breaking|breaks) (?:the |a |its |their )?(?:humanitarian |new |latest |truce |ceasefire )?"
    r"(?:cease-?fire|truce|agreement|armistice)|broken(?= by )|"
    r"sniper (?:shots?|fire) (?:of|from|by)|"
    r"snipers? (?:had |has |have )?(?:shot|killed|wounded|injured)|sniper fire opened by|"
    r"(?:not|failing to|failed to|refusing to|refused to) (?:observ|respect|compl|adher|hono|practi)\w* "
    r"(?:with |to )?(?:the |a )?(?:new |humanitarian )*(?:cease-?fire|truce)|"
    r"launch(?:ed|ing|es)? (?:an? |a new |new )?(?:full-scale |massive )?(?:attack|offensive|strike|assault|missile|rocket|drone|artillery)|ambushed|raided|"
    r"rocket(?:ed|ing)|(?:started|began|begun|opened|resumed|continued) (?:to )?(?:fir(?:e|ing)|shell(?:ing)?|attack(?:ing)?)|"
    r"fir(?:ed|ing) in the direction of|fired (?:again|once again|anew|repeatedly|intermittently)|"
    r"shot at|shooting at|stormed|continu\w* (?:firing|shooting|shelling|attacks|to (?:fire|shell|attack))|"
    r"fired from|fired (?:[\w-]+ ){0,2}(?:shells?|rockets?|missiles?|mortars?|rounds|shots|weapons|ammunition|bullets|grenades)|"
    r"(?<!there )(?:was|were|is|are|been) (?:shelling|bombarding|bombing|targeting|firing (?:on|at|upon|into))|shot (?:dead )?by|(?:fire|shots) (?:was|were|had been|has been) (?:opened|fired)|(?:fatally|mortally) shot|shot dead(?! by)|invad(?:ed|ing|es)(?! (?:by|from)\b)|entered (?:the )?(?:[\w'-]+ ){0,2}(?:zone|area) of (?:responsibility|control)|cross(?:ed|ing) the (?:line of contact|contact line)|"
    r"(?:killed|wounded|injured) by(?= (?:an? |the )?(?:[\w-]+ )?(?:armenian|azerbaijani|azeri|enemy|artsakh|karabakh|separatist)s?\b)|"
    r"stag(?:ed|ing|es|e) (?:an? |the )?(?:[\w-]+ )?(?:offensive|attack|assault|provocation|raid)s?|"
    r"(?:carried|carries|carrying) out (?:an? |the )?(?:[\w-]+ ){0,2}(?:attacks?|strikes?|assaults?|raids?|shelling|bombardments?)|"
    r"(?:attacks?|strikes?|assaults?|raids?|shelling|bombardments?|(?:military|anti-terror(?:ist)?) operations?) (?:carried out|conducted|launched|staged) by|"
    r"us(?:ed|ing|es) (?:[\w-]+ ){0,3}(?:artillery|mortars?|drones?|rockets?|missiles?|howitzers|tanks|grenade launchers|sniper rifles|large-calibre weapons|aviation)(?! (?:to|for) (?:suppress|silence|respond))|"
    r"subjected (?:[\w-]+ ){0,8}to (?:[\w-]+ )?(?:fire|shelling|bombardment|attack|strikes?)|subjected to (?:fire|shelling|bombardment)"
)


def test_strong_alternatives_opening_with_their_letters_find_what_they_found_as_merged() -> None:
    # "(?<!there )(?:was|...) X" is "w(?<!there w)(?:as|ere) X|..." and "(?:a|b) X" is
    # "a X|b X": the same alternatives in the same order, now grouped by their letters
    plain = re.compile(r"\b(?:" + _STRONG_AS_MERGED + r")\b", re.I)
    lowered_plain = lowered(plain)
    samples = [
        "there was shelling",
        "There were firing at",
        "troops were shelling the town",
        "it is targeting",
        "they are bombing",
        "there are bombing",
        "had been firing upon",
        "the attack carried out by",
        "anti-terrorist operation conducted by",
        "carrying out the new air strikes",
        "violated the terms",
        "breaching its many commitments",
        "breaching the line",
        "continued to fire",
        "began shelling",
        "was killed by an Armenian sniper",
        "wounded by the enemy",
        "troops invaded the village",
        "entered the zone of responsibility",
        "a sniper fatally shot a farmer",
        "shot dead a man",
        "shot dead by a sniper",
        "fire was opened from the other side",
        "had broken the humanitarian truce",
        "the truce was broken by the army",
    ]
    for text in [*samples, *_devset_texts()]:
        for variant in (text, text.lower(), text.upper()):
            _finds_the_same(STRONG, plain, variant)
        low = lower_ascii(text)
        if low.isascii():
            _finds_the_same(claims._STRONG_LOW, lowered_plain, low)


def _finds_the_same(fast: re.Pattern[str], plain: re.Pattern[str], text: str) -> None:
    want = [(m.span(), m.group(0)) for m in plain.finditer(text)]
    assert [(m.span(), m.group(0)) for m in fast.finditer(text)] == want, text[:200]


def test_planned_attacks_and_brokers_need_their_short_words_before_them() -> None:
    # the gates of ``find_violation``: no "to" (lower-cased), no planned attack; no "by", no
    # broker; each pattern read on the windows the gates pass over finds nothing
    rnd = random.Random(23)
    samples = ["their plan to launch", "PLANS TO shell", "mediated BY the", "brokered bY The "]
    for text in [*samples, *_devset_texts()]:
        for variant in (text, text.upper()):
            low = lower_ascii(variant)
            for _ in range(60):
                a = rnd.randint(0, len(variant))
                b = min(len(variant), a + rnd.randint(0, 45))
                if low.find("to", a, b) < 0:
                    assert claims._IRREALIS_LOW.search(low, a, b) is None
                want = claims._BROKER_BY.search(variant, a, b) is not None
                assert claims._brokered(variant, low, a, b) == want
            assert claims._brokered(variant, low, 0, len(variant)) == (
                claims._BROKER_BY.search(variant) is not None
            )


def test_fighting_is_read_only_in_sentences_with_its_nouns() -> None:
    published = datetime(2020, 10, 1, tzinfo=UTC)
    samples = ["Clashes there were fierce.", "FIREFIGHTS", "an exchange of fire", "calm"]
    for text in [*samples, *_devset_texts()]:
        for variant in (text, text.upper()):
            low = lower_ascii(variant)
            for a, b in sentences(variant):
                sent = Sentence.build(variant, a, b, published, "+04:00")
                found = [m.span() for m in claims._WEAK_LOW.finditer(low, a, b)]
                if not sent.has(claims._WEAK_WORDS):
                    assert found == []
                    assert claims.WEAK.search(variant, a, b) is None


#: The alternatives of ``SPEECH`` as written before they all opened with their letters.
_SPEECH_AS_MERGED = _SPEECH_CUES[: _SPEECH_CUES.index("mentioned|")] + (
    r"mentioned|revealed|disclosed|asserted|reiterated|vowed|vows|swore|has sworn|have sworn|detailed|"
    r"(?:issued|released|published|made) a statement|"
    r"(?:has |have |had )(?:recorded|registered)|"
    r"(?:recorded|registered)(?= (?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|multiple|numerous) (?:[\w-]+ ){0,2}(?:violations?|breach(?:es)?|incidents?)\b)|"
    r"(?i:according to)|(?i:as per)|citing|quoting|learned from|learnt from|in a statement(?! (?:issued |released |published |posted )?by)|quoted|"
    r"(?:statement|report|message|post) (?:issued |released |published |posted )?by|"
    r"(?:stated|said|reported|announced|noted) by"
)


def test_speech_cues_opening_with_their_letters_find_what_they_found_as_merged() -> None:
    # "(?i:according to)" is "a(?i:ccording to)|A(?i:ccording to)" (only "A" folds to "a")
    # and "(?:a|b) X" is "a X|b X": the same alternatives in the same order
    plain = re.compile(r"\b(?:" + _SPEECH_AS_MERGED + r")\b")
    samples = [
        "ACCORDING TO him",
        "According to",
        "aCcOrDiNg to",
        "As per the",
        "a statement released by",
        "the report published by",
        "as noted by",
        "has recorded",
        "had registered",
        "made a statement",
    ]
    for text in [*samples, *_devset_texts()]:
        for variant in (text, text.lower(), text.upper()):
            _finds_the_same(SPEECH, plain, variant)


def test_truce_windows_passed_over_without_their_needles_name_no_such_truce() -> None:
    rnd = random.Random(61)
    patterns = [truces._UNKNOWN_LATE.compiled(), truces._HUMANITARIAN]
    samples = ["since LAST SEPTEMBER", "the September 2022 truce", "a Humanitarian  cease-fire"]
    for text in [*samples, *_devset_texts()]:
        for variant in (text, text.lower(), text.upper()):
            for _ in range(20):
                a = rnd.randint(0, len(variant))
                window = variant[a : a + rnd.randint(0, 200)]
                low = window.lower() if folds_safely(window) else None
                for rx in patterns:
                    assert truces._found(rx, window, low) == (rx.search(window) is not None)


def test_the_tables_read_in_one_look_up_are_the_packs_own() -> None:
    pack = active()
    exact, _, longest = places._index_of(pack)
    assert places._find_tables(pack) == (
        exact,
        longest,
        places._multi_first_of(pack),
        places.not_places(pack),
        places._water_of(pack),
    )
    found, meta, starts, table = actor_tables(pack)
    assert found is _candidates(pack)
    assert meta == actor_pattern(pack)[1]
    assert starts == actor_starts(pack)
    assert table is actor_opening_table(pack)


def _ascii_read_patterns() -> list[re.Pattern[str]]:
    """The patterns the extractor reads through ``on_ascii``."""
    from tracker.extract import actors, attribution

    pack = active()
    found = [
        SPEECH,
        ACCUSE,
        claims._BACK_CUE,
        claims._STRONG_LOW,
        claims._NOUN_LOW,
        claims._DENY_LOW,
        lowered(numbers._NUMBER),
        numbers._NUMBER_STARTS,
        places._TOKEN,
        lowered(timeexpr._DATE_RX),
        timeexpr._date_candidates(),
        lowered(timeexpr._CLOCK_RX.compiled()),
        lowered(timeexpr._CLOCK_HINT),
        lowered(truces.MENTION.compiled()),
        truces._UNKNOWN.compiled(),
        lowered(PHOTO_CAPTION),
        lowered(extractor._RUNNING_TOLL),
        lowered(attribution._EVENTFUL),
        text_module._BOUNDARY,
        text_module._PREV_WORD,
        _candidates(pack),
    ]
    found += [actors._by_opening(pack, key) for key in ("the", "Arm", "Aze", "Min", "for")]
    return found


def _same_reading(
    rx: re.Pattern[str], fast: re.Pattern[str], text: str, rnd: random.Random
) -> None:
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
        (m.span(), m.groups()) for m in rx.finditer(text)
    ], (rx.pattern[:60], text[:80])
    for _ in range(5):
        a = rnd.randint(0, len(text))
        b = rnd.randint(a, len(text))
        want, got = rx.match(text, a, b), fast.match(text, a, b)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
        want, got = rx.search(text, a, b), fast.search(text, a, b)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))


def test_ascii_copies_read_ascii_text_as_the_patterns_do() -> None:
    rnd = random.Random(67)
    patterns = _ascii_read_patterns()
    assert all(ascii_copy(rx) is not rx for rx in patterns)  # each is read faster
    alphabet = "aAkKsSiI9 0_-.'\",;:()\n\t\x0b\x0c\rThe said shelled Armenian 12 May"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 80))) for _ in range(300)]
    for text in [*texts, *_devset_texts()]:
        for variant in (text, text.upper()):
            if not reads_ascii(variant):
                assert all(on_ascii(rx, variant) is rx for rx in patterns[:3])
                continue
            for rx in patterns:
                assert on_ascii(rx, variant) is ascii_copy(rx)
                _same_reading(rx, ascii_copy(rx), variant, rnd)


def test_patterns_whose_case_blind_parts_fold_beyond_ascii_are_not_copied() -> None:
    # K (the Kelvin sign), long s and dotless i fold to ASCII letters in Unicode matching:
    # an ASCII copy would miss "k", "s", "I" where the pattern finds them
    for pattern, text in (
        ("(?i)\u212a", "k"),
        ("(?i:x[\u0100-\u017f])", "xS"),
        ("a(?=(?i:\u0131))", "aI"),
        ("(?i)[^\u212a]", "k"),
    ):
        rx = re.compile(pattern)
        assert ascii_copy(rx) is rx
        assert (on_ascii(rx, text).search(text) is None) == (rx.search(text) is None)
    assert ascii_copy(re.compile("(?u)\\w")).flags & re.UNICODE
    assert not reads_ascii("a\x1cb")  # white space to Unicode \s, not to ASCII \s
    assert not reads_ascii("a\x1f")
    assert not reads_ascii("café")
    assert reads_ascii("cafe\x0b\x0c")


@on_the_sources
def test_alternatives_kept_by_the_word_after_the_match_as_all_of_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tracker.extract import actors

    pack = active()
    whole = actor_pattern(pack)[0]
    rnd = random.Random(71)
    names = [
        "State Border Service",
        "separatists",
        "Ministry of Defence",
        "ministry",
        "Kremlin",
        "UN",
        "U.N.",
        "United Nations",
        "OSCE",
        "Minsk Group",
        "United States",
        "U.S.",
        "White House",
        "Elysee",
        "authorities",
        "defence ministry",
        "Armenian forces",
        "Sta",
        "Azerbaijani army",
        "National Security Service",
        "Min",
        "fighting",
        "a",
        "Un",
    ]
    spaces = [" ", "  ", "\n", "\u00a0", "\t "]
    texts = [
        " ".join(
            rnd.choice(["The", "the", "THE", "said", "Armenian"])
            + rnd.choice(spaces)
            + rnd.choice(names)
            + rnd.choice([".", ",", "", "-led", "'s"])
            for _ in range(rnd.randint(1, 6))
        )
        for _ in range(400)
    ]
    texts += _devset_texts()
    tried = 0
    for text in texts:
        for m in re.finditer(r"(?<![\w'.-])(?i:the)(?![\w'.-])", text):
            after = actors._AFTER_THE.match(text, m.end())
            if after is None:
                continue
            key = text[m.start() : after.end()]
            kept = actors._by_opening(pack, key)
            for rx in (kept, ascii_copy(kept)) if reads_ascii(text) else (kept,):
                want, got = whole.match(text, m.start()), rx.match(text, m.start())
                assert (got and (got.span(), got.lastgroup)) == (
                    want and (want.span(), want.lastgroup)
                ), key
            tried += 1
    assert tried > 1000
    found = [find_actors(text) for text in texts]
    assert any(found)
    # the plain code: every key the three characters at the word
    monkeypatch.setattr(actors, "_AFTER_THE", re.compile(r"(?!)"))
    actor_opening_table(pack).clear()
    assert [find_actors(text) for text in texts] == found
    actor_opening_table(pack).clear()


def test_a_relaying_segment_passed_over_by_its_last_word_is_no_media_segment() -> None:
    rnd = random.Random(29)
    vocab = [
        "the", "The", "ARKA", "News", "news", "Agency", "agency", "TV", "AP", "AFP", "Reuters",
        "Post", "Times", "Sputnik", "Service", "Interfax", "TASS", "Press", "Radio", "has",
        "said", "Trend", "a.b-c", "APs", "hasn't", "officials",
    ]  # fmt: skip
    segments = [
        rnd.choice(("", "the "))
        + rnd.choice((" ", "  ", "\t", "\u00a0")).join(rnd.choices(vocab, k=rnd.randint(1, 5)))
        for _ in range(3000)
    ]
    for text in _devset_texts():
        for m in re.finditer(",", text):
            segments.append(text[m.end() : m.end() + rnd.randint(1, 60)].strip())
    matched = 0
    for seg in segments:
        want = attribution._MEDIA_SEGMENT.fullmatch(seg) is not None
        assert attribution.media_segment(seg) == want, seg
        matched += want
    assert matched > 100


def _cue_kind_as_written(word: str) -> int:
    """The checks ``speakers`` made on a cue's words, in their order."""
    if word in ("reports", "claims", "estimates", "states", "report", "claim"):
        return attribution._NOUN_CUE
    if word in ("informed", "informs"):
        return attribution._INFORMED_CUE
    if word in ("reads", "read"):
        return attribution._READS_CUE
    if word in ("alleged", "claimed"):
        return attribution._ALLEGED_CUE
    sources = ("according to", "as per", "citing", "quoting", "referring to", "learned from")
    if word.lower() in (*sources, "learnt from") or word.endswith(" by"):
        return attribution._SOURCE_CUE
    return attribution._VERB_CUE


def test_the_kind_of_a_speech_cue_kept_by_its_words_is_the_one_its_checks_give() -> None:
    words = {"According to", "AS PER", "quoted by", "Reports", "reads", "alleged", "informs"}
    for text in _devset_texts():
        words.update(m.group(0) for m in SPEECH.finditer(text))
    assert len(words) > 40
    kinds = {attribution.cue_kind(w) for w in words}
    assert len(kinds) == 6
    for word in sorted(words):
        assert attribution.cue_kind(word) == _cue_kind_as_written(word), word


def test_a_clock_may_start_exactly_where_the_lowered_hint_matches() -> None:
    plain = lowered(timeexpr._CLOCK_HINT)
    rnd = random.Random(83)
    alphabet = "noidmagh t1٣9:.N"  # letters of the words, a digit outside ASCII, capitals
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    texts += ["noon", "at midday", "midnigh", "mid day", "NOON", "n0on", "midnight.", ""]
    for text in _devset_texts():
        texts += text.splitlines()
    for text in texts:
        low = lower_ascii(text)
        for rx in {plain, on_ascii(plain, low)}:
            for _ in range(3):
                a = rnd.randint(0, len(low))
                b = rnd.randint(a, len(low))
                found = rx.search(low, a, b) is not None
                assert timeexpr.clock_may_start(low, a, b) == found, (text, a, b)
            assert timeexpr.clock_may_start(low, 0, len(low)) == (rx.search(low) is not None)


def _qualifier_as_written(text: str, pos: int) -> str:
    window = text[max(0, pos - 40) : pos]
    window = numbers._OPEN_END.sub("", window).rstrip()
    window = numbers._TOTAL_END.sub("", window).rstrip()
    return next((q for rx, q in numbers._QUAL_RE if rx.search(window)), "exact")


def test_a_qualifier_read_off_the_window_end_is_the_one_its_pattern_finds() -> None:
    words = [w for pat, _ in numbers._QUALIFIERS for w in pat.split("|")]
    assert all(re.fullmatch(r"[a-z]+(?: [a-z]+)*", w) for w in words)
    rnd = random.Random(89)
    pieces = [*words, *numbers._TOTAL_WORDS, "bathe", "x", "_", "9", "é", "\u212a", "ſ", "ı"]
    pieces += ["handsome", " ", "  ", "\n", ",", "(", ", (", "\u2028"]
    texts = []
    for _ in range(4000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        text = rnd.choice((text, text.upper(), text.title()))
        texts.append(text + rnd.choice((" ", "", ", ", "(", " (")) + "12")
    for text in _devset_texts():
        texts += [line for line in text.splitlines() if any(c.isdigit() for c in line)]
    read = 0
    for text in texts:
        for at in [m.start() for m in re.finditer(r"\d+", text)]:
            assert numbers.qualifier_before(text, at) == _qualifier_as_written(text, at), text
            read += numbers.qualifier_before(text, at) != "exact"
    assert read > 100


def test_needles_of_a_short_word_between_spaces_give_way_to_rarer_ones() -> None:
    # " by " is four characters but one short word: the verbs or the places are rarer
    rx = re.compile(r"(?:brokered|mediated) by (?:France|Paris)", re.I)
    assert needles(rx) is not None and " by " not in needles(rx)
    brokers = [b for _, b in truces._brokers()]
    assert all(needles(b) is not None and " by " not in needles(b) for b in brokers)
    rnd = random.Random(97)
    read = 0
    for text in [*_devset_texts(), "Brokered BY France.", "mediated by  Paris"]:
        for variant in (text, text.lower(), text.upper()):
            low = variant.lower() if folds_safely(variant) else None
            for _ in range(30):
                a = rnd.randint(0, len(variant))
                b = min(len(variant), a + rnd.randint(0, 300))
                for pattern in [rx, *brokers]:
                    if not may_search(pattern, low, a, b):
                        read += 1
                        assert pattern.search(variant, a, b) is None, (pattern.pattern, a, b)
    assert read


def test_a_back_cue_speaker_is_searched_for_only_where_one_can_end_the_window() -> None:
    plain = lowered(claims._BACK_WHO)
    rnd = random.Random(101)
    words = ["the", "ministry", "MoD", "spokeswoman", "press secretary", "it", "she", "has"]
    words += ["have", "x", ",", '"', "  ", "\n", "thehas", "said", "secretaryhave", "\x1c"]
    texts = [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 7))) for _ in range(3000)]
    texts += [t + " " for t in texts]
    for text in _devset_texts():
        texts += text.splitlines()
    passed = 0
    for text in texts:
        low = lower_ascii(text)
        for rx in {plain, on_ascii(plain, low)}:
            for _ in range(4):
                hi = rnd.randint(0, len(low))
                lo = max(0, hi - rnd.randint(0, 48))
                if not claims._may_end_with_who(low, lo, hi):
                    passed += 1
                    assert rx.search(low, lo, hi) is None, (text, lo, hi)
    assert passed


def test_candidates_read_in_two_parts_are_the_ones_the_scan_finds() -> None:
    scans = [
        (_candidates(active()), actors._candidate_scans(active())),
        (SPEECH, attribution._speech_scans()),
    ]
    rnd = random.Random(103)
    pieces = ["Armenian", "the", "The", "analysts", "army", "A", "x", "É", "Ü", "'", ".", "-"]
    pieces += [" ", "  ", "\n", ",", "U.S.", "d'", "9", "12", "_", "armed-", "ФБР", "oct", "in"]
    pieces += ["said", "said by", "According to", "told", "reports", "stated", "ſaid"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(2000)]
    for text in _devset_texts():
        texts += text.splitlines()
    for text in texts:
        for variant in (text, text.lower(), text.upper()):
            a = rnd.randint(0, len(variant))
            for b in (rnd.randint(a, len(variant)), len(variant)):
                for plain, (split, ascii_split) in scans:
                    want = [m.span() for m in plain.finditer(variant, a, b)]
                    parts = [split] + ([ascii_split] if reads_ascii(variant) else [])
                    for first, after in parts:
                        found = text_module.split_scan(first, after, variant, a, b)
                        assert [m.span(1) for m in found] == want, (variant, a, b)


def test_the_gate_read_by_words_between_white_space_is_the_scan() -> None:
    # every ASCII white-space character `str.split` cuts at, punctuation glued to words,
    # keywords with spaces and apostrophes: the words' kept keywords give the scan's set
    gate = KeywordGate()
    gate.wordset((*attribution._GATE.state[1], *WORDS, "as per", "n't have", "-out"))
    known = gate.state[1]
    rnd = random.Random(107)
    pieces = ["said", "shelled", "as", "per", "n't", "have", "die", "a", "statement", "out"]
    pieces += ["-", "'", ",", ".", '"', "x", "said,", "(per", " ", "  ", "\t", "\n", "\r"]
    pieces += ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 16))) for _ in range(3000)]
    for text in _devset_texts():
        texts += [line.lower() for line in text.splitlines() if line.isascii()]
    for text in texts:
        if not text.isascii():
            continue
        assert gate.present(text) == gate._scan(text), text
        assert gate.present(text)[1] == {w for w in known if w in text}, text
    index = gate._runs
    assert index is not None
    for word, kept in list(index.words.items())[:2000]:
        runs = word.translate(text_module._ASCII_SPACES).split()
        assert kept == frozenset().union(*(index.runs[r] for r in runs)), word


def test_the_english_check_lowers_and_splits_in_one_pass_as_in_two() -> None:
    table = text_module._ASCII_LOWER_SPACES
    sample = "".join(chr(c) for c in range(128)) * 2
    assert sample.translate(table) == sample.lower().translate(text_module._ASCII_SPACES)
    rnd = random.Random(109)
    words = ["the", "of", "and", "Shusha", "Aghdam", "drone", "x", "to", "in", "IT", "1990"]
    for _ in range(2000):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 80)))
        low = text.lower().translate(text_module._ASCII_SPACES).split()
        plain: str | None = None
        if not low:
            plain = "empty"
        elif len(low) >= 15 and sum(w in text_module._STOPWORDS for w in low) / len(low) < 0.08:
            plain = "not English (few English function words)"
        assert text_module.language_problem(text) == plain, text


def test_kept_name_keys_are_the_words_folded_afresh() -> None:
    texts = _devset_texts()
    groups = {" ".join(t.split()[i : i + 3]) for t in texts for i in range(0, 400, 7)}
    for words in [*sorted(groups), "Nagorno-Karabakh's", "Şuşa’s", "Gəncə'", "İsmayıllı"]:
        assert places._name_key(words) == places._name_key.__wrapped__(words), words
        bare = words.rstrip("'’").removesuffix("'s").removesuffix("’s")
        assert places._name_key(words) == places.fold(bare), words


def test_figures_of_the_sentence_before_are_read_only_when_one_is_the_writers() -> None:
    text = "Two soldiers were killed. The ministry said that the attack came at night."
    published = datetime(2020, 10, 12, tzinfo=UTC)
    first = (0, 25)
    claim = CasualtyClaim("unattributed", "", "ARM", "military", 2, "", "Two soldiers", (0, 3))
    named = replace(claim, claimant="AZE")
    elsewhere = replace(claim, span=(40, 45))
    for figures in ([named], [elsewhere], [named, elsewhere], []):
        sent = Sentence.build(text, 26, len(text), published, "+04:00")
        kept = list(figures)
        extractor._figures_sourced_after(kept, first, sent)
        assert kept == figures
        assert not any(extractor._writers_figure(c, first) for c in figures)
        assert sent._actors is None  # no source looked for
    assert extractor._writers_figure(claim, first)


@on_the_sources
def test_attack_nouns_are_read_only_where_no_strong_word_counts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[re.Pattern[str]] = []
    plain_on_ascii = claims.on_ascii

    def recording(rx: re.Pattern[str], text: str) -> re.Pattern[str]:
        read.append(rx)
        return plain_on_ascii(rx, text)

    monkeypatch.setattr(claims, "on_ascii", recording)
    published = datetime(2020, 10, 12, tzinfo=UTC)
    ctx = DocContext(published=published, tz="+04:00")
    strong = "Azerbaijani forces shelled the village, and the attack and clashes went on."
    noun = "The attack on the village by Azerbaijani forces and the clashes went on."
    for text, nouns_read in ((strong, False), (noun, True)):
        read.clear()
        sent = Sentence.build(text, 0, len(text), published, "+04:00")
        assert claims._strong_matches(sent) if not nouns_read else not claims._strong_matches(sent)
        claims.find_violation(sent, ctx, [])
        assert (claims._NOUN_LOW in read) is nouns_read, text


def test_the_ascii_union_of_kept_alternatives_is_the_copy_of_the_union() -> None:
    from tracker.extract import actors

    pack = active()
    for key in ("the", "The Def", "the Arm", "Arm", "Aze", "Min", "for", "Kar", "Ste", "Ил"):
        keep = actors._keep_at(pack, key)
        kept = actors._kept_pattern(pack, keep)
        assert actors._by_opening(pack, key) is kept
        want, got = ascii_copy(kept), actors._kept_ascii(pack, keep)
        assert (got.pattern, got.flags) == (want.pattern, want.flags), key


def test_ascii_text_compiles_only_the_ascii_copies_of_the_actor_patterns() -> None:
    pack = active()
    table = actor_opening_table(pack)
    table.clear()
    text = "The Armenian Defence Ministry said Azerbaijani forces shelled Martuni overnight."
    mentions = find_actors(text)
    assert [m.code for m in mentions][:2] == ["AM", "AZ"]
    assert table and all(unicode is None and fast is not None for unicode, fast in table.values())
    # non-ASCII text fills the other copy, and reads the same mentions
    assert [m.code for m in find_actors(text + " «»")][:2] == ["AM", "AZ"]
    assert any(unicode is not None for unicode, _ in table.values())
    table.clear()
