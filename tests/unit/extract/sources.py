"""Tests that read or replace the extractor's module globals, run on its Python sources.

Compiled modules (``tracker.extract.native``) call each other directly: a function or
pattern replaced with ``monkeypatch`` in a compiled module is never called by the
compiled code, and a test that counts such calls, or compares the plain code with a fast
path by switching one off, would pass without checking anything. ``on_the_sources``
runs such a test in a child pytest on the sources (``TRACKER_PURE_PYTHON=1``) when the
compiled modules are the ones imported here.
"""

from __future__ import annotations

import functools
import inspect
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tracker.extract
from tracker.extract import native


def on_the_sources(test: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        if tracker.extract.RUNNING == "python":
            test(*args, **kwargs)
            return
        file = Path(inspect.getfile(test))
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"{file}::{test.__name__}",
            ],
            env={**os.environ, native.PURE_ENV: "1"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert child.returncode == 0, child.stdout + child.stderr
        assert "1 passed" in child.stdout, child.stdout

    return run
