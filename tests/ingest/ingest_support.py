"""The loopback HTTP server behind the ``feed_server`` fixture, its routes and bodies.

(A module with a unique name rather than ``conftest``, so that tests can import its
constants without clashing with other directories' ``conftest`` modules.)


``feed_server`` is a ``ThreadingHTTPServer`` on 127.0.0.1 with an ephemeral port, run
in a daemon thread for the test session. Every request is recorded (path and headers)
so tests can check what the fetcher sent. Nothing here talks to anything but loopback.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tracker.ingest.fetch import Fetcher, FetchLimits

SAMPLES = Path(__file__).resolve().parents[2] / "feeds" / "samples"
RSS = (SAMPLES / "caucasus-wire.rss").read_bytes()
ATOM = (SAMPLES / "frontline-monitor.atom").read_bytes()
ETAG = '"v1-caucasus"'
LAST_MODIFIED = "Sun, 13 Dec 2020 18:00:00 GMT"
SERVER_DATE = "Mon, 26 Oct 2020 04:00:00 GMT"
RETRY_DATE = "Mon, 26 Oct 2020 04:05:00 GMT"  # 300 s after SERVER_DATE
BIG = 2 * 1024 * 1024  # served to a fetcher capped at 1 MiB
GZIP_BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # ~64 KB on the wire


def laugh_declarations() -> str:
    """Ten nested entity declarations: ``&lol9;`` would expand to a billion ``lol``."""
    return '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )


def billion_laughs() -> bytes:
    decls = laugh_declarations()
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{decls}]><rss version="2.0"><channel>'
        "<title>&lol9;</title></channel></rss>"
    ).encode()


def quadratic_blowup() -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{"A" * 100_000}">]>'
        '<rss version="2.0"><channel><title>q</title><item><guid>q1</guid><title>'
        + "&a;" * 10_000
        + "</title></item></channel></rss>"
    ).encode()


WRONG_ENCODING = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title>'
    "<item><guid>w1</guid><title>Shelling reported near F\u00fczuli</title></item>"
    "</channel></rss>"
).encode("latin-1")  # declared UTF-8, sent as Latin-1


ARTICLE = (
    "<!DOCTYPE html><html><head><title>Truce falters</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article><h1>Truce falters</h1>"
    + "".join(
        f"<p>Paragraph {i}: the humanitarian ceasefire that took effect at 08:00 local time "
        "came under strain within minutes, with each side accusing the other of artillery "
        "fire on positions near Terter and in the Lachin region.</p>"
        for i in range(1, 6)
    )
    + "</article><footer>Copyright Example Wire</footer></body></html>"
).encode()


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    """The running server: ``url(path)`` and the ``requests`` it has seen."""

    port: int
    requests: list[Recorded] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def seen(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]


Route = Callable[["_Handler"], None]


class _Handler(BaseHTTPRequestHandler):
    server_state: FeedServer

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def date_time_string(self, timestamp: float | None = None) -> str:
        return SERVER_DATE  # a fixed Date header: Retry-After dates are measured from it

    def do_GET(self) -> None:
        state = self.server_state
        state.requests.append(Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = ROUTES.get(self.path.split("?", 1)[0])
        if route is None:
            if self.path.startswith("/chain/"):
                _chain(self)
                return
            self.reply(404, b"not here")
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)  # a reset means the fetcher gave up, as intended

    def reply(
        self,
        code: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        content_type: str = "application/rss+xml",
    ) -> None:
        self.send_response(code)
        all_headers = {"Content-Type": content_type, "Content-Length": str(len(body))}
        all_headers.update(headers or {})
        for name, value in all_headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)


def _etag_feed(h: _Handler) -> None:
    if h.headers.get("If-None-Match") == ETAG:
        h.reply(304, headers={"ETag": ETAG, "Content-Length": "0"})
    else:
        h.reply(
            200, RSS, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED, "Cache-Control": "max-age=600"}
        )


def _lm_feed(h: _Handler) -> None:
    if h.headers.get("If-Modified-Since") == LAST_MODIFIED:
        h.reply(304, headers={"Content-Length": "0"})
    else:
        h.reply(200, ATOM, {"Last-Modified": LAST_MODIFIED}, "application/atom+xml")


def _read_timeout(h: _Handler) -> None:
    h.server_state.stop.wait(3)
    h.reply(200, RSS)


def _slow_drip(h: _Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", str(len(RSS)))
    h.end_headers()
    for i in range(len(RSS)):
        if h.server_state.stop.wait(0.05):
            return
        h.wfile.write(RSS[i : i + 1])
        h.wfile.flush()


def _header_drip(h: _Handler) -> None:
    """Headers one byte every 0.2 s (for a minute): no read ever times out."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Pad: " + b"a" * 300
    for i in range(len(head)):
        if h.server_state.stop.wait(0.2):
            return
        h.wfile.write(head[i : i + 1])
        h.wfile.flush()


