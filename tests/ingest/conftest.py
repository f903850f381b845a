"""Fixtures of the ingest tests: ``feed_server`` (loopback HTTP) and ``fetcher``.

Both are defined in ``ingest_support.py`` beside this file.
"""

from __future__ import annotations

from tests.ingest.ingest_support import feed_server, fetcher

__all__ = ["feed_server", "fetcher"]
