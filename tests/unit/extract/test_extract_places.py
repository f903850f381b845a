"""The gazetteer's consistency and the guards of place-name matching."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tracker.extract.places import (
    canonical,
    find_places,
    fold,
    fuzzy_lookup,
    gazetteer,
    translit_key,
)


def _names(text: str) -> list[str]:
    return [p.name for p in find_places(text)]


def test_no_alias_names_two_places() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for place in gazetteer():
        for alias in (place.name, *place.aliases):
            key = fold(alias)
            if owner.setdefault(key, place.name) != place.name:
                clashes.append((alias, owner[key], place.name))
    assert clashes == []


def test_canonical_names_are_unique_and_map_to_themselves() -> None:
    names = [p.name for p in gazetteer()]
    assert len(names) == len(set(names))
    assert all(canonical(n) == n for n in names)


def _scripts(word: str) -> set[str]:
    out = set()
    for ch in word:
        if ch.isalpha():
            out.add(unicodedata.name(ch).split()[0])
    return out


def test_every_alias_word_is_written_in_one_script() -> None:
    # A Latin "o" typed in a Cyrillic name (or the reverse) would never match real text.
    mixed = [
        alias
        for place in gazetteer()
        for alias in (place.name, *place.aliases)
        for word in re.findall(r"\w+", alias)
        if len(_scripts(word)) > 1
    ]
    assert mixed == []


def test_the_gazetteer_covers_the_area_with_coordinates() -> None:
    entries = gazetteer()
    assert len(entries) >= 300
    regions = {p.region for p in entries}
    for region in ("Askeran district", "Hadrut district", "Syunik", "Gegharkunik", "Tavush"):
        assert region in regions
    for place in entries:
        assert 38.0 < place.lat < 42.0 and 44.0 < place.lon < 50.5, place.name


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Basarkechar", "Vardenis"),
        ("Zod", "Sotk"),
        ("Sotq", "Sotk"),
        ("Şuşakənd", "Shosh"),
        ("Fərrux", "Parukh"),
        ("Qaraqaya", "Karaglukh"),
        ("Кельбаджар", "Kelbajar"),
        ("Джебраил", "Jabrayil"),
        ("Gadrut", "Hadrut"),
        ("Kubatly", "Gubadli"),
        ("Takhlar", "Hin Tagher"),
        ("Red Market", "Karmir Shuka"),
        ("Lachin corridor", "Lachin"),
        ("Murovdağ", "Murovdag"),
        ("Nakhichevan", "Nakhchivan"),
    ],
)
def test_toponyms_of_both_sides_and_scripts_name_one_place(alias: str, name: str) -> None:
    assert canonical(alias) == name


def test_transliteration_variants_share_a_key() -> None:
    assert translit_key("Khankendi") == translit_key("Xankendi")
    assert translit_key("Djebrail") == translit_key("Jebrayil")
    assert translit_key("Gadrout") == translit_key("Gadrut")


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("Kalbadzhar", "Kelbajar"),
        ("Khadrut", "Hadrut"),
        ("Zangilann", "Zangilan"),
        ("Shurnoukh", "Shurnukh"),
    ],
)
def test_spellings_with_other_letters_for_a_sound_match(word: str, name: str) -> None:
    hit = fuzzy_lookup(word)
    assert hit is not None and hit[0] == name


@pytest.mark.parametrize("word", ["Shelling", "Shellings", "Ayvazyan", "Mirzoyan", "Berating"])
def test_english_words_and_surnames_are_not_misspelt_places(word: str) -> None:
    assert fuzzy_lookup(word) is None


def test_a_first_name_before_a_surname_is_a_person() -> None:
    assert _names("Spokesperson Shushan Hakobyan said Goris was calm.") == ["Goris"]
    assert _names("Foreign Minister Ararat Petrosyan met envoys in Kapan.") == ["Kapan"]


def test_short_names_need_title_case_and_no_sentence_start() -> None:
    assert _names("Shells landed near Kut and Tegh overnight.") == ["Kut", "Tegh"]
    assert _names("THE SUR REPORT was published.") == []
    assert _names("Sos. The convoy moved on.") == []
    assert _names("Vank village came under fire.") == ["Vank"]
    assert _names("Kut, Sotk and Norabak were hit.") == ["Kut", "Sotk", "Norabak"]


def test_directions_with_misspelt_parts_name_every_place() -> None:
    assert _names("fire in the Fizuli-Jabraill and Agdere-Tartarr directions") == [
        "Fuzuli",
        "Jabrayil",
        "Martakert",
        "Terter",
    ]
    assert _names("a Shelling-Related report") == []


def test_both_toponyms_of_one_village_give_one_place_each() -> None:
    found = _names("the village of Karintak (Azerbaijani: Dashalti) near Shusha")
    assert found == ["Karin Tak", "Karin Tak", "Shushi"]


def test_villages_listed_with_their_district() -> None:
    text = "the villages of Khnapat and Dahrav of the Askeran district and Sos of Martuni"
    assert _names(text) == ["Khnapat", "Dahrav", "Askeran", "Sos", "Martuni"]


def test_a_namesake_far_from_the_district_of_its_list_is_dropped() -> None:
    text = "Agdam, Kirs and Boyuk settlements of the Shamkir region came under fire."
    assert _names(text) == ["Shamkir"]
    near = "the villages of Talish and Madagiz of the Tartar region"
    assert _names(near) == ["Talish", "Sugovushan", "Terter"]
    # (the province only says where the towns are: ``_IN_UNIT``)
    assert _names("Kapan and Meghri in the Syunik province") == ["Kapan", "Meghri"]


def test_the_far_side_of_a_border_is_no_place_of_the_incident() -> None:
    text = "shots at the Kut section of Armenia's border with Azerbaijan's Kalbajar district"
    assert _names(text) == ["Kut"]
    assert _names("positions along the border with Nakhchivan") == ["Nakhchivan"]


def test_a_unit_named_to_locate_the_place_before_it_is_left_out() -> None:
    assert _names("a shell fell near Julfa, in Azerbaijan's Nakhchivan region") == ["Julfa"]
    assert _names("near Kut, in the Gegharkunik province") == ["Kut"]
    # "the villages of A of the R region" names R as well.
    assert _names("the villages of Kut and Sotk of the Gegharkunik province") == [
        "Kut",
        "Sotk",
        "Gegharkunik",
    ]


def test_lakes_and_reservoirs_are_read_but_not_reported() -> None:
    assert _names("a post near Lake Sevan and the Sarsang reservoir") == []
    assert _names("Shells fell on Sevan and near the Khudaferin reservoir") == ["Sevan"]
    entry = next(p for p in gazetteer() if p.name == "Sarsang")
    assert entry.kind == "water"
    assert {p.kind for p in gazetteer()} == {"", "landmark", "water"}


def test_a_first_name_before_a_cyrillic_surname_is_a_person() -> None:
    assert _names("Глава МИД Шуши Арутюнян заявил, что обстреляли Горис.") == ["Goris"]


def test_a_district_of_a_larger_unit_is_the_place() -> None:
    assert _names("shots at posts in the Julfa district of the Nakhchivan Autonomous Republic") == [
        "Julfa"
    ]
    assert _names("the villages of Badara and Sghnakh of the Askeran region") == [
        "Badara",
        "Sghnakh",
        "Askeran",
    ]


@pytest.mark.parametrize(
    "sentence", ["Shell fragments were found.", "Moves to end the fighting failed."]
)
def test_a_first_word_of_a_sentence_is_not_read_as_a_misspelt_place(sentence: str) -> None:
    assert _names(sentence) == []


def test_a_misspelt_place_inside_a_sentence_is_read() -> None:
    assert _names("Shells hit Kalbadzhar and Khadrut overnight.") == ["Kelbajar", "Hadrut"]
