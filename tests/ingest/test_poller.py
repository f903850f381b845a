"""Polling against the loopback server on SQLite and PostgreSQL: items in the log once,
conditional GET, duplicates across feeds, faults recorded on the health row, crashes
between fetch and commit that lose nothing."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.ingest.ingest_support import LOOPBACK_LIMITS, FeedServer
from tests.projections.summary_stories import (
    ARMENIAN_ACCOUNT,
    ARMENIAN_COPY,
    AZERBAIJANI_ACCOUNT,
    HEADLINE,
    RETITLED,
)
from tracker.app import App
from tracker.app import poll as jobs
from tracker.config import Settings
from tracker.errors import FeedParseError, StoreUnavailable
from tracker.ingest import poller, schedule
from tracker.ingest.feedlist import FeedConfig, FeedList
from tracker.ingest.fetch import Fetcher, FetchLimits, FetchResult
from tracker.ingest.identity import BANDS_BASIS, item_bands
from tracker.projections.items import Items
from tracker.projections.runner import Runner
from tracker.store import feed_state as fs

START = datetime(2023, 11, 10, 12, 0, tzinfo=UTC)  # after every sample item (dates are checked)
RSS_ITEMS = 9
ATOM_ITEMS = 8


class Clock:
    """A fixed clock that moves only when told."""

    def __init__(self, at: datetime = START) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kw: float) -> None:
        self.at += timedelta(**kw)


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    the_app = App(
        Settings(
            database_url=db_url,
            feeds_file=str(tmp_path / "feeds.toml"),
            allow_private_networks=True,
        )
    )
    yield the_app
    the_app.close()


def feed_list(tmp_path: Path, feeds: dict[str, str]) -> FeedList:
    lst = FeedList(tmp_path / "feeds.toml", [])
    for name, url in feeds.items():
        lst.add(FeedConfig(name=name, url=url, interval_s=900))
    lst.save()
    return lst


def poll(app: App, lst: FeedList, fetcher: Fetcher, clock: Clock, **kw: Any) -> jobs.PollSummary:
    return jobs.poll_due_feeds(
        app, feeds=lst, fetcher=fetcher, now=clock, rng=random.Random(0), workers=4, **kw
    )


def items(app: App) -> list[Any]:
    return list(app.store.read_all(types=["ItemIngested"]))


def health(app: App) -> dict[str, fs.FeedHealth]:
    return {h.feed: h for h in fs.list_health(app.engine)}


class TestHealthyFeeds:
    def test_the_first_poll_appends_every_item_once_with_its_text_as_a_document(
        self, app: App, feed_server: FeedServer, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        lst = feed_list(
            tmp_path, {"rss": feed_server.url("/feed.rss"), "atom": feed_server.url("/feed.atom")}
        )
        summary = poll(app, lst, fetcher, Clock())
        assert (summary.polled, summary.new, summary.failed) == (2, RSS_ITEMS + ATOM_ITEMS, 0)
        events = items(app)
        assert len(events) == RSS_ITEMS + ATOM_ITEMS
        assert len({e.stream_id for e in events}) == len(events)
        first = next(e for e in events if e.data["guid"] == "cw-2020-10-10-001")
        assert first.data["canonical_url"] == (
            "https://caucasus-wire.example.org/karabakh/2020/10/10/moscow-truce"
        )
        assert first.data["published_at"] == "2020-10-10T00:40:00+00:00"
        assert first.data["published_missing"] is False
        assert first.metadata["fetched_at"] == START.isoformat()
        assert "fetched_at" not in first.data
        text = app.store.get_document(first.data["document_sha256"])
        assert text is not None and text.startswith("MOSCOW, Oct 10")
        rows = health(app)
        assert rows["rss"].status == rows["atom"].status == "ok"
        assert rows["rss"].items_new == RSS_ITEMS

    def test_a_second_poll_is_a_conditional_get_answered_304_and_appends_nothing(
        self, app: App, feed_server: FeedServer, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        lst = feed_list(
            tmp_path, {"rss": feed_server.url("/feed.rss"), "atom": feed_server.url("/feed.atom")}
        )
        clock = Clock()
        poll(app, lst, fetcher, clock)
        before = app.store.last_position()
        clock.advance(hours=7)  # past the adaptive interval, inside the daily unconditional fetch
        summary = poll(app, lst, fetcher, clock)
        assert summary.outcomes == {"not_modified": 2}
        assert app.store.last_position() == before
        assert feed_server.seen("/feed.rss")[-1].headers["if-none-match"] == '"v1-caucasus"'
        assert (
            feed_server.seen("/feed.atom")[-1].headers["if-modified-since"]
            == "Sun, 13 Dec 2020 18:00:00 GMT"
        )

    def test_a_feed_is_not_polled_again_before_its_next_poll_time(
        self, app: App, feed_server: FeedServer, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        lst = feed_list(tmp_path, {"rss": feed_server.url("/feed.rss")})
        clock = Clock()
        poll(app, lst, fetcher, clock)
        clock.advance(minutes=5)
        assert poll(app, lst, fetcher, clock).polled == 0
        assert poll(app, lst, fetcher, clock, feed="rss").polled == 1  # forced by name

    def test_the_same_items_in_a_second_feed_are_marked_duplicates_of_the_first(
        self, app: App, feed_server: FeedServer, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        lst = feed_list(tmp_path, {"a-rss": feed_server.url("/feed.rss")})
        poll(app, lst, fetcher, Clock())
        lst = feed_list(
            tmp_path,
            {"a-rss": feed_server.url("/feed.rss"), "b-copy": feed_server.url("/gzip.rss")},
        )
        summary = poll(app, lst, fetcher, Clock())
        assert (summary.new, summary.duplicates) == (RSS_ITEMS, RSS_ITEMS)
        events = items(app)
        originals = {
            e.data["canonical_url"]: e.data["item_id"] for e in events if e.data["feed"] == "a-rss"
        }
        copies = [e for e in events if e.data["feed"] == "b-copy"]
        assert all(
            e.data["duplicate_of"] == originals[e.data["canonical_url"]]
            and e.data["duplicate_reason"] == "canonical_url"
            for e in copies
        )
        assert health(app)["b-copy"].items_duplicate == RSS_ITEMS

    def test_copies_polled_in_the_same_round_are_marked_too(
        self, app: App, feed_server: FeedServer, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        lst = feed_list(
            tmp_path,
            {"a-rss": feed_server.url("/feed.rss"), "b-copy": feed_server.url("/gzip.rss")},
        )
        summary = poll(app, lst, fetcher, Clock())
        assert (summary.new, summary.duplicates) == (2 * RSS_ITEMS, RSS_ITEMS)
        marked = [e for e in items(app) if e.data["duplicate_of"]]
        assert len(marked) == RSS_ITEMS
        assert len({e.data["feed"] for e in marked}) == 1


FAULTS = {
    "http-500": ("/500", "http_5xx"),
    "rate-limited": ("/429", "rate_limited"),
    "read-timeout": ("/read-timeout", "timeout"),
    "malformed": ("/malformed.xml", "parse_error"),
    "html-page": ("/html", "parse_error"),
    "empty": ("/empty", "parse_error"),
    "billion-laughs": ("/billion-laughs", "parse_error"),
    "gzip-bomb": ("/gzip-bomb", "too_large"),
    "oversized": ("/big", "too_large"),
    "redirect-loop": ("/loop/a", "redirect_loop"),
    "gone": ("/410", "gone"),
}


class TestFaults:
    def test_faulty_feeds_are_recorded_in_feed_health_and_healthy_ones_ingested(
        self, app: App, feed_server: FeedServer, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        urls = {name: feed_server.url(path) for name, (path, _o) in FAULTS.items()}
        urls["healthy-rss"] = feed_server.url("/feed.rss")
        urls["healthy-atom"] = feed_server.url("/feed.atom")
        lst = feed_list(tmp_path, urls)
        summary = poll(app, lst, fetcher, Clock())
        assert summary.new == RSS_ITEMS + ATOM_ITEMS
        rows = health(app)
        assert {n: rows[n].last_outcome for n in FAULTS} == {n: o for n, (_p, o) in FAULTS.items()}
        assert all(rows[n].status == "failing" and rows[n].last_error for n in FAULTS)
        assert rows["healthy-rss"].status == rows["healthy-atom"].status == "ok"
        assert rows["http-500"].last_error == "HTTP 500 Internal Server Error"
        assert "retry after 120 s" in (rows["rate-limited"].last_error or "")
        assert rows["rate-limited"].consecutive_failures == 0
        assert rows["rate-limited"].consecutive_rate_limited == 1
        assert rows["rate-limited"].next_poll_at >= START + timedelta(seconds=120)

    def test_a_failing_feed_backs_off_and_pauses_after_the_configured_failures(
        self, app: App, feed_server: FeedServer, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        lst = feed_list(tmp_path, {"broken": feed_server.url("/500")})
        clock = Clock()
        policy = schedule.Policy(pause_after=3, jitter=0.0)
        for _ in range(3):
            poll(app, lst, fetcher, clock, policy=policy)
            clock.at = fs.list_states(app.engine, ["broken"])[0].next_poll_at
        row = health(app)["broken"]
        assert (row.status, row.consecutive_failures) == ("paused", 3)
        assert row.pause_reason is not None and row.pause_reason.startswith(
            "paused after 3 failures in a row (http_5xx: HTTP 500 Internal Server Error)"
        )

    def test_a_crash_between_fetch_and_commit_loses_nothing(
        self,
        app: App,
        feed_server: FeedServer,
        fetcher: Fetcher,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        lst = feed_list(tmp_path, {"rss": feed_server.url("/feed.rss")})
        clock = Clock()
        real = app.store.append_batch

        def crash(*_a: object, **_k: object) -> object:
            raise StoreUnavailable("the machine lost power")

        monkeypatch.setattr(app.store, "append_batch", crash)
        with pytest.raises(StoreUnavailable):
            poll(app, lst, fetcher, clock)
        state = fs.list_states(app.engine, ["rss"])[0]
        assert (state.etag, state.lease_owner, state.last_attempt_at) == (None, None, None)
        assert items(app) == []
        monkeypatch.setattr(app.store, "append_batch", real)
        summary = poll(app, lst, fetcher, clock)
        assert summary.new == RSS_ITEMS
        assert fs.list_states(app.engine, ["rss"])[0].etag == '"v1-caucasus"'
        assert "if-none-match" not in feed_server.seen("/feed.rss")[-1].headers


UNDATED = """<?xml version="1.0"?><rss version="2.0"><channel><title>U</title>
<item><guid>u-1</guid><title>Shelling reported near Terter</title>
<link>https://example.org/u-1</link><description>{body}</description></item>
</channel></rss>"""


class TestItems:
    def test_an_item_without_a_date_is_stamped_with_the_fetch_time_and_flagged(
        self, app: App, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        (tmp_path / "u.rss").write_text(UNDATED.format(body="Artillery fire overnight."))
        lst = feed_list(tmp_path, {"undated": "file:u.rss"})
        poll(app, lst, fetcher, Clock())
        (event,) = items(app)
        assert event.data["published_at"] == START.isoformat()
        assert event.data["published_missing"] is True
        assert event.data["published_raw"] is None

    def test_a_changed_text_appends_a_revision_to_the_same_item_stream(
        self, app: App, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        feed_file = tmp_path / "u.rss"
        feed_file.write_text(UNDATED.format(body="Artillery fire overnight."))
        lst = feed_list(tmp_path, {"undated": "file:u.rss"})
        clock = Clock()
        poll(app, lst, fetcher, clock)
        feed_file.write_text(UNDATED.format(body="Artillery fire overnight; two wounded."))
        clock.advance(days=1)
        poll(app, lst, fetcher, clock)
        first, second = items(app)
        assert first.stream_id == second.stream_id
        assert (second.data["revision"], second.data["previous_content_hash"]) == (
            2,
            first.data["content_hash"],
        )
        clock.advance(days=1)
        assert poll(app, lst, fetcher, clock).new == 0


SUMMARY_ONLY = """<?xml version="1.0"?><rss version="2.0"><channel><title>{feed}</title>{items}
</channel></rss>"""
SUMMARY_ITEM = """<item><guid>{guid}</guid><title>{title}</title>
<link>https://{feed}.example/{guid}</link><pubDate>{date}</pubDate>
<description>{body}</description></item>"""


class TestSummaryOnlyCopies:
    def test_two_outlets_summary_only_copies_of_one_story_share_a_cluster(
        self, app: App, fetcher: Fetcher, tmp_path: Path
    ) -> None:
        # full-article fetching is off (the default): the summary is all the text there is
        feeds = {
            "caucasus": [("w1", HEADLINE, ARMENIAN_ACCOUNT, "03:10")],
            "frontline": [
                ("f1", RETITLED, ARMENIAN_COPY, "04:30"),
                ("f2", HEADLINE, AZERBAIJANI_ACCOUNT, "05:00"),
            ],
        }
        for feed, entries in feeds.items():
            body = "".join(
                SUMMARY_ITEM.format(
                    feed=feed,
                    guid=guid,
                    title=title,
                    body=text,
                    date=f"Sun, 18 Oct 2020 {at}:00 +0400",
                )
                for guid, title, text, at in entries
            )
            (tmp_path / f"{feed}.rss").write_text(SUMMARY_ONLY.format(feed=feed, items=body))
        lst = feed_list(tmp_path, {feed: f"file:{feed}.rss" for feed in feeds})
        assert poll(app, lst, fetcher, Clock()).new == 3
        by_link = {e.data["link"]: e.data for e in items(app)}
        copy = by_link["https://frontline.example/f1"]
        assert copy["summary"] == ARMENIAN_COPY and copy["lsh_basis"] == BANDS_BASIS
        assert copy["lsh_bands"] == list(item_bands(RETITLED, ARMENIAN_COPY))
        Runner(app.store, [Items()]).run()
        with app.engine.connect() as conn:
            got = {
                r.url.rsplit("/", 1)[1]: (r.cluster_id, r.cluster_size)
                for r in conn.exec_driver_sql("SELECT url, cluster_id, cluster_size FROM items")
            }
        # one cluster, represented by whichever copy the log holds first
        pair = {
            by_link[f"https://{f}.example/{g}"]["item_id"]
            for f, g in (("caucasus", "w1"), ("frontline", "f1"))
        }
        assert got["w1"] == got["f1"] and got["w1"][0] in pair and got["w1"][1] == 2
        assert got["f2"][1] == 1


class TestLeaseExpiry:
    def test_a_poll_that_lost_its_lease_to_another_ingester_appends_nothing_twice(
        self,
        app: App,
        fetcher: Fetcher,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        (tmp_path / "u.rss").write_text(UNDATED.format(body="Artillery fire overnight."))
        lst = feed_list(tmp_path, {"undated": "file:u.rss"})
        real = app.store.append_batch
        later = Clock(START + timedelta(minutes=10))  # past the first ingester's lease

        def slow_append(*args: Any, **kw: Any) -> Any:
            monkeypatch.setattr(app.store, "append_batch", real)
            # Meanwhile a second ingester polls the same feed and commits first; the
            # undated item gets its fetch time, so the two payloads differ.
            other = poll(app, lst, fetcher, later, owner="ingester-b")
            assert other.outcomes == {"ok": 1}
            return real(*args, **kw)

        monkeypatch.setattr(app.store, "append_batch", slow_append)
        first = poll(app, lst, fetcher, Clock(), owner="ingester-a")
        assert first.outcomes == {"store_conflict": 1}
        (event,) = items(app)
        assert event.data["published_at"] == later.at.isoformat()
        row = health(app)["undated"]
        assert (row.last_outcome, row.items_new) == ("store_conflict", 1)
        later.advance(days=1)
        assert poll(app, lst, fetcher, later).new == 0


class FakeLookup:
    def __init__(self, known: dict[str, fs.KnownItem] | None = None) -> None:
        self.known = known or {}

    def known_items(self, feed: str, identities: Sequence[str]) -> dict[str, fs.KnownItem]:
        return {i: self.known[i] for i in identities if i in self.known}

    def exact_duplicates(
        self, link_aliases: Sequence[str], content_hashes: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        return {}, {}


def an_item(n: int, guid: str | None = None, text: str = "body") -> str:
    return (
        f"<item><guid>{guid if guid is not None else f'urn:g{n}'}</guid><title>Item {n}</title>"
        f"<link>https://example.org/{n}</link><description>{text}</description>"
        f"<pubDate>Tue, 10 Nov 2020 0{n % 10}:00:00 GMT</pubDate></item>"
    )


class FakeFetcher:
    """Answers every URL with the same RSS body."""

    limits = FetchLimits()

    def __init__(self, body: bytes) -> None:
        self.body = body

    def fetch(self, url: str, **_kw: object) -> FetchResult:
        return FetchResult("ok", url, self.body, {}, None, None, "0" * 64, None, None, 0.01)


def fetched_with(cfg: FeedConfig, rss_items: list[str], lookup: FakeLookup) -> poller.Fetched:
    body = f"<rss version='2.0'><channel><title>F</title>{''.join(rss_items)}</channel></rss>"
    polled_before = dataclasses.replace(
        poller.never_polled_state(cfg),  # type: ignore[type-var]
        last_success_at=START - timedelta(hours=1),
    )
    return poller.fetch_feed(
        cfg,
        polled_before,
        fetcher=FakeFetcher(body.encode()),  # type: ignore[arg-type]
        lookup=lookup,
        now=START,
    )


class TestPlanning:
    def test_repeated_guids_switch_the_feed_to_link_identity_and_say_so(self) -> None:
        cfg = FeedConfig(name="f", url="https://example.org/f.rss")
        fetched = fetched_with(cfg, [an_item(n, guid="urn:same") for n in range(4)], FakeLookup())
        assert fetched.identity_mode == "link"
        assert [c.identity for c in fetched.candidates] == [
            f"link:https://example.org/{n}" for n in range(4)
        ]
        assert any("switched from GUID to link" in w for w in fetched.warnings)

    def test_an_item_revised_more_than_the_limit_is_no_longer_ingested(self) -> None:
        cfg = FeedConfig(name="f", url="https://example.org/f.rss")
        known = {
            "guid:urn:g1": fs.KnownItem("id1", "old", poller.MAX_REVISIONS),
            "guid:urn:g2": fs.KnownItem("id2", "old", 3),
        }
        fetched = fetched_with(cfg, [an_item(1), an_item(2)], FakeLookup(known))
        assert [c.identity for c in fetched.candidates] == ["guid:urn:g2"]

    def test_event_ids_are_the_same_on_every_poll_of_the_same_content(self) -> None:
        cfg = FeedConfig(name="f", url="https://example.org/f.rss")

        def plan() -> poller.PollPlan:
            fetched = fetched_with(cfg, [an_item(1)], FakeLookup())
            return poller.plan_poll(
                cfg,
                poller.never_polled_state(cfg),
                fetched,
                lookup=FakeLookup(),
                policy=schedule.Policy(),
                rng=random.Random(),
            )

        a, b = plan(), plan()
        assert a.events[0][1].event_id == b.events[0][1].event_id
        assert a.events[0][1].data == b.events[0][1].data


class TestWorkers:
    def test_parsing_in_a_worker_process_gives_the_same_items_and_errors(
        self, tmp_path: Path
    ) -> None:
        body = (
            Path(__file__).resolve().parents[2] / "feeds/samples/caucasus-wire.rss"
        ).read_bytes()
        pool = jobs.ParsePool(1)
        try:
            remote = pool.analyze(body, url="https://example.org/f.rss")
            with pytest.raises(FeedParseError) as caught:
                pool.analyze(b"<html><body>hi</body></html>", url="https://example.org/h")
        finally:
            pool.close()
        local = poller.analyze_feed(body, url="https://example.org/f.rss")
        assert remote == local
        assert caught.value.url == "https://example.org/h"
        assert caught.value.message == "the server sent an HTML page, not a feed"

    def test_the_jobs_fetcher_answers_a_conditional_get_with_not_modified(
        self, app: App, feed_server: FeedServer
    ) -> None:
        with jobs.make_fetcher(app) as fetcher:
            first = fetcher.fetch(feed_server.url("/feed.rss"))
            again = fetcher.fetch(feed_server.url("/feed.rss"), etag=first.etag)
            third = fetcher.fetch(feed_server.url("/feed.rss"), etag=first.etag)
        assert (first.status, again.status, third.status) == ("ok", "not_modified", "not_modified")


class TestMovedFeeds:
    def test_a_301_is_remembered_and_the_new_url_is_asked_first(
        self, app: App, tmp_path: Path, feed_server: FeedServer
    ) -> None:
        lst = feed_list(tmp_path, {"moved": feed_server.url("/redirect")})
        clock = Clock()
        with Fetcher(LOOPBACK_LIMITS) as fetcher:
            poll(app, lst, fetcher, clock)
            [state] = fs.list_states(app.engine, ["moved"])
            assert state.moved_to == feed_server.url("/feed.rss")
            before = len(feed_server.seen("/redirect"))
            moved_before = len(feed_server.seen("/feed.rss"))
            clock.advance(days=2)
            poll(app, lst, fetcher, clock)
        assert len(feed_server.seen("/redirect")) == before  # not asked again
        assert len(feed_server.seen("/feed.rss")) == moved_before + 1
        assert health(app)["moved"].status == "ok"
