"""Full-article text: a linked page fetched under the feed's limits, main text extracted."""

from __future__ import annotations

import pytest

from tests.ingest.ingest_support import FeedServer
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


@pytest.mark.parametrize(
    "link",
    ["file://localhost{path}", "file:{path}", "file://{path}", " FILE://localhost{path}"],
)
def test_a_file_link_is_never_read_from_the_local_disk(
    fetcher: Fetcher, tmp_path: object, link: str
) -> None:
    from pathlib import Path

    secret = Path(str(tmp_path)) / "secret.html"
    secret.write_text(
        "<html><body><article>"
        + "<p>private text on the disk</p>" * 50
        + "</article></body></html>"
    )
    with pytest.raises(FeedFetchError) as info:
        fetch_article(link.format(path=secret), fetcher=fetcher)
    assert info.value.outcome == "blocked"


def test_a_poll_with_full_articles_stores_no_local_file(tmp_path: object) -> None:
    from datetime import UTC, datetime
    from pathlib import Path

    from tracker.ingest import poller
    from tracker.ingest.feedlist import FeedConfig

    base = Path(str(tmp_path))
    secret = base / "secret.html"
    secret.write_text(
        "<html><body><article>"
        + "<p>private text on the disk</p>" * 50
        + "</article></body></html>"
    )
    feed_file = base / "f.xml"
    feed_file.write_text(
        '<rss version="2.0"><channel><title>c</title><item><guid>1</guid><title>t</title>'
        f"<link>file://localhost{secret}</link><description>d</description></item></channel></rss>"
    )
    feed = FeedConfig(name="f", url=feed_file.as_uri(), interval_s=900, full_article=True)

    class NoIndex:
        def known_items(self, feed: str, identities: object) -> dict[str, object]:
            return {}

        def exact_duplicates(self, a: object, b: object) -> tuple[dict[str, str], dict[str, str]]:
            return {}, {}

    with Fetcher() as fetcher:
        fetched = poller.fetch_feed(
            feed, poller.never_polled_state(feed), fetcher=fetcher, lookup=NoIndex(),
            now=datetime(2026, 1, 1, tzinfo=UTC),
        )  # fmt: skip
    [candidate] = fetched.candidates
    assert candidate.article is None
