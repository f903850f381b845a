"""Name resolution under the whole-fetch deadline: a resolver that never answers fails
its own fetch with ``timeout`` (or ``cancelled`` on shutdown) and stalls neither the other
feeds of the round nor the fetcher. Loopback only: the resolver is replaced."""

from __future__ import annotations

import dataclasses
import random
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.ingest.ingest_support import LOOPBACK_LIMITS, FeedServer
from tracker.app import App
from tracker.app import poll as jobs
from tracker.config import Settings
from tracker.errors import FeedFetchError
from tracker.ingest import fetch
from tracker.ingest.feedlist import FeedConfig, FeedList
from tracker.ingest.fetch import Fetcher
from tracker.store import feed_state as fs


class StuckResolver:
    """Answers ``127.0.0.1`` for ``localhost``; for any other name it never returns
    until released (as a ``getaddrinfo`` stuck on a dead DNS server)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked = threading.Event()
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.calls.append(host)
        if host == "localhost":
            return ["127.0.0.1"]
        self.asked.set()
        self.release.wait()
        raise OSError("the resolver gave up")


@pytest.fixture
def stuck() -> Iterator[StuckResolver]:
    resolver = StuckResolver()
    yield resolver
    resolver.release.set()  # the abandoned lookup threads end


def _in_thread(fn: object) -> tuple[threading.Thread, list[BaseException | object]]:
    out: list[BaseException | object] = []

    def run() -> None:
        try:
            out.append(fn())  # type: ignore[operator]
        except BaseException as exc:
            out.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, out


def test_a_lookup_that_never_answers_fails_the_fetch_at_its_deadline(
    stuck: StuckResolver,
) -> None:
    limits = dataclasses.replace(LOOPBACK_LIMITS, allow_private_networks=False)
    with Fetcher(limits, resolver=stuck) as fetcher:
        t, out = _in_thread(lambda: fetcher.fetch("http://feeds.stuck.test/rss"))
        t.join(timeout=30)
        assert not t.is_alive(), "the fetch waited on the resolver past its deadline"
    [error] = out
    assert isinstance(error, FeedFetchError) and error.outcome == "timeout"
    assert "DNS lookup of feeds.stuck.test did not answer within the 1 s deadline" in str(error)


def test_cancel_ends_a_fetch_waiting_on_dns_at_once(stuck: StuckResolver) -> None:
    limits = dataclasses.replace(LOOPBACK_LIMITS, total_timeout_s=3600)
    with Fetcher(limits, resolver=stuck) as fetcher:
        t, out = _in_thread(lambda: fetcher.fetch("http://feeds.stuck.test/rss"))
        assert stuck.asked.wait(30)
        assert fetcher.cancel() == 1
        t.join(timeout=30)
        assert not t.is_alive(), "cancel() did not end a fetch stuck in DNS"
    [error] = out
    assert isinstance(error, FeedFetchError) and error.outcome == "cancelled"


def test_names_are_resolved_under_the_deadline_even_where_private_networks_are_allowed(
    stuck: StuckResolver, feed_server: FeedServer
) -> None:
    with Fetcher(LOOPBACK_LIMITS, resolver=stuck) as fetcher:
        ok = fetcher.fetch(f"http://localhost:{feed_server.port}/feed.rss")
        assert ok.status == "ok" and stuck.calls == ["localhost"]
        assert feed_server.seen("/feed.rss")[-1].headers["host"] == f"localhost:{feed_server.port}"
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(f"http://feeds.stuck.test:{feed_server.port}/feed.rss")
        assert info.value.outcome == "timeout"


def test_too_many_stuck_lookups_fail_at_once_instead_of_piling_up_threads(
    stuck: StuckResolver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "MAX_PENDING_LOOKUPS", 2)
    limits = dataclasses.replace(LOOPBACK_LIMITS, total_timeout_s=0.2)
    with Fetcher(limits, resolver=stuck) as fetcher:
        outcomes = []
        for n in range(4):
            with pytest.raises(FeedFetchError) as info:
                fetcher.fetch(f"http://feed{n}.stuck.test/rss")
            outcomes.append((info.value.outcome, "earlier lookups" in str(info.value)))
    assert outcomes == [
        ("timeout", False),
        ("timeout", False),
        ("network", True),
        ("network", True),
    ]


def test_a_stuck_resolver_stalls_neither_the_round_nor_the_healthy_feeds(
    stuck: StuckResolver, feed_server: FeedServer, db_url: str, tmp_path: Path
) -> None:
    app = App(Settings(database_url=db_url, feeds_file=str(tmp_path / "feeds.toml")))
    try:
        lst = FeedList(tmp_path / "feeds.toml", [])
        lst.add(
            FeedConfig(name="stuck", url=f"http://feeds.stuck.test:{feed_server.port}/feed.rss")
        )
        lst.add(FeedConfig(name="healthy", url=feed_server.url("/feed.rss")))
        lst.save()
        with Fetcher(LOOPBACK_LIMITS, resolver=stuck) as fetcher:
            t, out = _in_thread(
                lambda: jobs.poll_due_feeds(
                    app, feeds=lst, fetcher=fetcher, rng=random.Random(0), workers=2
                )
            )
            t.join(timeout=60)
            assert not t.is_alive(), "the round waited on the stuck resolver"
        [summary] = out
        assert isinstance(summary, jobs.PollSummary)
        assert summary.polled == 2 and summary.failed == 1
        assert len(list(app.store.read_all(types=["ItemIngested"]))) == 9
        health = {h.feed: h for h in fs.list_health(app.engine)}
        assert health["healthy"].status == "ok"
        assert "DNS lookup of feeds.stuck.test" in (health["stuck"].last_error or "")
    finally:
        app.close()
