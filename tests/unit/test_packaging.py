"""The plain install: the wheel carries every package and the migrations, and the lock
files pin every dependency that pyproject.toml declares, with hashes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tracker.store import migrate

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _locked(path: Path) -> dict[str, str]:
    """name -> version of every pin in a lock file, checking each pin has a hash."""
    text = path.read_text()
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", block)
        if m is None:
            continue
        assert "--hash=sha256:" in block, f"{path.name}: {m.group(0)} has no hash"
        pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def test_every_package_under_tracker_is_in_the_wheel_list() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(d.relative_to(ROOT).parts)
        for d in [ROOT / "tracker", *(ROOT / "tracker").rglob("*")]
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py"))
    }
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages"
    assert {"tracker.migrations", "tracker.migrations.versions"} <= listed


def test_the_migrations_are_found_through_importlib_resources() -> None:
    folder = migrate.migrations_dir()
    assert folder == Path(str(resources.files("tracker.migrations")))
    assert (folder / "env.py").is_file() and (folder / "alembic.ini").is_file()
    shipped = {p.name for p in (folder / "versions").glob("*.py")}
    assert shipped == {p.name for p in (ROOT / "migrations" / "versions").glob("*.py")}
    assert migrate.head_revision() in {p.split("_", 1)[0] for p in shipped}


@pytest.mark.slow
def test_the_wheel_carries_the_migrations(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for name in ("tracker", "migrations", "feeds/conflicts"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("tracker-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"tracker/migrations/env.py", "tracker/migrations/alembic.ini"} | {
        f"tracker/migrations/versions/{p.name}"
        for p in (ROOT / "migrations" / "versions").glob("*.py")
    }
    assert expected <= names
    pack = ROOT / "feeds" / "conflicts" / "nagorno-karabakh"
    assert {f"tracker/packs/nagorno-karabakh/{p.name}" for p in pack.iterdir()} <= names
    assert not any(n.startswith("migrations/") for n in names), "no top-level migrations package"


def test_the_lock_files_pin_every_declared_dependency_with_hashes() -> None:
    runtime = _locked(ROOT / "requirements.lock")
    test = _locked(ROOT / "requirements-test.lock")
    project = PYPROJECT["project"]
    for spec in project["dependencies"]:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in runtime, f"{name} is not in requirements.lock: run `make lock`"
        assert req.specifier.contains(runtime[name]), f"{name}=={runtime[name]} not in {spec}"
    for spec in project["optional-dependencies"]["test"]:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in test, f"{name} is not in requirements-test.lock: run `make lock`"
        assert req.specifier.contains(test[name]), f"{name}=={test[name]} not in {spec}"
    different = {n: (v, test.get(n)) for n, v in runtime.items() if test.get(n) != v}
    assert different == {}, "the two lock files pin different runtime versions"


def test_the_pip_lock_pins_a_pip_that_matches_normalised_extra_names() -> None:
    pinned = _locked(ROOT / "requirements-pip.lock")
    assert set(pinned) == {"pip"}
    # The pip 23.2 of a new Python 3.11 venv does not match "lxml[html_clean]" against
    # lxml's "html-clean" and reaches for an unpinned newer lxml; the pinned one must not.
    assert Version(pinned["pip"]) > Version("23.2.1")
