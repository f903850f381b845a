"""The pure translator: an item and the extractor's findings in, domain events out.

Owns turning an ``Extraction`` of one item into the claim events it reports
(``ViolationReported``, ``ViolationDenied``, ``CasualtyClaimReported``, extracted
``TruceAnnounced``) with deterministic ids, and the sanity check of each claim. Reads
nothing and writes nothing: the job that feeds it items and appends what it returns is
``tracker.app.extract``.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from tracker.conflict import active, get
from tracker.domain import sanity
from tracker.domain.casualties import casualty_terms
from tracker.domain.events import (
    CasualtyClaimReported,
    Event,
    TruceAnnounced,
    ViolationDenied,
    ViolationReported,
)
from tracker.domain.values import Place, Provenance, Sourced, ValidTime
from tracker.errors import DomainError
from tracker.extract.model import CasualtyClaim, Extraction, OccurredTime

log = logging.getLogger(__name__)

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


def parse_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _own_time(c: CasualtyClaim, item: Item) -> ValidTime | None:
    """A figure's incident time from its own sentence, when the text gives one."""
    if c.occurred is None or (c.occurred.start is None and not c.occurred.date):
        return None
    return _valid_time(c.occurred, item.published, item.tz)


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
        report_id = stable_id(item.revision_key, version, "violation", i)
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
        denial_id = stable_id(item.revision_key, version, "denial", i)
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
        claim_id = stable_id(item.revision_key, version, "casualty", i)
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
                    occurred=linked[1] if linked else _own_time(c, item),
                    claimant_text=c.claimant_text,
                    provenance=prov(c.span),
                ),
            )
        )
    for i, a in enumerate(ext.announcements):
        if a.known_id or a.effective is None:
            continue
        truce_id = "extracted-" + stable_id(item.revision_key, version, "announcement", i)[:13]
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


def check_sane(event: Event, published: datetime) -> None:
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
