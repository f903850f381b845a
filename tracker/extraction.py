"""The extraction job: ingested items in, claim events out.

Owns reading ``ItemIngested`` events after the extraction checkpoint, running the
extractor on each item's text, turning its findings into domain events
(``ViolationReported``, ``ViolationDenied``, ``CasualtyClaimReported``, extracted
``TruceAnnounced``) plus one ``ItemExtracted`` marker per item and extractor version,
and appending them with deterministic ids — so a re-run adds nothing, and raising the
extractor version re-processes every item into new events (nothing is deleted;
projections keep each item's latest extraction).

Must not print, fetch, or know SQL beyond the store's public API and checkpoints.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from tracker.conflict import active, get, use
from tracker.domain import sanity
from tracker.domain.casualties import casualty_terms
from tracker.domain.events import (
    CasualtyClaimReported,
    Event,
    ItemExtracted,
    ItemIngested,
    TruceAnnounced,
    ViolationDenied,
    ViolationReported,
)
from tracker.domain.upcasting import upcast
from tracker.domain.values import Place, Provenance, Sourced, ValidTime
from tracker.errors import DomainError, ExtractionError
from tracker.extract import EXTRACTOR_VERSION, extract
from tracker.extract.model import Extraction, OccurredTime
from tracker.store import ANY, EventStore, ExpectedVersion, NewEvent, RecordedEvent, quarantine
from tracker.store import checkpoints as cps

log = logging.getLogger(__name__)

CHECKPOINT = "extraction"
ITEM_TYPE = ItemIngested.TYPE
NAMESPACE = uuid.UUID("0b9e7f64-3c52-4a55-8f0e-6f1d2d7a9c11")


@dataclass(frozen=True, slots=True)
class Item:
    """What the extraction job needs of an ``ItemIngested`` event."""

    item_id: str
    revision_key: str
    position: int
    title: str
    text: str
    published: datetime
    published_flagged: bool
    url: str
    feed: str
    content_sha256: str | None
    duplicate_of: str | None
    #: The zone its times are read in: the item's, else its conflict pack's.
    tz: str = ""
    #: The conflict pack the item's feed names (None: the default pack).
    conflict: str | None = None


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
    published = _parse_time(ing.published_at) if ing.published_at else event.recorded_at
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


def _parse_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _valid_time(t: OccurredTime | None, fallback: datetime, tz: str) -> ValidTime:
    """The domain's ValidTime for an extracted time; unresolved → the publication day."""
    if t is not None and t.start is not None:
        precision = (
            t.precision
            if t.precision in {"minute", "hour", "day", "week", "month", "year"}
            else "day"
        )
        return ValidTime(t.start, precision, t.zone or tz, t.expression)
    if t is not None and t.date:
        try:
            return ValidTime.parse(t.date, tz=tz, expression=t.expression)
        except DomainError:
            pass
    local = fallback.astimezone(ValidTime(fallback, "day", tz).zone)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    expression = t.expression if t is not None else ""
    return ValidTime(day, "day", tz, expression or "(publication day)")


