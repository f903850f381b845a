"""The service and its commands: `tracker serve --once` on the bundled feeds, the SQLite
one-ingester lock, graceful shutdown, JSON logs, metrics, two ingesters on one
PostgreSQL, and `tracker feeds ...`."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from tests.ingest.ingest_support import FeedServer
from tracker import service
from tracker.app import App
from tracker.cli import cli
from tracker.config import Settings
from tracker.db import make_engine
from tracker.store import EventStore, migrate

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "feeds" / "feeds.toml"


def migrated_sqlite(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def env_for(db_url: str, feeds_file: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(
        TRACKER_DATABASE_URL=db_url,
        TRACKER_FEEDS_FILE=str(feeds_file),
        TRACKER_ALLOW_PRIVATE_NETWORKS="true",
        **extra,
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TestServeOnce:
    def test_serve_once_ingests_the_bundled_feeds_into_a_fresh_sqlite_database(
        self, tmp_path: Path
    ) -> None:
        env = env_for(migrated_sqlite(tmp_path), BUNDLED)
        runner = CliRunner()
        first = runner.invoke(cli, ["serve", "--once"], env=env)
        assert first.exit_code == 0, first.output
        assert "Polled 2 feeds" in first.output
        assert "17 new items (0 duplicates), 0 failed [ok 2]." in first.output
        again = runner.invoke(cli, ["serve", "--once", "--json"], env=env)
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout)["polled"] == 0

    def test_a_second_ingester_on_one_sqlite_file_is_refused_with_a_clear_error(
        self, tmp_path: Path
    ) -> None:
        url = migrated_sqlite(tmp_path)
        app = App(Settings(database_url=url, feeds_file=str(BUNDLED)))
        with service.ingester_lock(app):
            result = CliRunner().invoke(cli, ["serve", "--once"], env=env_for(url, BUNDLED))
        app.close()
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"Error: another ingester (pid {os.getpid()}) is already polling the SQLite "
            f"database {tmp_path / 'tracker.db'}; only one ingester may run per SQLite file"
        )

    def test_poll_without_a_migrated_database_says_to_upgrade(self, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        result = CliRunner().invoke(cli, ["poll"], env=env_for(url, BUNDLED))
        assert result.exit_code == 1
        assert "Run `tracker db upgrade` first." in result.stderr


class TestService:
    def test_metrics_count_polls_items_and_lag_while_the_cycle_runs(self, tmp_path: Path) -> None:
        url = migrated_sqlite(tmp_path)
        app = App(Settings(database_url=url, feeds_file=str(BUNDLED)))
        port = free_port()
        scraped: list[str] = []

        def scrape(_result: service.CycleSummary) -> None:
            scraped.append(httpx.get(f"http://127.0.0.1:{port}/metrics").text)

        service.Service(app, metrics_port=port, on_cycle=scrape).run_once()
        app.close()
        text = scraped[0]
        assert 'tracker_polls_total{outcome="ok"} 2.0' in text
        assert 'tracker_items_total{kind="new"} 17.0' in text
        assert "tracker_poll_duration_seconds_count 2.0" in text
        assert 'tracker_feed_lag_seconds{feed="caucasus-wire-sample"}' in text
        assert 'tracker_feeds{status="ok"} 2.0' in text

    def test_json_logs_carry_one_object_per_poll(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        url = migrated_sqlite(tmp_path)
        app = App(Settings(database_url=url, feeds_file=str(BUNDLED)))
        handler = service.configure_logging("INFO", "json")
        try:
            service.Service(app).run_once()
        finally:
            import logging

            logging.getLogger("tracker").removeHandler(handler)
            app.close()
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
        polls = sorted((x for x in lines if "outcome" in x), key=lambda x: x["feed"])
        assert [(p["feed"], p["outcome"], p["new"], p["dup"]) for p in polls] == [
            ("caucasus-wire-sample", "ok", 9, 0),
            ("frontline-monitor-sample", "ok", 8, 0),
        ]
        assert all(isinstance(p["ms"], int) for p in polls)

    def test_shutdown_stops_the_scheduler_after_the_cycle_in_flight(self, tmp_path: Path) -> None:
        url = migrated_sqlite(tmp_path)
        app = App(Settings(database_url=url, feeds_file=str(BUNDLED), poll_tick_s=3600))
        cycled = threading.Event()
        svc = service.Service(app, on_cycle=lambda _r: cycled.set())
        runner = threading.Thread(target=svc.run_forever, kwargs={"install_signals": False})
        runner.start()
        assert cycled.wait(30)
        svc.shutdown()
        runner.join(10)
        assert not runner.is_alive()
        assert len(list(EventStore(app.engine).read_all(types=["ItemIngested"]))) == 17
        app.close()


class TestServeProcess:
    @pytest.mark.slow
    def test_sigterm_stops_serve_gracefully_and_a_second_serve_is_refused_meanwhile(
        self, tmp_path: Path, feed_server: FeedServer
    ) -> None:
        url = migrated_sqlite(tmp_path)
        feeds = tmp_path / "feeds.toml"
        feeds.write_text(
            f'[[feeds]]\nname = "rss"\nurl = "{feed_server.url("/feed.rss")}"\n'
            f'[[feeds]]\nname = "broken"\nurl = "{feed_server.url("/500")}"\n'
        )
        env = env_for(url, feeds)
        first = subprocess.Popen(
            [sys.executable, "-m", "tracker", "serve"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 30
            assert first.stderr is not None
            lines: list[str] = []
            while time.monotonic() < deadline:
                line = first.stderr.readline()
                lines.append(line)
                if "cycle polled=" in line:
                    break
            assert any("feed=rss outcome=ok new=9 dup=0 ms=" in x for x in lines), lines
            assert any("feed=broken outcome=http_5xx new=0 dup=0" in x for x in lines), lines
            second = subprocess.run(
                [sys.executable, "-m", "tracker", "serve", "--once"],
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert second.returncode == 1
            assert "only one ingester may run per SQLite file" in second.stderr
            first.send_signal(signal.SIGTERM)
            _out, err = first.communicate(timeout=30)
        finally:
            if first.poll() is None:
                first.kill()
        assert first.returncode == 0, err
        assert "SIGTERM received" in err
        assert "Stopped." in err

    @pytest.mark.slow
    def test_a_server_dripping_headers_stops_neither_the_round_nor_sigterm(
        self, tmp_path: Path, feed_server: FeedServer
    ) -> None:
        url = migrated_sqlite(tmp_path)
        feeds = tmp_path / "feeds.toml"
        feeds.write_text(
            f'[[feeds]]\nname = "drip"\nurl = "{feed_server.url("/header-drip")}"\n'
            f'[[feeds]]\nname = "rss"\nurl = "{feed_server.url("/feed.rss")}"\n'
        )
        env = env_for(url, feeds, TRACKER_FETCH_TIMEOUT_S="60")
        first = subprocess.Popen(
            [sys.executable, "-m", "tracker", "serve"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert first.stderr is not None
            deadline = time.monotonic() + 30
            lines: list[str] = []
            while time.monotonic() < deadline:  # the healthy feed is written meanwhile
                line = first.stderr.readline()
                lines.append(line)
                if "feed=rss outcome=ok new=9" in line:
                    break
            assert any("feed=rss outcome=ok new=9" in x for x in lines), lines
            signalled = time.monotonic()
            first.send_signal(signal.SIGTERM)
            _out, err = first.communicate(timeout=30)
            took = time.monotonic() - signalled
        finally:
            if first.poll() is None:
                first.kill()
        assert first.returncode == 0, err
        assert took < 6, f"SIGTERM took {took:.1f} s with a server dripping its headers"
        engine = make_engine(url)
        try:
            assert len(list(EventStore(engine).read_all(types=["ItemIngested"]))) == 9
            with engine.connect() as conn:  # the cut-short feed is given back, not failed
                row = conn.exec_driver_sql(
                    "SELECT consecutive_failures, lease_owner FROM feed_state WHERE name = 'drip'"
                ).one()
            assert tuple(row) == (0, None)
        finally:
            engine.dispose()


# --------------------------------------------------------------------------- two ingesters


@dataclass
class Hit:
    path: str
    agent: str
    start: float
    end: float


@dataclass
class ManyFeeds:
    port: int
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def many_feeds_body(n: int, items: int) -> bytes:
    entries = "".join(
        f"<item><guid>urn:feed-{n}-item-{i}</guid><title>Feed {n} report {i}</title>"
        f"<link>https://example.org/{n}/{i}</link>"
        f"<pubDate>Tue, 10 Nov 2020 {i:02d}:00:00 GMT</pubDate>"
        f"<description>Shelling reported in district {n} sector {i}.</description></item>"
        for i in range(items)
    )
    return f"<rss version='2.0'><channel><title>F{n}</title>{entries}</channel></rss>".encode()


@pytest.fixture
def many_feeds() -> Iterator[ManyFeeds]:
    state = ManyFeeds(port=0)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            start = time.monotonic()
            n = int(self.path.rsplit("/", 1)[1].split(".")[0])
            time.sleep(0.05)  # long enough for two ingesters to overlap in time
            body = many_feeds_body(n, 5)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            with state.lock:
                state.hits.append(
                    Hit(self.path, self.headers.get("User-Agent", ""), start, time.monotonic())
                )

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.mark.postgres
@pytest.mark.slow
def test_two_ingesters_on_one_postgresql_poll_each_feed_once_and_log_each_item_once(
    pg_engine: Engine, tmp_path: Path, many_feeds: ManyFeeds
) -> None:
    url = pg_engine.url.render_as_string(hide_password=False)
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        "".join(
            f'[[feeds]]\nname = "f{n:03d}"\nurl = "http://127.0.0.1:{many_feeds.port}/f/{n}.rss"\n'
            for n in range(120)
        )
    )
    # `tracker poll` is the polling half of `serve --once` (the same poll_due_feeds),
    # without extraction and projections, whose speed is not under test here.
    outs = [tmp_path / f"out-{i}.json" for i in range(2)]
    errs = [tmp_path / f"err-{i}.txt" for i in range(2)]
    procs = []
    for i in range(2):
        with outs[i].open("w") as out, errs[i].open("w") as err:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "tracker", "poll", "--json", "--workers", "2"],
                    env=env_for(url, feeds, TRACKER_USER_AGENT=f"ingester-{i}"),
                    cwd=tmp_path,
                    stdout=out,
                    stderr=err,
                )
            )
    for p in procs:
        p.wait(timeout=120)
    outputs = [(o.read_text(), e.read_text()) for o, e in zip(outs, errs, strict=True)]
    assert [p.returncode for p in procs] == [0, 0], outputs
    polled = [json.loads(out)["polled"] for out, _err in outputs]
    assert sum(polled) == 120
    assert all(n > 0 for n in polled), polled  # both really worked
    by_path: dict[str, list[Hit]] = {}
    for hit in many_feeds.hits:
        by_path.setdefault(hit.path, []).append(hit)
    assert len(by_path) == 120
    assert all(len(hits) == 1 for hits in by_path.values())
    with pg_engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT data->>'identity', count(*) FROM events WHERE type = 'ItemIngested' GROUP BY 1"
        ).all()
        overlap = conn.exec_driver_sql(
            "SELECT count(*) FROM feed_state WHERE lease_owner IS NOT NULL"
        ).scalar_one()
    assert len(rows) == 120 * 5
    assert all(count == 1 for _identity, count in rows)
    assert overlap == 0


# --------------------------------------------------------------------------- feeds commands


class TestFeedsCommands:
    def test_add_list_remove_and_opml_round_trip(self, tmp_path: Path) -> None:
        feeds = tmp_path / "feeds.toml"
        env = env_for(f"sqlite:///{tmp_path / 'none.db'}", feeds)
        runner = CliRunner()
        added = runner.invoke(
            cli,
            ["feeds", "add", "osce", "https://example.org/osce.rss", "--tag", "monitor"],
            env=env,
        )
        assert added.exit_code == 0, added.output
        assert added.output == f"Added feed osce (https://example.org/osce.rss) to {feeds}.\n"
        listed = runner.invoke(cli, ["feeds", "list", "--json"], env=env)
        (row,) = json.loads(listed.output)
        assert (row["name"], row["tags"], row["health"]) == ("osce", ["monitor"], None)
        assert not (tmp_path / "none.db").exists()  # listing never creates a database
        exported = runner.invoke(cli, ["feeds", "export-opml"], env=env)
        assert 'xmlUrl="https://example.org/osce.rss"' in exported.output
        (tmp_path / "subs.opml").write_text(exported.output)
        removed = runner.invoke(cli, ["feeds", "remove", "osce"], env=env)
        assert removed.output == f"Removed feed osce from {feeds}.\n"
        imported = runner.invoke(
            cli, ["feeds", "import-opml", str(tmp_path / "subs.opml")], env=env
        )
        assert imported.exit_code == 0, imported.output
        assert imported.output.startswith(f"Imported 1 feeds into {feeds}.")

    def test_a_duplicate_feed_is_refused_naming_the_entry(self, tmp_path: Path) -> None:
        feeds = tmp_path / "feeds.toml"
        env = env_for(f"sqlite:///{tmp_path / 'none.db'}", feeds)
        runner = CliRunner()
        runner.invoke(cli, ["feeds", "add", "a", "https://example.org/a.rss"], env=env)
        again = runner.invoke(cli, ["feeds", "add", "a", "https://example.org/b.rss"], env=env)
        assert again.exit_code == 1
        assert again.stderr == f"Error: {feeds}: feed 2 ('a'): name: already used by feed 1\n"

    def test_list_shows_health_once_the_database_has_polled(self, tmp_path: Path) -> None:
        env = env_for(migrated_sqlite(tmp_path), BUNDLED)
        runner = CliRunner()
        runner.invoke(cli, ["poll", "--feed", "caucasus-wire-sample"], env=env)
        rows = {
            r["name"]: r
            for r in json.loads(runner.invoke(cli, ["feeds", "list", "--json"], env=env).output)
        }
        assert rows["caucasus-wire-sample"]["health"]["status"] == "ok"
        assert rows["caucasus-wire-sample"]["health"]["items_new"] == 9
        assert rows["frontline-monitor-sample"]["health"]["status"] == "never-polled"
