"""Fetch one feed or page safely: conditional GET, limits, redirects, the address guard.

Owns every HTTP request tracker makes and the translation of every httpx failure into
:class:`~tracker.errors.FeedFetchError` with an ``outcome`` (the one seam: nothing from
httpx escapes this module). Must not parse feeds, touch the store, schedule or retry:
the poller decides what an outcome means for the feed's next poll.

What one :meth:`Fetcher.fetch` does (FEEDS.md §3 items 3–5):

* sends the stored validators verbatim (``If-None-Match``, ``If-Modified-Since``); a
  304 is ``not_modified``, and so is a 200 whose body has the SHA-256 seen last time;
* follows at most ``max_redirects`` redirects itself, checking every hop;
* refuses anything but http/https and, unless ``allow_private_networks``, any host that
  resolves to a loopback, private, link-local, multicast, reserved or otherwise
  non-global address. The checked address is then **pinned**: the request goes to that
  IP with the original ``Host`` header and TLS server name, so a DNS answer that changes
  between the check and the connection (DNS rebinding) cannot redirect it. Only the first
  address is tried, and pinned HTTPS connections are not kept alive (the pool is keyed by
  IP, and a TLS session belongs to one host name);
* streams the body and stops as soon as it exceeds ``max_body_bytes`` *after*
  decompression (gzip/deflate are decoded here, in bounded steps, so a gzip bomb never
  inflates in memory), and enforces an overall deadline between reads: a slow-drip body
  fails after ``total_timeout_s`` (at worst ``total_timeout_s`` plus one read timeout);
* reads ``file:`` URLs (the bundled sample feeds) with the same size cap; they carry no
  validators, but an unchanged SHA-256 is still ``not_modified``. A relative
  ``file:samples/x.xml`` is relative to the working directory (the feed list resolves
  its own relative paths, see :mod:`tracker.ingest.feedlist`). Redirects never lead to
  ``file:``.

DNS lookups count against the same whole-fetch deadline. ``socket.getaddrinfo`` has no
timeout of its own and cannot be interrupted, so each lookup runs in a daemon thread of
its own and the fetch waits for it only until its deadline (or :meth:`Fetcher.cancel`):
a resolver that never answers fails that fetch with ``timeout`` and stalls neither the
other feeds nor a shutdown (the abandoned thread ends whenever the resolver returns; at
most ``MAX_PENDING_LOOKUPS`` may be outstanding, further lookups fail at once). Names are
resolved here even with ``allow_private_networks`` (then nothing is refused), and the
address found is the one connected to.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import http
import http.cookiejar
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import httpcore
import httpx

from tracker.errors import FeedFetchError

DEFAULT_USER_AGENT = (
    "tracker/0.1 (ceasefire tracker; +https://github.com/tracker-ceasefire/tracker)"
)
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"
)

FetchStatus = Literal["ok", "not_modified"]
#: Every ``FeedFetchError.outcome`` this module raises.
OUTCOMES: tuple[str, ...] = (
    "network",
    "timeout",
    "http_4xx",
    "http_5xx",
    "gone",
    "auth",
    "rate_limited",
    "too_large",
    "blocked",
    "redirect_loop",
    "cancelled",
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

#: ``resolver(host, port)`` returns the IP addresses ``host`` resolves to.
Resolver = Callable[[str, int], Sequence[str]]
#: DNS lookups still running in abandoned threads (past their fetch's deadline) at most;
#: beyond it a fetch that needs a lookup fails at once instead of adding a thread.
MAX_PENDING_LOOKUPS = 64


@dataclasses.dataclass(frozen=True, slots=True)
class FetchLimits:
    """Limits and identity of every fetch. Per-feed overrides: :func:`dataclasses.replace`."""

    max_body_bytes: int = 10 * 1024 * 1024
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    total_timeout_s: float = 60.0
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_networks: bool = False
    allow_file_urls: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class FetchResult:
    """A successful fetch: new content (``ok``) or nothing new (``not_modified``).

    ``body`` is the decoded body for ``ok`` and ``b""`` for ``not_modified``.
    ``headers`` are the final response's headers with lower-case names (repeated headers
    joined by ``", "``). ``etag``/``last_modified`` are the validators to store verbatim
    for the next poll: the server's new ones, else the ones sent. ``body_sha256`` is the
    hex SHA-256 of the body (for ``not_modified`` after a 304, the ``previous_sha256``
    passed in). ``retry_after_s`` and ``max_age_s`` come from ``Retry-After`` and
    ``Cache-Control: max-age`` (else ``Expires`` − ``Date``); the poller never polls
    sooner than they allow. ``final_url`` is the URL after redirects.
    """

    status: FetchStatus
    final_url: str
    body: bytes
    headers: dict[str, str]
    etag: str | None
    last_modified: str | None
    body_sha256: str | None
    retry_after_s: float | None
    max_age_s: float | None
    elapsed_s: float
    status_code: int = 200
    redirects: int = 0
    #: Where the feed has moved for good: the URL reached by 301/308 redirects only,
    #: from the start (``None`` when the first hop was not permanent, or none was made).
    moved_to: str | None = None


def retry_after_of(error: FeedFetchError) -> float | None:
    """The ``Retry-After`` delay (seconds) carried by a ``rate_limited`` error, if any."""
    value = getattr(error, "retry_after_s", None)
    return float(value) if value is not None else None


def _fail(
    url: str, message: str, outcome: str, retry_after_s: float | None = None
) -> FeedFetchError:
    error = FeedFetchError(url, message, outcome)
    # errors.py has no field for it; every FeedFetchError from here carries it.
    error.retry_after_s = retry_after_s
    return error


class _NoCookies(http.cookiejar.CookieJar):
    """A cookie jar that keeps nothing: no feed's cookie reaches another request.

    Feeds are public documents; a cookie one server set (a session, a consent or
    paywall marker) would otherwise go back with every later fetch from that site and
    could change what it serves. httpx has no switch for this (encode/httpx#2992); a jar
    that refuses to store is its suggested way, and skips its cookie parsing too.
    """

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        return None


class _Watch:
    """One fetch under the watchdog: its thread, deadline and the socket it is using."""

    __slots__ = ("deadline", "expired", "sock", "wake")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.sock: socket.socket | None = None
        self.expired: str | None = None  # "timeout" or "cancelled" once cut off
        #: set when the fetch is cut off, and by a DNS lookup thread when it answers
        self.wake = threading.Event()

    def cut(self, why: str) -> None:
        if self.expired is None:
            self.expired = why
        _shut(self.sock)
        self.wake.set()


class _Watchdog:
    """Enforces each fetch's whole deadline from outside the socket read.

    httpx's timeouts apply to each read; a server that drips its headers or body one
    byte at a time never trips them. Every fetch registers its deadline here; a thread
    of its own shuts the fetch's socket down when the deadline passes (or at once on
    :meth:`cancel_all`), which ends the blocked read with an error in the fetching
    thread. The sockets are learnt from the transport (:class:`_WatchedBackend`).
    """

    def __init__(self) -> None:
        self._cv = threading.Condition()
        self._active: dict[int, _Watch] = {}
        self._thread: threading.Thread | None = None
        self._closed = False

    def watch(self, deadline: float) -> _Watch:
        w = _Watch(deadline)
        with self._cv:
            self._active[threading.get_ident()] = w
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(
                    target=self._run, name="fetch-watchdog", daemon=True
                )
                self._thread.start()
            self._cv.notify()
        return w

    def current(self) -> _Watch | None:
        """The calling thread's fetch, if it is watched."""
        return self._active.get(threading.get_ident())

    def done(self, w: _Watch) -> None:
        with self._cv:
            if self._active.get(threading.get_ident()) is w:
                del self._active[threading.get_ident()]

    def using(self, sock: socket.socket | None) -> None:
        """The calling thread's fetch is reading or writing ``sock``."""
        w = self._active.get(threading.get_ident())
        if w is None or sock is None:
            return
        w.sock = sock
        if w.expired is not None:
            _shut(sock)

    def cancel_all(self) -> int:
        """Cut every fetch in flight short (outcome ``cancelled``); returns how many."""
        with self._cv:
            watches = list(self._active.values())
            for w in watches:
                if w.expired is None:
                    w.cut("cancelled")
        return len(watches)

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify()

    def _run(self) -> None:
        with self._cv:
            while not self._closed:
                now = time.monotonic()
                pending = [w for w in self._active.values() if w.expired is None]
                for w in pending:
                    if w.deadline <= now:
                        w.cut("timeout")
                later = [w.deadline for w in pending if w.deadline > now]
                self._cv.wait(min(later) - now if later else None)


