"""Deterministic extraction of ceasefire claims from news text, and its evaluation.

Owns the public API: ``extract(text, published=..., tz=...) -> Extraction`` and
``EXTRACTOR_VERSION``. Pure: the standard library, ``tracker.errors`` and rapidfuzz only.
"""

from __future__ import annotations

from tracker.extract import native

#: "compiled" (the modules mypyc built at install) or "python" (their sources); chosen
#: before any of them is imported, hence the imports below it.
RUNNING = native.choose()

from tracker.extract.extractor import EXTRACTOR_VERSION, MAX_CHARS, extract  # noqa: E402
from tracker.extract.model import (  # noqa: E402
    Announcement,
    CasualtyClaim,
    Denial,
    Extraction,
    OccurredTime,
    TruceRef,
    Violation,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "MAX_CHARS",
    "RUNNING",
    "Announcement",
    "CasualtyClaim",
    "Denial",
    "Extraction",
    "OccurredTime",
    "TruceRef",
    "Violation",
    "extract",
]
