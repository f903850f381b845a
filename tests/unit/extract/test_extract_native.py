"""The compiled extractor: installed, and never run in place of newer sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tracker
import tracker.extract
from tracker.extract import claims, native

PROBE = (
    "import warnings; warnings.simplefilter('always');"
    "import tracker.extract as e, tracker.extract.claims as c;"
    "print(e.RUNNING, c.__file__.endswith('.py'))"
)


def _copy_of_the_package(tmp_path: Path) -> Path:
    copy = tmp_path / "tracker"
    shutil.copytree(
        Path(tracker.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    return copy


def _probe(root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), **env},
        capture_output=True,
        text=True,
        check=True,
    )


def test_the_install_runs_the_compiled_extractor() -> None:
    # `make install` (pip install -e .) compiles tracker/extract with mypyc; the sources
    # run only where that was asked for (TRACKER_PURE_PYTHON=1)
    expected = "python" if native.pure_requested() else "compiled"
    assert expected == tracker.extract.RUNNING, (
        "the compiled extractor is not installed: make install"
    )
    assert claims.__file__ is not None
    assert claims.__file__.endswith(".py") is (expected == "python")


@pytest.mark.skipif(not native.installed(), reason="no compiled extractor installed")
def test_an_edited_source_runs_instead_of_the_module_compiled_from_the_old_one(
    tmp_path: Path,
) -> None:
    copy = _copy_of_the_package(tmp_path)
    assert _probe(tmp_path).stdout.split() == ["compiled", "False"]
    assert _probe(tmp_path, TRACKER_PURE_PYTHON="1").stdout.split() == ["python", "True"]
    edited = copy / "extract" / "claims.py"
    edited.write_text(edited.read_text("utf-8") + "\n# edited after the build\n", "utf-8")
    ran = _probe(tmp_path)
    assert ran.stdout.split() == ["python", "True"]
    assert "built from other sources" in ran.stderr and "make install" in ran.stderr


def test_the_digest_covers_every_compiled_source(tmp_path: Path) -> None:
    copy = _copy_of_the_package(tmp_path) / "extract"
    before = native.digest(copy)
    assert before == native.digest()
    for module in native.MODULES:
        source = native.source_path(module, copy)
        kept = source.read_bytes()
        source.write_bytes(kept + b"\n")
        assert native.digest(copy) != before, module
        source.write_bytes(kept)
    assert native.digest(copy) == before
