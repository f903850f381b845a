"""The evaluation use case: the extractor scored against a hand-labelled development set.

Owns offering ``tracker eval`` the extractor's version and its scoring
(``tracker.extract.evaluate``), so that the CLI needs no extraction module. Reads files
only; never touches the database. Must not print.
"""

from __future__ import annotations

from tracker.extract import EXTRACTOR_VERSION
from tracker.extract.evaluate import CATEGORIES, Counts, EvalResult, evaluate

__all__ = ["CATEGORIES", "EXTRACTOR_VERSION", "Counts", "EvalResult", "evaluate"]
