"""One bad item never stops a poll: impossible dates and oversized items are quarantined
with their reason, the rest of the feed and every other feed are ingested; a feed that
outruns its window is polled again soon and the gap is recorded. SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker.app import App
from tracker.app import poll as jobs
from tracker.config import Settings
from tracker.ingest import poller
from tracker.ingest.feedlist import FeedConfig, FeedList
from tracker.ingest.fetch import Fetcher
from tracker.store import feed_state as fs
from tracker.store import quarantine

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

HOSTILE_DATES = [
    "9999-12-31T23:00:00-01:00",
    "0001-01-01T00:00:00+01:00",
    "Fri, 31 Dec 9999 23:59:59 -1400",
    "Fri, 31 Dec 9999 23:59:59 EST",
    "Fri, 31 Dec 9999 23:59:59 +0000",
    "Mon, 01 Jan 0000 00:00:00 +0000",
    "2020-02-30T00:00:00Z",
    "Sat, 01 Jan 1000 00:00:00 +0000",
]


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS body of (guid, title, pubDate) items."""
    body = "".join(
        f'<item><guid isPermaLink="false">{g}</guid><title>{t}</title><link>https://example.org/{g}</link>'
        f"<description>Text of {g}.</description><pubDate>{d}</pubDate></item>"
        for g, t, d in items
    )
    return f'<rss version="2.0"><channel><title>c</title>{body}</channel></rss>'.encode()


class Clock:
    def __init__(self, at: datetime = NOW) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    the_app = App(Settings(database_url=db_url, feeds_file=str(tmp_path / "feeds.toml")))
    yield the_app
    the_app.close()


def feeds(tmp_path: Path, bodies: dict[str, bytes], interval_s: float = 900) -> FeedList:
    lst = FeedList(tmp_path / "feeds.toml", [])
    for name, body in bodies.items():
        path = tmp_path / f"{name}.xml"
        path.write_bytes(body)
        lst.add(FeedConfig(name=name, url=path.as_uri(), interval_s=interval_s))
    lst.save()
    return lst


def poll(app: App, lst: FeedList, clock: Clock, **kw: Any) -> jobs.PollSummary:
    with Fetcher() as fetcher:
        return jobs.poll_due_feeds(
            app, feeds=lst, fetcher=fetcher, now=clock, rng=random.Random(0), workers=2, **kw
        )


def titles(app: App) -> set[str]:
    return {e.data["title"] for e in app.store.read_all(types=["ItemIngested"])}


def health(app: App) -> dict[str, fs.FeedHealth]:
    return {h.feed: h for h in fs.list_health(app.engine)}


def test_hostile_dates_are_quarantined_and_every_other_item_and_feed_is_ingested(
    app: App, tmp_path: Path
) -> None:
    good = ("good-1", "Shelling reported", "Mon, 26 Oct 2020 07:30:00 +0000")
    bad = [(f"bad-{i}", f"bad {i}", d) for i, d in enumerate(HOSTILE_DATES)]
    lst = feeds(
        tmp_path,
        {"hostile": rss([*bad, good]), "healthy": rss([("h-1", "Truce holds", good[2])])},
    )
    summary = poll(app, lst, Clock())  # raises nothing
    assert summary.polled == 2 and summary.failed == 0
    assert titles(app) == {"Shelling reported", "Truce holds"}
    rows = quarantine.list_rows(app.engine)
    assert sorted(r.item for r in rows) == sorted(f"guid:bad-{i}" for i in range(len(bad)))
    assert all(r.stage == "ingest" and r.feed == "hostile" and r.error for r in rows)
    by_item = {r.item: r.error for r in rows}
    assert "does not exist" in by_item["guid:bad-5"]  # year 0000, not 2000
    assert "does not have it" in by_item["guid:bad-6"]  # 30 February, not 1 March
    assert "more than a year after now" in by_item["guid:bad-4"]
    assert "before 1900" in by_item["guid:bad-7"]
    row = health(app)["hostile"]
    assert row.status == "ok" and row.quarantined == len(bad)
    assert "quarantined" in (row.last_warning or "")


def test_a_quarantined_item_seen_again_is_counted_once_and_can_be_resolved(
    app: App, tmp_path: Path
) -> None:
    lst = feeds(tmp_path, {"f": rss([("x", "t", "2020-02-30T00:00:00Z")])}, interval_s=60)
    clock = Clock()
    poll(app, lst, clock)
    clock.at += timedelta(minutes=2)  # the body changed: the bad item is read again
    (tmp_path / "f.xml").write_bytes(
        rss([("y", "u", "2020-10-26T00:00:00Z"), ("x", "t", "2020-02-30T00:00:00Z")])
    )
    poll(app, lst, clock)
    [row] = quarantine.list_rows(app.engine)
    assert row.occurrences == 2
    quarantine.resolve(app.engine, row.id, how="publisher asked to fix the date", now=clock.at)
    assert quarantine.list_rows(app.engine) == []
    assert health(app)["f"].quarantined == 0


def test_an_oversized_title_is_quarantined_not_stored(app: App, tmp_path: Path) -> None:
    huge = "A" * (poller.MAX_TITLE_CHARS + 1)
    lst = feeds(
        tmp_path,
        {
            "f": rss(
                [
                    ("big", huge, "Mon, 26 Oct 2020 07:30:00 +0000"),
                    ("ok", "fine", "Mon, 26 Oct 2020 08:00:00 +0000"),
                ]
            )
        },
    )
    poll(app, lst, Clock())
    assert titles(app) == {"fine"}
    [row] = quarantine.list_rows(app.engine)
    assert row.item == "guid:big" and "title of" in row.error


