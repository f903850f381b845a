"""Grouping violation reports into incidents: many outlets, one happening.

Owns the incident rule (version ``INCIDENT_RULES_VERSION``): two reports belong to the
same incident when they fall on the same local day (in the zone of their occurred
time), come from the same accuser side against the same accused side, and their places
overlap (canonical names, else the folded written names; two reports that name no
place overlap). Grouping is transitive (union-find) and deterministic: the incident id
is the id of its earliest report (by occurred time, then report id), whatever order the
reports arrived in. Counter-claims (each side accusing the other) are never merged.
Pure: stdlib only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from tracker.domain.events import ViolationReported
from tracker.domain.values import ACTORS, Place

__all__ = [
    "INCIDENT_RULES_VERSION",
    "IncidentKey",
    "group_bucket",
    "group_incidents",
    "incident_key",
    "place_keys",
    "place_set",
    "side_key",
]

INCIDENT_RULES_VERSION = 1


def side_key(code: str) -> str:
    """The side an accuser or accused speaks for; third parties stand for themselves."""
    found = ACTORS.get(code)
    return (found.side if found is not None else None) or code


@dataclass(frozen=True, slots=True)
class IncidentKey:
    """The bucket inside which reports may be merged."""

    day: date
    accuser_side: str
    accused_side: str


def incident_key(report: ViolationReported) -> IncidentKey:
    return IncidentKey(
        report.occurred.local_date, side_key(report.accuser), side_key(report.accused)
    )


def _places(report: ViolationReported) -> frozenset[str]:
    return place_set(report.places)


@lru_cache(maxsize=4096)
def place_set(places: tuple[Place, ...]) -> frozenset[str]:
    """What place overlap compares for claims naming ``places`` (claims name few distinct
    sets of places, so each set's keys are folded once)."""
    return frozenset(p.key for p in places)


def group_incidents(reports: Iterable[ViolationReported]) -> dict[str, str]:
    """Map each report id to its incident id (the id of the incident's earliest report)."""
    buckets: dict[IncidentKey, list[tuple[datetime, str, frozenset[str]]]] = defaultdict(list)
    for r in reports:
        buckets[incident_key(r)].append((r.occurred.instant, r.report_id, _places(r)))
    result: dict[str, str] = {}
    for members in buckets.values():
        result.update(group_bucket(members))
    return result


def group_bucket(members: list[tuple[datetime, str, frozenset[str]]]) -> dict[str, str]:
    """Incidents of the reports of one bucket, given as (occurred instant, report id, place keys)."""
    members = sorted(members, key=lambda m: (m[0], m[1]))
    parent = list(range(len(members)))
    # two reports overlap when they share a place, or when neither names one: joining
    # each report to the first that named each of its places (or, without places, to the
    # first report without any) links the same groups as comparing every pair
    first: dict[str, int] = {}
    placeless: int | None = None
    for i, (_, _, places) in enumerate(members):
        if not places:
            if placeless is None:
                placeless = i
            else:
                _union(parent, placeless, i)
        for place in places:
            j = first.setdefault(place, i)
            if j != i:
                _union(parent, j, i)
    return {m[1]: members[_find(parent, i)][1] for i, m in enumerate(members)}


def _union(parent: list[int], i: int, j: int) -> None:
    ri, rj = _find(parent, i), _find(parent, j)
    if ri != rj:
        parent[max(ri, rj)] = min(ri, rj)  # the root is the earliest report


def place_keys(report: ViolationReported) -> frozenset[str]:
    """What place overlap compares for a report."""
    return _places(report)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
