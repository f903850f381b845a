"""The set-based rebuild of the claim views: the log folded once, each table written once.

Owns ``bulk_build``, ``ClaimViews.bulk_rebuild``'s work. The incremental engine
(``claims._Batch``) re-derives, per batch, the rows its claims touch, reading back
what earlier batches staged; over a whole log that is most of a rebuild's time. Here
the log up to a position is read once, in order, and folded in memory with the same
staging rules (a claim's latest event wins, an item's re-extraction supersedes the
claims it no longer gives, the first retraction or confirmation counts, a denial's
latest event names its reports); then each derived column and each table is computed
once, set-at-a-time: truce assignment against the final truces, incidents per bucket,
the running state per truce (``truce_cells``, ``truce_totals``, ``collapse_windows``)
and every view's rows, by the same row functions the incremental engine uses. A truce
is assessed once, from its running state, by the incremental engine's own
``rewrite_truces``. The property test ``tests/projections/test_incremental.py`` holds
the tables this writes, staging and running state included, to a replay's.
Must not fetch anything or read the clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import Connection

from tracker.domain.book import Book, Recorded
from tracker.domain.events import (
    CasualtyClaimReported,
    ClaimConfirmed,
    ClaimRetracted,
    Event,
    ItemExtracted,
    TruceAnnounced,
    ViolationDenied,
    ViolationReported,
    decode,
)
from tracker.domain.incidents import group_bucket, place_set, side_key
from tracker.domain.inforce import sides, truce_windows
from tracker.domain.truces import claim_side
from tracker.projections._base import Row, as_json, forget_instant_texts, ts, write_rows
from tracker.projections.casualty_claims import casualty_rows, side_windows
from tracker.projections.claim_retractions import retraction_row
from tracker.projections.claims import (
    TRUCE_EVENTS,
    _assignment,
    _Batch,
    _key,
    fact_row,
    mark_row,
    window_rows,
)
from tracker.projections.denials import denial_row
from tracker.projections.runner import indexes_after_load
from tracker.projections.truce_announcements import announcement_row, curated_match
from tracker.projections.violation_reports import report_row
from tracker.store import EventStore

if TYPE_CHECKING:
    from tracker.projections.claims import ClaimViews, Key

PAGE = 5000  # events per read of the log
#: rows per write: a table's rows are made and encoded a slice at a time, never all at
#: once beside the folded log
SLICE = 20_000


class _Memo(dict[Any, Any]):
    """A function's values by argument, each computed once: a build's claims name a
    handful of actors, so their sides are looked up once each, not once a claim."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.fn(key)
        return value


