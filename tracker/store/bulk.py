"""Rows for SQLite: many in few statements (``INSERT … VALUES (…), (…), …``), and times.

Owns how the store writes a batch of rows to SQLite and the text its times are stored
as. Must not know any table: callers give the statement's head, one row's ``VALUES``
group and the rows.

Why. Python's ``sqlite3`` releases the GIL around every step of a statement, and
``executemany`` steps once per row. In a process whose other threads want the GIL (the
ingester's fetch threads), every row then waits to take it back, up to the
interpreter's switch interval: 20,000 event rows took 0.39 s alone and 280 s beside two
busy threads, and 1.4 s as multi-row statements (one step per chunk). Rows per
statement stay under SQLite's limit on bound variables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from itertools import chain
from typing import Any

#: Rows per statement at most (the statement text grows with it).
MAX_ROWS = 500
#: SQLite's bound-variable limit before 3.32 (later versions allow 32,766).
SAFE_VARIABLES = 999


def variable_limit(sqlite_connection: Any) -> int:
    """The most ``?`` one statement may bind on this sqlite3 connection."""
    getlimit = getattr(sqlite_connection, "getlimit", None)  # Python 3.11+
    if getlimit is None:
        return SAFE_VARIABLES
    import sqlite3

    return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


def insert_rows(
    execute: Callable[[str, Sequence[Any]], object],
    head: str,
    group: str,
    rows: Sequence[Sequence[Any]],
    *,
    tail: str = "",
    max_variables: int = SAFE_VARIABLES,
) -> None:
    """Run ``{head} VALUES {group}, {group}, … {tail}`` for ``rows``, a chunk at a time.

    ``group`` is one row's parenthesised values with a ``?`` per item of each row (it
    may hold literals too); ``execute(sql, params)`` runs one statement.
    """
    if not rows:
        return
    width = group.count("?")
    per = max(1, min(MAX_ROWS, max_variables // max(1, width)))
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        sql = f"{head} VALUES {','.join([group] * len(chunk))} {tail}".rstrip()
        execute(sql, tuple(chain.from_iterable(chunk)))


def utc_from_text(value: Any) -> datetime:
    """A store time column's value as an aware UTC datetime: the inverse of ``utc_text``.

    SQLite gives the naive UTC text ``utc_text`` wrote (or SQLAlchemy's, the same format);
    PostgreSQL gives an aware datetime. The one reader of the store's times.
    """
    if isinstance(value, str):
        if len(value) == 26:  # our own format: 5x faster than .replace(tzinfo=...)
            return datetime.fromisoformat(value + "+00:00")
        parsed = datetime.fromisoformat(value)
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    if not isinstance(value, datetime):
        raise TypeError(f"not a time: {value!r}")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_text(value: datetime) -> str:
    """``value`` as SQLite holds the store's times: UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``.

    The format of SQLAlchemy's SQLite ``DATETIME`` (naive means UTC). ``isoformat``
    costs a fifth of ``strftime`` and pads the year to four digits (``strftime`` writes
    999, which ``fromisoformat`` and SQLite's date functions refuse).
    """
    if value.tzinfo is UTC:  # the usual case: the text without its "+00:00"
        return value.isoformat(" ", "microseconds")[:26]
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")
