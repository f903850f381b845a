"""The projection use case: catch the analysts' views up with the log, or rebuild them.

Owns running the projections (``tracker project``, the service after each poll, a
curated write) and saying how far the views stand behind the log, which the read
commands report instead of catching up themselves. Must not print.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.app.root import App
from tracker.projections import Runner, RunResult, all_projections
from tracker.store import checkpoints

#: ``progress(projection, done, total)`` during a rebuild.
Progress = Callable[[str, int, int], None]


def run(
    app: App, *, rebuild: bool = False, batch_size: int = 500, progress: Progress | None = None
) -> list[RunResult]:
    """Catch every analyst view up with the log (or rebuild them).

    Failures are isolated: a failing projection is reported in its ``RunResult`` and
    marked failed at its checkpoint; the others go on.
    """
    runner = Runner(app.store, all_projections(), batch_size=batch_size)
    return runner.run(rebuild=rebuild, progress=progress)


def behind(app: App) -> int:
    """How many events of the log the furthest-behind view has not read yet (0: current).

    Raises:
        StoreUnavailable: the database is down.
    """
    head = app.store.last_position()
    furthest = 0
    for projection in all_projections():
        cp = checkpoints.load(app.engine, projection.name)
        furthest = max(furthest, head - (cp.position if cp is not None else 0))
    return furthest
