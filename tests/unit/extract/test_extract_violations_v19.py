"""Accusations, truces and places (extractor v19): sentences written for these tests, in the
shapes wire copy takes, from the reference facts (the known truces, the places of the line
of contact and the border, the sides and their bodies)."""

from __future__ import annotations

from datetime import datetime

from tests.unit.extract.test_extract_unseen_copy_v8 import pub
from tests.unit.extract.test_extract_violations_v18 import accusations, claims
from tracker.extract import extract


def truces(text: str, when: datetime) -> set[str]:
    return {r.truce_id for r in extract(text, published=when).truce_refs}


def denials(text: str, when: datetime) -> set[tuple[str, str | None]]:
    return {(d.denier, d.date) for d in extract(text, published=when).denials}


# Truce references


def test_a_deal_brokered_by_a_country_that_ended_the_fighting_is_the_trilateral_statement() -> None:
    text = (
        "Baku regained several districts in autumn 2020. The six-week war ended with an "
        "agreement brokered by Russia."
    )
    assert truces(text, pub(2022, 9, 15)) == {"nk-2020-11-10"}


def test_a_deal_ending_the_war_dated_by_its_month() -> None:
    text = (
        "Turkey said the border tension grew out of Armenia's failure to honour the 2020 "
        "agreement ending the Karabakh war."
    )
    assert "nk-2020-11-10" in truces(text, pub(2022, 9, 15))


def test_guard_a_deal_brokered_on_something_else_names_no_truce() -> None:
    text = "The ministers discussed a gas transit deal brokered by Brussels last year."
    assert truces(text, pub(2022, 9, 15)) == set()


def test_the_day_of_an_accusation_before_a_truce_is_not_the_truce_s_day() -> None:
    text = (
        "Yerevan and Baku accused one another on Saturday (October 17) of new strikes that broke "
        "a Russian-brokered truce."
    )
    assert truces(text, pub(2020, 10, 17)) == {"nk-2020-10-10"}


def test_a_truce_agreed_a_week_ago_is_the_one_made_that_week() -> None:
    text = (
        "Observers said on Saturday the truce agreed a week ago for an exchange of prisoners "
        "had collapsed."
    )
    assert truces(text, pub(2020, 10, 17)) == {"nk-2020-10-10"}


def test_guard_a_day_after_the_truce_s_making_still_names_it() -> None:
    text = "The humanitarian truce agreed on Saturday was broken within hours, Stepanakert said."
    assert "nk-2020-10-18" in truces(text, pub(2020, 10, 18))


def test_guard_a_day_written_as_the_truce_s_attribute_still_names_it() -> None:
    text = "The October 17 humanitarian truce was broken within hours, Stepanakert said."
    assert "nk-2020-10-18" in truces(text, pub(2020, 10, 18))


# Who accuses whom


def test_the_object_of_a_bare_attack_verb_is_the_target_not_the_accused() -> None:
    text = (
        "Yesterday the adversary continued to attack the Defence Army with tanks and drones. "
        "Artur Petrosyan, deputy commander of the Artsakh Defence Army, said this on Friday."
    )
    assert not any(b == "NK" for _, b, _ in accusations(text, pub(2020, 10, 2)))


def test_guard_the_attack_of_an_army_names_its_agent() -> None:
    text = (
        "Four conscripts died on Tuesday in the attack of Azerbaijani troops near Jermuk, the "
        "Armenian Defence Ministry said."
    )
    assert ("AM", "AZ", "2021-11-16") in accusations(text, pub(2021, 11, 18))


def test_a_denied_report_of_the_accuser_s_own_strike_is_no_accusation() -> None:
    text = (
        "The Azerbaijani Defence Ministry denied Yerevan's claims that strikes by Armenian "
        "forces had destroyed an airfield near Ganja."
    )
    assert ("AM", "AZ", "2020-10-04") not in accusations(text, pub(2020, 10, 4))
    assert ("AZ", "2020-10-04") in denials(text, pub(2020, 10, 4))


def test_guard_a_denied_accusation_of_the_denier_s_strike_is_still_read() -> None:
    text = (
        "The Azerbaijani Defence Ministry denied Yerevan's claims that its forces had shelled "
        "Stepanakert on Sunday."
    )
    assert ("AM", "AZ", "2020-10-04") in accusations(text, pub(2020, 10, 5))


def test_a_second_verb_after_but_is_the_first_speaker_s() -> None:
    text = (
        "The Azerbaijani Defence Ministry denied reports that shelling from Armenian forces had "
        "hit an airfield but instead said the shelling targeted civilians in Ganja."
    )
    found = accusations(text, pub(2020, 10, 4))
    assert ("AZ", "AM", "2020-10-04") in found
    assert ("AM", "AZ", "2020-10-04") not in found


