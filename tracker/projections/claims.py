"""The claim views, maintained incrementally from one shared staging table.

Owns ``ClaimViews``: one projection (checkpoint ``claims``) behind the eight claim views
(``truce_status``, ``truce_status_history``, ``violation_reports``, ``denials``,
``casualty_claims``, ``truce_timeline_daily``, ``claim_retractions``,
``truce_announcements``). Each domain event is staged once, in ``claim_facts`` (one
row per claim, with the indexed columns the rules group and join on: incident bucket,
truce, local day, accuser, occurred and publication times), ``truce_facts`` (the curated
truce events, a handful), ``claim_marks`` (retractions and confirmations),
``denial_links`` and ``item_claims`` (which claims an item's extraction gave).

Per batch the work follows the batch, never the log:

1. stage the batch's claims (reading back only the rows it replaces or hides);
2. assign the changed reports to the truce in force (a curated truce event re-assigns
   the reports from its effective time on, through the ``occurred_at`` index);
3. regroup the incident buckets (day, accuser side, accused side) the batch touched;
4. rewrite the view rows that depend on what changed: the reports, the incidents they
   belong to, the denials naming them, the casualty groups, the timeline days, and the
   status of the truces they are assigned to. A truce is re-assessed from an
   ``Evidence`` summary read through indexes (counts, first claims on both clocks, the
   C1.2 day cells), not from its reports.

Rows are a pure function of the log prefix. A rebuild takes the set-based path of
``claims_bulk`` (the log folded once in memory, each table written once; ``bulk=False``
replays the log through this engine instead), and a property test holds incremental
catch-up, both kinds of rebuild and the in-memory ``Book`` rules to the same rows.
Must not fetch anything or read the clock.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy import Connection

from tracker.domain.book import Book, Recorded
from tracker.domain.events import (
    EVENT_TYPES,
    CasualtyClaimReported,
    ClaimConfirmed,
    ClaimRetracted,
    Event,
    ItemExtracted,
    TruceAnnounced,
    TruceCollapsed,
    TruceEnded,
    TruceSuperseded,
    TruceTimeCorrected,
    ViolationDenied,
    ViolationReported,
    decode,
)
from tracker.domain.incidents import group_bucket, place_set, side_key
from tracker.domain.inforce import assign_report, sides, truce_windows
from tracker.domain.truces import (
    RULES,
    Evidence,
    TruceAssessment,
    assess_truce,
    c12_window,
    claim_side,
    published_time,
)
from tracker.domain.values import Place, ValidTime
from tracker.projections._base import (
    ClaimView,
    Row,
    UtcTimestamp,
    any_of,
    as_json,
    ts,
    write_rows,
)
from tracker.projections.casualty_claims import (
    CasualtyClaims,
    casualty_rows,
    group_key,
    side_windows,
)
from tracker.projections.claim_retractions import ClaimRetractions, retraction_row
from tracker.projections.denials import Denials, denial_row
from tracker.projections.runner import Projection, View, Work
from tracker.projections.truce_announcements import (
    MATCH_WINDOW,
    TruceAnnouncements,
    announcement_row,
    curated_match,
)
from tracker.projections.truce_status import TruceStatus, status_rows
from tracker.projections.truce_status_history import TruceStatusHistory, history_rows
from tracker.projections.truce_timeline_daily import TruceTimelineDaily
from tracker.projections.violation_reports import ViolationReports, report_row
from tracker.store import EventStore, RecordedEvent

CHUNK = 400  # keys per IN (...) list
STAGING = (
    "claim_facts",
    "truce_facts",
    "claim_marks",
    "denial_links",
    "item_claims",
    "truce_cells",
    "truce_totals",
    "collapse_windows",
)
CLAIM_KINDS = ("report", "denial", "casualty", "announcement")
#: the views this projection replaced, each with its own copy of the claim log.
RETIRED_VIEWS = (
    "truce_status",
    "truce_status_history",
    "violation_reports",
    "denials",
    "casualty_claims",
    "truce_timeline_daily",
    "claim_retractions",
    "truce_announcements",
)
Key = tuple[str, str]  # (kind, claim id)
TRUCE_EVENTS = (TruceAnnounced, TruceCollapsed, TruceSuperseded, TruceEnded, TruceTimeCorrected)


def claim_views() -> list[ClaimView]:
    """The claim views, in the order their tables and views are made."""
    return [
        TruceStatus(),
        TruceStatusHistory(),
        ViolationReports(),
        Denials(),
        CasualtyClaims(),
        TruceTimelineDaily(),
        ClaimRetractions(),
        TruceAnnouncements(),
    ]


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    seq = sorted(set(items), key=repr)
    for i in range(0, len(seq), CHUNK):
        yield seq[i : i + CHUNK]


class ClaimViews(Projection):
    """The projection behind the claim views (see the module docstring)."""

    name: ClassVar[str] = "claims"
    version: ClassVar[int] = 4
    description: ClassVar[str] = "The claim views, kept incrementally from one staging table."
    event_types: ClassVar[frozenset[str] | None] = frozenset(EVENT_TYPES)

    #: the longest log (in positions) the set-based rebuild folds in memory (a peak of
    #: about 2.3 GB at 10^6 positions of claims and their items, docs/performance.md); a
    #: longer one is replayed in batches, in bounded memory, at about half the rate
    bulk_limit: ClassVar[int] = 1_200_000

    def __init__(self, *, bulk: bool = True) -> None:
        #: whether a rebuild takes the set-based path (``bulk_rebuild``) or replays the log
        self.bulk = bulk
        self.views_ = claim_views()
        self.table_names = (*(v.name for v in self.views_), *STAGING)  # type: ignore[misc]
        self._events: list[tuple[Event, Recorded, RecordedEvent]] = []
        self._truces: Book | None = None
        self._truces_table: str | None = None
        self._work = Work()

    # ------------------------------------------------------------ the contract

    def define(self, metadata: sa.MetaData, names: dict[str, str]) -> dict[str, sa.Table]:
        tables = {v.name: sa.Table(names[v.name], metadata, *v.columns()) for v in self.views_}
        tables["claim_facts"] = sa.Table(
            names["claim_facts"],
            metadata,
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("claim_id", sa.String(200), nullable=False),
            sa.Column("position", sa.BigInteger, nullable=False),
            sa.Column("recorded_at", UtcTimestamp(), nullable=False),
            sa.Column("type", sa.String(200), nullable=False),
            sa.Column("data", sa.Text, nullable=False),
            sa.Column("item_id", sa.String(200)),
            sa.Column("superseded", sa.Boolean, nullable=False),
            sa.Column("live", sa.Boolean, nullable=False),
            sa.Column("confirmed", sa.Boolean, nullable=False),
            sa.Column("bucket", sa.Text),  # incident bucket (reports), group key (casualties)
            sa.Column("occurred_at", UtcTimestamp()),  # effective time for announcements
            sa.Column("occurred_end", UtcTimestamp()),
            sa.Column("pub_at", UtcTimestamp()),
            sa.Column("accuser", sa.String(64)),
            sa.Column("side", sa.String(64)),
            sa.Column("heavy", sa.Boolean),
            sa.Column("killed", sa.BigInteger),
            sa.Column("place_keys", sa.Text),
            sa.Column("report_id", sa.String(200)),  # a casualty's report
            # derived, live reports only (NULL otherwise):
            sa.Column("truce_id", sa.String(200)),
            sa.Column("truce_day", sa.String(10)),
            sa.Column("incident_id", sa.String(200)),
        )
        tables["truce_facts"] = sa.Table(
            names["truce_facts"],
            metadata,
            sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
            sa.Column("truce_id", sa.String(200), nullable=False),
            sa.Column("type", sa.String(200), nullable=False),
            sa.Column("data", sa.Text, nullable=False),
            sa.Column("recorded_at", UtcTimestamp(), nullable=False),
        )
        tables["claim_marks"] = sa.Table(
            names["claim_marks"],
            metadata,
            sa.Column("mark", sa.String(16), nullable=False),  # retracted | confirmed
            sa.Column("claim_id", sa.String(200), nullable=False),
            sa.Column("position", sa.BigInteger, nullable=False),
            sa.Column("recorded_at", UtcTimestamp(), nullable=False),
            sa.Column("type", sa.String(200), nullable=False),
            sa.Column("data", sa.Text, nullable=False),
        )
        tables["denial_links"] = sa.Table(
            names["denial_links"],
            metadata,
            sa.Column("denial_id", sa.String(200), nullable=False),
            sa.Column("report_id", sa.String(200), nullable=False),
        )
        tables["item_claims"] = sa.Table(
            names["item_claims"],
            metadata,
            sa.Column("item_id", sa.String(200), nullable=False),
            sa.Column("claim_id", sa.String(200), nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("stream", sa.String(250), nullable=False),
        )
        tables["truce_cells"] = sa.Table(
            names["truce_cells"],
            metadata,
            sa.Column("truce_id", sa.String(200), nullable=False),
            sa.Column("day", sa.String(10), nullable=False),
            sa.Column("accuser", sa.String(64), nullable=False),
            sa.Column("side", sa.String(64)),
            sa.Column("reports", sa.BigInteger, nullable=False),
            sa.Column("after_reports", sa.BigInteger, nullable=False),
            sa.Column("first_after_at", UtcTimestamp()),
            sa.Column("heavy_after_at", UtcTimestamp()),
        )
        tables["truce_totals"] = sa.Table(
            names["truce_totals"],
            metadata,
            sa.Column("truce_id", sa.String(200), nullable=False),
            sa.Column("accuser", sa.String(64), nullable=False),
            sa.Column("reports", sa.BigInteger, nullable=False),
            sa.Column("after_reports", sa.BigInteger, nullable=False),
        )
        tables["collapse_windows"] = sa.Table(
            names["collapse_windows"],
            metadata,
            sa.Column("truce_id", sa.String(200), nullable=False),
            sa.Column("first_day", sa.String(10), nullable=False),
            sa.Column("at", UtcTimestamp(), nullable=False),
            sa.Column("reason", sa.Text, nullable=False),
        )
        return tables

    def _staging_indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [
            ("claim_facts", ("kind", "claim_id"), True),
            ("claim_facts", ("kind", "bucket"), False),
            ("claim_facts", ("kind", "occurred_at"), False),
            ("claim_facts", ("truce_id", "truce_day"), False),
            ("claim_facts", ("truce_id", "occurred_end", "occurred_at", "claim_id"), False),
            ("claim_facts", ("truce_id", "accuser", "occurred_end", "occurred_at"), False),
            ("claim_facts", ("truce_id", "pub_at", "claim_id"), False),
            ("claim_facts", ("incident_id",), False),
            ("claim_facts", ("report_id", "kind"), False),
            ("claim_marks", ("mark", "claim_id"), True),
            ("denial_links", ("denial_id", "report_id"), True),
            ("denial_links", ("report_id",), False),
            ("item_claims", ("item_id", "claim_id"), True),
            ("truce_cells", ("truce_id", "day", "accuser"), True),
            ("truce_totals", ("truce_id", "accuser"), True),
            ("collapse_windows", ("truce_id", "first_day"), True),
            ("collapse_windows", ("truce_id", "at", "first_day"), False),
        ]

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        out = self._staging_indexes()
        for v in self.views_:
            out.extend(v.indexes())
        return out

    def build_indexes(self) -> list[tuple[str, tuple[str, ...]]]:
        # every lookup of a batch goes through an index during a rebuild too: the staging
        # indexes and each view's key; the analysts' indexes are made once, at the swap
        keys = [(v.name, v.key) for v in self.views_]
        return [(t, cols) for t, cols, _ in self._staging_indexes()] + keys

    def views(self) -> list[View]:
        return [View(v.name, v.name, v.view_sql, v.comments()) for v in self.views_]

    def retired(self) -> tuple[list[str], list[str]]:
        tables = [t for v in RETIRED_VIEWS for t in (f"{v}__v1", f"{v}_facts__v1")]
        return tables, [*RETIRED_VIEWS, *(f"{v}@v1" for v in RETIRED_VIEWS)]

    def reset(self) -> None:
        self._events = []
        self._truces, self._truces_table = None, None

    def work(self) -> Work:
        return self._work

    def bulk_rebuild(
        self,
        conn: Connection,
        tables: dict[str, sa.Table],
        store: EventStore,
        up_to: int,
        progress: Callable[[int], None] | None = None,
    ) -> bool:
        """The log folded once and each table written once (``claims_bulk``)."""
        if not self.bulk or up_to > self.bulk_limit:
            return False
        from tracker.projections.claims_bulk import bulk_build

        bulk_build(self, conn, tables, store, up_to, progress)
        return True

    def handle(self, event: RecordedEvent, conn: Connection, tables: dict[str, sa.Table]) -> None:
        if event.type not in EVENT_TYPES:
            return
        domain_event = decode(event.type, event.data)
        recorded_at = ts(event.recorded_at)
        if domain_event is not None and recorded_at is not None:
            self._events.append((domain_event, Recorded(event.position, recorded_at), event))

    def finish_batch(self, conn: Connection, tables: dict[str, sa.Table]) -> None:
        if not self._events:
            return
        events, self._events = self._events, []
        _Batch(self, conn, tables).run(events)

    # ------------------------------------------------------------ shared state

    def truce_book(self, conn: Connection, table: sa.Table) -> Book:
        """The curated truces (a ``Book`` of truce events only), read once per process."""
        if self._truces is None or self._truces_table != table.name:
            book = Book()
            rows = conn.execute(sa.select(table).order_by(table.c.position)).all()
            self._work.rows_read += len(rows)
            for r in rows:
                ev = decode(r.type, json.loads(r.data))
                if ev is not None:
                    book.apply(ev, Recorded(int(r.position), r.recorded_at))
            self._truces, self._truces_table = book, table.name
        return self._truces


class _Batch:
    """The work of one batch: stage, re-derive, rewrite the touched rows."""

    def __init__(self, owner: ClaimViews, conn: Connection, tables: dict[str, sa.Table]) -> None:
        self.owner, self.conn, self.t = owner, conn, tables
        self.f = tables["claim_facts"]
        self.work = owner._work
        self.facts: dict[Key, dict[str, Any]] = {}  # staged rows to (re)write in full
        self.before: dict[Key, dict[str, Any]] = {}  # their stored state before the batch
        self.events: dict[Key, Event] = {}  # decoded payloads, by claim
        self.marks: dict[tuple[str, str], dict[str, Any]] = {}
        self.stored_marks: set[tuple[str, str]] = set()
        self.links: dict[str, set[str]] = {}  # denial id -> report ids (new)
        self.denial_reports: set[str] = set()  # reports the staged denials named before
        self.item_claims: dict[tuple[str, str], dict[str, Any]] = {}
        self.by_item: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.new_pairs: set[tuple[str, str]] = set()
        self.truce_rows: list[dict[str, Any]] = []
        self.reassigned: dict[str, tuple[str | None, str | None]] = {}  # stored (truce, day)
        self.truce_updates: dict[str, tuple[str | None, str | None]] = {}
        self.incident_updates: dict[str, str] = {}
        self.retractions: set[str] = set()
        self.truces_changed: set[str] = set()
        self.days: set[tuple[str, str]] = set()  # (truce, local day) whose cells change
        self.moved: set[str] = set()  # stored reports whose truce, day or incident changed
        self.old_incidents: set[str] = set()  # incidents the staged reports left
        self.dirty_truces: set[str] = set()
        self.dirty_buckets: set[str] = set()
        self.dirty_cas_buckets: set[str] = set()
        self.dirty_denials: set[str] = set()
        self.dirty_reports: set[str] = set()  # violation_reports rows to rewrite
        self.dirty_announcements: set[str] = set()

    # ---------------------------------------------------------------- I/O

    def read(self, stmt: Any) -> Sequence[Any]:
        rows = self.conn.execute(stmt).all()
        self.work.rows_read += len(rows)
        return rows

    def isin(self, column: Any, keys: Iterable[Any]) -> Any:
        return any_of(self.conn, column, keys)

    def delete_in(self, table: sa.Table, column: str, keys: Iterable[Any]) -> None:
        for chunk in _chunks(keys):
            res = self.conn.execute(sa.delete(table).where(self.isin(table.c[column], chunk)))
            self.work.rows_written += max(res.rowcount or 0, 0)

    def insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        self.work.rows_written += write_rows(self.conn, table, rows)

    def decoded(self, key: Key, row: Any) -> Event:
        ev = self.events.get(key)
        if ev is None:
            ev = decode(
                row.type if not isinstance(row, dict) else row["type"],
                json.loads(row.data if not isinstance(row, dict) else row["data"]),
            )
            assert ev is not None
            self.events[key] = ev
        return ev

    # ---------------------------------------------------------------- the run

    def run(self, events: list[tuple[Event, Recorded, RecordedEvent]]) -> None:
        truces = self.owner.truce_book(self.conn, self.t["truce_facts"])
        old_effective = {tid: _eff(t) for tid, t in truces.truces.items()}
        self.prefetch(events)
        for ev, rec, raw in events:
            self.stage(ev, rec, raw, truces)
        self.flags()
        windows = truce_windows(truces)
        if self.truces_changed:
            self.reassign_from(truces, old_effective)
        self.assign(truces, windows)
        self.regroup()
        self.write_staging()
        self.rewrite_views(truces, old_effective)

    def prefetch(self, events: list[tuple[Event, Recorded, RecordedEvent]]) -> None:
        """Read the stored rows the batch replaces, hides or marks, set-at-a-time."""
        keys: set[Key] = set()
        ids: set[str] = set()
        items: set[str] = set()
        for ev, _, _ in events:
            key = _key(ev)
            if key is not None:
                keys.add(key)
            elif isinstance(ev, ClaimRetracted | ClaimConfirmed):
                ids.add(ev.claim_id)
            elif isinstance(ev, ItemExtracted):
                items.add(ev.item_id)
        ic = self.t["item_claims"]
        for chunk in _chunks(items):
            for r in self.read(sa.select(ic).where(self.isin(ic.c.item_id, chunk))):
                link = dict(r._mapping)
                self.item_claims[(r.item_id, r.claim_id)] = link
                self.by_item[r.item_id][r.claim_id] = link
                keys.add((r.kind, r.claim_id))
        ids |= {cid for _, cid in keys}
        for chunk in _chunks(ids):
            for r in self.read(
                sa.select(self.f).where(
                    self.f.c.kind.in_(CLAIM_KINDS), self.isin(self.f.c.claim_id, chunk)
                )
            ):
                row = dict(r._mapping)
                self.before[(r.kind, r.claim_id)] = row
            marks = self.t["claim_marks"]
            for r in self.read(
                sa.select(marks.c.mark, marks.c.claim_id).where(self.isin(marks.c.claim_id, chunk))
            ):
                self.stored_marks.add((r.mark, r.claim_id))

    def get(self, key: Key) -> dict[str, Any] | None:
        """The current row of a claim: staged in this batch, else as stored."""
        if key in self.facts:
            return self.facts[key]
        if key in self.before:
            self.facts[key] = dict(self.before[key])
            return self.facts[key]
        return None

    def stage(self, ev: Event, rec: Recorded, raw: RecordedEvent, truces: Book) -> None:
        key = _key(ev)
        if key is not None:
            self.put(key, ev, rec, raw)
        elif isinstance(ev, TRUCE_EVENTS):
            truce_id = ev.truce_id
            self.truce_rows.append(
                {
                    "position": rec.position,
                    "truce_id": truce_id,
                    "type": raw.type,
                    "data": as_json(raw.data),
                    "recorded_at": rec.recorded_at,
                }
            )
            truces.apply(ev, rec)
            self.truces_changed.add(truce_id)
        elif isinstance(ev, ItemExtracted):
            kept = set(ev.streams)
            for cid, link in self.by_item.get(ev.item_id, {}).items():
                if link["stream"] in kept:
                    continue
                row = self.get((link["kind"], cid))
                if row is not None:
                    row["superseded"] = True
        elif isinstance(ev, ClaimRetracted | ClaimConfirmed):
            mark = "retracted" if isinstance(ev, ClaimRetracted) else "confirmed"
            if (mark, ev.claim_id) in self.stored_marks or (mark, ev.claim_id) in self.marks:
                return  # the first one counts
            self.marks[(mark, ev.claim_id)] = mark_row(
                mark, ev.claim_id, rec, raw.type, as_json(raw.data)
            )
            if mark == "retracted":
                self.retractions.add(ev.claim_id)
            for kind in CLAIM_KINDS:
                self.get((kind, ev.claim_id))  # staged again: flags recomputed

    def put(self, key: Key, ev: Event, rec: Recorded, raw: RecordedEvent) -> None:
        kind, cid = key
        prev = self.get(key)
        prov = getattr(ev, "provenance", None)
        item_id = prov.item_id if prov is not None else None
        superseded = False if item_id else bool(prev["superseded"]) if prev else False
        row = fact_row(key, ev, rec, raw.type, as_json(raw.data), item_id, superseded)
        if isinstance(ev, ViolationDenied):
            self.links[cid] = set(ev.report_ids)
        self.facts[key] = row
        self.events[key] = ev
        if item_id:
            self.new_pairs.add((item_id, cid))
            link = {"item_id": item_id, "claim_id": cid, "kind": kind, "stream": ev.stream_id}
            self.item_claims[(item_id, cid)] = link
            self.by_item[item_id][cid] = link

    def flags(self) -> None:
        """Live and confirmed, for every staged claim."""
        marks = self.stored_marks | set(self.marks)
        for (kind, cid), row in self.facts.items():
            row["live"] = not row["superseded"] and ("retracted", cid) not in marks
            row["confirmed"] = ("confirmed", cid) in marks
            old = self.before.get((kind, cid))
            if kind == "report":
                self.dirty_reports.add(cid)
                for r in (old, row):
                    if r is not None and r["bucket"] is not None:
                        self.dirty_buckets.add(r["bucket"])
                if old is not None and old["truce_id"] is not None:
                    self.dirty_truces.add(old["truce_id"])
                    self.days.add((old["truce_id"], old["truce_day"]))
            elif kind == "casualty":
                for r in (old, row):
                    if r is not None and r["bucket"] is not None:
                        self.dirty_cas_buckets.add(r["bucket"])
            elif kind == "denial":
                self.dirty_denials.add(cid)
            elif kind == "announcement":
                self.dirty_announcements.add(cid)
            if ("retracted", cid) in marks:
                self.retractions.add(cid)  # claim_known may change

    def reassign_from(self, truces: Book, old_effective: dict[str, datetime | None]) -> None:
        """A curated truce changed: re-assign the reports from its effective time on."""
        times = [old_effective.get(tid) for tid in self.truces_changed]
        times += [_eff(truces.truces[tid]) for tid in self.truces_changed if tid in truces.truces]
        known = [t for t in times if t is not None]
        if not known:
            return
        since = min(known)
        f = self.f
        rows = self.read(
            sa.select(
                f.c.claim_id, f.c.type, f.c.data, f.c.truce_id, f.c.truce_day, f.c.accuser
            ).where(f.c.kind == "report", f.c.live.is_(True), f.c.occurred_at >= since)
        )
        for r in rows:
            if ("report", r.claim_id) in self.facts:
                continue
            self.decoded(("report", r.claim_id), r)
            self.reassigned[r.claim_id] = (r.truce_id, r.truce_day)
            if r.truce_id is not None:
                self.dirty_truces.add(r.truce_id)
                self.days.add((r.truce_id, r.truce_day))

    def assign(self, truces: Book, windows: list[Any]) -> None:
        for (kind, cid), row in self.facts.items():
            if kind != "report":
                continue
            if not row["live"]:
                row["truce_id"] = row["truce_day"] = row["incident_id"] = None
                continue
            report = self.events.get(("report", cid)) or self.decoded(("report", cid), row)
            assert isinstance(report, ViolationReported)
            row["truce_id"], row["truce_day"] = _assignment(report, truces, windows)
            if row["truce_id"] is not None:
                self.dirty_truces.add(row["truce_id"])
                self.days.add((row["truce_id"], row["truce_day"]))
        for cid, old in self.reassigned.items():
            report = self.events[("report", cid)]
            assert isinstance(report, ViolationReported)
            new = _assignment(report, truces, windows)
            if new != old:
                self.dirty_reports.add(cid)
                self.moved.add(cid)
                self.truce_updates[cid] = new
                if new[0] is not None:
                    self.dirty_truces.add(new[0])
                    self.days.add((new[0], str(new[1])))

    def regroup(self) -> None:
        """Incidents of the touched buckets; members whose incident moved are updated."""
        f = self.f
        for chunk in _chunks(self.dirty_buckets):
            members: dict[str, dict[str, tuple[datetime, str, frozenset[str]]]] = defaultdict(dict)
            stored: dict[str, str | None] = {}
            for r in self.read(
                sa.select(
                    f.c.claim_id, f.c.bucket, f.c.occurred_at, f.c.place_keys, f.c.incident_id
                ).where(f.c.kind == "report", self.isin(f.c.bucket, chunk), f.c.live.is_(True))
            ):
                if ("report", r.claim_id) in self.facts:
                    continue
                members[r.bucket][r.claim_id] = (
                    r.occurred_at,
                    r.claim_id,
                    frozenset(json.loads(r.place_keys)),
                )
                stored[r.claim_id] = r.incident_id
            for (kind, cid), row in self.facts.items():
                if kind == "report" and row["live"] and row["bucket"] in chunk:
                    members[row["bucket"]][cid] = (
                        row["occurred_at"],
                        cid,
                        frozenset(json.loads(row["place_keys"])),
                    )
            for bucket_members in members.values():
                grouped = group_bucket(list(bucket_members.values()))
                changed: set[str | None] = set()
                for cid, incident in grouped.items():
                    if ("report", cid) in self.facts:
                        old = self.before.get(("report", cid))
                        changed |= {incident, old["incident_id"] if old else None}
                        self.facts[("report", cid)]["incident_id"] = incident
                    elif stored.get(cid) != incident:
                        changed |= {incident, stored.get(cid)}
                        self.incident_updates[cid] = incident
                        self.moved.add(cid)
                # the rows of every incident whose membership changed: ids and sizes
                for cid, incident in grouped.items():
                    if incident in changed or stored.get(cid) in changed:
                        self.dirty_reports.add(cid)
        for key in self.facts:
            old = self.before.get(key)
            if key[0] == "report" and old is not None and old["incident_id"] is not None:
                self.old_incidents.add(old["incident_id"])

    def write_staging(self) -> None:
        f = self.f
        by_kind: dict[str, list[str]] = defaultdict(list)
        for kind, cid in self.before:
            if (kind, cid) in self.facts:
                by_kind[kind].append(cid)
        for kind, ids in by_kind.items():
            for chunk in _chunks(ids):
                res = self.conn.execute(
                    sa.delete(f).where(f.c.kind == kind, self.isin(f.c.claim_id, chunk))
                )
                self.work.rows_written += max(res.rowcount or 0, 0)
        self.insert(f, list(self.facts.values()))
        where = sa.and_(f.c.kind == "report", f.c.claim_id == sa.bindparam("cid"))
        if self.truce_updates:
            self.conn.execute(
                sa.update(f)
                .where(where)
                .values(truce_id=sa.bindparam("t"), truce_day=sa.bindparam("d")),
                [{"cid": c, "t": t, "d": d} for c, (t, d) in self.truce_updates.items()],
            )
            self.work.rows_written += len(self.truce_updates)
        if self.incident_updates:
            self.conn.execute(
                sa.update(f).where(where).values(incident_id=sa.bindparam("i")),
                [{"cid": c, "i": i} for c, i in self.incident_updates.items()],
            )
            self.work.rows_written += len(self.incident_updates)
        self.insert(self.t["truce_facts"], self.truce_rows)
        self.insert(self.t["claim_marks"], list(self.marks.values()))
        links = self.t["denial_links"]
        staged_denials = [cid for kind, cid in self.facts if kind == "denial"]
        for chunk in _chunks(staged_denials):
            self.denial_reports |= {
                r.report_id
                for r in self.read(
                    sa.select(links.c.report_id).where(self.isin(links.c.denial_id, chunk))
                )
            }
        if self.links:
            self.delete_in(links, "denial_id", self.links)
            self.insert(
                links,
                [
                    {"denial_id": d, "report_id": r}
                    for d, reports in sorted(self.links.items())
                    for r in sorted(reports)
                ],
            )
        ic = self.t["item_claims"]
        staged = {c for _, c in self.facts}
        fresh = [v for k, v in self.item_claims.items() if k[1] in staged and k in self.new_pairs]
        seen = [v for v in fresh if (v["kind"], v["claim_id"]) in self.before]
        if seen:  # a claim emitted again: its pair with this item may exist
            self.conn.execute(
                sa.delete(ic).where(
                    ic.c.item_id == sa.bindparam("i"), ic.c.claim_id == sa.bindparam("c")
                ),
                [{"i": v["item_id"], "c": v["claim_id"]} for v in seen],
            )
        self.insert(ic, fresh)

    # ------------------------------------------------------------ the views

    def rewrite_views(self, truces: Book, old_effective: dict[str, datetime | None]) -> None:
        if self.truces_changed:
            self.dirty_truces |= set(truces.truces) | set(old_effective)
        self.rewrite_reports()
        changed = {cid for kind, cid in self.facts if kind == "report"} | self.moved
        self.rewrite_denials(changed)
        self.rewrite_casualties(changed, truces)
        self.rewrite_cells(truces)
        self.rewrite_truces(truces)
        self.rewrite_retractions()
        self.rewrite_announcements(truces, old_effective)

    def rewrite_reports(self) -> None:
        """``violation_reports`` rows of the touched reports and of their incidents."""
        f = self.f
        # denials that changed change the denied counts of their incidents
        denial_reports = set(self.denial_reports)
        for reports in self.links.values():
            denial_reports |= reports
        incidents: set[str] = set(self.old_incidents)
        for chunk in _chunks(denial_reports):
            incidents |= {
                r.incident_id
                for r in self.read(
                    sa.select(f.c.incident_id).where(
                        f.c.kind == "report",
                        self.isin(f.c.claim_id, chunk),
                        f.c.incident_id.is_not(None),
                    )
                )
            }
        for chunk in _chunks(incidents):
            self.dirty_reports |= {
                r.claim_id
                for r in self.read(sa.select(f.c.claim_id).where(self.isin(f.c.incident_id, chunk)))
            }
        ids = self.dirty_reports
        rows = self.fetch_reports(ids)
        incidents = {r.incident_id for r in rows if r.incident_id is not None}
        sizes: dict[str, int] = defaultdict(int)
        members: dict[str, str] = {}  # report -> incident, every report of the incidents
        for chunk in _chunks(incidents):
            for r in self.read(
                sa.select(f.c.claim_id, f.c.incident_id).where(self.isin(f.c.incident_id, chunk))
            ):
                sizes[r.incident_id] += 1
                members[r.claim_id] = r.incident_id
        # live denials per incident, driven from the incidents' reports (the link table's
        # report index), never from the set of all denials
        links = self.t["denial_links"]
        d = f.alias("d")
        deniers: dict[str, set[str]] = defaultdict(set)
        for chunk in _chunks(members):
            for r in self.read(
                sa.select(links.c.report_id, links.c.denial_id)
                .select_from(links)
                .join(d, sa.and_(d.c.kind == "denial", d.c.claim_id == links.c.denial_id))
                .where(self.isin(links.c.report_id, chunk), d.c.live.is_(True))
            ):
                deniers[members[r.report_id]].add(r.denial_id)
        denied = {incident: len(ids) for incident, ids in deniers.items()}
        table = self.t["violation_reports"]
        self.delete_in(table, "report_id", ids)
        out = []
        for r in rows:
            if not r.live:
                continue
            report = self.decoded(("report", r.claim_id), r)
            assert isinstance(report, ViolationReported)
            out.append(
                report_row(
                    report,
                    Recorded(int(r.position), r.recorded_at),
                    truce_id=r.truce_id,
                    incident_id=r.incident_id,
                    incident_reports=sizes.get(r.incident_id, 0),
                    denied=denied.get(r.incident_id, 0),
                    confirmed=bool(r.confirmed),
                )
            )
        self.insert(table, out)

    def fetch_reports(self, ids: Iterable[str]) -> list[Any]:
        f = self.f
        rows: list[Any] = []
        for chunk in _chunks(ids):
            rows.extend(
                self.read(sa.select(f).where(f.c.kind == "report", self.isin(f.c.claim_id, chunk)))
            )
        return rows

    def rewrite_denials(self, reports: set[str]) -> None:
        f, links = self.f, self.t["denial_links"]
        ids = set(self.dirty_denials)
        for chunk in _chunks(reports):
            ids |= {
                r.denial_id
                for r in self.read(
                    sa.select(links.c.denial_id).where(self.isin(links.c.report_id, chunk))
                )
            }
        table = self.t["denials"]
        self.delete_in(table, "denial_id", ids)
        out: list[Row] = []
        for chunk in _chunks(ids):
            denials = self.read(
                sa.select(f).where(
                    f.c.kind == "denial", self.isin(f.c.claim_id, chunk), f.c.live.is_(True)
                )
            )
            pairs = self.read(sa.select(links).where(self.isin(links.c.denial_id, chunk)))
            named = self.fetch_reports({p.report_id for p in pairs})
            by_id = {r.claim_id: r for r in named if r.live}
            targets: dict[str, list[str]] = defaultdict(list)
            for p in pairs:
                targets[p.denial_id].append(p.report_id)
            for row in denials:
                denial = self.decoded(("denial", row.claim_id), row)
                assert isinstance(denial, ViolationDenied)
                for rid in sorted(targets[row.claim_id]):
                    rep = by_id.get(rid)
                    if rep is None:
                        continue
                    report = self.decoded(("report", rid), rep)
                    assert isinstance(report, ViolationReported)
                    out.append(
                        denial_row(
                            denial,
                            Recorded(int(row.position), row.recorded_at),
                            report,
                            incident_id=rep.incident_id,
                            truce_id=rep.truce_id,
                            confirmed=bool(row.confirmed),
                        )
                    )
        self.insert(table, out)

    def rewrite_casualties(self, reports: set[str], truces: Book) -> None:
        f = self.f
        buckets = set(self.dirty_cas_buckets)
        if self.truces_changed:  # the truce in force of figures without a report
            buckets |= {
                r.bucket
                for r in self.read(sa.select(f.c.bucket).distinct().where(f.c.kind == "casualty"))
            }
        for chunk in _chunks(reports):
            buckets |= {
                r.bucket
                for r in self.read(
                    sa.select(f.c.bucket).where(
                        self.isin(f.c.report_id, chunk), f.c.kind == "casualty"
                    )
                )
            }
        table = self.t["casualty_claims"]
        ids = {cid for kind, cid in self.facts if kind == "casualty"}
        claims: list[Any] = []
        for chunk in _chunks(buckets):
            claims.extend(
                self.read(sa.select(f).where(f.c.kind == "casualty", self.isin(f.c.bucket, chunk)))
            )
        ids |= {c.claim_id for c in claims}
        self.delete_in(table, "claim_id", ids)
        live = [c for c in claims if c.live]
        linked = {c.report_id for c in live if c.report_id}
        truce_of: dict[str, str | None] = {}
        incident_of: dict[str, str] = {}
        linked_reports: dict[str, ViolationReported] = {}
        for r in self.fetch_reports(linked):
            if r.live:
                truce_of[r.claim_id] = r.truce_id
                incident_of[r.claim_id] = r.incident_id
                report = self.decoded(("report", r.claim_id), r)
                assert isinstance(report, ViolationReported)
                linked_reports[r.claim_id] = report
        pairs = []
        for c in live:
            ev = self.decoded(("casualty", c.claim_id), c)
            assert isinstance(ev, CasualtyClaimReported)
            pairs.append((ev, Recorded(int(c.position), c.recorded_at)))
        confirmed = {c.claim_id for c in live if c.confirmed}
        self.insert(
            table,
            list(
                casualty_rows(
                    pairs,
                    truce_of,
                    incident_of,
                    confirmed,
                    reports=linked_reports,
                    windows=side_windows(truce_windows(truces)),
                )
            ),
        )

    def rewrite_cells(self, truces: Book) -> None:
        """The (truce, day) cells the batch touched: ``truce_timeline_daily``, the truce's
        running totals and the C1.2 windows over those days."""
        f, cells = self.f, self.t["truce_cells"]
        for chunk in _chunks(self.moved):
            self.days |= {
                (r.truce_id, r.truce_day)
                for r in self.read(
                    sa.select(f.c.truce_id, f.c.truce_day).where(
                        f.c.kind == "report",
                        self.isin(f.c.claim_id, chunk),
                        f.c.truce_id.is_not(None),
                    )
                )
            }
        self.dirty_truces |= {tid for tid, _ in self.days}  # their incident counts
        by_truce: dict[str, set[str]] = defaultdict(set)
        for tid, day in self.days:
            by_truce[tid].add(day)
        for tid in self.truces_changed:  # a new effective time or zone: every day anew
            by_truce[tid] |= {
                r.day for r in self.read(sa.select(cells.c.day).where(cells.c.truce_id == tid))
            }
            by_truce[tid] |= {
                r.truce_day
                for r in self.read(sa.select(f.c.truce_day).distinct().where(f.c.truce_id == tid))
            }
        for tid, days in sorted(by_truce.items()):
            t = truces.truces.get(tid)
            if t is None or t.announcement is None or t.effective is None:
                continue
            self.rewrite_truce_days(tid, t.effective, sides(t.announcement.parties), days)

    def rewrite_truce_days(
        self, tid: str, effective: ValidTime, truce_sides: frozenset[str], days: set[str]
    ) -> None:
        f, cells = self.f, self.t["truce_cells"]
        timeline, totals = self.t["truce_timeline_daily"], self.t["truce_totals"]
        eff = ts(effective.instant)
        after = f.c.occurred_at >= eff
        old: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        new_cells: list[dict[str, Any]] = []
        rows: list[Row] = []
        for chunk in _chunks(days):
            for r in self.read(
                sa.select(cells.c.accuser, cells.c.reports, cells.c.after_reports).where(
                    cells.c.truce_id == tid, self.isin(cells.c.day, chunk)
                )
            ):
                old[r.accuser][0] += int(r.reports)
                old[r.accuser][1] += int(r.after_reports)
            for table, column in ((cells, cells.c.day), (timeline, timeline.c.day)):
                res = self.conn.execute(
                    sa.delete(table).where(table.c.truce_id == tid, self.isin(column, chunk))
                )
                self.work.rows_written += max(res.rowcount or 0, 0)
            for r in self.read(
                sa.select(
                    f.c.truce_day,
                    f.c.accuser,
                    sa.func.count(),
                    sa.func.count(sa.distinct(f.c.incident_id)),
                    sa.func.sum(sa.case((f.c.heavy.is_(True), 1), else_=0)),
                    sa.func.sum(sa.func.coalesce(f.c.killed, 0)),
                    sa.func.sum(sa.case((after, 1), else_=0)),
                    sa.type_coerce(sa.func.min(sa.case((after, f.c.occurred_at))), UtcTimestamp()),
                    sa.type_coerce(
                        sa.func.min(
                            sa.case((sa.and_(after, f.c.heavy.is_(True)), f.c.occurred_at))
                        ),
                        UtcTimestamp(),
                    ),
                )
                .where(f.c.truce_id == tid, self.isin(f.c.truce_day, chunk))
                .group_by(f.c.truce_day, f.c.accuser)
            ):
                day, accuser = r[0], r[1]
                rows.append(
                    {
                        "truce_id": tid,
                        "day": day,
                        "accuser": accuser,
                        "accuser_side": side_key(accuser),
                        "reports": int(r[2]),
                        "incidents": int(r[3]),
                        "heavy_reports": int(r[4] or 0),
                        "killed_claimed": int(r[5] or 0),
                    }
                )
                new_cells.append(
                    {
                        "truce_id": tid,
                        "day": day,
                        "accuser": accuser,
                        "side": claim_side(accuser),
                        "reports": int(r[2]),
                        "after_reports": int(r[6] or 0),
                        "first_after_at": r[7],
                        "heavy_after_at": r[8],
                    }
                )
        self.insert(timeline, sorted(rows, key=lambda x: (x["day"], x["accuser"])))
        self.insert(cells, new_cells)
        # running totals per accuser: old cells out, new cells in
        delta: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for accuser, (n, a) in old.items():
            delta[accuser][0] -= n
            delta[accuser][1] -= a
        for c in new_cells:
            delta[c["accuser"]][0] += c["reports"]
            delta[c["accuser"]][1] += c["after_reports"]
        touched = [a for a, d in delta.items() if d != [0, 0]]
        if touched:
            stored = {
                r.accuser: [int(r.reports), int(r.after_reports)]
                for r in self.read(
                    sa.select(totals).where(totals.c.truce_id == tid, totals.c.accuser.in_(touched))
                )
            }
            self.conn.execute(
                sa.delete(totals).where(totals.c.truce_id == tid, totals.c.accuser.in_(touched))
            )
            fresh = []
            for accuser in sorted(touched):
                n, m = stored.get(accuser, [0, 0])
                n, m = n + delta[accuser][0], m + delta[accuser][1]
                if n:
                    fresh.append(
                        {"truce_id": tid, "accuser": accuser, "reports": n, "after_reports": m}
                    )
            self.insert(totals, fresh)
        self.rewrite_windows(tid, truce_sides, days)

    def rewrite_windows(self, tid: str, truce_sides: frozenset[str], days: set[str]) -> None:
        """C1.2 windows starting on or before the touched days, within reach of them."""
        if len(truce_sides) < 2:
            return
        cells, windows = self.t["truce_cells"], self.t["collapse_windows"]
        span = RULES.consecutive_days
        starts = {date.fromisoformat(d) - timedelta(days=i) for d in days for i in range(span)}
        needed = {s + timedelta(days=i) for s in starts for i in range(span)}
        grid: dict[tuple[date, str], datetime] = {}
        heavy: dict[date, datetime] = {}
        for chunk in _chunks(d.isoformat() for d in needed):
            for r in self.read(
                sa.select(cells).where(
                    cells.c.truce_id == tid,
                    self.isin(cells.c.day, chunk),
                    cells.c.after_reports > 0,
                    cells.c.side.in_(sorted(truce_sides)),
                )
            ):
                day = date.fromisoformat(r.day)
                key = (day, r.side)
                grid[key] = min(grid.get(key, r.first_after_at), r.first_after_at)
                if r.heavy_after_at is not None:
                    heavy[day] = min(heavy.get(day, r.heavy_after_at), r.heavy_after_at)
        keys = [d.isoformat() for d in starts]
        for chunk in _chunks(keys):
            self.conn.execute(
                sa.delete(windows).where(
                    windows.c.truce_id == tid, self.isin(windows.c.first_day, chunk)
                )
            )
        self.insert(windows, window_rows(tid, starts, grid, heavy, truce_sides))

    def rewrite_truces(self, truces: Book) -> None:
        if not self.dirty_truces:
            return
        assessed: dict[str, TruceAssessment] = {}
        for tid in sorted(self.dirty_truces):
            t = truces.truces.get(tid)
            if t is None or t.announcement is None or t.effective is None:
                continue
            assessed[tid] = assess_truce(truces, tid, self.evidence(truces, tid))
        status, history = self.t["truce_status"], self.t["truce_status_history"]
        self.delete_in(status, "truce_id", self.dirty_truces)
        self.delete_in(history, "truce_id", self.dirty_truces)
        self.insert(status, list(status_rows(assessed)))
        self.insert(history, list(history_rows(assessed)))

    def evidence(self, truces: Book, tid: str) -> Evidence:
        """A truce's evidence from its running totals, its earliest C1.2 window and three
        ordered index lookups (never a scan of its reports)."""
        f, totals, windows = self.f, self.t["truce_totals"], self.t["collapse_windows"]
        t = truces.truces[tid]
        assert t.announcement is not None and t.effective is not None
        counts: dict[str, int] = {}
        after_by_accuser: dict[str, int] = {}
        for r in self.read(sa.select(totals).where(totals.c.truce_id == tid)):
            counts[r.accuser] = int(r.reports)
            if r.after_reports:
                after_by_accuser[r.accuser] = int(r.after_reports)
        ev = Evidence(sum(counts.values()), dict(sorted(counts.items())))
        ev.after_count = sum(after_by_accuser.values())
        ev.count_until = lambda until: self.count_until(tid, until)
        if not ev.after_count:
            return ev
        after = sa.and_(f.c.truce_id == tid, f.c.occurred_at >= ts(t.effective.instant))
        order = (f.c.occurred_end, f.c.occurred_at, f.c.claim_id)
        first = self.read(sa.select(f).where(after).order_by(*order).limit(1))[0]
        report = self.decoded(("report", first.claim_id), first)
        assert isinstance(report, ViolationReported)
        ev.first = report
        for accuser in sorted(after_by_accuser):
            row = self.read(
                sa.select(f).where(after, f.c.accuser == accuser).order_by(*order).limit(1)
            )[0]
            earliest = self.decoded(("report", row.claim_id), row)
            assert isinstance(earliest, ViolationReported)
            ev.earliest_by_accuser[accuser] = earliest.occurred
        row = self.read(sa.select(f).where(after).order_by(f.c.pub_at, f.c.claim_id).limit(1))[0]
        pub = self.decoded(("report", row.claim_id), row)
        assert isinstance(pub, ViolationReported)
        ev.first_published = (pub, published_time(pub, row.recorded_at))
        best = self.read(
            sa.select(windows.c.at, windows.c.reason)
            .where(windows.c.truce_id == tid)
            .order_by(windows.c.at, windows.c.first_day)
            .limit(1)
        )
        if best:
            ev.collapse = (best[0].at, best[0].reason)
        return ev

    def count_until(
        self, tid: str, until: datetime | None
    ) -> tuple[dict[str, int], dict[str, int], int]:
        """Reports and incidents of a truce's claims that occurred before ``until``."""
        f = self.f
        where = [f.c.truce_id == tid]
        if until is not None:
            where.append(f.c.occurred_at < ts(until))
        reports: dict[str, int] = {}
        incidents: dict[str, int] = {}
        for r in self.read(
            sa.select(f.c.accuser, sa.func.count(), sa.func.count(sa.distinct(f.c.incident_id)))
            .where(*where)
            .group_by(f.c.accuser)
        ):
            reports[r[0]] = int(r[1])
            incidents[r[0]] = int(r[2])
        total = self.read(sa.select(sa.func.count(sa.distinct(f.c.incident_id))).where(*where))
        return (
            dict(sorted(reports.items())),
            dict(sorted(incidents.items())),
            int(total[0][0]),
        )

    def rewrite_retractions(self) -> None:
        if not self.retractions:
            return
        marks, f = self.t["claim_marks"], self.f
        table = self.t["claim_retractions"]
        self.delete_in(table, "claim_id", self.retractions)
        out: list[Row] = []
        for chunk in _chunks(self.retractions):
            known = {
                r.claim_id
                for r in self.read(
                    sa.select(f.c.claim_id).where(
                        self.isin(f.c.claim_id, chunk),
                        f.c.kind.in_(("report", "casualty", "denial")),
                    )
                )
            }
            for r in self.read(
                sa.select(marks).where(
                    marks.c.mark == "retracted", self.isin(marks.c.claim_id, chunk)
                )
            ):
                ev = decode(r.type, json.loads(r.data))
                assert isinstance(ev, ClaimRetracted)
                out.append(
                    retraction_row(
                        ev, Recorded(int(r.position), r.recorded_at), known=r.claim_id in known
                    )
                )
        self.insert(table, out)

    def rewrite_announcements(
        self, truces: Book, old_effective: dict[str, datetime | None]
    ) -> None:
        f = self.f
        ids = set(self.dirty_announcements)
        times = [old_effective.get(tid) for tid in self.truces_changed]
        times += [_eff(truces.truces[tid]) for tid in self.truces_changed if tid in truces.truces]
        for when in {t for t in times if t is not None}:
            lo, hi = ts(when - MATCH_WINDOW), ts(when + MATCH_WINDOW + timedelta(seconds=1))
            ids |= {
                r.claim_id
                for r in self.read(
                    sa.select(f.c.claim_id).where(
                        f.c.kind == "announcement", f.c.occurred_at >= lo, f.c.occurred_at <= hi
                    )
                )
            }
        if not ids:
            return
        table = self.t["truce_announcements"]
        self.delete_in(table, "announcement_id", ids)
        out: list[Row] = []
        for chunk in _chunks(ids):
            for r in self.read(
                sa.select(f).where(
                    f.c.kind == "announcement", self.isin(f.c.claim_id, chunk), f.c.live.is_(True)
                )
            ):
                a = self.decoded(("announcement", r.claim_id), r)
                assert isinstance(a, TruceAnnounced)
                out.append(
                    announcement_row(
                        a, Recorded(int(r.position), r.recorded_at), curated_match(truces, a)
                    )
                )
        self.insert(table, out)


