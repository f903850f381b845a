"""Who is speaking, and casualty claims: short texts written for these tests."""

from __future__ import annotations

from datetime import datetime

from tracker.extract import extract
from tracker.extract.model import CasualtyClaim
from tracker.extract.numbers import find_numbers
from tracker.extract.timeexpr import parse_tz

TZ = "+04:00"


def pub(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, tzinfo=parse_tz(TZ))


def claims(text: str, when: datetime | None = None) -> set[tuple[str, str, str, int]]:
    ex = extract(text, published=when or pub(2020, 10, 20))
    return {(c.claimant, c.side, c.category, c.figure) for c in ex.casualties}


def only(text: str, when: datetime | None = None) -> CasualtyClaim:
    (c,) = extract(text, published=when or pub(2020, 10, 20)).casualties
    return c


# --- who is speaking ---------------------------------------------------------------------


def test_the_ministry_said_is_the_last_named_ministry_even_without_a_speech_verb() -> None:
    text = (
        "Armenia's Ministry of Foreign Affairs condemned the escalation near Goris on Monday. "
        "The ministry said four servicemen had been wounded."
    )
    assert claims(text) == {("AM", "armenian", "military_injured", 4)}


def test_a_pronoun_continues_the_speaker_of_the_previous_sentence() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian units fired on its positions in Tovuz. "
        "It said two soldiers were killed."
    )
    assert claims(text) == {("AZ", "azerbaijani", "military_killed", 2)}


def test_a_news_agency_relays_the_party_it_quotes() -> None:
    text = (
        "The Defence Ministry of the self-proclaimed Artsakh Republic published its list on Friday. "
        "According to Sputnik, 31 more servicemen were killed."
    )
    assert claims(text) == {("NK", "armenian", "military_killed", 31)}


def test_a_news_agency_named_after_a_comma_is_not_the_speaker() -> None:
    text = (
        "Armenia's Defence Ministry said nine soldiers were wounded in Syunik, "
        "the Lurer News Agency reported."
    )
    assert claims(text) == {("AM", "armenian", "military_injured", 9)}


def test_a_quotation_over_two_sentences_takes_the_speaker_named_after_it() -> None:
    text = (
        '"The enemy shelled our villages all night. Eleven civilians were wounded," '
        "the ombudsman of Nagorno-Karabakh said."
    )
    assert claims(text) == {("NK", "armenian", "civilian_injured", 11)}


def test_a_statement_runs_on_one_sentence_and_no_further() -> None:
    text = (
        "Azerbaijan's Prosecutor General's Office said a rocket hit a school in Barda. "
        "Three teachers were injured. "
        "The fighting resumed in the evening. "
        "Writers on the ground counted 12 wounded people."
    )
    found = claims(text)
    assert ("AZ", "azerbaijani", "civilian_injured", 3) in found
    assert not any(c[0] == "AZ" and c[3] == 12 for c in found)


def test_according_to_estimates_is_the_writer_not_the_last_speaker() -> None:
    text = (
        "Armenia's Defence Ministry said the line of contact was calm. "
        "About 7,000 people died in the war, according to estimates."
    )
    assert only(text).claimant == "unattributed"


def test_bodies_named_with_their_place_after_of_are_actors() -> None:
    text = (
        "The Emergency Ministry of Nagorno-Karabakh said 14 residents were injured. "
        "The Ministry of Defence (MoD) of Azerbaijan said one soldier was killed."
    )
    assert claims(text) == {
        ("NK", "armenian", "civilian_injured", 14),
        ("AZ", "azerbaijani", "military_killed", 1),
    }


# --- casualty claims ---------------------------------------------------------------------


def test_victims_of_a_named_attacker_belong_to_the_other_side() -> None:
    c = only("Five people were wounded when Azerbaijani rockets hit the market of Askeran.")
    assert (c.claimant, c.side, c.category) == ("unattributed", "armenian", "total_injured")


def test_killed_by_the_other_sides_fire_is_a_claim_by_the_speaker() -> None:
    text = (
        "Azerbaijan's prosecutor's office said two residents of Terter were killed "
        "by Armenian shelling on Sunday."
    )
    assert claims(text) == {("AZ", "azerbaijani", "civilian_killed", 2)}


