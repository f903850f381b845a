"""The event catalogue: every domain fact the log can hold about truces and claims.

Owns the event classes (frozen, slotted dataclasses; the stored type name is the class
name and never changes; ``SCHEMA_VERSION`` is the payload version), their payload codec
(``to_data`` / ``from_data``) and the ``EVENT_TYPES`` registry. Each class docstring is
its catalogue entry. Pure: no I/O, no clock; validation lives in ``validation.py``.

Events record claims, not truths: a ``ViolationReported`` says that an accuser claimed
something, per a source. Corrections and retractions are new events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any, ClassVar, TypeVar

from tracker.domain.casualties import CATEGORIES, OUTCOMES, casualty_terms, is_normal
from tracker.domain.codec import decoder, encode_value, type_hints
from tracker.domain.values import Place, Provenance, Signatory, Sourced, ValidTime
from tracker.errors import DomainError

__all__ = [
    "CLAIM_KINDS",
    "EVENT_TYPES",
    "HANDOFF_TYPES",
    "CasualtyClaimReported",
    "ClaimConfirmed",
    "ClaimRetracted",
    "Event",
    "ItemExtracted",
    "ItemIngested",
    "TruceAnnounced",
    "TruceCollapsed",
    "TruceEnded",
    "TruceSuperseded",
    "TruceTimeCorrected",
    "ViolationDenied",
    "ViolationReported",
    "decode",
]

E = TypeVar("E", bound="Event")


@cache
def _field_decoders(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """(field name, decoder) of an event class, built once from its type hints."""
    hints = type_hints(cls)
    return tuple((f.name, decoder(hints[f.name])) for f in fields(cls))


#: The empty provenance (a shared immutable default).
NO_PROVENANCE = Provenance()

#: Kinds of claim a curator can confirm or retract, and the stream prefix of each.
CLAIM_KINDS: dict[str, str] = {"report": "report-", "casualty": "claim-", "denial": "denial-"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of every domain event."""

    TYPE: ClassVar[str] = "Event"
    SCHEMA_VERSION: ClassVar[int] = 1

    @property
    def stream_id(self) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def to_data(self) -> dict[str, Any]:
        """The JSON payload stored in the log."""
        return {f.name: encode_value(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_data(cls: type[E], data: dict[str, Any]) -> E:
        """Rebuild the event from its (already upcast) payload.

        Raises:
            DomainError: a required field is missing or has the wrong shape.
        """
        kwargs: dict[str, Any] = {}
        for name, decode in _field_decoders(cls):  # type: ignore[arg-type]
            if name in data:
                raw = data[name]
                kwargs[name] = raw if decode is None else decode(raw)
        try:
            return cls(**kwargs)
        except TypeError as exc:
            raise DomainError(f"bad {cls.TYPE} payload: {exc}") from exc


# ------------------------------------------------------------------------ truces


@dataclass(frozen=True, slots=True, kw_only=True)
class TruceAnnounced(Event):
    """A commitment by at least one party to stop hostilities from a specified time.

    Stream ``truce-{truce_id}``. ``parties`` are the actors bound (codes); ``brokers``
    a set of mediators, each with the sources that name it (brokers can be disputed);
    ``signatories`` who signed or issued the text. ``announced`` is when it became
    public, ``effective`` when it takes force (both with precision, the words as
    written and the zone); ``effective_disputed`` keeps other readings with their
    sources. ``kind``/``purpose``/``truce_class``/``form`` follow ETH/PRIO; ``terms`` are
    provisions. The coded ETH/PRIO and UCDP attributes (``tracker.domain.truce_fields``):
    ``truce_type`` (humanitarian, general), ``declaration`` (bilateral, unilateral,
    multilateral), ``written`` (written, verbal, unclear), ``scope`` (area and actors
    covered), ``monitoring`` (the agreed monitoring or compliance mechanism, ``none``);
    ``attribute_sources`` gives each attribute's sources (``value`` = the attribute name).
    ``status`` is ``confirmed`` (curated) or ``extracted-unconfirmed``. Version 1 payloads
    read with the new attributes empty.
    """

    TYPE: ClassVar[str] = "TruceAnnounced"
    SCHEMA_VERSION: ClassVar[int] = 2

    truce_id: str
    name: str
    parties: tuple[str, ...]
    effective: ValidTime
    announced: ValidTime | None = None
    brokers: tuple[Sourced, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    effective_disputed: tuple[Sourced, ...] = ()
    terms: tuple[str, ...] = ()
    kind: str = ""
    purpose: str = ""
    truce_class: str = ""
    form: str = ""
    truce_type: str = ""
    declaration: str = ""
    written: str = ""
    scope: str = ""
    monitoring: str = ""
    attribute_sources: tuple[Sourced, ...] = ()
    sources: tuple[str, ...] = ()
    status: str = "confirmed"
    provenance: Provenance = NO_PROVENANCE

    @property
    def stream_id(self) -> str:
        return f"truce-{self.truce_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TruceCollapsed(Event):
    """A truce stopped holding (collapse rule C1, clauses 1 and 3).

    Stream ``truce-{truce_id}``. With ``declared_by`` set, a party or broker said the
    truce failed or announced the resumption of operations (clause C1.1, e.g.
    Pashinyan on 26 Oct 2020); without it, a curator's judgment (clause C1.3).
    ``at`` is the valid time of the collapse; ``basis`` the reasoning, ``quote`` the words.
    """

    TYPE: ClassVar[str] = "TruceCollapsed"
    SCHEMA_VERSION: ClassVar[int] = 1

    truce_id: str
    at: ValidTime
    declared_by: str | None = None
    basis: str = ""
    quote: str = ""
    provenance: Provenance = NO_PROVENANCE

    @property
    def stream_id(self) -> str:
        return f"truce-{self.truce_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TruceSuperseded(Event):
    """A curator's record that a later truce replaced this one (rule S1.2).

    Stream ``truce-{truce_id}``. Supersession is also derived without this event when a
    later truce whose party set covers this one's takes effect (rule S1.1); this event
    carries the sources and the basis. ``at`` defaults to the successor's effective time.
    """

    TYPE: ClassVar[str] = "TruceSuperseded"
    SCHEMA_VERSION: ClassVar[int] = 1

    truce_id: str
    by_truce_id: str
    at: ValidTime | None = None
    basis: str = ""
    provenance: Provenance = NO_PROVENANCE

    @property
    def stream_id(self) -> str:
        return f"truce-{self.truce_id}"


#: Sub-reasons of ``TruceEnded`` (ETH/PRIO-style end categories).
END_REASONS: tuple[str, ...] = (
    "terminated",
    "expired",
    "purpose_achieved",
    "settlement",
    "party_ceased",
    "offensive",
    "other",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class TruceEnded(Event):
    """A truce ended for good (rule E1): terminated, expired, purpose achieved, replaced
    by a settlement, a party ceased to exist, or ended by an offensive (``reason``).

    Stream ``truce-{truce_id}``. ``contested`` keeps a framing the parties dispute.
    """

    TYPE: ClassVar[str] = "TruceEnded"
    SCHEMA_VERSION: ClassVar[int] = 1

    truce_id: str
    at: ValidTime
    reason: str
    basis: str = ""
    contested: str = ""
    provenance: Provenance = NO_PROVENANCE

    @property
    def stream_id(self) -> str:
        return f"truce-{self.truce_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TruceTimeCorrected(Event):
    """A correction of a truce's ``announced`` or ``effective`` time (``which``).

    Stream ``truce-{truce_id}``. The original event stays in the log; projections use
    the latest correction.
    """

    TYPE: ClassVar[str] = "TruceTimeCorrected"
    SCHEMA_VERSION: ClassVar[int] = 1

    truce_id: str
    which: str
    time: ValidTime
    reason: str
    provenance: Provenance = NO_PROVENANCE

    @property
    def stream_id(self) -> str:
        return f"truce-{self.truce_id}"


# ------------------------------------------------------------------------ claims


@dataclass(frozen=True, slots=True, kw_only=True)
class ViolationReported(Event):
    """One source's claim that a party broke a truce. Stream ``report-{report_id}``.

    ``accuser`` is the side that speaks (actor code; a third party such as a monitor, or
    ``unattributed``), ``accuser_text`` its wording ("the Defence Ministry of <country>"),
    ``accused`` the alleged perpetrator (or ``unattributed``), ``against`` the target
    side when the accuser is a third party. ``places`` as written plus canonical names;
    ``occurred`` the valid time with precision; ``weapon`` as written; ``killed`` and
    ``wounded`` the figures the report gives, if any. ``truce_refs`` are truces the text
    names (assignment is by time, not only by these). ``provenance`` gives the item, span
    and extractor version, or the curator.
    """

    TYPE: ClassVar[str] = "ViolationReported"
    SCHEMA_VERSION: ClassVar[int] = 1

    report_id: str
    accuser: str
    accused: str
    occurred: ValidTime
    accuser_text: str = ""
    against: str | None = None
    places: tuple[Place, ...] = ()
    weapon: str = ""
    killed: int | None = None
    wounded: int | None = None
    description: str = ""
    truce_refs: tuple[str, ...] = ()
    status: str = "confirmed"
    provenance: Provenance = NO_PROVENANCE

    @property
    def stream_id(self) -> str:
        return f"report-{self.report_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ViolationDenied(Event):
    """A party's denial of one or more violation claims. Stream ``denial-{denial_id}``.

    ``denier`` (actor code) and its wording; ``report_ids`` the claims denied (the
    projection extends the denial to their incidents); ``statement`` what was said.
    """

    TYPE: ClassVar[str] = "ViolationDenied"
    SCHEMA_VERSION: ClassVar[int] = 1

    denial_id: str
    denier: str
    report_ids: tuple[str, ...]
    denier_text: str = ""
    statement: str = ""
    provenance: Provenance = NO_PROVENANCE

    @property
    def stream_id(self) -> str:
        return f"denial-{self.denial_id}"


#: Categories and outcomes of casualty claims.
CASUALTY_CATEGORIES: tuple[str, ...] = CATEGORIES
CASUALTY_OUTCOMES: tuple[str, ...] = OUTCOMES


@dataclass(frozen=True, slots=True, kw_only=True)
class CasualtyClaimReported(Event):
    """A claimant's figure of casualties. Stream ``claim-{claim_id}``.

    ``claimant`` (actor code) says that ``figure`` people of ``side`` (a side of the
    actor registry, or ``both``; ``side_actor`` the actor code when one is named) in
    ``category`` (``civilian_killed`` ... ``total_injured``, and ``*_missing``,
    ``*_captured``) were ``outcome`` (killed, injured, missing, captured); ``qualifier``
    is ``exact``, ``at_least``, ``more_than``... (``tracker.domain.casualties``), with the
    words as written in ``qualifier_text``. ``report_id`` links the violation report it
    came with, if any. Version 1 payloads (actor-code sides, ``civilian`` with
    ``wounded``, "at least") are upcast to this vocabulary on read.
    """

    TYPE: ClassVar[str] = "CasualtyClaimReported"
    SCHEMA_VERSION: ClassVar[int] = 2

    claim_id: str
    claimant: str
    side: str
    category: str
    outcome: str
    figure: int
    qualifier: str = "exact"
    qualifier_text: str = ""
    side_actor: str | None = None
    claimant_text: str = ""
    occurred: ValidTime | None = None
    places: tuple[Place, ...] = ()
    report_id: str | None = None
    provenance: Provenance = NO_PROVENANCE

    def __post_init__(self) -> None:
        # the one vocabulary, whatever words the caller used (a code, "wounded", "at least")
        if is_normal(self.side, self.category, self.outcome, self.qualifier):
            return
        terms = casualty_terms(
            side=self.side_actor or self.side,
            category=self.category,
            outcome=self.outcome,
            qualifier=self.qualifier_text or self.qualifier,
        )
        for name in ("side", "side_actor", "category", "outcome", "qualifier", "qualifier_text"):
            object.__setattr__(self, name, getattr(terms, name))

    @property
    def stream_id(self) -> str:
        return f"claim-{self.claim_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimConfirmed(Event):
    """A curator confirmed an extracted claim (``claim_kind``: report, casualty, denial).

    Stream: the claim's own stream (``report-``, ``claim-``, ``denial-`` + id).
    """

    TYPE: ClassVar[str] = "ClaimConfirmed"
    SCHEMA_VERSION: ClassVar[int] = 1

    claim_id: str
    claim_kind: str
    curator: str
    note: str = ""
    provenance: Provenance = NO_PROVENANCE

    @property
    def stream_id(self) -> str:
        return f"{CLAIM_KINDS[self.claim_kind]}{self.claim_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRetracted(Event):
    """A curator withdrew a claim: projections hide it; the log keeps it. ``reason`` is required.

    Stream: the claim's own stream (``report-``, ``claim-``, ``denial-`` + id).
    """

    TYPE: ClassVar[str] = "ClaimRetracted"
    SCHEMA_VERSION: ClassVar[int] = 1

    claim_id: str
    claim_kind: str
    reason: str
    curator: str
    provenance: Provenance = NO_PROVENANCE

    @property
    def stream_id(self) -> str:
        return f"{CLAIM_KINDS[self.claim_kind]}{self.claim_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemExtracted(Event):
    """The extractor (version ``extractor_version``) read an ingested item.

    ``streams`` lists the claim streams this extraction produced for the item. The
    latest extraction of an item (in log order) is the one that counts: claims of the
    item from earlier extractions that it does not list are hidden from the views
    (superseded), never deleted. ``skipped_reason`` says why an item gave nothing
    (not English, empty, too large).

    Stream: ``extraction-<item id>``.
    """

    TYPE: ClassVar[str] = "ItemExtracted"
    SCHEMA_VERSION: ClassVar[int] = 1

    item_id: str
    extractor_version: int
    item_event_id: str = ""
    streams: tuple[str, ...] = ()
    truce_refs: tuple[str, ...] = ()
    skipped_reason: str | None = None
    published_flagged: bool = False

    @property
    def stream_id(self) -> str:
        return f"extraction-{self.item_id}"


# ------------------------------------------------------------------------ hand-offs


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemIngested(Event):
    """A feed item was read: the hand-off from ingestion to extraction.

    Written by the poller (``tracker.ingest.poller``), read by the extraction job and the
    items projection. ``conflict`` names the conflict pack the feed covers and ``tz`` the
    UTC offset its times are read in (both from the feed's configuration; older items
    have neither, and are read in the default pack and its zone). ``identity`` is
    ``guid:``, ``link:`` or ``hash:``; ``content_hash`` (normalised title + text; a change
    is a revision); ``document_sha256`` the full plain text in ``documents``,
    ``article_sha256`` the full-article text; ``published_at`` ISO 8601 UTC, or the
    fetch time with ``published_missing``; ``duplicate_of`` the item id of the original
    when the same canonical URL or text arrived earlier (``duplicate_reason``);
    ``lsh_bands`` the MinHash LSH band keys and ``lsh_basis`` what they sketch (the
    ingest's ``BANDS_BASIS``; bands without it are sketched again from the text);
    ``content`` inline text of payloads written without a document.

    v1: no ``conflict`` or ``tz``; early payloads wrote ``published``, ``url``,
    ``published_flagged`` and ``content_sha256`` (the upcaster renames them).
    Stream: ``item-<item id>``. Not one of ``EVENT_TYPES`` (the claim projections do
    not read items): see ``HANDOFF_TYPES``.
    """

    TYPE: ClassVar[str] = "ItemIngested"
    SCHEMA_VERSION: ClassVar[int] = 2

    item_id: str
    feed: str = ""
    conflict: str | None = None
    tz: str | None = None
    identity: str = ""
    guid: str | None = None
    link: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    summary: str | None = None
    content: str | None = None
    content_hash: str | None = None
    document_sha256: str | None = None
    article_sha256: str | None = None
    published_at: str | None = None
    published_missing: bool = False
    published_raw: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    revision: int = 1
    previous_content_hash: str | None = None
    duplicate_of: str | None = None
    duplicate_reason: str | None = None
    lsh_bands: tuple[Any, ...] = ()
    lsh_basis: int | None = None

    @property
    def stream_id(self) -> str:
        return f"item-{self.item_id}"

    @property
    def text_sha256(self) -> str | None:
        """The document holding the item's fullest text: the article, else the item body."""
        return self.article_sha256 or self.document_sha256


#: Events between rooms (not domain facts the claim projections read): type -> class.
HANDOFF_TYPES: dict[str, type[Event]] = {ItemIngested.TYPE: ItemIngested}

#: The registry: stored type name -> class.
EVENT_TYPES: dict[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (
        TruceAnnounced,
        TruceCollapsed,
        TruceSuperseded,
        TruceEnded,
        TruceTimeCorrected,
        ViolationReported,
        ViolationDenied,
        CasualtyClaimReported,
        ClaimConfirmed,
        ClaimRetracted,
        ItemExtracted,
    )
}


def decode(type_name: str, data: dict[str, Any]) -> Event | None:
    """The domain event for a stored ``(type, data)``, or None for types this package
    does not own (``ItemIngested`` and other non-domain events).

    Raises:
        DomainError: the payload does not fit its class.
    """
    cls = EVENT_TYPES.get(type_name)
    if cls is None:
        return None
    try:
        return cls.from_data(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise DomainError(f"bad {type_name} payload: {exc!r}") from exc


assert all(is_dataclass(c) for c in (*EVENT_TYPES.values(), *HANDOFF_TYPES.values()))
