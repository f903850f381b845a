"""The compiled extractor: installed, and never run in place of newer sources."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import tracker
import tracker.extract
from tracker.extract import claims, extract, native

ROOT = Path(__file__).resolve().parents[3]
#: Pieces written into texts to reach the readers' rare paths: letters that case folding
#: treats apart, odd spaces and dashes, clock times, impossible dates, huge figures.
_ODD = (
    "\u0130",
    "\u017f",
    "\u0131",
    "\u202f",
    " 3,5 ",
    "\u2014",
    "\n\n",
    "\u201c",
    ".",
    " at 8.45 a.m. ",
    " on 31 February ",
    "\u018f",
    " 99999999999999999999 ",
    " \u0442\u044b\u0441. ",
)

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


def extractions(seed: int, count: int) -> list[str]:
    """``repr`` of the extraction of ``count`` texts cut from the fixtures and the devset
    (when it is beside the checkout), with odd pieces written in and the case changed."""
    texts = [
        p.read_text("utf-8")
        for folder in (ROOT / "tests" / "fixtures" / "extract", ROOT.parent / "shared" / "devset")
        if folder.is_dir()
        for p in sorted(folder.glob("*.txt"))
    ]
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        text = rnd.choice(texts)
        a = rnd.randrange(len(text))
        text = text[a : a + rnd.randint(50, 3000)]
        for _ in range(rnd.randint(0, 8)):
            k = rnd.randrange(len(text) + 1)
            text = text[:k] + rnd.choice(_ODD) + text[k:]
        text = rnd.choice((text, text, text, text.upper(), text.lower()))
        zone = timezone(timedelta(hours=rnd.choice((0, 4, -5))))
        published = datetime(
            rnd.randint(2020, 2023), rnd.randint(1, 12), rnd.randint(1, 28), 9, tzinfo=zone
        )
        out.append(repr(extract(text, published=published)))
    return out


def test_the_compiled_extractor_reads_what_its_sources_read() -> None:
    # the compiled modules against their sources (a child process on the sources), over
    # texts cut from real and written copy with odd characters, dates and figures in them
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tests.unit.extract.test_extract_native import extractions;"
            "sys.stdout.write(repr(extractions(5, 300)))",
        ],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", native.PURE_ENV: "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    here = extractions(5, 300)
    assert sum("violations=(V" in x for x in here) > 50  # the readers were reached
    assert repr(here) == child.stdout
