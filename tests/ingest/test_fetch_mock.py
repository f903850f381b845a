"""Fetcher edges on httpx.MockTransport: the address guard, pinning, exception mapping, file URLs.

No request leaves the process: the transport is a function and DNS is a dict.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tracker.errors import FeedFetchError
from tracker.ingest.fetch import Fetcher, FetchLimits, address_refusal, parse_retry_after

DNS = {
    "feeds.example.org": ["93.184.216.34"],
    "v6.example.org": ["2606:4700::6810:85e5"],
    "internal.example.org": ["10.0.0.7"],
    "mixed.example.org": ["93.184.216.34", "192.168.1.1"],
    "metadata.example.org": ["169.254.169.254"],
}


def resolve(host: str, port: int) -> list[str]:
    if host not in DNS:
        raise OSError(f"[Errno -2] Name or service not known: {host}")
    return DNS[host]


class Chunks(httpx.SyncByteStream):
    """A streamed body, so the fetcher sees raw chunks as from a socket."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks


def fetcher_for(
    handler: Callable[[httpx.Request], httpx.Response], **limits: object
) -> tuple[Fetcher, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return handler(request)

    fetcher = Fetcher(FetchLimits(**limits), httpx.MockTransport(record), resolver=resolve)  # type: ignore[arg-type]
    return fetcher, sent


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b"<rss/>")


class TestAddressGuard:
    @pytest.mark.parametrize(
        ("url", "message"),
        [
            ("http://127.0.0.1/f", "refused: 127.0.0.1 is a loopback address"),
            ("http://10.1.2.3/f", "refused: 10.1.2.3 is a private address"),
            (
                "http://169.254.169.254/latest/meta-data/",
                "refused: 169.254.169.254 is a link-local address",
            ),
            ("http://[::1]/f", "refused: ::1 is a loopback address"),
            (
                "http://[::ffff:127.0.0.1]/f",
                "refused: ::ffff:127.0.0.1 resolves to ::ffff:7f00:1, a loopback address",
            ),
            ("http://224.0.0.1/f", "refused: 224.0.0.1 is a multicast address"),
            ("http://0.0.0.0/f", "refused: 0.0.0.0 is an unspecified address"),
            (
                "http://internal.example.org/f",
                "refused: internal.example.org resolves to 10.0.0.7, a private address",
            ),
            (
                "http://mixed.example.org/f",
                "refused: mixed.example.org resolves to 192.168.1.1, a private address",
            ),
            (
                "http://metadata.example.org/f",
                "refused: metadata.example.org resolves to 169.254.169.254, a link-local address",
            ),
            ("ftp://feeds.example.org/f", "refused: only http and https URLs are fetched, not ftp"),
            (
                "gopher://feeds.example.org/f",
                "refused: only http and https URLs are fetched, not gopher",
            ),
        ],
    )
    def test_refused_addresses_send_nothing(self, url: str, message: str) -> None:
        fetcher, sent = fetcher_for(ok)
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch(url)
        assert info.value.outcome == "blocked"
        assert info.value.message.startswith(message)
        assert sent == []

    def test_a_redirect_to_a_private_address_is_refused_at_that_hop(self) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/"})

        fetcher, sent = fetcher_for(handler)
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch("https://feeds.example.org/f")
        assert info.value.outcome == "blocked"
        assert len(sent) == 1

    def test_a_redirect_to_a_file_url_is_refused(self) -> None:
        fetcher, _ = fetcher_for(
            lambda r: httpx.Response(301, headers={"Location": "file:///etc/passwd"})
        )
        with pytest.raises(FeedFetchError, match="not file") as info:
            fetcher.fetch("https://feeds.example.org/f")
        assert info.value.outcome == "blocked"

    def test_the_checked_address_is_pinned_with_host_and_sni(self) -> None:
        fetcher, sent = fetcher_for(ok)
        result = fetcher.fetch("https://feeds.example.org:8443/feed?x=1")
        assert result.final_url == "https://feeds.example.org:8443/feed?x=1"
        [request] = sent
        assert str(request.url) == "https://93.184.216.34:8443/feed?x=1"
        assert request.headers["host"] == "feeds.example.org:8443"
        assert request.extensions["sni_hostname"] == "feeds.example.org"
        assert request.headers["connection"] == "close"  # no TLS reuse across names

    def test_ipv6_addresses_are_pinned_in_brackets(self) -> None:
        fetcher, sent = fetcher_for(ok)
        fetcher.fetch("http://v6.example.org/feed")
        assert str(sent[0].url) == "http://[2606:4700::6810:85e5]/feed"
        assert sent[0].headers["host"] == "v6.example.org"
        assert sent[0].headers["connection"] == "keep-alive"  # plain HTTP may share

    def test_allow_private_networks_skips_the_guard(self) -> None:
        fetcher, sent = fetcher_for(ok, allow_private_networks=True)
        assert fetcher.fetch("http://10.1.2.3/f").status == "ok"
        assert str(sent[0].url) == "http://10.1.2.3/f"

    def test_dns_failure_is_a_network_outcome(self) -> None:
        fetcher, _ = fetcher_for(ok)
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch("http://nowhere.example.org/f")
        assert info.value.outcome == "network"
        assert info.value.message.startswith("DNS lookup of nowhere.example.org failed")

    @pytest.mark.parametrize(
        ("address", "reason"),
        [
            ("8.8.8.8", None),
            ("100.64.0.1", "not a public address"),
            ("192.0.2.1", "a private address"),
            ("240.0.0.1", "a private address"),
            ("fe80::1%eth0", "a link-local address"),
            ("fc00::1", "a private address"),
            ("2002:7f00:1::", "a loopback address"),
            ("nonsense", "not an IP address"),
        ],
    )
    def test_address_refusal(self, address: str, reason: str | None) -> None:
        assert address_refusal(address) == reason