def _shut(sock: socket.socket | None) -> None:
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedStream(httpcore.NetworkStream):
    """A network stream that tells the watchdog which socket the calling fetch uses."""

    def __init__(self, inner: httpcore.NetworkStream, watchdog: _Watchdog) -> None:
        self._inner = inner
        self._watchdog = watchdog
        self._sock = inner.get_extra_info("socket")

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._watchdog.using(self._sock)
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._watchdog.using(self._sock)
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        self._watchdog.using(self._sock)
        return _WatchedStream(
            self._inner.start_tls(ssl_context, server_hostname, timeout), self._watchdog
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _WatchedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, with every stream watched."""

    def __init__(self, watchdog: _Watchdog) -> None:
        self._watchdog = watchdog

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, timeout, local_address, socket_options)
        return _WatchedStream(stream, self._watchdog)


class _DrainingTransport(httpx.BaseTransport):
    """httpx's transport, reading bodiless answers (304) before handing them back.

    :meth:`Fetcher.fetch` closes a 304 response without reading it; httpcore would then
    drop the connection instead of keeping it alive, and every conditional GET would pay
    a new TCP connection (2× slower rounds of 304s).
    """

    def __init__(self, watchdog: _Watchdog | None = None) -> None:
        self._inner = httpx.HTTPTransport(retries=0)
        if watchdog is not None:
            pool = getattr(self._inner, "_pool", None)
            if pool is not None and hasattr(pool, "_network_backend"):
                pool._network_backend = _WatchedBackend(watchdog)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        if response.status_code in (204, 304) or response.headers.get("content-length") == "0":
            response.read()
        return response

    def close(self) -> None:
        self._inner.close()


class Fetcher:
    """A reusable, thread-safe fetcher over one ``httpx.Client`` (connection pooling).

    ``transport`` replaces the network (tests pass ``httpx.MockTransport``); ``resolver``
    replaces DNS for the address guard (tests pass a dict lookup). Close it when done,
    or use it as a context manager.
    """

    def __init__(
        self,
        limits: FetchLimits | None = None,
        transport: httpx.BaseTransport | None = None,
        *,
        resolver: Resolver | None = None,
    ) -> None:
        self.limits = limits or FetchLimits()
        self._resolver: Resolver = resolver or _system_resolver
        self._watchdog = _Watchdog()
        self._lookups = threading.BoundedSemaphore(MAX_PENDING_LOOKUPS)
        self._client = httpx.Client(
            transport=transport or _DrainingTransport(self._watchdog),
            follow_redirects=False,
            trust_env=False,  # a proxy from the environment would bypass the address guard
            headers={"Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
            cookies=_NoCookies(),
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._watchdog.close()
        self._client.close()

    def cancel(self) -> int:
        """Cut every fetch in flight short: each raises ``FeedFetchError`` with outcome
        ``cancelled`` within moments, whatever the server does (a shutdown). Returns how
        many were in flight."""
        return self._watchdog.cancel_all()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        previous_sha256: str | None = None,
        limits: FetchLimits | None = None,
    ) -> FetchResult:
        """Fetch ``url`` once, conditionally, under ``limits`` (default: the fetcher's).

        ``etag`` and ``last_modified`` are the validators stored from the last fetch,
        sent back unchanged; ``previous_sha256`` is the body hash stored then.

        Raises:
            FeedFetchError: with ``outcome`` ``network``, ``timeout``, ``http_4xx``,
                ``http_5xx``, ``gone`` (404/410), ``auth`` (401/403), ``rate_limited``
                (429/503; ``retry_after_s`` set when the server said), ``too_large``,
                ``blocked`` (scheme or address refused) or ``redirect_loop``.
        """
        lim = limits or self.limits
        started = time.monotonic()
        deadline = started + lim.total_timeout_s
        if urlsplit(url.strip()).scheme.lower() == "file":
            if not lim.allow_file_urls:
                raise _fail(url, "refused: file URLs are not allowed here", "blocked")
            return _fetch_file(url.strip(), lim, previous_sha256, started)
        watch = self._watchdog.watch(deadline)
        try:
            return self._fetch_http(
                url.strip(), lim, etag, last_modified, previous_sha256, started, deadline
            )
        except Exception as exc:
            if isinstance(exc, FeedFetchError) and exc.outcome in ("timeout", "cancelled"):
                raise
            if watch.expired == "cancelled":
                raise _fail(url, "cancelled: the fetcher is shutting down", "cancelled") from exc
            if watch.expired == "timeout":
                raise _fail(
                    url,
                    f"no complete response within the {lim.total_timeout_s:g} s deadline "
                    "(connect, headers and body)",
                    "timeout",
                ) from exc
            translated = self._translated(url, lim, exc)
            if translated is exc:
                raise
            raise translated from exc
        finally:
            self._watchdog.done(watch)

    @staticmethod
    def _translated(url: str, lim: FetchLimits, exc: Exception) -> Exception:
        """``exc`` as a ``FeedFetchError`` when it is one of httpx's (or a socket's)."""
        try:
            raise exc
        except FeedFetchError:
            return exc
        except httpx.TimeoutException as e:
            return _fail(url, _timeout_message(e, lim), "timeout")
        except httpx.ConnectError as e:
            return _fail(url, f"could not connect: {_reason(e)}", "network")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
            return _fail(url, f"invalid URL: {_reason(e)}", "network")
        except (httpx.HTTPError, httpx.StreamError) as e:
            return _fail(url, f"network error: {_reason(e)}", "network")
        except OSError as e:  # DNS failures from the resolver, sockets outside httpx
            return _fail(url, f"network error: {_reason(e)}", "network")
        except UnicodeError as e:  # a host name IDNA cannot encode
            return _fail(url, f"invalid host name: {e}", "network")
        except Exception as e:  # not a fetch failure: a bug, raised as it is
            return e

    # ------------------------------------------------------------------ HTTP

    def _fetch_http(
        self,
        url: str,
        lim: FetchLimits,
        etag: str | None,
        last_modified: str | None,
        previous_sha256: str | None,
        started: float,
        deadline: float,
    ) -> FetchResult:
        current = url
        visited = [current]
        redirects = 0
        moved_to: str | None = None
        permanent = True
        while True:
            request = self._build_request(current, lim, etag, last_modified, deadline)
            response = self._client.send(request, stream=True)
            try:
                code = response.status_code
                if code in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise _fail(
                            current,
                            f"HTTP {code} {_phrase(code)} without a Location header",
                            "network",
                        )
                    target = urljoin(current, location.strip())
                    if target in visited:
                        chain = " → ".join([*visited[visited.index(target) :], target])
                        raise _fail(url, f"redirect loop: {chain}", "redirect_loop")
                    redirects += 1
                    if redirects > lim.max_redirects:
                        raise _fail(
                            url,
                            f"more than {lim.max_redirects} redirects (last to {target})",
                            "redirect_loop",
                        )
                    visited.append(target)
                    current = target
                    permanent = permanent and code in (301, 308)
                    moved_to = target if permanent else moved_to
                    continue
                headers = _lower_headers(response)
                retry_after = _retry_after(headers)
                if code == 304:
                    return FetchResult(
                        status="not_modified",
                        final_url=current,
                        body=b"",
                        headers=headers,
                        etag=headers.get("etag") or etag,
                        last_modified=headers.get("last-modified") or last_modified,
                        body_sha256=previous_sha256,
                        retry_after_s=retry_after,
                        max_age_s=_max_age(headers),
                        elapsed_s=time.monotonic() - started,
                        status_code=304,
                        redirects=redirects,
                        moved_to=moved_to,
                    )
                if not 200 <= code < 300:
                    raise _status_error(current, code, retry_after)
                body = _read_body(response, current, lim, deadline)
            finally:
                response.close()
            digest = hashlib.sha256(body).hexdigest()
            unchanged = previous_sha256 is not None and digest == previous_sha256
            return FetchResult(
                status="not_modified" if unchanged else "ok",
                final_url=current,
                body=b"" if unchanged else body,
                headers=headers,
                etag=headers.get("etag"),
                last_modified=headers.get("last-modified"),
                body_sha256=digest,
                retry_after_s=retry_after,
                max_age_s=_max_age(headers),
                elapsed_s=time.monotonic() - started,
                status_code=code,
                redirects=redirects,
                moved_to=moved_to,
            )

    def _build_request(
        self,
        url: str,
        lim: FetchLimits,
        etag: str | None,
        last_modified: str | None,
        deadline: float,
    ) -> httpx.Request:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise _fail(
                url,
                f"refused: only http and https URLs are fetched, not {scheme or 'no scheme'}",
                "blocked",
            )
        target = httpx.URL(url)
        host = target.raw_host.decode("ascii")
        if not host:
            raise _fail(url, "invalid URL: no host", "network")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _fail(
                url,
                f"no complete response within the {lim.total_timeout_s:g} s deadline",
                "timeout",
            )
        headers = {"User-Agent": lim.user_agent}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        extensions: dict[str, object] = {}
        port = target.port or (443 if scheme == "https" else 80)
        address = self._check_host(url, host, port, lim)
        if address != host.strip("[]"):  # a name: connect to the address found (pinned)
            headers["Host"] = target.netloc.decode("ascii")
            extensions["sni_hostname"] = host.strip("[]")
            if scheme == "https":
                # The pool is keyed by IP: a kept-alive TLS connection made for one host
                # name must not carry the next request for another name on that IP.
                headers["Connection"] = "close"
            target = target.copy_with(host=address)
        timeout = httpx.Timeout(
            connect=min(lim.connect_timeout_s, remaining),
            read=min(lim.read_timeout_s, remaining),
            write=min(lim.read_timeout_s, remaining),
            pool=min(lim.connect_timeout_s, remaining),
        )
        return self._client.build_request(
            "GET", target, headers=headers, timeout=timeout, extensions=extensions
        )

    def _check_host(self, url: str, host: str, port: int, lim: FetchLimits) -> str:
        """The first address of ``host``, after refusing it if any address is not public
        (unless ``allow_private_networks``). A literal IP is returned as written."""
        literal = host.strip("[]")
        try:
            addresses = [str(ipaddress.ip_address(literal))]
            if lim.allow_private_networks:
                return literal
        except ValueError:
            try:
                addresses = self._resolve(url, literal, port, lim)
            except OSError as exc:
                raise _fail(
                    url, f"DNS lookup of {literal} failed: {_reason(exc)}", "network"
                ) from exc
        if not addresses:
            raise _fail(url, f"DNS lookup of {literal} returned no address", "network")
        if lim.allow_private_networks:
            return addresses[0]
        for address in addresses:
            why = address_refusal(address)
            if why is not None:
                what = (
                    f"{literal} is" if address == literal else f"{literal} resolves to {address},"
                )
                raise _fail(
                    url,
                    f"refused: {what} {why} (set allow_private_networks to allow it)",
                    "blocked",
                )
        return addresses[0]

    def _resolve(self, url: str, name: str, port: int, lim: FetchLimits) -> list[str]:
        """``self._resolver(name, port)`` in a daemon thread, waited for no longer than the
        fetch's deadline or a :meth:`cancel`."""
        watch = self._watchdog.current()
        if watch is None:  # not under fetch(): nothing to bound it by
            return list(self._resolver(name, port))
        if not self._lookups.acquire(blocking=False):
            raise _fail(
                url,
                f"DNS lookup of {name} not started: {MAX_PENDING_LOOKUPS} earlier lookups "
                "have not answered (the resolver is stuck)",
                "network",
            )
        answer: list[Sequence[str] | BaseException] = []

        def lookup() -> None:
            try:
                answer.append(self._resolver(name, port))
            except BaseException as exc:  # handed to the fetching thread
                answer.append(exc)
            finally:
                self._lookups.release()
                watch.wake.set()

        watch.wake.clear()
        if watch.expired is not None:
            self._lookups.release()
            raise _cut_off(url, lim, watch, name)
        threading.Thread(target=lookup, name=f"dns {name}", daemon=True).start()
        watch.wake.wait()
        if not answer:
            raise _cut_off(url, lim, watch, name)
        if isinstance(answer[0], BaseException):
            raise answer[0]
        return list(answer[0])


def _cut_off(url: str, lim: FetchLimits, watch: _Watch, name: str) -> FeedFetchError:
    if watch.expired == "cancelled":
        return _fail(url, "cancelled: the fetcher is shutting down", "cancelled")
    return _fail(
        url,
        f"DNS lookup of {name} did not answer within the {lim.total_timeout_s:g} s deadline",
        "timeout",
    )


# ---------------------------------------------------------------------- address guard


def address_refusal(address: str) -> str | None:
    """Why the address guard refuses ``address``, or ``None`` if it is a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            inner = address_refusal(str(embedded))
            if inner is not None:
                return inner
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "not a public address"
    return None


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in seen:
            seen.append(address)
    return seen


# ---------------------------------------------------------------------- body


class _Decoder:
    """Content-Encoding decoder that never produces more than it is asked for."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._started = False
        self._zlib: zlib._Decompress | None = None
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)

    def decode(self, data: bytes, max_out: int) -> bytes:
        """Decode ``data``, returning at most ``max_out + 1`` bytes (enough to see overflow)."""
        if self._zlib is None:
            return data
        out = bytearray()
        while data and len(out) <= max_out:
            try:
                out += self._zlib.decompress(data, max_out + 1 - len(out))
            except zlib.error:
                if self.encoding == "deflate" and not self._started:
                    # Some servers send raw deflate without the zlib header.
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._started = True
                    continue
                raise
            self._started = True
            if self._zlib.eof:
                data = self._zlib.unused_data
                if self.encoding == "deflate" or not data.strip(b"\x00"):
                    break
                self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)  # next gzip member
            else:
                data = self._zlib.unconsumed_tail
        return bytes(out)

    def finish(self, max_out: int) -> bytes:
        if self._zlib is None or self._zlib.eof:
            return b""
        return self._zlib.flush(max_out + 1) if max_out >= 0 else b""


