"""The ``items`` view: every ingested item with its near-duplicate cluster.

Owns clustering syndicated copies of one story (the same wire copy re-posted, lightly
re-written or retitled by other outlets), so that one report is not counted as many.
Exact duplicates (same canonical URL or text hash) are marked at ingest
(``duplicate_of``); near duplicates are found here: word 5-shingles (character 5-grams
for short texts), MinHash with an LSH band index over items published within
``WINDOW_HOURS`` of each other, confirmed by exact Jaccard ≥ ``THRESHOLD``. An item
joins the cluster of its earliest matching item in log order, so the clusters are a
function of the log prefix: incremental catch-up and a rebuild agree, and a new
threshold is a new ``version`` that rebuilds itself. Translations do not match by
shingles; they meet at the incident level (place, day, sides) in ``violation_reports``.
Must not fetch anything or read the clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy import Connection

from tracker.domain.values import parse_instant
from tracker.ingest.identity import BANDS_BASIS, item_text, jaccard, shingles, text_bands
from tracker.projections._base import UtcTimestamp, any_of, write_rows
from tracker.projections.runner import Projection, Work
from tracker.store import RecordedEvent

THRESHOLD = 0.8
WINDOW_HOURS = 72
ITEM_TYPE = "ItemIngested"

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
    version: ClassVar[int] = 3
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


class _ItemBatch:
    def __init__(self, conn: Connection, tables: dict[str, sa.Table], work: Work) -> None:
        self.conn, self.items, self.bands, self.work = (
            conn,
            tables["items"],
            tables["item_bands"],
            work,
        )
        self.texts: dict[str | None, str] = {}

    def isin(self, column: Any, keys: Iterable[Any]) -> Any:
        return any_of(self.conn, column, keys)

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

    def text_of(self, title: str | None, sha: str | None, summary: str | None) -> str:
        body = self.texts.get(sha, "") if sha else ""
        return item_text(str(title or ""), body or str(summary or ""))

    def run(self, events: list[RecordedEvent]) -> None:
        items, bands = self.items, self.bands
        parsed = []
        for event in events:
            d = event.data
            item_id = str(d.get("item_id") or event.stream_id.removeprefix("item-"))
            parsed.append((event, d, item_id))
        # band keys: from the payload (computed at ingest), else sketched here once
        self.documents(
            {str(d.get("document_sha256") or "") for _, d, _ in parsed if not _has_bands(d)}
        )
        keys_of: dict[int, tuple[int, ...]] = {}
        for n, (_, d, _) in enumerate(parsed):
            if _has_bands(d):
                keys_of[n] = tuple(sorted({int(k) for k in d["lsh_bands"] if k}))
            else:
                text = self.text_of(d.get("title"), d.get("document_sha256"), d.get("summary"))
                keys_of[n] = text_bands(text)
        all_keys = sorted({k for ks in keys_of.values() for k in ks})
        # only items published within the window of some item of the batch can match
        window = timedelta(hours=WINDOW_HOURS)
        times = [_published(d, event.recorded_at) for event, d, _ in parsed]
        lo, hi = min(times) - window, max(times) + window
        # stored candidates, by band key
        stored: dict[int, list[tuple[str, str | None, str | None, str | None, Any, int]]] = (
            defaultdict(list)
        )
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
            published = _published(d, event.recorded_at)
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
                cands: dict[str, tuple[Any, ...]] = {}
                for k in keys:
                    for c in stored.get(k, ()):
                        if c[0] not in done:
                            cands[c[0]] = c
                for other_id in {o for k in keys for o in in_batch.get(k, ())}:
                    if k_match(done_keys[other_id], keys):
                        row = done[other_id]
                        cands[other_id] = (
                            other_id,
                            row["cluster_id"],
                            row["document_sha256"],
                            row["title"],
                            row["published_at"],
                            row["position"],
                        )
                cands.pop(item_id, None)
                near = sorted(
                    (c for c in cands.values() if published - window <= c[4] <= published + window),
                    key=lambda c: c[5],
                )
                if near:
                    self.documents({c[2] for c in near if c[2]} | {d.get("document_sha256") or ""})
                    mine = shingles(
                        self.text_of(d.get("title"), d.get("document_sha256"), d.get("summary"))
                    )
                    for cand_id, cluster, sha, title, _pub, _pos in near:
                        score = jaccard(mine, shingles(self.text_of(title, sha, None)))
                        if score >= THRESHOLD:
                            cluster_id, similarity = str(cluster or cand_id), score
                            break
            done[item_id] = {
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
            }
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