def test_the_place_gives_the_side_when_nobody_fired_by_name() -> None:
    c = only("Three people were killed in Barda overnight, local media said.")
    assert (c.claimant, c.side) == ("unattributed", "azerbaijani")


def test_unspecified_victims_in_their_homes_are_civilians_but_a_counted_part_is_not() -> None:
    homes = only("Armenian officials said the strike on homes in Martuni killed four people.")
    assert homes.category == "civilian_killed"
    mixed = claims("Armenian officials said 40 people, including three civilians, were killed.")
    assert mixed == {
        ("AM", "armenian", "total_killed", 40),
        ("AM", "armenian", "civilian_killed", 3),
    }


def test_others_take_the_category_named_before_them() -> None:
    text = "Azerbaijan's Defence Ministry said 12 soldiers were killed and 30 others were wounded."
    assert claims(text) == {
        ("AZ", "azerbaijani", "military_killed", 12),
        ("AZ", "azerbaijani", "military_injured", 30),
    }


def test_a_part_of_a_figure_already_given_is_not_a_new_claim() -> None:
    text = (
        "Karabakh officials said eight people were killed in Shushi. "
        "Two of the eight victims were children. Among the dead is a doctor."
    )
    assert {c[3] for c in claims(text)} == {8}


def test_a_soldier_named_with_rank_is_one_claim_and_fatally_wounded_is_killed() -> None:
    text = (
        "Armenia's Defence Ministry said Junior Sergeant Aram Petrosyan was fatally wounded "
        "by sniper fire near Yeraskh."
    )
    assert claims(text, pub(2021, 9, 2)) == {("AM", "armenian", "military_killed", 1)}


def test_a_party_body_named_without_its_country_speaks_for_its_own_victims() -> None:
    text = (
        "Seven Azerbaijani civilians were wounded in Tartar, the Prosecutor General's Office said."
    )
    assert claims(text) == {("AZ", "azerbaijani", "civilian_injured", 7)}


def test_a_figure_repeated_in_the_document_keeps_its_claimant_and_its_category() -> None:
    text = (
        "Shelling kills six in Barda\n\n"
        "Azerbaijan's foreign ministry said six civilians were killed in the shelling of Barda."
    )
    assert claims(text) == {("AZ", "azerbaijani", "civilian_killed", 6)}


def test_a_toll_in_a_relative_clause_on_the_war_is_the_writers() -> None:
    text = (
        "Armenia's Defence Ministry said talks should resume after the war, "
        "which killed more than 6,000 people."
    )
    c = only(text)
    assert (c.claimant, c.side, c.qualifier) == ("unattributed", "both", "more_than")


def test_both_sides_statements_in_one_sentence_are_two_claims() -> None:
    text = (
        "Armenia's Defence Ministry said 16 of its soldiers were killed, "
        "while Azerbaijan's Defence Ministry said 21 servicemen were wounded."
    )
    assert claims(text) == {
        ("AM", "armenian", "military_killed", 16),
        ("AZ", "azerbaijani", "military_injured", 21),
    }


def test_a_figure_glued_to_a_comma_is_read() -> None:
    (n,) = [n for n in find_numbers("According to the data,12 servicemen died.") if n.value > 1]
    assert n.value == 12
    assert [n.value for n in find_numbers("It cost 1,200 drams.")] == [1200]


def test_two_parties_speaking_together_lend_no_claimant_to_the_next_sentence() -> None:
    text = (
        "Baku and Yerevan announced a pause in the fighting on Sunday.\n\n"
        "Neighbours mourn two relatives who died when a shell hit their house in Tovuz."
    )
    c = only(text)
    assert (c.claimant, c.side, c.category) == ("unattributed", "azerbaijani", "civilian_killed")


def test_a_speech_verb_takes_a_subject_after_it_only_when_inverted() -> None:
    inverted = '"Six of our soldiers were wounded," said Armenian Defence Minister Davit Tonoyan.'
    assert claims(inverted) == {("AM", "armenian", "military_injured", 6)}
    reported = (
        "A ministry statement said Azerbaijani units fired at Armenian positions, "
        "and one Armenian soldier was killed."
    )
    assert only(reported).claimant != "AZ"


