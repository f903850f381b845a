"""Violations and denials: agents, targets, sources and implied accusations (sentences written here)."""

from __future__ import annotations

from datetime import datetime

from tracker.extract import extract
from tracker.extract.timeexpr import parse_tz

TZ = "+04:00"


def pub(y: int, m: int, d: int, h: int = 12) -> datetime:
    return datetime(y, m, d, h, tzinfo=parse_tz(TZ))


def keys(text: str, when: datetime) -> set[tuple[str, str, str | None]]:
    return {(v.accuser, v.accused, v.date) for v in extract(text, published=when).violations}


def test_the_subject_of_the_attack_is_not_the_source() -> None:
    text = (
        "Armenian troops fired mortars at Azerbaijan's Barda district on 3 October, "
        "Report news agency writes citing Azerbaijan's Defence Ministry."
    )
    assert keys(text, pub(2020, 10, 4)) == {("AZ", "AM", "2020-10-03")}


def test_a_source_given_with_per() -> None:
    text = "Azerbaijani rockets hit Martuni this morning, per Armenian Defence Ministry spokesman Ara Petrosyan."
    assert keys(text, pub(2020, 10, 22)) == {("AM", "AZ", "2020-10-22")}


def test_a_target_named_after_the_attack_is_not_the_agent() -> None:
    text = (
        "On Monday mortar rounds were fired at Armenian army posts outside Taghavard, "
        "Karabakh's Defence Army said."
    )
    assert keys(text, pub(2021, 9, 7)) == {("NK", "AZ", "2021-09-06")}


def test_the_agent_of_a_passive_attack() -> None:
    text = "A school in Tovuz was hit by the Armenian armed forces on Sunday, Azerbaijan's Defence Ministry said."
    assert keys(text, pub(2020, 7, 14)) == {("AZ", "AM", "2020-07-12")}


def test_a_writer_report_keeps_the_attacker_and_not_the_target() -> None:
    text = "Azerbaijani forces shelled the positions of Armenian troops near Hadrut on Friday."
    assert keys(text, pub(2020, 12, 13)) == {("unattributed", "AZ", "2020-12-11")}


def test_a_quotation_over_several_sentences_belongs_to_its_speaker() -> None:
    text = (
        "Azerbaijan's Defence Ministry said the border remained tense.\n"
        '"Armenian units fired on our positions near Gadabay during the night of 4 March. '
        'The enemy was silenced by return fire," the ministry said.'
    )
    assert keys(text, pub(2021, 3, 5)) == {("AZ", "AM", "2021-03-04")}


def denials(text: str, when: datetime) -> set[tuple[str, str, str | None]]:
    return {(d.denier, d.accuser, d.date) for d in extract(text, published=when).denials}


def test_a_denial_carries_the_accusation_it_denies() -> None:
    text = (
        "Armenia's Defence Ministry on Monday rejected Azerbaijani claims that Armenian "
        "artillery had shelled Tovuz."
    )
    when = pub(2020, 7, 14)
    assert keys(text, when) == {("AZ", "AM", "2020-07-13")}
    assert denials(text, when) == {("AM", "AZ", "2020-07-13")}


def test_a_verdict_on_a_claim_is_denied_by_the_speaker() -> None:
    text = (
        "Baku said Armenian forces fired on Tartar on Tuesday. "
        '"The reports of the Azerbaijani side about our shelling are absolutely false," '
        "Armenia's Defence Ministry spokesman said."
    )
    assert denials(text, pub(2020, 10, 7)) == {("AM", "AZ", "2020-10-06")}


def test_denied_by_names_the_denier() -> None:
    text = (
        "Azerbaijan accused Armenia of firing rockets at Mingachevir, which was denied by Yerevan."
    )
    assert {d[0] for d in denials(text, pub(2020, 10, 12))} == {"AM"}


def test_denying_a_capture_is_not_denying_an_attack() -> None:
    text = (
        "Azerbaijan's president said his army had captured the town of Hadrut. "
        "Armenia's Defence Ministry denied the claim, saying Hadrut remained under Armenian control."
    )
    assert denials(text, pub(2020, 10, 10)) == set()


