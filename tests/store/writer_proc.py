"""A writer process for the store tests: appends deterministic batches, optionally
rolling some back, printing each committed batch number. Run as a script:

    python writer_proc.py URL WRITER_ID BATCHES BATCH_SIZE [ROLLBACK_EVERY]
"""

from __future__ import annotations

import contextlib
import sys
import uuid

from tracker.db import make_engine
from tracker.store import EventStore, NewEvent

NAMESPACE = uuid.UUID("5a1d3c9e-8f7b-4f0e-9a55-0d1e2f3a4b5c")


class _Rollback(Exception):
    pass


def event_id(writer: int, batch: int, index: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{writer}/{batch}/{index}")


def main() -> None:
    url, writer, batches, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rollback_every = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    store = EventStore(make_engine(url))
    payload = "x" * 250

    def fail(_conn: object) -> None:
        raise _Rollback

    for b in range(batches):
        if rollback_every and b % rollback_every == rollback_every - 1:
            doomed = [NewEvent("Doomed", {"w": writer, "b": b}) for _ in range(size)]
            with contextlib.suppress(_Rollback):
                store.append(f"doomed-{writer}-{b}", doomed, also=fail)
        events = [
            NewEvent(
                "Tick", {"w": writer, "b": b, "i": i, "p": payload}, event_id=event_id(writer, b, i)
            )
            for i in range(size)
        ]
        store.append(f"w{writer}-b{b}", events)
        print(f"batch {b}", flush=True)


if __name__ == "__main__":
    main()
