"""Mechanisms found on a fourth batch of copy the rules were not tuned on (extractor v9):
sentences written for these tests, in the patterns such copy uses, from the reference facts."""

from __future__ import annotations

from datetime import datetime

from tests.unit.extract.test_extract_unseen_copy_v8 import figures, pub
from tracker.extract import extract


def accusations(text: str, when: datetime) -> set[tuple[str, str, str | None]]:
    return {
        (v.accuser, v.accused, v.occurred.date) for v in extract(text, published=when).violations
    }


def test_a_country_speaking_before_an_attack_noun_is_the_speaker_not_the_agent() -> None:
    text = (
        "Azerbaijan said that shelling by Armenian troops of the town of Tartar "
        "had left three people dead."
    )
    assert figures(text, pub(2020, 10, 18)) == {("AZ", "azerbaijani", "total_killed", 3)}


def test_the_day_a_truce_was_imposed_is_not_the_day_of_the_attack() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian forces shelled Ganja in the early hours of "
        "Sunday, hours after the truce was agreed upon by the two sides and imposed on Saturday "
        "afternoon."
    )
    assert accusations(text, pub(2020, 10, 11)) == {("AZ", "AM", "2020-10-11")}


def test_a_toll_broken_down_by_age_after_a_colon_counts_once() -> None:
    text = (
        "The Karabakh ombudsman said 20 civilians were injured in Martuni: 6 children, "
        "8 women and six men."
    )
    assert figures(text, pub(2023, 9, 20)) == {("NK", "armenian", "civilian_injured", 20)}
    text = "The Karabakh ombudsman said 20 civilians were injured, including 6 children."
    assert ("NK", "armenian", "civilian_injured", 6) in figures(text, pub(2023, 9, 20))


def test_a_commissioner_cited_for_data_speaks_for_the_region() -> None:
    text = (
        "At least four Nagorno-Karabakh civilians died and 12 were injured in the shelling, "
        "a news agency reported, citing data of Nagorno-Karabakh human rights commissioner "
        "Gegham Stepanyan."
    )
    assert figures(text, pub(2023, 9, 20)) == {
        ("NK", "armenian", "civilian_killed", 4),
        ("NK", "armenian", "civilian_injured", 12),
    }


def test_a_quotation_closed_by_the_statement_reads_is_the_statements_author() -> None:
    text = (
        "The Artsakh Ministry of Defense reported on the incident.\n"
        '"The situation is tense. The ceasefire regime in the area was violated by Azerbaijani '
        "units, which opened irregular fire in the direction of the Defense Army positions near "
        'Taghavard. There were no casualties," the statement reads.'
    )
    assert accusations(text, pub(2022, 2, 21)) == {("NK", "AZ", "2022-02-21")}


def test_a_body_informed_of_a_violation_does_not_report_it() -> None:
    text = (
        "The Artsakh Defence Ministry said Azerbaijani units opened fire at the Defense Army "
        "positions near Taghavard on Monday. The command of the Russian peacekeeping contingent "
        "has been informed of the ceasefire violation by the Azerbaijani units."
    )
    assert {a for a, _, _ in accusations(text, pub(2022, 2, 21))} == {"NK"}


def test_a_denial_answers_every_day_of_the_accusation_before_it() -> None:
    text = (
        "The Azerbaijani Defence Ministry said that on Sunday and Monday units of the Defense "
        "Army opened fire at Azerbaijani positions near Shusha. The Artsakh Defence Ministry "
        "said the allegations are completely false."
    )
    denials = extract(text, published=pub(2022, 2, 21)).denials
    assert {(d.denier, d.occurred.date) for d in denials} == {
        ("NK", "2022-02-20"),
        ("NK", "2022-02-21"),
    }


def test_denying_claims_of_violations_accuses_nobody() -> None:
    text = (
        "The Azerbaijani Defence Ministry has denied Armenia's claims of the alleged ceasefire "
        "violations, a news agency reports, citing the ministry."
    )
    found = extract(text, published=pub(2022, 10, 18))
    assert {(d.denier, d.accuser) for d in found.denials} == {("AZ", "AM")}
    assert not [v for v in found.violations if v.accuser == "AZ"]


