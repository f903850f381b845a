"""Fetching from the loopback server: validators, limits, redirects, hostile bodies.

Each hostile response ends in one exact outcome, within a bounded time, and never in an
exception other than FeedFetchError or FeedParseError.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time

import pytest

from tests.ingest.ingest_support import ATOM, ETAG, LAST_MODIFIED, LOOPBACK_LIMITS, RSS, FeedServer
from tracker.errors import FeedError, FeedFetchError, FeedParseError
from tracker.ingest.fetch import DEFAULT_USER_AGENT, Fetcher, FetchLimits, retry_after_of
from tracker.ingest.parse import parse_feed


class TestConditionalGet:
    def test_etag_round_trip_gives_not_modified(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        first = fetcher.fetch(feed_server.url("/feed.rss"))
        assert first.status == "ok" and first.body == RSS
        assert (first.etag, first.last_modified, first.max_age_s) == (ETAG, LAST_MODIFIED, 600.0)
        assert first.body_sha256 == hashlib.sha256(RSS).hexdigest()
        assert first.headers["content-type"] == "application/rss+xml"
        second = fetcher.fetch(
            feed_server.url("/feed.rss"),
            etag=first.etag,
            last_modified=first.last_modified,
            previous_sha256=first.body_sha256,
        )
        assert (second.status, second.status_code, second.body) == ("not_modified", 304, b"")
        assert (second.etag, second.last_modified, second.body_sha256) == (
            ETAG,
            LAST_MODIFIED,
            first.body_sha256,
        )
        sent = feed_server.seen("/feed.rss")[-1].headers
        assert sent["if-none-match"] == ETAG
        assert sent["if-modified-since"] == LAST_MODIFIED  # verbatim, never synthesised
        assert sent["user-agent"] == DEFAULT_USER_AGENT

    def test_last_modified_alone_gives_not_modified(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        first = fetcher.fetch(feed_server.url("/feed.atom"))
        assert (first.status, first.body, first.etag) == ("ok", ATOM, None)
        again = fetcher.fetch(feed_server.url("/feed.atom"), last_modified=first.last_modified)
        assert again.status == "not_modified"
        assert again.last_modified == LAST_MODIFIED
        assert "if-none-match" not in feed_server.seen("/feed.atom")[-1].headers

    def test_same_body_hash_is_not_modified(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        result = fetcher.fetch(
            feed_server.url("/feed.atom"), previous_sha256=hashlib.sha256(ATOM).hexdigest()
        )
        assert (result.status, result.status_code, result.body) == ("not_modified", 200, b"")

    def test_gzip_bodies_are_decoded(self, fetcher: Fetcher, feed_server: FeedServer) -> None:
        result = fetcher.fetch(feed_server.url("/gzip.rss"))
        assert result.body == RSS
        assert feed_server.seen("/gzip.rss")[-1].headers["accept-encoding"] == "gzip, deflate"


class TestRedirects:
    def test_a_redirect_is_followed_and_reported(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        result = fetcher.fetch(feed_server.url("/redirect"))
        assert (result.final_url, result.redirects, result.body) == (
            feed_server.url("/feed.rss"),
            1,
            RSS,
        )

    def test_a_redirect_loop_is_named(self, fetcher: Fetcher, feed_server: FeedServer) -> None:
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(feed_server.url("/loop/a"))
        a, b = feed_server.url("/loop/a"), feed_server.url("/loop/b")
        assert info.value.outcome == "redirect_loop"
        assert info.value.message == f"redirect loop: {a} → {b} → {a}"

    def test_more_than_five_redirects_is_refused(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(feed_server.url("/chain/0"))
        assert info.value.outcome == "redirect_loop"
        assert (
            info.value.message == f"more than 5 redirects (last to {feed_server.url('/chain/6')})"
        )
        assert len([r for r in feed_server.requests if r.path.startswith("/chain/")]) >= 6


class TestStatuses:
    @pytest.mark.parametrize(
        ("path", "outcome", "message", "retry_after"),
        [
            ("/429", "rate_limited", "HTTP 429 Too Many Requests, retry after 120 s", 120.0),
            ("/429-date", "rate_limited", "HTTP 429 Too Many Requests, retry after 300 s", 300.0),
            ("/503", "rate_limited", "HTTP 503 Service Unavailable, retry after 30 s", 30.0),
            ("/503-plain", "rate_limited", "HTTP 503 Service Unavailable", None),
            ("/500", "http_5xx", "HTTP 500 Internal Server Error", None),
            ("/502", "http_5xx", "HTTP 502 Bad Gateway", None),
            ("/400", "http_4xx", "HTTP 400 Bad Request", None),
            ("/401", "auth", "HTTP 401 Unauthorized", None),
            ("/403", "auth", "HTTP 403 Forbidden", None),
            ("/404", "gone", "HTTP 404 Not Found", None),
            ("/410", "gone", "HTTP 410 Gone", None),
        ],
    )
    def test_error_statuses_map_to_outcomes(
        self,
        fetcher: Fetcher,
        feed_server: FeedServer,
        path: str,
        outcome: str,
        message: str,
        retry_after: float | None,
    ) -> None:
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(feed_server.url(path))
        assert (info.value.outcome, info.value.message, info.value.url) == (
            outcome,
            message,
            feed_server.url(path),
        )
        assert retry_after_of(info.value) == retry_after
        assert str(info.value) == f"{message}: {feed_server.url(path)}"


class TestLimits:
    def test_read_timeout(self, fetcher: Fetcher, feed_server: FeedServer) -> None:
        started = time.monotonic()
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(feed_server.url("/read-timeout"))
        assert info.value.outcome == "timeout"
        assert info.value.message == "timed out waiting for data (read limit 0.5 s)"
        assert time.monotonic() - started < 1.5

    def test_slow_drip_hits_the_overall_deadline(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        started = time.monotonic()
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(feed_server.url("/slow-drip"))
        assert info.value.outcome == "timeout"
        assert "within the 1 s deadline" in info.value.message
        assert time.monotonic() - started < 1.6  # deadline + at most one read

    def test_dripped_headers_hit_the_overall_deadline(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        # Each header byte arrives well within the read timeout; only a deadline
        # enforced from outside the read stops it.
        started = time.monotonic()
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(
                feed_server.url("/header-drip"),
                limits=dataclasses.replace(fetcher.limits, read_timeout_s=5.0),
            )
        assert info.value.outcome == "timeout"
        assert "deadline" in info.value.message
        assert time.monotonic() - started < 1.6

    def test_cancel_cuts_every_fetch_in_flight_short(self, feed_server: FeedServer) -> None:
        import concurrent.futures

        limits = dataclasses.replace(LOOPBACK_LIMITS, total_timeout_s=60.0, read_timeout_s=30.0)
        with Fetcher(limits) as fetcher, concurrent.futures.ThreadPoolExecutor(3) as pool:
            futures = [
                pool.submit(fetcher.fetch, feed_server.url("/header-drip")) for _ in range(3)
            ]
            time.sleep(0.5)
            started = time.monotonic()
            assert fetcher.cancel() == 3
            for future in futures:
                with pytest.raises(FeedFetchError) as info:
                    future.result(timeout=5)
                assert info.value.outcome == "cancelled"
            assert time.monotonic() - started < 1.0

    def test_declared_oversized_body_is_refused_before_reading(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(feed_server.url("/big"))
        assert info.value.outcome == "too_large"
        assert info.value.message == "body of 2,097,152 bytes exceeds the limit of 1,048,576 bytes"

    def test_undeclared_oversized_body_is_cut_off(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(feed_server.url("/big-unannounced"))
        assert (info.value.outcome, info.value.message) == (
            "too_large",
            "body exceeds the limit of 1,048,576 bytes",
        )

    def test_gzip_bomb_is_counted_after_decompression(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        started = time.monotonic()
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(feed_server.url("/gzip-bomb"))
        assert info.value.outcome == "too_large"
        assert info.value.message == "body exceeds the limit of 1,048,576 bytes after decompression"
        assert time.monotonic() - started < 1

    def test_per_call_limits_override_the_fetchers(
        self, fetcher: Fetcher, feed_server: FeedServer
    ) -> None:
        small = FetchLimits(max_body_bytes=100, allow_private_networks=True)
        with pytest.raises(FeedFetchError, match="exceeds the limit of 100 bytes"):
            fetcher.fetch(feed_server.url("/feed.atom"), limits=small)


class TestAddressGuard:
    def test_loopback_is_refused_without_sending_anything(self, feed_server: FeedServer) -> None:
        before = len(feed_server.requests)
        with Fetcher(FetchLimits()) as guarded, pytest.raises(FeedFetchError) as info:
            guarded.fetch(feed_server.url("/feed.rss"))
        assert info.value.outcome == "blocked"
        assert info.value.message == (
            "refused: 127.0.0.1 is a loopback address (set allow_private_networks to allow it)"
        )
        assert len(feed_server.requests) == before

    def test_localhost_by_name_is_refused(self, feed_server: FeedServer) -> None:
        with Fetcher(FetchLimits()) as guarded, pytest.raises(FeedFetchError) as info:
            guarded.fetch(f"http://localhost:{feed_server.port}/feed.rss")
        assert info.value.outcome == "blocked"
        assert "localhost resolves to" in info.value.message


# What the whole pipeline (fetch, then parse) makes of every response: the poller records
# exactly this on the feed's health row.
PIPELINE = [
    ("/feed.rss", "ok"),
    ("/feed.atom", "ok"),
    ("/gzip.rss", "ok"),
    ("/redirect", "ok"),
    ("/wrong-encoding", "ok+warning"),
    ("/quadratic", "ok+warning"),
    ("/loop/a", "redirect_loop"),
    ("/chain/0", "redirect_loop"),
    ("/429", "rate_limited"),
    ("/503", "rate_limited"),
    ("/500", "http_5xx"),
    ("/404", "gone"),
    ("/read-timeout", "timeout"),
    ("/slow-drip", "timeout"),
    ("/big", "too_large"),
    ("/big-unannounced", "too_large"),
    ("/gzip-bomb", "too_large"),
    ("/malformed.xml", "parse_error: malformed feed with no readable entries"),
    ("/html", "parse_error: the server sent an HTML page, not a feed"),
    ("/billion-laughs", "parse_error: entity bomb refused"),
    ("/empty", "parse_error: empty body, no feed"),
]


def _pipeline(fetcher: Fetcher, url: str) -> str:
    try:
        result = fetcher.fetch(url)
        feed = parse_feed(result.body, url=result.final_url, headers=result.headers)
    except FeedFetchError as exc:
        return exc.outcome
    except FeedParseError as exc:
        return "parse_error: " + exc.message
    assert feed.items
    return "ok+warning" if feed.warning else "ok"


@pytest.mark.parametrize(("path", "expected"), PIPELINE)
def test_every_response_ends_in_one_known_outcome(
    fetcher: Fetcher, feed_server: FeedServer, path: str, expected: str
) -> None:
    started = time.monotonic()
    got = _pipeline(fetcher, feed_server.url(path))
    assert got.startswith(expected)
    assert time.monotonic() - started < 2


def test_healthy_feeds_still_work_after_every_hostile_one(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    outcomes = {path: _pipeline(fetcher, feed_server.url(path)) for path, _ in PIPELINE}
    assert outcomes["/feed.rss"] == "ok" and outcomes["/feed.atom"] == "ok"
    assert len(parse_feed(fetcher.fetch(feed_server.url("/feed.rss")).body, url="x").items) == 9


def test_wrong_declared_encoding_keeps_the_text(fetcher: Fetcher, feed_server: FeedServer) -> None:
    result = fetcher.fetch(feed_server.url("/wrong-encoding"))
    feed = parse_feed(result.body, url=result.final_url, headers=result.headers)
    assert feed.items[0].title == "Shelling reported near Füzuli"
    assert feed.warning is not None and "encoding" in feed.warning.lower()


def test_errors_share_one_base(fetcher: Fetcher, feed_server: FeedServer) -> None:
    with pytest.raises(FeedError):
        fetcher.fetch(feed_server.url("/404"))
