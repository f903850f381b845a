"""Validation of domain events: refuse impossible events with a clear ``DomainError``.

Owns the checks run before an event is appended (curated or extracted): unknown actors,
a truce that ends before it takes effect, a report against an unknown truce id, a
negative figure, a time without a zone (caught when a ``ValidTime`` is built), missing
sources or reasons. Pure: the caller passes what the log already knows (``Known``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from tracker.domain import sanity
from tracker.domain.casualties import QUALIFIERS
from tracker.domain.casualties import sides as casualty_sides
from tracker.domain.events import (
    CASUALTY_CATEGORIES,
    CASUALTY_OUTCOMES,
    CLAIM_KINDS,
    END_REASONS,
    CasualtyClaimReported,
    ClaimConfirmed,
    ClaimRetracted,
    Event,
    TruceAnnounced,
    TruceCollapsed,
    TruceEnded,
    TruceSuperseded,
    TruceTimeCorrected,
    ViolationDenied,
    ViolationReported,
)
from tracker.domain.truce_fields import ATTRIBUTES, check_truce_fields
from tracker.domain.values import ACTORS, Provenance, Sourced, ValidTime, actor
from tracker.errors import DomainError

__all__ = ["Known", "validate", "validate_all"]


@dataclass
class Known:
    """What the log already holds that validation needs: truces (id -> effective) and claims."""

    truces: dict[str, ValidTime] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)  # claim id -> kind
    names: dict[str, str] = field(default_factory=dict)  # truce id -> name
    #: The clock, for the sane date range (no upper bound without it).
    now: datetime | None = None

    def add(self, event: Event) -> None:
        """Remember what ``event`` introduces (a truce, a claim)."""
        if isinstance(event, TruceAnnounced):
            self.truces[event.truce_id] = event.effective
            self.names.setdefault(event.truce_id, event.name)
        elif isinstance(event, TruceTimeCorrected) and event.which == "effective":
            self.truces[event.truce_id] = event.time
        elif isinstance(event, ViolationReported):
            self.claims[event.report_id] = "report"
        elif isinstance(event, CasualtyClaimReported):
            self.claims[event.claim_id] = "casualty"
        elif isinstance(event, ViolationDenied):
            self.claims[event.denial_id] = "denial"


def _require_truce(known: Known, truce_id: str, what: str) -> ValidTime:
    if truce_id not in known.truces:
        raise DomainError(f"{what} refers to unknown truce {truce_id!r}; record the truce first")
    return known.truces[truce_id]


def _require_source(prov: Provenance, what: str) -> None:
    if not (prov.urls or prov.item_id):
        raise DomainError(f"{what} has no source: give a source URL or a feed item")


def _not_before(effective: ValidTime, at: ValidTime, truce_id: str, verb: str) -> None:
    # Precision-aware: "ended on 10 Oct" is compatible with "effective 10 Oct 12:00".
    if at.period_end <= effective.instant:
        raise DomainError(
            f"truce {truce_id!r} cannot {verb} at {at.local.isoformat()} ({at.precision}) "
            f"before it takes effect at {effective.local.isoformat()}"
        )


def _check_figure(value: int | None, name: str) -> None:
    why = sanity.figure_refusal(value, name)
    if why is not None:
        raise DomainError(why)


def _check_times(event: Event, known: Known) -> None:
    """Every time the event carries lies in the sane range (1900 to a year from now)."""
    prov = getattr(event, "provenance", None)
    times = [
        (f.name, getattr(event, f.name))
        for f in dataclasses.fields(event)  # type: ignore[arg-type]
    ]
    if isinstance(prov, Provenance) and prov.published is not None:
        times.append(("published", prov.published))
    for name, value in times:
        if not isinstance(value, ValidTime):
            continue
        if value.instant < sanity.EARLIEST or (
            known.now is not None and value.instant > sanity.latest(known.now)
        ):
            why = sanity.date_refusal(value.instant, known.now or value.instant, f"the {name} time")
            raise DomainError(why or f"the {name} time {value.instant.isoformat()} is out of range")


def _check_urls(event: Event) -> None:
    """Source URLs are web addresses: http or https with a host, nothing else."""
    prov = getattr(event, "provenance", None)
    urls = list(prov.urls) if isinstance(prov, Provenance) else []
    urls += [str(u) for u in getattr(event, "sources", ())]
    for sourced in (*getattr(event, "brokers", ()), *getattr(event, "effective_disputed", ())):
        if isinstance(sourced, Sourced):
            urls += [str(u) for u in sourced.sources]
    for url in urls:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise DomainError(
                f"source {url!r} is not a web address: give an http:// or https:// URL"
            )


def validate(event: Event, known: Known) -> None:
    """Check one event against what the log knows.

    Raises:
        DomainError: the event is impossible; the message says what and why.
    """
    _check_times(event, known)
    _check_urls(event)
    if isinstance(event, TruceAnnounced):
        if not event.truce_id.strip():
            raise DomainError("a truce needs an id")
        old_name = known.names.get(event.truce_id)
        if old_name is not None and old_name != event.name:
            raise DomainError(
                f"truce {event.truce_id!r} exists already as {old_name!r}; a truce is not "
                f"renamed to {event.name!r} (record a new truce with a new id, or keep the name)"
            )
        if not event.parties:
            raise DomainError(f"truce {event.truce_id!r} binds no party")
        for code in (*event.parties, *(b.value for b in event.brokers)):
            actor(code)
        if event.status not in ("confirmed", "extracted-unconfirmed"):
            raise DomainError(f"bad truce status {event.status!r}")
        check_truce_fields(
            {
                "truce_type": event.truce_type,
                "declaration": event.declaration,
                "written": event.written,
            }
        )
        for attr in event.attribute_sources:
            if attr.value not in ATTRIBUTES:
                raise DomainError(
                    f"sources given for unknown truce attribute {attr.value!r}; "
                    f"use one of {', '.join(ATTRIBUTES)}"
                )
        if event.announced is not None and event.announced.instant >= event.effective.period_end:
            raise DomainError(f"truce {event.truce_id!r} is announced after it takes effect")
        if not (event.sources or event.provenance.urls or event.provenance.item_id):
            raise DomainError(f"truce {event.truce_id!r} has no source")
    elif isinstance(event, TruceCollapsed):
        eff = _require_truce(known, event.truce_id, "collapse")
        _not_before(eff, event.at, event.truce_id, "collapse")
        if event.declared_by is not None:
            actor(event.declared_by)
        _require_source(event.provenance, f"collapse of {event.truce_id!r}")
    elif isinstance(event, TruceEnded):
        eff = _require_truce(known, event.truce_id, "end")
        if event.reason not in END_REASONS:
            raise DomainError(
                f"unknown end reason {event.reason!r}; use one of {', '.join(END_REASONS)}"
            )
        _not_before(eff, event.at, event.truce_id, "end")
        _require_source(event.provenance, f"end of {event.truce_id!r}")
    elif isinstance(event, TruceSuperseded):
        eff = _require_truce(known, event.truce_id, "supersession")
        succ = _require_truce(known, event.by_truce_id, "supersession")
        if event.by_truce_id == event.truce_id:
            raise DomainError(f"truce {event.truce_id!r} cannot supersede itself")
        _not_before(eff, event.at or succ, event.truce_id, "be superseded")
    elif isinstance(event, TruceTimeCorrected):
        _require_truce(known, event.truce_id, "time correction")
        if event.which not in ("announced", "effective"):
            raise DomainError(
                f"a correction changes 'announced' or 'effective', not {event.which!r}"
            )
        if not event.reason.strip():
            raise DomainError("a time correction needs a reason")
    elif isinstance(event, ViolationReported):
        for code in (event.accuser, event.accused, *([event.against] if event.against else [])):
            actor(code)
        if event.accused != "unattributed" and ACTORS[event.accused].kind != "belligerent":
            raise DomainError(f"{event.accused!r} is not a belligerent and cannot be accused")
        for ref in event.truce_refs:
            _require_truce(known, ref, f"report {event.report_id}")
        _check_figure(event.killed, "killed")
        _check_figure(event.wounded, "wounded")
        _require_source(event.provenance, f"report {event.report_id}")
    elif isinstance(event, ViolationDenied):
        actor(event.denier)
        if not event.report_ids:
            raise DomainError("a denial must name the reports it denies")
        for rid in event.report_ids:
            if known.claims.get(rid) != "report":
                raise DomainError(f"denial {event.denial_id} refers to unknown report {rid!r}")
        _require_source(event.provenance, f"denial {event.denial_id}")
    elif isinstance(event, CasualtyClaimReported):
        actor(event.claimant)
        if event.side_actor is not None:
            actor(event.side_actor)
        if event.side not in casualty_sides():
            raise DomainError(
                f"unknown casualty side {event.side!r}; use {', '.join(casualty_sides())}"
            )
        if event.category not in CASUALTY_CATEGORIES:
            raise DomainError(
                f"unknown casualty category {event.category!r}; use {', '.join(CASUALTY_CATEGORIES)}"
            )
        if event.outcome not in CASUALTY_OUTCOMES or not event.category.endswith(event.outcome):
            raise DomainError(
                f"casualty outcome {event.outcome!r} does not fit category {event.category!r}"
            )
        if event.qualifier not in QUALIFIERS:
            raise DomainError(
                f"unknown casualty qualifier {event.qualifier!r}; use {', '.join(QUALIFIERS)}"
            )
        _check_figure(event.figure, "casualty figure")
        if event.report_id is not None and known.claims.get(event.report_id) != "report":
            raise DomainError(
                f"casualty claim {event.claim_id} refers to unknown report {event.report_id!r}"
            )
        _require_source(event.provenance, f"casualty claim {event.claim_id}")
    elif isinstance(event, ClaimConfirmed | ClaimRetracted):
        if event.claim_kind not in CLAIM_KINDS:
            raise DomainError(f"unknown claim kind {event.claim_kind!r}")
        if known.claims.get(event.claim_id) != event.claim_kind:
            raise DomainError(f"unknown {event.claim_kind} claim {event.claim_id!r}")
        if isinstance(event, ClaimRetracted) and not event.reason.strip():
            raise DomainError("a retraction needs a reason")


def validate_all(events: Iterable[Event], known: Known | None = None) -> Known:
    """Validate events in order, each against the log plus the events before it.

    Raises:
        DomainError: the first impossible event.
    """
    known = known if known is not None else Known()
    for event in events:
        validate(event, known)
        known.add(event)
    return known
