"""Build hook: the extractor's hot modules compiled to C with mypyc.

The project's metadata lives in pyproject.toml; this file adds the compiled extractor.
``tracker/extract`` is plain, type-checked Python; mypyc (shipped with mypy) turns the
modules of ``tracker.extract.native.MODULES`` into C extensions that run the same code
faster. The build writes the digest of the sources it compiled beside them, so that an
edited source is never shadowed by an older compiled module (``tracker.extract.native``).
``TRACKER_PURE_PYTHON=1`` at install time compiles nothing: the sources run, with the
same results; so does an install on a machine with no C compiler or no Python headers
(with a warning).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("_native", ROOT / "tracker/extract/native.py")
assert _spec is not None and _spec.loader is not None
native = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(native)
#: The sources as mypyc reads them, before it compiles them.
DIGEST = native.digest(ROOT / "tracker/extract")


class BuildExt(build_ext):
    """``build_ext`` that also writes ``native.digest`` beside the compiled group."""

    def run(self) -> None:
        super().run()
        if not self.extensions:
            return
        group = Path(self.get_ext_fullpath(native.GROUP))
        (group.parent / native.DIGEST_FILE).write_text(DIGEST + "\n")


def compiler_missing() -> str | None:
    """Why no extension can be built here (no C compiler, no Python headers), or None."""
    cc = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"no C compiler ({cc}) on PATH"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        return "no Python headers (Python.h)"
    return None


def ext_modules() -> list[object]:
    if native.pure_requested():
        return []
    missing = compiler_missing()
    if missing is not None:
        print(
            f"warning: {missing}: the extractor is not compiled and runs from its Python "
            f"sources, slower (set {native.PURE_ENV}=1 to silence this)",
            file=sys.stderr,
        )
        return []
    from mypyc.build import mypycify

    sources = [str(native.source_path(m, Path("tracker/extract"))) for m in native.MODULES]
    return list(mypycify(sources, opt_level="3", group_name=native.GROUP.removesuffix("__mypyc")))


setup(ext_modules=ext_modules(), cmdclass={"build_ext": BuildExt})
