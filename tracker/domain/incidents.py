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

from tracker.domain.events import ViolationReported
from tracker.domain.values import ACTORS

__all__ = [
    "INCIDENT_RULES_VERSION",
    "IncidentKey",
    "group_bucket",
    "group_incidents",
    "incident_key",
    "place_keys",
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
    return frozenset(p.key for p in report.places)


def _overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    return (not a and not b) or bool(a & b)


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
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if _overlap(members[i][2], members[j][2]):
                ri, rj = _find(parent, i), _find(parent, j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)  # the root is the earliest report
    return {m[1]: members[_find(parent, i)][1] for i, m in enumerate(members)}


def place_keys(report: ViolationReported) -> frozenset[str]:
    """What place overlap compares for a report."""
    return _places(report)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
