"""CPU per event of tracker's batched append, for comparing checkouts on a busy machine.

Wall time on a shared two-core machine swings by more than the changes worth measuring
(every SQLite transaction also waits on an fsync), so this counts CPU time instead: the
client process's (``/proc/self/schedstat``) and, on PostgreSQL, that of the server
processes serving its connections. Each checkout runs in a worker process of its own
(its own virtualenv), appends through ``bench_store.py``'s ``tracker`` backend — 100
events of one stream per transaction, as row (b) — and the rounds of all checkouts are
interleaved, so every checkout sees the same load.

Usage::

    python benchmarks/bench_append_cpu.py \\
        --tree old=/tmp/old/.venv/bin/python:/tmp/old --tree new=.venv/bin/python:. \\
        --db sqlite --fill 200000 --rounds 7 --events 10000

Prints, per checkout, the median CPU µs per event over the rounds and every round's value.
PostgreSQL admin URL: ``TRACKER_BENCH_PG_URL`` (default postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

PG_ADMIN_URL = os.environ.get(
    "TRACKER_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BATCH = 100


def _cpu_ns(pid: int | str = "self") -> int:
    """Nanoseconds ``pid`` has run on a CPU (the first field of schedstat)."""
    with open(f"/proc/{pid}/schedstat") as f:
        return int(f.read().split()[0])


def worker(repo: str, db: str, url: str, fill: int) -> None:
    """Fill a log, then answer each ``round N`` line on stdin with one JSON line."""
    sys.path.insert(0, str(Path(repo) / "benchmarks"))
    import bench_store as bs

    ours = bs.Ours(db, url)
    ours.setup()
    streams = bs.cycle_streams("fill")
    done = 0
    while done < fill:
        ours.append_many([ours.next_event(next(streams)) for _ in range(1_000)])
        done += 1_000
    server_pids: list[int] = []
    if db == "postgresql":
        with ours.engine.connect() as conn:
            server_pids = [
                int(p)
                for (p,) in conn.exec_driver_sql(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                )
            ]
    print(json.dumps({"ready": done}), flush=True)
    for line in sys.stdin:
        tag, events = line.split()
        streams = bs.cycle_streams(f"r{tag}")
        batches = [
            [ours.next_event(st) for _ in range(BATCH)]
            for st in (next(streams) for _ in range(int(events) // BATCH))
        ]
        server0 = sum(_cpu_ns(p) for p in server_pids)
        client0 = _cpu_ns()
        for batch in batches:
            ours.append_many(batch)
        client = _cpu_ns() - client0
        server = sum(_cpu_ns(p) for p in server_pids) - server0
        n = len(batches) * BATCH
        print(json.dumps({"client": client / n / 1e3, "server": server / n / 1e3}), flush=True)
    ours.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tree", action="append", required=True, help="NAME=PYTHON:REPO")
    ap.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--fill", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--events", type=int, default=10_000, help="events per round")
    ap.add_argument("--worker", nargs=3, metavar=("REPO", "URL", "FILL"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.db, args.worker[1], int(args.worker[2]))
        return 0
    trees = dict(t.split("=", 1) for t in args.tree)
    tmp = tempfile.mkdtemp(prefix="tracker-cpu-", dir="/var/tmp")
    databases: list[str] = []
    procs: dict[str, subprocess.Popen[str]] = {}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    admin: Any = None
    try:
        for name, spec in trees.items():
            python, repo = spec.split(":", 1)
            if args.db == "sqlite":
                url = f"sqlite:///{tmp}/{name}.db"
            else:
                import psycopg

                if admin is None:
                    admin = psycopg.connect(
                        PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"),
                        autocommit=True,
                    )
                dbname = f"tracker_cpu_{name}_{uuid.uuid4().hex[:8]}"
                admin.execute(f"CREATE DATABASE {dbname}")
                databases.append(dbname)
                url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname
            procs[name] = subprocess.Popen(
                [python, os.path.abspath(__file__), "--tree", "x=y", "--db", args.db, "--worker", repo, url,
                 str(args.fill)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=repo,
            )  # fmt: skip
        for name, p in procs.items():
            assert p.stdout is not None
            print(f"{name}: filled {json.loads(p.stdout.readline())['ready']}", file=sys.stderr)
        for r in range(args.rounds):
            order = list(procs)
            order = order[r % len(order) :] + order[: r % len(order)]
            for name in order:
                p = procs[name]
                assert p.stdin is not None and p.stdout is not None
                p.stdin.write(f"{r} {args.events}\n")
                p.stdin.flush()
                results[name].append(json.loads(p.stdout.readline()))
            print(
                f"round {r + 1}: "
                + ", ".join(f"{n} {sum(results[n][-1].values()):.2f}" for n in procs),
                file=sys.stderr,
            )
    finally:
        for p in procs.values():
            if p.stdin is not None:
                p.stdin.close()
            p.wait(timeout=120)
        for dbname in databases:
            admin.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"CPU µs per event, {args.db}, batches of {BATCH}, median of {args.rounds} rounds")
    for name, rounds in results.items():
        total = [r["client"] + r["server"] for r in rounds]
        client = [r["client"] for r in rounds]
        line = f"{name}: {statistics.median(total):.2f}"
        if args.db == "postgresql":
            server = statistics.median(r["server"] for r in rounds)
            line += f" (client {statistics.median(client):.2f}, server {server:.2f})"
        print(line + "  rounds: " + " ".join(f"{t:.2f}" for t in total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
