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

__all__ = ["INCIDENT_RULES_VERSION", "IncidentKey", "group_incidents", "incident_key", "side_key"]

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
    buckets: dict[IncidentKey, list[ViolationReported]] = defaultdict(list)
    for r in reports:
        buckets[incident_key(r)].append(r)
    result: dict[str, str] = {}
    for members in buckets.values():
        members.sort(key=_order)
        parent = list(range(len(members)))
        places = [_places(m) for m in members]
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                if _overlap(places[i], places[j]):
                    ri, rj = _find(parent, i), _find(parent, j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)  # the root is the earliest report
        for i, m in enumerate(members):
            result[m.report_id] = members[_find(parent, i)].report_id
    return result


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _order(r: ViolationReported) -> tuple[datetime, str]:
    return (r.occurred.instant, r.report_id)
