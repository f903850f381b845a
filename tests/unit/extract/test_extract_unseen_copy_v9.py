"""Mechanisms seen on real copy (extractor v9): sentences written for these tests, in the
patterns such copy uses, from the reference facts."""

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
        "The Karabakh ombudsman said 20 civilians were injured in Martuni: 6 children, six men "
        "and 8 women."
    )
    assert figures(text, pub(2023, 9, 20)) == {("NK", "armenian", "civilian_injured", 20)}
    text = "The Karabakh ombudsman said 20 civilians were injured, including 6 children."
    assert ("NK", "armenian", "civilian_injured", 6) in figures(text, pub(2023, 9, 20))


def test_a_commissioner_cited_for_data_speaks_for_the_region() -> None:
    text = (
        "The shelling killed at least four civilians of Nagorno-Karabakh and wounded 12, a "
        "news agency wrote, citing data of Karabakh's human rights commissioner Gegham "
        "Stepanyan."
    )
    assert figures(text, pub(2023, 9, 20)) == {
        ("NK", "armenian", "civilian_killed", 4),
        ("NK", "armenian", "civilian_injured", 12),
    }


def test_a_quotation_closed_by_the_statement_reads_is_the_statements_author() -> None:
    text = (
        "The Artsakh Ministry of Defense reported on the incident.\n"
        '"The situation is tense. Sporadic fire toward Defense Army posts near Taghavard by '
        'Azerbaijani units breached the ceasefire regime. Nobody was hurt," the statement reads.'
    )
    assert accusations(text, pub(2022, 2, 21)) == {("NK", "AZ", "2022-02-21")}


def test_a_body_informed_of_a_violation_does_not_report_it() -> None:
    text = (
        "The Artsakh Defence Ministry said Azerbaijani troops fired on Defense Army posts near "
        "Taghavard on Monday. Russia's peacekeeping command has been informed of that ceasefire "
        "violation by Azerbaijani forces."
    )
    assert {a for a, _, _ in accusations(text, pub(2022, 2, 21))} == {"NK"}


def test_a_denial_answers_every_day_of_the_accusation_before_it() -> None:
    text = (
        "According to the Azerbaijani Defence Ministry, Defense Army units shot at Azerbaijani "
        "posts near Shusha on Sunday and Monday. The Artsakh Defence Ministry said these "
        "allegations were false."
    )
    denials = extract(text, published=pub(2022, 2, 21)).denials
    assert {(d.denier, d.occurred.date) for d in denials} == {
        ("NK", "2022-02-20"),
        ("NK", "2022-02-21"),
    }


def test_denying_claims_of_violations_accuses_nobody() -> None:
    text = (
        "Azerbaijan's Defence Ministry has dismissed as false Armenia's claims of the alleged "
        "truce violations, a news agency reports, citing the ministry."
    )
    found = extract(text, published=pub(2022, 10, 18))
    assert {(d.denier, d.accuser) for d in found.denials} == {("AZ", "AM")}
    assert not [v for v in found.violations if v.accuser == "AZ"]


def test_a_habit_or_a_series_of_attacks_is_no_incident() -> None:
    denial = (
        "The Azerbaijani Defence Ministry said it was untrue that its units had fired at "
        "Armenian posts on the night of October 18. "
    )
    for background in (
        "Armenian units periodically fire on Azerbaijani posts along the frontier.",
        "Azerbaijani posts have come under Armenian fire multiple times since the start of "
        "September.",
    ):
        found = extract(denial + background, published=pub(2022, 10, 18))
        assert not [v for v in found.violations if v.accuser == "AZ"], background


def test_a_background_month_after_a_statement_is_the_writers() -> None:
    text = (
        "The Armenian Defence Ministry said Azerbaijani forces shelled Jermuk on Tuesday. In "
        "August, two soldiers serving in the defence force of the self-proclaimed Artsakh "
        "Republic were killed and 19 others were wounded when Azerbaijani forces struck near "
        "Lachin."
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
        "The Azerbaijani Defence Ministry has denied Armenian claims about alleged breaches of "
        "the ceasefire, a news agency reports. It is untrue that Azerbaijani units fired on "
        "Armenian units overnight into October 18, the ministry said. The fighting along the "
        "state border had flared up on the night of September 12."
    )
    assert not extract(text, published=pub(2022, 10, 18)).truce_refs


