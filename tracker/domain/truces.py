"""Status rules for truces, as versioned pure code (see docs/status-rules.md).

Owns: party-set cover and supersession (S1.1/S1.2), the truce in force for a time and a
set of actors, the collapse rule C1 (C1.1 declaration, C1.2 sustained mutual
hostilities, C1.3 curator), status intervals (announced, holding, violated, collapsed,
superseded, ended) with the rule id of each transition, lifespan, and time to first
reported violation on both clocks. Everything is a function of a ``Book``: no I/O, no
clock. "Now" only enters through the SQL views (ongoing lifespans).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tracker.domain.book import Book, TruceRecord
from tracker.domain.events import TruceAnnounced, ViolationReported
from tracker.domain.incidents import group_incidents
from tracker.domain.inforce import assign, covers, sides, supersession
from tracker.domain.timing import duration_text, span
from tracker.domain.values import ACTORS, ValidTime, side_of

__all__ = [
    "RULES",
    "RULES_VERSION",
    "Assessment",
    "CollapseRule",
    "Interval",
    "TruceAssessment",
    "assess",
    "covers",
    "duration_text",
]

#: Version of the rule set; a change of any rule or threshold bumps it (and the projections).
RULES_VERSION = 1

STATUSES: tuple[str, ...] = ("announced", "holding", "violated", "collapsed", "superseded", "ended")
_RANK = {"announced": 0, "holding": 1, "violated": 2, "collapsed": 3, "superseded": 4, "ended": 4}


@dataclass(frozen=True, slots=True)
class CollapseRule:
    """Parameters of clause C1.2 (the thresholds are ours, hence versioned)."""

    consecutive_days: int = 2
    heavy_words: tuple[str, ...] = (
        "artillery",
        "rocket",
        "missile",
        "aircraft",
        "air strike",
        "airstrike",
        "drone",
        "mortar",
        "tank",
        "grad",
        "offensive",
        "heavy",
        "shell",
        "bomb",
    )

    def is_heavy(self, report: ViolationReported) -> bool:
        """Offensive operations, artillery/rockets/missiles/aircraft, or deaths."""
        if report.killed:
            return True
        text = f"{report.weapon} {report.description}".casefold()
        return any(word in text for word in self.heavy_words)


RULES = CollapseRule()


@dataclass(frozen=True, slots=True)
class Interval:
    """One status over a valid-time interval ``[valid_from, valid_to)``; None is open."""

    status: str
    valid_from: datetime | None
    valid_to: datetime | None
    rule_id: str
    reason: str


@dataclass
class TruceAssessment:
    """The derived facts of one truce: what ``truce_status`` shows."""

    truce_id: str
    announcement: TruceAnnounced
    effective: ValidTime
    announced: ValidTime | None
    history: list[Interval]
    status: str
    rule_id: str
    status_reason: str
    ended_at: ValidTime | None
    end_reason: str | None
    end_detail: str
    superseded_by: str | None
    lifespan_minutes: int | None
    lifespan_text: str
    report_ids: list[str] = field(default_factory=list)
    report_counts: dict[str, int] = field(default_factory=dict)
    first_by_occurred: ViolationReported | None = None
    first_by_published: tuple[ViolationReported, ValidTime] | None = None
    first_by_accuser: dict[str, int] = field(default_factory=dict)
    minutes_to_first_occurred: int | None = None
    minutes_to_first_published: int | None = None
    text_to_first_occurred: str = ""
    text_to_first_published: str = ""
    sources: list[str] = field(default_factory=list)


@dataclass
class Assessment:
    """The rules applied to a whole book."""

    truces: dict[str, TruceAssessment]
    assignment: dict[str, str | None]  # report id -> truce id
    incidents: dict[str, str]  # report id -> incident id


def _when(t: ValidTime) -> str:
    """A valid time as the source gave it: "on 2024-01-01 (+04:00)" or "at 2023-09-19 13:00 +04:00"."""
    if t.precision in ("minute", "hour"):
        return f"at {t.local.strftime('%Y-%m-%d %H:%M')} {t.tz}"
    return f"on {t.local_date.isoformat()} ({t.precision}, {t.tz})"


def _fmt(t: datetime | None) -> str:
    return "open" if t is None else t.strftime("%Y-%m-%d %H:%M UTC")


def _c12(
    t: TruceRecord, reports: list[ViolationReported], rule: CollapseRule
) -> tuple[datetime, str] | None:
    """Clause C1.2: claims by both sides on consecutive local days, one of them heavy."""
    assert t.announcement is not None and t.effective is not None
    truce_sides = sides(t.announcement.parties)
    if len(truce_sides) < 2:
        return None
    zone = t.effective.zone
    cells: dict[tuple[date, str], datetime] = {}
    by_day: dict[date, list[ViolationReported]] = defaultdict(list)
    for r in reports:
        side = side_of(r.accuser) if r.accuser in ACTORS else None
        if side not in truce_sides:
            continue
        day = r.occurred.instant.astimezone(zone).date()
        key = (day, side)
        cells[key] = min(cells.get(key, r.occurred.instant), r.occurred.instant)
        by_day[day].append(r)
    best: tuple[datetime, str] | None = None
    for day in sorted(by_day):
        days = [day + timedelta(days=i) for i in range(rule.consecutive_days)]
        if not all((d, s) in cells for d in days for s in truce_sides):
            continue
        heavy = [r.occurred.instant for d in days for r in by_day[d] if rule.is_heavy(r)]
        if not heavy:
            continue
        when = max(max(cells[(d, s)] for d in days for s in truce_sides), min(heavy))
        if best is None or when < best[0]:
            best = (
                when,
                f"claims by both sides ({', '.join(sorted(truce_sides))}) on "
                f"{days[0].isoformat()} and {days[-1].isoformat()}, with heavy weapons or deaths",
            )
    return best


def _assess_truce(
    book: Book, tid: str, reports: list[ViolationReported], rule: CollapseRule
) -> TruceAssessment:
    t = book.truces[tid]
    ann, eff = t.announcement, t.effective
    assert ann is not None and eff is not None
    after = [r for r in reports if r.occurred.instant >= eff.instant]
    # Transitions: (time, rank, status, rule id, reason).
    trans: list[tuple[datetime, int, str, str, str]] = []
    start = t.announced.instant if t.announced is not None else None
    trans.append(
        (
            eff.instant,
            1,
            "holding",
            "H1",
            f"in effect since {_fmt(eff.instant)}, no violation claim",
        )
    )
    first = min(after, key=_first_key) if after else None
    if first is not None:
        trans.append(
            (
                first.occurred.instant,
                2,
                "violated",
                "V1",
                f"first violation claim by {first.accuser} against {first.accused} "
                f"at {_fmt(first.occurred.instant)}; {len(after)} claim(s) since effect",
            )
        )
    collapse: list[tuple[datetime, str, str, ValidTime | None]] = []
    for ev, _ in t.collapses:
        if ev.declared_by is not None:
            collapse.append(
                (
                    ev.at.instant,
                    "C1.1",
                    f"{ev.declared_by} declared it failed {_when(ev.at)}: {ev.quote or ev.basis}",
                    ev.at,
                )
            )
        else:
            collapse.append(
                (
                    ev.at.instant,
                    "C1.3",
                    f"curator: collapsed {_when(ev.at)}: {ev.basis or 'recorded as collapsed'}",
                    ev.at,
                )
            )
    c12 = _c12(t, after, rule)
    if c12 is not None:
        collapse.append((c12[0], "C1.2", c12[1], None))
    if first is not None:
        # A collapse known only to the day (week...) cannot precede the first claim of that
        # period: place it at the latest of its start, the effective time and that claim.
        collapse = [
            (max(c[0], first.occurred.instant), *c[1:])
            if c[3] is not None
            and c[3].precision not in ("minute", "hour")
            and c[0] <= first.occurred.instant < c[3].period_end
            else c
            for c in collapse
        ]
    collapse.sort(key=lambda c: (max(c[0], eff.instant), c[1]))
    if collapse:
        c = collapse[0]
        trans.append((max(c[0], eff.instant), 3, "collapsed", c[1], c[2]))
    sup = supersession(book, tid, t, eff)
    if sup is not None:
        trans.append(
            (sup[0], 4, "superseded", sup[2], f"superseded by {sup[1]} at {_fmt(sup[0])}: {sup[3]}")
        )
    ends = sorted(t.ends, key=lambda e: (e[0].at.instant, e[1].position))
    if ends:
        end_ev = ends[0][0]
        trans.append(
            (
                max(end_ev.at.instant, eff.instant),
                4,
                "ended",
                "E1",
                f"ended ({end_ev.reason}) {_when(end_ev.at)}: {end_ev.basis}",
            )
        )
    trans.sort(key=lambda x: (x[0], x[1]))
    history: list[Interval] = []
    if start is not None and start < eff.instant:
        current = Interval(
            "announced", start, None, "A1", f"announced; takes effect at {_fmt(eff.instant)}"
        )
    else:  # announcement time unknown (or not before effect): the history starts at effect
        current = Interval("holding", eff.instant, None, "H1", trans[0][4])
        trans = trans[1:]
    for when, rank, status, rule_id, reason in trans:
        if rank <= _RANK[current.status] or _RANK[current.status] == 4:
            continue
        if current.valid_from is not None and when <= current.valid_from:
            current = Interval(status, current.valid_from, None, rule_id, reason)
            continue
        history.append(
            Interval(current.status, current.valid_from, when, current.rule_id, current.reason)
        )
        current = Interval(status, when, None, rule_id, reason)
    history.append(current)

    # The end of the truce's life: the first of collapse, supersession, end.
    end_at: ValidTime | None = None
    end_reason: str | None = None
    end_detail = ""
    candidates: list[tuple[datetime, ValidTime, str, str]] = []
    if collapse:
        c = collapse[0]
        src = c[3]
        vt = ValidTime(
            max(c[0], eff.instant),
            src.precision if src else "minute",
            src.tz if src else eff.tz,
            src.expression if src else "rule C1.2",
        )
        candidates.append((max(c[0], eff.instant), vt, "collapsed", c[1]))
    if sup is not None:
        succ = book.truces[sup[1]].effective if sup[1] in book.truces else None
        s_vt = (
            succ
            if succ is not None and succ.instant == sup[0]
            else ValidTime(sup[0], "minute", eff.tz)
        )
        candidates.append((sup[0], s_vt, "superseded", sup[1]))
    if ends:
        candidates.append((ends[0][0].at.instant, ends[0][0].at, "ended", ends[0][0].reason))
    lifespan_minutes: int | None = None
    lifespan_text = "ongoing"
    if candidates:
        candidates.sort(key=lambda c: (c[0], c[2]))
        _, end_at, end_reason, end_detail = candidates[0]
        minutes, days, precision = span(eff, end_at)
        lifespan_minutes = minutes
        lifespan_text = duration_text(minutes, precision, days)

    reason = current.reason
    earlier = [iv for iv in history if iv.status == "collapsed" and iv is not current]
    if earlier:
        reason += f"; earlier, rule {earlier[0].rule_id}: {earlier[0].reason}"
    assessment = TruceAssessment(
        truce_id=tid,
        announcement=ann,
        effective=eff,
        announced=t.announced,
        history=history,
        status=current.status,
        rule_id=current.rule_id,
        status_reason=reason,
        ended_at=end_at,
        end_reason=end_reason,
        end_detail=end_detail,
        superseded_by=sup[1] if sup is not None else None,
        lifespan_minutes=lifespan_minutes,
        lifespan_text=lifespan_text,
    )
    _first_violation(book, assessment, reports, after)
    sources: list[str] = [*ann.sources, *ann.provenance.urls]
    for prov in [
        *(c.provenance for c, _ in t.collapses),
        *(s.provenance for s, _ in t.supersessions),
        *(e.provenance for e, _ in t.ends),
    ]:
        sources.extend(prov.urls)
    assessment.sources = list(dict.fromkeys(sources))
    return assessment


def _first_key(r: ViolationReported) -> tuple[datetime, datetime, str]:
    """Order claims by the time by which the violation had certainly happened (the end of
    the claim's precision period), then by its start: "shortly after noon" (hour) does not
    beat "at 12:05" (minute), and "26 Nov" (day) still beats "11 Dec 20:40"."""
    return (r.occurred.period_end, r.occurred.instant, r.report_id)


def _first_violation(
    book: Book, a: TruceAssessment, reports: list[ViolationReported], after: list[ViolationReported]
) -> None:
    """Time to first reported violation, by occurred time and by publication time."""
    a.report_ids = [r.report_id for r in reports]
    counts: dict[str, int] = defaultdict(int)
    for r in reports:
        counts[r.accuser] += 1
    a.report_counts = dict(sorted(counts.items()))
    if not after:
        return
    first = min(after, key=_first_key)
    a.first_by_occurred = first
    minutes, days, precision = span(a.effective, first.occurred)
    a.minutes_to_first_occurred = minutes
    a.text_to_first_occurred = duration_text(minutes, precision, days)
    earliest: dict[str, ViolationReported] = {}
    for r in after:
        if r.accuser not in earliest or _first_key(r) < _first_key(earliest[r.accuser]):
            earliest[r.accuser] = r
    a.first_by_accuser = {k: span(a.effective, earliest[k].occurred)[0] for k in sorted(earliest)}

    def published(r: ViolationReported) -> ValidTime:
        if r.provenance.published is not None:
            return r.provenance.published
        rec = book.reports[r.report_id][1]
        return ValidTime(rec.recorded_at, "minute", "+00:00", "record time")

    pub_first = min(after, key=lambda r: (published(r).instant, r.report_id))
    pub = published(pub_first)
    a.first_by_published = (pub_first, pub)
    minutes, days, precision = span(a.effective, pub)
    a.minutes_to_first_published = minutes
    a.text_to_first_published = duration_text(minutes, precision, days)


def assess(book: Book, rule: CollapseRule = RULES) -> Assessment:
    """Apply the status rules to every truce of ``book``; assign reports; group incidents."""
    assignment = assign(book)
    per_truce: dict[str, list[ViolationReported]] = defaultdict(list)
    for report, _ in book.live_reports():
        tid = assignment.get(report.report_id)
        if tid is not None:
            per_truce[tid].append(report)
    truces = {
        tid: _assess_truce(book, tid, per_truce.get(tid, []), rule)
        for tid in sorted(book.truces)
        if book.truces[tid].announcement is not None and book.truces[tid].effective is not None
    }
    incidents = group_incidents(r for r, _ in book.live_reports())
    return Assessment(truces=truces, assignment=assignment, incidents=incidents)


def status_at(assessment: TruceAssessment, at: datetime) -> Interval | None:
    """The status interval of a truce at valid time ``at`` (None before its announcement)."""
    for iv in assessment.history:
        if (iv.valid_from is None or iv.valid_from <= at) and (
            iv.valid_to is None or at < iv.valid_to
        ):
            return iv
    return None
