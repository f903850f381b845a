"""Which extractor runs: the modules compiled with mypyc, or their Python sources.

An install compiles the extractor's hot modules to C with mypyc (``setup.py``); the same
code then runs about a third more articles per second (docs/performance.md, "The extractor compiled with
mypyc"). Python imports an extension module before a source file of the same name, so a
compiled module built from older sources (a source edited after the install, a checkout
of another commit) would run the old code. The build records one digest of the sources
it compiled (``native.digest``); at import, ``choose`` compares it with the sources on
disk and, when they differ or ``TRACKER_PURE_PYTHON`` is set, imports the sources
instead (with a warning that names the fix). Results are the same either way.

Standard library only: ``setup.py`` loads this file by path, before anything is installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

#: The compiled modules, in the order their sources enter the digest. The package's
#: ``__init__`` modules and this one stay Python.
MODULES = (
    "tracker.extract.actors",
    "tracker.extract.attribution",
    "tracker.extract.casualties",
    "tracker.extract.claims",
    "tracker.extract.extractor",
    "tracker.extract.model",
    "tracker.extract.needles",
    "tracker.extract.numbers",
    "tracker.extract.openings",
    "tracker.extract.places",
    "tracker.extract.text",
    "tracker.extract.timeexpr",
    "tracker.extract.truces",
    "tracker.extract.lang.lexicon",
    "tracker.extract.lang.reader",
    "tracker.extract.lang.ru",
)
#: The shared library mypyc builds for the group (``setup.py``'s ``group_name``).
GROUP = "tracker.extract.native__mypyc"
#: The digest of the compiled sources, written beside the compiled modules by the build.
DIGEST_FILE = "native.digest"
#: Set (to anything but "" or "0") at install time: nothing is compiled; at run time: the
#: sources are imported even where compiled modules are installed.
PURE_ENV = "TRACKER_PURE_PYTHON"

_HERE = Path(__file__).resolve().parent


def source_path(module: str, package_dir: Path = _HERE) -> Path:
    """The source file of one of ``MODULES`` under the package directory."""
    return package_dir.joinpath(*module.split(".")[2:]).with_suffix(".py")


def digest(package_dir: Path = _HERE) -> str:
    """SHA-256 over the sources of ``MODULES``, in order (names and contents)."""
    h = hashlib.sha256()
    for module in MODULES:
        h.update(module.encode() + b"\0" + source_path(module, package_dir).read_bytes() + b"\0")
    return h.hexdigest()


def pure_requested() -> bool:
    return os.environ.get(PURE_ENV, "") not in ("", "0")


def installed() -> bool:
    """Whether compiled modules are installed beside the sources."""
    return importlib.util.find_spec(GROUP) is not None


class _SourcesFirst:
    """A meta path finder that imports ``MODULES`` from their ``.py`` files."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, source_path(fullname))


def choose() -> str:
    """``"compiled"`` or ``"python"``: which modules the imports that follow load.

    Called by ``tracker.extract`` before it imports any of ``MODULES``.
    """
    loaded = next((sys.modules[m] for m in MODULES if m in sys.modules), None)
    if loaded is not None:  # already chosen in this process
        return "python" if str(getattr(loaded, "__file__", "")).endswith(".py") else "compiled"
    if not installed():
        return "python"
    if not pure_requested():
        recorded = _HERE / DIGEST_FILE
        if recorded.is_file() and recorded.read_text("ascii").strip() == digest():
            return "compiled"
        warnings.warn(
            "the compiled extractor was built from other sources than these (edited since the "
            "install?): running the Python sources, slower; `make install` (or `pip install "
            "-e .`) compiles them again, TRACKER_PURE_PYTHON=1 runs the sources without this "
            "warning",
            RuntimeWarning,
            stacklevel=2,
        )
    if not any(isinstance(f, _SourcesFirst) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourcesFirst())
    return "python"
