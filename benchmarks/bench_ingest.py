"""Ingestion benchmark: 1,000 feeds × 20 items (~1 KB each) from a loopback server.

Owns measuring tracker's polling round against the ``reader`` library's
``update_feeds(scheduled=False, workers=8)`` on the same feeds, in the same run. Must not
be a test (it prints numbers, asserts only that every item arrived once).

The server runs in its own process (a server in the benchmark's process would share its
GIL and measure itself). It answers ``If-None-Match`` with 304, so the second round of
each client is the "nothing new" round.

Usage::

    python benchmarks/bench_ingest.py [--feeds 1000] [--items 20] [--workers 8]
                                      [--repeat 3] [--skip-reader]

Prints, for tracker (SQLite, synchronous=FULL) and reader, run after run (interleaved,
each on fresh databases): the cold round's time, CPU seconds (tracker's include its
parse worker processes) and items/s, the 304 round's time; then the medians and the
ratios of the medians. On a shared machine wall times vary with the load (a neighbour
taking a core hurts tracker, which uses two, more than reader, which uses one); CPU
seconds compare the work done.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WORDS = [
    "ceasefire",
    "truce",
    "shelling",
    "artillery",
    "ministry",
    "defence",
    "reported",
    "village",
    "district",
    "forces",
    "positions",
    "overnight",
    "humanitarian",
    "statement",
    "accused",
    "denied",
    "civilians",
    "wounded",
    "killed",
    "front",
    "line",
    "drone",
    "strike",
    "mortar",
    "observers",
    "Stepanakert",
    "Terter",
    "Fizuli",
    "Hadrut",
    "Martuni",
    "Agdam",
    "Lachin",
    "Ganja",
    "Barda",
    "Shusha",
    "Jabrayil",
    "Kubatly",
    "Zangilan",
    "talks",
    "Moscow",
    "Washington",
]


def feed_body(n: int, items: int) -> bytes:
    rng = random.Random(n)
    entries = []
    for i in range(items):
        text = " ".join(rng.choice(WORDS) for _ in range(105))  # ~1 KB of text
        entries.append(
            f"<item><title>Feed {n} report {i}: {rng.choice(WORDS)} near "
            f"{rng.choice(WORDS)}</title><link>https://bench.example.org/{n}/{i}</link>"
            f"<guid isPermaLink='false'>bench-{n}-{i}</guid>"
            f"<pubDate>Tue, 10 Nov 2020 {i % 24:02d}:{n % 60:02d}:00 GMT</pubDate>"
            f"<description>{text}</description></item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Bench feed {n}</title><link>https://bench.example.org/{n}</link>"
        f"{''.join(entries)}</channel></rss>"
    ).encode()


def serve(port_queue: multiprocessing.Queue[int], feeds: int, items: int) -> None:
    bodies = {f"/feed/{n}.xml": feed_body(n, items) for n in range(feeds)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 256 * 1024  # headers and body leave in one write

        def setup(self) -> None:
            super().setup()
            # Without this, Nagle + delayed ACK stall every response ~40 ms on loopback.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = bodies.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = f'"{self.path}-v1"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", "Tue, 10 Nov 2020 23:00:00 GMT")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.request_queue_size = 256
    port_queue.put(httpd.server_address[1])
    httpd.serve_forever(poll_interval=0.1)


def cpu_s() -> float:
    """CPU seconds of this process and of its reaped children (tracker's parse workers)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at


def bench_tracker(
    base: str, feeds: int, items: int, workers: int, tmp: Path, parse_workers: int = 2
) -> dict[str, float]:
    from tracker.app import App
    from tracker.app import poll as jobs
    from tracker.config import Settings
    from tracker.ingest.feedlist import FeedList

    feeds_file = tmp / "feeds.toml"
    feeds_file.write_text(
        "".join(
            f'[[feeds]]\nname = "bench-{n:04d}"\nurl = "{base}/feed/{n}.xml"\ninterval_s = 900\n'
            for n in range(feeds)
        )
    )
    app = App(
        Settings(
            database_url=f"sqlite:///{tmp / 'tracker.db'}",
            feeds_file=str(feeds_file),
            allow_private_networks=True,
            fetch_workers=workers,
            parse_workers=parse_workers,
        )
    )
    app.upgrade()
    feed_list = FeedList.load(feeds_file)
    clock = Clock()
    c0, t0 = cpu_s(), time.perf_counter()
    cold = jobs.poll_due_feeds(app, feeds=feed_list, workers=workers, now=clock)
    cold_s, cold_cpu = time.perf_counter() - t0, cpu_s() - c0
    logged = sum(1 for _ in app.store.read_all(types=["ItemIngested"], page_size=5000))
    clock.at += timedelta(hours=23)  # everything due again, still a conditional GET
    t0 = time.perf_counter()
    warm = jobs.poll_due_feeds(app, feeds=feed_list, workers=workers, now=clock)
    warm_s = time.perf_counter() - t0
    clock.at += timedelta(hours=23, minutes=30)
    third = jobs.poll_due_feeds(app, feeds=feed_list, workers=workers, now=clock)
    after = sum(1 for _ in app.store.read_all(types=["ItemIngested"], page_size=5000))
    app.close()
    expected = feeds * items
    if logged != expected or cold.new != expected or after != expected:
        raise SystemExit(
            f"tracker: expected {expected} items once, cold round appended {cold.new}, "
            f"log has {logged}, after re-polls {after}"
        )
    if warm.outcomes.get("not_modified") != feeds or third.new != 0:
        raise SystemExit(
            f"tracker: re-poll rounds were not no-ops: {warm.outcomes} {third.outcomes}"
        )
    return {
        "cold_s": cold_s,
        "cold_cpu_s": cold_cpu,
        "items": float(logged),
        "items_per_s": logged / cold_s,
        "warm_s": warm_s,
        "failed": float(cold.failed),
    }


def bench_reader(base: str, feeds: int, items: int, workers: int, tmp: Path) -> dict[str, float]:
    try:
        import sgmllib  # noqa: F401
    except ImportError:  # reader's vendored feedparser wants sgmllib; feedparser 6.0.14 renamed it
        import feedparser_sgmllib

        sys.modules["sgmllib"] = feedparser_sgmllib
    from reader import make_reader

    reader = make_reader(str(tmp / "reader.sqlite"))
    for n in range(feeds):
        reader.add_feed(f"{base}/feed/{n}.xml")
    c0, t0 = cpu_s(), time.perf_counter()
    reader.update_feeds(scheduled=False, workers=workers)
    cold_s, cold_cpu = time.perf_counter() - t0, cpu_s() - c0
    count = reader.get_entry_counts().total
    t0 = time.perf_counter()
    reader.update_feeds(scheduled=False, workers=workers)
    warm_s = time.perf_counter() - t0
    reader.close()
    if count != feeds * items:
        raise SystemExit(f"reader: expected {feeds * items} entries, got {count}")
    return {
        "cold_s": cold_s,
        "cold_cpu_s": cold_cpu,
        "items": float(count),
        "items_per_s": count / cold_s,
        "warm_s": warm_s,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--parse-workers", type=int, default=2)
    parser.add_argument("--skip-reader", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each client, interleaved; the summary takes the medians",
    )
    args = parser.parse_args(argv)

    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue[int] = ctx.Queue()
    server = ctx.Process(target=serve, args=(ports, args.feeds, args.items), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{ports.get(timeout=60)}"
    size = len(feed_body(0, args.items))
    print(
        f"{args.feeds} feeds x {args.items} items ({size / 1024:.1f} KiB per feed, "
        f"{size / args.items:.0f} B per item), {args.workers} workers, server pid {server.pid}"
    )
    ours: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    try:
        for _ in range(max(1, args.repeat)):  # interleaved: a noisy minute hits both
            with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
                ours.append(
                    bench_tracker(
                        base, args.feeds, args.items, args.workers, Path(tmp), args.parse_workers
                    )
                )
                print(_line("tracker", ours[-1], "items appended once"))
                if not args.skip_reader:
                    theirs.append(
                        bench_reader(base, args.feeds, args.items, args.workers, Path(tmp))
                    )
                    print(_line("reader", theirs[-1], "entries"))
    finally:
        server.terminate()
        server.join(5)
    if len(ours) > 1:
        print(f"median of {len(ours)} runs each:")
        print(_line("tracker", _median(ours), "items appended once"))
        if theirs:
            print(_line("reader", _median(theirs), "entries"))
    if theirs:
        mine, other = _median(ours), _median(theirs)
        print(
            f"ratio:   cold items/s tracker/reader = "
            f"{mine['items_per_s'] / other['items_per_s']:.2f}x (target >= 2x); "
            f"304 round reader/tracker = {other['warm_s'] / mine['warm_s']:.2f}x "
            f"(target: tracker < 1 s)"
        )
    sys.stdout.flush()


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _line(name: str, run: dict[str, float], what: str) -> str:
    return (
        f"{name + ':':8s} cold round {run['cold_s']:.2f} s ({run['cold_cpu_s']:.1f} CPU-s), "
        f"{run['items']:.0f} {what} ({run['items_per_s']:.0f} items/s); "
        f"304 round {run['warm_s']:.2f} s"
    )


if __name__ == "__main__":
    main()