def test_citing_and_a_statement_issued_by_name_the_speaker_after_them() -> None:
    citing = (
        "Two servicemen were wounded near Vardenis overnight, the Lurer agency reports "
        "citing the Armenian Defence Ministry."
    )
    assert claims(citing, pub(2021, 11, 16)) == {("AM", "armenian", "military_injured", 2)}
    issued = (
        "Baku gave its account in a statement issued by Azerbaijan's Foreign Ministry:\n"
        '"Armenian units shelled Tovuz district, and one shepherd was killed."'
    )
    assert claims(issued, pub(2020, 7, 14)) == {("AZ", "azerbaijani", "civilian_killed", 1)}


def test_a_paragraph_of_facts_takes_the_source_named_at_its_end() -> None:
    text = (
        "On 4 May, Armenian units fired mortars at the villages of Tovuz district. "
        "One soldier was wounded, the Defence Ministry of Azerbaijan said on 5 May.\n\n"
        "On 3 May the Armenian army shelled posts in Gadabay. "
        "They used sniper rifles, the ministry said."
    )
    ex = extract(text, published=pub(2021, 5, 5))
    assert {v.accuser for v in ex.violations} == {"AZ"}
    assert claims(text, pub(2021, 5, 5)) == {("AZ", "azerbaijani", "military_injured", 1)}


def test_a_ministry_nobody_named_speaks_for_the_party_under_fire() -> None:
    text = (
        "Azerbaijan's army positions in Kalbajar were shelled by Armenian troops, "
        "the Defence Ministry has reported."
    )
    (v,) = extract(text, published=pub(2021, 8, 12)).violations
    assert (v.accuser, v.accused) == ("AZ", "AM")


def test_karabakh_bodies_written_without_its_name_are_nk() -> None:
    text = (
        "Armenian separatists said on Monday that 19 fighters had been killed. "
        "The death toll from the blast near Askeran rose to 40, the region's health ministry said."
    )
    assert claims(text, pub(2023, 9, 26)) == {
        ("NK", "armenian", "military_killed", 19),
        ("NK", "armenian", "total_killed", 40),
    }


def test_a_part_counted_with_of_them_keeps_the_toll_total() -> None:
    c = only("Separatist officials said 31 people, four of them civilians, had been killed.")
    assert (c.category, c.figure) == ("total_killed", 31)


def test_a_figure_takes_the_verb_of_its_own_clause_past_an_apposition() -> None:
    text = (
        "Azerbaijan's prosecutor's office said one civilian was killed and five people, "
        "including a teacher, were wounded in Tartar."
    )
    found = claims(text)
    assert ("AZ", "azerbaijani", "civilian_killed", 1) in found
    assert any(c[3] == 5 and c[2].endswith("_injured") for c in found)


def test_more_without_a_noun_is_a_figure_and_peacekeepers_belong_to_neither_side() -> None:
    more = "Azerbaijani officials said a soldier was killed by a sniper and that three more were wounded."
    assert ("AZ", "azerbaijani", "total_injured", 3) in claims(more)
    keepers = only(
        "Two Russian peacekeepers were killed near Martakert, the Russian Defence Ministry said.",
        pub(2023, 9, 21),
    )
    assert (keepers.claimant, keepers.side) == ("RU", "both")


def test_victims_written_as_a_list_are_counted() -> None:
    headline = "Mother, son die in Barda after Armenian rocket strike"
    assert claims(headline) == {("unattributed", "azerbaijani", "civilian_killed", 2)}
    pair = "Karabakh officials said a soldier and a shepherd were wounded near Martuni."
    assert claims(pair) == {("NK", "armenian", "total_injured", 2)}


def test_a_victim_named_without_a_rank_is_one_civilian() -> None:
    text = (
        "Azerbaijan's prosecutor general's office said a shell hit a bakery in Terter, "
        "as a result of which Elvin Mammadli was killed."
    )
    assert claims(text) == {("AZ", "azerbaijani", "civilian_killed", 1)}