def test_a_source_reporting_that_its_side_was_hit() -> None:
    text = "Armenian officials report that the town of Berd has again been shelled."
    assert keys(text, pub(2021, 11, 16)) == {("AM", "AZ", "2021-11-16")}


def test_a_lead_in_the_writers_words_is_the_claim_the_body_attributes() -> None:
    text = (
        "Armenian forces open fire on Azerbaijani positions near Tovuz\n"
        "Armenian units fired on Azerbaijani army positions in the Tovuz district on Monday, "
        "Azerbaijan's Defence Ministry said."
    )
    (v,) = extract(text, published=pub(2021, 11, 16)).violations
    assert (v.accuser, v.accused, v.date) == ("AZ", "AM", "2021-11-15")
    assert v.places == ("Tovuz",)


def test_a_writers_report_far_from_the_claim_stays_its_own() -> None:
    sentences = [
        "Azerbaijan's Defence Ministry said Armenian forces fired on Tovuz on Monday.",
        "The ministry gave no figures.",
        "The border has been tense for weeks.",
        "Talks are due next month.",
        "Diplomats urged calm.",
        "Armenian artillery also shelled a farm near Gadabay on Monday.",
    ]
    found = keys(" ".join(sentences), pub(2021, 11, 16))
    assert found == {("AZ", "AM", "2021-11-15"), ("unattributed", "AM", "2021-11-15")}


def test_an_actor_right_after_the_speech_cue_is_the_attacker() -> None:
    text = "The press office of the Artsakh Republic reported that Azerbaijani troops fired on Sos."
    assert {k[1] for k in keys(text, pub(2021, 3, 9))} == {"AZ"}
    assert ("AZ", "AM", "2021-03-09") not in keys(text, pub(2021, 3, 9))


def test_wounded_soldiers_are_victims_not_attackers() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian units fired on its posts near Lachin. "
        "Two Azerbaijani soldiers were wounded in the attack, it noted."
    )
    assert keys(text, pub(2021, 11, 16)) == {("AZ", "AM", "2021-11-16")}


def test_the_ministry_after_a_quote_is_the_last_ministry_named() -> None:
    text = (
        "Armenia's Defence Ministry reported heavy fighting on Tuesday. "
        '"Azerbaijani units are shelling the villages of Sotk and Kut," the MoD said.'
    )
    assert keys(text, pub(2022, 9, 13)) == {("AM", "AZ", "2022-09-13")}


def test_two_parties_reporting_together_is_mutual_blame() -> None:
    assert keys("Baku and Yerevan report new violations on the front.", pub(2020, 10, 19)) == set()


def test_truce_words_and_calls_for_inquiries_are_not_attacks() -> None:
    text = (
        "Russia's Defence Ministry said a complete cessation of fire would begin at midnight. "
        "Armenia's ombudsman called for an investigation into all ceasefire violations."
    )
    assert keys(text, pub(2020, 11, 10)) == set()


def test_a_negated_attack_is_not_reported() -> None:
    text = "No shells were fired at Barda from Armenian positions, Armenia's Defence Ministry said."
    assert keys(text, pub(2020, 10, 28)) == set()


def test_the_second_statement_after_while_is_its_own_claim() -> None:
    text = (
        "Armenia's Defence Ministry said Azerbaijan launched an attack near Hadrut, while "
        "Azerbaijan's Defence Ministry maintained that Armenian forces used mortars near Fuzuli."
    )
    assert keys(text, pub(2020, 10, 19)) == {
        ("AM", "AZ", "2020-10-19"),
        ("AZ", "AM", "2020-10-19"),
    }


def test_a_statement_carries_over_to_the_following_sentences() -> None:
    text = (
        "On 4 May at 21:10 Azerbaijani units fired on a farm near Khnushinak, "
        "Karabakh's human rights ombudsman said.\n\n"
        "Nobody was hurt.\n\n"
        "After midnight, the Azerbaijani side opened fire again."
    )
    assert keys(text, pub(2021, 5, 5)) == {("NK", "AZ", "2021-05-04"), ("NK", "AZ", "2021-05-05")}