class Bulk:
    """One set-based build of the claim tables (see the module docstring)."""

    def __init__(self, owner: ClaimViews, conn: Connection, tables: dict[str, sa.Table]) -> None:
        self.owner, self.conn, self.t = owner, conn, tables
        self.truces = Book()
        self.facts: dict[Key, dict[str, Any]] = {}
        self.events: dict[Key, Event] = {}
        self.marks: dict[tuple[str, str], dict[str, Any]] = {}
        self.retracted: dict[str, tuple[ClaimRetracted, Recorded]] = {}
        self.links: dict[str, list[str]] = {}  # denial id -> report ids (its latest event)
        self.item_claims: dict[tuple[str, str], dict[str, Any]] = {}
        self.by_item: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.truce_rows: list[dict[str, Any]] = []
        # the conflict pack's sides of each actor code, for this build (the pack in use
        # does not change during one)
        self.side_of = _Memo(side_key).__getitem__
        self.fighting_side = _Memo(claim_side).__getitem__

    def insert(self, name: str, rows: Iterable[dict[str, Any]]) -> None:
        """Write ``rows`` (made as they are consumed) in slices of ``SLICE``."""
        it = iter(rows)
        while chunk := list(islice(it, SLICE)):
            self.owner._work.rows_written += write_rows(self.conn, self.t[name], chunk)

    # ------------------------------------------------------------ the fold

    def run(self, store: EventStore, up_to: int, progress: Callable[[int], None] | None) -> None:
        self.fold(store, up_to, progress)
        self.derive()
        # the build indexes are made once the rows are in (a sort, not a row-by-row upkeep)
        indexed = list(dict.fromkeys(logical for logical, _ in self.owner.build_indexes()))
        try:
            with indexes_after_load(self.conn, [self.t[logical] for logical in indexed]):
                self.write_staging()
                self.write_cells()
                self.write_views()
            self.write_truces()
        finally:
            forget_instant_texts()

    def fold(self, store: EventStore, up_to: int, progress: Callable[[int], None] | None) -> None:
        """Every claim event up to ``up_to`` staged in memory, in log order."""
        types = self.owner.event_types
        assert types is not None
        # the stored JSON text of each payload (SQLite) is the text staging keeps: no
        # payload is written anew unless an upcaster changed it or the log is PostgreSQL's
        for n, (raw, text) in enumerate(
            store.read_payload_texts(types, up_to_position=up_to, page_size=PAGE), 1
        ):
            marker = _extraction(raw.type, raw.data, raw.recorded_at)
            if marker is not None:  # a third of the log; no record time, no event needed
                self.supersede(*marker)
                continue
            ev = decode(raw.type, raw.data)
            if ev is None or raw.recorded_at is None:
                continue
            if isinstance(ev, ItemExtracted):  # one ``_extraction`` leaves to ``decode``
                self.supersede(ev.item_id, ev.streams)
            else:
                at = ts(raw.recorded_at)
                assert at is not None
                self.stage(ev, Recorded(raw.position, at), raw.type, text, raw.data)
            if progress is not None and n % PAGE == 0:
                progress(raw.position)
        if progress is not None:
            progress(up_to)  # read and folded; the tables follow

    def supersede(self, item_id: str, streams: Iterable[str]) -> None:
        """An item's extraction: its claims from streams it no longer lists are superseded."""
        kept = set(streams)
        for cid, link in self.by_item.get(item_id, {}).items():
            row = self.facts.get((link["kind"], cid))
            if link["stream"] not in kept and row is not None:
                row["superseded"] = True

    def stage(
        self, ev: Event, rec: Recorded, type_name: str, text: str | None, data: dict[str, Any]
    ) -> None:
        """One claim, curated truce, retraction or confirmation event (``text``: its
        payload's stored JSON text, None when it must be written anew)."""
        key = _key(ev)
        if key is not None:
            self.put(key, ev, rec, type_name, as_json(data) if text is None else text)
        elif isinstance(ev, TRUCE_EVENTS):
            self.truce_rows.append(
                {
                    "position": rec.position,
                    "truce_id": ev.truce_id,
                    "type": type_name,
                    "data": as_json(data) if text is None else text,
                    "recorded_at": rec.recorded_at,
                }
            )
            self.truces.apply(ev, rec)
        elif isinstance(ev, ClaimRetracted | ClaimConfirmed):
            mark = "retracted" if isinstance(ev, ClaimRetracted) else "confirmed"
            if (mark, ev.claim_id) in self.marks:
                return  # the first one counts
            if text is None:
                text = as_json(data)
            self.marks[(mark, ev.claim_id)] = mark_row(mark, ev.claim_id, rec, type_name, text)
            if isinstance(ev, ClaimRetracted):
                self.retracted[ev.claim_id] = (ev, rec)

    def put(self, key: Key, ev: Event, rec: Recorded, type_name: str, data: str) -> None:
        kind, cid = key
        prev = self.facts.get(key)
        prov = getattr(ev, "provenance", None)
        item_id = prov.item_id if prov is not None else None
        superseded = False if item_id else bool(prev["superseded"]) if prev else False
        self.facts[key] = fact_row(
            key,
            ev,
            rec,
            type_name,
            data,
            item_id,
            superseded,
            side_of=self.side_of,
            fighting_side=self.fighting_side,
        )
        self.events[key] = ev
        if isinstance(ev, ViolationDenied):
            self.links[cid] = sorted(set(ev.report_ids))
        if item_id:
            link = {"item_id": item_id, "claim_id": cid, "kind": kind, "stream": ev.stream_id}
            self.item_claims[(item_id, cid)] = link
            self.by_item[item_id][cid] = link

    # ------------------------------------------------------------ derived columns

    def derive(self) -> None:
        """Flags, the truce in force of each live report and its incident."""
        windows = truce_windows(self.truces)
        buckets: dict[str, list[tuple[datetime, str, frozenset[str]]]] = defaultdict(list)
        self.reports: dict[str, dict[str, Any]] = {}  # live reports' rows
        for (kind, cid), row in self.facts.items():
            row["live"] = not row["superseded"] and ("retracted", cid) not in self.marks
            row["confirmed"] = ("confirmed", cid) in self.marks
            if kind != "report" or not row["live"]:
                continue
            report = self.events[(kind, cid)]
            assert isinstance(report, ViolationReported)
            row["truce_id"], row["truce_day"] = _assignment(report, self.truces, windows)
            buckets[row["bucket"]].append((row["occurred_at"], cid, place_set(report.places)))
            self.reports[cid] = row
        for members in buckets.values():
            for cid, incident in group_bucket(members).items():
                self.reports[cid]["incident_id"] = incident

    def write_staging(self) -> None:
        self.insert("claim_facts", self.facts.values())
        self.insert("truce_facts", self.truce_rows)
        self.insert("claim_marks", list(self.marks.values()))
        self.insert(
            "denial_links",
            [
                {"denial_id": d, "report_id": r}
                for d, reports in sorted(self.links.items())
                for r in reports
            ],
        )
        self.insert("item_claims", self.item_claims.values())

    # ------------------------------------------------------------ running state

    def write_cells(self) -> None:
        """``truce_cells``, ``truce_timeline_daily``, ``truce_totals`` and ``collapse_windows``."""
        by_cell: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for row in self.reports.values():
            if row["truce_id"] is not None:
                by_cell[(row["truce_id"], row["truce_day"], row["accuser"])].append(row)
        cells: list[dict[str, Any]] = []
        timeline: list[Row] = []
        totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        per_truce: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for (tid, day, accuser), rows in sorted(by_cell.items()):
            t = self.truces.truces.get(tid)
            if t is None or t.announcement is None or t.effective is None:
                continue
            eff = ts(t.effective.instant)
            assert eff is not None
            after = [r["occurred_at"] for r in rows if r["occurred_at"] >= eff]
            heavy_after = [r["occurred_at"] for r in rows if r["occurred_at"] >= eff and r["heavy"]]
            timeline.append(
                {
                    "truce_id": tid,
                    "day": day,
                    "accuser": accuser,
                    "accuser_side": side_key(accuser),
                    "reports": len(rows),
                    "incidents": len({r["incident_id"] for r in rows}),
                    "heavy_reports": sum(1 for r in rows if r["heavy"]),
                    "killed_claimed": sum(r["killed"] or 0 for r in rows),
                }
            )
            cell = {
                "truce_id": tid,
                "day": day,
                "accuser": accuser,
                "side": claim_side(accuser),
                "reports": len(rows),
                "after_reports": len(after),
                "first_after_at": min(after, default=None),
                "heavy_after_at": min(heavy_after, default=None),
            }
            cells.append(cell)
            per_truce[tid].append(cell)
            totals[(tid, accuser)][0] += len(rows)
            totals[(tid, accuser)][1] += len(after)
        self.insert("truce_timeline_daily", timeline)
        self.insert("truce_cells", cells)
        self.insert(
            "truce_totals",
            [
                {"truce_id": tid, "accuser": a, "reports": n, "after_reports": m}
                for (tid, a), (n, m) in sorted(totals.items())
                if n
            ],
        )
        windows: list[dict[str, Any]] = []
        for tid, truce_cells in sorted(per_truce.items()):
            t = self.truces.truces[tid]
            assert t.announcement is not None
            windows.extend(_windows(tid, sides(t.announcement.parties), truce_cells))
        self.insert("collapse_windows", windows)

    # ------------------------------------------------------------ the views

    def write_views(self) -> None:
        # incidents: their sizes and the live denials naming any of their reports
        sizes: dict[str, int] = defaultdict(int)
        for row in self.reports.values():
            sizes[row["incident_id"]] += 1
        deniers: dict[str, set[str]] = defaultdict(set)
        for did, named in self.links.items():
            denial = self.facts.get(("denial", did))
            if denial is None or not denial["live"]:
                continue
            for rid in named:
                rep = self.reports.get(rid)
                if rep is not None:
                    deniers[rep["incident_id"]].add(did)
        self.insert("violation_reports", self.report_rows(sizes, deniers))
        self.write_denials()
        self.write_casualties()
        self.insert(
            "claim_retractions",
            [
                retraction_row(
                    ev,
                    rec,
                    known=any((k, cid) in self.facts for k in ("report", "casualty", "denial")),
                )
                for cid, (ev, rec) in self.retracted.items()
            ],
        )
        announcements: list[Row] = []
        for (kind, cid), row in self.facts.items():
            if kind != "announcement" or not row["live"]:
                continue
            a = self.events[(kind, cid)]
            assert isinstance(a, TruceAnnounced)
            announcements.append(
                announcement_row(
                    a,
                    Recorded(row["position"], row["recorded_at"]),
                    curated_match(self.truces, a),
                )
            )
        self.insert("truce_announcements", announcements)

    def report_rows(self, sizes: dict[str, int], deniers: dict[str, set[str]]) -> Iterator[Row]:
        """``violation_reports`` rows of the live reports (``sizes``, ``deniers``: each
        incident's reports and live denials)."""
        for cid, row in self.reports.items():
            report = self.events[("report", cid)]
            assert isinstance(report, ViolationReported)
            yield report_row(
                report,
                Recorded(row["position"], row["recorded_at"]),
                truce_id=row["truce_id"],
                incident_id=row["incident_id"],
                incident_reports=sizes[row["incident_id"]],
                denied=len(deniers.get(row["incident_id"], ())),
                confirmed=bool(row["confirmed"]),
                side_of=self.side_of,
            )

    def write_denials(self) -> None:
        out: list[Row] = []
        for (kind, did), row in self.facts.items():
            if kind != "denial" or not row["live"]:
                continue
            denial = self.events[(kind, did)]
            assert isinstance(denial, ViolationDenied)
            for rid in self.links.get(did, ()):
                rep = self.reports.get(rid)
                if rep is None:
                    continue
                report = self.events[("report", rid)]
                assert isinstance(report, ViolationReported)
                out.append(
                    denial_row(
                        denial,
                        Recorded(row["position"], row["recorded_at"]),
                        report,
                        incident_id=rep["incident_id"],
                        truce_id=rep["truce_id"],
                        confirmed=bool(row["confirmed"]),
                    )
                )
        self.insert("denials", out)

    def write_casualties(self) -> None:
        pairs = []
        confirmed: set[str] = set()
        linked: set[str] = set()
        for (kind, cid), row in self.facts.items():
            if kind != "casualty" or not row["live"]:
                continue
            ev = self.events[(kind, cid)]
            assert isinstance(ev, CasualtyClaimReported)
            pairs.append((ev, Recorded(row["position"], row["recorded_at"])))
            if row["confirmed"]:
                confirmed.add(cid)
            if ev.report_id:
                linked.add(ev.report_id)
        reports: dict[str, ViolationReported] = {}
        for rid in linked:
            if rid in self.reports:
                report = self.events[("report", rid)]
                assert isinstance(report, ViolationReported)
                reports[rid] = report
        self.insert(
            "casualty_claims",
            casualty_rows(
                pairs,
                {rid: self.reports[rid]["truce_id"] for rid in reports},
                {rid: self.reports[rid]["incident_id"] for rid in reports},
                confirmed,
                reports=reports,
                windows=side_windows(truce_windows(self.truces)),
            ),
        )

    def write_truces(self) -> None:
        """Status and history of every truce, assessed once from its running state."""
        batch = _Batch(self.owner, self.conn, self.t)
        batch.events.update(self.events)
        batch.dirty_truces = set(self.truces.truces)
        batch.rewrite_truces(self.truces)