def fact_row(
    key: Key,
    ev: Event,
    rec: Recorded,
    type_name: str,
    data: str,
    item_id: str | None,
    superseded: bool,
    *,
    side_of: Callable[[str], str] = side_key,
    fighting_side: Callable[[str], str | None] = claim_side,
) -> dict[str, Any]:
    """The ``claim_facts`` row of one claim event, before its flags and derived columns
    (``side_of``, ``fighting_side``: ``side_key`` and ``claim_side``, or a build's
    memo of them)."""
    kind, cid = key
    bucket = occurred_at = occurred_end = pub_at = accuser = side = heavy = killed = None
    place_keys = report_id = None
    if isinstance(ev, ViolationReported):
        occurred = ev.occurred
        accuser = ev.accuser
        # the incident bucket: ``incident_key``'s day and sides
        bucket = f"{occurred.local_date.isoformat()}|{side_of(accuser)}|{side_of(ev.accused)}"
        occurred_at = ts(occurred.instant)
        occurred_end = ts(occurred.period_end)
        pub_at = ts(published_time(ev, rec.recorded_at).instant)
        side = fighting_side(accuser)
        heavy = RULES.is_heavy(ev)
        killed = ev.killed
        place_keys = _place_keys(ev.places)
    elif isinstance(ev, CasualtyClaimReported):
        bucket = "|".join(group_key(ev))
        report_id = ev.report_id
    elif isinstance(ev, TruceAnnounced):
        occurred_at = ts(ev.effective.instant)
    return {
        "kind": kind,
        "claim_id": cid,
        "position": rec.position,
        "recorded_at": rec.recorded_at,
        "type": type_name,
        "data": data,
        "item_id": item_id,
        "superseded": superseded,
        "live": True,
        "confirmed": False,
        "bucket": bucket,
        "occurred_at": occurred_at,
        "occurred_end": occurred_end,
        "pub_at": pub_at,
        "accuser": accuser,
        "side": side,
        "heavy": heavy,
        "killed": killed,
        "place_keys": place_keys,
        "report_id": report_id,
        "truce_id": None,
        "truce_day": None,
        "incident_id": None,
    }


