"""Fixtures for the exports: a database with the reference truces loaded and projected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from tracker.cli import cli
from tracker.db import make_engine

REFERENCE_FILE = (
    Path(__file__).resolve().parents[2]
    / "feeds"
    / "conflicts"
    / "nagorno-karabakh"
    / "reference.toml"
)


def load_and_project(url: str) -> None:
    """Load the reference truces into the database at ``url`` and project them, via the CLI."""
    for args in (["load", str(REFERENCE_FILE)], ["project"]):
        result = CliRunner().invoke(cli, ["--database", url, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output


@pytest.fixture
def projected_url(db_url: str) -> str:
    """The URL of a migrated database (SQLite and PostgreSQL) with the reference projected."""
    load_and_project(db_url)
    return db_url


@pytest.fixture
def projected_engine(projected_url: str) -> Iterator[Engine]:
    engine = make_engine(projected_url)
    yield engine
    engine.dispose()


@pytest.fixture
def projected_sqlite(tmp_path: Path) -> str:
    """The URL of a fresh SQLite database with the reference truces projected."""
    url = f"sqlite:///{tmp_path / 'analyst.db'}"
    assert CliRunner().invoke(cli, ["--database", url, "db", "upgrade"]).exit_code == 0
    load_and_project(url)
    return url
