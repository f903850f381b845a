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

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy import Connection

from tracker.domain.values import parse_instant
from tracker.ingest.identity import TextSketch, jaccard, shingles
from tracker.projections._base import UtcTimestamp
from tracker.projections.runner import Projection
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
    version: ClassVar[int] = 1
    description: ClassVar[str] = (
        f"Ingested news items with near-duplicate clusters (MinHash + LSH, Jaccard ≥ {THRESHOLD}, "
        f"±{WINDOW_HOURS} h)."
    )
    table_names: ClassVar[tuple[str, ...]] = ("items", "item_bands")
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
        )
        return {"items": items, "item_bands": bands}

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [
            ("items", ("cluster_id",), False),
            ("items", ("published_at",), False),
            ("item_bands", ("band_key",), False),
            ("item_bands", ("item_id",), False),
        ]

    def build_indexes(self) -> list[tuple[str, tuple[str, ...]]]:
        return [("item_bands", ("band_key",)), ("item_bands", ("item_id",))]

    def view_sql(self, physical: str, dialect: str) -> str:
        cols = ", ".join(f"i.{c}" for c in COLUMNS if c != "cluster_size")
        return (
            f"SELECT {cols}, (SELECT count(*) FROM {physical} c WHERE c.cluster_id = i.cluster_id) "
            f"AS cluster_size FROM {physical} i"
        )

    def handle(self, event: RecordedEvent, conn: Connection, tables: dict[str, sa.Table]) -> None:
        if event.type != ITEM_TYPE:
            return
        items, bands = tables["items"], tables["item_bands"]
        d = event.data
        item_id = str(d.get("item_id") or event.stream_id.removeprefix("item-"))
        published = _published(d, event.recorded_at)
        text = _text(conn, d)
        sketch = TextSketch.of(text)
        cluster_id, similarity = item_id, 1.0
        exact = d.get("duplicate_of")
        if exact:
            row = conn.execute(
                sa.select(items.c.cluster_id).where(items.c.item_id == exact)
            ).first()
            cluster_id = row[0] if row is not None else str(exact)
        else:
            match = _best_match(conn, items, bands, item_id, sketch, published)
            if match is not None:
                cluster_id, similarity = match
        conn.execute(sa.delete(bands).where(bands.c.item_id == item_id))
        keys = sorted({k for k in sketch.bands if k})
        if keys and text.strip():
            conn.execute(
                sa.insert(bands),
                [{"band_key": k, "item_id": item_id, "position": event.position} for k in keys],
            )
        values: dict[str, Any] = {
            "feed": d.get("feed"),
            "title": d.get("title"),
            "url": d.get("link") or d.get("url"),
            "canonical_url": d.get("canonical_url"),
            "published_at": published,
            "published_missing": bool(d.get("published_missing")),
            "revision": int(d.get("revision") or 1),
            "content_hash": d.get("content_hash"),
            "document_sha256": d.get("document_sha256"),
            "duplicate_of": exact,
            "cluster_id": cluster_id,
            "similarity": round(similarity, 4),
            "position": event.position,
            "recorded_at": event.recorded_at,
        }
        updated = conn.execute(sa.update(items).where(items.c.item_id == item_id).values(**values))
        if updated.rowcount == 0:
            conn.execute(sa.insert(items).values(item_id=item_id, **values))


def _published(d: dict[str, Any], fallback: datetime) -> datetime:
    raw = d.get("published_at")
    if not raw:
        return fallback
    try:
        return parse_instant(str(raw))
    except Exception:  # a malformed time in an old payload: fall back, never fail the view
        return fallback


def _text(conn: Connection, d: dict[str, Any]) -> str:
    title = str(d.get("title") or "")
    sha = d.get("document_sha256")
    body = ""
    if sha:
        found = conn.execute(
            sa.text("SELECT text FROM documents WHERE sha256 = :s"), {"s": sha}
        ).scalar()
        body = str(found or "")
    if not body:
        body = str(d.get("summary") or "")
    return f"{title}\n{body}" if title else body


def _best_match(
    conn: Connection,
    items: sa.Table,
    bands: sa.Table,
    item_id: str,
    sketch: TextSketch,
    published: datetime,
) -> tuple[str, float] | None:
    keys = sorted({k for k in sketch.bands if k})
    if not keys:
        return None
    window = timedelta(hours=WINDOW_HOURS)
    candidates = conn.execute(
        sa.select(
            items.c.item_id,
            items.c.cluster_id,
            items.c.document_sha256,
            items.c.title,
            items.c.position,
        )
        .where(items.c.item_id.in_(sa.select(bands.c.item_id).where(bands.c.band_key.in_(keys))))
        .where(items.c.item_id != item_id)
        .where(items.c.published_at >= published - window)
        .where(items.c.published_at <= published + window)
        .order_by(items.c.position)
    ).all()
    for cand_id, cluster, sha, title, _pos in candidates:
        body = ""
        if sha:
            body = str(
                conn.execute(
                    sa.text("SELECT text FROM documents WHERE sha256 = :s"), {"s": sha}
                ).scalar()
                or ""
            )
        other = f"{title}\n{body}" if title else body
        score = jaccard(sketch.shingles, shingles(other))
        if score >= THRESHOLD:
            return str(cluster or cand_id), score
    return None