class TestExceptionMapping:
    @pytest.mark.parametrize(
        ("exc", "outcome", "message"),
        [
            (httpx.ConnectTimeout("x"), "timeout", "timed out connecting (limit 10 s)"),
            (httpx.ReadTimeout("x"), "timeout", "timed out waiting for data (read limit 30 s)"),
            (httpx.PoolTimeout("x"), "timeout", "timed out waiting for a free connection"),
            (httpx.WriteTimeout("x"), "timeout", "timed out: x"),
            (
                httpx.ConnectError("connection refused"),
                "network",
                "could not connect: connection refused",
            ),
            (httpx.RemoteProtocolError("peer closed"), "network", "network error: peer closed"),
            (httpx.ReadError("reset"), "network", "network error: reset"),
            (httpx.UnsupportedProtocol("nope"), "network", "invalid URL: nope"),
        ],
    )
    def test_every_httpx_error_becomes_a_feed_fetch_error(
        self, exc: Exception, outcome: str, message: str
    ) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            raise exc

        fetcher, _ = fetcher_for(handler)
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch("https://feeds.example.org/f")
        assert (info.value.outcome, info.value.message) == (outcome, message)
        assert info.value.__cause__ is exc

    def test_a_redirect_without_location_is_a_network_error(self) -> None:
        fetcher, _ = fetcher_for(lambda r: httpx.Response(302))
        with pytest.raises(
            FeedFetchError, match="HTTP 302 Found without a Location header"
        ) as info:
            fetcher.fetch("https://feeds.example.org/f")
        assert info.value.outcome == "network"

    def test_a_corrupt_gzip_body_is_a_network_error(self) -> None:
        fetcher, _ = fetcher_for(
            lambda r: httpx.Response(
                200, headers={"Content-Encoding": "gzip"}, stream=Chunks([b"not gzip"])
            )
        )
        with pytest.raises(FeedFetchError, match="the gzip body is corrupt") as info:
            fetcher.fetch("https://feeds.example.org/f")
        assert info.value.outcome == "network"

    def test_an_unsupported_encoding_is_refused(self) -> None:
        fetcher, _ = fetcher_for(
            lambda r: httpx.Response(200, headers={"Content-Encoding": "br"}, stream=Chunks([b"x"]))
        )
        with pytest.raises(FeedFetchError, match="unsupported Content-Encoding 'br'"):
            fetcher.fetch("https://feeds.example.org/f")


