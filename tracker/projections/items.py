"""The ``items`` view: every ingested item with its near-duplicate cluster.

Owns clustering syndicated copies of one story (the same wire copy re-posted, lightly
re-written or retitled by other outlets), so that one report is not counted as many.
Exact duplicates (same canonical URL or text hash) are marked at ingest
(``duplicate_of``); near duplicates are found here: word 5-shingles (character 5-grams
for short texts), MinHash with an LSH band index over items published within
``WINDOW_HOURS`` of each other, confirmed by exact Jaccard ≥ ``THRESHOLD``. An item
joins the cluster of its earliest matching item in log order, so the clusters are a
function of the log prefix: incremental catch-up and a rebuild agree, and a new
threshold is a new ``version`` that rebuilds itself. Both sides of a comparison are read
by one rule, the text ingest sketched the bands from: the item's document, else the text
its payload carries inline (a candidate's inline text is kept in its row, in a column the
view does not show). Translations do not match by shingles; they meet at the incident
level (place, day, sides) in ``violation_reports``.
Must not fetch anything or read the clock.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from itertools import islice
from operator import itemgetter
from typing import Any, ClassVar

import orjson
import sqlalchemy as sa
from sqlalchemy import Connection

from tracker.domain.values import parse_instant
from tracker.ingest.identity import BANDS_BASIS, item_text, shingles, text_bands
from tracker.projections._base import UtcTimestamp, any_of, utc_z, write_rows, write_values
from tracker.projections.runner import Projection, Work, indexes_after_load
from tracker.store import EventPayload, EventStore, RecordedEvent

THRESHOLD = 0.8
WINDOW_HOURS = 72
WINDOW = timedelta(hours=WINDOW_HOURS)
ITEM_TYPE = "ItemIngested"
_INT64 = (-(2**63), 2**63 - 1)
#: events per chunk of a bulk rebuild (its texts are read a chunk at a time)
LOAD_CHUNK = 5000

COLUMNS: dict[str, str] = {
    "item_id": "Id of the item (stream item-<id>); the latest revision is shown.",
    "feed": "Name of the feed it came from.",
    "title": "Title as published.",
    "url": "Link of the item.",
    "canonical_url": "Link with tracking parameters and fragment removed.",
    "published_at": "Publication time (UTC); the fetch time when the feed gave none.",
    "published_missing": "True when the feed gave no publication time (published_at is the fetch time).",
    "revision": "1 for the first version of the item, more when its content changed.",
    "content_hash": "SHA-256 of the item's normalised title and text.",
    "document_sha256": "Key of the item's text in the documents table.",
    "duplicate_of": "Item this one exactly duplicates (same canonical URL or text), marked at ingest.",
    "cluster_id": "Item id of the cluster's representative (its earliest item in log order); equals item_id for a representative.",
    "similarity": "Jaccard similarity of this item's shingles to the item it matched (1 for exact duplicates and representatives).",
    "cluster_size": "Number of items in the cluster.",
    "position": "Log position of the item's latest ItemIngested event.",
    "recorded_at": "Record time of that event (UTC).",
}


class Items(Projection):
    """Projection behind ``items``."""

    name: ClassVar[str] = "items"
    version: ClassVar[int] = 4
    description: ClassVar[str] = (
        f"Ingested news items with near-duplicate clusters (MinHash + LSH, Jaccard ≥ {THRESHOLD}, "
        f"±{WINDOW_HOURS} h)."
    )
    table_names: ClassVar[tuple[str, ...]] = ("items", "item_bands")
    event_types: ClassVar[frozenset[str] | None] = frozenset({ITEM_TYPE})
    key: ClassVar[tuple[str, ...]] = ("item_id",)
    column_docs: ClassVar[Mapping[str, str]] = COLUMNS

    def define(self, metadata: sa.MetaData, names: dict[str, str]) -> dict[str, sa.Table]:
        items = sa.Table(
            names["items"],
            metadata,
            sa.Column("item_id", sa.String(64), primary_key=True),
            sa.Column("feed", sa.Text),
            sa.Column("title", sa.Text),
            sa.Column("url", sa.Text),
            sa.Column("canonical_url", sa.Text),
            sa.Column("published_at", UtcTimestamp()),
            sa.Column("published_missing", sa.Boolean),
            sa.Column("revision", sa.Integer),
            sa.Column("content_hash", sa.String(64)),
            sa.Column("document_sha256", sa.String(64)),
            sa.Column("duplicate_of", sa.String(64)),
            sa.Column("cluster_id", sa.String(64)),
            sa.Column("similarity", sa.Float),
            sa.Column("position", sa.BigInteger),
            sa.Column("recorded_at", UtcTimestamp()),
            # the text an item without a document is compared by (not in the view)
            sa.Column("inline_text", sa.Text),
        )
        bands = sa.Table(
            names["item_bands"],
            metadata,
            sa.Column("band_key", sa.BigInteger, nullable=False),
            sa.Column("item_id", sa.String(64), nullable=False),
            sa.Column("position", sa.BigInteger, nullable=False),
            sa.Column("published_at", UtcTimestamp(), nullable=False),
        )
        return {"items": items, "item_bands": bands}

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [
            ("items", ("cluster_id",), False),
            ("items", ("published_at",), False),
            ("item_bands", ("band_key", "published_at"), False),
            ("item_bands", ("item_id",), False),
        ]

    def build_indexes(self) -> list[tuple[str, tuple[str, ...]]]:
        return [("item_bands", ("band_key", "published_at")), ("item_bands", ("item_id",))]

    def view_sql(self, physical: str, dialect: str) -> str:
        cols = ", ".join(f"i.{c}" for c in COLUMNS if c != "cluster_size")
        return (
            f"SELECT {cols}, (SELECT count(*) FROM {physical} c WHERE c.cluster_id = i.cluster_id) "
            f"AS cluster_size FROM {physical} i"
        )

    def __init__(self) -> None:
        self._pending: list[RecordedEvent] = []
        self._work = Work()

    def reset(self) -> None:
        self._pending = []

    def work(self) -> Work:
        return self._work

    def handle(self, event: RecordedEvent, conn: Connection, tables: dict[str, sa.Table]) -> None:
        if event.type == ITEM_TYPE:
            self._pending.append(event)

    def finish_batch(self, conn: Connection, tables: dict[str, sa.Table]) -> None:
        """Cluster the batch's items, set-at-a-time: one candidate query for all their band
        keys, texts read only for the candidates to confirm, one write per table."""
        if not self._pending:
            return
        events, self._pending = self._pending, []
        _ItemBatch(conn, tables, self._work).run(events)

    def bulk_rebuild(
        self,
        conn: Connection,
        tables: dict[str, sa.Table],
        store: EventStore,
        up_to: int,
        progress: Callable[[int], None] | None = None,
    ) -> bool:
        """Cluster every item of the log up to ``up_to``, in log order (see ``_ItemLoad``).

        The decisions ``finish_batch`` takes, with the band index and each item's current
        row held in memory instead of read back per batch; the rows are written once, at
        the end, and ``item_bands`` gets its indexes after the load.
        """
        events = store.read_payloads({ITEM_TYPE}, up_to_position=up_to, page_size=LOAD_CHUNK)
        _ItemLoad(conn, tables, self._work).run(events, progress)
        return True


Candidate = tuple[str, str | None, str | None, str | None, datetime, int, str | None]
"""A stored or earlier item a new one may join: id, cluster, document, title, published,
position, inline text (see :func:`_inline_text`)."""


class _Texts:
    """Texts and shingles of the items one run compares, read from ``documents`` once."""

    def __init__(self, conn: Connection, work: Work) -> None:
        self.conn, self.work = conn, work
        self.texts: dict[str | None, str] = {}
        self.shingled: dict[tuple[str | None, str | None, str | None], frozenset[str]] = {}

    def read(self, stmt: Any) -> list[Any]:
        rows = list(self.conn.execute(stmt).all())
        self.work.rows_read += len(rows)
        return rows

    def documents(self, hashes: set[str]) -> None:
        wanted = [h for h in hashes if h and h not in self.texts]
        for i in range(0, len(wanted), 400):
            for sha, text in self.read(
                sa.text("SELECT sha256, text FROM documents WHERE sha256 IN :s")
                .bindparams(sa.bindparam("s", expanding=True))
                .params(s=wanted[i : i + 400])
            ):
                self.texts[sha] = str(text or "")
        for h in wanted:  # not stored: compared as no text, and not asked for again
            self.texts.setdefault(h, "")

    def text_of(self, title: str | None, sha: str | None, inline: str | None) -> str:
        """The text an item is compared by: :func:`item_text` of its title and its document,
        else its inline text. The one rule for a new item and for its candidates."""
        body = self.texts.get(sha, "") if sha else ""
        return item_text(str(title or ""), body or str(inline or ""))

    def payload_text(self, d: dict[str, Any]) -> str:
        """:meth:`text_of` the item with payload ``d`` (its document read first)."""
        return self.text_of(d.get("title"), d.get("document_sha256"), _inline_text(d))

    def band_keys(self, d: dict[str, Any]) -> tuple[int, ...]:
        """The item's band keys: from the payload (computed at ingest), else sketched here
        (its document read first)."""
        if _has_bands(d):
            return tuple(sorted({int(k) for k in d["lsh_bands"] if k}))
        return text_bands(self.payload_text(d))

    def match(
        self, item: tuple[str | None, str | None, str | None], item_id: str, near: list[Candidate]
    ) -> tuple[str, float]:
        """(cluster, similarity) of the item whose title, document and inline text are
        ``item``: the cluster of the first of ``near`` (in log order) whose text is similar
        enough, else its own."""
        self.documents({c[2] for c in near if c[2]} | {item[1] or ""})
        shingled = self.shingled
        mine = shingled.get(item)
        if mine is None:
            mine = shingled[item] = shingles(self.text_of(*item))
        for cand_id, cluster, sha, title, _pub, _pos, inline in near:
            theirs = shingled.get((title, sha, inline))
            if theirs is None:
                theirs = shingles(self.text_of(title, sha, inline))
                shingled[title, sha, inline] = theirs
            score = similarity(mine, theirs)
            if score >= THRESHOLD:
                return str(cluster or cand_id), score
        return item_id, 1.0


class _ItemBatch(_Texts):
    def __init__(self, conn: Connection, tables: dict[str, sa.Table], work: Work) -> None:
        super().__init__(conn, work)
        self.items, self.bands = tables["items"], tables["item_bands"]

    def isin(self, column: Any, keys: Iterable[Any]) -> Any:
        return any_of(self.conn, column, keys)

    def run(self, events: list[RecordedEvent]) -> None:
        items, bands = self.items, self.bands
        parsed = [(event, event.data, _item_id(event)) for event in events]
        self.documents(
            {str(d.get("document_sha256") or "") for _, d, _ in parsed if not _has_bands(d)}
        )
        keys_of = {n: self.band_keys(d) for n, (_, d, _) in enumerate(parsed)}
        all_keys = sorted({k for ks in keys_of.values() for k in ks})
        # only items published within the window of some item of the batch can match
        window = timedelta(hours=WINDOW_HOURS)
        times = [_published(d, event.recorded_at) for event, d, _ in parsed]
        lo, hi = min(times) - window, max(times) + window
        # stored candidates, by band key
        stored: dict[int, list[Candidate]] = defaultdict(list)
        for i in range(0, len(all_keys), 400):
            chunk = all_keys[i : i + 400]
            for r in self.read(
                sa.select(
                    bands.c.band_key,
                    items.c.item_id,
                    items.c.cluster_id,
                    items.c.document_sha256,
                    items.c.title,
                    items.c.published_at,
                    items.c.position,
                    items.c.inline_text,
                )
                .join(items, items.c.item_id == bands.c.item_id)
                .where(self.isin(bands.c.band_key, chunk), bands.c.published_at.between(lo, hi))
            ):
                stored[r.band_key].append(
                    (
                        r.item_id,
                        r.cluster_id,
                        r.document_sha256,
                        r.title,
                        r.published_at,
                        r.position,
                        r.inline_text,
                    )
                )
        exact_ids = {str(d["duplicate_of"]) for _, d, _ in parsed if d.get("duplicate_of")}
        clusters: dict[str, str | None] = {}
        for i in range(0, len(exact_ids), 400):
            ids_chunk = sorted(exact_ids)[i : i + 400]
            for r in self.read(
                sa.select(items.c.item_id, items.c.cluster_id).where(
                    self.isin(items.c.item_id, ids_chunk)
                )
            ):
                clusters[r.item_id] = r.cluster_id
        done: dict[str, dict[str, Any]] = {}  # items of this batch, as they now stand
        done_keys: dict[str, tuple[int, ...]] = {}
        in_batch: dict[int, set[str]] = defaultdict(set)  # band key -> batch items (any revision)
        for n, (event, d, item_id) in enumerate(parsed):
            published = times[n]
            keys = keys_of[n]
            cluster_id, similarity = item_id, 1.0
            exact = d.get("duplicate_of")
            if exact:
                exact = str(exact)
                if exact in done:
                    cluster_id = done[exact]["cluster_id"]
                else:
                    found = clusters.get(exact)
                    cluster_id = found if exact in clusters and found is not None else exact
            elif keys:
                cands: dict[str, Candidate] = {}
                for k in keys:
                    for c in stored.get(k, ()):
                        if c[0] not in done:
                            cands[c[0]] = c
                for other_id in {o for k in keys for o in in_batch.get(k, ())}:
                    if k_match(done_keys[other_id], keys):
                        cands[other_id] = _candidate(done[other_id])
                cands.pop(item_id, None)
                near = sorted(
                    (c for c in cands.values() if published - window <= c[4] <= published + window),
                    key=lambda c: c[5],
                )
                if near:
                    cluster_id, similarity = self.match(_compared(d), item_id, near)
            done[item_id] = _item_row(event, d, item_id, published, exact, cluster_id, similarity)
            done_keys[item_id] = keys
            for k in keys:
                in_batch[k].add(item_id)
        ids = sorted(done)
        for i in range(0, len(ids), 400):
            written = ids[i : i + 400]
            self.conn.execute(sa.delete(bands).where(self.isin(bands.c.item_id, written)))
            self.conn.execute(sa.delete(items).where(self.isin(items.c.item_id, written)))
        rows = [done[i] for i in ids]
        band_rows = [
            {
                "band_key": k,
                "item_id": i,
                "position": done[i]["position"],
                "published_at": done[i]["published_at"],
            }
            for i in ids
            for k in done_keys[i]
        ]
        self.work.rows_written += write_rows(self.conn, items, rows)
        self.work.rows_written += write_rows(self.conn, bands, band_rows)


class _ItemLoad(_Texts):
    """A rebuild's whole log prefix clustered in memory, in log order, then loaded at once.

    Two passes. The first reads the log and keeps what the tables would hold between
    batches: each item's current row and band keys, and which items hold each band key
    now. It also notes, per event, what the decision needs: the rows of its candidates
    (the current rows of the items sharing a band key, published within the window) or
    the row its exact duplicate had then. None of that depends on the clusters. The
    second pass takes the decisions of the events that have one, in log order, reading
    texts only for them: a candidate's cluster is read from its row as the decisions
    before left it. An item's candidates are exactly the stored rows ``_ItemBatch``
    would find, so the rows equal a replay's.
    """

    def __init__(self, conn: Connection, tables: dict[str, sa.Table], work: Work) -> None:
        super().__init__(conn, work)
        self.items, self.bands = tables["items"], tables["item_bands"]
        #: item id -> (its current row, its band keys, the slot of its publication time)
        self.latest: dict[str, tuple[list[Any], tuple[int, ...], int]] = {}
        #: slot -> band key -> the item holding it, or the items (an item published in
        #: the slot's ``WINDOW`` has its candidates in that slot and the two beside it)
        self.slots: dict[int, dict[int, str | set[str]]] = {}
        #: (row, the rows of its candidates) or (row, its exact duplicate's row or None)
        self.decisions: list[tuple[list[Any], Any]] = []

    def read(self, stmt: Any) -> list[Any]:
        """Documents by a connection of their own: they never change once stored, and a
        read through the build's transaction would hold it to a snapshot before its first
        write (see ``write_lock``)."""
        with self.conn.engine.connect() as own:
            rows = list(own.execute(stmt).all())
        self.work.rows_read += len(rows)
        return rows

    def run(self, events: Iterator[EventPayload], progress: Callable[[int], None] | None) -> None:
        while chunk := list(islice(events, LOAD_CHUNK)):
            self.texts, self.shingled = {}, {}
            # documents only for the items sketched again (their bands are not stored)
            self.documents(
                {str(e.data.get("document_sha256") or "") for e in chunk if not _has_bands(e.data)}
            )
            for event in chunk:
                self.add(event)
            if progress is not None:
                progress(chunk[-1].position)
        self.texts, self.shingled = {}, {}
        self.decide()
        with indexes_after_load(self.conn, [self.bands]):
            self.write()

    def add(self, event: EventPayload) -> None:
        """First pass: the event's row (clustered alone) and what its decision needs."""
        d = event.data
        item_id = _item_id(event)
        published = _published(d, event.recorded_at)
        keys = self.band_keys(d)
        # out of range near year 1 or 9999 for every item, as the batch's window is
        lo, hi = published - WINDOW, published + WINDOW
        slot = (published - _EPOCH) // WINDOW
        exact = d.get("duplicate_of")
        exact = str(exact) if exact else None
        row = _item_values(event, d, item_id, published, exact)
        latest = self.latest
        before = latest.get(item_id)
        if before is not None:  # its previous revision is no candidate
            self.release(item_id, before[1], before[2])
        latest[item_id] = (row, keys, slot)
        found = self.hold(item_id, keys, slot)
        if exact is not None:
            held = latest.get(exact) if exact != item_id else before
            self.decisions.append((row, None if held is None else held[0]))
        elif found:
            near = [
                r for r in map(_row_of, map(latest.__getitem__, found)) if lo <= r[_PUBLISHED] <= hi
            ]
            if near:
                if len(near) > 1:
                    near.sort(key=_by_position)
                self.decisions.append((row, near))

    def hold(self, item_id: str, keys: tuple[int, ...], slot: int) -> set[str]:
        """Put ``item_id`` in the band index under ``keys`` (publication ``slot``); returns
        the other items holding one of them in ``slot`` or the two beside it."""
        slots = self.slots
        found: set[str] = set()
        if not keys:
            return found
        mine = slots.get(slot)
        if mine is None:
            mine = slots[slot] = {}
        held: Any = ()
        for s in (slot - 1, slot, slot + 1):
            index = mine if s == slot else slots.get(s)
            if not index:
                continue
            common = index.keys() & keys
            if not common:
                continue
            for k in common:
                h = index[k]
                if isinstance(h, str):
                    found.add(h)
                else:
                    found |= h
            if s == slot:
                held = [(k, mine[k]) for k in common]
        mine.update(dict.fromkeys(keys, item_id))  # most keys: no other item holds them
        for k, h in held:
            if isinstance(h, str):
                mine[k] = {h, item_id}
            else:
                h.add(item_id)
                mine[k] = h
        return found

    def release(self, item_id: str, keys: tuple[int, ...], slot: int) -> None:
        """Take ``item_id`` out of the band index (its ``keys`` held under ``slot``)."""
        index = self.slots[slot]
        for k in keys:
            h = index[k]
            if isinstance(h, str):
                del index[k]
                continue
            h.discard(item_id)
            if not h:
                del index[k]
        if not index:
            del self.slots[slot]

    def decide(self) -> None:
        """Second pass: each decision in log order, texts read a group at a time."""
        decisions = self.decisions
        for start in range(0, len(decisions), LOAD_CHUNK):
            group = decisions[start : start + LOAD_CHUNK]
            self.texts, self.shingled = {}, {}
            shas = set()
            for row, found in group:
                if row[_EXACT] is None:
                    shas.add(row[_SHA] or "")
                    shas.update(c[_SHA] or "" for c in found)
            self.documents(shas)
            for row, found in group:
                if row[_EXACT] is not None:
                    if found is None:
                        row[_CLUSTER] = row[_EXACT]
                    else:
                        row[_CLUSTER] = found[_CLUSTER]
                    continue
                near = [
                    (
                        c[_ID],
                        c[_CLUSTER],
                        c[_SHA],
                        c[_TITLE],
                        c[_PUBLISHED],
                        c[_POSITION],
                        c[_INLINE],
                    )
                    for c in found
                ]
                cluster_id, similarity = self.match(
                    (row[_TITLE], row[_SHA], row[_INLINE]), row[_ID], near
                )
                row[_CLUSTER], row[_SIMILARITY] = cluster_id, round(similarity, 4)
        self.decisions = []

    def write(self) -> None:
        # in id order: the primary key and the band rows' item index are then built
        # from ordered rows (ingest's ids are hashes, in no order along the log)
        held = [self.latest[item_id] for item_id in sorted(self.latest)]
        bands = [(row[_ID], row[_POSITION], row[_PUBLISHED], keys) for row, keys, _ in held]
        rows = [row for row, _, _ in held]
        self.latest = {}
        self.work.rows_written += write_values(self.conn, self.items, rows)  # encodes in place
        self.work.rows_written += _write_bands(self.conn, self.bands, bands)