def test_a_habit_or_a_series_of_attacks_is_no_incident() -> None:
    denial = (
        "An accusation that Azerbaijani units opened fire on Armenian positions on the night of "
        "October 18 is absolutely false, the Azerbaijani Defence Ministry said. "
    )
    for background in (
        "Armenia periodically shells Azerbaijani positions on the border.",
        "Since early September, Azerbaijani positions have multiple times come under Armenian fire.",
    ):
        found = extract(denial + background, published=pub(2022, 10, 18))
        assert not [v for v in found.violations if v.accuser == "AZ"], background


def test_a_background_month_after_a_statement_is_the_writers() -> None:
    text = (
        "The Armenian Defence Ministry said Azerbaijani forces shelled Jermuk on Tuesday. In "
        "August, two soldiers from the defense force of the de facto Artsakh Republic was killed "
        "and 19 others were injured in strikes by Azerbaijani forces near Lachin."
    )
    when = pub(2022, 9, 13)
    assert accusations(text, when) == {
        ("AM", "AZ", "2022-09-13"),
        ("unattributed", "AZ", "2022-08"),
    }
    # the soldiers' unit names their side, the "others" are of the same side, and the
    # republic is no person killed
    assert figures(text, when) == {
        ("unattributed", "armenian", "military_killed", 2),
        ("unattributed", "armenian", "military_injured", 19),
    }


def test_a_bare_ceasefire_on_the_state_border_is_not_the_karabakh_truce() -> None:
    text = (
        "The Azerbaijani Defence Ministry has denied Armenia's claims of the alleged ceasefire "
        "violations, a news agency reports. Armenia's accusation that on the night of October 18 "
        "Azerbaijani units opened fire on Armenian units is false, the ministry said. The border "
        "clashes erupted on the night of September 12 along the state border."
    )
    assert not extract(text, published=pub(2022, 10, 18)).truce_refs


def test_a_list_of_links_to_other_stories_reports_nothing() -> None:
    text = (
        "The Artsakh Defence Ministry said Azerbaijani units opened fire near Taghavard "
        "overnight.\n"
        "Related news\n"
        "- One Artsakh soldier killed, eight wounded in Azerbaijani drone attack\n"
        "- Artsakh reports blatant ceasefire violation by Azerbaijan\n\n"
        "Read more: Azerbaijan says two soldiers wounded by Armenian fire in Kalbajar\n"
    )
    found = extract(text, published=pub(2022, 8, 5))
    assert {(v.accuser, v.accused) for v in found.violations} == {("NK", "AZ")}
    assert not found.casualties


def test_an_agency_report_referring_to_a_ministry_is_the_ministrys() -> None:
    text = (
        "Armenian troops fired at the town of Terter on October 11, an agency reports "
        "referring to the Defense Ministry of Azerbaijan."
    )
    assert accusations(text, pub(2020, 10, 11)) == {("AZ", "AM", "2020-10-11")}
    text = "The shelling of Terter, referring to the Defense Ministry of Azerbaijan, went on."
    assert all(a != "AZ" for a, _, _ in accusations(text, pub(2020, 10, 11)))


def test_the_date_of_an_agreement_named_after_its_parties_is_no_incident_day() -> None:
    text = (
        "The Defense Army said Azerbaijani forces fired at its positions near Shushi on "
        "Wednesday, wounding a soldier.\n\nThe Karabakh foreign ministry said the shooting was "
        "a gross violation of the trilateral statement of the leaders of Armenia, Russia and "
        "Azerbaijan of November 9, 2020."
    )
    assert accusations(text, pub(2021, 1, 13)) == {("NK", "AZ", "2021-01-13")}


def test_an_undated_denial_dated_by_the_accusation_below_counts_once() -> None:
    text = (
        "The Defense Ministry of Armenia denies the statement of the Azerbaijani defense "
        "ministry according to which Armenian units opened fire at Azerbaijani positions in "
        'Tavush.\n\n"The Azerbaijani defense ministry is spreading disinformation again, '
        "claiming that in the evening of June 27 Armenian units opened fire at the Azerbaijani "
        'positions. This has nothing to do with reality," the Armenian defense ministry said.'
    )
    found = extract(text, published=pub(2021, 6, 28)).denials
    assert [(d.denier, d.accuser, d.date) for d in found] == [("AM", "AZ", "2021-06-27")]


