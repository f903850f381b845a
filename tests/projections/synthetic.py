"""A synthetic log at scale: news items, each with one accusation and one casualty figure.

Shared by the projection tests at scale and ``benchmarks/bench_projections.py``. Every
item gives four events, as the service writes them: ``ItemIngested``, the extracted
``ViolationReported`` and ``CasualtyClaimReported``, and the ``ItemExtracted`` marker.
Items are spread over the three years after the reference truces (about
``per_day`` items a day), so incident buckets, corroboration groups and timeline days
stay as small as they are in real copy. Deterministic for a given ``start``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from tracker.domain.events import CasualtyClaimReported, Event, ItemExtracted, ViolationReported
from tracker.domain.values import Place, Provenance, ValidTime
from tracker.ingest.identity import BANDS_BASIS, item_bands
from tracker.store import ANY, EventStore, NewEvent

T0 = datetime(2020, 10, 10, 12, 0, tzinfo=UTC)
PLACES = ("Terter", "Hadrut", "Shusha", "Aghdam", "Fuzuli", "Lachin", "Jabrayil", "Kalbajar")
PAIRS = (("AZ", "AM"), ("AM", "AZ"), ("NK", "AZ"), ("AZ", "NK"), ("RU", "AZ"))
WEAPONS = ("", "small arms", "artillery", "mortar", "drone")
NS = uuid.UUID("6f1d9c0e-3b1c-4b8e-9a51-0f2d2f1f5e11")


def _new(ev: Event, key: str) -> NewEvent:
    return NewEvent(
        ev.TYPE,
        ev.to_data(),
        schema_version=ev.SCHEMA_VERSION,
        metadata={"recorded_by": "synthetic"},
        event_id=uuid.uuid5(NS, key),
    )


def item_events(i: int, per_day: int = 90) -> list[tuple[str, NewEvent]]:
    """The four events of synthetic item ``i`` as (stream, event) pairs."""
    rnd = random.Random(i)
    item_id = f"syn{i:07d}"
    published = T0 + timedelta(minutes=i * 1440 // per_day + rnd.randint(0, 600))
    occurred = ValidTime(published - timedelta(hours=rnd.randint(1, 30)), "hour", "+04:00")
    accuser, accused = PAIRS[rnd.randrange(len(PAIRS))]
    places = tuple(Place(p, p) for p in rnd.sample(PLACES, rnd.randint(0, 2)))
    prov = Provenance(
        item_id=item_id,
        published=ValidTime(published, "minute", "+00:00"),
        span=(0, 40),
        quote="synthetic quote",
        extractor="extractor:v2",
    )
    report = ViolationReported(
        report_id=f"{item_id}-r1",
        accuser=accuser,
        accused=accused,
        occurred=occurred,
        places=places,
        weapon=WEAPONS[rnd.randrange(len(WEAPONS))],
        killed=rnd.choice((None, None, 1, 2)),
        description="synthetic accusation",
        status="extracted-unconfirmed",
        provenance=prov,
    )
    claim = CasualtyClaimReported(
        claim_id=f"{item_id}-c1",
        claimant=accuser,
        side=accused,
        category=rnd.choice(("military", "civilian")),
        outcome=rnd.choice(("killed", "wounded")),
        figure=rnd.randint(1, 40),
        occurred=occurred,
        places=places,
        report_id=report.report_id,
        provenance=prov,
    )
    marker = ItemExtracted(
        item_id=item_id,
        extractor_version=2,
        streams=(report.stream_id, claim.stream_id),
    )
    title = f"Shelling reported near {rnd.choice(PLACES)} ({i})"
    summary = (
        f"story {i} word{rnd.randint(0, 10**6)} word{rnd.randint(0, 10**6)} "
        f"more words about {accuser} and {accused} {i * 7919 % 104729}"
    )
    ingested = NewEvent(
        "ItemIngested",
        {
            "item_id": item_id,
            "feed": f"feed{i % 50}",
            "title": title,
            "link": f"https://news.example/{item_id}",
            "published_at": published.isoformat().replace("+00:00", "Z"),
            "summary": summary,
            "content_hash": uuid.uuid5(NS, item_id).hex * 2,
            "lsh_bands": list(item_bands(title, summary)),  # as ingest computes them
            "lsh_basis": BANDS_BASIS,
        },
        metadata={"recorded_by": "synthetic"},
        event_id=uuid.uuid5(NS, f"{item_id}-ingested"),
    )
    return [
        (f"item-{item_id}", ingested),
        (report.stream_id, _new(report, f"{item_id}-r")),
        (claim.stream_id, _new(claim, f"{item_id}-c")),
        (marker.stream_id, _new(marker, f"{item_id}-x")),
    ]


def batches(start: int, count: int, size: int = 250) -> Iterator[list[tuple[str, Any, Any]]]:
    """``append_batch`` arguments for items ``start .. start+count-1``, ``size`` items each."""
    for lo in range(start, start + count, size):
        yield [
            (stream, [ev], ANY)
            for i in range(lo, min(lo + size, start + count))
            for stream, ev in item_events(i)
        ]


def append_items(store: EventStore, start: int, count: int) -> int:
    """Append ``count`` synthetic items; returns the events appended."""
    n = 0
    for batch in batches(start, count):
        n += sum(r.appended for r in store.append_batch(batch))
    return n
