"""A rebuild process for the kill tests: ``tracker project --rebuild`` as the runner does
it, in small batches so that a kill lands mid-way. Run as a script:

    python rebuild_proc.py URL REBUILD_BATCH [fresh|resume]

``fresh`` asks for a rebuild (as ``--rebuild``); ``resume`` is a plain run, which
finishes an interrupted rebuild first. The claim views replay the log here, batch by
batch (their set-based rebuild is one transaction: a kill leaves that build at 0), and
the projections one after the other (``concurrent=False``), so that a kill lands inside
some batched build; builds in a process of their own, killed, are
``test_concurrent_rebuild.py``'s.
"""

from __future__ import annotations

import sys

from tracker.db import make_engine
from tracker.projections import Runner, all_projections
from tracker.projections.claims import ClaimViews
from tracker.store import EventStore


def main() -> None:
    url, size, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = EventStore(make_engine(url))
    registry = [
        ClaimViews(bulk=False) if isinstance(p, ClaimViews) else p for p in all_projections()
    ]
    runner = Runner(store, registry, rebuild_batch_size=size, concurrent=False)
    results = runner.run(rebuild=mode == "fresh")
    bad = [r for r in results if r.status != "ok"]
    print("done" if not bad else f"failed: {bad}", flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
