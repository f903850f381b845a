"""Full-article text: fetch an item's linked page and extract its main text.

Owns the optional per-feed ``full_article`` step (many news feeds carry only a
summary). Must not store anything or decide when to run: the poller calls
:func:`fetch_article` for feeds with ``full_article = true``, under the same limits and
address guard as the feed itself (one :class:`~tracker.ingest.fetch.Fetcher`).
Extraction uses trafilatura, imported on first use because it is slow to import.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from urllib.parse import urlsplit

from tracker.errors import FeedFetchError
from tracker.ingest.fetch import Fetcher, FetchLimits

log = logging.getLogger(__name__)

#: Extracted text shorter than this is treated as "nothing found" (menus, cookie banners).
MIN_ARTICLE_CHARS = 200

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def fetch_article(
    url: str,
    *,
    fetcher: Fetcher,
    limits: FetchLimits | None = None,
    min_chars: int = MIN_ARTICLE_CHARS,
) -> str | None:
    """Main text of the page at ``url``, or ``None`` if it has none worth keeping.

    ``None`` also when the page is not HTML (a PDF, an image) or the text is shorter
    than ``min_chars``. Only http(s) URLs are fetched (``blocked`` otherwise).

    Raises:
        FeedFetchError: the page could not be fetched (same outcomes as
            :meth:`Fetcher.fetch`).
    """
    # Only over http(s), through the address guard: an item's link is the publisher's
    # word, and a file: link must never read the local disk (the feed itself may be a
    # bundled sample file; its articles may not).
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme not in ("http", "https"):
        raise FeedFetchError(
            url,
            f"refused: full articles are fetched over http(s) only, not {scheme or 'no scheme'}",
            "blocked",
        )
    result = fetcher.fetch(
        url, limits=dataclasses.replace(limits or fetcher.limits, allow_file_urls=False)
    )
    if result.status != "ok":
        return None
    content_type = result.headers.get("content-type", "text/html").split(";")[0].strip().lower()
    if content_type and content_type not in _HTML_TYPES:
        log.debug("not extracting %s: content type %s", url, content_type)
        return None
    return extract_article_text(
        result.body, url=result.final_url, headers=result.headers, min_chars=min_chars
    )


def extract_article_text(
    html: bytes | str,
    *,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    min_chars: int = MIN_ARTICLE_CHARS,
) -> str | None:
    """Main text of an HTML page (trafilatura, precision-first, no comments or tables).

    Bytes are decoded with the charset of ``headers['content-type']`` if given, else
    left to trafilatura's detection. Returns ``None`` when less than ``min_chars``
    characters of text are found.
    """
    import trafilatura  # slow import (lxml, justext, htmldate): only when used

    document: bytes | str = html
    if isinstance(html, bytes) and headers:
        charset = _charset(headers.get("content-type", ""))
        if charset:
            try:
                document = html.decode(charset)
            except (LookupError, UnicodeDecodeError):
                document = html
    try:
        text = trafilatura.extract(
            document,
            url=url,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception as exc:  # a third-party parser on hostile input: never crash the poll
        raise FeedFetchError(
            url or "", f"could not extract the article text: {exc!r}", "network"
        ) from exc
    if not text or len(text.strip()) < min_chars:
        return None
    return str(text).strip()


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None
