"""The truce in force: party-set cover, supersession and the assignment of claims to truces.

Owns ``covers`` (does a truce's party set cover a claim's actors), ``supersession`` (rules
S1.1 and S1.2), ``agreed_until`` and ``assign`` (the truce in force for a time and a set of
actors). Pure; used by the status rules in ``truces.py``.
"""

from __future__ import annotations

from datetime import datetime

from tracker.domain.book import Book, TruceRecord
from tracker.domain.events import TruceAnnounced, ViolationReported
from tracker.domain.values import ACTORS, ValidTime, actor

__all__ = [
    "Window",
    "agreed_until",
    "assign",
    "assign_report",
    "belligerents",
    "covers",
    "sides",
    "supersession",
    "truce_windows",
]


def covers(parties: tuple[str, ...] | frozenset[str], actors: frozenset[str]) -> bool:
    """Does a truce binding ``parties`` cover a claim between ``actors`` (actor codes)?"""
    return actors <= frozenset(parties)


def sides(codes: frozenset[str] | tuple[str, ...]) -> frozenset[str]:
    table = ACTORS.table()
    return frozenset(s for c in codes if (s := (table.get(c) or actor(c)).side) is not None)


def belligerents(report: ViolationReported) -> frozenset[str]:
    codes = {report.accuser, report.accused, *([report.against] if report.against else [])}
    table = ACTORS.table()
    return frozenset(
        c for c in codes if (a := table.get(c)) is not None and a.kind == "belligerent"
    )


def supersession(
    book: Book, tid: str, t: TruceRecord, eff: ValidTime
) -> tuple[datetime, str, str, str] | None:
    """Earliest supersession of ``tid``: (time, successor, rule id, reason).

    S1.1: a later truce whose parties include all of this one's took effect before this
    one ended. S1.2: a curator's ``TruceSuperseded``. At the same instant S1.2 is shown
    (it carries the sources and the basis).
    """
    assert t.announcement is not None
    found: list[tuple[datetime, int, str, str, str]] = []
    own = frozenset(t.announcement.parties)
    ended = min((ev.at.instant for ev, _ in t.ends), default=None)
    for oid, other in book.truces.items():
        if oid == tid or other.announcement is None or other.effective is None:
            continue
        start = other.effective.instant
        if (
            start > eff.instant
            and own <= frozenset(other.announcement.parties)
            and (ended is None or start < ended)
        ):
            parties = ", ".join(sorted(other.announcement.parties))
            found.append(
                (start, 1, oid, "S1.1", f"{oid} binds {parties}, covering this truce's parties")
            )
    for ev, _ in t.supersessions:
        succ = book.truces.get(ev.by_truce_id)
        at = ev.at or (succ.effective if succ is not None else None)
        if at is not None:
            found.append(
                (
                    at.instant,
                    0,
                    ev.by_truce_id,
                    "S1.2",
                    ev.basis or f"curator: replaced by {ev.by_truce_id}",
                )
            )
    if not found:
        return None
    when, _, successor, rule_id, reason = min(found)
    return when, successor, rule_id, reason


def agreed_until(book: Book, tid: str) -> datetime | None:
    """When the truce stops being the standing agreement (superseded or ended)."""
    t = book.truces[tid]
    assert t.effective is not None
    ends = [ev.at.instant for ev, _ in t.ends]
    sup = supersession(book, tid, t, t.effective)
    if sup is not None:
        ends.append(sup[0])
    return min(ends) if ends else None


#: A truce's window of force: (id, announcement, effective instant, agreed until).
Window = tuple[str, TruceAnnounced, datetime, datetime | None]


def truce_windows(book: Book) -> list[Window]:
    """The windows of force of every announced truce of ``book``, by truce id."""
    windows: list[Window] = []
    for tid in sorted(book.truces):
        t = book.truces[tid]
        if t.announcement is None or t.effective is None:
            continue
        windows.append((tid, t.announcement, t.effective.instant, agreed_until(book, tid)))
    return windows


def assign_report(report: ViolationReported, windows: list[Window]) -> str | None:
    """The truce in force between the report's actors at its occurred time (see ``assign``)."""
    at = report.occurred.instant
    actors = belligerents(report)
    live = [w for w in windows if w[2] <= at and (w[3] is None or at <= w[3])]
    cands = [w for w in live if covers(w[1].parties, actors)]
    if not cands:
        cands = [w for w in live if sides(actors) <= sides(w[1].parties)]
    named = [w for w in cands if w[0] in report.truce_refs]
    pick = named or cands
    pick.sort(key=lambda w: (w[2], w[0]))
    return pick[-1][0] if pick else None


def assign(book: Book) -> dict[str, str | None]:
    """Assign every live report to the truce in force between its actors at its occurred time.

    In force: effective at or before the occurred time, not yet superseded or ended
    (a collapsed truce still collects reports; a claim at the very instant a truce ended,
    such as the offensive that ended it, is that truce's unless a successor took effect
    then). Cover by actor codes first, then by sides (a de facto authority's forces on
    the side of the state that backs them); a truce the report names
    wins among the candidates; otherwise the latest effective.
    """
    windows = truce_windows(book)
    return {report.report_id: assign_report(report, windows) for report, _ in book.live_reports()}
