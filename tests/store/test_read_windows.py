"""Paged reads of the log: each PostgreSQL page bounded to a window of positions.

Without statistics on ``events`` PostgreSQL planned ``position > cursor AND type IN (...)
ORDER BY position LIMIT n`` as a scan of every later position and a sort, so each page
of a typed read cost the whole rest of the log. Each page's query now carries an upper
bound, so the positions the server may visit for a page are bounded whatever the plan.
"""

from __future__ import annotations

from typing import Any

import pytest

from tracker.store import EventStore, NewEvent

# one rare type among many common ones: the typed reads of the rebuilds
_KINDS = ["A"] * 9 + ["B"]


def _fill(store: EventStore, count: int) -> None:
    store.append("s-1", [NewEvent(_KINDS[i % len(_KINDS)], {"i": i}) for i in range(count)])


def _recorded(store: EventStore, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The parameters of every page query the store sends."""
    seen: list[tuple[Any, ...]] = []
    select, fetch = store._select, store._fetch_rows

    def sel(sql: str, params: tuple[Any, ...]) -> Any:
        seen.append(tuple(params))
        return select(sql, params)

    def fet(sql: str, params: tuple[Any, ...]) -> Any:
        seen.append(tuple(params))
        return fetch(sql, params)

    monkeypatch.setattr(store, "_select", sel)
    monkeypatch.setattr(store, "_fetch_rows", fet)
    return seen


@pytest.mark.parametrize("types", [None, {"A"}, {"B"}, {"A", "B"}])
@pytest.mark.parametrize("up_to", [None, 157, 400])
def test_typed_paged_reads_give_every_event_once_in_order(
    store: EventStore, types: set[str] | None, up_to: int | None
) -> None:
    _fill(store, 400)
    want = [
        e.position
        for e in store.read_all(page_size=10_000)
        if (types is None or e.type in types) and (up_to is None or e.position <= up_to)
    ]
    assert want  # every case reads something
    got = [e.position for e in store.read_all(page_size=7, types=types, up_to_position=up_to)]
    assert got == want
    if types:
        payloads = store.read_payloads(types, page_size=7, up_to_position=up_to)
        assert [p.position for p in payloads] == want
        texts = store.read_payload_texts(types, after=3, page_size=7, up_to_position=up_to)
        assert [p.position for p, _ in texts] == [p for p in want if p > 3]


#: The windows are PostgreSQL's (SQLite walks its primary key in order: one open window).
_POSTGRESQL = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@_POSTGRESQL
@pytest.mark.parametrize("read", ["read_all", "read_payloads"])
def test_postgresql_pages_are_windows_of_bounded_span(
    store: EventStore, monkeypatch: pytest.MonkeyPatch, read: str
) -> None:
    _fill(store, 600)
    seen = _recorded(store, monkeypatch)
    if read == "read_all":
        got = [e.position for e in store.read_all(page_size=20, types={"B"})]
    else:
        got = [p.position for p in store.read_payloads({"B"}, page_size=20)]
    assert got == list(range(10, 601, 10))
    head = store.last_position()
    windows = [(int(p[0]), int(p[-1])) for p in seen]
    # every page up to the head seen at the start is bounded: the server visits at most
    # that many positions for it, whatever its plan
    bounded = [(lo, hi) for lo, hi in windows if lo < head]
    assert bounded and all(lo < hi <= head for lo, hi in bounded)
    assert max(hi - lo for lo, hi in bounded) < head  # never the whole rest of the log
    # the windows tile the log with no gap: each begins where the last page left off
    ends = [hi for _, hi in bounded]
    assert windows[0][0] == 0 and ends[-1] == head
    # a rare type takes fewer queries than pages of its span (the span grows)
    assert len(bounded) < head // 20


@_POSTGRESQL
def test_postgresql_reads_events_appended_during_the_read(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(store, 50)
    pages = store.read_all(page_size=10)
    first = [next(pages).position for _ in range(5)]
    store.append("s-2", [NewEvent("A", {"late": i}) for i in range(3)])
    rest = [e.position for e in pages]
    assert first + rest == list(range(1, 54))