def test_a_carried_statement_lapses() -> None:
    text = (
        "Karabakh's human rights ombudsman said Azerbaijani units fired on Khnushinak on 4 May. "
        "The village lies near the line. It has a school. Its road was repaired in spring. "
        "Many families moved away. Azerbaijani artillery shelled Martuni on 4 May."
    )
    assert ("unattributed", "AZ", "2021-05-04") in keys(text, pub(2021, 5, 5))


def test_a_verdict_without_a_speaker_is_the_other_sides() -> None:
    text = (
        "The allegations of Azerbaijan's Defence Ministry about shelling near Kalbajar are false."
    )
    assert denials(text, pub(2022, 9, 14)) == {("AM", "AZ", "2022-09-14")}


def test_the_speaker_of_a_quote_is_named_after_it() -> None:
    text = (
        "Armenia's Defence Ministry reported fighting on the border.\n"
        '"At 02:10 Azerbaijani units opened fire on our posts near Jermuk. '
        'The Azerbaijani forces also use drones," the ministry said.'
    )
    assert keys(text, pub(2022, 9, 13)) == {("AM", "AZ", "2022-09-13")}


def test_plural_and_inceptive_attack_words() -> None:
    text = (
        "Azerbaijan's Defence Ministry accused Armenia of rocketing Barda on Monday and of "
        "attempting offensives near Fuzuli. "
        "Armenian forces started firing in the direction of Tovuz on Monday, the ministry said."
    )
    found = extract(text, published=pub(2020, 10, 20)).violations
    assert {(v.accuser, v.accused, v.date) for v in found} == {("AZ", "AM", "2020-10-19")}
    assert {p for v in found for p in v.places} == {"Barda", "Fuzuli", "Tovuz"}


def test_a_statement_continued_in_the_next_sentence_adds_its_places() -> None:
    text = (
        '"Armenian units fired on our positions near Tovuz on Monday. '
        "Fighting also went on near Gadabay,\" Azerbaijan's Defence Ministry said."
    )
    found = extract(text, published=pub(2021, 11, 16)).violations
    assert {(v.accuser, v.accused, v.date) for v in found} == {("AZ", "AM", "2021-11-15")}
    assert {p for v in found for p in v.places} == {"Tovuz", "Gadabay"}


def test_denying_a_blockade_is_not_denying_an_attack() -> None:
    text = (
        "Armenia said Azerbaijan had violated the trilateral statement. "
        "Baku denied blocking the road through the corridor."
    )
    assert denials(text, pub(2023, 1, 10)) == set()


def test_an_unnamed_ministry_reporting_fire_on_its_own_side() -> None:
    text = (
        "Once more, Armenia's positions near Sotk have come under fire from Azerbaijani troops, "
        "the Defence Ministry has reported."
    )
    assert keys(text, pub(2022, 9, 13)) == {("AM", "AZ", "2022-09-13")}


def test_breaching_the_terms_of_a_statement_is_not_an_attack() -> None:
    text = "Armenia said Azerbaijan violated the provisions of the trilateral statement on Monday."
    assert keys(text, pub(2022, 12, 13)) == set()


def test_a_clause_without_its_subject_keeps_the_speaker_of_the_first() -> None:
    text = (
        "Azerbaijan's Defence Ministry insisted that its army observed the truce, but accused "
        "Armenian forces of shelling Tartar on Sunday."
    )
    assert keys(text, pub(2020, 10, 19)) == {("AZ", "AM", "2020-10-18")}


def test_a_ministry_resolved_by_its_claim_is_the_ministry_said_later() -> None:
    text = (
        "Azerbaijan's army positions came under fire from Armenian units near Gadabay, "
        "the Defence Ministry reported.\n\n"
        "On 11 August, from 16:20 to 21:05, Armenian units fired on posts near Tovuz "
        "and from 22:20 on 11 August to 00:05 on 12 August near Gadabay.\n\n"
        "Small arms were used in both cases, the ministry said."
    )
    assert keys(text, pub(2021, 8, 12)) == {("AZ", "AM", "2021-08-12"), ("AZ", "AM", "2021-08-11")}


