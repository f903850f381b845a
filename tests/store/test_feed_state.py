"""Feed state on SQLite and PostgreSQL: sync, claims and leases, saving with the events,
the identity index and the ``feed_health`` view."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tracker.db import make_engine
from tracker.errors import StoreError, StoreUnavailable
from tracker.store import ANY, EventStore, NewEvent
from tracker.store import feed_state as fs

NOW = datetime(2020, 11, 10, 0, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Feed:
    name: str
    fetch_url: str
    interval_s: float = 900.0
    enabled: bool = True


def feeds(*names: str) -> list[Feed]:
    return [Feed(n, f"http://127.0.0.1/{n}.rss") for n in names]


def an_update(name: str, **kw: object) -> fs.FeedUpdate:
    args: dict[str, object] = {
        "name": name,
        "attempt_at": NOW,
        "outcome": "ok",
        "next_poll_at": NOW + timedelta(minutes=15),
        "interval_s": 900.0,
        "consecutive_failures": 0,
        "consecutive_rate_limited": 0,
        "success": True,
        "etag": '"v2"',
        "last_modified": "Tue, 10 Nov 2020 00:00:00 GMT",
        "body_sha256": "ab" * 32,
        "effective_url": f"http://127.0.0.1/{name}.rss",
        "seen": 3,
        "new": 2,
    }
    args.update(kw)
    return fs.FeedUpdate(**args)  # type: ignore[arg-type]


def an_entry(feed: str, identity: str, content: str = "c" * 64, **kw: object) -> fs.IndexEntry:
    args: dict[str, object] = {
        "feed": feed,
        "identity": identity,
        "item_id": fs.sha256_hex(feed + identity)[:32],
        "content_hash": content,
        "link_alias": None,
        "duplicate_of": None,
        "event_id": uuid.uuid4(),
        "seen_at": NOW,
    }
    args.update(kw)
    return fs.IndexEntry(**args)  # type: ignore[arg-type]


def state(engine: Engine, name: str) -> fs.FeedStateRow:
    return fs.list_states(engine, [name])[0]


class TestSync:
    def test_new_feeds_get_a_row_due_now_and_never_polled(self, engine: Engine) -> None:
        result = fs.sync_feeds(engine, feeds("a", "b"), now=NOW)
        assert result.added == ["a", "b"]
        rows = fs.list_states(engine)
        assert [(r.name, r.next_poll_at, r.enabled) for r in rows] == [
            ("a", NOW, True),
            ("b", NOW, True),
        ]
        assert {h.status for h in fs.list_health(engine)} == {"never-polled"}

    def test_a_changed_url_drops_the_validators_and_makes_the_feed_due(
        self, engine: Engine
    ) -> None:
        fs.sync_feeds(engine, feeds("a"), now=NOW)
        fs.record_poll(engine, [an_update("a")], owner="x")
        later = NOW + timedelta(minutes=1)
        result = fs.sync_feeds(engine, [Feed("a", "http://127.0.0.1/moved.rss")], now=later)
        row = state(engine, "a")
        assert result.updated == ["a"]
        assert (row.url, row.etag, row.last_modified, row.body_sha256) == (
            "http://127.0.0.1/moved.rss",
            None,
            None,
            None,
        )
        assert row.next_poll_at == later

    def test_a_feed_that_left_the_list_is_disabled_not_deleted(self, engine: Engine) -> None:
        fs.sync_feeds(engine, feeds("a", "b"), now=NOW)
        result = fs.sync_feeds(engine, feeds("a"), now=NOW)
        assert result.disabled == ["b"]
        health = {h.feed: h.status for h in fs.list_health(engine)}
        assert health == {"a": "never-polled", "b": "disabled"}
        assert [r.name for r in fs.claim_due(engine, owner="x", now=NOW)] == ["a"]


class TestClaims:
    def test_only_due_unleased_feeds_are_claimed_oldest_first(self, engine: Engine) -> None:
        fs.sync_feeds(engine, feeds("a", "b", "c"), now=NOW)
        fs.record_poll(engine, [an_update("b", next_poll_at=NOW + timedelta(hours=1))], owner="x")
        fs.record_poll(engine, [an_update("c", next_poll_at=NOW - timedelta(hours=1))], owner="x")
        claimed = fs.claim_due(engine, owner="me", now=NOW)
        assert [r.name for r in claimed] == ["c", "a"]
        assert all(r.lease_owner == "me" for r in claimed)
        assert fs.claim_due(engine, owner="other", now=NOW) == []

    def test_an_expired_lease_is_reclaimable(self, engine: Engine) -> None:
        fs.sync_feeds(engine, feeds("a"), now=NOW)
        fs.claim_due(engine, owner="crashed", now=NOW, lease_s=300)
        assert fs.claim_due(engine, owner="me", now=NOW + timedelta(seconds=299)) == []
        again = fs.claim_due(engine, owner="me", now=NOW + timedelta(seconds=301))
        assert [(r.name, r.lease_owner) for r in again] == [("a", "me")]

    def test_a_named_claim_takes_a_feed_that_is_not_due_but_not_a_leased_one(
        self, engine: Engine
    ) -> None:
        fs.sync_feeds(engine, feeds("a", "b"), now=NOW)
        fs.record_poll(engine, [an_update("a", next_poll_at=NOW + timedelta(days=1))], owner="x")
        assert [r.name for r in fs.claim_due(engine, owner="me", now=NOW, names=["a"])] == ["a"]
        assert fs.claim_due(engine, owner="other", now=NOW, names=["a"]) == []

    def test_saving_a_poll_releases_the_lease_of_its_owner_only(self, engine: Engine) -> None:
        fs.sync_feeds(engine, feeds("a", "b"), now=NOW)
        fs.claim_due(engine, owner="me", now=NOW)
        fs.record_poll(engine, [an_update("a")], owner="me")
        fs.record_poll(engine, [an_update("b")], owner="someone-else")
        assert state(engine, "a").lease_owner is None
        assert state(engine, "b").lease_owner == "me"

    def test_release_gives_back_only_the_owners_leases(self, engine: Engine) -> None:
        fs.sync_feeds(engine, feeds("a"), now=NOW)
        fs.claim_due(engine, owner="me", now=NOW)
        fs.release(engine, ["a"], owner="not-me")
        assert state(engine, "a").lease_owner == "me"
        fs.release(engine, ["a"], owner="me")
        assert state(engine, "a").lease_owner is None

    def test_concurrent_claimers_never_get_the_same_feed(self, engine: Engine) -> None:
        fs.sync_feeds(engine, feeds(*(f"f{i:02d}" for i in range(40))), now=NOW)
        got: dict[str, list[str]] = {}
        barrier = threading.Barrier(4)

        def claim(owner: str) -> None:
            barrier.wait()
            names: list[str] = []
            while batch := fs.claim_due(engine, owner=owner, now=NOW, limit=3):
                names += [r.name for r in batch]
            got[owner] = names

        threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        every = [n for names in got.values() for n in names]
        assert sorted(every) == [f"f{i:02d}" for i in range(40)]


class TestSavingWithTheEvents:
    def test_validators_and_index_rows_commit_with_the_events(
        self, engine: Engine, store: EventStore
    ) -> None:
        fs.sync_feeds(engine, feeds("a"), now=NOW)
        entry = an_entry("a", "guid:1")
        store.append_batch(
            [("item-1", [NewEvent("ItemIngested", {"n": 1}, event_id=entry.event_id)], ANY)],
            also=fs.save_poll([an_update("a")], [entry], owner="me"),
        )
        row = state(engine, "a")
        assert (row.etag, row.items_new, row.items_seen, row.last_outcome) == ('"v2"', 2, 3, "ok")
        assert fs.known_items(engine, "a", ["guid:1", "guid:2"]) == {
            "guid:1": fs.KnownItem(entry.item_id, "c" * 64, 1)
        }

    def test_a_failed_append_saves_neither_validators_nor_index_rows(
        self, engine: Engine, store: EventStore
    ) -> None:
        fs.sync_feeds(engine, feeds("a"), now=NOW)
        first = NewEvent("ItemIngested", {"n": 1})
        store.append("item-1", [first])
        clash = NewEvent("ItemIngested", {"n": 2}, event_id=first.event_id)
        with pytest.raises(StoreError):
            store.append_batch(
                [("item-1", [clash], ANY)],
                also=fs.save_poll([an_update("a")], [an_entry("a", "guid:1")], owner="me"),
            )
        row = state(engine, "a")
        assert (row.etag, row.last_attempt_at, row.items_new) == (None, None, 0)
        assert fs.known_items(engine, "a", ["guid:1"]) == {}

    def test_a_revision_updates_the_content_hash_and_counts_revisions(self, engine: Engine) -> None:
        with engine.begin() as conn:
            fs.save_poll([], [an_entry("a", "guid:1", "1" * 64)], owner="me")(conn)
        with engine.begin() as conn:
            fs.save_poll([], [an_entry("a", "guid:1", "2" * 64)], owner="me")(conn)
        known = fs.known_items(engine, "a", ["guid:1"])["guid:1"]
        assert (known.content_hash, known.revisions) == ("2" * 64, 2)


class TestLookups:
    def test_exact_duplicates_name_the_earliest_original_across_feeds(self, engine: Engine) -> None:
        first = an_entry("a", "guid:1", "h" * 64, link_alias="//example.org/story", seen_at=NOW)
        copy = an_entry(
            "b",
            "guid:9",
            "h" * 64,
            link_alias="//example.org/story",
            duplicate_of=first.item_id,
            seen_at=NOW + timedelta(minutes=5),
        )
        with engine.begin() as conn:
            fs.save_poll([], [first, copy], owner="me")(conn)
        by_link, by_hash = fs.exact_duplicates(
            engine, link_aliases=["//example.org/story", "//other"], content_hashes=["h" * 64]
        )
        assert by_link == {"//example.org/story": first.item_id}
        assert by_hash == {"h" * 64: first.item_id}

    def test_more_keys_than_one_statement_takes_are_looked_up_in_chunks(
        self, engine: Engine
    ) -> None:
        entries = [an_entry("a", f"guid:{i}", f"{i:064x}") for i in range(1_234)]
        with engine.begin() as conn:
            fs.save_poll([], entries, owner="me")(conn)
        wanted = [f"{i:064x}" for i in range(0, 2_000, 3)]
        _, by_hash = fs.exact_duplicates(engine, link_aliases=[], content_hashes=wanted)
        assert sorted(by_hash) == [h for h in wanted if int(h, 16) < 1_234]
        known = fs.known_items(engine, "a", [f"guid:{i}" for i in range(1_000, 1_600)])
        assert sorted(known) == sorted(f"guid:{i}" for i in range(1_000, 1_234))

    @pytest.mark.parametrize(
        "url",
        [
            "sqlite:///{tmp}/never-migrated.db",
            "postgresql+psycopg://postgres@127.0.0.1:1/nowhere",  # nothing listens on port 1
        ],
    )
    def test_lookups_on_a_missing_or_unreachable_database_are_store_errors(
        self, url: str, tmp_path: Path
    ) -> None:
        engine = make_engine(url.format(tmp=tmp_path))
        try:
            with pytest.raises(StoreUnavailable):
                fs.known_items(engine, "a", ["guid:1"])
            with pytest.raises(StoreUnavailable):
                fs.exact_duplicates(engine, link_aliases=["//a"], content_hashes=["h"])
        finally:
            engine.dispose()


class TestHealth:
    def test_health_shows_failing_paused_and_ok_with_the_error_in_words(
        self, engine: Engine
    ) -> None:
        fs.sync_feeds(engine, feeds("ok", "failing", "paused", "new"), now=NOW)
        fs.record_poll(
            engine,
            [
                an_update("ok"),
                an_update(
                    "failing",
                    outcome="http_5xx",
                    success=False,
                    error="HTTP 500 Internal Server Error",
                    consecutive_failures=2,
                ),
                an_update(
                    "paused",
                    outcome="timeout",
                    success=False,
                    error="timed out",
                    consecutive_failures=10,
                    paused_at=NOW,
                    pause_reason="paused after 10 failures in a row",
                ),
            ],
            owner="me",
        )
        health = {h.feed: h for h in fs.list_health(engine)}
        assert {k: h.status for k, h in health.items()} == {
            "failing": "failing",
            "new": "never-polled",
            "ok": "ok",
            "paused": "paused",
        }
        assert health["failing"].last_error == "HTTP 500 Internal Server Error"
        assert health["paused"].pause_reason == "paused after 10 failures in a row"
        assert health["ok"].lag_s is not None and health["ok"].lag_s > 0
        assert health["failing"].lag_s is None
        assert health["ok"].as_dict()["last_success_at"] == NOW.isoformat()

    def test_the_view_is_queryable_with_plain_sql(self, engine: Engine) -> None:
        fs.sync_feeds(engine, feeds("a"), now=NOW)
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT feed, status FROM feed_health").all()
        assert [tuple(r) for r in rows] == [("a", "never-polled")]
        with engine.connect() as conn:
            assert conn.execute(select(fs.feed_state.c.name)).scalars().all() == ["a"]
