"""Status rules: supersession by party-set cover, the truce in force, collapse rule C1,
lifespan and time to first violation on both clocks."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.domain.domain_builders import SOURCE, a_book, a_report, a_truce, at
from tracker.domain.events import ClaimRetracted, TruceCollapsed, TruceEnded
from tracker.domain.truces import assess, status_at


def test_a_later_truce_between_the_same_parties_supersedes_the_earlier_under_s1_1() -> None:
    book = a_book([a_truce("t1"), a_truce("t2", effective="2020-10-18T00:00+04:00")])
    t1 = assess(book).truces["t1"]
    assert (t1.status, t1.rule_id, t1.superseded_by) == ("superseded", "S1.1", "t2")
    assert t1.ended_at is not None and t1.ended_at.instant == at("2020-10-18T00:00+04:00").instant


def test_a_truce_binding_az_and_nk_does_not_supersede_one_binding_am_and_az() -> None:
    book = a_book(
        [a_truce("t1"), a_truce("t2", parties=("AZ", "NK"), effective="2020-10-18T00:00+04:00")]
    )
    assert assess(book).truces["t1"].status == "holding"


def test_a_truce_with_no_claims_is_holding_and_its_lifespan_is_ongoing() -> None:
    t = assess(a_book([a_truce("t1", announced="2020-10-10T03:00+03:00")])).truces["t1"]
    assert (t.status, t.rule_id, t.lifespan_minutes, t.lifespan_text) == (
        "holding",
        "H1",
        None,
        "ongoing",
    )
    assert [iv.status for iv in t.history] == ["announced", "holding"]


def test_reports_are_assigned_by_time_and_party_cover_not_by_what_the_text_names() -> None:
    book = a_book(
        [
            a_truce("t1"),
            a_truce("t2", parties=("AZ", "NK"), effective="2023-09-20T13:00+04:00"),
            a_report("before", "2020-10-10T11:00+04:00"),
            a_report("nk-2022", "2022-08-03T10:00+04:00", accuser="NK"),
            a_report("nk-2023", "2023-09-21T11:40+04:00", accuser="NK"),
            a_report("am-2023", "2023-09-21T11:40+04:00", accuser="AM"),
        ]
    )
    assignment = assess(book).assignment
    assert assignment == {"before": None, "nk-2022": "t1", "nk-2023": "t2", "am-2023": "t1"}


def test_claims_by_both_sides_on_two_consecutive_days_with_artillery_collapse_the_truce_under_c1_2() -> (
    None
):
    book = a_book(
        [
            a_truce("t1"),
            a_report("a", "2020-10-10T12:05+04:00", accuser="AM", accused="AZ"),
            a_report("b", "2020-10-10T13:00+04:00", accuser="AZ", accused="AM"),
            a_report("c", "2020-10-11T09:00+04:00", accuser="AM", accused="AZ", weapon="artillery"),
            a_report("d", "2020-10-11T10:30+04:00", accuser="AZ", accused="AM"),
        ]
    )
    t = assess(book).truces["t1"]
    assert (t.status, t.rule_id, t.end_reason) == ("collapsed", "C1.2", "collapsed")
    assert t.ended_at is not None and t.ended_at.instant == at("2020-10-11T10:30+04:00").instant


def test_one_sides_claims_alone_are_isolated_violations_not_a_collapse() -> None:
    book = a_book(
        [
            a_truce("t1"),
            a_report("a", "2020-10-10T12:05+04:00", weapon="artillery"),
            a_report("b", "2020-10-11T12:05+04:00", weapon="artillery", killed=3),
        ]
    )
    t = assess(book).truces["t1"]
    assert (t.status, t.rule_id) == ("violated", "V1")
    assert t.minutes_to_first_occurred == 5


def test_a_party_declaring_the_truce_failed_collapses_it_under_c1_1() -> None:
    book = a_book(
        [
            a_truce("t1"),
            TruceCollapsed(
                truce_id="t1",
                at=at("2020-10-10T15:00+04:00"),
                declared_by="AM",
                quote="it failed",
                provenance=SOURCE,
            ),
        ]
    )
    t = assess(book).truces["t1"]
    assert (t.status, t.rule_id, t.lifespan_minutes, t.lifespan_text) == (
        "collapsed",
        "C1.1",
        180,
        "3 h",
    )


def test_an_end_after_a_collapse_keeps_the_collapse_as_the_end_of_life() -> None:
    book = a_book(
        [
            a_truce("t1"),
            TruceCollapsed(truce_id="t1", at=at("2020-10-11T12:00+04:00"), provenance=SOURCE),
            TruceEnded(
                truce_id="t1",
                at=at("2020-10-12T12:00+04:00"),
                reason="offensive",
                provenance=SOURCE,
            ),
        ]
    )
    t = assess(book).truces["t1"]
    # one vocabulary: the status is the end of life; what followed is in the reason
    assert (t.status, t.rule_id, t.end_reason, t.lifespan_text) == (
        "collapsed",
        "C1.3",
        "collapsed",
        "24 h",
    )
    assert t.status_reason.startswith("curator: collapsed at 2020-10-11 12:00 +04:00")
    assert "; then E1: ended (offensive)" in t.status_reason


def test_time_to_first_violation_is_given_on_both_clocks_at_the_claims_precision() -> None:
    book = a_book(
        [
            a_truce("t1", effective="2020-11-10T00:00+03:00"),
            a_report(
                "late-claim",
                "2020-11-26+04:00",
                precision="day",
                accuser="AZ",
                accused="AM",
                published="2020-12-13T10:00+04:00",
            ),
            a_report(
                "first-published", "2020-12-11T20:40+04:00", published="2020-12-12T09:00+04:00"
            ),
        ]
    )
    t = assess(book).truces["t1"]
    assert t.first_by_occurred is not None and t.first_by_occurred.report_id == "late-claim"
    assert t.text_to_first_occurred == "16 days"
    assert (
        t.first_by_published is not None and t.first_by_published[0].report_id == "first-published"
    )
    assert t.text_to_first_published == "32 d 8 h"


def test_a_retracted_report_no_longer_counts() -> None:
    events = [a_truce("t1"), a_report("a", "2020-10-10T12:05+04:00")]
    retracted = [
        *events,
        ClaimRetracted(claim_id="a", claim_kind="report", reason="dup", curator="curator:x"),
    ]
    assert assess(a_book(events)).truces["t1"].status == "violated"
    assert assess(a_book(retracted)).truces["t1"].status == "holding"


reports = st.lists(
    st.tuples(
        st.integers(min_value=-600, max_value=60 * 24 * 5),
        st.sampled_from(["AM", "AZ", "NK", "RU"]),
        st.sampled_from(["", "artillery", "small arms"]),
        st.booleans(),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(reports)
def test_status_intervals_are_contiguous_and_the_last_one_is_the_status(
    items: list[tuple[int, str, str, bool]],
) -> None:
    truce = a_truce("t1", announced="2020-10-10T03:00+04:00")
    base = truce.effective.instant
    events = [truce]
    for i, (minutes, accuser, weapon, dead) in enumerate(items):
        when = (base + timedelta(minutes=minutes)).astimezone(truce.effective.zone)
        accused = "AM" if accuser == "AZ" else "AZ"
        events.append(
            a_report(
                f"r{i}",
                when.strftime("%Y-%m-%dT%H:%M%z")[:-2] + ":00",
                accuser=accuser,
                accused=accused,
                weapon=weapon,
                killed=1 if dead else None,
            )
        )
    t = assess(a_book(events)).truces["t1"]
    for before, after in zip(t.history, t.history[1:], strict=False):
        assert before.valid_to == after.valid_from
        assert (
            before.valid_from is None
            or before.valid_to is None
            or before.valid_from < before.valid_to
        )
    assert t.history[-1].valid_to is None and t.history[-1].status == t.status
    assert status_at(t, base) is not None and status_at(t, base).status in (
        "holding",
        "violated",
        "collapsed",
    )


def test_a_day_precision_claim_on_a_midnight_truces_own_day_is_that_day_with_bounds() -> None:
    book = a_book(
        [
            a_truce("t1", effective="2020-10-18T00:00+04:00"),
            a_report("same-day", "2020-10-18+04:00", precision="day"),
        ]
    )
    t = assess(book).truces["t1"]
    assert t.first_by_occurred is not None and t.first_by_occurred.report_id == "same-day"
    assert (
        t.text_to_first_occurred,
        t.minutes_to_first_occurred,
        t.minutes_to_first_occurred_max,
    ) == ("same day", 0, 24 * 60)


def test_a_collapse_known_to_the_day_gives_bounds_not_the_first_claims_time() -> None:
    book = a_book(
        [
            a_truce("t1", effective="2020-10-18T00:00+04:00"),
            a_report("early", "2020-10-18T00:04+04:00"),
            TruceCollapsed(truce_id="t1", at=at("2020-10-18+04:00"), provenance=SOURCE),
        ]
    )
    t = assess(book).truces["t1"]
    assert (t.status, t.end_reason, t.lifespan_minutes, t.lifespan_max_minutes) == (
        "collapsed",
        "collapsed",
        0,
        24 * 60,
    )
    assert t.lifespan_text == "0 min to 24 h"
    assert t.ended_latest == at("2020-10-19T00:00+04:00").instant


def test_claims_after_the_latest_possible_end_are_not_counted_against_the_truce() -> None:
    book = a_book(
        [
            a_truce("t1"),
            a_report("during", "2020-10-10T12:05+04:00"),
            a_report("copy", "2020-10-10T12:05+04:00"),  # one incident, two reports
            a_report("end-day", "2020-10-11T09:00+04:00", accuser="AZ", accused="AM"),
            a_report("after", "2020-10-13T09:00+04:00", accuser="AZ", accused="AM"),
            TruceCollapsed(truce_id="t1", at=at("2020-10-11+04:00"), provenance=SOURCE),
        ]
    )
    a = assess(book)
    t = a.truces["t1"]
    assert a.assignment["after"] == "t1"  # still the standing agreement
    assert (t.report_count, t.report_counts) == (3, {"AM": 2, "AZ": 1})
    assert (t.incident_count, t.incident_counts) == (2, {"AM": 1, "AZ": 1})


def test_the_offensive_at_the_instant_a_truce_ended_is_the_violation_that_ended_it() -> None:
    book = a_book(
        [
            a_truce("t1", effective="2020-11-10T00:00+03:00"),
            a_report("offensive", "2023-09-19T13:00+04:00", accuser="NK", precision="hour"),
            TruceEnded(
                truce_id="t1",
                at=at("2023-09-19T13:00+04:00"),
                reason="offensive",
                provenance=SOURCE,
            ),
        ]
    )
    a = assess(book)
    assert a.assignment["offensive"] == "t1"
    assert a.truces["t1"].report_count == 1