def _windows(
    tid: str, truce_sides: frozenset[str], cells: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The C1.2 windows of one truce from its cells: one row per first day that qualifies."""
    if len(truce_sides) < 2:
        return []
    grid: dict[tuple[date, str], datetime] = {}
    heavy: dict[date, datetime] = {}
    for c in cells:
        if not c["after_reports"] or c["side"] not in truce_sides:
            continue
        day = date.fromisoformat(c["day"])
        key = (day, c["side"])
        grid[key] = min(grid.get(key, c["first_after_at"]), c["first_after_at"])
        if c["heavy_after_at"] is not None:
            heavy[day] = min(heavy.get(day, c["heavy_after_at"]), c["heavy_after_at"])
    return window_rows(tid, {d for d, _ in grid}, grid, heavy, truce_sides)


def _extraction(type_name: str, data: Any, recorded_at: Any) -> tuple[Any, list[Any]] | None:
    """(item id, streams) of an ``ItemExtracted`` payload that ``decode`` takes for sure
    (``from_data`` checks only that the required fields are there and makes tuples of
    the list fields), read without making the event; None for any other event, and for
    an extraction whose payload ``decode`` must judge, which then takes the general
    path and its errors."""
    if type_name != "ItemExtracted" or recorded_at is None or type(data) is not dict:
        return None
    if "item_id" not in data or "extractor_version" not in data:
        return None
    streams = data.get("streams", [])
    if type(streams) is not list or type(data.get("truce_refs", [])) is not list:
        return None
    return data["item_id"], streams


def bulk_build(
    owner: ClaimViews,
    conn: Connection,
    tables: dict[str, sa.Table],
    store: EventStore,
    up_to: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Fill the empty build ``tables`` of ``owner`` from the log up to ``up_to``."""
    Bulk(owner, conn, tables).run(store, up_to, progress)
