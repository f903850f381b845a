"""Reports of the same happening group into one incident, whatever order they arrive in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.domain.domain_builders import a_report
from tracker.domain.incidents import group_bucket, group_incidents


def test_two_outlets_reporting_the_same_shelling_of_the_same_place_form_one_incident() -> None:
    a = a_report("a", "2020-10-10T12:05+04:00", places=("Hadrut",))
    b = a_report("b", "2020-10-10T18:00+04:00", places=("Hadrut", "Karakhanbeyli"))
    assert group_incidents([b, a]) == {"a": "a", "b": "a"}


def test_counter_claims_of_each_side_are_never_one_incident() -> None:
    a = a_report("a", "2020-10-10T12:05+04:00", accuser="AM", accused="AZ", places=("Hadrut",))
    b = a_report("b", "2020-10-10T12:06+04:00", accuser="AZ", accused="AM", places=("Hadrut",))
    assert group_incidents([a, b]) == {"a": "a", "b": "b"}


def test_reports_on_different_local_days_or_places_stay_apart() -> None:
    a = a_report("a", "2020-10-10T23:00+04:00", places=("Hadrut",))
    b = a_report("b", "2020-10-11T01:00+04:00", places=("Hadrut",))
    c = a_report("c", "2020-10-10T22:00+04:00", places=("Terter",))
    assert set(group_incidents([a, b, c]).values()) == {"a", "b", "c"}


def test_grouping_is_transitive_through_a_report_naming_both_places() -> None:
    a = a_report("a", "2020-10-10T10:00+04:00", places=("Hadrut",))
    b = a_report("b", "2020-10-10T11:00+04:00", places=("Terter",))
    c = a_report("c", "2020-10-10T12:00+04:00", places=("Terter", "Hadrut"))
    assert set(group_incidents([c, b, a]).values()) == {"a"}


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 47),
            st.sampled_from(["AM", "AZ"]),
            st.sets(st.sampled_from(["Hadrut", "Terter", "Ganja"]), max_size=2),
        ),
        max_size=10,
    ),
    st.randoms(),
)
def test_the_incident_of_each_report_does_not_depend_on_arrival_order(items, rnd) -> None:  # type: ignore[no-untyped-def]
    reports = [
        a_report(
            f"r{i:02d}",
            f"2020-10-{10 + h // 24:02d}T{h % 24:02d}:00+04:00",
            accuser=acc,
            accused="AM" if acc == "AZ" else "AZ",
            places=tuple(sorted(p)),
        )
        for i, (h, acc, p) in enumerate(items)
    ]
    shuffled = list(reports)
    rnd.shuffle(shuffled)
    assert group_incidents(shuffled) == group_incidents(reports)


def _every_pair(members: list[tuple[datetime, str, frozenset[str]]]) -> dict[str, str]:
    """The incident rule read literally: every two overlapping reports joined, the
    earliest report of each group its id."""
    members = sorted(members, key=lambda m: (m[0], m[1]))
    group = list(range(len(members)))
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            a, b = members[i][2], members[j][2]
            if (not a and not b) or a & b:
                low, high = sorted((group[i], group[j]))
                group = [low if g == high else g for g in group]
    return {m[1]: members[group[i]][1] for i, m in enumerate(members)}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.frozensets(st.sampled_from(["hadrut", "terter", "ganja", "shusha"]), max_size=3),
        ),
        max_size=14,
    )
)
def test_a_bucket_groups_as_comparing_every_pair_of_its_reports_would(items) -> None:  # type: ignore[no-untyped-def]
    t0 = datetime(2020, 10, 10, tzinfo=UTC)
    members = [(t0 + timedelta(hours=h), f"r{i:02d}", p) for i, (h, p) in enumerate(items)]
    assert group_bucket(members) == _every_pair(members)