def test_a_list_of_links_to_other_stories_reports_nothing() -> None:
    text = (
        "The Artsakh Defence Ministry said Azerbaijani units opened fire near Taghavard "
        "overnight.\n"
        "Related news\n"
        "- Drone strike leaves one Artsakh soldier dead and eight hurt\n"
        "- Artsakh says Azerbaijan grossly broke the ceasefire\n\n"
        "Read more: Baku says Armenian fire hurt two of its soldiers in Kalbajar\n"
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
        "Wednesday, wounding a soldier.\n\nThe Karabakh foreign ministry said the shooting grossly "
        "violated the trilateral statement of the heads of Russia, Armenia and Azerbaijan of "
        "November 9, 2020."
    )
    assert accusations(text, pub(2021, 1, 13)) == {("NK", "AZ", "2021-01-13")}


def test_an_undated_denial_dated_by_the_accusation_below_counts_once() -> None:
    text = (
        "Armenia's defence ministry denies the statement of the Azerbaijani ministry according "
        'to which Armenian troops fired on Azerbaijani posts in Tavush.\n\n"Once more the '
        "Azerbaijani ministry is spreading disinformation, alleging that Armenian troops "
        'fired on its posts on the evening of June 27. This is untrue," the Armenian defence '
        "ministry said."
    )
    found = extract(text, published=pub(2021, 6, 28)).denials
    assert [(d.denier, d.accuser, d.date) for d in found] == [("AM", "AZ", "2021-06-27")]


def test_both_sides_denying_each_others_claims_is_no_denial() -> None:
    text = (
        "Armenia said Azerbaijani forces shelled Stepanakert on Sunday. Azerbaijan said "
        "Armenian forces shelled Terter. The two sides have time and again denied each other's "
        "accounts."
    )
    assert extract(text, published=pub(2020, 10, 11)).denials == ()


def test_an_attack_minutes_after_the_truce_was_reached_is_of_the_truces_day() -> None:
    lead = "On Sunday Armenia and Azerbaijan traded accusations of breaking the Moscow truce.\n"
    text = (
        lead + "The Karabakh army said Azerbaijani troops went on the offensive a mere ten "
        "minutes after the ceasefire was reached."
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
    text = "On Wednesday, two Karabakh soldiers lost their lives and another 19 suffered wounds."
    assert figures(text, pub(2022, 8, 8)) == {
        ("unattributed", "armenian", "military_killed", 2),
        ("unattributed", "armenian", "military_injured", 19),
    }
    text = (
        "Two Karabakh soldiers lost their lives and a further 19 suffered wounds in the attack, "
        "the Karabakh defense army said."
    )
    assert ("NK", "armenian", "military_injured", 19) in figures(text, pub(2022, 8, 5))


def test_an_agreements_date_after_its_parties_is_not_the_day_the_story_tells_of() -> None:
    text = (
        "The Karabakh army said Azerbaijani forces fired at its positions near Shushi on "
        "Wednesday.\n\nThe Karabakh foreign ministry called the shooting a serious breach of the "
        "trilateral statement by the heads of Russia, Armenia and Azerbaijan of November 9, "
        "2020."
        '\n\n"Baku must stop provocations that put the current truce at risk," the ministry '
        "said."
    )
    found = extract(text, published=pub(2021, 1, 13)).truce_refs
    assert {r.truce_id for r in found} == {"nk-2020-11-10"}


def test_a_series_counted_in_occasions_over_a_past_week_is_no_incident() -> None:
    for text in (
        "Last week the Russian defence ministry blamed Azerbaijan for breaking the ceasefire in "
        "Karabakh on three separate occasions.",
        "The Russian defense ministry has, on three occasions, blamed Azerbaijan for "
        "ceasefire violations in Karabakh.",
    ):
        assert accusations(text, pub(2022, 8, 8)) == set()
    text = "On Sunday, the Russian defense ministry blamed Azerbaijan for a ceasefire violation."
    assert accusations(text, pub(2022, 8, 8)) == {("RU", "AZ", "2022-08-07")}
