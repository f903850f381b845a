"""The extractor's fast paths give what the plain code they stand for gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from tracker.extract import text as text_module
from tracker.extract.attribution import Sentence, keywords
from tracker.extract.claims import VIOLENCE_WORDS
from tracker.extract.lang import reader as ru_reader
from tracker.extract.text import _CHARMAP, KeywordGate, clean, finditer_near

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
    for rx, marks, reach in (
        (text_module._BOUNDARY, text_module._BOUNDARY_MARK, text_module._BOUNDARY_REACH),
        (ru_reader._BOUNDARY, ru_reader._BOUNDARY_MARK, 0),
    ):
        for text in texts:
            found = [m.span() for m in finditer_near(rx, marks, reach, text)]
            assert found == [m.span() for m in rx.finditer(text)], repr(text)


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
