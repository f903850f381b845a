"""Benchmark the projections: rebuild rate, the cost of a 20-item cycle, the documented queries.

Builds a synthetic log (the five reference truces, then news items each carrying one
accusation and one casualty figure: four events an item, see
``tests/projections/synthetic.py``) on SQLite and on PostgreSQL, and prints:

    rebuild   ``tracker project --rebuild`` over 10^4 and 10^5 events (events/s)
    cycle     catching the views up after 20 new items, with 10^3, 10^4 and 10^5
              items already projected (median of 3 cycles, ms), and the rows the
              engine read and wrote for it
    queries   every example query of docs/sql.md at the largest size (median of 5, ms)
    serve     one ``tracker serve --once`` cycle over 5,000 items on loopback feeds

Usage::

    python benchmarks/bench_projections.py                  # everything, ~15 min
    python benchmarks/bench_projections.py --quick          # 10^3/10^4 only
    python benchmarks/bench_projections.py --only sqlite --cycle 1000,10000 --rebuild 10000
    python benchmarks/bench_projections.py --only sqlite --rebuild "" --cycle "" --serve 5000

PostgreSQL admin URL: ``TRACKER_BENCH_PG_URL`` (default postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from tracker.db import make_engine  # noqa: E402
from tracker.projections import Runner, all_projections  # noqa: E402
from tracker.store import EventStore, migrate  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "TRACKER_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
EVENTS_PER_ITEM = 4
QUERIES = re.findall(
    r"```sql\n(.*?)```", (ROOT / "docs" / "sql.md").read_text(encoding="utf-8"), flags=re.S
)


@contextmanager
def database(kind: str) -> Iterator[Engine]:
    """A fresh migrated database on ``kind`` (sqlite or postgresql), dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            eng = make_engine(f"sqlite:///{tmp}/bench.db")
            migrate.upgrade(eng)
            try:
                yield eng
            finally:
                eng.dispose()
        return
    name = f"tracker_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    eng = make_engine(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    try:
        migrate.upgrade(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def fill(store: EventStore, start: int, count: int) -> None:
    from tests.projections.synthetic import append_items

    append_items(store, start, count)


def reference(store: EventStore) -> None:
    from tests.projections.projection_helpers import load_reference

    load_reference(store)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def cpu_timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and the children it waited for) of
    ``fn``: on a shared machine the CPU time is the steadier measure (it leaves out
    waiting for the cores; on PostgreSQL it also leaves out the server's own work). A
    rebuild builds projections in a child process on a machine with two cores or more."""
    t, c = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - t, _cpu() - c


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run_ok(runner: Runner, **kw: Any) -> None:
    bad = [r for r in runner.run(**kw) if r.status != "ok"]
    if bad:
        raise SystemExit(f"projection failed: {bad}")


def bench_rebuild(kind: str, events: int) -> dict[str, float]:
    with database(kind) as eng:
        store = EventStore(eng)
        reference(store)
        fill(store, 0, max(1, (events - store.last_position()) // EVENTS_PER_ITEM))
        n = store.last_position()
        secs, cpu = cpu_timed(lambda: run_ok(Runner(store, all_projections()), rebuild=True))
        return {"events": n, "seconds": secs, "rate": n / secs, "cpu": cpu, "cpu_rate": n / cpu}


def work_counts(runner: Runner) -> tuple[int, int]:
    return (runner.work.rows_read, runner.work.rows_written)


def bench_cycles(kind: str, sizes: list[int], query_size: int | None) -> dict[str, Any]:
    """Grow one log through ``sizes`` (items); time 20-item cycles at each size."""
    out: dict[str, Any] = {"cycles": {}, "queries": {}}
    with database(kind) as eng:
        store = EventStore(eng)
        reference(store)
        have = 0
        run_ok(Runner(store, all_projections()))
        for size in sorted(sizes):
            fill(store, have, size - have)
            have = size
            secs, _ = timed(lambda: run_ok(Runner(store, all_projections(), batch_size=5000)))
            print(f"  [{kind}] caught up to {size:,} items in {secs:.1f} s", file=sys.stderr)
            times, cpus, work = [], [], []
            for _ in range(3):
                fill(store, have, 20)
                have += 20
                runner = Runner(store, all_projections())
                secs, cpu = cpu_timed(lambda runner=runner: run_ok(runner))  # type: ignore[misc]
                times.append(secs)
                cpus.append(cpu)
                work.append(work_counts(runner))
            out["cycles"][size] = (statistics.median(times), statistics.median(cpus), work[-1])
            if size == query_size:
                out["queries"] = bench_queries(eng)
    return out


def bench_queries(eng: Engine) -> dict[str, float]:
    result = {}
    with eng.connect() as conn:
        claims = conn.execute(
            sa.text(
                "SELECT (SELECT count(*) FROM violation_reports) + (SELECT count(*) FROM casualty_claims)"
            )
        ).scalar()
        print(f"  queries over {claims:,} claims", file=sys.stderr)
        for q in QUERIES:
            runs = []
            for _ in range(5):
                t = time.perf_counter()
                conn.execute(sa.text(q)).all()
                runs.append(time.perf_counter() - t)
            result[" ".join(q.split())[:70]] = statistics.median(runs) * 1000
    return result


def bench_serve_once(items: int, feeds: int = 50) -> dict[str, float]:
    """``tracker serve --once`` (one service cycle) over ``feeds`` loopback feeds holding
    ``items`` items in all, on SQLite: poll, extract and project, timed apart."""
    import multiprocessing

    from bench_ingest import serve

    from tracker.app import App, extract, poll, project
    from tracker.config import Settings

    queue: multiprocessing.Queue[int] = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(queue, feeds, items // feeds), daemon=True)
    server.start()
    port = queue.get(timeout=60)
    out: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            feeds_file = Path(tmp) / "feeds.toml"
            feeds_file.write_text(
                "".join(
                    f'[[feeds]]\nname = "bench-{n:04d}"\n'
                    f'url = "http://127.0.0.1:{port}/feed/{n}.xml"\ninterval_s = 900\n'
                    for n in range(feeds)
                )
            )
            app = App(
                Settings(
                    database_url=f"sqlite:///{tmp}/tracker.db",
                    feeds_file=str(feeds_file),
                    allow_private_networks=True,
                )
            )
            app.upgrade()
            started = time.perf_counter()
            out["poll"], _ = timed(lambda: poll.poll_due_feeds(app))
            out["extract"], _ = timed(lambda: extract.run(app))
            out["project"], results = timed(lambda: project.run(app))
            out["total"] = time.perf_counter() - started
            out["events"] = float(app.store.last_position())
            if any(r.status != "ok" for r in results):
                raise SystemExit(f"projection failed: {results}")
            app.close()
    finally:
        server.terminate()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    ap.add_argument("--rebuild", default="10000,100000", help="log sizes in events")
    ap.add_argument("--cycle", default="1000,10000,100000", help="log sizes in items")
    ap.add_argument("--quick", action="store_true", help="--rebuild 10000 --cycle 1000,10000")
    ap.add_argument(
        "--serve", type=int, default=5000, help="items of the serve --once cycle (0: skip)"
    )
    args = ap.parse_args(argv)
    if args.quick:
        args.rebuild, args.cycle = "10000", "1000,10000"
    kinds = [args.only] if args.only else ["sqlite", "postgresql"]
    rebuild_sizes = [int(x) for x in args.rebuild.split(",") if x]
    cycle_sizes = [int(x) for x in args.cycle.split(",") if x]
    started = time.perf_counter()
    if args.serve:
        r = bench_serve_once(args.serve)
        print(
            f"\n`tracker serve --once` over {args.serve:,} loopback items (SQLite, "
            f"{r['events']:,.0f} events): poll {r['poll']:.1f} s, extract {r['extract']:.1f} s, "
            f"project {r['project']:.1f} s, total {r['total']:.1f} s"
        )
        sys.stdout.flush()
    for kind in kinds:
        print(f"\n### {kind}\n")
        print("| rebuild | events | wall s | events/s | CPU s | events per CPU s |")
        print("|---|---:|---:|---:|---:|---:|")
        for n in rebuild_sizes:
            r = bench_rebuild(kind, n)
            print(
                f"| 10^{len(str(n)) - 1} | {r['events']:,} | {r['seconds']:.1f} "
                f"| {r['rate']:,.0f} | {r['cpu']:.1f} | {r['cpu_rate']:,.0f} |"
            )
        sys.stdout.flush()
        res = bench_cycles(kind, cycle_sizes, max(cycle_sizes) if cycle_sizes else None)
        print(
            "\n| 20-item cycle | items in the log | wall ms | CPU ms | rows read | rows written |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for size, (secs, cpu, (read, written)) in sorted(res["cycles"].items()):
            print(
                f"| catch-up | {size:,} | {secs * 1000:.0f} | {cpu * 1000:.0f} "
                f"| {read:,} | {written:,} |"
            )
        if res["queries"]:
            print(
                f"\n| documented query (at {max(cycle_sizes):,} items) | ms (median of 5) |\n|---|---:|"
            )
            for q, ms in res["queries"].items():
                print(f"| `{q}` | {ms:.1f} |")
        sys.stdout.flush()
    print(f"\nTotal time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
