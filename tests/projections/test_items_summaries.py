"""Summary-only copies of one story cluster, whether the text is a document or inline.

A feed item without full text carries a summary; ingest sketches its bands from it (the
text alone when it has 48 words or more, else headline and text), and the confirmation
must compare the same text on both sides: the new item's and each candidate's. Checked
on SQLite and PostgreSQL, for a catch-up one event at a time (candidates read back from
the tables), a replay in one batch (candidates from the batch) and the set-based rebuild.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from tests.projections.summary_stories import (
    ARMENIAN_ACCOUNT,
    ARMENIAN_COPY,
    AZERBAIJANI_ACCOUNT,
    EFFECTIVE,
    HEADLINE,
    RETITLED,
    SHORT_ACCOUNT,
    SHORT_OTHER,
)
from tracker.ingest.identity import BANDS_BASIS, item_bands
from tracker.projections.items import Items
from tracker.projections.runner import Runner
from tracker.store import EventStore, NewEvent


class Replay(Items):
    """``items`` without its set-based rebuild: a rebuild replays the log."""

    def bulk_rebuild(self, *args: Any, **kwargs: Any) -> bool:
        return False


def ingest(
    store: EventStore,
    item: str,
    feed: str,
    title: str,
    summary: str,
    published: datetime,
    *,
    storage: str,
    bands_of: tuple[str, str] | None = None,
) -> None:
    """A summary-only item: its text as a document (as the poller stores it) or inline in
    the payload (as its summary, or as its content before a teaser summary); bands as ingest sketches them, or those of ``bands_of`` (a collision)."""
    sha = hashlib.sha256(summary.encode()).hexdigest()
    data: dict[str, Any] = {
        "item_id": item,
        "feed": feed,
        "title": title,
        "summary": summary,
        "link": f"https://{feed}.example/{item}",
        "published_at": published.isoformat(),
        "content_hash": sha,
        "lsh_bands": list(item_bands(*(bands_of or (title, summary)))),
        "lsh_basis": BANDS_BASIS,
    }
    documents = []
    if storage == "content":  # full text inline, the summary a teaser of it
        data.update(content=summary, summary=summary.split(".")[0])
    if storage == "document":
        data["document_sha256"] = sha
        documents.append((sha, "text/plain", summary))
    event_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{feed}/{item}/{sha}")
    store.append(
        f"item-{item}", [NewEvent("ItemIngested", data, event_id=event_id)], documents=documents
    )


def clusters(engine: Engine) -> dict[str, tuple[str, int]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT item_id, cluster_id, cluster_size FROM items"))
        return {r.item_id: (r.cluster_id, r.cluster_size) for r in rows}


def every_build(store: EventStore, engine: Engine) -> dict[str, tuple[str, int]]:
    """The clusters of a catch-up one event a batch, which a one-batch replay and a
    set-based rebuild must repeat."""
    assert {r.status for r in Runner(store, [Items()], batch_size=1).run()} == {"ok"}
    caught_up = clusters(engine)
    assert {r.status for r in Runner(store, [Replay()]).run(rebuild=True)} == {"ok"}
    assert clusters(engine) == caught_up
    assert {r.status for r in Runner(store, [Items()]).run(rebuild=True)} == {"ok"}
    assert clusters(engine) == caught_up
    return caught_up


#: (wire text, the copy's headline and text, the other story's text under the wire's headline)
CASES = {
    # 48 words or more: compared by the text alone, so a retitled copy matches
    "long": (ARMENIAN_ACCOUNT, RETITLED, ARMENIAN_COPY, AZERBAIJANI_ACCOUNT),
    # fewer: compared with the headline, which the copy keeps
    "short": (SHORT_ACCOUNT, HEADLINE, SHORT_ACCOUNT, SHORT_OTHER),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("storage", ["document", "inline", "content"])
def test_summary_only_copies_from_two_feeds_share_a_cluster_and_another_story_does_not(
    store: EventStore, engine: Engine, storage: str, case: str
) -> None:
    wire_text, copy_title, copy_text, other_text = CASES[case]
    t = EFFECTIVE + timedelta(hours=3)
    ingest(store, "wire", "caucasus", HEADLINE, wire_text, t, storage=storage)
    ingest(
        store, "copy", "frontline", copy_title, copy_text, t + timedelta(hours=1), storage=storage
    )
    # the counter-claim under the same headline; its bands collide with the wire's, so
    # only the comparison of the texts can keep it apart
    later = t + timedelta(hours=2)
    collide = (HEADLINE, wire_text)
    ingest(
        store, "other", "frontline", HEADLINE, other_text, later, storage=storage, bands_of=collide
    )
    got = every_build(store, engine)
    assert got["wire"] == ("wire", 2) and got["copy"] == ("wire", 2)
    assert got["other"] == ("other", 1)
