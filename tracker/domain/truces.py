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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tracker.domain.book import Book, TruceRecord
from tracker.domain.events import TruceAnnounced, ViolationReported
from tracker.domain.incidents import group_incidents
from tracker.domain.inforce import assign, covers, sides, supersession
from tracker.domain.timing import duration_text, span
from tracker.domain.values import ACTORS, ValidTime

__all__ = [
    "RULES",
    "RULES_VERSION",
    "Assessment",
    "CollapseRule",
    "Evidence",
    "Interval",
    "TruceAssessment",
    "assess",
    "assess_truce",
    "c12_window",
    "claim_side",
    "covers",
    "duration_text",
    "evidence_of",
    "published_time",
]

#: Version of the rule set; a change of any rule or threshold bumps it (and the projections).
RULES_VERSION = 2

STATUSES: tuple[str, ...] = ("announced", "holding", "violated", "collapsed", "superseded", "ended")
#: Collapsed, superseded and ended are final: the first one is the truce's end of life.
_RANK = {"announced": 0, "holding": 1, "violated": 2, "collapsed": 4, "superseded": 4, "ended": 4}

#: Claims counted against a truce up to a time (None: all of them): reports by accuser,
#: incidents by accuser, incidents in all.
Counter = Callable[[datetime | None], tuple[dict[str, int], dict[str, int], int]]


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
        for word in self.heavy_words:  # noqa: SIM110 - a loop costs a third of any(genexpr)
            if word in text:
                return True
        return False


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
    #: The latest possible end (exclusive bound of an end known to the day, hour...).
    ended_latest: datetime | None = None
    lifespan_max_minutes: int | None = None
    report_count: int = 0
    report_counts: dict[str, int] = field(default_factory=dict)
    incident_count: int = 0
    incident_counts: dict[str, int] = field(default_factory=dict)
    minutes_to_first_occurred_max: int | None = None
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


@dataclass
class Evidence:
    """What the status rules need from the live reports assigned to one truce.

    A summary, not the reports: ``evidence_of`` computes it from a list (as-of answers,
    tests), and the incremental projection from indexed columns of its staging table,
    so assessing a truce never needs every report in memory.
    """

    report_count: int = 0
    report_counts: dict[str, int] = field(default_factory=dict)  # accuser -> claims
    after_count: int = 0  # claims at or after the effective time
    first: ViolationReported | None = None  # by _first_key, among those after effect
    earliest_by_accuser: dict[str, ValidTime] = field(default_factory=dict)
    first_published: tuple[ViolationReported, ValidTime] | None = None
    #: Clause C1.2's earliest window: (when, reason), see ``c12_window``.
    collapse: tuple[datetime, str] | None = None
    #: Counts of the claims that may have happened while the truce was in force: called
    #: with the latest possible end of its life (None while in force).
    count_until: Counter | None = None


def published_time(report: ViolationReported, recorded_at: datetime) -> ValidTime:
    """The publication time of a claim, or its record time when the source gave none."""
    if report.provenance.published is not None:
        return report.provenance.published
    return ValidTime(recorded_at, "minute", "+00:00", "record time")


def claim_side(code: str) -> str | None:
    """The side a claim's accuser fights on, for rule C1.2 (None: third party, unknown)."""
    found = ACTORS.get(code)
    return found.side if found is not None else None


def count_claims(
    reports: list[ViolationReported], incidents: Mapping[str, str] | None = None
) -> Counter:
    """``Evidence.count_until`` over a list of reports (``incidents``: report -> incident)."""

    def count(until: datetime | None) -> tuple[dict[str, int], dict[str, int], int]:
        kept = [r for r in reports if until is None or r.occurred.instant < until]
        by_accuser: dict[str, int] = defaultdict(int)
        seen: dict[str, set[str]] = defaultdict(set)
        for r in kept:
            by_accuser[r.accuser] += 1
            seen[r.accuser].add((incidents or {}).get(r.report_id, r.report_id))
        every = {(incidents or {}).get(r.report_id, r.report_id) for r in kept}
        return (
            dict(sorted(by_accuser.items())),
            {k: len(v) for k, v in sorted(seen.items())},
            len(every),
        )

    return count