def _read_body(response: httpx.Response, url: str, lim: FetchLimits, deadline: float) -> bytes:
    cap = lim.max_body_bytes
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
        raise _fail(url, f"unsupported Content-Encoding {encoding!r}", "network")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        raise _fail(
            url,
            f"body of {int(length):,} bytes exceeds the limit of {cap:,} bytes",
            "too_large",
        )
    if response.is_stream_consumed:
        # A response built in memory (httpx.Response(content=...), as mock transports
        # return) was read and decoded by httpx already; only the cap is left to apply.
        encoding = "identity"
        chunks: Iterator[bytes] = iter((response.content,))
    else:
        chunks = response.iter_raw()
    decoder = _Decoder(encoding)
    body = bytearray()
    try:
        for chunk in chunks:
            body += decoder.decode(chunk, cap - len(body))
            if len(body) > cap:
                raise _fail(url, _too_large(cap, encoding), "too_large")
            if time.monotonic() > deadline:
                raise _fail(
                    url,
                    f"body not complete within the {lim.total_timeout_s:g} s deadline "
                    f"({len(body):,} bytes so far)",
                    "timeout",
                )
        body += decoder.finish(cap - len(body))
    except zlib.error as exc:
        raise _fail(url, f"the {encoding} body is corrupt: {exc}", "network") from exc
    if len(body) > cap:
        raise _fail(url, _too_large(cap, encoding), "too_large")
    return bytes(body)


