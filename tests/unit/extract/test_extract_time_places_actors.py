"""Time expressions, the gazetteer and actor naming."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.extract.actors import find_actors
from tracker.extract.places import canonical, find_places, fuzzy_lookup, gazetteer, not_places
from tracker.extract.timeexpr import find_clock, find_dates, parse_tz, with_clock

TZ = "+04:00"
THURSDAY = datetime(2020, 10, 29, 9, 30, tzinfo=parse_tz(TZ))


def _first(text: str, published: datetime = THURSDAY) -> tuple[str | None, str]:
    found = find_dates(text, 0, len(text), published, TZ)
    assert found, text
    return found[0].time.date, found[0].time.precision


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("on Thursday", "2020-10-29", "day"),
        ("on Monday", "2020-10-26", "day"),
        ("last Thursday", "2020-10-22", "day"),
        ("overnight", "2020-10-29", "day"),
        ("yesterday", "2020-10-28", "day"),
        ("a day earlier", "2020-10-28", "day"),
        ("on Oct. 10", "2020-10-10", "day"),
        ("12 November 2020", "2020-11-12", "day"),
        ("earlier this month", "2020-10", "month"),
        ("last month", "2020-09", "month"),
        ("since September 27", "2020-09-27", "day"),
        ("in September", "2020-09", "month"),
    ],
)
def test_dates_resolve_against_publication(text: str, date: str, precision: str) -> None:
    assert _first(text) == (date, precision)


def test_a_day_without_year_in_january_is_last_year() -> None:
    assert _first("on December 6", datetime(2021, 1, 27, tzinfo=UTC)) == ("2020-12-06", "day")


def test_last_week_is_a_week_not_a_wrong_day() -> None:
    found = find_dates("last week", 0, 9, THURSDAY, TZ)[0].time
    assert found.precision == "week"
    assert found.start is not None and found.end is not None
    assert (found.end - found.start).days == 7
    assert found.start.date().isoformat() == "2020-10-19"


def test_week_spanning_two_months_has_no_month() -> None:
    published = datetime(2020, 11, 3, tzinfo=parse_tz(TZ))
    found = find_dates("last week", 0, 9, published, TZ)[0].time
    assert found.precision == "week" and found.date is None


@pytest.mark.parametrize(
    ("text", "utc_hour", "local_day"),
    [
        ("00:00 local time", 20, "2020-10-17"),
        ("8 a.m. GMT+4", 4, "2020-10-18"),
        ("0800 GMT", 8, "2020-10-18"),
        ("midnight Moscow time", 21, "2020-10-17"),
        ("2000 GMT", 20, "2020-10-19"),
    ],
)
def test_clock_times_with_zones(text: str, utc_hour: int, local_day: str) -> None:
    day = find_dates("October 18", 0, 10, THURSDAY, TZ)[0].time
    clock = find_clock(text, 0, len(text), TZ)[0]
    refined = with_clock(day, clock[2], clock[3], clock[4], TZ, clock[5])
    assert refined.precision == "minute" and refined.start is not None
    assert refined.start.astimezone(UTC).hour == utc_hour
    expected_local = refined.start.astimezone(parse_tz(TZ)).date().isoformat()
    assert refined.date == expected_local
    if text == "2000 GMT":
        assert refined.date == "2020-10-19"
    else:
        assert refined.date in (local_day, "2020-10-18")


def test_every_eval_alias_maps_to_its_canonical_name() -> None:
    pairs = {
        "Khankendi": "Stepanakert",
        "Xankəndi": "Stepanakert",
        "Stefancart": "Stepanakert",
        "Şuşa": "Shushi",
        "Ağdərə": "Martakert",
        "Khajavend": "Martuni",
        "Xocavənd": "Martuni",
        "Asgaran": "Askeran",
        "Daşaltı": "Karin Tak",
        "Berdzor": "Lachin",
        "Karvachar": "Kelbajar",
        "Cəbrayıl": "Jabrayil",
        "Varanda": "Fuzuli",
        "Kovsakan": "Zangilan",
        "Kashunik": "Gubadli",
        "Tartar": "Terter",
        "Bərdə": "Barda",
        "Gəncə": "Ganja",
        "Mingəçevir": "Mingachevir",
        "Tavoz": "Tovuz",
        "Gadabe": "Gadabay",
        "Akna": "Aghdam",
        "Madaghis": "Sugovushan",
        "Ivanyan": "Khojaly",
        "Karakhambeyli": "Karakhanbeyli",
        "Ghapan": "Kapan",
        "Aghjabadi": "Agjabedi",
        "Qırmızı Bazar": "Karmir Shuka",
        "Tagavard": "Taghavard",
        "Yuxarı Qaradağlı": "Yukhari Garadagli",
        "Səhləbat": "Sahlabad",
        "Əskipara": "Askipara",
        "Old Taglar": "Hin Tagher",
        "Çaylaqqala": "Khtsaberd",
        "Buzdux": "Buzdukh",
        "Dukyanlar": "Dyukyanlar",
        "Qaybalı": "Gaybali",
        "Chankatagh": "Janyatag",
        "Yevlax": "Yevlakh",
        "Степанакерт": "Stepanakert",
    }
    for alias, name in pairs.items():
        assert canonical(alias) == name, alias


def test_gazetteer_has_coordinates_and_regions() -> None:
    entries = gazetteer()
    assert len(entries) >= 100
    for place in entries:
        assert 38.0 < place.lat < 42.0 and 44.0 < place.lon < 50.5, place.name
        assert place.region and place.country in ("AZ", "AM")


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("Aghadam", "Aghdam"),
        ("Hadruth", "Hadrut"),
        ("Stepanakart", "Stepanakert"),
        ("Khojavent", "Martuni"),
    ],
)
def test_misspellings_match_above_the_threshold(word: str, name: str) -> None:
    hit = fuzzy_lookup(word)
    assert hit is not None and hit[0] == name


@pytest.mark.parametrize(
    "word",
    [
        "Target",
        "Border",
        "Martin",
        "Sushi",
        "Terror",
        "Garden",
        "Barber",
        "Madagascar",
        "Karabakh",
        "Armenia",
        "Thursday",
        "Bardo",
    ],
)
def test_common_words_do_not_match_places(word: str) -> None:
    assert fuzzy_lookup(word) is None
    assert find_places(f"The {word} was mentioned.") == []


def test_not_places_list_is_folded() -> None:
    assert all(w == w.lower() for w in not_places())


def test_front_line_directions_written_with_a_hyphen_name_both_places() -> None:
    text = "positions in the Aghdere-Terter, Fizuli-Jabrayil and Gubadli directions"
    found = find_places(text)
    assert [p.name for p in found] == ["Martakert", "Terter", "Fuzuli", "Jabrayil", "Gubadli"]
    assert [text[p.start : p.end] for p in found][:2] == ["Aghdere", "Terter"]
    assert find_places("Armenian-backed forces near the Stepanakert-based ombudsman") == []


def test_multiword_and_misspelt_places_in_running_text() -> None:
    text = "Shells hit Karin Tak, Hin Taghlar and Aghadam, but not the border town of Berd."
    assert [p.name for p in find_places(text)] == ["Karin Tak", "Hin Tagher", "Aghdam", "Berd"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the Azerbaijani Defense Ministry said", "AZ"),
        ("separatist authorities said", "NK"),
        ("ethnic Armenian forces fired", "NK"),
        ("Armenia's Foreign Ministry spokeswoman Anna Naghdalyan said", "AM"),
        ("Hikmet Hajiyev said", "AZ"),
        ("Artsrun Hovhannisyan said", "AM"),
        ("Lavrov said", "RU"),
        ("Pompeo said", "US"),
        ("the Ombudsman of Nagorno-Karabakh said", "NK"),
        ("Baku said", "AZ"),
        ("Yerevan said", "AM"),
        ("Moscow said", "RU"),
        ("Authorities in Nagorno-Karabakh accused", "NK"),
        ("the authorities in Stepanakert said", "NK"),
        ("officials in Baku said", "AZ"),
        ("The defence ministry in Yerevan said", "AM"),
    ],
)
def test_actor_naming(text: str, code: str) -> None:
    found = find_actors(text)
    assert found and found[0].code == code
    assert text.startswith(found[0].text) or found[0].text in text


def test_a_country_after_a_preposition_is_a_place_not_an_actor() -> None:
    assert find_actors("Fighting spread in Azerbaijan and near Yerevan.") == []


def test_forces_in_a_region_are_not_the_region_s_own() -> None:
    (found,) = find_actors("Azerbaijani forces in Karabakh said")
    assert (found.code, found.text) == ("AZ", "Azerbaijani forces")
    assert find_actors("troops in Karabakh fired") == []