def test_the_death_of_more_servicemen_with_an_acronym_is_military() -> None:
    text = "The Armenian Defence Ministry announced the death of 17 more NKR servicemen."
    assert claims(text) == {("AM", "armenian", "military_killed", 17)}


def test_a_headline_names_its_source_after_a_dash() -> None:
    text = (
        "Azerbaijani drones hit Askeran, two soldiers wounded - Nagorno-Karabakh\n\n"
        "The fighting went on through the night."
    )
    assert claims(text) == {("NK", "armenian", "military_injured", 2)}


def test_a_headline_ministry_is_the_one_named_below_whose_side_is_not_firing() -> None:
    text = (
        "Four soldiers wounded as Armenian forces open fire at positions in Tovuz - Defence Ministry\n\n"
        "Armenia's Defence Ministry denied the report.\n\n"
        "Azerbaijan's Defence Ministry said the soldiers were taken to hospital."
    )
    found = claims(text, pub(2020, 7, 13))
    assert ("AZ", "azerbaijani", "military_injured", 4) in found


def test_a_surname_speaks_for_the_body_it_was_first_named_with() -> None:
    text = (
        "Defense Army spokesman Aram Vardanyan told reporters the night was tense.\n\n"
        '"Two of our soldiers were wounded near Martuni," Vardanyan said.'
    )
    assert claims(text) == {("NK", "armenian", "military_injured", 2)}


def test_issued_a_statement_is_a_speech_cue() -> None:
    text = (
        "Karabakh's Defense Army spokesman Aram Vardanyan spoke on Monday. "
        "Azerbaijan's Defence Ministry issued a statement that Armenian units shelled Terter."
    )
    (v,) = extract(text, published=pub(2020, 10, 20)).violations
    assert (v.accuser, v.accused) == ("AZ", "AM")


def test_civilians_in_another_speakers_clause_do_not_make_victims_civilian() -> None:
    text = "Baku said its strikes hit no civilians, while separatist officials said 33 people died."
    assert claims(text, pub(2023, 9, 21)) == {("NK", "armenian", "total_killed", 33)}


def test_a_capital_after_according_to_is_the_speaker_and_the_side_that_suffered_is_kept() -> None:
    text = (
        "The Armenian side suffered heavy losses, with about 60 soldiers killed, according to Baku."
    )
    c = only(text)
    assert (c.claimant, c.side, c.category, c.qualifier) == (
        "AZ",
        "armenian",
        "military_killed",
        "approximately",
    )


def test_dozens_written_with_a_number() -> None:
    assert [(n.value, n.qualifier) for n in find_numbers("two dozen soldiers")] == [
        (24, "approximately")
    ]


def test_a_news_agency_citing_a_body_gives_the_body_the_word() -> None:
    text = (
        "Armenian armed forces shelled the Goranboy district on Monday, "
        "Trend reports citing Azerbaijan's Prosecutor General's Office."
    )
    (v,) = extract(text, published=pub(2020, 10, 20)).violations
    assert (v.accuser, v.accused) == ("AZ", "AM")


def test_a_claim_written_as_a_noun_is_its_owners_and_is_not_carried() -> None:
    text = (
        "Armenia's Defence Ministry rejected Azerbaijani claims that Armenian units shelled Terter. "
        "Over 60 Armenian servicemen were killed in the spring, the writer recalled."
    )
    ex = extract(text, published=pub(2020, 10, 20))
    assert ("AZ", "AM") in {(v.accuser, v.accused) for v in ex.violations}
    inference = (
        "The statements of Azerbaijani officials clearly show that the attack was planned. "
        "Over 60 Armenian servicemen were killed in the spring."
    )
    assert only(inference).claimant == "unattributed"


def test_a_ministrys_list_of_directions_gives_one_claim_per_figure() -> None:
    text = (
        "Azerbaijan's Defence Ministry said 7 servicemen were killed in the Fuzuli direction, "
        "3 in the Tartar direction and 2 in the Aghdam direction."
    )
    assert {c[3] for c in claims(text)} == {7, 3, 2}
    assert {c[2] for c in claims(text)} == {"military_killed"}


