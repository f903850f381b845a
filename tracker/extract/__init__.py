"""Deterministic extraction of ceasefire claims from news text, and its evaluation.

Owns the public API: ``extract(text, published=..., tz=...) -> Extraction`` and
``EXTRACTOR_VERSION``. Pure: the standard library, ``tracker.errors`` and rapidfuzz only.
"""

from __future__ import annotations

from tracker.extract.extractor import EXTRACTOR_VERSION, MAX_CHARS, extract
from tracker.extract.model import (
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
    "Announcement",
    "CasualtyClaim",
    "Denial",
    "Extraction",
    "OccurredTime",
    "TruceRef",
    "Violation",
    "extract",
]