class TestBodies:
    @pytest.mark.parametrize(
        ("encoding", "data"),
        [
            ("gzip", gzip.compress(b"<rss>feed</rss>")),
            ("gzip", gzip.compress(b"<rss>fe") + gzip.compress(b"ed</rss>")),  # two members
            ("deflate", zlib.compress(b"<rss>feed</rss>")),
            ("deflate", zlib.compress(b"<rss>feed</rss>")[2:-4]),  # raw deflate, no header
            ("identity", b"<rss>feed</rss>"),
        ],
    )
    def test_encodings_are_decoded_in_chunks(self, encoding: str, data: bytes) -> None:
        chunks = [data[i : i + 3] for i in range(0, len(data), 3)]
        fetcher, _ = fetcher_for(
            lambda r: httpx.Response(
                200, headers={"Content-Encoding": encoding}, stream=Chunks(chunks)
            )
        )
        assert fetcher.fetch("https://feeds.example.org/f").body == b"<rss>feed</rss>"

    def test_a_streamed_gzip_bomb_stops_at_the_cap(self) -> None:
        bomb = gzip.compress(b"\0" * (32 * 1024 * 1024))
        chunks = [bomb[i : i + 65536] for i in range(0, len(bomb), 65536)]
        fetcher, _ = fetcher_for(
            lambda r: httpx.Response(
                200, headers={"Content-Encoding": "gzip"}, stream=Chunks(chunks)
            ),
            max_body_bytes=100_000,
        )
        with pytest.raises(FeedFetchError) as info:
            fetcher.fetch("https://feeds.example.org/f")
        assert info.value.outcome == "too_large"

    def test_304_keeps_the_stored_validators_when_the_server_sends_none(self) -> None:
        fetcher, sent = fetcher_for(lambda r: httpx.Response(304))
        result = fetcher.fetch(
            "https://feeds.example.org/f",
            etag='W/"a"',
            last_modified="Mon, 26 Oct 2020 04:00:00 GMT",
            previous_sha256="ab",
        )
        assert (result.status, result.etag, result.last_modified, result.body_sha256) == (
            "not_modified",
            'W/"a"',
            "Mon, 26 Oct 2020 04:00:00 GMT",
            "ab",
        )
        assert sent[0].headers["if-none-match"] == 'W/"a"'

    def test_cookies_a_server_sets_are_never_sent_back(self) -> None:
        def set_cookie(request: httpx.Request) -> httpx.Response:
            headers = {"Set-Cookie": "session=abc; Path=/"}
            return httpx.Response(200, content=b"<rss/>", headers=headers)

        # no address pinning: the requests go to the host name the cookie is for
        fetcher, sent = fetcher_for(set_cookie, allow_private_networks=True)
        with fetcher:
            fetcher.fetch("https://feeds.example.org/f")
            fetcher.fetch("https://feeds.example.org/f")
        assert len(sent) == 2 and "cookie" not in sent[1].headers

    def test_cache_headers_give_max_age(self) -> None:
        headers = {
            "Expires": "Mon, 26 Oct 2020 05:00:00 GMT",
            "Date": "Mon, 26 Oct 2020 04:00:00 GMT",
        }
        fetcher, _ = fetcher_for(lambda r: httpx.Response(200, headers=headers, content=b"x"))
        assert fetcher.fetch("https://feeds.example.org/f").max_age_s == 3600.0

    def test_retry_after_parsing(self) -> None:
        assert parse_retry_after("120") == 120.0
        assert parse_retry_after("soon") is None
        assert parse_retry_after("Mon, 26 Oct 2020 04:00:00 GMT") == 0.0  # in the past


class TestFileUrls:
    def test_a_file_is_read_with_the_cap_and_hash(self, tmp_path: Path) -> None:
        path = tmp_path / "f.rss"
        path.write_bytes(b"<rss/>")
        fetcher, sent = fetcher_for(ok)
        first = fetcher.fetch(path.as_uri())
        assert (first.status, first.body, first.etag, first.status_code) == (
            "ok",
            b"<rss/>",
            None,
            0,
        )
        again = fetcher.fetch(path.as_uri(), previous_sha256=first.body_sha256)
        assert (again.status, again.body) == ("not_modified", b"")
        assert sent == []
        with pytest.raises(FeedFetchError, match="file exceeds the limit of 3 bytes") as info:
            fetcher.fetch(path.as_uri(), limits=FetchLimits(max_body_bytes=3))
        assert info.value.outcome == "too_large"

    def test_a_missing_file_is_gone_and_file_urls_can_be_disallowed(self, tmp_path: Path) -> None:
        fetcher, _ = fetcher_for(ok)
        with pytest.raises(FeedFetchError, match="no such file") as info:
            fetcher.fetch((tmp_path / "none.rss").as_uri())
        assert info.value.outcome == "gone"
        with pytest.raises(FeedFetchError, match="file URLs are not allowed") as info:
            fetcher.fetch(
                (tmp_path / "none.rss").as_uri(), limits=FetchLimits(allow_file_urls=False)
            )
        assert info.value.outcome == "blocked"
