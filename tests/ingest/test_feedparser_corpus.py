"""feedparser's own test corpus through tracker's parse step (FEEDS.md §4).

The corpus (2,248 hand-written feeds: encodings, entities, ill-formed XML) ships in the
feedparser sdist. It is fetched once with ``pip download`` into ``$TRACKER_TEST_CACHE``
(default ``.cache/`` in the repository, which ignores itself) and reused. Without
network the test skips, unless ``CI=true``, where it fails.
"""

from __future__ import annotations

import collections
import copy
import io
import os
import re
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import feedparser
import feedparser.mixin
import feedparser.util
import pytest

from tracker.errors import FeedParseError
from tracker.ingest.feedparser_speedups import original_feedparser
from tracker.ingest.parse import guard_prolog, parse_feed

FP_VERSION = "6.0.14"
FOLDERS = ("encoding", "entities", "illformed", "wellformed", "http", "compression")
REPO = Path(__file__).resolve().parents[2]
HEADER = re.compile(rb"^Header:\s+([^:]+):(.*)$", re.M)


def _cache_root() -> Path:
    configured = os.environ.get("TRACKER_TEST_CACHE")
    if configured:
        return Path(configured)
    root = REPO / ".cache"
    root.mkdir(exist_ok=True)
    ignore = root / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# test downloads; never committed\n*\n", encoding="utf-8")
    return root


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"feedparser corpus unavailable under CI: {reason}")
    pytest.skip(f"feedparser corpus unavailable (needs the package registry): {reason}")


def corpus() -> Path:
    target = _cache_root() / f"feedparser-corpus-{FP_VERSION}"
    done = target / ".complete"
    if done.exists():
        return target
    download = target / ".dl"
    download.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--no-binary",
        ":all:",
        f"feedparser=={FP_VERSION}",
        "-d",
        str(download),
    ]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        _unavailable(f"{exc} {detail.decode(errors='replace')[-300:]}".strip())
    [sdist] = download.glob(f"feedparser-{FP_VERSION}.tar.gz")
    prefix = f"feedparser-{FP_VERSION}/tests/"
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith(prefix):
                continue
            relative = member.name[len(prefix) :]
            if relative.split("/", 1)[0] not in FOLDERS:
                continue
            member.name = relative
            archive.extract(member, target, filter="data")
    sdist.unlink()
    done.write_text(FP_VERSION, encoding="utf-8")
    return target


@pytest.mark.slow
def test_every_corpus_file_parses_or_is_a_feed_parse_error() -> None:
    root = corpus()
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert len(files) == 2248
    counts: collections.Counter[str] = collections.Counter()
    errors: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        headers = {k.decode().strip().lower(): v.decode().strip() for k, v in HEADER.findall(data)}
        if headers:
            headers.setdefault("content-type", "text/xml")
        url = f"http://127.0.0.1/{path.relative_to(root).as_posix()}"
        if guard_prolog(data)[1] is not None:
            counts["guard_changed"] += 1
        try:
            feed = parse_feed(data, url=url, headers=headers or None)
        except FeedParseError as exc:
            counts["parse_error"] += 1
            errors[exc.message.split(":")[0]] += 1
            continue
        counts["ok"] += 1
        counts["warning"] += feed.warning is not None
        counts["items"] += len(feed.items)
    elapsed = time.perf_counter() - started
    print(
        f"\nfeedparser corpus: {len(files)} files in {elapsed:.2f} s: {dict(counts)}; errors {dict(errors)}"
    )
    assert counts["ok"] + counts["parse_error"] == 2248
    assert counts["guard_changed"] <= 5  # the guard leaves real feeds alone
    assert elapsed < 60


def _comparable(value: object) -> object:
    """feedparser's result as plain data (exceptions by type and message)."""
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in dict.items(value)}
    if isinstance(value, list | tuple):
        return [_comparable(v) for v in value]
    if isinstance(value, BaseException):
        return (type(value).__name__, str(value))
    return value


def _feedparser_result(data: bytes, headers: dict[str, str], url: str) -> object:
    response_headers = {"content-type": "application/xml", **headers, "content-location": url}
    result = feedparser.parse(
        io.BytesIO(guard_prolog(data)[0]),
        response_headers=response_headers,
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    return _comparable(
        {k: result.get(k) for k in ("feed", "entries", "bozo", "bozo_exception", "version")}
    )


@pytest.mark.slow
def test_the_feedparser_speedups_change_no_result_on_the_corpus() -> None:
    root = corpus()
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    differ = []
    for path in files:
        data = path.read_bytes()
        headers = {k.decode().strip().lower(): v.decode().strip() for k, v in HEADER.findall(data)}
        url = f"http://127.0.0.1/{path.relative_to(root).as_posix()}"
        fast = _feedparser_result(data, headers, url)
        with original_feedparser():
            shipped = _feedparser_result(data, headers, url)
        if fast != shipped:
            differ.append(path.relative_to(root).as_posix())
    assert differ == []
    # and the speed-ups are in place outside the block
    assert feedparser.util.FeedParserDict.__getitem__.__name__ == "__getitem__"
    assert feedparser.mixin.copy is not copy