def test_lost_soldiers_and_military_deaths_are_killed_and_recorded_is_a_cue() -> None:
    lost = "The Azerbaijani side lost 9 servicemen, Armenia's Defence Ministry claimed."
    assert claims(lost) == {("AM", "azerbaijani", "military_killed", 9)}
    recorded = "Nagorno-Karabakh's defence ministry has recorded 310 military deaths."
    assert claims(recorded) == {("NK", "armenian", "military_killed", 310)}


def test_a_hundred_and_a_thousand_are_numbers() -> None:
    assert [n.value for n in find_numbers("more than a thousand people") if n.value > 1] == [1000]
    assert [n.value for n in find_numbers("about a hundred homes") if n.value > 1] == [100]


def test_members_of_a_force_take_its_category() -> None:
    text = (
        "Karabakh officials said three members of the local police and "
        "two members of the armed forces were killed."
    )
    assert claims(text, pub(2023, 3, 6)) == {
        ("NK", "armenian", "total_killed", 3),
        ("NK", "armenian", "military_killed", 2),
    }


def test_a_dateline_tells_whose_ministry_a_bare_ministry_is() -> None:
    text = (
        "YEREVAN, May 26 (Newswire) - Border posts came under fire overnight.\n\n"
        "Two soldiers were wounded, the Defence Ministry said."
    )
    assert claims(text, pub(2021, 5, 26)) == {("AM", "armenian", "military_injured", 2)}
    shared = (
        "BAKU/YEREVAN (Newswire) - Border posts came under fire overnight.\n\n"
        "Two soldiers were wounded, the Defence Ministry said."
    )
    assert {c[0] for c in claims(shared, pub(2021, 5, 26))} == {"unattributed"}


def test_a_statement_does_not_run_on_into_a_sentence_about_another_day() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian forces shelled Terter on October 19. "
        "Two civilians were killed in Barda on October 17."
    )
    assert only(text).claimant == "unattributed"
    same_day = (
        "Azerbaijan's Defence Ministry said Armenian forces shelled Terter on October 19. "
        "Two civilians were killed there on October 19."
    )
    assert only(same_day).claimant == "AZ"


def test_a_source_closing_the_sentence_speaks_whatever_its_verb() -> None:
    text = (
        "Six civilians were wounded in Tartar, the Azerbaijani prosecutor's office specifed today."
    )
    assert claims(text) == {("AZ", "azerbaijani", "civilian_injured", 6)}


def test_a_figure_without_a_noun_after_a_killing_verb() -> None:
    text = "Separatist officials said the blast killed at least 20 and injured 290."
    assert claims(text, pub(2023, 9, 26)) == {
        ("NK", "armenian", "total_killed", 20),
        ("NK", "armenian", "total_injured", 290),
    }
    crew = "Armenian officials said a missile downed a helicopter, killing two crew members."
    assert claims(crew) == set()


def test_fighting_that_began_killing_hundreds_is_the_writers_background() -> None:
    text = (
        "Armenia's Defence Ministry said a village near Goris was shelled. "
        "The fighting began on September 27, killing more than 700 people."
    )
    c = only(text)
    assert (c.claimant, c.figure, c.qualifier) == ("unattributed", 700, "more_than")


def test_a_repeated_figure_keeps_the_qualifier_written_with_it() -> None:
    text = (
        "Armenia says 350 soldiers killed\n\n"
        "Armenia's Defence Ministry said at least 350 soldiers had been killed."
    )
    (c,) = extract(text, published=pub(2020, 10, 20)).casualties
    assert (c.claimant, c.figure, c.qualifier) == ("AM", 350, "at_least")


def test_a_source_before_a_colon_speaks_for_the_headline() -> None:
    text = "Azerbaijan's Prosecutor General's Office: 4 civilians killed in Tartar"
    assert claims(text) == {("AZ", "azerbaijani", "civilian_killed", 4)}
    clock = "At 10:30 two soldiers were wounded near Martuni."
    assert only(clock).claimant == "unattributed"


def test_a_partys_press_is_no_party() -> None:
    text = "Armenian media reported that three people were injured in Askeran."
    assert only(text).claimant == "unattributed"