def _write_bands(
    conn: Connection,
    bands: sa.Table,
    items: list[tuple[str, int, datetime, tuple[int, ...]]],
) -> int:
    """The band rows of ``items`` (id, position, publication time, band keys): some 16
    an item, which as bound values (or ``COPY`` rows built by the driver) cost more than
    the rows themselves.

    SQLite: a chunk of items goes as one JSON parameter, ``[[item, position, published,
    [keys]], …]``, unnested by ``json_each``. PostgreSQL: ``COPY`` text made here, a line
    per row (half the server's time of unnesting ``jsonb``).
    """
    lo, hi = _INT64
    for item_id, _, _, keys in items:
        if keys and not lo <= keys[0] <= keys[-1] <= hi:
            # SQLite's JSON would read it as a float; as a bound value it raises
            raise OverflowError(f"band key out of range for item {item_id!r}")
    if conn.dialect.name == "postgresql":
        return _copy_bands(conn, bands, items)
    table = conn.dialect.identifier_preparer.format_table(bands)
    # each item's fields taken out once, not once per band row
    sql = (
        "WITH i AS MATERIALIZED (SELECT json_extract(value, '$[0]') AS item_id, "
        "json_extract(value, '$[1]') AS position, json_extract(value, '$[2]') AS published, "
        "json_extract(value, '$[3]') AS keys FROM json_each(:doc)) "
        f"INSERT INTO {table} (band_key, item_id, position, published_at) "
        "SELECT k.value, i.item_id, i.position, i.published FROM i, json_each(i.keys) k"
    )
    written = 0
    for start in range(0, len(items), LOAD_CHUNK):
        doc = [
            (item_id, position, utc_z(published), keys)
            for item_id, position, published, keys in items[start : start + LOAD_CHUNK]
            if keys
        ]
        if doc:
            conn.execute(sa.text(sql), {"doc": _json_text(doc)})
            written += sum(len(d[3]) for d in doc)
    return written