def _too_large(cap: int, encoding: str) -> str:
    after = " after decompression" if encoding not in ("", "identity") else ""
    return f"body exceeds the limit of {cap:,} bytes{after}"


def _fetch_file(
    url: str, lim: FetchLimits, previous_sha256: str | None, started: float
) -> FetchResult:
    parts = urlsplit(url)
    raw_path = unquote(parts.path) if parts.netloc in ("", "localhost") else None
    if raw_path is None:
        raise _fail(url, f"refused: file URL on another host ({parts.netloc})", "blocked")
    path = Path(url2pathname(raw_path)) if parts.path.startswith("/") else Path(raw_path)
    try:
        with path.open("rb") as handle:
            body = handle.read(lim.max_body_bytes + 1)
    except FileNotFoundError as exc:
        raise _fail(url, f"no such file: {path}", "gone") from exc
    except IsADirectoryError as exc:
        raise _fail(url, f"not a file: {path}", "gone") from exc
    except PermissionError as exc:
        raise _fail(url, f"permission denied: {path}", "auth") from exc
    except OSError as exc:
        raise _fail(url, f"cannot read {path}: {_reason(exc)}", "network") from exc
    if len(body) > lim.max_body_bytes:
        raise _fail(url, f"file exceeds the limit of {lim.max_body_bytes:,} bytes", "too_large")
    digest = hashlib.sha256(body).hexdigest()
    unchanged = previous_sha256 is not None and digest == previous_sha256
    return FetchResult(
        status="not_modified" if unchanged else "ok",
        final_url=url,
        body=b"" if unchanged else body,
        headers={},
        etag=None,
        last_modified=None,
        body_sha256=digest,
        retry_after_s=None,
        max_age_s=None,
        elapsed_s=time.monotonic() - started,
        status_code=0,
    )


