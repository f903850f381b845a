"""The ``items`` view clusters syndicated copies, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tracker.ingest.identity import BANDS_BASIS, item_text
from tracker.ingest.poller import analyze_feed
from tracker.projections.items import Items
from tracker.projections.runner import Runner
from tracker.store import EventStore, NewEvent

WIRE = (
    "On Monday Armenia and Azerbaijan blamed each other for breaking a humanitarian truce brokered "
    "by the United States only minutes after it took effect at 8 a.m. local time. The Azerbaijani "
    "defence ministry said Armenian forces shelled villages in the Lachin and Terter districts, "
    "while the Armenian side said Azerbaijani artillery opened fire on positions in the north-east "
    "of Nagorno-Karabakh. Both sides reported casualties and neither confirmed the other's account. "
    "The truce was the third attempt in a month to halt the fighting that began in late September."
)
REWRITE = WIRE.replace("Both sides reported", "Each side reported")
OTHER = (
    "Officials in Baku announced a programme to rebuild schools and roads in districts returned "
    "under the November agreement, with the first contracts expected before the end of the year "
    "and funding drawn from the state budget and foreign loans for reconstruction works."
)
T0 = datetime(2020, 10, 26, 9, 0, tzinfo=UTC)


def ingest(store: EventStore, item: str, body: str, published: datetime, **extra: object) -> None:
    sha = hashlib.sha256(body.encode()).hexdigest()
    data = {
        "item_id": item,
        "feed": "wire",
        "title": "",
        "link": f"https://news.example/{item}",
        "document_sha256": sha,
        "published_at": published.isoformat(),
        "content_hash": sha,
        "duplicate_of": None,
        **extra,
    }
    store.append(
        f"item-{item}",
        [NewEvent("ItemIngested", data, event_id=uuid.uuid5(uuid.NAMESPACE_URL, item + sha))],
        documents=[(sha, "text/plain", body)],
    )


def rows(engine: Engine) -> dict[str, tuple[str, int]]:
    with engine.connect() as conn:
        return {
            r.item_id: (r.cluster_id, r.cluster_size)
            for r in conn.execute(text("SELECT item_id, cluster_id, cluster_size FROM items"))
        }


def test_syndicated_copies_share_a_cluster_and_other_stories_do_not(engine: Engine) -> None:
    store = EventStore(engine)
    ingest(store, "a", WIRE, T0)
    ingest(store, "b", REWRITE, T0 + timedelta(hours=2))
    ingest(store, "c", OTHER, T0 + timedelta(hours=1))
    ingest(store, "d", WIRE, T0 + timedelta(days=10))  # same text, outside the window
    ingest(store, "e", WIRE, T0 + timedelta(hours=3), duplicate_of="a")
    Runner(store, [Items()]).run()
    got = rows(engine)
    assert got["a"] == ("a", 3) and got["b"] == ("a", 3) and got["e"] == ("a", 3)
    assert got["c"] == ("c", 1)
    assert got["d"] == ("d", 1)


def test_a_rebuild_gives_the_same_clusters_as_catching_up_in_small_batches(engine: Engine) -> None:
    store = EventStore(engine)
    for i, body in enumerate([WIRE, OTHER, REWRITE, WIRE + " More to follow.", OTHER]):
        ingest(store, f"i{i}", body, T0 + timedelta(hours=i))
    Runner(store, [Items()], batch_size=2).run()
    incremental = rows(engine)
    Runner(store, [Items()]).run(rebuild=True)
    assert rows(engine) == incremental
    assert incremental["i2"][0] == "i0" and incremental["i4"][0] == "i1"


SAMPLES = Path(__file__).resolve().parents[2] / "feeds" / "samples"


def ingest_samples(store: EventStore, *, with_bands: bool) -> dict[str, str]:
    """The bundled sample feeds, ingested as the poller does; guid -> item id."""
    guids: dict[str, str] = {}
    for name in ("caucasus-wire.rss", "frontline-monitor.atom"):
        analyzed = analyze_feed((SAMPLES / name).read_bytes(), url=f"file:{name}")
        for item, keys in zip(analyzed.parsed.items, analyzed.keys, strict=True):
            body = item.content or item.summary
            item_id = hashlib.sha256(f"{name}{item.guid}".encode()).hexdigest()[:32]
            guids[str(item.guid)] = item_id
            published = item.published_at or item.updated_at or T0
            extra: dict[str, object] = {"title": item.title}
            if with_bands:
                extra.update(lsh_bands=list(keys.bands), lsh_basis=BANDS_BASIS)
            else:  # an older payload: bands of another text, to be sketched again
                extra.update(lsh_bands=[1, 2, 3])
            ingest(store, item_id, body, published, **extra)
    return guids


@pytest.mark.parametrize("with_bands", [True, False])
def test_the_bundled_syndicated_pair_is_one_cluster_and_nothing_else_is(
    engine: Engine, with_bands: bool
) -> None:
    # feeds/README.md: one story runs in both sample feeds under different headlines
    store = EventStore(engine)
    guids = ingest_samples(store, with_bands=with_bands)
    Runner(store, [Items()]).run()
    got = rows(engine)
    wire = guids["cw-2020-10-26-001"]
    copy = next(i for g, i in guids.items() if "us-truce-violations" in g and i != wire)
    assert got[wire] == (wire, 2) and got[copy] == (wire, 2)
    assert all(size == 1 for item, (_, size) in got.items() if item not in {wire, copy})


def test_a_retitled_copy_is_compared_by_its_text() -> None:
    long_body = " ".join([WIRE, WIRE.replace("Monday", "the first day")])
    assert item_text("Headline A", long_body) == long_body
    assert item_text("Headline A", "Short lede.") == "Headline A\nShort lede."