def _copy_bands(
    conn: Connection, bands: sa.Table, items: list[tuple[str, int, datetime, tuple[int, ...]]]
) -> int:
    """The band rows of ``items`` by ``COPY … FROM STDIN`` (text format), in the
    connection's transaction: an item's rows are its keys, each followed by the same
    tail (its id, escaped as the format wants, position and publication time)."""
    raw = conn.connection.driver_connection
    assert raw is not None
    table = conn.dialect.identifier_preparer.format_table(bands)
    written = 0
    with (
        raw.cursor() as cur,
        cur.copy(f"COPY {table} (band_key, item_id, position, published_at) FROM STDIN") as copy,
    ):
        for start in range(0, len(items), LOAD_CHUNK):
            lines = []
            for item_id, position, published, keys in items[start : start + LOAD_CHUNK]:
                if keys:
                    tail = f"\t{_copy_text(item_id)}\t{position}\t{published.isoformat()}\n"
                    lines.append(tail.join(map(str, keys)) + tail)
                    written += len(keys)
            copy.write("".join(lines))
    return written


def _copy_text(value: str) -> str:
    """``value`` as a field of ``COPY``'s text format (backslash, tab, newline and
    carriage return escaped)."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def _json_text(doc: list[tuple[Any, ...]]) -> str:
    """``doc`` as JSON for the database to unnest: by orjson (a tenth of ``json.dumps``'s
    cost; the databases read the same values from either text), by ``json`` where orjson
    refuses a value (a lone surrogate in an id)."""
    try:
        return orjson.dumps(doc).decode()
    except TypeError:
        return json.dumps(doc)


def _item_id(event: RecordedEvent | EventPayload) -> str:
    return str(event.data.get("item_id") or event.stream_id.removeprefix("item-"))


def _candidate(row: dict[str, Any]) -> Candidate:
    return (
        row["item_id"],
        row["cluster_id"],
        row["document_sha256"],
        row["title"],
        row["published_at"],
        row["position"],
        row["inline_text"],
    )


def _compared(d: dict[str, Any]) -> tuple[Any, Any, str | None]:
    """What the item with payload ``d`` is compared by: title, document, inline text."""
    return d.get("title"), d.get("document_sha256"), _inline_text(d)


def _item_row(
    event: RecordedEvent | EventPayload,
    d: dict[str, Any],
    item_id: str,
    published: datetime,
    exact: Any,
    cluster_id: str,
    similarity: float,
) -> dict[str, Any]:
    """The item's row in the view, as it stands after ``event``."""
    row = _item_values(event, d, item_id, published, exact or None)
    row[_CLUSTER], row[_SIMILARITY] = cluster_id, round(similarity, 4)
    return dict(zip(_ROW, row, strict=True))