def events_for(item: Item, ext: Extraction, version: int) -> list[tuple[str, Event]]:
    """The domain events an extraction yields, each with its stream (pure).

    Times without a zone are read in the item's zone, else its conflict pack's.
    """
    if not item.tz:
        item = replace(item, tz=get(item.conflict).zone if item.conflict else active().zone)
    published = ValidTime(item.published, "minute", item.tz, "published")
    extractor = f"extractor:v{version}"
    text = item.text  # the extractor's spans are offsets into the item's text

    def prov(span: tuple[int, int]) -> Provenance:
        quote = text[span[0] : span[1]][:500]
        return Provenance(
            urls=(item.url,) if item.url else (),
            item_id=item.item_id,
            published=published,
            span=span,
            quote=quote,
            extractor=extractor,
            content_sha256=item.content_sha256,
        )

    out: list[tuple[str, Event]] = []
    refs = ext.truce_ids
    report_ids: list[tuple[str, str, str]] = []  # (report_id, accuser, day)
    came_with: dict[tuple[Any, int], tuple[str, ValidTime]] = {}
    for i, v in enumerate(ext.violations):
        report_id = _id(item.revision_key, version, "violation", i)
        occurred = _valid_time(v.occurred, item.published, item.tz)
        killed = sum(c.figure for c in v.casualties if c.category.endswith("_killed")) or None
        wounded = sum(c.figure for c in v.casualties if c.category.endswith("_injured")) or None
        places = tuple(
            Place(written, canonical)
            for written, canonical in zip(v.places_text, v.places, strict=False)
        ) or tuple(Place(p, p) for p in v.places)
        out.append(
            (
                f"report-{report_id}",
                ViolationReported(
                    report_id=report_id,
                    accuser=v.accuser,
                    accused=v.accused,
                    occurred=occurred,
                    accuser_text=v.accuser_text,
                    places=places,
                    weapon=v.weapon or "",
                    killed=killed,
                    wounded=wounded,
                    description=text[v.span[0] : v.span[1]][:300],
                    truce_refs=refs,
                    status="extracted",
                    provenance=prov(v.span),
                ),
            )
        )
        report_ids.append((report_id, v.accuser, occurred.local_date.isoformat()))
        for c in v.casualties:  # a figure said with the violation: its report and valid time
            came_with.setdefault((c.span, c.figure), (report_id, occurred))
    for i, d in enumerate(ext.denials):
        denial_id = _id(item.revision_key, version, "denial", i)
        day = _valid_time(d.occurred, item.published, item.tz).local_date.isoformat()
        denied = tuple(r for r, accuser, rday in report_ids if accuser == d.accuser and rday == day)
        out.append(
            (
                f"denial-{denial_id}",
                ViolationDenied(
                    denial_id=denial_id,
                    denier=d.denier,
                    report_ids=denied,
                    denier_text=d.denier_text,
                    statement=d.what,
                    provenance=prov(d.span),
                ),
            )
        )
    for i, c in enumerate(ext.casualties):
        claim_id = _id(item.revision_key, version, "casualty", i)
        try:
            terms = casualty_terms(side=c.side, category=c.category, qualifier=c.qualifier)
        except DomainError:
            log.warning("casualty figure outside the vocabulary dropped: %r", c)
            continue
        linked = came_with.get((c.span, c.figure))
        out.append(
            (
                f"claim-{claim_id}",
                CasualtyClaimReported(
                    claim_id=claim_id,
                    claimant=c.claimant,
                    side=terms.side,
                    side_actor=terms.side_actor,
                    category=terms.category,
                    outcome=terms.outcome,
                    figure=c.figure,
                    qualifier=terms.qualifier,
                    qualifier_text=terms.qualifier_text,
                    report_id=linked[0] if linked else None,
                    occurred=linked[1] if linked else None,
                    claimant_text=c.claimant_text,
                    provenance=prov(c.span),
                ),
            )
        )
    for i, a in enumerate(ext.announcements):
        if a.known_id or a.effective is None:
            continue
        truce_id = "extracted-" + _id(item.revision_key, version, "announcement", i)[:13]
        try:
            effective = _valid_time(a.effective, item.published, item.tz)
        except DomainError:
            continue
        out.append(
            (
                f"truce-{truce_id}",
                TruceAnnounced(
                    truce_id=truce_id,
                    name=a.text[:120],
                    parties=a.parties,
                    effective=effective,
                    brokers=tuple(Sourced(b, (item.url,) if item.url else ()) for b in a.brokers),
                    sources=(item.url,) if item.url else (),
                    status="extracted-unconfirmed",
                    provenance=prov(a.span),
                ),
            )
        )
    return out


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
        event_id=uuid.UUID(_id(item.revision_key, version, "extracted")),
        metadata={"recorded_by": f"extractor:v{version}", "causation_id": item.item_id},
    )


def _to_new(stream: str, event: Event, item: Item, version: int) -> NewEvent:
    occurred = getattr(event, "occurred", None) or getattr(event, "effective", None)
    return NewEvent(
        event.TYPE,
        event.to_data(),
        event_id=uuid.UUID(_id(stream, event.TYPE)),
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
            _check_sane(ev, item.published)
    requests: list[tuple[str, list[NewEvent], ExpectedVersion]] = [
        (stream, [_to_new(stream, ev, item, version)], ANY) for stream, ev in produced
    ]
    requests.append((f"extraction-{item.item_id}", [_marker(item, ext, version, produced)], ANY))
    return requests


def _check_sane(event: Event, published: datetime) -> None:
    """Refuse an extracted claim whose figure or time is outside the sane ranges."""
    for name in ("killed", "wounded", "figure"):
        why = sanity.figure_refusal(getattr(event, name, None), name)
        if why is not None:
            raise DomainError(f"extracted {why}")
    for name in ("occurred", "effective", "announced"):
        value = getattr(event, name, None)
        if isinstance(value, ValidTime):  # measured from the item's own publication
            why = sanity.date_refusal(value.instant, published, f"the {name} time")
            if why is not None:
                raise DomainError(f"extracted {why}")


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