def test_a_place_that_only_locates_a_narrower_one_is_left_out() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian units fired on posts in Nakhchivan's "
        "Sadarak region and along Armenia's border with Nakhchivan near Yeraskh on Monday."
    )
    (v,) = extract(text, published=pub(2021, 7, 13)).violations
    assert v.places == ("Sadarak", "Yeraskh")


def test_towns_named_by_their_role() -> None:
    text = "Officials in Yerevan say Nagorno-Karabakh's capital was shelled once more overnight."
    (v,) = extract(text, published=pub(2020, 10, 15)).violations
    assert v.places == ("Stepanakert",)


def test_spreading_misinformation_is_the_other_sides_denial() -> None:
    text = (
        "Hours later the Defence Ministry of Azerbaijan spread new misinformation, claiming "
        "that Armenian units were shelling its positions near Fuzuli."
    )
    assert denials(text, pub(2020, 10, 26)) == {("AM", "AZ", "2020-10-26")}


def test_the_source_after_according_to_is_not_the_attacker() -> None:
    text = "According to the Armenian defence ministry, Azerbaijani units fired on Sotk on Monday."
    assert keys(text, pub(2022, 9, 13)) == {("AM", "AZ", "2022-09-12")}


def test_calling_an_accusation_a_fabrication_is_the_callers_denial() -> None:
    text = (
        "Azerbaijan's Defence Ministry said on Monday that Armenian artillery shelled Tartar. "
        "Yerevan called the accusation a fabrication."
    )
    assert {d[0] for d in denials(text, pub(2020, 10, 13))} == {"AM"}


def test_breaking_the_commitments_of_a_statement_is_not_an_attack() -> None:
    text = (
        "Armenia's Foreign Ministry condemned the flagrant violation of the commitments "
        "undertaken by Azerbaijan under the trilateral statement."
    )
    assert keys(text, pub(2021, 3, 2)) == set()


def test_violating_the_ceasefire_is_still_an_attack() -> None:
    text = (
        "Armenia's Foreign Ministry condemned the violation of the ceasefire by Azerbaijani forces."
    )
    assert keys(text, pub(2021, 3, 2)) == {("AM", "AZ", "2021-03-02")}


def test_a_running_toll_of_the_war_is_not_an_incident() -> None:
    text = "Forty Armenian civilians have been killed in Azerbaijani attacks on towns so far, Karabakh's ombudsman said."
    ex = extract(text, published=pub(2020, 10, 20))
    assert ex.violations == ()
    assert [(c.claimant, c.figure) for c in ex.casualties] == [("NK", 40)]


def test_an_attack_with_a_toll_of_its_own_day_is_an_incident() -> None:
    text = (
        "Two civilians have been killed in Azerbaijani shelling of Martuni on 19 October, "
        "the highest toll in the town so far, Karabakh's ombudsman said."
    )
    assert keys(text, pub(2020, 10, 20)) == {("NK", "AZ", "2020-10-19")}


def test_denying_a_document_is_not_denying_an_attack() -> None:
    text = (
        "Armenia's Defence Ministry said Azerbaijani forces shelled Jermuk. "
        "Armenia's Security Council secretary denied that any accord was being prepared for signing."
    )
    assert extract(text, published=pub(2022, 9, 15)).denials == ()


def test_not_returning_fire_denies_the_accusation() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian units opened fire on its positions near Kalbajar. "
        "Armenia's Defence Ministry said its units did not take any countermeasures until Azerbaijani troops fired."
    )
    denials = extract(text, published=pub(2021, 7, 23)).denials
    assert [(d.denier, d.accuser, d.date) for d in denials] == [("AM", "AZ", "2021-07-23")]


def test_the_side_that_repels_the_attacks_is_not_their_agent() -> None:
    text = "Our units of the Defense Army successfully repelled the attacks near Taghavard."
    assert keys(text, pub(2020, 10, 26)) == set()


def test_an_attack_reported_beside_a_repelled_one_is_still_read() -> None:
    text = (
        "Karabakh's Defense Army said Azerbaijani troops shelled Martuni on Sunday, "
        "and its units repelled the attacks."
    )
    assert keys(text, pub(2020, 10, 26)) == {("NK", "AZ", "2020-10-25")}