def _item_values(
    event: RecordedEvent | EventPayload,
    d: dict[str, Any],
    item_id: str,
    published: datetime,
    exact: str | None,
) -> list[Any]:
    """The item's row after ``event``, its values in ``_ROW``'s order, in a cluster of
    its own (the cluster and similarity are set by the caller when it joins one)."""
    get = d.get
    sha = get("document_sha256")
    return [
        item_id,
        get("feed"),
        get("title"),
        get("link") or get("url"),
        get("canonical_url"),
        published,
        bool(get("published_missing")),
        int(get("revision") or 1),
        get("content_hash"),
        sha,
        exact,
        item_id,
        1.0,
        event.position,
        event.recorded_at,
        None if sha else (str(get("content") or get("summary") or "") or None),
    ]


#: the columns of an ``items`` row, in the table's order
_ROW = (*(c for c in COLUMNS if c != "cluster_size"), "inline_text")
_ID, _TITLE, _PUBLISHED, _SHA, _EXACT, _CLUSTER, _SIMILARITY, _POSITION, _INLINE = map(
    _ROW.index,
    (
        "item_id",
        "title",
        "published_at",
        "document_sha256",
        "duplicate_of",
        "cluster_id",
        "similarity",
        "position",
        "inline_text",
    ),
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _by_position(row: list[Any]) -> Any:
    return row[_POSITION]


_row_of = itemgetter(0)


def _inline_text(d: dict[str, Any]) -> str | None:
    """The text an item without a document carries in its payload (``content``, else
    ``summary``), as ingest sketches ``content or summary``; None when it has a document."""
    if d.get("document_sha256"):
        return None
    return str(d.get("content") or d.get("summary") or "") or None


def _has_bands(d: dict[str, Any]) -> bool:
    """Did ingest store band keys sketched from the text clustering compares?"""
    return "lsh_bands" in d and d.get("lsh_basis") == BANDS_BASIS


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """``jaccard(a, b)`` where it reaches ``THRESHOLD``, else at most it (0.0 when the sizes
    alone keep it below: ``|a ∩ b| / |a ∪ b|`` is at most the smaller size over the
    larger), without building the union's set."""
    size, other = len(a), len(b)
    small, large = (size, other) if size <= other else (other, size)
    if not small or small / large < THRESHOLD:
        return 0.0
    common = len(a & b)
    return common / (size + other - common)


def k_match(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Do two items share a band key (their current revisions)?"""
    return not set(a).isdisjoint(b)


def _published(d: dict[str, Any], fallback: datetime) -> datetime:
    raw = d.get("published_at")
    if not raw:
        return fallback
    try:
        return parse_instant(str(raw))
    except Exception:  # a malformed time in an old payload: fall back, never fail the view
        return fallback