def evidence_of(
    book: Book,
    t: TruceRecord,
    reports: list[ViolationReported],
    rule: CollapseRule = RULES,
    incidents: Mapping[str, str] | None = None,
) -> Evidence:
    """The evidence of a truce from its live reports (all of them, any order)."""
    assert t.announcement is not None and t.effective is not None
    eff = t.effective
    after = [r for r in reports if r.occurred.instant >= eff.instant]
    counts: dict[str, int] = defaultdict(int)
    for r in reports:
        counts[r.accuser] += 1
    ev = Evidence(len(reports), dict(sorted(counts.items())), len(after))
    ev.count_until = count_claims(reports, incidents)
    if not after:
        return ev
    ev.first = min(after, key=_first_key)
    earliest: dict[str, ViolationReported] = {}
    for r in after:
        if r.accuser not in earliest or _first_key(r) < _first_key(earliest[r.accuser]):
            earliest[r.accuser] = r
    ev.earliest_by_accuser = {k: earliest[k].occurred for k in sorted(earliest)}

    def published(r: ViolationReported) -> ValidTime:
        return published_time(r, book.reports[r.report_id][1].recorded_at)

    pub_first = min(after, key=lambda r: (published(r).instant, r.report_id))
    ev.first_published = (pub_first, published(pub_first))
    truce_sides = sides(t.announcement.parties)
    cells: dict[tuple[date, str], datetime] = {}
    heavy_days: dict[date, datetime] = {}
    for r in after:
        side = claim_side(r.accuser)
        if side not in truce_sides:
            continue
        day = r.occurred.local_date
        key = (day, side)
        cells[key] = min(cells.get(key, r.occurred.instant), r.occurred.instant)
        if rule.is_heavy(r):
            heavy_days[day] = min(heavy_days.get(day, r.occurred.instant), r.occurred.instant)
    for day in sorted({d for d, _ in cells}):
        found = c12_window(day, cells, heavy_days, truce_sides, rule)
        if found is not None and (ev.collapse is None or found[0] < ev.collapse[0]):
            ev.collapse = found
    return ev


def _when(t: ValidTime) -> str:
    """A valid time as the source gave it: "on 2024-01-01 (+04:00)" or "at 2023-09-19 13:00 +04:00"."""
    if t.precision in ("minute", "hour"):
        return f"at {t.local.strftime('%Y-%m-%d %H:%M')} {t.tz}"
    return f"on {t.local_date.isoformat()} ({t.precision}, {t.tz})"


def _fmt(t: datetime | None) -> str:
    return "open" if t is None else t.strftime("%Y-%m-%d %H:%M UTC")


def c12_window(
    day: date,
    cells: dict[tuple[date, str], datetime],
    heavy_days: dict[date, datetime],
    truce_sides: frozenset[str],
    rule: CollapseRule = RULES,
) -> tuple[datetime, str] | None:
    """Clause C1.2 over the window of ``rule.consecutive_days`` local days from ``day``.

    ``cells`` maps (day, side) to the earliest claim after effect by that side on that
    day; ``heavy_days`` the earliest heavy claim of each day. The window qualifies when
    both sides claimed on each of its days and one claim is heavy; it fires at the
    latest of those first claims and the first heavy one. The truce's collapse under
    C1.2 is its earliest qualifying window (the first day breaks ties).
    """
    if len(truce_sides) < 2:
        return None
    days = [day + timedelta(days=i) for i in range(rule.consecutive_days)]
    if not all((d, s) in cells for d in days for s in truce_sides):
        return None
    heavy = [heavy_days[d] for d in days if d in heavy_days]
    if not heavy:
        return None
    when = max(max(cells[(d, s)] for d in days for s in truce_sides), min(heavy))
    return (
        when,
        f"claims by both sides ({', '.join(sorted(truce_sides))}) on "
        f"{days[0].isoformat()} and {days[-1].isoformat()}, with heavy weapons or deaths",
    )


