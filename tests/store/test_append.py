"""The store contract, on SQLite and PostgreSQL: appends, expected versions,
idempotency, reading, upcasting and the append-only triggers."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, text

from tracker.errors import (
    AppendOnlyViolation,
    IdempotencyConflict,
    StoreError,
    WrongExpectedVersion,
)
from tracker.store import (
    ANY,
    NO_STREAM,
    STREAM_EXISTS,
    EventStore,
    NewEvent,
    canonical_json,
    uuid7,
)


def an_event(**data: object) -> NewEvent:
    return NewEvent("SomethingHappened", {"value": 1, **data})


class TestAppend:
    def test_positions_are_contiguous_from_one_across_streams(self, store: EventStore) -> None:
        a = store.append("a-1", [an_event(), an_event()])
        b = store.append("b-1", [an_event()])
        c = store.append("a-1", [an_event()])
        assert a.positions == [1, 2] and b.positions == [3] and c.positions == [4]
        assert c.stream_version == 3
        assert store.last_position() == 4

    def test_batch_appends_to_several_streams_in_one_transaction(self, store: EventStore) -> None:
        results = store.append_batch(
            [("a-1", [an_event()], NO_STREAM), ("b-1", [an_event(), an_event()], NO_STREAM)]
        )
        assert [r.positions for r in results] == [[1], [2, 3]]

    def test_a_batch_larger_than_one_insert_statement_lands_whole_and_in_order(
        self, store: EventStore
    ) -> None:
        requests = [
            (f"item-{n}", [an_event(n=n, k=k) for k in range(3)], NO_STREAM) for n in range(700)
        ]  # 2,100 events over 700 streams, with documents and a callback in the transaction
        documents = [(f"{n:064x}", "text/plain", f"text {n}") for n in range(1_100)]
        seen: list[int] = []
        results = store.append_batch(
            requests, documents=documents, also=lambda conn: seen.append(1)
        )
        assert [p for r in results for p in r.positions] == list(range(1, 2_101))
        read = list(store.read_all(page_size=1_000))
        assert [(e.stream_id, e.stream_version, e.data["k"]) for e in read] == [
            (f"item-{n}", k + 1, k) for n in range(700) for k in range(3)
        ]
        assert store.get_documents([f"{n:064x}" for n in (0, 1_099)]) == {
            f"{0:064x}": "text 0",
            f"{1_099:064x}": "text 1099",
        }
        assert seen == [1]

    def test_a_failing_batch_leaves_nothing_behind(self, store: EventStore) -> None:
        store.append("b-1", [an_event()])
        with pytest.raises(WrongExpectedVersion):
            store.append_batch([("a-1", [an_event()], NO_STREAM), ("b-1", [an_event()], NO_STREAM)])
        assert store.stream_version("a-1") is None
        assert store.last_position() == 1

    def test_a_rolled_back_append_leaves_no_hole_in_positions(self, store: EventStore) -> None:
        store.append("a-1", [an_event()])

        def boom(_conn: object) -> None:
            raise RuntimeError("the caller's work failed")

        with pytest.raises(RuntimeError):
            store.append("a-1", [an_event()], also=boom)
        assert store.append("a-1", [an_event()]).positions == [2]

    def test_recorded_at_never_decreases_along_the_log(self, store: EventStore) -> None:
        for i in range(20):
            store.append(f"s-{i % 3}", [an_event(i=i)])
        times = [e.recorded_at for e in store.read_all()]
        assert times == sorted(times)
        assert all(t.tzinfo is not None for t in times)

    def test_bad_stream_id_is_refused(self, store: EventStore) -> None:
        with pytest.raises(StoreError, match="bad stream id"):
            store.append("", [an_event()])


class TestExpectedVersion:
    def test_no_stream_refuses_an_existing_stream(self, store: EventStore) -> None:
        store.append("a-1", [an_event()], NO_STREAM)
        with pytest.raises(WrongExpectedVersion) as err:
            store.append("a-1", [an_event()], NO_STREAM)
        assert err.value.stream_id == "a-1" and err.value.actual == 1
        assert "concurrency conflict on stream 'a-1'" in str(err.value)

    def test_exact_version_must_match(self, store: EventStore) -> None:
        store.append("a-1", [an_event(), an_event()])
        store.append("a-1", [an_event()], 2)
        with pytest.raises(
            WrongExpectedVersion, match="expected 2, but the stream is at version 3"
        ):
            store.append("a-1", [an_event()], 2)

    def test_stream_exists_refuses_a_new_stream(self, store: EventStore) -> None:
        with pytest.raises(WrongExpectedVersion, match="an existing stream"):
            store.append("a-1", [an_event()], STREAM_EXISTS)
        store.append("a-1", [an_event()], ANY)
        assert store.append("a-1", [an_event()], STREAM_EXISTS).stream_version == 2

    def test_two_writers_at_the_same_version_exactly_one_wins(self, engine: Engine) -> None:
        EventStore(engine).append("truce-x", [an_event()])
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def writer() -> None:
            store = EventStore(engine)
            barrier.wait()
            try:
                store.append("truce-x", [an_event()], 1)
                outcomes.append("ok")
            except WrongExpectedVersion:
                outcomes.append("conflict")

        threads = [threading.Thread(target=writer) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["conflict", "ok"]
        assert EventStore(engine).stream_version("truce-x") == 2


class TestIdempotency:
    def test_the_same_event_again_is_a_no_op_reporting_its_position(
        self, store: EventStore
    ) -> None:
        ev = an_event()
        store.append("other-1", [an_event()])
        first = store.append("a-1", [ev], NO_STREAM)
        store.append("a-1", [an_event()])
        again = store.append("a-1", [ev], NO_STREAM)
        assert again.positions == first.positions == [2]
        assert again.appended == 0
        assert store.last_position() == 3

    def test_a_retried_batch_is_a_no_op(self, store: EventStore) -> None:
        events = [an_event(i=i) for i in range(5)]
        store.append("a-1", events)
        assert store.append("a-1", events).appended == 0
        assert store.last_position() == 5

    def test_a_batch_of_old_and_new_events_appends_only_the_new_ones(
        self, store: EventStore
    ) -> None:
        old = [an_event(i=i) for i in range(3)]
        store.append("a-1", old)
        new = an_event(i=3)
        again = store.append_batch([("b-1", [an_event(i=9)], NO_STREAM), ("a-1", [*old, new], 3)])
        assert [r.positions for r in again] == [[4], [1, 2, 3, 5]]
        assert [r.appended for r in again] == [1, 1]
        assert [e.data["i"] for e in store.read_stream("a-1")] == [0, 1, 2, 3]

    def test_metadata_is_not_part_of_the_comparison(self, store: EventStore) -> None:
        eid = uuid7()
        store.append("a-1", [NewEvent("T", {"x": 1}, event_id=eid, metadata={"fetched_at": "1"})])
        again = store.append(
            "a-1", [NewEvent("T", {"x": 1}, event_id=eid, metadata={"fetched_at": "2"})]
        )
        assert again.appended == 0

    def test_the_same_id_with_other_data_is_an_error(self, store: EventStore) -> None:
        eid = uuid.uuid4()
        store.append("a-1", [NewEvent("T", {"x": 1}, event_id=eid)])
        with pytest.raises(IdempotencyConflict, match="the data differs") as err:
            store.append("a-1", [NewEvent("T", {"x": 2}, event_id=eid)])
        assert err.value.event_id == eid

    def test_the_same_id_in_another_stream_is_an_error(self, store: EventStore) -> None:
        eid = uuid.uuid4()
        store.append("a-1", [NewEvent("T", {"x": 1}, event_id=eid)])
        with pytest.raises(IdempotencyConflict, match="belongs to stream 'a-1'"):
            store.append("b-1", [NewEvent("T", {"x": 1}, event_id=eid)])

    def test_key_order_does_not_matter(self, store: EventStore) -> None:
        eid = uuid.uuid4()
        store.append("a-1", [NewEvent("T", {"a": 1, "b": {"c": 2, "d": 3}}, event_id=eid)])
        assert (
            store.append(
                "a-1", [NewEvent("T", {"b": {"d": 3, "c": 2}, "a": 1}, event_id=eid)]
            ).appended
            == 0
        )


class TestReading:
    def test_read_all_pages_through_everything_in_order(self, store: EventStore) -> None:
        for i in range(23):
            store.append(f"s-{i % 4}", [an_event(i=i)])
        seen = list(store.read_all(page_size=5))
        assert [e.position for e in seen] == list(range(1, 24))
        assert [e.data["i"] for e in seen] == list(range(23))

    def test_read_all_after_a_position_and_up_to_another(self, store: EventStore) -> None:
        store.append("a-1", [an_event(i=i) for i in range(10)])
        assert [e.position for e in store.read_all(after=3, up_to_position=6)] == [4, 5, 6]

    def test_read_all_filters_by_type(self, store: EventStore) -> None:
        store.append("a-1", [NewEvent("A", {}), NewEvent("B", {}), NewEvent("A", {})])
        assert [e.position for e in store.read_all(types={"A"}, page_size=1)] == [1, 3]

    def test_read_all_as_of_a_record_time_is_a_prefix(self, store: EventStore) -> None:
        store.append("a-1", [an_event()])
        cut = datetime.now(UTC) + timedelta(milliseconds=1)
        while datetime.now(UTC) <= cut:
            pass
        store.append("a-1", [an_event()])
        assert [e.position for e in store.read_all(up_to_recorded_at=cut)] == [1]
        assert store.position_at(cut) == 1

    def test_the_prefix_recorded_at_any_time_is_found_without_a_time_index(
        self, store: EventStore
    ) -> None:
        for i in range(37):  # batches share one record time: ties inside each
            store.append(f"s-{i % 3}", [an_event(i=i, k=k) for k in range(1 + i % 4)])
        log = list(store.read_all())
        times = sorted({e.recorded_at for e in log})
        tick = timedelta(microseconds=1)
        for t in [times[0] - tick, *times, *(t + tick for t in times), times[-1] + tick]:
            expected = [e.position for e in log if e.recorded_at <= t]
            assert store.position_at(t) == (expected[-1] if expected else 0)
            assert [e.position for e in store.read_all(up_to_recorded_at=t, page_size=7)] == (
                expected
            )

    def test_read_stream_returns_envelopes_with_metadata(self, store: EventStore) -> None:
        occurred = datetime(2020, 10, 10, 8, 0, tzinfo=UTC)
        ev = NewEvent(
            "TruceAnnounced",
            {"truce_id": "t"},
            metadata={"source": {"url": "u"}},
            occurred_at=occurred,
        )
        store.append("truce-t", [ev])
        (got,) = store.read_stream("truce-t")
        assert got.event_id == ev.event_id and got.metadata == {"source": {"url": "u"}}
        assert got.occurred_at == occurred and got.stream_version == 1

    def test_occurred_times_come_back_as_written_to_the_microsecond(
        self, store: EventStore
    ) -> None:
        plus_four = timezone(timedelta(hours=4))  # Baku time
        times = [
            datetime(2020, 9, 27, 4, 10, 0, 123456, tzinfo=UTC),
            datetime(2020, 11, 10, 1, 0, tzinfo=plus_four),
            datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC),  # before year 1000: still four digits
            datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        ]
        store.append("a-1", [NewEvent("T", {"i": i}, occurred_at=t) for i, t in enumerate(times)])
        got = [e.occurred_at for e in store.read_stream("a-1")]
        assert got == times
        assert [g.utcoffset() for g in got if g is not None] == [timedelta(0)] * 4

    def test_old_schema_versions_are_upcast_on_read(self, engine: Engine) -> None:
        def v1_to_v2(data: dict[str, object]) -> dict[str, object]:
            return {**data, "precision": "day"}

        EventStore(engine).append("a-1", [NewEvent("T", {"x": 1}, schema_version=1)])
        store = EventStore(engine, upcasters={("T", 1): v1_to_v2})
        (got,) = store.read_stream("a-1")
        assert got.schema_version == 2 and got.data == {"x": 1, "precision": "day"}

    def test_read_payloads_gives_what_read_all_gives_without_ids_and_metadata(
        self, engine: Engine
    ) -> None:
        def v1_to_v2(data: dict[str, object]) -> dict[str, object]:
            return {**data, "precision": "day"}

        EventStore(engine).append(
            "a-1",
            [
                NewEvent("T", {"x": 1}, schema_version=1),
                NewEvent("U", {"x": 2}),
                # orjson reads integers beyond 64 bits as floats: json reads them
                NewEvent(
                    "T",
                    {"big": 2**70 + 1, "s": "é\u2028", "f": 0.1, "e": 1e-05, "n": None},
                    schema_version=2,
                ),
                *(NewEvent("T", {"i": i}, schema_version=2) for i in range(7)),
            ],
        )
        store = EventStore(engine, upcasters={("T", 1): v1_to_v2})
        want = [
            (e.position, e.stream_id, e.type, e.schema_version, e.data, e.recorded_at)
            for e in store.read_all(types={"T"}, up_to_position=9)
        ]
        got = [tuple(p) for p in store.read_payloads({"T"}, up_to_position=9, page_size=2)]
        assert got == want
        assert got[0][3:5] == (2, {"x": 1, "precision": "day"}) and got[1][4]["big"] == 2**70 + 1
        assert [p.position for p in store.read_payloads({"T", "U"}, after=8)] == [9, 10]
        assert list(store.read_payloads(set())) == []
        # with the stored text where it is the payload's canonical JSON (SQLite, not upcast)
        texts = list(store.read_payload_texts({"T"}, up_to_position=9, page_size=2))
        assert [tuple(p) for p, _ in texts] == want
        postgres = engine.dialect.name == "postgresql"
        assert texts[0][1] is None  # upcast: the stored text is of the old payload
        assert [t for _, t in texts[1:]] == [
            None if postgres else canonical_json(p.data) for p, _ in texts[1:]
        ]
        assert list(store.read_payload_texts(set())) == []

    def test_postgresql_fetches_the_next_page_of_payloads_while_the_caller_takes_one(
        self, store: EventStore, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        store.append("a-1", [NewEvent("T", {"i": i}) for i in range(5)])
        fetched: list[tuple[object, ...]] = []
        fetch = store._fetch_rows

        def counted(sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
            fetched.append(params)
            return fetch(sql, params)

        monkeypatch.setattr(store, "_fetch_rows", counted)
        pages = store.read_payloads({"T"}, page_size=2)
        assert next(pages).position == 1
        ahead = 2 if store.is_postgres else 1  # SQLite reads a page when it is wanted
        deadline = time.monotonic() + 10
        while len(fetched) < ahead and time.monotonic() < deadline:
            time.sleep(0.01)
        assert [p[0] for p in fetched] == [0, 2][:ahead]
        assert [p.position for p in pages] == [2, 3, 4, 5]
        # PostgreSQL's pages are windows up to the head seen at the start (5), then one
        # open window for what was appended since
        assert [p[0] for p in fetched] == ([0, 2, 4, 5] if store.is_postgres else [0, 2, 4])
        early = store.read_payloads({"T"}, page_size=2)
        assert next(early).position == 1
        early.close()  # a caller that stops early is not held up

    def test_documents_are_stored_once_by_hash(self, store: EventStore) -> None:
        store.append("item-1", [an_event()], documents=[("ab" * 32, "text/plain", "hello")])
        store.append("item-2", [an_event()], documents=[("ab" * 32, "text/plain", "hello")])
        assert store.get_document("ab" * 32) == "hello"


class TestAppendOnly:
    @pytest.mark.parametrize("sql", ["UPDATE events SET type = 'X'", "DELETE FROM events"])
    def test_changing_the_log_by_hand_is_refused(self, engine: Engine, sql: str) -> None:
        EventStore(engine).append("a-1", [an_event()])
        with pytest.raises(Exception, match="events is append-only"), engine.begin() as conn:
            conn.execute(text(sql))
        assert EventStore(engine).last_position() == 1

    def test_documents_cannot_be_deleted(self, engine: Engine) -> None:
        EventStore(engine).append("a-1", [an_event()], documents=[("cd" * 32, "text/plain", "x")])
        with pytest.raises(Exception, match="documents is append-only"), engine.begin() as conn:
            conn.execute(text("DELETE FROM documents"))

    @pytest.mark.postgres
    def test_truncate_is_refused_on_postgresql(self, pg_engine: Engine) -> None:
        engine = pg_engine
        EventStore(engine).append("a-1", [an_event()])
        with (
            pytest.raises(Exception, match="events is append-only: TRUNCATE"),
            engine.begin() as conn,
        ):
            conn.execute(text("TRUNCATE events"))

    def test_store_errors_name_the_append_only_rule(self, store: EventStore) -> None:
        store.append("a-1", [an_event()])
        with (
            pytest.raises(AppendOnlyViolation, match="append-only"),
            store._translate(),
            store.engine.begin() as conn,
        ):
            conn.execute(text("DELETE FROM events"))
