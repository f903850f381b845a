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
from datetime import datetime, timedelta
from itertools import islice
from typing import Any, ClassVar

import orjson
import sqlalchemy as sa
from sqlalchemy import Connection

from tracker.domain.values import parse_instant
from tracker.ingest.identity import BANDS_BASIS, item_text, jaccard, shingles, text_bands
from tracker.projections._base import UtcTimestamp, any_of, utc_z, write_rows
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
        """Cluster every item of the log up to ``up_to`` in one pass, in log order.

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

    def match(self, d: dict[str, Any], item_id: str, near: list[Candidate]) -> tuple[str, float]:
        """(cluster, similarity) of the item with payload ``d``: the cluster of the first of
        ``near`` (in log order) whose text is similar enough, else its own."""
        self.documents({c[2] for c in near if c[2]} | {d.get("document_sha256") or ""})
        mine = shingles(self.payload_text(d))
        for cand_id, cluster, sha, title, _pub, _pos, inline in near:
            theirs = self.shingled.get((title, sha, inline))
            if theirs is None:
                theirs = shingles(self.text_of(title, sha, inline))
                self.shingled[title, sha, inline] = theirs
            score = jaccard(mine, theirs)
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
                    cluster_id, similarity = self.match(d, item_id, near)
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

    Holds what the tables would hold between batches: each item's current row and band
    keys, and which items hold each band key now (one id, or a set for a shared key).
    An item's candidates are exactly the stored rows ``_ItemBatch`` would find, so the
    rows equal a replay's. Texts are read per chunk of the log, for its items and for
    the earlier candidates they are compared with.
    """

    def __init__(self, conn: Connection, tables: dict[str, sa.Table], work: Work) -> None:
        super().__init__(conn, work)
        self.items, self.bands = tables["items"], tables["item_bands"]
        self.latest: dict[str, tuple[dict[str, Any], tuple[int, ...]]] = {}
        self.holders: dict[int, str | set[str]] = {}

    def run(self, events: Iterator[EventPayload], progress: Callable[[int], None] | None) -> None:
        while chunk := list(islice(events, LOAD_CHUNK)):
            self.texts, self.shingled = {}, {}
            self.documents({str(e.data.get("document_sha256") or "") for e in chunk})
            for event in chunk:
                self.add(event)
            if progress is not None:
                progress(chunk[-1].position)
        with indexes_after_load(self.conn, [self.bands]):
            self.write()

    def candidates(self, item_id: str, keys: tuple[int, ...]) -> set[str]:
        found: set[str] = set()
        holders = self.holders
        for k in keys:
            h = holders.get(k)
            if h is None:
                continue
            if isinstance(h, str):
                found.add(h)
            else:
                found.update(h)
        found.discard(item_id)
        return found

    def add(self, event: EventPayload) -> None:
        d = event.data
        item_id = _item_id(event)
        published = _published(d, event.recorded_at)
        keys = self.band_keys(d)
        # out of range near year 1 or 9999 for every item, as the batch's window is
        lo, hi = published - WINDOW, published + WINDOW
        cluster_id, similarity = item_id, 1.0
        exact = d.get("duplicate_of")
        if exact:
            exact = str(exact)
            found = self.latest.get(exact)
            cluster_id = found[0]["cluster_id"] if found is not None else exact
        elif keys:
            near = sorted(
                (
                    _candidate(row)
                    for row, _ in map(self.latest.__getitem__, self.candidates(item_id, keys))
                    if lo <= row["published_at"] <= hi
                ),
                key=lambda c: c[5],
            )
            if near:
                cluster_id, similarity = self.match(d, item_id, near)
        row = _item_row(event, d, item_id, published, exact, cluster_id, similarity)
        before = self.latest.get(item_id)
        self.latest[item_id] = (row, keys)
        self.hold(item_id, keys, () if before is None else before[1])

    def hold(self, item_id: str, keys: tuple[int, ...], old: tuple[int, ...]) -> None:
        """Move ``item_id`` in the band index from its ``old`` keys to ``keys``."""
        holders = self.holders
        for k in set(old).difference(keys):
            held = holders[k]
            if isinstance(held, str):
                del holders[k]
            else:
                held.discard(item_id)
        for k in set(keys).difference(old) if old else keys:
            h = holders.get(k)
            if h is None:
                holders[k] = item_id
            elif isinstance(h, str):
                holders[k] = {h, item_id}
            else:
                h.add(item_id)

    def write(self) -> None:
        rows = [row for row, _ in self.latest.values()]
        self.work.rows_written += write_rows(self.conn, self.items, rows)
        self.work.rows_written += _write_bands(self.conn, self.bands, list(self.latest.values()))


def _write_bands(
    conn: Connection, bands: sa.Table, items: list[tuple[dict[str, Any], tuple[int, ...]]]
) -> int:
    """The band rows of ``items`` (their rows and keys), unnested by the database.

    A chunk of items goes as one JSON parameter, ``[[item, position, published, [keys]],
    …]``: some 16 rows an item, which as bound values cost the driver more than the
    database's JSON functions cost the server.
    """
    pg = conn.dialect.name == "postgresql"
    table = conn.dialect.identifier_preparer.format_table(bands)
    if pg:
        sql = (
            f"INSERT INTO {table} (band_key, item_id, position, published_at) "
            "SELECT k::bigint, i->>0, (i->>1)::bigint, (i->>2)::timestamptz "
            "FROM jsonb_array_elements(CAST(:doc AS jsonb)) i, jsonb_array_elements_text(i->3) k"
        )
    else:
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
        doc = []
        for row, keys in items[start : start + LOAD_CHUNK]:
            if keys:
                if not _INT64[0] <= keys[0] <= keys[-1] <= _INT64[1]:
                    # SQLite's JSON would read it as a float; as a bound value it raises
                    raise OverflowError(f"band key out of range for item {row['item_id']!r}")
                published = row["published_at"]
                when = published.isoformat() if pg else utc_z(published)
                doc.append((row["item_id"], row["position"], when, keys))
                written += len(keys)
        if doc:
            conn.execute(sa.text(sql), {"doc": _json_text(doc)})
    return written


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
    return {
        "item_id": item_id,
        "feed": d.get("feed"),
        "title": d.get("title"),
        "url": d.get("link") or d.get("url"),
        "canonical_url": d.get("canonical_url"),
        "published_at": published,
        "published_missing": bool(d.get("published_missing")),
        "revision": int(d.get("revision") or 1),
        "content_hash": d.get("content_hash"),
        "document_sha256": d.get("document_sha256"),
        "duplicate_of": exact or None,
        "cluster_id": cluster_id,
        "similarity": round(similarity, 4),
        "position": event.position,
        "recorded_at": event.recorded_at,
        "inline_text": _inline_text(d),
    }


def _inline_text(d: dict[str, Any]) -> str | None:
    """The text an item without a document carries in its payload (``content``, else
    ``summary``), as ingest sketches ``content or summary``; None when it has a document."""
    if d.get("document_sha256"):
        return None
    return str(d.get("content") or d.get("summary") or "") or None


def _has_bands(d: dict[str, Any]) -> bool:
    """Did ingest store band keys sketched from the text clustering compares?"""
    return "lsh_bands" in d and d.get("lsh_basis") == BANDS_BASIS


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
