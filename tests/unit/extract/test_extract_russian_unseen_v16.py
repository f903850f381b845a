"""General mechanisms of the Russian reader checked on copy it was not tuned on (extractor
v16): sentences written for these tests, in the shapes such copy takes, from the reference
facts."""

from __future__ import annotations

from tests.unit.extract.test_extract_russian_wire import casualties, claims, pub, read

# Who speaks


def test_a_party_named_inside_a_quotation_does_not_say_it() -> None:
    ex = read(
        "«Около 10:00 у села Дюкянлар был обстрелян автомобиль полиции. Погибли три "
        "полицейских, огонь вели подразделения Министерства обороны Азербайджана», — "
        "говорится в заявлении.",
        pub(2023, 3, 5),
    )
    assert casualties(ex) == {("unattributed", "total_killed", 3)}


def test_the_writers_background_after_a_quotation_names_no_source() -> None:
    ex = read(
        "«Погибли три полицейских, четвертый ранен», — говорится в заявлении. Напомним, "
        "19 сентября 2023 года Минобороны Азербайджана объявило о начале "
        "антитеррористических мероприятий.",
        pub(2023, 3, 5),
    )
    assert casualties(ex) == {("unattributed", "total_killed", 3)}


def test_a_party_before_a_dash_tells_what_the_clause_before_said() -> None:
    ex = read(
        "Стороны назвали свои потери в боях у высоты Сарыбаба. Армия обороны Карабаха — о "
        "двух погибших военнослужащих, Москва — о том, что ранены 14 человек.",
        pub(2022, 8, 4),
    )
    assert casualties(ex) == {("NK", "military_killed", 2), ("RU", "total_injured", 14)}
    ex = read(
        "Стороны назвали свои потери в боях у села Сур. Азербайджан — о трех погибших "
        "военнослужащих, Армения — об отсутствии потерь.",
        pub(2020, 12, 13),
    )
    assert [(c.claimant, c.side, c.figure) for c in ex.casualties] == [("AZ", "azerbaijani", 3)]


# What is an attack


def test_an_attempt_to_take_heights_or_to_advance_is_an_attack() -> None:
    ex = read(
        "Минобороны Азербайджана заявило, что 3 августа армянские вооруженные формирования "
        "пытались захватить высоту Гырхгыз в Лачинском районе.",
        pub(2022, 8, 4),
    )
    assert claims(ex) == {("AZ", "NK", "2022-08-03")}
    ex = read(
        "В Армии обороны Карабаха заявили, что азербайджанские подразделения пытаются "
        "продвинуться к высоте Сарыбаба.",
        pub(2022, 8, 3),
    )
    assert claims(ex) == {("NK", "AZ", "2022-08-03")}


# When


def test_fire_that_goes_on_is_a_report_of_its_own_day() -> None:
    ex = read(
        "Подразделения ВС Азербайджана продолжают вести огонь по позициям у Сотка, заявило в "
        "среду Минобороны Армении. Днем ранее, по данным ведомства, азербайджанская "
        "артиллерия обстреляла Джермук.",
        pub(2022, 9, 14),
    )
    assert claims(ex) == {("AM", "AZ", "2022-09-14"), ("AM", "AZ", "2022-09-13")}


# Who was hit


def test_people_killed_in_a_residential_building_are_civilians() -> None:
    ex = read(
        "Генпрокуратура Азербайджана сообщила, что ракета попала в жилой дом в Гяндже, под "
        "завалами погибли девять человек.",
        pub(2020, 10, 11),
    )
    assert casualties(ex) == {("AZ", "civilian_killed", 9)}
    ex = read(
        "МВД Карабаха сообщило, что в жилом квартале Степанакерта ранены двое полицейских.",
        pub(2023, 9, 19),
    )
    assert casualties(ex) == {("NK", "total_injured", 2)}


# Which truce


def test_a_truce_agreement_is_the_one_of_the_day_it_was_signed() -> None:
    ex = read(
        "Армия обороны Карабаха, воюющая с 27 сентября, напомнила о соглашении о прекращении "
        "огня, заключенном при посредничестве России 10 октября.",
        pub(2020, 10, 18),
    )
    assert "nk-2020-10-10" in {r.truce_id for r in ex.truce_refs}


# Where


def test_baku_s_name_of_sisian_is_sisian() -> None:
    ex = read(
        "Минобороны Азербайджана сообщило, что 7 апреля ВС Армении с позиций в Гаракилисском "
        "районе обстреляли позиции у села Минкенд Лачинского района.",
        pub(2023, 4, 7),
    )
    assert [set(v.places) for v in ex.violations] == [{"Sisian", "Minkend", "Lachin"}]