def test_repelling_an_attack_accuses_its_agent() -> None:
    text = "Karabakh's Defense Army said on Tuesday that its units repelled an Azerbaijani assault near Martuni."
    assert keys(text, pub(2020, 10, 20)) == {("NK", "AZ", "2020-10-20")}


def test_a_source_that_is_only_information_is_not_the_actor_after_its_comma() -> None:
    text = "According to preliminary information, Azerbaijani forces shelled Martuni on Monday."
    assert keys(text, pub(2020, 10, 13)) == {("unattributed", "AZ", "2020-10-12")}


def test_a_denial_of_unowned_reports_carries_no_accusation() -> None:
    text = "The Karabakh ombudsman dismissed reports that ethnic Armenian forces had shelled Terter on Sunday."
    found = extract(text, published=pub(2020, 10, 13))
    assert found.violations == ()
    assert [(d.denier, d.date) for d in found.denials] == [("NK", "2020-10-11")]


def test_a_comment_written_on_social_media_is_its_authors_claim() -> None:
    text = (
        "On Telegram a spokeswoman for the Armenian government commented on the reports, writing that "
        "Azerbaijani troops had attacked Armenian border villages in a deliberate provocation."
    )
    assert keys(text, pub(2020, 12, 12)) == {("AM", "AZ", "2020-12-12")}


def test_a_caption_dates_the_shelling_a_day_before_its_photo() -> None:
    text = (
        "A man clears rubble from his roof a day after shelling by Armenian artillery "
        "in Terter, Azerbaijan, Tuesday, Oct. 13, 2020."
    )
    assert keys(text, pub(2020, 10, 13, 18)) == {("unattributed", "AM", "2020-10-12")}


def test_a_party_body_with_a_plain_modifier_speaks_for_its_party() -> None:
    text = "Azerbaijani forces shelled Martuni overnight, the Armenian unified information centre reported."
    assert keys(text, pub(2020, 10, 16)) == {("AM", "AZ", "2020-10-16")}


def test_the_leads_accusation_dated_by_its_statement_is_the_claim_the_body_dates() -> None:
    text = (
        "Azerbaijan's government on Friday accused Armenia of shelling a district far from the front line. "
        "The fighting has gone on for three weeks. "
        "Azerbaijan's Defence Ministry said Armenian forces fired rockets at Tovuz on Thursday."
    )
    assert keys(text, pub(2020, 10, 16)) == {("AZ", "AM", "2020-10-15")}


def test_a_writers_report_far_from_the_lead_is_a_report_of_its_own() -> None:
    text = (
        "Azerbaijan attacked Hadrut in the early morning of 18 October. "
        '"Before sunrise the enemy launched an attack on the southern flank," '
        "Armenia's Defence Ministry spokesman said.\n\n"
        "The reservoir lies on the river that marks the border with Iran, some way south of the town. "
        "Ministers of both countries met for ten hours of talks in Moscow a week ago.\n\n"
        "The sides agreed on another humanitarian truce that was due to begin at midnight. "
        "However, the Azerbaijani forces launched rocket strikes at Hadrut from 00:10 to 02:30."
    )
    assert keys(text, pub(2020, 10, 18)) == {
        ("AM", "AZ", "2020-10-18"),
        ("unattributed", "AZ", "2020-10-18"),
    }


def test_a_surname_named_with_a_title_speaks_after_a_closing_quote_and_comma() -> None:
    text = (
        '"The truce did not hold for an hour," Defense Army spokesman Gor Avetisyan told reporters. '
        "Baku had promised to respect it. The talks in Washington lasted two days. "
        '"In the afternoon, heavy battles took place near Martuni. All our units were in action.\n'
        'We repelled every attack", Avetisyan said.'
    )
    assert keys(text, pub(2020, 10, 26)) == {("NK", "AZ", "2020-10-26")}


def test_bulletin_lines_are_sentences_and_name_their_source_after_a_closing_dash() -> None:
    text = (
        "News from the front\n"
        "\u2022 From 6 am on November 2, Armenian troops have kept up artillery fire on settlements "
        "in the Terter district \u2013 the Azerbaijani Defense Ministry.\n"
        "\u2022 Overnight an Azerbaijani unit fired at Martuni, the Karabakh Defence Army said\n"
        "\u2022 Late on November 1 rockets struck Stepanakert, wounding three residents."
    )
    assert keys(text, pub(2020, 11, 2)) == {("AZ", "AM", "2020-11-02"), ("NK", "AZ", "2020-11-02")}


