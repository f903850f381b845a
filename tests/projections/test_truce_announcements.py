"""``truce_announcements``: the truces read from the news that wait for a curator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import Engine

from tests.projections.projection_helpers import load_reference, new_event, rows
from tracker.domain.events import ItemExtracted, TruceAnnounced
from tracker.domain.values import Provenance, Sourced, ValidTime
from tracker.projections import Runner, all_projections
from tracker.store import ANY, EventStore

# The reference file's humanitarian truce of 10 October 2020 took effect at 12:00 +04:00.
REFERENCE_EFFECTIVE = datetime(2020, 10, 10, 8, 0, tzinfo=UTC)


def announcement(
    truce_id: str, item_id: str, effective: datetime, parties: tuple[str, ...] = ("AM", "AZ")
) -> TruceAnnounced:
    return TruceAnnounced(
        truce_id=truce_id,
        name="Armenia and Azerbaijan agreed a humanitarian ceasefire from noon",
        parties=parties,
        effective=ValidTime(effective, "minute", "+04:00", "from 12:00 on 10 October"),
        brokers=(Sourced("RU", ("https://wire.example.org/1",)),),
        sources=("https://wire.example.org/1",),
        status="extracted-unconfirmed",
        provenance=Provenance(
            urls=("https://wire.example.org/1",),
            item_id=item_id,
            published=ValidTime(effective - timedelta(hours=6), "minute", "+00:00"),
            span=(10, 72),
            quote="agreed a humanitarian ceasefire from noon",
            extractor="extractor:v1",
        ),
    )


def append(store: EventStore, *events: TruceAnnounced | ItemExtracted) -> None:
    for ev in events:
        store.append(ev.stream_id, [new_event(ev)], ANY)


def project(store: EventStore) -> None:
    assert {r.status for r in Runner(store, all_projections()).run()} == {"ok"}


def test_announcements_are_listed_with_their_source_and_the_curated_truce_they_match(
    store: EventStore, engine: Engine
) -> None:
    load_reference(store)
    append(
        store,
        announcement("extracted-a", "item-1", REFERENCE_EFFECTIVE + timedelta(hours=3)),
        announcement("extracted-b", "item-2", datetime(2021, 3, 1, 8, 0, tzinfo=UTC)),
        announcement(
            "extracted-c", "item-3", REFERENCE_EFFECTIVE, parties=("AZ", "RU")
        ),  # same time, other parties: no match
    )
    project(store)
    got = {
        r["announcement_id"]: r
        for r in rows(engine, "SELECT * FROM truce_announcements ORDER BY announcement_id")
    }
    assert sorted(got) == ["extracted-a", "extracted-b", "extracted-c"]
    assert got["extracted-a"]["curated_truce_id"] == "nk-2020-10-10"
    assert got["extracted-b"]["curated_truce_id"] is None
    assert got["extracted-c"]["curated_truce_id"] is None
    a = got["extracted-a"]
    assert (a["parties"], a["brokers"], a["source_item_id"]) == ('["AM","AZ"]', '["RU"]', "item-1")
    assert (a["quote"], a["evidence_span"]) == (
        "agreed a humanitarian ceasefire from noon",
        "[10,72]",
    )
    assert a["effective_as_written"] == "from 12:00 on 10 October"
    # the announcements stay out of the status rules until a curator records them
    with engine.connect() as conn:
        ids = {r[0] for r in conn.execute(sa.text("SELECT truce_id FROM truce_status"))}
    assert not ids & set(got)


def test_an_announcement_a_later_extraction_drops_leaves_the_queue(
    store: EventStore, engine: Engine
) -> None:
    kept = announcement("extracted-k", "item-9", REFERENCE_EFFECTIVE)
    dropped = announcement("extracted-d", "item-9", REFERENCE_EFFECTIVE + timedelta(days=1))
    append(store, kept, dropped)
    append(
        store,
        ItemExtracted(
            item_id="item-9", extractor_version=1, streams=(kept.stream_id, dropped.stream_id)
        ),
    )
    project(store)
    listed = "SELECT announcement_id FROM truce_announcements ORDER BY announcement_id"
    assert [r["announcement_id"] for r in rows(engine, listed)] == ["extracted-d", "extracted-k"]
    # version 2 of the extractor reads the item again and finds only one announcement
    append(store, ItemExtracted(item_id="item-9", extractor_version=2, streams=(kept.stream_id,)))
    project(store)
    assert [r["announcement_id"] for r in rows(engine, listed)] == ["extracted-k"]
