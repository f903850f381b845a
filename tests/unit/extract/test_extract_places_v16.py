"""Places of violations in the shapes real copy gives them (extractor v16): misspellings by
swapped letters, Russian adjectives of places in Latin letters, a unit named after "in" to
locate a settlement, the city a story is filed from, and settlements of the border provinces.
Sentences written for these tests from the reference facts."""

from __future__ import annotations

import pytest

from tests.unit.extract.test_extract_unseen_copy_v8 import pub
from tracker.extract import extract
from tracker.extract.places import canonical, find_places, fuzzy_lookup


def _names(text: str) -> list[str]:
    return [p.name for p in find_places(text)]


def _violation_places(text: str, y: int, m: int, d: int) -> set[tuple[str, str, tuple[str, ...]]]:
    out = extract(text, published=pub(y, m, d), tz="+04:00")
    return {(v.accuser, v.accused, tuple(sorted(v.places))) for v in out.violations}


# Misspellings: two neighbouring letters swapped


@pytest.mark.parametrize(
    ("written", "name"),
    [("Jemruk", "Jermuk"), ("Hadrtu", "Hadrut"), ("Tertre", "Terter")],
)
def test_a_name_with_two_neighbouring_letters_swapped_is_the_place(written: str, name: str) -> None:
    assert fuzzy_lookup(written) == (name, 88.0)


def test_a_swap_reads_in_a_list_of_shelled_towns() -> None:
    text = (
        "Armenia's defence ministry said on Tuesday that Azerbaijani artillery had shelled "
        "Goris, Sotk and Jemruk after midnight."
    )
    assert _violation_places(text, 2022, 9, 13) == {("AM", "AZ", ("Goris", "Jermuk", "Sotk"))}


@pytest.mark.parametrize("word", ["Marble", "Gorsi", "Terrtor", "Bakery", "Stephen"])
def test_a_swap_needs_a_long_word_and_its_first_letter(word: str) -> None:
    # short words and words whose first letters differ stay words
    assert fuzzy_lookup(word) is None


# Russian adjectives of places written in Latin letters


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Martuninsky", "Martuni"),
        ("Askeranskiy", "Askeran"),
        ("Shushinsky", "Shushi"),
        ("Gadrutsky", "Hadrut"),
        ("Kelbajarsky", "Kelbajar"),
        ("Fizulinsky", "Fuzuli"),
        ("Khodzhavendskiy", "Martuni"),
        ("Khodzhaveskiy", "Martuni"),
    ],
)
def test_a_russian_adjective_in_latin_letters_names_its_place(written: str, name: str) -> None:
    hit = fuzzy_lookup(written)
    assert hit is not None and hit[0] == name


@pytest.mark.parametrize("word", ["Zelensky", "Kandinsky", "Whisky", "Dostoevsky"])
def test_names_of_people_ending_like_adjectives_are_no_places(word: str) -> None:
    assert fuzzy_lookup(word) is None


def test_a_district_written_as_a_russian_adjective_is_where_fire_fell() -> None:
    text = (
        "Karabakh's defence army said on Friday that Azerbaijani units had shelled villages "
        "of the Askeransky district."
    )
    assert _violation_places(text, 2023, 3, 10) == {("NK", "AZ", ("Askeran",))}


# A unit after "in" only says where the place before it is


@pytest.mark.parametrize(
    "text",
    [
        "On Monday Azerbaijani soldiers shot at Armenian troops by the village of Norabak in "
        "the Gegharkunik province, Armenia's defence ministry said.",
        "On Monday Azerbaijani soldiers shot at Armenian troops by the Norabak village in the "
        "Gegharkunik province, Armenia's defence ministry said.",
    ],
)
def test_a_province_after_in_only_locates_the_village(text: str) -> None:
    assert _names(text) == ["Norabak"]
    assert _violation_places(text, 2023, 5, 15) == {("AM", "AZ", ("Norabak",))}


def test_a_province_named_on_its_own_stays() -> None:
    text = "Azerbaijani troops fired on Armenian posts in the Gegharkunik province on Monday."
    assert _names(text) == ["Gegharkunik"]


def test_a_district_named_after_its_town_after_in_stays() -> None:
    # the shelled villages and their district are reported together
    text = "Azerbaijani units fired on Khtsaberd and Hin Tagher, two villages in the Hadrut region."
    assert _names(text) == ["Khtsaberd", "Hin Tagher", "Hadrut"]


# The city of the dateline is where the story was filed, not where fire fell


@pytest.mark.parametrize(
    "dateline",
    [
        "STEPANAKERT -- ",
        "SHUSHI, March 6 (AFP) - ",
        "Shushi (Artsakhpress) – ",
        "GORIS, Armenia, March 6 (Reuters) — ",
        "STEPANAKERT/GORIS — ",
    ],
)
def test_the_city_of_a_dateline_is_no_place_of_the_claim(dateline: str) -> None:
    text = dateline + "Karabakh's army said on Monday that Azerbaijani units shelled Martuni."
    assert _violation_places(text, 2023, 3, 7) == {("NK", "AZ", ("Martuni",))}


@pytest.mark.parametrize(
    "text",
    [
        "Hadrut - the shelling of the town went on all night.",
        "Azerbaijani units shelled Martuni, March 6 - the ministry said.",
    ],
)
def test_a_place_in_mixed_case_without_date_or_agency_or_inside_a_line_stays(text: str) -> None:
    assert _names(text) != []


# Settlements of the border provinces, their transliterations and their spellings in other scripts


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Bardzruni", "Bardzruni"),
        ("Бардзруни", "Bardzruni"),
        ("Yelpin", "Yelpin"),
        ("Elpin", "Yelpin"),
        ("Getap", "Getap"),
        ("Armash", "Armash"),
        ("Chouchi", "Shushi"),
        ("Kyrmyzy Bazar", "Karmir Shuka"),
        ("Yukhary Karadagly", "Yukhari Garadagli"),
        ("Tsovak", "Tsovak"),
        ("Ağalı", "Agali"),
        ("Aghali", "Agali"),
        ("Dondar Quşçu", "Dondar Gushchu"),
        ("Բարդա", "Barda"),
        ("Թովուզ", "Tovuz"),
        ("Գեդաբեկ", "Gadabay"),
        ("Ջանյաթաղ", "Janyatag"),
    ],
)
def test_settlements_of_the_border_and_their_spellings(alias: str, name: str) -> None:
    assert canonical(alias) == name


def test_a_soldier_shot_near_a_village_of_vayots_dzor() -> None:
    text = (
        "On Monday afternoon Azerbaijani soldiers shot at Armenian troops posted by the "
        "village of Bardzruni in the Vayots Dzor province, Armenia's defence ministry said."
    )
    assert _violation_places(text, 2023, 12, 4) == {("AM", "AZ", ("Bardzruni",))}
