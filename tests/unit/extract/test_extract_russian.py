"""The Russian reader: language routing, actors and speakers, attacks, denials, casualties,
dates, places in their case forms and truce references, on sentences written for these tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tracker.conflict import default_pack
from tracker.extract import extract
from tracker.extract.lang import reading_language
from tracker.extract.lang.reader import find_numbers, find_places
from tracker.extract.lang.ru import lemmas, lexicon_for
from tracker.extract.model import Extraction
from tracker.extract.places import canonical, gazetteer

LEXICON = lexicon_for(default_pack())

TZ = timezone(timedelta(hours=4))


def pub(y: int, m: int, d: int, h: int = 12) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=TZ)


def read(text: str, when: datetime) -> Extraction:
    ex = extract(text, published=when)
    assert ex.skipped_reason is None, ex.skipped_reason
    return ex


@pytest.mark.parametrize(
    ("text", "declared", "code"),
    [
        (
            "Минобороны Армении сообщило, что азербайджанские силы открыли огонь по селу.",
            None,
            "ru",
        ),
        (
            "Міністерство оборони Вірменії повідомило, що війська відкрили вогонь по селу.",
            None,
            None,
        ),
        ("The ministry said the village came under fire on Monday night.", None, None),
        ("Минобороны Армении сообщило об обстреле.", "ru-RU", "ru"),
        (
            "Минобороны Армении сообщило, что азербайджанские силы открыли огонь по селу.",
            "en",
            "ru",
        ),
        ("The ministry said the village came under fire on Monday night.", "fr", None),
    ],
)
def test_reading_language_recognises_russian_only(
    text: str, declared: str | None, code: str | None
) -> None:
    assert reading_language(text, declared) == code


def test_russian_is_read_and_other_cyrillic_is_skipped() -> None:
    ru = extract(
        "Армия обороны Карабаха заявила, что азербайджанские военные обстреляли Мартуни.",
        published=pub(2021, 5, 3),
    )
    assert ru.skipped_reason is None and ru.notes == ("language ru",)
    uk = extract(
        "Армія оборони Карабаху заявила, що азербайджанські військові обстріляли Мартуні.",
        published=pub(2021, 5, 3),
    )
    assert uk.skipped_reason is not None and uk.skipped_reason.startswith("not English")


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("Степанакерте", "Степанакерт"),
        ("Тертеру", "Тертер"),
        ("Шуше", "Шуша"),
        ("Гянджу", "Гянджа"),
        ("Кельбаджарского", "Кельбаджарский"),
        ("Лачинском", "Лачинский"),
    ],
)
def test_lemmas_give_the_dictionary_form(word: str, form: str) -> None:
    assert form in lemmas(word)


def test_places_are_found_in_their_case_forms() -> None:
    text = "Обстрелу подверглись села Йухары Шорджа и Тагаверд, а также окраины Ханкенди, по Тертеру били из минометов, в Шушинском районе тихо."
    names = [p.name for p in find_places(text, 0, len(text), LEXICON)]
    assert names == ["Verin Shorzha", "Taghavard", "Stepanakert", "Terter", "Shushi"]


def test_every_russian_alias_names_a_gazetteer_place() -> None:

    known = {p.name for p in gazetteer()}
    raw = default_pack().read("aliases-ru.tsv")
    rows = [line.split("\t") for line in raw.splitlines() if line and not line.startswith("#")]
    assert rows and {name for name, _ in rows} <= known
    clashes = [
        (alias, name, canonical(alias))
        for name, aliases in rows
        for alias in aliases.split("|")
        if canonical(alias) != name
    ]
    assert not clashes, "an alias that names another place: " + repr(clashes)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("погибли двое военнослужащих", 2, "exact"),
        ("ранены пятеро мирных жителей", 5, "exact"),
        ("не менее двадцати трех человек", 23, "at_least"),
        ("более 1 200 человек", 1200, "more_than"),
        ("около ста раненых", 100, "approximately"),
        ("сотни погибших", 100, "hundreds"),
        ("до трёхсот военнослужащих", 300, "up_to"),
    ],
)
def test_numbers_in_words_digits_and_qualifiers(text: str, value: int, qualifier: str) -> None:
    nums = find_numbers(text, 0, len(text), LEXICON)
    assert [(n.value, n.qualifier) for n in nums] == [(value, qualifier)]


def test_accusation_with_speaker_before_and_places_in_case_forms() -> None:
    ex = read(
        "Минобороны Азербайджана заявило, что в ночь на 14 мая армянские подразделения обстреляли "
        "из минометов позиции азербайджанской армии в Кельбаджарском районе.",
        pub(2022, 5, 14),
    )
    assert [v.to_gold() for v in ex.violations] == [
        {
            "accuser": "AZ",
            "accused": "AM",
            "date": "2022-05-14",
            "places": ["Kelbajar"],
            "weapon": "mortars",
        }
    ]


def test_speaker_after_the_statement_and_passive_voice() -> None:
    ex = read(
        "Позиции армянских подразделений у села Сотк были обстреляны со стороны Азербайджана, "
        "заявило Минобороны Армении.",
        pub(2022, 9, 28),
    )
    assert [(v.accuser, v.accused, v.date, v.places) for v in ex.violations] == [
        ("AM", "AZ", "2022-09-28", ("Sotk",))
    ]


def test_quotation_attributed_after_it_and_clock_time_in_moscow_time() -> None:
    ex = read(
        '"Сегодня с 10:40 (9:40 мск) подразделения вооруженных сил Армении открыли огонь по нашим '
        'позициям в направлении Лачина", - говорится в сообщении пресс-службы Минобороны Азербайджана.',
        pub(2021, 7, 20, 15),
    )
    (v,) = ex.violations
    assert (v.accuser, v.accused, v.date, v.places) == ("AZ", "AM", "2021-07-20", ("Lachin",))
    assert v.occurred.precision == "minute" and v.occurred.start == datetime(
        2021, 7, 20, 10, 40, tzinfo=TZ
    )


def test_relayed_quote_takes_the_party_named_next() -> None:
    ex = read(
        '"Азербайджанские военные открыли огонь из стрелкового оружия по селу Варденис", - передает '
        "ТАСС. Об этом сообщили в Минобороны Армении.",
        pub(2022, 6, 2),
    )
    assert [(v.accuser, v.accused) for v in ex.violations] == [("AM", "AZ")]


@pytest.mark.parametrize(
    "text",
    [
        "Подразделения азербайджанской армии открыли ответный огонь, сообщили в Минобороны Азербайджана.",
        "Министр иностранных дел России призвал стороны прекратить обстрелы и вернуться к переговорам.",
        "Армения и Азербайджан обвинили друг друга в обстреле приграничных сел.",
        "Как писал ранее наш сайт, в 2016 году армянские и азербайджанские военные вели бои в Карабахе.",
        "Сержант пограничной службы открыл огонь по своим сослуживцам, погибли три человека.",
        "МИД Армении назвал заявления Баку очередной провокацией.",
    ],
)
def test_no_accusation_in_self_reports_appeals_mutual_blame_history_or_accidents(text: str) -> None:
    ex = read(text, pub(2022, 6, 2))
    assert ex.violations == () and ex.casualties == ()


def test_denial_answers_the_accusation_and_takes_its_day() -> None:
    ex = read(
        "Минобороны Азербайджана заявило, что 3 июня армянские военные обстреляли Товуз. "
        "В Минобороны Армении назвали эту информацию дезинформацией.",
        pub(2022, 6, 4),
    )
    assert [d.to_gold()["denier"] for d in ex.denials] == ["AM"]
    assert [(d.accuser, d.date) for d in ex.denials] == [("AZ", "2022-06-03")]
    assert [(v.accuser, v.accused, v.date) for v in ex.violations] == [("AZ", "AM", "2022-06-03")]


def test_denial_by_negated_fire_names_the_accusation_it_answers() -> None:
    ex = read(
        "Информация о том, что армянские подразделения обстреляли позиции у Гадрута, не "
        "соответствует действительности, заявили в Армии обороны Карабаха.",
        pub(2021, 11, 9),
    )
    assert [(d.denier, d.accuser) for d in ex.denials] == [("NK", "AZ")]
    assert [(v.accuser, v.accused) for v in ex.violations] == [("AZ", "NK")]


def test_casualties_category_side_and_claimant() -> None:
    ex = read(
        "По данным Минобороны Армении, в результате обстрела погибли двое военнослужащих, еще "
        "пятеро ранены. Армянская сторона также сообщила, что уничтожено до тридцати военнослужащих противника.",
        pub(2022, 9, 13),
    )
    assert {(c.claimant, c.side, c.category, c.figure, c.qualifier) for c in ex.casualties} == {
        ("AM", "armenian", "military_killed", 2, "exact"),
        ("AM", "armenian", "military_injured", 5, "exact"),
        ("AM", "azerbaijani", "military_killed", 30, "up_to"),
    }


def test_civilians_singular_victims_and_no_losses() -> None:
    ex = read(
        "Омбудсмен Нагорного Карабаха сообщил, что в Мартуни погиб мирный житель, ранены трое детей. "
        '"Среди личного состава потерь нет", - добавили в Армии обороны.',
        pub(2021, 2, 14),
    )
    assert {(c.claimant, c.side, c.category, c.figure) for c in ex.casualties} == {
        ("NK", "armenian", "civilian_killed", 1),
        ("NK", "armenian", "civilian_injured", 3),
    }


def test_russian_peacekeepers_report_a_violation_without_naming_who() -> None:
    ex = read(
        "Российские миротворцы зафиксировали в субботу нарушение режима прекращения огня в Шушинском районе.",
        pub(2021, 8, 16),
    )
    assert [(v.accuser, v.accused, v.date, v.places) for v in ex.violations] == [
        ("RU", "unattributed", "2021-08-14", ("Shushi",))
    ]
    assert ex.truce_ids == ("nk-2020-11-10",)


@pytest.mark.parametrize(
    ("text", "when", "ids"),
    [
        (
            "Стороны напомнили о трехстороннем заявлении от 9 ноября 2020 года.",
            pub(2021, 11, 10),
            ("nk-2020-11-10",),
        ),
        (
            "Азербайджан и Армения вновь нарушили гуманитарное перемирие, обвинив друг друга в обстрелах.",
            pub(2020, 10, 19),
            ("nk-2020-10-18",),
        ),
        (
            "После прекращения боевых действий 20 сентября в Карабахе работают российские миротворцы.",
            pub(2023, 9, 22),
            ("nk-2023-09-20",),
        ),
        (
            "Азербайджан нарушил режим прекращения огня, начав антитеррористические мероприятия в Карабахе.",
            pub(2023, 9, 19, 18),
            ("nk-2020-11-10",),
        ),
        ("Перемирие 1994 года продержалось больше двадцати лет.", pub(2021, 5, 1), ()),
        (
            "Армения обвинила Азербайджан в нарушении режима прекращения огня на государственной границе.",
            pub(2022, 10, 5),
            (),
        ),
        ("Москва призвала добиться прекращения огня как можно скорее.", pub(2020, 10, 1), ()),
    ],
)
def test_truce_references(text: str, when: datetime, ids: tuple[str, ...]) -> None:
    assert read(text, when).truce_ids == ids


def test_dates_written_in_russian() -> None:
    cases = [
        (
            "Армия обороны Карабаха заявила, что накануне азербайджанские военные обстреляли Аскеран.",
            "2021-03-09",
        ),
        (
            "Армия обороны Карабаха заявила, что 7 марта азербайджанские военные обстреляли Аскеран.",
            "2021-03-07",
        ),
        (
            "Армия обороны Карабаха заявила, что в субботу азербайджанские военные обстреляли Аскеран.",
            "2021-03-06",
        ),
        (
            "Армия обороны Карабаха заявила, что 09.03.2021 азербайджанские военные обстреляли Аскеран.",
            "2021-03-09",
        ),
    ]
    for text, day in cases:
        (v,) = read(text, pub(2021, 3, 10)).violations
        assert v.date == day, text
    (v,) = read(
        "Армия обороны Карабаха заявила, что 29 декабря азербайджанские военные обстреляли Аскеран.",
        pub(2021, 1, 3),
    ).violations
    assert v.date == "2020-12-29"


def test_a_lead_without_a_day_joins_the_dated_report_it_sums_up() -> None:
    ex = read(
        "Минобороны Армении сообщило об обстреле своих позиций со стороны Азербайджана. "
        "По данным ведомства, 12 октября азербайджанские подразделения открыли огонь по селу Сотк.",
        pub(2022, 10, 13),
    )
    assert [(v.accuser, v.accused, v.date, v.places) for v in ex.violations] == [
        ("AM", "AZ", "2022-10-12", ("Sotk",))
    ]


@pytest.mark.parametrize(
    ("second", "denier"),
    [
        ("В Баку это опровергли, заявив, что информация не соответствует действительности.", "AZ"),
        ("Баку эти обвинения отверг.", "AZ"),
        ('"Это очередная ложь", - ответили в Минобороны Азербайджана.', "AZ"),
    ],
)
def test_the_other_side_denies_in_several_word_orders(second: str, denier: str) -> None:
    ex = read(
        "Минобороны Армении сообщило, что азербайджанские подразделения открыли огонь по "
        "армянским позициям у Сотка. " + second,
        pub(2023, 8, 6),
    )
    assert [(d.denier, d.accuser, d.date) for d in ex.denials] == [(denier, "AM", "2023-08-06")]


def test_a_side_does_not_deny_its_own_accusation() -> None:
    ex = read(
        "Минобороны Армении сообщило, что азербайджанские подразделения открыли огонь по "
        "армянским позициям у Сотка. Информация об обратном не соответствует действительности.",
        pub(2023, 8, 6),
    )
    assert ex.denials == ()


def test_a_figure_at_the_end_of_a_sentence_is_read() -> None:
    ex = read(
        "По данным омбудсмена Карабаха, погибли 27 человек, ранены более 200.", pub(2023, 9, 20)
    )
    assert {(c.category, c.figure, c.qualifier) for c in ex.casualties} == {
        ("total_killed", 27, "exact"),
        ("total_injured", 200, "more_than"),
    }


def test_an_undated_earlier_report_is_not_dated_to_today() -> None:
    ex = read(
        "Ранее Минобороны Армении сообщало, что азербайджанские военные обстреляли село Сотк. "
        "Ранее, 2 августа, Армия обороны Карабаха заявила, что азербайджанские военные обстреляли Мартуни.",
        pub(2023, 8, 6),
    )
    assert [(v.accuser, v.date) for v in ex.violations] == [("NK", "2023-08-02")]


@pytest.mark.parametrize(
    "second",
    [
        "Минобороны Азербайджана распространило опровержение.",
        "Никаких обстрелов армянских позиций азербайджанская сторона не производила, заявили в Баку.",
        "В Минобороны Азербайджана заявили, что эта информация является ложной.",
    ],
)
def test_denials_without_a_denial_verb_next_to_the_object(second: str) -> None:
    ex = read(
        "Минобороны Армении сообщило, что азербайджанские подразделения открыли огонь по "
        "армянским позициям у Сотка. " + second,
        pub(2023, 8, 6),
    )
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AZ", "AM")]


def test_no_troops_there_is_a_denial() -> None:
    ex = read(
        "Минобороны Азербайджана заявило, что армянские вооруженные формирования обстреляли "
        "позиции в Карабахе. В Минобороны Армении заявили, что в Нагорном Карабахе нет армянских военнослужащих.",
        pub(2023, 8, 6),
    )
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AM", "AZ")]


def test_agency_citing_a_ministry_and_a_source_inside_it() -> None:
    ex = read(
        "Азербайджанские военные обстреляли позиции армянской армии у села Сотк, сообщает ТАСС "
        'со ссылкой на Минобороны Армении. "Противник открыл огонь из минометов", - сказал ТАСС '
        "источник в Армии обороны Карабаха.",
        pub(2023, 8, 6),
    )
    assert {(v.accuser, v.accused) for v in ex.violations} == {("AM", "AZ"), ("NK", "AZ")}


def test_a_wrongly_declared_language_does_not_hide_russian() -> None:
    ex = extract(
        "Армия обороны Карабаха заявила, что азербайджанские военные обстреляли Мартуни.",
        published=pub(2021, 5, 3),
        language="en",
    )
    assert ex.skipped_reason is None and [v.accuser for v in ex.violations] == ["NK"]


def test_daily_losses_and_enemy_losses_in_ministry_bulletins() -> None:
    ex = read(
        "По данным Минобороны Армении, потери армянской стороны за последние сутки составили "
        "21 военнослужащий. Министерство обороны Азербайджана сообщило, что за сутки уничтожено "
        "до 130 военнослужащих противника, 7 танков и 3 беспилотника.",
        pub(2020, 10, 5),
    )
    assert {(c.claimant, c.side, c.category, c.figure, c.qualifier) for c in ex.casualties} == {
        ("AM", "armenian", "military_killed", 21, "exact"),
        ("AZ", "armenian", "military_killed", 130, "up_to"),
    }


def test_a_denial_in_the_lead_takes_the_day_of_the_accusation_told_later() -> None:
    ex = read(
        "Баку опроверг сообщения об обстреле Степанакерта. Ранее Армия обороны Карабаха заявила, "
        "что 5 марта азербайджанские военные обстреляли окраины Степанакерта.",
        pub(2023, 3, 6),
    )
    assert [(d.denier, d.accuser, d.date) for d in ex.denials] == [("AZ", "NK", "2023-03-05")]
    assert [(v.accuser, v.accused, v.date, v.places) for v in ex.violations] == [
        ("NK", "AZ", "2023-03-05", ("Stepanakert",))
    ]


def test_headline_colon_attribution_and_both_sides_accusing() -> None:
    ex = read(
        "Минобороны Армении: ВС Азербайджана в ночь на 13 сентября начали интенсивный обстрел "
        "армянских позиций в направлении Горис, Сотк и Джермук. Есть погибшие и раненые. В Баку "
        "заявили, что армянские подразделения совершили масштабные провокации на границе в "
        "Дашкесанском, Кельбаджарском и Лачинском направлениях.",
        pub(2022, 9, 13),
    )
    assert [(v.accuser, v.accused, v.date, v.places) for v in ex.violations] == [
        ("AM", "AZ", "2022-09-13", ("Goris", "Sotk", "Jermuk")),
        ("AZ", "AM", "2022-09-13", ("Dashkasan", "Kelbajar", "Lachin")),
    ]
    assert ex.casualties == () and ex.truce_ids == ()


def test_the_trilateral_statement_announced_is_a_truce_not_an_attack() -> None:
    ex = read(
        "Лидеры России, Азербайджана и Армении подписали заявление, согласно которому с 00:00 по "
        "московскому времени 10 ноября объявляется полное прекращение огня и всех военных действий "
        "в зоне конфликта.",
        pub(2020, 11, 10, 9),
    )
    assert ex.violations == () and ex.truce_ids == ("nk-2020-11-10",)


@pytest.mark.parametrize(
    "second",
    [
        "Сообщения азербайджанской стороны об обстреле опровергли в Минобороны Армении.",
        "Информация азербайджанской стороны об обстреле не соответствует действительности, заявили в Минобороны Армении.",
        "Ереван назвал эти обвинения абсурдными и необоснованными.",
    ],
)
def test_the_denier_is_who_denies_not_whose_reports_are_denied(second: str) -> None:
    ex = read(
        "Минобороны Азербайджана заявило, что армянские подразделения обстреляли позиции у "
        "Кельбаджара. " + second,
        pub(2023, 8, 6),
    )
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AM", "AZ")]
    assert {(v.accuser, v.accused) for v in ex.violations} == {("AZ", "AM")}


def test_each_figure_takes_the_side_written_after_it() -> None:
    ex = read(
        "5 марта в результате перестрелки у Шуши погибли трое сотрудников полиции Нагорного "
        "Карабаха и двое военнослужащих Азербайджана.",
        pub(2023, 3, 6),
    )
    assert {(c.side, c.category, c.figure) for c in ex.casualties} == {
        ("armenian", "total_killed", 3),
        ("azerbaijani", "military_killed", 2),
    }


def test_a_dateline_city_is_not_a_place_of_the_report() -> None:
    ex = read(
        "СТЕПАНАКЕРТ, 6 марта - РИА Новости. Армия обороны Карабаха заявила, что азербайджанские "
        "военные обстреляли село Хин Шен.",
        pub(2023, 3, 6),
    )
    assert [v.places for v in ex.violations] == [("Hin Shen",)]


@pytest.mark.parametrize(
    "text",
    [
        "Войната в Нагорни Карабах започна през септември, съобщиха от министерството на отбраната "
        "на Армения, което обвини азербайджанските сили за обстрела на Степанакерт.",
        "Рат у Нагорно-Карабаху почео је у септембру, саопштило је министарство одбране Јерменије, "
        "које је оптужило азербејџанске снаге за гранатирање.",
        "Таулы Қарабақтағы соғыс қыркүйекте басталды, деп хабарлады Армения қорғаныс министрлігі.",
    ],
)
def test_other_cyrillic_languages_are_not_read_as_russian(text: str) -> None:
    assert reading_language(text) is None


def test_last_week_is_a_week_in_its_month() -> None:
    (v,) = read(
        "Армия обороны Карабаха заявила, что на прошлой неделе азербайджанские военные "
        "несколько раз обстреляли Мартуни.",
        pub(2021, 7, 14),
    ).violations
    assert (v.date, v.occurred.precision) == ("2021-07", "week")
    assert v.occurred.start == datetime(2021, 7, 5, tzinfo=TZ)


def test_a_russian_item_becomes_claim_events() -> None:
    from tracker.extract import EXTRACTOR_VERSION
    from tracker.extraction import Item, events_for

    text = (
        "Минобороны Армении сообщило, что 3 июня азербайджанские подразделения открыли огонь по "
        "селу Сотк, ранены двое военнослужащих. В Баку это опровергли."
    )
    when = pub(2022, 6, 4)
    item = Item(
        "i-ru", "r", 1, "", text, when, False, "https://wire.example.org/ru", "f", None, None
    )
    events = events_for(item, extract(text, published=when), EXTRACTOR_VERSION)
    names = sorted(type(e).__name__ for _, e in events)
    assert names == ["CasualtyClaimReported", "ViolationDenied", "ViolationReported"]


def test_announcements_of_new_truces() -> None:
    ex = read(
        "Министры иностранных дел Азербайджана и Армении при посредничестве России договорились "
        "о прекращении огня с 12:00 10 октября в гуманитарных целях, объявил Сергей Лавров.",
        pub(2020, 10, 10, 9),
    )
    (a,) = ex.announcements
    assert a.to_gold() == {
        "parties": ["AZ", "AM"],
        "brokers": ["RU"],
        "effective": "2020-10-10T12:00+04:00",
    }
    assert a.known_id == "nk-2020-10-10" and ex.truce_ids == ("nk-2020-10-10",)
    old = read(
        "Перемирие, объявленное 10 ноября 2020 года, нарушается почти ежедневно, заявили в Степанакерте.",
        pub(2021, 9, 20),
    )
    assert old.announcements == () and old.truce_ids == ("nk-2020-11-10",)


def test_our_victims_local_time_and_thousands() -> None:
    ex = read(
        "Армия обороны Карабаха сообщила, что около 23:40 по местному времени погибли двое наших "
        "военнослужащих. По данным ведомства, из района эвакуированы 5 тыс. человек, ранены трое.",
        pub(2021, 6, 1),
    )
    assert {(c.side, c.category, c.figure) for c in ex.casualties} == {
        ("armenian", "military_killed", 2),
        ("armenian", "total_injured", 3),
    }


def test_the_same_day_is_the_day_the_text_wrote_last() -> None:
    text = (
        "18 февраля в Минобороны Азербайджана рассказали, что посты азербайджанской армии "
        "у Шуши были обстреляны со стороны Армении. В тот же день о нарушении режима прекращения "
        "огня сообщили и российские миротворцы."
    )
    found = read(text, pub(2023, 3, 6))
    assert {(v.accuser, v.date) for v in found.violations} == {
        ("AZ", "2023-02-18"),
        ("RU", "2023-02-18"),
    }


def test_a_denial_of_an_undated_lead_takes_the_day_the_text_gives_it_later() -> None:
    text = (
        "Армения обстреляла позиции азербайджанской армии, заявило "
        "Минобороны Азербайджана. Минобороны Армении отвергло обвинения. Позиции "
        "азербайджанской армии были обстреляны 5 марта, сообщила пресс-служба Минобороны "
        "Азербайджана."
    )
    found = read(text, pub(2023, 3, 6))
    assert [(d.denier, d.accuser, d.date) for d in found.denials] == [("AM", "AZ", "2023-03-05")]


def test_parties_named_together_each_deny() -> None:
    text = (
        "Посты азербайджанской армии 5 марта попали под обстрел со стороны Армении, заявило "
        "Минобороны Азербайджана. Минобороны Армении и Армия обороны Нагорного Карабаха "
        "отвергли обвинения."
    )
    found = read(text, pub(2023, 3, 6))
    assert sorted((d.denier, d.date) for d in found.denials) == [
        ("AM", "2023-03-05"),
        ("NK", "2023-03-05"),
    ]