def test_a_person_named_without_a_party_makes_no_writers_report() -> None:
    assert (
        keys(
            "Lilit Sargsyan, a member of parliament, says Azerbaijan has shelled Vardenis as well.",
            pub(2022, 9, 13),
        )
        == set()
    )
    quoted = '"Azerbaijan has shelled the homes of civilians near Goris. It must stop now," Mark Dalton tweeted.'
    assert keys(quoted, pub(2022, 9, 13)) == set()


def test_a_named_witness_stays_a_source_of_the_writers_report() -> None:
    text = "Karen Sargsyan, a resident of the village, said Azerbaijani troops shelled the village at dawn."
    assert keys(text, pub(2022, 9, 13)) == {("unattributed", "AZ", "2022-09-13")}


def test_a_monitors_undated_report_is_the_one_the_text_dates_elsewhere() -> None:
    text = (
        "Russia's Defence Ministry said it had recorded a first breach of the truce.\n\n"
        "Armenia said three of its soldiers were wounded after fighting erupted on Friday night.\n\n"
        "Moscow confirms the ceasefire violation"
    )
    assert keys(text, pub(2020, 12, 14)) == {
        ("AM", "AZ", "2020-12-11"),
        ("RU", "unattributed", "2020-12-11"),
    }


def test_a_day_given_to_renewed_gunfire_dates_the_next_sentence() -> None:
    text = (
        "On May 3, Armenia's Defence Ministry said Azerbaijani units fired at its posts near Vardenis. "
        "On May 4, the ministry reported renewed gunfire along the border. "
        "At 10:15am, units of Azerbaijan's army opened fire again on Armenian posts."
    )
    assert keys(text, pub(2022, 5, 4, 18)) == {
        ("AM", "AZ", "2022-05-03"),
        ("AM", "AZ", "2022-05-04"),
    }


def test_a_counterfactual_of_continued_fighting_reports_no_attack() -> None:
    text = (
        "Baku, which has claimed many gains, pressed its offensive. "
        'The Karabakh leader admitted on Tuesday that "had the fighting continued at this pace, '
        'we would have lost the whole region within days."'
    )
    assert keys(text, pub(2020, 11, 10)) == set()


def test_a_headline_denial_of_a_capture_told_below_is_no_denial_of_an_attack() -> None:
    text = (
        "Meanwhile, Yerevan has denied the claim.\n\n"
        "Azerbaijan's president announced on Sunday the capture of the town of Hadrut by his army."
    )
    assert extract(text, published=pub(2020, 10, 11)).denials == ()


def test_a_statement_shared_by_a_named_official_is_his_partys() -> None:
    text = (
        "On July 2 Artsakh Ombudsman Gegham Stepanyan shared that Azerbaijani soldiers "
        "deployed outside Shushi fired into the air for hours."
    )
    assert keys(text, pub(2021, 7, 3)) == {("NK", "AZ", "2021-07-02")}


def test_a_partys_shootout_with_a_day_and_place_accuses_the_other_side() -> None:
    text = (
        "On August 20, Armenian military officials say their troops held their ground "
        "in a shootout lasting several hours outside the village of Sotk."
    )
    assert keys(text, pub(2021, 8, 22)) == {("AM", "AZ", "2021-08-20")}


def test_an_undated_accusation_is_the_one_the_next_sentence_dates() -> None:
    text = (
        '"On 13 September, at 00:05, Azerbaijani units opened fire at Armenian positions near Goris," '
        "Armenia's Defence Ministry said.\n\n"
        'Azerbaijan\'s Defence Ministry has put out a statement that blames Armenia for "massive provocations". '
        '"Overnight on September 12, Armenian army units carried out massive provocations '
        'on the Kalbajar front," reads the statement.'
    )
    assert keys(text, pub(2022, 9, 13)) == {("AM", "AZ", "2022-09-13"), ("AZ", "AM", "2022-09-12")}