# ---------------------------------------------------------------------- headers, statuses


def _lower_headers(response: httpx.Response) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in response.headers.multi_items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _phrase(code: int) -> str:
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return ""


def _status_error(url: str, code: int, retry_after: float | None) -> FeedFetchError:
    status = f"HTTP {code} {_phrase(code)}".rstrip()
    if code in (429, 503):
        if retry_after is not None:
            return _fail(
                url, f"{status}, retry after {retry_after:g} s", "rate_limited", retry_after
            )
        return _fail(url, status, "rate_limited")
    if code in (404, 410):
        return _fail(url, status, "gone")
    if code in (401, 403):
        return _fail(url, status, "auth")
    if 400 <= code < 500:
        return _fail(url, status, "http_4xx")
    if code >= 500:
        return _fail(url, status, "http_5xx")
    return _fail(url, f"{status}: unexpected status for a feed", "network")


def parse_retry_after(value: str, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delta-seconds or an HTTP-date.

    A date is measured from ``now`` (the response's ``Date``, else the clock); a date in
    the past gives 0. Unreadable values give ``None``.
    """
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    base = now or datetime.now(UTC)
    return max(0.0, (when - base).total_seconds())


def _retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    return parse_retry_after(value, now=_http_date(headers.get("date")))


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _max_age(headers: dict[str, str]) -> float | None:
    for directive in headers.get("cache-control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.strip().lower() == "max-age":
            try:
                return max(0.0, float(int(value.strip().strip('"'))))
            except ValueError:
                return None
    expires = _http_date(headers.get("expires"))
    date = _http_date(headers.get("date"))
    if expires is not None and date is not None:
        return max(0.0, (expires - date).total_seconds())
    return None


def _timeout_message(exc: httpx.TimeoutException, lim: FetchLimits) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting (limit {lim.connect_timeout_s:g} s)"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out waiting for data (read limit {lim.read_timeout_s:g} s)"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    return f"timed out: {_reason(exc)}"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__
