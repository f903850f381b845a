"""The set-based rebuild of ``items`` gives exactly the rows a replay of the log gives.

Logs of near-duplicate items (copies a word or two apart, chains where C is close to B
but not to A), revisions that move an item's text, exact duplicates, items sketched
again from their text and items with short texts are rebuilt in one pass
(``Items.bulk_rebuild``) and by replaying the log in random batches; both tables must
hold the same rows, on SQLite and PostgreSQL, and catching up after a set-based
rebuild must give what a replay of the whole log gives.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine

from tracker.ingest.identity import BANDS_BASIS, item_bands, jaccard
from tracker.projections.items import THRESHOLD, WINDOW, Items, similarity
from tracker.projections.runner import Runner
from tracker.store import EventStore, NewEvent, quarantine

BASE = datetime(2021, 3, 1, 6, 0, tzinfo=UTC)
_run = itertools.count()
_words = random.Random(20210301)
VOCABULARY = [
    "".join(_words.choice("abcdefghijklmnoprstuvz") for _ in range(_words.randint(3, 9)))
    for _ in range(400)
]
#: three long stories (shingled by words) and a short one (by characters)
STORIES = [[_words.choice(VOCABULARY) for _ in range(60)] for _ in range(3)] + [
    [_words.choice(VOCABULARY) for _ in range(9)]
]
#: word positions a copy may change: one change keeps a copy above the threshold,
#: two far apart take it below (word 5-shingles of 60 words: 51/61 and 46/66)
SLOTS = (5, 30, 52)


class Replay(Items):
    """``items`` without its set-based rebuild: every build replays the log."""

    def bulk_rebuild(self, *args: Any, **kwargs: Any) -> bool:
        return False


class Watched(Items):
    """``items`` remembering what its set-based rebuild did (True, or the error raised)."""

    def __init__(self) -> None:
        super().__init__()
        self.outcomes: list[object] = []

    def bulk_rebuild(
        self, conn: Connection, tables: dict[str, sa.Table], *args: Any, **kwargs: Any
    ) -> bool:
        try:
            done = super().bulk_rebuild(conn, tables, *args, **kwargs)
        except Exception as exc:
            self.outcomes.append(type(exc))
            raise
        self.outcomes.append(done)
        return done


def text_of(story: int, changes: tuple[int, ...]) -> str:
    words = list(STORIES[story])
    for slot in changes:
        at = SLOTS[slot] if story < 3 else slot * 3
        words[at] = f"changed{slot}"
    return " ".join(words)


def ingest(
    item: str,
    body: str,
    published: datetime | None,
    *,
    mode: str = "bands",
    revision: int = 1,
    **extra: Any,
) -> tuple[str, NewEvent, str | None]:
    """An ``ItemIngested`` (stream, event, document text): the text in a document or inline,
    its bands stored as ingest does or left to be sketched again."""
    sha = hashlib.sha256(body.encode()).hexdigest()
    title = f"Report {item}"
    data: dict[str, Any] = {
        "item_id": item,
        "feed": "wire",
        "title": title,
        "link": f"https://news.example/{item}/{revision}",
        "published_at": None if published is None else published.isoformat(),
        "published_missing": published is None,
        "content_hash": sha,
        "revision": revision,
        **extra,
    }
    inline = mode == "summary"
    if inline:
        data["summary"] = body
    else:
        data["document_sha256"] = sha
    if mode != "sketch":
        data.update(lsh_bands=list(item_bands(title, body)), lsh_basis=BANDS_BASIS)
    event = NewEvent(
        "ItemIngested", data, event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"{item}/{sha}/{revision}")
    )
    return f"item-{item}", event, None if inline else body


def append(store: EventStore, events: list[tuple[str, NewEvent, str | None]]) -> None:
    for stream, event, body in events:
        docs = (
            []
            if body is None
            else [(hashlib.sha256(body.encode()).hexdigest(), "text/plain", body)]
        )
        store.append(stream, [event], documents=docs)


def table_rows(engine: Engine) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        items = conn.execute(sa.text("SELECT * FROM items__v4 ORDER BY item_id")).all()
        bands = conn.execute(
            sa.text("SELECT * FROM item_bands__v4 ORDER BY item_id, band_key")
        ).all()
    return [tuple(r) for r in items], [tuple(r) for r in bands]


def clusters(engine: Engine) -> dict[str, tuple[str, int]]:
    with engine.connect() as conn:
        return {
            r.item_id: (r.cluster_id, r.cluster_size)
            for r in conn.execute(sa.text("SELECT item_id, cluster_id, cluster_size FROM items"))
        }


def rebuild(store: EventStore, projection: Items, **kw: Any) -> None:
    results = Runner(store, [projection], **kw).run(rebuild=True)
    assert [r.status for r in results] == ["ok"], results


op = st.one_of(
    st.tuples(
        st.just("item"),
        st.integers(0, 6),  # item: a later event of the same item is a revision
        st.sampled_from([0, 0, 0, 1, 3]),  # story: copies of one story, mostly
        st.sets(st.integers(0, 2), max_size=2).map(lambda s: tuple(sorted(s))),
        st.integers(0, 90),  # hours after the run's start: some pairs outside 72 h
        st.sampled_from(["bands", "bands", "sketch", "summary"]),
    ),
    st.tuples(st.just("duplicate"), st.integers(0, 6), st.integers(0, 6), st.integers(0, 90)),
    st.tuples(st.just("untimed"), st.integers(0, 6), st.integers(0, 3)),
)


def build(run: int, ops: list[tuple[Any, ...]]) -> list[tuple[str, NewEvent, str | None]]:
    """The log of generated operations; each run 100 days after the last, ids its own."""
    start = BASE + timedelta(days=100 * run)
    out = []
    revisions: dict[int, int] = {}
    for n, o in enumerate(ops):
        kind, slot = o[0], o[1]
        revisions[slot] = revisions.get(slot, 0) + 1
        item, rev = f"r{run}i{slot}", revisions[slot]
        if kind == "item":
            _, _, story, changes, hours, mode = o
            body = text_of(story, changes)
            out.append(ingest(item, body, start + timedelta(hours=hours), mode=mode, revision=rev))
        elif kind == "duplicate":
            _, _, of, hours = o
            body = text_of(0, ()) + f" copy {n}"
            out.append(
                ingest(
                    item,
                    body,
                    start + timedelta(hours=hours),
                    revision=rev,
                    duplicate_of=f"r{run}i{of}",
                )
            )
        else:  # no publication time: the record time stands in
            out.append(ingest(item, text_of(o[2], ()), None, revision=rev))
    return out


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops=st.lists(op, min_size=1, max_size=25),
    cut=st.integers(0, 25),
    batch=st.integers(1, 9),
)
def test_a_set_based_rebuild_and_catch_up_after_it_equal_a_replay(
    store: EventStore, engine: Engine, ops: list[tuple[Any, ...]], cut: int, batch: int
) -> None:
    events = build(next(_run), ops)
    append(store, events[:cut])
    bulk = Watched()
    rebuild(store, bulk)
    assert bulk.outcomes == ([True] if store.last_position() else [])
    append(store, events[cut:])
    results = Runner(store, [Items()], batch_size=batch).run()
    assert [r.status for r in results] == ["ok"], results
    caught_up = table_rows(engine)
    rebuild(store, Watched())
    assert table_rows(engine) == caught_up
    rebuild(store, Replay(), batch_size=batch, rebuild_batch_size=batch)
    assert table_rows(engine) == caught_up


def test_chained_copies_join_the_first_cluster_and_a_revision_leaves_it(engine: Engine) -> None:
    store = EventStore(engine)
    a, b, c = text_of(0, ()), text_of(0, (0,)), text_of(0, (0, 2))
    append(
        store,
        [
            ingest("a", a, BASE),
            ingest("b", b, BASE + timedelta(hours=1), mode="sketch"),
            ingest("c", c, BASE + timedelta(hours=2), mode="summary"),  # close to b only
            ingest("d", text_of(1, ()), BASE + timedelta(hours=3)),
            ingest("e", text_of(1, (1,)), BASE + timedelta(hours=80)),  # outside 72 h of d
            ingest("f", a, BASE + timedelta(hours=4), duplicate_of="c"),
            ingest("a", text_of(2, ()), BASE, revision=2),  # a is another story now
            ingest("g", a, BASE + timedelta(hours=5)),  # a's old text: b is the first match
        ],
    )
    bulk = Watched()
    rebuild(store, bulk)
    assert bulk.outcomes == [True]
    got = clusters(engine)
    # a's revision is its own story now; the items that joined it keep its id
    assert got == {
        "a": ("a", 5),
        "b": ("a", 5),
        "c": ("a", 5),
        "f": ("a", 5),
        "g": ("a", 5),
        "d": ("d", 1),
        "e": ("e", 1),
    }
    with_bulk = table_rows(engine)
    rebuild(store, Replay(), batch_size=2, rebuild_batch_size=2)
    assert table_rows(engine) == with_bulk


def test_a_poison_event_makes_the_rebuild_replay_the_log_and_set_it_aside(engine: Engine) -> None:
    store = EventStore(engine)
    append(
        store,
        [
            ingest("a", text_of(0, ()), BASE),
            ingest("b", text_of(0, (1,)), BASE + timedelta(hours=1), revision="second"),  # type: ignore[arg-type]
            ingest("c", text_of(0, (1,)), BASE + timedelta(hours=2)),
            # far in the future: its window does not fit a datetime, whatever it matches
            ingest("d", text_of(1, ()), datetime(9999, 12, 31, 12, tzinfo=UTC), duplicate_of="a"),
        ],
    )
    bulk = Watched()
    rebuild(store, bulk)
    assert bulk.outcomes == [ValueError]
    got = clusters(engine)
    assert got == {"a": ("a", 2), "c": ("a", 2)}
    set_aside = quarantine.list_rows(engine, stage="project")
    assert sorted(r.position for r in set_aside) == [2, 4]
    with_fallback = table_rows(engine)
    rebuild(store, Replay(), batch_size=3)
    assert table_rows(engine) == with_fallback


def test_copies_exactly_the_window_apart_across_a_slot_edge_equal_a_replay(engine: Engine) -> None:
    """The set-based pass looks up candidates by slots of ``WINDOW`` since the epoch; the
    window's ends are inclusive wherever they fall, one second past them is out."""
    store = EventStore(engine)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    edge = epoch + ((BASE - epoch) // WINDOW + 1) * WINDOW
    t0 = edge - timedelta(seconds=1)  # the last second of a slot
    t1 = t0 + timedelta(days=20)
    append(
        store,
        [
            ingest("a", text_of(0, ()), t0),
            ingest("b", text_of(0, (0,)), t0 + WINDOW),  # the window's end: joins a
            ingest("d", text_of(1, ()), t0),
            ingest("e", text_of(1, (1,)), t0 + WINDOW + timedelta(seconds=1)),  # just out
            ingest("f", text_of(2, ()), t0 + WINDOW),
            ingest("g", text_of(2, (2,)), t0),  # earlier than f by the window: joins f
            ingest("h", text_of(0, ()), t1 + 2 * WINDOW),
            ingest("h", text_of(0, ()), t1, revision=2),  # moved back two slots
            ingest("i", text_of(0, (1,)), t1 + timedelta(hours=1)),  # joins h where it is now
        ],
    )
    bulk = Watched()
    rebuild(store, bulk)
    assert bulk.outcomes == [True]
    got = {item: cluster for item, (cluster, _) in clusters(engine).items()}
    assert got == {
        "a": "a",
        "b": "a",
        "d": "d",
        "e": "e",
        "f": "f",
        "g": "f",
        "h": "h",
        "i": "h",
    }
    with_bulk = table_rows(engine)
    rebuild(store, Replay(), batch_size=1, rebuild_batch_size=1)
    assert table_rows(engine) == with_bulk


def test_ids_with_copy_escapes_equal_a_replay(engine: Engine) -> None:
    """Item ids with a backslash, tab, newline or carriage return: the band rows go by
    ``COPY`` text on PostgreSQL, which escapes them."""
    store = EventStore(engine)
    ids = ["back\\slash", "tab\there", "new\nline", "carriage\rreturn", "\\N", "\\."]
    append(
        store,
        [
            ingest(item, text_of(0, (0,) if n % 2 else ()), BASE + timedelta(hours=n))
            for n, item in enumerate(ids)
        ],
    )
    bulk = Watched()
    rebuild(store, bulk)
    assert bulk.outcomes == [True]
    got = clusters(engine)
    assert sorted(got) == sorted(ids)
    assert {cluster for cluster, _ in got.values()} == {ids[0]}
    with_bulk = table_rows(engine)
    assert {band[1] for band in with_bulk[1]} == set(ids)
    rebuild(store, Replay(), batch_size=2, rebuild_batch_size=2)
    assert table_rows(engine) == with_bulk


@given(
    a=st.frozensets(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), max_size=26),
    b=st.frozensets(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), max_size=26),
)
def test_similarity_is_the_jaccard_score_where_it_reaches_the_threshold(
    a: frozenset[str], b: frozenset[str]
) -> None:
    score = similarity(a, b)
    exact = jaccard(a, b)
    assert (score >= THRESHOLD) == (exact >= THRESHOLD)
    assert score == exact if exact >= THRESHOLD else score <= exact