def test_an_agency_name_glued_to_the_next_word_is_still_read() -> None:
    text = (
        "The Defence Ministry of the self-proclaimed Artsakh Republic published its list. "
        "According to TASSMeanwhile, 12 more servicemen were killed."
    )
    assert claims(text) == {("NK", "armenian", "military_killed", 12)}


def test_servicemen_of_a_named_army_belong_to_its_side_and_passive_victims_are_not_attackers() -> (
    None
):
    owned = "Two servicemen of the Azerbaijani Army were wounded by fire from Armenian positions."
    assert only(owned, pub(2023, 8, 20)).side == "azerbaijani"
    passive = "One serviceman of the Armenian armed forces was killed by Azerbaijani fire."
    assert only(passive, pub(2023, 8, 20)).side == "armenian"
    subject = "Three soldiers were wounded when Azerbaijani units were hit by Armenian drones."
    assert only(subject, pub(2023, 8, 20)).side == "azerbaijani"


def test_a_wounded_victim_who_died_is_killed_and_martyrs_are_military_dead() -> None:
    died = "Armenia's Defence Ministry said a wounded soldier succumbed to his injuries."
    assert claims(died) == {("AM", "armenian", "military_killed", 1)}
    hurt = "Seven wounded soldiers were evacuated, Armenia's Defence Ministry said."
    assert claims(hurt) == {("AM", "armenian", "military_injured", 7)}
    martyrs = "Azerbaijan's Defence Ministry said it had named 80 more martyrs."
    assert claims(martyrs) == {("AZ", "azerbaijani", "military_killed", 80)}


def test_the_ministry_of_defense_without_a_country_is_a_generic_body() -> None:
    text = (
        "YEREVAN, Sept 13 (Newswire) - Heavy shelling was reported overnight.\n\n"
        "The Ministry of Defense reports that 15 servicemen were killed."
    )
    assert claims(text, pub(2022, 9, 13)) == {("AM", "armenian", "military_killed", 15)}
    passive = (
        "Armenian officials said Azerbaijani forces shelled Jermuk. "
        "Azerbaijani units fired again, as a result of which casualties are registered."
    )
    ex = extract(passive, published=pub(2022, 9, 13))
    assert "AZ" not in {v.accuser for v in ex.violations}


def test_the_ministry_is_the_one_speaking_rather_than_one_it_mentions() -> None:
    text = (
        "Armenia's Defence Ministry said the border posts near Jermuk were shelled. "
        '"The claims of the Azerbaijani Defence Ministry are false. '
        'Four of our soldiers were wounded," the ministry said.'
    )
    assert claims(text, pub(2022, 9, 13)) == {("AM", "armenian", "military_injured", 4)}


def test_a_figure_inside_a_partys_statement_told_in_the_writers_words_is_the_partys() -> None:
    text = (
        "17 March, 2021 10:05\n"
        "On March 16, Azerbaijani units launched an attack towards "
        "the village of Khtsaberd.\n\n"
        "The fighting lasted several hours.\n\n"
        "In the clashes the Armenian side has 4 wounded, "
        "and the enemy too has dead and wounded.\n\n"
        "Armenia's Defence Ministry firmly condemns this provocation "
        "by Azerbaijan's army, which puts the fragile calm at risk."
    )
    assert claims(text, pub(2021, 3, 17)) == {("AM", "armenian", "total_injured", 4)}


def test_a_concessive_clause_does_not_lend_its_accusation_to_the_main_clause() -> None:
    text = (
        "\u201cWhile Azerbaijan wrongly blames the Armenian side for moving weapons, yesterday "
        "Azerbaijani units opened fire at farmers near Martuni,\u201d the Artsakh Interior "
        "Ministry said."
    )
    found = extract(text, published=pub(2023, 3, 25))
    assert [(v.accuser, v.accused, v.date) for v in found.violations] == [
        ("NK", "AZ", "2023-03-24")
    ]


