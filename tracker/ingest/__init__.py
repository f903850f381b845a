"""Feed ingestion: feed list, safe fetching, parsing and item identity.

Owns turning configured feeds into parsed, identified items. Must not import
SQLAlchemy, ``tracker.db``, the store's internals, projections or the CLI: the poller
(``tracker.ingest.poller``) is the only module here that talks to the store, through its
public API.

Modules:
    feedlist   ``feeds/feeds.toml`` and OPML: ``FeedConfig``, ``FeedList``, ``import_opml``
    fetch      ``Fetcher.fetch`` -> ``FetchResult`` | ``FeedFetchError`` (httpx seam)
    parse      ``parse_feed`` -> ``ParsedFeed`` | ``FeedParseError`` (entity guard first)
    identity   canonical URLs, item keys, content hashes, event ids, MinHash/LSH (pure)
    article    optional full-article text of an item's page (trafilatura)

Nothing is imported here, so importing one module does not pull in httpx or feedparser.
"""
