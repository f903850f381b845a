"""The domain: truces, claims and the rules about them, as pure code.

Owns the event catalogue (``events``), value objects (``values``), validation, the
status rules (``truces``, ``inforce``, ``timing``), incident grouping, upcasting and the
curated file format. Pure: stdlib and ``tracker.errors`` only; no I/O, no clock, no
SQL. Import the modules directly (``from tracker.domain.events import TruceAnnounced``).
"""

from __future__ import annotations

__all__ = [
    "book",
    "codec",
    "curated",
    "events",
    "incidents",
    "inforce",
    "timing",
    "truces",
    "upcasting",
    "validation",
    "values",
]
