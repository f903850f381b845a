"""deploy/datasette/metadata.json agrees with a freshly projected SQLite database."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tracker.report.exports import ANALYST_VIEWS

ROOT = Path(__file__).resolve().parents[2]
METADATA = ROOT / "deploy" / "datasette" / "metadata.json"
SAMPLE_PARAMETERS = {"at": "2020-10-11T00:00:00Z", "truce_id": ""}


def _metadata() -> dict[str, Any]:
    return dict(json.loads(METADATA.read_text(encoding="utf-8")))


def _database(url: str) -> sqlite3.Connection:
    return sqlite3.connect(url.removeprefix("sqlite:///"))


def _columns(conn: sqlite3.Connection, view: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{view}")')]


def test_the_metadata_has_a_title_a_license_a_source_and_describes_every_analyst_view() -> None:
    meta = _metadata()
    assert meta["title"] and meta["license"] and meta["source"]
    tables = _described(meta)
    assert list(tables) == list(ANALYST_VIEWS)
    assert all(t["description"] for t in tables.values())


def _described(meta: dict[str, Any]) -> dict[str, Any]:
    """The tables the metadata describes (not the hidden internals)."""
    tables = meta["databases"]["tracker"]["tables"]
    return {name: t for name, t in tables.items() if not t.get("hidden")}


def test_datasette_hides_every_internal_table_and_shows_every_analyst_view(
    projected_sqlite: str,
) -> None:
    tables = _metadata()["databases"]["tracker"]["tables"]
    hidden = {name for name, t in tables.items() if t.get("hidden") is True}
    with _database(projected_sqlite) as conn:
        relations = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name NOT LIKE 'sqlite_%'"
            )
        }
    internal = relations - set(ANALYST_VIEWS)
    assert {"events", "documents", "feed_state", "alembic_version"} <= internal
    assert internal - hidden == set(), "hide these in deploy/datasette/metadata.json"
    assert hidden - internal == set(), "these hidden tables no longer exist"
    assert not hidden & set(ANALYST_VIEWS)


def test_every_view_and_column_in_the_metadata_exists_and_every_column_is_described(
    projected_sqlite: str,
) -> None:
    tables = _described(_metadata())
    with _database(projected_sqlite) as conn:
        for view, described in tables.items():
            actual = _columns(conn, view)
            assert actual, f"{view} is not in the projected database"
            assert set(described["columns"]) == set(actual), view
            assert all(described["columns"].values()), f"{view} has an empty description"


@pytest.mark.parametrize(
    "name",
    [
        "truce_status_at",
        "reports_per_day_by_accuser",
        "time_to_first_violation",
        "casualty_claims_by_claimant",
        "feed_health_now",
    ],
)
def test_each_canned_query_runs_on_the_projected_database(projected_sqlite: str, name: str) -> None:
    query = _metadata()["databases"]["tracker"]["queries"][name]
    assert query["title"] and query["description"]
    with _database(projected_sqlite) as conn:
        rows = conn.execute(query["sql"], SAMPLE_PARAMETERS).fetchall()
    if name == "time_to_first_violation":
        assert [r[0] for r in rows][:3] == ["nk-2020-10-10", "nk-2020-10-18", "nk-2020-10-26"]
    if name == "truce_status_at":
        assert [(r[0], r[2]) for r in rows] == [("nk-2020-10-10", "collapsed")]


def _documented_columns(text: str) -> dict[str, set[str]]:
    """``### `view` `` sections of docs/sql.md and the ``| `column` | ... |`` rows under them."""
    views: dict[str, set[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        heading = re.match(r"^###\s+`(\w+)`", line)
        if heading:
            current = heading.group(1)
            views[current] = set()
            continue
        if line.startswith("#"):
            current = None
        cell = re.match(r"^\|\s*`(\w+)`\s*\|", line)
        if current is not None and cell:
            views[current].add(cell.group(1))
    return views


def test_the_metadata_describes_the_same_columns_as_docs_sql_md() -> None:
    sql_doc = ROOT / "docs" / "sql.md"
    if not sql_doc.exists():
        pytest.skip("docs/sql.md is not written yet")
    documented = _documented_columns(sql_doc.read_text(encoding="utf-8"))
    tables = _described(_metadata())
    for view, described in tables.items():
        if view == "feed_health" and view not in documented:
            continue
        assert view in documented, f"{view} is missing from docs/sql.md"
        assert set(described["columns"]) == documented[view], view