def test_alleging_is_the_statement_of_the_clause_it_closes() -> None:
    text = (
        "The ministry in Yerevan said Baku was once again spreading fake news, alleging Armenian "
        "troops had opened fire near Sotk on Wednesday."
    )
    found = extract(text, published=pub(2023, 5, 11))
    assert [(v.accuser, v.accused) for v in found.violations] == [("AZ", "AM")]


def test_the_target_of_subjected_to_fire_written_after_it() -> None:
    text = (
        "On 4 June, illegal Armenian armed groups subjected to fire the "
        "posts of Azerbaijan's army outside Shusha."
    )
    found = extract(text, published=pub(2023, 6, 5))
    assert [(v.accused, v.date) for v in found.violations] == [("NK", "2023-06-04")]


def test_a_source_named_at_the_end_of_the_next_sentence_owns_the_writers_report() -> None:
    text = (
        "On 4 June, Armenian units fired at the Azerbaijan Army's positions near Shusha.\n\n"
        "Our troops returned fire, according to the Defence Ministry of Azerbaijan."
    )
    found = extract(text, published=pub(2023, 6, 5))
    assert [(v.accuser, v.accused) for v in found.violations] == [("AZ", "AM")]


def test_a_source_of_the_accused_side_does_not_own_the_writers_report() -> None:
    text = (
        "On 4 June, Armenian units fired at the Azerbaijan Army's positions near Shusha.\n\n"
        "The units stayed in their positions, according to the Defence Ministry of Armenia."
    )
    found = extract(text, published=pub(2023, 6, 5))
    assert [v.accuser for v in found.violations] == ["unattributed"]


def test_a_part_of_the_dead_named_as_civilians_is_a_civilian_figure() -> None:
    text = (
        "Officials in Stepanakert said 12 people had been killed in the shelling. Three of the "
        "dead were civilians, the officials said. Five of the dead were men from the village."
    )
    found = claims(text, pub(2023, 9, 20))
    assert ("NK", "armenian", "civilian_killed", 3) in found
    assert not any(figure == 5 for _, _, _, figure in found)


def test_a_surname_known_for_a_party_speaks_for_it_at_a_sentences_start() -> None:
    from tracker.extract.attribution import DocContext, Sentence, speakers

    text = "Twelve people were killed. Tadevosyan added later that 40 people had been wounded."
    when = pub(2023, 9, 20)
    ctx = DocContext(published=when, tz=TZ, people={"Tadevosyan": "NK"})
    sent = Sentence.build(text, 27, len(text), when, TZ)
    assert [(s.code, s.text) for s in speakers(sent, ctx)] == [("NK", "Tadevosyan")]


def test_a_serviceman_of_an_army_named_after_a_comma_is_one_of_that_side() -> None:
    text = (
        "Armenian units fired at Azerbaijani positions near Kalbajar on Friday morning, "
        "the Defence Ministry of Azerbaijan said.\n\n"
        "The serviceman of the Azerbaijan Army, Farid Aliyev, was wounded."
    )
    assert ("AZ", "azerbaijani", "military_injured", 1) in claims(text, pub(2023, 9, 1))


def test_an_armys_action_names_the_accused() -> None:
    text = (
        "Russia's Defence Ministry said on Saturday that the Azerbaijani action near Martuni "
        "violated the ceasefire."
    )
    found = extract(text, published=pub(2023, 3, 25))
    assert [(v.accuser, v.accused) for v in found.violations] == [("RU", "AZ")]


def test_the_government_of_a_country_denies_for_that_country() -> None:
    text = (
        "According to Armenia's defence ministry, a soldier was killed when Azerbaijani forces "
        "opened fire near Sotk. The government of Azerbaijan has denied that its troops shot him."
    )
    found = extract(text, published=pub(2023, 4, 23))
    assert [(d.denier, d.accuser) for d in found.denials] == [("AZ", "AM")]


def test_which_a_country_disputed_is_that_countrys_denial() -> None:
    text = (
        "Azerbaijan said Armenian soldiers had shot at its troops near Lachin on "
        "Sunday, which Armenia disputed. The area remained disputed territory."
    )
    found = extract(text, published=pub(2023, 4, 23))
    assert [(d.denier, d.accuser) for d in found.denials] == [("AM", "AZ")]
