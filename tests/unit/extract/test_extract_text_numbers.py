"""Cleaning, sentence splitting, language guessing and numbers as written."""

from __future__ import annotations

import pytest

from tracker.extract.numbers import find_numbers, qualifier_before, words_to_int
from tracker.extract.text import clean, language_problem, sentences


def test_clean_keeps_offsets_and_blanks_markup() -> None:
    raw = (
        "<p>Baku&#8217;s &amp; Yerevan\u2019s <b>claims</b></p><script>var killed = 9000;</script>"
    )
    out = clean(raw)
    assert len(out) == len(raw)
    assert "<" not in out and "9000" not in out
    start = out.index("Yerevan's")
    assert raw[start : start + 7] == "Yerevan"


def test_sentences_respect_abbreviations_and_glued_sentences() -> None:
    text = "The U.S. envoy met Gen. Smith on Oct. 25 in Washington. Talks ended.Shelling resumed at 8 a.m. on Monday."
    parts = [text[a:b] for a, b in sentences(text)]
    assert parts == [
        "The U.S. envoy met Gen. Smith on Oct. 25 in Washington.",
        "Talks ended.",
        "Shelling resumed at 8 a.m. on Monday.",
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Министерство обороны заявило, что армянские силы обстреляли Тертер и Агдам сегодня утром.",
            "non-Latin",
        ),
        (
            "Le ministère de la Défense a accusé lundi les forces arméniennes d'avoir bombardé "
            "les districts de Terter et d'Aghdam, en violation du cessez-le-feu humanitaire conclu à Moscou.",
            "function words",
        ),
    ],
)
def test_other_languages_are_recognised(text: str, reason: str) -> None:
    problem = language_problem(text)
    assert problem is not None and reason in problem


def test_english_is_accepted_and_declared_language_wins() -> None:
    english = "The Azerbaijani Defence Ministry said Armenian forces shelled the town of Terter on Monday."
    assert language_problem(english) is None
    assert language_problem(english, "ru") == "not English (language ru)"


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("thirteen", 13),
        ("twenty-one", 21),
        ("one hundred and five", 105),
        ("two thousand three hundred", 2300),
        ("banana", None),
    ],
)
def test_words_to_int(words: str, value: int | None) -> None:
    assert words_to_int(words) == value


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("at least 1,166 soldiers", 1166, "at_least"),
        ("more than 5 000 deaths", 5000, "more_than"),
        ("nearly thirty people", 30, "nearly"),
        ("around 5,000 dead", 5000, "approximately"),
        ("up to twelve civilians", 12, "up_to"),
        ("hundreds of troops", 100, "hundreds"),
        ("dozens of civilians", 12, "dozens"),
        ("1.5 million people", 1_500_000, "exact"),
    ],
)
def test_numbers_with_qualifiers(text: str, value: int, qualifier: str) -> None:
    first = find_numbers(text)[0]
    assert (first.value, first.qualifier) == (value, qualifier)


def test_qualifier_only_binds_to_the_next_number() -> None:
    text = "left at least 65 civilians dead and 270 hurt"
    found = [(n.value, n.qualifier) for n in find_numbers(text)]
    assert found == [(65, "at_least"), (270, "exact")]
    assert qualifier_before("the toll exceeded ", len("the toll exceeded ")) == "more_than"
