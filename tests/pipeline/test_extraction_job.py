"""The extraction job: ingested items in, claim events out, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

from sqlalchemy import Engine, text

from tracker.app.extract import extract_pending
from tracker.projections import project
from tracker.store import EventStore, NewEvent

STORY = (
    "The Azerbaijani Defence Ministry said on Tuesday that Armenian forces had shelled the "
    "Terter district overnight, killing two civilians. Armenia's Defence Ministry denied the "
    "accusation and said Azerbaijani troops had fired artillery at positions near Martuni."
)
PUBLISHED = datetime(2020, 10, 27, 15, 30, tzinfo=UTC)


def ingest(store: EventStore, item: str, body: str, **extra: object) -> None:
    sha = hashlib.sha256(body.encode()).hexdigest()
    data = {
        "item_id": item,
        "feed": "wire",
        "title": "Both sides trade blame as truce frays",
        "link": f"https://news.example/{item}",
        "document_sha256": sha,
        "published_at": PUBLISHED.isoformat(),
        "duplicate_of": None,
        **extra,
    }
    store.append(
        f"item-{item}",
        [NewEvent("ItemIngested", data, event_id=uuid.uuid5(uuid.NAMESPACE_URL, item + sha))],
        documents=[(sha, "text/plain", body)],
    )


def count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def test_items_become_claims_with_their_evidence_and_a_rerun_adds_nothing(
    store: EventStore,
) -> None:
    ingest(store, "a", STORY)
    first = extract_pending(store)
    assert first.items == 1 and first.events > 1
    reports = [e for e in store.read_all() if e.type == "ViolationReported"]
    assert {(r.data["accuser"], r.data["accused"]) for r in reports} >= {("AZ", "AM"), ("AM", "AZ")}
    for r in reports:
        start, end = r.data["provenance"]["span"]
        assert 0 <= start < end <= len(STORY)
        assert r.data["provenance"]["quote"] == STORY[start:end]
        assert r.data["provenance"]["item_id"] == "a"
        assert r.data["provenance"]["extractor"].startswith("extractor:v")
    spans = {tuple(r.data["provenance"]["span"]) for r in reports}
    assert any("Terter" in STORY[a:b] for a, b in spans) and any(
        "Martuni" in STORY[a:b] for a, b in spans
    )
    terter = next(r for r in reports if r.data["accuser"] == "AZ")
    assert [p["canonical"] for p in terter.data["places"]] == ["Terter"]
    before = store.last_position()
    again = extract_pending(store)
    assert again.items == 0 and again.events == 0
    assert store.last_position() == before


def test_exact_duplicates_are_not_extracted_twice(store: EventStore) -> None:
    ingest(store, "a", STORY)
    ingest(store, "b", STORY + " ", duplicate_of="a")
    summary = extract_pending(store)
    assert summary.items == 2 and summary.duplicates == 1
    sources = {
        e.data["provenance"]["item_id"] for e in store.read_all() if e.type == "ViolationReported"
    }
    assert sources == {"a"}


def test_a_new_extractor_version_supersedes_the_old_claims_without_deleting_them(
    store: EventStore, engine: Engine
) -> None:
    ingest(store, "a", STORY)
    extract_pending(store, version=1)
    project(store)
    shown_v1 = count(engine, "SELECT count(*) FROM violation_reports")
    logged_v1 = sum(1 for e in store.read_all() if e.type == "ViolationReported")
    assert shown_v1 == logged_v1 > 0
    summary = extract_pending(store, version=2)
    assert summary.items == 1 and summary.events > 0
    project(store)
    logged = sum(1 for e in store.read_all() if e.type == "ViolationReported")
    assert logged == 2 * logged_v1, "nothing is deleted: both extractions stay in the log"
    assert count(engine, "SELECT count(*) FROM violation_reports") == shown_v1
    with engine.connect() as conn:
        versions = {row[0] for row in conn.execute(text("SELECT report_id FROM violation_reports"))}
    v2 = {
        e.data["report_id"]
        for e in store.read_all()
        if e.type == "ViolationReported" and e.data["provenance"]["extractor"] == "extractor:v2"
    }
    assert versions == v2


def test_a_clock_time_today_keeps_its_minute_from_the_text_to_the_views(
    store: EventStore, engine: Engine
) -> None:
    # published 18 Oct 2020 14:00 UTC (18:00 in the item's zone, +04:00)
    body = "Armenia's Defence Ministry said Azerbaijani rockets hit Martuni today 8.45 a.m."
    ingest(store, "t", body, published_at=datetime(2020, 10, 18, 14, 0, tzinfo=UTC).isoformat())
    extract_pending(store)
    project(store)
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT occurred_precision, occurred_day, occurred_local FROM violation_reports "
                "WHERE source_item_id = 't'"
            )
        ).one()
    assert tuple(row) == ("minute", "2020-10-18", "2020-10-18 08:45 +04:00")


def test_a_figure_said_with_a_violation_gets_its_report_and_day_in_the_one_vocabulary(
    store: EventStore, engine: Engine
) -> None:
    ingest(store, "a", STORY)
    extract_pending(store)
    project(store)
    with engine.connect() as conn:
        (row,) = conn.execute(
            text(
                "SELECT c.side, c.side_actor, c.category, c.outcome, c.qualifier, c.origin, "
                "c.incident_day, c.report_id, v.occurred_day, v.accuser "
                "FROM casualty_claims c JOIN violation_reports v ON v.report_id = c.report_id"
            )
        ).all()
    assert row.category == "civilian_killed" and row.outcome == "killed"
    assert (row.qualifier, row.origin) == ("exact", "machine")
    assert row.incident_day == row.occurred_day and row.accuser == "AZ"
    assert row.side in ("armenian", "azerbaijani", "both") and row.side_actor is None


def test_a_figure_without_a_violation_gets_the_day_its_sentence_gives_and_no_more(
    store: EventStore, engine: Engine
) -> None:
    dated = "Officials said a rocket struck Tartar on 17 October, killing four civilians."
    toll = "Officials said thirty soldiers have been killed since 27 September."
    when = datetime(2020, 10, 19, 14, 0, tzinfo=UTC).isoformat()
    ingest(store, "d", dated, published_at=when)
    ingest(store, "t", toll, published_at=when)
    extract_pending(store)
    project(store)
    with engine.connect() as conn:
        days = dict(
            conn.execute(
                text("SELECT figure, incident_day FROM casualty_claims WHERE origin = 'machine'")
            ).all()
        )
    assert days == {4: "2020-10-17", 30: None}
