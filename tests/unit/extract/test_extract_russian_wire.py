"""The Russian reader on the constructions of wire copy: quotations over several
sentences, claims named as nouns, verbs sharing a subject, speakers in another clause,
officials named by surname, capitals and countries as speakers, casualty phrasing and
anniversaries; where a claim's parts stand (editorial notes and line ends as sentence
bounds, a headline's source after a dash, the side hit rather than the one firing,
running totals since a date, relative clauses, figures with other fates, a side's
footage of its own strikes); who fired and who was hit ("с армянской стороны" after an
attack, "со стороны X:" in a headline, an accusation named as a noun), figures written in
words ("трех сотнях") and fatal wounds; on sentences written for these tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tracker.extract import extract
from tracker.extract.lang import lexicons
from tracker.extract.lang.reader import find_numbers
from tracker.extract.model import Extraction

TZ = timezone(timedelta(hours=4))


def pub(y: int, m: int, d: int, h: int = 12) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=TZ)


def read(text: str, when: datetime) -> Extraction:
    ex = extract(text, published=when, language="ru")
    assert ex.skipped_reason is None, ex.skipped_reason
    return ex


def claims(ex: Extraction) -> set[tuple[str, str, str | None]]:
    return {(v.accuser, v.accused, v.date) for v in ex.violations}


def test_a_quotation_over_sentences_is_the_speaker_named_after_it_closes() -> None:
    ex = read(
        "Пресс-секретарь Минобороны Армении Ани Саргсян в среду провела брифинг. "
        "Минобороны Азербайджана в тот же день заявило, что обстановка на границе спокойная. "
        "«Утром подразделения противника обстреляли позиции у села Сотк. "
        "Ответного огня не было», — отметила Саргсян.",
        pub(2022, 6, 1),
    )
    assert claims(ex) == {("AM", "AZ", "2022-06-01")}


def test_a_report_named_as_a_noun_is_its_owners_claim_not_a_statement() -> None:
    ex = read(
        "В пресс-службе Минобороны Азербайджана сообщения МО Армении об обстреле "
        "армянских позиций назвали ложью.",
        pub(2021, 5, 14),
    )
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AZ", "AM")]
    ex = read(
        "«Сообщение Минобороны Азербайджана о том, что подразделения ВС Армении обстреляли "
        "дорожную технику, является очередной фальсификацией. Обстановка стабильная», — "
        "говорится в сообщении армянского оборонного ведомства.",
        pub(2022, 6, 2),
    )
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AM", "AZ")]
    assert claims(ex) == {("AZ", "AM", "2022-06-02")}


def test_two_verbs_joined_by_and_share_their_subject() -> None:
    ex = read(
        "Минобороны Азербайджана назвало произошедшее провокацией вооруженных сил Армении "
        "и обвинило Ереван в обстреле позиций в Лачинском районе.",
        pub(2022, 6, 3),
    )
    assert claims(ex) == {("AZ", "AM", "2022-06-03")}
    assert ex.violations[0].places == ("Lachin",)


def test_a_speaker_is_not_taken_from_the_next_clause() -> None:
    ex = read(
        "Как пишет Арменпресс, диверсионная группа вооруженных сил Азербайджана открыла огонь "
        "по машине полиции.",
        pub(2023, 3, 6),
    )
    assert claims(ex) == {("unattributed", "AZ", "2023-03-06")}
    ex = read(
        "Азербайджанские подразделения обстреляли армянские позиции, сообщила вечером, 28 мая, "
        "пресс-служба Министерства обороны Армении.",
        pub(2022, 5, 29),
    )
    assert claims(ex) == {("AM", "AZ", "2022-05-28")}


def test_a_country_or_capital_written_where_people_speak_is_its_government() -> None:
    ex = read(  # a headline: no full stop
        "В Армении опровергают заявление Баку об обстреле позиций Азербайджана", pub(2022, 1, 9)
    )
    assert [(d.denier, d.accuser) for d in ex.denials] == [("AM", "AZ")]
    assert claims(ex) == {("AZ", "AM", "2022-01-09")}


def test_parties_joined_as_one_subject_speak_for_neither_side() -> None:
    ex = read(
        "На фронте продолжаются боевые действия, хотя Баку и Анкара отрицали участие "
        "турецких военных в боевых действиях.",
        pub(2020, 10, 17),
    )
    assert not ex.violations


def casualties(ex: Extraction) -> set[tuple[str, str, int]]:
    return {(c.claimant, c.category, c.figure) for c in ex.casualties}


def test_victims_named_after_a_participle_and_in_a_toll_phrase() -> None:
    ex = read("Минобороны Азербайджана сообщило о двух погибших военнослужащих.", pub(2022, 9, 13))
    assert casualties(ex) == {("AZ", "military_killed", 2)}
    ex = read(
        "Число погибших военнослужащих с начала боев достигло 158 человек, сообщило "
        "Минобороны Армении.",
        pub(2020, 10, 2),
    )
    assert casualties(ex) == {("AM", "military_killed", 158)}


def test_a_soldier_described_by_a_participle_clause_died() -> None:
    ex = read(
        "Армянский военнослужащий, получивший огнестрельное ранение в понедельник, скончался "
        "в госпитале, сообщило Минобороны Армении.",
        pub(2022, 5, 31),
    )
    assert casualties(ex) == {("AM", "military_killed", 1)}


def test_figures_whose_fate_is_unknown_and_victims_in_hospital() -> None:
    ex = read(
        "Минобороны Армении сообщило, что ранены трое военнослужащих, а по двум "
        "военнослужащим данные уточняются.",
        pub(2021, 7, 28),
    )
    assert casualties(ex) == {("AM", "military_injured", 3)}
    ex = read(
        "По данным Минобороны Армении, двое жителей села погибли, еще один находится в больнице.",
        pub(2021, 7, 28),
    )
    assert casualties(ex) == {("AM", "civilian_killed", 2), ("AM", "civilian_injured", 1)}


def test_peacekeepers_killed_are_on_neither_side() -> None:
    ex = read(
        "Вечером при обстреле машины российских миротворцев погибли трое военных.",
        pub(2023, 9, 21),
    )
    assert not ex.casualties


def test_an_agencys_own_report_ends_the_statement_before_it() -> None:
    ex = read(
        "Минобороны Азербайджана заявило, что обстановка на линии фронта напряженная. "
        "Как пишет Арменпресс, азербайджанские военные обстреляли село. "
        "Трое жителей села погибли.",
        pub(2023, 3, 5),
    )
    assert casualties(ex) == {("unattributed", "civilian_killed", 3)}


def test_an_anniversary_tells_the_past_event_not_news() -> None:
    ex = read(
        "Исполнилось два года со дня ракетного удара армянских вооруженных сил по Гяндже. "
        "В результате удара погибли четверо мирных жителей. "
        "Между тем сегодня, 11 октября, Минобороны Азербайджана сообщило, что армянские военные "
        "обстреляли позиции в Кельбаджарском районе.",
        pub(2022, 10, 11),
    )
    assert claims(ex) == {("AZ", "AM", "2022-10-11")}
    assert not ex.casualties


def test_a_truce_for_humanitarian_purposes_written_after_its_noun() -> None:
    ex = read(
        "Днем ранее стороны договорились о прекращении огня с гуманитарными целями.",
        pub(2020, 10, 26),
    )
    assert [r.truce_id for r in ex.truce_refs] == ["nk-2020-10-26"]


def test_killed_in_the_fighting_is_no_accusation_of_it() -> None:
    ex = read(
        "«В боях с ВС Азербайджана погибли еще 20 военнослужащих», — сообщило Минобороны Армении.",
        pub(2020, 10, 2),
    )
    assert not ex.violations
    assert casualties(ex) == {("AM", "military_killed", 20)}
    ex = read("Минобороны Армении обвинило Азербайджан в столкновении на границе.", pub(2021, 5, 2))
    assert claims(ex) == {("AM", "AZ", "2021-05-02")}


def test_denying_a_transport_of_arms_is_no_denial_of_an_attack() -> None:
    ex = read(
        "Глава МИД Армении заявил, что сообщения азербайджанской стороны о перевозке оружия "
        "через коридор не соответствуют действительности.",
        pub(2023, 3, 5),
    )
    assert not ex.denials


def test_a_next_sentence_that_names_the_source_owns_the_sentence_before() -> None:
    ex = read(
        "С начала боевых действий погибли 14 мирных жителей, ранены 70. "
        "Об этом на брифинге в Степанакерте сообщил омбудсмен Арцаха.",
        pub(2020, 10, 3),
    )
    assert casualties(ex) == {("NK", "civilian_killed", 14), ("NK", "civilian_injured", 70)}


def test_a_sentence_after_background_goes_on_telling_it() -> None:
    ex = read(
        "Омбудсмен Карабаха сообщил о новых жертвах среди мирного населения. "
        "27 сентября Минобороны Азербайджана заявило о начале контрнаступления. "
        "В непризнанной НКР сообщили, что обстрелу подверглись населенные пункты.",
        pub(2020, 10, 17),
    )
    assert claims(ex) == {("NK", "AZ", "2020-09-27")}


def test_figures_joined_before_their_noun_and_tolls_since_the_escalation() -> None:
    ex = read(
        "За время эскалации погибло 19 и ранено 80 мирных жителей, заявил омбудсмен Арцаха.",
        pub(2020, 10, 5),
    )
    assert not ex.violations
    assert casualties(ex) == {("NK", "civilian_killed", 19), ("NK", "civilian_injured", 80)}
    ex = read(
        "Число погибших в результате обстрелов со стороны вооруженных сил противника возросло "
        "до 27 человек, сообщил пресс-секретарь Минобороны Армении.",
        pub(2022, 9, 14),
    )
    assert casualties(ex) == {("AM", "total_killed", 27)}


def test_airstrikes_and_a_soldier_named_after_an_apposition() -> None:
    ex = read(
        "По словам омбудсмена Арцаха, 30 сентября три человека погибли в результате авиаударов "
        "по Мартакерту.",
        pub(2020, 10, 1),
    )
    assert claims(ex) == {("NK", "AZ", "2020-09-30")}
    ex = read(
        "Армянский солдат ранен на границе\n"
        "«Утром военнослужащий N-ской воинской части, рядовой Арам Саргсян получил ранение», - "
        "сообщает пресс-служба Министерства обороны Армении.",
        pub(2021, 9, 28),
    )
    assert casualties(ex) == {("AM", "military_injured", 1)}


def test_two_states_sharing_one_body_each_deny() -> None:
    ex = read(
        "Минобороны Азербайджана заявило об обстреле своих позиций. "
        "Военные ведомства Армении и Нагорного Карабаха эти обвинения отвергли.",
        pub(2023, 3, 6),
    )
    assert {(d.denier, d.accuser) for d in ex.denials} == {("AM", "AZ"), ("NK", "AZ")}


def tolls(ex: Extraction) -> set[tuple[str, str, str, int]]:
    return {(c.claimant, c.side, c.category, c.figure) for c in ex.casualties}


def test_an_editorial_note_in_brackets_does_not_end_the_sentence() -> None:
    ex = read(
        "10 октября, примерно в 12.05 (11.05 мск), азербайджанские подразделения (силы "
        "Азербайджана, – Прим. ТАСС) атаковали участок Караханбейли, сообщило сегодня "
        "Минобороны Армении.",
        pub(2020, 10, 11),
    )
    assert claims(ex) == {("AM", "AZ", "2020-10-10")}


def test_a_full_stop_at_the_end_of_a_line_ends_the_sentence() -> None:
    ex = read(
        "«Азербайджанская сторона в 08.45 открыла огонь по позициям армии обороны "
        "Карабаха», – написала пресс-секретарь Минобороны Армении.\n"
        "днем ранее Минобороны Азербайджана обвинило армянские подразделения в обстреле "
        "Тертера.",
        pub(2020, 10, 26),
    )
    assert claims(ex) == {("AM", "AZ", "2020-10-26"), ("AZ", "AM", "2020-10-25")}


def test_a_headline_source_after_a_dash_speaks_for_it() -> None:
    ex = read(
        "В Тертере при обстреле ранены мирные жители — Минобороны Азербайджана", pub(2020, 10, 14)
    )
    assert claims(ex) == {("AZ", "AM", "2020-10-14")}


def test_the_side_that_was_hit_is_not_the_one_that_fired() -> None:
    villages = read(
        "Обстрелы прифронтовых азербайджанских сел стали чаще, рассказали местные жители.",
        pub(2020, 10, 13),
    )
    assert not [v for v in villages.violations if v.accused == "AZ"]
    district = read("Последствия обстрела в Тертерском районе Азербайджана.", pub(2020, 10, 13))
    assert not [v for v in district.violations if v.accused == "AZ"]
    soldier = read("Азербайджанский военнослужащий ранен при обстреле на границе", pub(2021, 7, 20))
    assert not [v for v in soldier.violations if v.accused == "AZ"]


def test_a_running_total_since_a_date_is_news_a_closed_span_is_history() -> None:
    ex = read(
        "По уточненным данным Минобороны НКР, с начала боевых действий 27 сентября погибли "
        "950 военнослужащих армии обороны.",
        pub(2020, 11, 2),
    )
    assert tolls(ex) == {("NK", "armenian", "military_killed", 950)}
    closed = read(
        "По данным Минобороны НКР, с 27 сентября по 9 ноября 2020 года погибли 950 "
        "военнослужащих армии обороны.",
        pub(2021, 3, 1),
    )
    assert tolls(closed) == set()


def test_a_date_in_a_relative_clause_dates_its_own_event() -> None:
    ex = read(
        "Армения заявила, что Азербайджан возобновил наступление в Гадрутском районе, где "
        "боевые действия прекратились 10 ноября.",
        pub(2020, 12, 12),
    )
    assert claims(ex) == {("AM", "AZ", "2020-12-12")}
    offensive = read(
        "В Минобороны Армении заявили, что азербайджанские подразделения начали наступательные "
        "действия в направлении Хцаберда.",
        pub(2020, 12, 12),
    )
    assert claims(offensive) == {("AM", "AZ", "2020-12-12")}


def test_figures_taken_prisoner_or_missing_are_no_casualties_and_joined_figures_share_a_verb() -> (
    None
):
    ex = read(
        "По данным Минобороны Армении, погибли 4 мирных жителя, местонахождение 3 мирных "
        "жителей считается неизвестным, 120 военнослужащих и 6 мирных жителей получили "
        "ранения, 15 военнослужащих попали в плен.",
        pub(2022, 9, 16),
    )
    assert tolls(ex) == {
        ("AM", "armenian", "civilian_killed", 4),
        ("AM", "armenian", "military_injured", 120),
        ("AM", "armenian", "civilian_injured", 6),
    }


def test_a_nations_information_centre_speaks_for_its_side() -> None:
    ex = read(
        "Армянский единый информационный центр сообщил о гибели 300 военнослужащих Азербайджана.",
        pub(2020, 10, 20),
    )
    assert tolls(ex) == {("AM", "azerbaijani", "military_killed", 300)}


def test_a_sides_footage_of_a_strike_accuses_nobody() -> None:
    ex = read(
        "Минобороны Азербайджана распространило видео удара по позициям армии обороны Карабаха.",
        pub(2020, 10, 20),
    )
    assert claims(ex) == set()


def test_a_source_named_at_a_paragraphs_end_speaks_for_all_of_it() -> None:
    ex = read(
        "Армянские подразделения обстреляли позиции в Тертерском районе. "
        "Снаряды попали в жилые кварталы. "
        "Погибли двое мирных жителей. "
        "Об этом заявил помощник президента Азербайджана Хикмет Гаджиев.",
        pub(2020, 10, 26),
    )
    assert claims(ex) == {("AZ", "AM", "2020-10-26")}
    assert {(c.claimant, c.side, c.category, c.figure) for c in ex.casualties} == {
        ("AZ", "azerbaijani", "civilian_killed", 2)
    }


def test_the_victims_own_side_word_and_the_attacker_after_so_storony() -> None:
    ex = read(
        "Азербайджанский военнослужащий ранен в результате обстрела ВС Армении.",
        pub(2020, 10, 26),
    )
    assert {(c.side, c.category, c.figure) for c in ex.casualties} == {
        ("azerbaijani", "military_injured", 1)
    }
    ex = read(
        "Минобороны Азербайджана сообщило, что в результате нарушения режима прекращения огня "
        "со стороны ВС Армении ранен прапорщик.",
        pub(2020, 10, 26),
    )
    assert {(c.claimant, c.side, c.category, c.figure) for c in ex.casualties} == {
        ("AZ", "azerbaijani", "military_injured", 1)
    }


def test_the_writers_headline_over_a_partys_report_is_that_report() -> None:
    ex = read(
        "Азербайджанская армия обстреляла село Карахамбейли после начала перемирия.\n\n"
        "Азербайджанские подразделения обстреляли позиции у села Карахамбейли, "
        "сообщила пресс-секретарь Минобороны Армении.",
        pub(2020, 10, 10),
    )
    assert claims(ex) == {("AM", "AZ", "2020-10-10")}


def test_a_quotation_said_in_a_statement_naming_no_one_takes_the_body_named_next() -> None:
    ex = read(
        '"11 декабря армянская диверсионная группа обстреляла позиции азербайджанской армии. '
        'В результате погиб один военнослужащий", - говорится в сообщении.\n'
        "Отмечается, что обстановка остается напряженной.\n"
        '"Группа отступила", - заявили в Минобороны Азербайджана.',
        pub(2020, 12, 12),
    )
    assert {(c.claimant, c.side, c.category, c.figure) for c in ex.casualties} == {
        ("AZ", "azerbaijani", "military_killed", 1)
    }


def test_an_assault_is_an_attack() -> None:
    ex = read(
        "Минобороны Азербайджана сообщило, что 11 декабря вооруженная группа совершила "
        "нападение на позиции азербайджанской армии у села Гадрут.",
        pub(2020, 12, 12),
    )
    assert claims(ex) == {("AZ", "AM", "2020-12-11")}


def test_a_speech_verb_in_the_infinitive_is_no_statement() -> None:
    ex = read(
        "Армия обороны Карабаха сообщила, что 11 декабря азербайджанские подразделения "
        "обстреляли позиции у Гадрута. По ее словам, противник нарушил режим прекращения огня, "
        "чтобы распространить слухи о российских миротворцах.",
        pub(2020, 12, 11),
    )
    assert claims(ex) == {("NK", "AZ", "2020-12-11")}


def test_the_side_named_after_so_storony_does_not_speak() -> None:
    ex = read(
        "Минобороны Азербайджана сообщило, что 11 декабря армянские подразделения обстреляли "
        "позиции у Гадрута. Произошедшее он назвал провокацией со стороны Еревана. "
        "Отмечается, что после атаки Армении в Азербайджане возбудили уголовное дело.",
        pub(2020, 12, 11),
    )
    assert claims(ex) == {("AZ", "AM", "2020-12-11")}


def sided(ex: Extraction) -> set[tuple[str, str, str, int]]:
    return {(c.claimant, c.side, c.category, c.figure) for c in ex.casualties}


def test_a_number_word_before_hundreds_or_thousands_multiplies_it() -> None:
    lex = lexicons()["ru"]
    for text, value in (
        ("о пяти сотнях раненых", 500),
        ("три сотни раненых", 300),
        ("около 3 тысяч человек", 3000),
        ("пяти тысячах жителей", 5000),
    ):
        assert [n.value for n in find_numbers(text, 0, len(text), lex)] == [value], text


def test_hundreds_written_in_words_are_the_figure_of_a_casualty_claim() -> None:
    ex = read(
        "В непризнанной НКР сообщили о трех сотнях раненых после обстрелов 19 сентября.",
        pub(2023, 9, 20),
    )
    assert sided(ex) == {("NK", "armenian", "total_injured", 300)}


def test_the_side_an_attack_came_from_is_not_the_side_of_its_victim() -> None:
    ex = read(
        "Минобороны Азербайджана сообщило, что 11 декабря у Гадрута в результате огня "
        "с армянской стороны убит военнослужащий.",
        pub(2020, 12, 12),
    )
    assert sided(ex) == {("AZ", "azerbaijani", "military_killed", 1)}


def test_a_headline_naming_who_fired_before_a_colon_is_not_its_source() -> None:
    ex = read(
        "Обстрел со стороны Азербайджана: у Гадрута убит военнослужащий Армии обороны\n"
        "Армия обороны Карабаха выразила соболезнования семье и заявила, что ответственность "
        "лежит на Баку.\n"
        "Военнослужащий Армии обороны, рядовой Арам Петросян, находясь на позиции, получил "
        "смертельное огнестрельное ранение 11 декабря.",
        pub(2020, 12, 11),
    )
    assert {c.claimant for c in ex.casualties} == {"NK"}
    assert sided(ex) == {("NK", "armenian", "military_killed", 1)}


def test_a_fatal_wound_is_a_death() -> None:
    ex = read(
        "Минобороны Армении сообщило, что 16 сентября военнослужащий ВС Армении получил "
        "смертельное осколочное ранение на северо-восточном участке границы.",
        pub(2020, 9, 16),
    )
    assert sided(ex) == {("AM", "armenian", "military_killed", 1)}


def test_an_accusation_named_as_a_noun_is_its_owners() -> None:
    ex = read(
        "Обвинения Минобороны Азербайджана в обстреле села Сафиян 26 октября появились "
        "через пять минут после начала перемирия.",
        pub(2020, 10, 26),
    )
    assert {(v.accuser, v.accused, v.date) for v in ex.violations} == {("AZ", "AM", "2020-10-26")}


def test_halves_tens_and_decimals_with_a_scale_word_are_figures() -> None:
    lex = lexicons()["ru"]
    for text, value, qualifier in (
        ("полторы сотни раненых", 150, "exact"),
        ("полтора десятка военнослужащих", 15, "exact"),
        ("около полусотни мирных жителей", 50, "approximately"),
        ("свыше 2,5 тыс. человек", 2500, "more_than"),
        ("30 с лишним человек", 30, "more_than"),
    ):
        assert [(n.value, n.qualifier) for n in find_numbers(text, 0, len(text), lex)] == [
            (value, qualifier)
        ], text


def test_a_side_in_the_instrumental_after_an_attack_fired() -> None:
    ex = read(
        "Минобороны Азербайджана: 11 января погиб военнослужащий в результате обстрела "
        "армянской стороной.",
        pub(2022, 1, 12),
    )
    assert sided(ex) == {("AZ", "azerbaijani", "military_killed", 1)}
    ex = read(
        "Минобороны Армении сообщило, что 11 января при обстреле, открытом вооруженными "
        "силами Азербайджана, ранены двое военнослужащих.",
        pub(2022, 1, 12),
    )
    assert sided(ex) == {("AM", "armenian", "military_injured", 2)}


def test_a_span_over_midnight_is_dated_by_its_first_day() -> None:
    ex = read(
        "Минобороны Азербайджана сообщило, что ночью 3 марта с 22.40 до 04.15 утра 4 марта "
        "подразделения ВС Армении обстреляли позиции у села Йухары Айрым Кельбаджарского района.",
        pub(2022, 3, 4),
    )
    assert [(v.accuser, v.accused, v.date, v.places) for v in ex.violations] == [
        ("AZ", "AM", "2022-03-03", ("Kelbajar",))
    ]


def test_a_quotation_said_in_a_statement_naming_no_one_renews_the_statement_in_progress() -> None:
    ex = read(
        "Армия обороны Карабаха заявила, что 12 декабря подразделения ВС Азербайджана "
        "обстреляли позиции у Гадрута.\n"
        "«Двое военнослужащих получили ранения. Их жизни ничто не угрожает», — говорится в "
        "сообщении.\n"
        "Позже обстрел возобновился. Огонь велся из минометов. Погиб еще один "
        "военнослужащий, трое получили ранения.",
        pub(2020, 12, 12),
    )
    assert {c.claimant for c in ex.casualties} == {"NK"}
    assert {(c.category, c.figure) for c in ex.casualties} == {
        ("military_injured", 2),
        ("military_killed", 1),
        ("military_injured", 3),
    }


def test_who_blames_the_other_side_for_disinformation_denies() -> None:
    ex = read(
        "Минобороны Армении сообщило, что 11 мая ВС Азербайджана обстреляли позиции у Сотка.\n"
        "Минобороны Азербайджана обвинило Ереван в распространении дезинформации.",
        pub(2023, 5, 11),
    )
    assert [(d.denier, d.accuser, d.date) for d in ex.denials] == [("AZ", "AM", "2023-05-11")]


def test_a_figure_of_people_repeating_the_figure_of_soldiers_is_the_same_claim() -> None:
    ex = read(
        "Минобороны Армении сообщило, что 11 мая в результате обстрела ранены двое "
        "армянских военнослужащих. «С нашей стороны двое раненых», — отметили в ведомстве.",
        pub(2023, 5, 11),
    )
    assert sided(ex) == {("AM", "armenian", "military_injured", 2)}
    ex = read(
        "Армия обороны Карабаха сообщила, что 3 августа несколько человек ранены. "
        "По ее данным, ранены пятеро военнослужащих Армии обороны.",
        pub(2022, 8, 3),
    )
    assert sided(ex) == {("NK", "armenian", "military_injured", 5)}