def _big_unannounced(h: _Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.end_headers()  # no Content-Length: the body ends when the connection closes
    chunk = b"<!-- padding -->" * 4096
    for _ in range(BIG // len(chunk) + 1):
        h.wfile.write(chunk)


def _chain(h: _Handler) -> None:
    n = int(h.path.rsplit("/", 1)[1])
    if n >= 10:
        h.reply(200, RSS)
    else:
        h.reply(302, headers={"Location": f"/chain/{n + 1}"})


def _route(
    code: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    content_type: str = "application/rss+xml",
) -> Route:
    return lambda h: h.reply(code, body, headers, content_type)


ROUTES: dict[str, Route] = {
    "/feed.rss": _etag_feed,
    "/feed.atom": _lm_feed,
    "/gzip.rss": _route(200, gzip.compress(RSS), {"Content-Encoding": "gzip"}),
    "/redirect": _route(301, headers={"Location": "/feed.rss"}),
    "/loop/a": _route(302, headers={"Location": "/loop/b"}),
    "/loop/b": _route(307, headers={"Location": "/loop/a"}),
    "/429": _route(429, b"slow down", {"Retry-After": "120"}),
    "/429-date": _route(429, b"slow down", {"Retry-After": RETRY_DATE}),
    "/503": _route(503, b"busy", {"Retry-After": "30"}),
    "/503-plain": _route(503, b"busy"),
    "/500": _route(500, b"oops"),
    "/502": _route(502, b"bad gateway"),
    "/400": _route(400, b"bad"),
    "/401": _route(401, b"who"),
    "/403": _route(403, b"no"),
    "/404": _route(404, b"gone"),
    "/410": _route(410, b"gone for good"),
    "/read-timeout": _read_timeout,
    "/slow-drip": _slow_drip,
    "/header-drip": _header_drip,
    "/big": _route(200, b"x" * BIG),
    "/big-unannounced": _big_unannounced,
    "/gzip-bomb": _route(200, GZIP_BOMB, {"Content-Encoding": "gzip"}),
    "/malformed.xml": _route(
        200,
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut',
        content_type="text/xml",
    ),
    "/html": _route(
        200,
        b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>",
        content_type="text/html; charset=utf-8",
    ),
    "/wrong-encoding": _route(200, WRONG_ENCODING, content_type="application/rss+xml"),
    "/billion-laughs": _route(200, billion_laughs()),
    "/quadratic": _route(200, quadratic_blowup()),
    "/empty": _route(200, b""),
    "/article.html": _route(200, ARTICLE, content_type="text/html; charset=utf-8"),
    "/article.pdf": _route(200, b"%PDF-1.4", content_type="application/pdf"),
}


@contextlib.contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler], stop: threading.Event) -> Iterator[int]:
    """A threading HTTP server on 127.0.0.1 (an ephemeral port, yielded) in a daemon
    thread; on exit ``stop`` is set (for handlers that drip) and the server shut down."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield int(httpd.server_address[1])
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        time.sleep(0.05)


@pytest.fixture(scope="session")
def feed_server() -> Iterator[FeedServer]:
    """The loopback server, shared by the session (requests recorded in ``.requests``)."""
    state = FeedServer(port=0)
    _Handler.server_state = state
    with loopback_server(_Handler, state.stop) as port:
        state.port = port
        yield state


LOOPBACK_LIMITS = FetchLimits(
    max_body_bytes=1024 * 1024,
    connect_timeout_s=2,
    read_timeout_s=0.5,
    total_timeout_s=1.0,
    allow_private_networks=True,
)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """A fetcher allowed to reach loopback, with short timeouts and a 1 MiB cap."""
    with Fetcher(LOOPBACK_LIMITS) as client:
        yield client
