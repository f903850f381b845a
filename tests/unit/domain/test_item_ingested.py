"""``ItemIngested`` is a typed hand-off: v1 payloads (the poller's dicts before the
conflict and zone travelled with items) upcast to v2 and still read."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tracker.app.extract import item_from_event
from tracker.conflict import default_pack
from tracker.domain.events import ItemIngested
from tracker.domain.upcasting import upcast
from tracker.ingest.feedlist import FeedConfig
from tracker.store import RecordedEvent

V1 = {
    "item_id": "i1",
    "feed": "wire",
    "identity": "guid:1",
    "link": "https://wire.example.org/1",
    "title": "Shelling resumes",
    "summary": "The ministry said ...",
    "document_sha256": "ab" * 32,
    "published_at": "2020-10-12T06:00:00+00:00",
    "published_missing": False,
    "authors": ["A. Writer"],
    "lsh_bands": [1, 2],
}


def recorded(data: dict[str, object], version: int) -> RecordedEvent:
    return RecordedEvent(
        7,
        uuid.uuid4(),
        "item-i1",
        1,
        "ItemIngested",
        version,
        dict(data),
        {},
        datetime(2020, 10, 12, 7, tzinfo=UTC),
        None,
    )


def test_a_v1_payload_upcasts_to_v2_without_a_conflict_or_zone() -> None:
    version, data = upcast("ItemIngested", 1, V1)
    event = ItemIngested.from_data(data)
    assert version == ItemIngested.SCHEMA_VERSION == 2
    assert (event.conflict, event.tz, event.authors) == (None, None, ("A. Writer",))
    assert upcast("ItemIngested", 1, data)[1] == data  # idempotent


def test_early_keys_are_renamed_once_and_for_all() -> None:
    early = {
        "item_id": "i1",
        "published": "2020-10-12T06:00:00Z",
        "url": "https://wire.example.org/1",
        "published_flagged": True,
        "content_sha256": "cd" * 32,
    }
    event = ItemIngested.from_data(upcast("ItemIngested", 1, early)[1])
    assert event.published_at == "2020-10-12T06:00:00Z"
    assert event.link == "https://wire.example.org/1"
    assert event.published_missing is True
    assert event.text_sha256 == "cd" * 32


def test_an_old_item_is_read_in_the_default_pack_and_a_new_one_in_its_own() -> None:
    old = item_from_event(recorded(V1, 1), "text")
    assert (old.conflict, old.tz) == (None, "")  # the extraction job fills in the pack's zone
    new = ItemIngested.from_data({**V1, "conflict": "nagorno-karabakh", "tz": "-03:00"})
    item = item_from_event(recorded(new.to_data(), 2), "text")
    assert (item.conflict, item.tz) == ("nagorno-karabakh", "-03:00")
    assert item.published == datetime(2020, 10, 12, 6, tzinfo=UTC)


def test_a_feed_gives_its_items_its_conflict_and_zone() -> None:
    pack = default_pack()
    assert FeedConfig("a", "https://a.example/").item_context() == (pack.name, pack.zone)
    feed = FeedConfig("b", "https://b.example/", conflict=pack.name, tz="+03:00")
    assert feed.item_context() == (pack.name, "+03:00")