def test_a_huge_feed_is_taken_a_slice_per_poll(app: App, tmp_path: Path) -> None:
    n = poller.MAX_ITEMS_PER_POLL * 2 + 7
    base = datetime(2026, 11, 1, tzinfo=UTC)
    items = [
        (
            f"i{k}",
            f"item {k}",
            (base + timedelta(minutes=k)).strftime("%a, %d %b %Y %H:%M:%S +0000"),
        )
        for k in range(n)
    ]
    lst = feeds(tmp_path, {"f": rss(items)}, interval_s=60)
    clock = Clock()
    first = poll(app, lst, clock)
    assert first.new == poller.MAX_ITEMS_PER_POLL
    assert "left for the next poll" in (health(app)["f"].last_warning or "")
    for _ in range(2):
        clock.at += timedelta(minutes=2)
        poll(app, lst, clock)
    assert len(titles(app)) == n


def _window(start: int, size: int = 15) -> list[tuple[str, str, str]]:
    """Items start..start+size-1, dated an hour apart (newest first), as a news feed."""
    base = datetime(2026, 11, 30, tzinfo=UTC)
    return [
        (f"n{k}", f"story {k}", (base + timedelta(hours=k)).strftime("%a, %d %b %Y %H:%M:%S +0000"))
        for k in range(start + size - 1, start - 1, -1)
    ]


def test_a_feed_that_outruns_its_window_keeps_a_short_interval_and_records_the_gap(
    app: App, tmp_path: Path
) -> None:
    lst = feeds(tmp_path, {"fast": rss(_window(0))}, interval_s=60)
    path = tmp_path / "fast.xml"
    clock = Clock()
    poll(app, lst, clock)
    # A minute later 14 of the 15 items are new: the dates say "hourly", the arrivals
    # say "14 a minute". The interval must follow the arrivals.
    clock.at += timedelta(seconds=60)
    path.write_bytes(rss(_window(14)))
    poll(app, lst, clock)
    row = health(app)["fast"]
    assert row.interval_s <= 60 and row.gaps == 0
    # Then the whole window is new: items fell out unseen. Recorded, and polled soon.
    clock.at += timedelta(seconds=60)
    path.write_bytes(rss(_window(40)))
    poll(app, lst, clock)
    row = health(app)["fast"]
    assert row.gaps == 1 and "likely gap" in (row.last_warning or "")
    assert row.interval_s == 60
    [state] = fs.list_states(app.engine, ["fast"])
    assert state.last_gap_at == clock.at
    assert (state.next_poll_at - clock.at).total_seconds() <= 90


def test_the_operator_lists_retries_and_resolves_the_quarantine(
    app: App, tmp_path: Path, db_url: str
) -> None:
    from click.testing import CliRunner

    from tracker.cli import cli

    lst = feeds(tmp_path, {"f": rss([("x", "t", "2020-02-30T00:00:00Z")])})
    poll(app, lst, Clock())
    runner = CliRunner()
    listed = runner.invoke(cli, ["--database", db_url, "quarantine", "list"])
    assert listed.exit_code == 0 and "feed f, item guid:x" in listed.output
    [row] = quarantine.list_rows(app.engine)
    retried = runner.invoke(cli, ["--database", db_url, "quarantine", "retry", str(row.id)])
    assert retried.exit_code == 0 and "due now" in retried.output
    [state] = fs.list_states(app.engine, ["f"])
    assert state.body_sha256 is None
    done = runner.invoke(
        cli, ["--database", db_url, "quarantine", "resolve", str(row.id), "--how", "ignored"]
    )
    assert done.exit_code == 0
    assert "empty" in runner.invoke(cli, ["--database", db_url, "quarantine", "list"]).output


def test_a_crashed_ingesters_leases_are_taken_over_at_once_by_the_sole_ingester(
    app: App, tmp_path: Path
) -> None:
    lst = feeds(
        tmp_path, {f"f{i}": rss([(f"g{i}", f"t{i}", "2020-10-26T00:00:00Z")]) for i in range(5)}
    )
    fs.sync_feeds(app.engine, lst.feeds, now=NOW)
    crashed = fs.claim_due(app.engine, owner="host:1:dead", now=NOW, limit=3)
    assert len(crashed) == 3  # leased to a process that died holding them
    summary = poll(app, lst, Clock(), sole_ingester=not app.store.is_postgres)
    if app.store.is_postgres:  # several ingesters: the leases are honoured until they expire
        assert summary.polled == 2
        assert fs.DEFAULT_LEASE_S <= 60
    else:  # the one-ingester lock proves the holder gone
        assert summary.polled == 5


def test_a_round_extends_the_leases_it_holds(app: App, tmp_path: Path) -> None:
    lst = feeds(tmp_path, {"a": rss([("g", "t", "2020-10-26T00:00:00Z")])})
    fs.sync_feeds(app.engine, lst.feeds, now=NOW)
    [row] = fs.claim_due(app.engine, owner="me", now=NOW, limit=1)
    later = NOW + timedelta(seconds=50)
    fs.extend_leases(app.engine, ["a"], owner="me", now=later)
    fs.extend_leases(app.engine, ["a"], owner="someone-else", now=later + timedelta(hours=1))
    [state] = fs.list_states(app.engine, ["a"])
    assert state.lease_until == later + timedelta(seconds=fs.DEFAULT_LEASE_S)
    assert row.lease_until is not None and state.lease_until > row.lease_until