def test_both_sides_denying_each_others_claims_is_no_denial() -> None:
    text = (
        "Armenia said Azerbaijani forces shelled Stepanakert on Sunday. Azerbaijan said "
        "Armenian forces shelled Terter. The two sides have consistently denied each other's "
        "claims."
    )
    assert extract(text, published=pub(2020, 10, 11)).denials == ()


def test_an_attack_minutes_after_the_truce_was_reached_is_of_the_truces_day() -> None:
    lead = "On Sunday Armenia and Azerbaijan traded accusations of breaking the Moscow truce.\n"
    text = (
        lead + "The Karabakh army said Azerbaijani forces launched an offensive five minutes "
        "after the ceasefire was reached."
    )
    assert accusations(text, pub(2020, 10, 11)) == {("NK", "AZ", "2020-10-10")}
    text = (
        lead + "Within minutes of the truce taking effect, the Karabakh army said, Azerbaijani "
        "forces shelled Martuni."
    )
    assert accusations(text, pub(2020, 10, 11)) == {("NK", "AZ", "2020-10-10")}


def test_an_undated_statement_does_not_run_on_to_an_attack_days_before() -> None:
    text = (
        "The Armenian Defence Ministry said Azerbaijani forces fired at Armenian positions "
        "near Sotk.\nTwo Armenian soldiers were killed in an Azerbaijani attack on Friday."
    )
    when = pub(2022, 8, 8)
    assert figures(text, when) == {("unattributed", "armenian", "military_killed", 2)}
    assert ("AM", "AZ", "2022-08-05") not in accusations(text, when)
    text = (
        "The Armenian Defence Ministry said Azerbaijani forces fired at Armenian positions "
        "near Sotk.\nTwo Armenian soldiers were killed in an Azerbaijani attack on Sunday."
    )
    assert figures(text, when) == {("AM", "armenian", "military_killed", 2)}


def test_another_n_after_a_figure_is_of_its_kind_and_side() -> None:
    text = "On Wednesday, two Karabakh soldiers were killed and another 19 were wounded."
    assert figures(text, pub(2022, 8, 8)) == {
        ("unattributed", "armenian", "military_killed", 2),
        ("unattributed", "armenian", "military_injured", 19),
    }
    text = (
        "Two Karabakh soldiers were killed and a further 19 were wounded in the attack, the "
        "Karabakh defense army said."
    )
    assert ("NK", "armenian", "military_injured", 19) in figures(text, pub(2022, 8, 5))


def test_an_agreements_date_after_its_parties_is_not_the_day_the_story_tells_of() -> None:
    text = (
        "The Karabakh army said Azerbaijani forces fired at its positions near Shushi on "
        "Wednesday.\n\nThe Karabakh foreign ministry said this was a gross violation of the "
        "trilateral statement of the leaders of Armenia, Russia and Azerbaijan of November 9, "
        '2020.\n\n"We call on Azerbaijan to refrain from provocative actions that could '
        'undermine the current truce," the ministry said.'
    )
    found = extract(text, published=pub(2021, 1, 13)).truce_refs
    assert {r.truce_id for r in found} == {"nk-2020-11-10"}


def test_a_series_counted_in_occasions_over_a_past_week_is_no_incident() -> None:
    for text in (
        "Throughout last week, the Russian defense ministry, on three separate occasions, "
        "issued statements blaming Azerbaijan for ceasefire violations in Karabakh.",
        "The Russian defense ministry has, on three occasions, blamed Azerbaijan for "
        "ceasefire violations in Karabakh.",
    ):
        assert accusations(text, pub(2022, 8, 8)) == set()
    text = "On Sunday, the Russian defense ministry blamed Azerbaijan for a ceasefire violation."
    assert accusations(text, pub(2022, 8, 8)) == {("RU", "AZ", "2022-08-07")}
