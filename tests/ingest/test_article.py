"""Full-article text: a linked page fetched under the feed's limits, main text extracted."""

from __future__ import annotations

import pytest
from ingest_support import FeedServer

from tracker.errors import FeedFetchError
from tracker.ingest.article import extract_article_text, fetch_article
from tracker.ingest.fetch import Fetcher, FetchLimits


def test_the_main_text_of_a_page_is_extracted(fetcher: Fetcher, feed_server: FeedServer) -> None:
    text = fetch_article(feed_server.url("/article.html"), fetcher=fetcher)
    assert text is not None
    assert text.count("came under strain within minutes") == 5
    assert "Home" not in text and "Copyright" not in text


def test_a_page_that_is_not_html_gives_none(fetcher: Fetcher, feed_server: FeedServer) -> None:
    assert fetch_article(feed_server.url("/article.pdf"), fetcher=fetcher) is None


def test_fetch_failures_are_feed_fetch_errors(fetcher: Fetcher, feed_server: FeedServer) -> None:
    with pytest.raises(FeedFetchError) as info:
        fetch_article(feed_server.url("/404"), fetcher=fetcher)
    assert info.value.outcome == "gone"
    with pytest.raises(FeedFetchError) as info:
        fetch_article(
            feed_server.url("/article.html"),
            fetcher=fetcher,
            limits=FetchLimits(max_body_bytes=100, allow_private_networks=True),
        )
    assert info.value.outcome == "too_large"


def test_a_page_with_too_little_text_gives_none() -> None:
    assert extract_article_text(b"<html><body><p>Menu</p></body></html>") is None