def assess_truce(
    book: Book, tid: str, evidence: Evidence, rule: CollapseRule = RULES
) -> TruceAssessment:
    """The status rules applied to one truce of ``book`` (its truces) and its evidence."""
    t = book.truces[tid]
    ann, eff = t.announcement, t.effective
    assert ann is not None and eff is not None
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
    first = evidence.first
    if first is not None:
        trans.append(
            (
                first.occurred.instant,
                2,
                "violated",
                "V1",
                f"first violation claim by {first.accuser} against {first.accused} "
                f"at {_fmt(first.occurred.instant)}; {evidence.after_count} claim(s) since effect",
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
    c12 = evidence.collapse
    if c12 is not None:
        collapse.append((c12[0], "C1.2", c12[1], None))
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
    trans.sort(key=lambda x: (x[0], x[1], x[2]))
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

    # The end of the truce's life: the first of collapse, supersession, end. An end known
    # to the day (hour...) lies anywhere in that period: the life has bounds, the earliest
    # and the latest possible end, never a claim's time standing in for the end.
    end_at: ValidTime | None = None
    end_reason: str | None = None
    end_detail = ""
    candidates: list[tuple[datetime, str, ValidTime, str, datetime]] = []
    if collapse:
        c = collapse[0]
        src = c[3]
        vt = ValidTime(
            max(c[0], eff.instant),
            src.precision if src else "minute",
            src.tz if src else eff.tz,
            src.expression if src else "rule C1.2",
        )
        candidates.append((vt.instant, "collapsed", vt, c[1], _latest(src or vt, eff)))
    if sup is not None:
        succ = book.truces[sup[1]].effective if sup[1] in book.truces else None
        s_vt = (
            succ
            if succ is not None and succ.instant == sup[0]
            else ValidTime(sup[0], "minute", eff.tz)
        )
        candidates.append((sup[0], "superseded", s_vt, sup[1], _latest(s_vt, eff)))
    if ends:
        e_vt = ends[0][0].at
        e_at = ValidTime(max(e_vt.instant, eff.instant), e_vt.precision, e_vt.tz, e_vt.expression)
        candidates.append((e_at.instant, "ended", e_at, ends[0][0].reason, _latest(e_vt, eff)))
    lifespan_minutes: int | None = None
    lifespan_max: int | None = None
    latest: datetime | None = None
    lifespan_text = "ongoing"
    if candidates:
        candidates.sort(key=lambda c: (c[0], c[1]))
        _, end_reason, end_at, end_detail, _ = candidates[0]
        latest = min(c[4] for c in candidates)
        lifespan_minutes = _minutes(eff.instant, end_at.instant)
        lifespan_max = _minutes(eff.instant, latest)
        lifespan_text = _bounds_text(lifespan_minutes, lifespan_max)

    reason = current.reason
    if _RANK[current.status] == 4:  # the end of life; what followed it, for the record
        then = [
            f"{t[3]}: {t[4]}"
            for t in trans
            if t[1] == 4 and (t[2], t[3]) != (current.status, current.rule_id)
        ]
        if then:
            reason += "; then " + "; ".join(then)
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
        ended_latest=latest,
        lifespan_max_minutes=lifespan_max,
    )
    # claims that may have happened while in force: before the latest possible end, or
    # at it when the end is known to the minute (the offensive that ended the truce)
    until = None
    if latest is not None:
        exact = any(c[4] == latest and c[2].precision == "minute" for c in candidates)
        until = latest + timedelta(seconds=1) if exact else latest
    _first_violation(assessment, evidence, until)
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


def _latest(vt: ValidTime, eff: ValidTime) -> datetime:
    """The latest possible instant of ``vt`` (itself when known to the minute)."""
    end = vt.instant if vt.precision == "minute" else vt.period_end
    return max(end, eff.instant)


def _minutes(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds() // 60))


def _bounds_text(low: int, high: int) -> str:
    """A lifespan known to the minute ("5 min"), else its bounds ("0 min to 24 h")."""
    if low == high:
        return duration_text(low, "minute")
    return f"{duration_text(low, 'minute')} to {duration_text(high, 'minute')}"


def _first_violation(a: TruceAssessment, ev: Evidence, until: datetime | None = None) -> None:
    """Counts while in force; time to first reported violation, on both clocks.

    Claims that may have happened while the truce was in force count against it: those
    that occurred before its latest possible end (``until``). The first violation is
    the first claim known to fall after the effective time; its precision gives bounds
    ("same day": between 0 min and the end of that day).
    """
    a.report_count = ev.report_count
    a.report_counts = dict(ev.report_counts)
    a.incident_count = ev.report_count
    a.incident_counts = dict(ev.report_counts)
    if ev.count_until is not None:
        a.report_counts, a.incident_counts, a.incident_count = ev.count_until(until)
        a.report_count = sum(a.report_counts.values())
    if ev.first is None or (until is not None and ev.first.occurred.instant >= until):
        return
    a.first_by_occurred = ev.first
    minutes, days, precision = span(a.effective, ev.first.occurred)
    a.minutes_to_first_occurred = minutes
    a.minutes_to_first_occurred_max = _minutes(
        a.effective.instant, _latest(ev.first.occurred, a.effective)
    )
    a.text_to_first_occurred = duration_text(minutes, precision, days)
    a.first_by_accuser = {
        k: span(a.effective, occurred)[0] for k, occurred in sorted(ev.earliest_by_accuser.items())
    }
    if ev.first_published is None:
        return
    a.first_by_published = ev.first_published
    minutes, days, precision = span(a.effective, ev.first_published[1])
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
    incidents = group_incidents(r for r, _ in book.live_reports())
    truces = {
        tid: assess_truce(
            book,
            tid,
            evidence_of(book, book.truces[tid], per_truce.get(tid, []), rule, incidents),
            rule,
        )
        for tid in sorted(book.truces)
        if book.truces[tid].announcement is not None and book.truces[tid].effective is not None
    }
    return Assessment(truces=truces, assignment=assignment, incidents=incidents)


def status_at(assessment: TruceAssessment, at: datetime) -> Interval | None:
    """The status interval of a truce at valid time ``at`` (None before its announcement)."""
    for iv in assessment.history:
        if (iv.valid_from is None or iv.valid_from <= at) and (
            iv.valid_to is None or at < iv.valid_to
        ):
            return iv
    return None
