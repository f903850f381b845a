"""Multi-row SQLite inserts: every row lands once, in order, in few statements."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from tracker.store import bulk


def _db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, name TEXT, hits INTEGER NOT NULL)")
    return db


def test_rows_are_split_under_the_variable_limit_and_all_arrive_in_order() -> None:
    db = _db()
    statements: list[int] = []

    def execute(sql: str, params: Sequence[Any]) -> object:
        statements.append(len(params))
        return db.execute(sql, params)

    rows = [(k, f"n{k}") for k in range(1_234)]
    bulk.insert_rows(execute, "INSERT INTO t (k, name, hits)", "(?, ?, 1)", rows, max_variables=999)
    assert db.execute("SELECT k, name FROM t ORDER BY k").fetchall() == rows
    assert all(n <= 999 for n in statements)
    assert len(statements) == 3  # 500 rows a statement at most: 500 + 500 + 234


def test_a_tail_clause_applies_to_every_row() -> None:
    db = _db()
    head, group = "INSERT INTO t (k, name, hits)", "(?, ?, 1)"
    tail = "ON CONFLICT (k) DO UPDATE SET hits = t.hits + 1"
    bulk.insert_rows(db.execute, head, group, [(1, "a"), (2, "b")], tail=tail)
    bulk.insert_rows(db.execute, head, group, [(2, "b"), (3, "c")], tail=tail)
    assert db.execute("SELECT k, hits FROM t ORDER BY k").fetchall() == [(1, 1), (2, 2), (3, 1)]


def test_no_rows_run_no_statement_and_the_limit_is_read_from_the_connection() -> None:
    calls: list[str] = []
    bulk.insert_rows(lambda sql, params: calls.append(sql), "INSERT INTO t", "(?)", [])
    assert calls == []
    assert bulk.variable_limit(sqlite3.connect(":memory:")) >= bulk.SAFE_VARIABLES
    assert bulk.variable_limit(object()) == bulk.SAFE_VARIABLES


def test_times_are_stored_as_utc_text_in_one_format() -> None:
    naive = datetime(2020, 11, 10, 1, 0, 0, 5)
    assert bulk.utc_text(naive.replace(tzinfo=UTC)) == "2020-11-10 01:00:00.000005"
    assert bulk.utc_text(naive) == "2020-11-10 01:00:00.000005"  # naive means UTC
    baku = timezone(timedelta(hours=4))
    assert bulk.utc_text(datetime(2020, 11, 10, 5, 0, tzinfo=baku)) == "2020-11-10 01:00:00.000000"
    assert bulk.utc_text(datetime(999, 1, 2, tzinfo=UTC)) == "0999-01-02 00:00:00.000000"