def test_a_second_verb_after_and_is_the_first_speaker_s() -> None:
    text = (
        "Yerevan reported an attack by Azerbaijani troops on Sotk and said two soldiers were "
        "wounded there on Tuesday."
    )
    assert ("AM", "AZ", "2022-09-13") in accusations(text, pub(2022, 9, 14))


def test_guard_a_second_verb_of_the_same_speaker_keeps_the_claim() -> None:
    text = (
        "Yerevan said that Azerbaijani troops shelled Sotk on Tuesday and added that the fire "
        "went on overnight."
    )
    assert ("AM", "AZ", "2022-09-13", ("Sotk",)) in claims(text, pub(2022, 9, 14))


def test_a_writer_s_paragraph_after_a_closed_quotation_is_the_writer_s() -> None:
    text = (
        "Two civilians were killed in an Azerbaijani attack, the Artsakh ombudsman said.\n\n"
        '"Civilian objects are being targeted," the ombudsman said.\n\n'
        "Azerbaijani forces have shelled Stepanakert and nearby villages with rockets and drones."
    )
    assert ("unattributed", "AZ", "2023-09-19", ("Stepanakert",)) in claims(text, pub(2023, 9, 19))


def test_guard_the_next_sentence_of_the_same_paragraph_is_still_the_party_s() -> None:
    text = (
        "The Armenian side shelled the village of Alkhanli on Monday, the Azerbaijani Defence "
        "Ministry said. After midnight, the Armenian side fired at the posts near Fuzuli."
    )
    found = accusations(text, pub(2022, 5, 10))
    assert not any(a == "unattributed" for a, _, _ in found)


# Days and places


def test_days_written_as_one_list_share_the_places_of_the_claim() -> None:
    text = (
        "The Azerbaijani Defence Ministry said the Armenian armed units had opened fire on its "
        "posts around Shosh and Taghavard on May 20 and 21."
    )
    assert claims(text, pub(2022, 5, 22)) == {
        ("AZ", "AM", "2022-05-20", ("Shosh", "Taghavard")),
        ("AZ", "AM", "2022-05-21", ("Shosh", "Taghavard")),
    }


def test_guard_days_with_places_of_their_own_keep_them_apart() -> None:
    text = (
        "The ministry said the Armenian units fired at the village of Alkhanli on 20 May, and "
        "at the posts near Fuzuli on 21 May."
    )
    found = claims(text, pub(2022, 5, 22))
    assert ("AZ", "AM", "2022-05-21", ("Alkhanli", "Fuzuli")) not in found


def test_an_undated_denial_answers_each_day_of_the_accusation_after_it() -> None:
    text = (
        "The Artsakh Defence Army denied firing at Azerbaijani posts. "
        "The Azerbaijani Defence Ministry had earlier claimed that units of the Defence Army "
        "had opened fire on its posts around Taghavard on May 20 and 21."
    )
    found = denials(text, pub(2022, 5, 22))
    assert {("NK", "2022-05-20"), ("NK", "2022-05-21")} <= found


def test_a_place_pointed_back_to_is_the_place_of_the_claim_before() -> None:
    text = (
        "The Azerbaijani Defence Ministry said the Armenian units had opened fire around Shosh "
        "and Taghavard on Monday. The Artsakh Defence Ministry said that the truce in the "
        "mentioned area was in fact broken by Azerbaijani units on Monday."
    )
    assert ("NK", "AZ", "2022-02-21", ("Shosh", "Taghavard")) in claims(text, pub(2022, 2, 22))


def test_guard_a_claim_with_a_place_of_its_own_keeps_it() -> None:
    text = (
        "The Azerbaijani Defence Ministry said the Armenian units had opened fire near Shosh on "
        "Monday. The Artsakh Defence Ministry said that Azerbaijani units fired at the village "
        "of Taghavard in that area on Monday."
    )
    assert ("NK", "AZ", "2022-02-21", ("Taghavard",)) in claims(text, pub(2022, 2, 22))


def test_front_line_villages_of_the_terter_district_are_places() -> None:
    text = (
        "Armenian forces shelled the villages of Duyarli and Husanli in the Tartar district on "
        "Wednesday, the Azerbaijani Defence Ministry said."
    )
    found = claims(text, pub(2020, 10, 14))
    assert any({"Duyarli", "Husanli"} <= set(p) for _, _, _, p in found)
