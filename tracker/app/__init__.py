"""The application layer: one module per use case, the only caller of writes.

- ``root``: the composition root (``App``: settings, engine, event store).
- ``poll``: poll due feeds into ``ItemIngested`` events (fetch, parse, commit).
- ``extract``: ingested items into claim events (the extraction job).
- ``project``: catch the analysts' views up with the log, and how far behind they are.
- ``curate``: curated truces and claims (``tracker load``, ``tracker record``).
- ``query``: read the views as they stand (truces, violations, events, report, exports).

The CLI, the service and the report parse, call these and render; nothing here prints.
"""

from __future__ import annotations

from tracker.app.root import App

__all__ = ["App"]