@lru_cache(maxsize=4096)
def _place_keys(places: tuple[Place, ...]) -> str:
    """The ``place_keys`` column: the JSON array of what place overlap compares (claims
    name few distinct sets of places, so each set's is made once)."""
    return as_json(sorted(place_set(places)))


def window_rows(
    tid: str,
    starts: Iterable[date],
    grid: dict[tuple[date, str], datetime],
    heavy: dict[date, datetime],
    truce_sides: frozenset[str],
) -> list[dict[str, Any]]:
    """The ``collapse_windows`` rows of truce ``tid``: each of ``starts`` that opens a C1.2 window."""
    out = []
    for start in sorted(starts):
        found = c12_window(start, grid, heavy, truce_sides)
        if found is not None:
            out.append(
                {
                    "truce_id": tid,
                    "first_day": start.isoformat(),
                    "at": found[0],
                    "reason": found[1],
                }
            )
    return out


def mark_row(mark: str, claim_id: str, rec: Recorded, type_name: str, data: str) -> dict[str, Any]:
    """The ``claim_marks`` row of a retraction or confirmation (``mark``) of ``claim_id``
    (``data``: the event's payload as JSON text)."""
    return {
        "mark": mark,
        "claim_id": claim_id,
        "position": rec.position,
        "recorded_at": rec.recorded_at,
        "type": type_name,
        "data": data,
    }


def _key(ev: Event) -> Key | None:
    if isinstance(ev, ViolationReported):
        return ("report", ev.report_id)
    if isinstance(ev, ViolationDenied):
        return ("denial", ev.denial_id)
    if isinstance(ev, CasualtyClaimReported):
        return ("casualty", ev.claim_id)
    if isinstance(ev, TruceAnnounced) and ev.status.startswith("extracted"):
        return ("announcement", ev.truce_id)
    return None


def _eff(t: Any) -> datetime | None:
    effective: ValidTime | None = t.effective
    return None if effective is None or t.announcement is None else effective.instant


def _assignment(
    report: ViolationReported, truces: Book, windows: list[Any]
) -> tuple[str | None, str | None]:
    tid = assign_report(report, windows)
    if tid is None:
        return None, None
    return tid, report.occurred.local_date.isoformat()  # the claim's own local day
