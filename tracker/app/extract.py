"""The extraction use case: ingested items in, claim events out.

Owns reading ``ItemIngested`` events after the extraction checkpoint, running the
extractor on each item's text inside the item's conflict pack, handing its findings to
the pure translator (:func:`tracker.extraction.events_for`), and appending the claim
events plus one ``ItemExtracted`` marker per item and extractor version with
deterministic ids — so a re-run adds nothing, and raising the extractor version
re-processes every item into new events (nothing is deleted; projections keep each
item's latest extraction). An item the extractor fails on is set aside in quarantine.

Must not print, fetch, or know SQL beyond the store's public API and checkpoints.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import Connection

from tracker.app.root import App
from tracker.conflict import use
from tracker.domain.events import Event, ItemExtracted, ItemIngested
from tracker.domain.upcasting import upcast
from tracker.domain.values import ValidTime
from tracker.errors import DomainError, ExtractionError
from tracker.extract import EXTRACTOR_VERSION, extract
from tracker.extract.model import Extraction
from tracker.extraction import Item, check_sane, events_for, parse_time, stable_id
from tracker.store import ANY, EventStore, ExpectedVersion, NewEvent, RecordedEvent, quarantine
from tracker.store import checkpoints as cps

log = logging.getLogger(__name__)

CHECKPOINT = "extraction"
ITEM_TYPE = ItemIngested.TYPE


@dataclass
class ExtractionSummary:
    items: int = 0
    skipped: int = 0
    duplicates: int = 0
    events: int = 0
    failures: list[str] = field(default_factory=list)
    position: int = 0


def ingested(event: RecordedEvent) -> ItemIngested:
    """The typed ``ItemIngested`` of a stored event (a v1 payload is upcast first)."""
    _, data = upcast(ITEM_TYPE, event.schema_version, event.data)
    if not data.get("item_id"):
        data = {**data, "item_id": event.stream_id.removeprefix("item-")}
    return ItemIngested.from_data(data)


def item_from_event(
    event: RecordedEvent, text: str | None, ing: ItemIngested | None = None
) -> Item:
    """What the extraction job needs of an ``ItemIngested`` event."""
    ing = ing if ing is not None else ingested(event)
    flagged = ing.published_missing or not ing.published_at
    published = parse_time(ing.published_at) if ing.published_at else event.recorded_at
    body = text if text is not None else (ing.content or ing.summary or "")
    return Item(
        item_id=ing.item_id,
        revision_key=str(event.event_id),
        position=event.position,
        title=ing.title or "",
        text=str(body),
        published=published,
        published_flagged=flagged,
        url=ing.link or "",
        feed=ing.feed,
        content_sha256=ing.text_sha256,
        duplicate_of=ing.duplicate_of,
        tz=ing.tz or "",
        conflict=ing.conflict,
    )


def _marker(
    item: Item, ext: Extraction, version: int, produced: list[tuple[str, Event]]
) -> NewEvent:
    marker = ItemExtracted(
        item_id=item.item_id,
        extractor_version=version,
        item_event_id=item.revision_key,
        streams=tuple(stream for stream, _e in produced),
        truce_refs=ext.truce_ids,
        skipped_reason=ext.skipped_reason,
        published_flagged=item.published_flagged,
    )
    return NewEvent(
        marker.TYPE,
        marker.to_data(),
        event_id=uuid.UUID(stable_id(item.revision_key, version, "extracted")),
        metadata={"recorded_by": f"extractor:v{version}", "causation_id": item.item_id},
    )


def _to_new(stream: str, event: Event, item: Item, version: int) -> NewEvent:
    occurred = getattr(event, "occurred", None) or getattr(event, "effective", None)
    return NewEvent(
        event.TYPE,
        event.to_data(),
        event_id=uuid.UUID(stable_id(stream, event.TYPE)),
        schema_version=event.SCHEMA_VERSION,
        metadata={
            "recorded_by": f"extractor:v{version}",
            "source": {"item_id": item.item_id, "url": item.url, "feed": item.feed},
            "causation_id": item.item_id,
        },
        occurred_at=occurred.instant if isinstance(occurred, ValidTime) else None,
    )


def _items(store: EventStore, after: int) -> Iterator[RecordedEvent]:
    return store.read_all(after=after, types={ITEM_TYPE})


def _chunks(events: Iterable[RecordedEvent], size: int) -> Iterator[list[RecordedEvent]]:
    chunk: list[RecordedEvent] = []
    for e in events:
        chunk.append(e)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _requests_for(
    event: RecordedEvent, texts: dict[str, str], version: int, summary: ExtractionSummary
) -> list[tuple[str, list[NewEvent], ExpectedVersion]]:
    """The events one ``ItemIngested`` event leads to (claims and the item's marker).

    Raises:
        DomainError: a claim outside the sane ranges (a figure, a date), or invalid.
        Exception: whatever a hostile item makes the extractor raise.
    """
    ing = ingested(event)
    sha = ing.text_sha256
    text = texts.get(sha) if sha else None
    item = item_from_event(event, text, ing)
    if item.duplicate_of:
        summary.duplicates += 1
        return []
    with use(item.conflict) as pack:
        item = replace(item, tz=item.tz or pack.zone)
        try:
            ext = extract(item.text, published=item.published, tz=item.tz, title=item.title or None)
        except ExtractionError as exc:
            ext = Extraction(skipped_reason=str(exc), version=version)
        if ext.skipped_reason:
            summary.skipped += 1
        produced = events_for(item, ext, version)
        for _stream, ev in produced:
            check_sane(ev, item.published)
    requests: list[tuple[str, list[NewEvent], ExpectedVersion]] = [
        (stream, [_to_new(stream, ev, item, version)], ANY) for stream, ev in produced
    ]
    requests.append((f"extraction-{item.item_id}", [_marker(item, ext, version, produced)], ANY))
    return requests


def _set_aside(event: RecordedEvent, why: str) -> quarantine.Quarantined:
    item = str(event.data.get("item_id") or event.stream_id.removeprefix("item-"))
    return quarantine.Quarantined(
        "extract",
        f"position:{event.position}",
        why,
        feed=str(event.data.get("feed") or "") or None,
        item=item,
        position=event.position,
    )


def extract_one(store: EventStore, position: int, *, version: int = EXTRACTOR_VERSION) -> int:
    """Re-run extraction on the item at ``position`` (a quarantined one); returns events appended.

    Raises:
        DomainError: no ``ItemIngested`` event at that position.
        Exception: the extraction fails again (the item stays in quarantine).
    """
    found = list(store.read_all(after=position - 1, up_to_position=position))
    if not found or found[0].type != ITEM_TYPE:
        raise DomainError(f"no ingested item at position {position}")
    event = found[0]
    sha = ingested(event).text_sha256
    texts = store.get_documents([sha]) if sha else {}
    requests = _requests_for(event, texts, version, ExtractionSummary())
    if not requests:
        return 0
    return sum(r.appended for r in store.append_batch(requests))


def extract_pending(
    store: EventStore, *, batch_size: int = 50, version: int = EXTRACTOR_VERSION
) -> ExtractionSummary:
    """Extract every item ingested since the checkpoint (all items after a version bump).

    Each batch of items is appended with the checkpoint in one transaction: a crash
    loses nothing and a re-run adds nothing twice.
    """
    summary = ExtractionSummary()
    cp = cps.load(store.engine, CHECKPOINT)
    after = cp.position if cp is not None and cp.version == version else 0
    summary.position = after
    for chunk in _chunks(_items(store, after), batch_size):
        requests: list[tuple[str, list[NewEvent], ExpectedVersion]] = []
        refused: list[quarantine.Quarantined] = []
        texts = store.get_documents(sha for e in chunk if (sha := ingested(e).text_sha256))
        for event in chunk:
            summary.items += 1
            try:
                requests += _requests_for(event, texts, version, summary)
            except Exception as exc:  # one bad item never stops extraction: set it aside
                why = f"{type(exc).__name__}: {exc}"
                summary.failures.append(f"position {event.position}: {why}")
                log.warning("extraction set aside the item at %d: %s", event.position, why)
                refused.append(_set_aside(event, why))
        last = chunk[-1].position

        def save(
            conn: Connection, last: int = last, refused: list[quarantine.Quarantined] = refused
        ) -> None:
            cps.save(conn, CHECKPOINT, version, last)
            quarantine.record(conn, refused, now=datetime.now(UTC))

        results = store.append_batch(requests, also=save)
        summary.events += sum(r.appended for r in results)
        summary.position = last
    return summary


def run(app: App) -> ExtractionSummary:
    """Turn items ingested since the extraction checkpoint into claim events."""
    return extract_pending(app.store)


def retry(app: App, position: int) -> int:
    """Re-run extraction on the quarantined item at ``position``; returns events appended."""
    return extract_one(app.store, position)
