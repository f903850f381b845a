"""Curated data files: a parsed TOML/JSON document of truces and claims -> domain events.

Owns the curated file format (documented in ``docs/curated-format.md``) and
deterministic event ids: every event id is a uuid5 of the file's stable keys, so
loading the same file twice appends nothing. Pure: the caller reads the file.

Sections: ``[[truce]]``, ``[[end]]`` (type collapsed / superseded / ended),
``[[violation]]``, ``[[denial]]``, ``[[casualty]]``. Times are tables
``{at = "2020-10-10T12:00+04:00", precision = "minute", expression = "...", tz = "+04:00"}``
or plain strings; a time without a zone (and no ``tz``) is refused.
"""

from __future__ import annotations

import uuid
from typing import Any

from tracker.domain.casualties import casualty_terms
from tracker.domain.events import (
    CasualtyClaimReported,
    Event,
    TruceAnnounced,
    TruceCollapsed,
    TruceEnded,
    TruceSuperseded,
    ViolationDenied,
    ViolationReported,
)
from tracker.domain.values import Place, Provenance, Signatory, Sourced, ValidTime
from tracker.errors import DomainError

__all__ = ["NAMESPACE", "CuratedEvent", "claim_uuid", "parse_document", "parse_time"]

#: Namespace of tracker's deterministic ids (uuid5).
NAMESPACE = uuid.UUID("6f1c1b8e-3a52-5d0e-9c1e-7472616b6572")

CuratedEvent = tuple[uuid.UUID, Event, str]  # (event id, event, key in the file)


def claim_uuid(key: str) -> str:
    """The claim id a curated key stands for (stable across loads)."""
    return str(uuid.uuid5(NAMESPACE, f"claim:{key}"))


def parse_time(value: Any, where: str, default_tz: str | None = None) -> ValidTime:
    """A ``ValidTime`` from a string or a table ``{at, precision, expression, tz}``.

    Raises:
        DomainError: malformed, or without a zone.
    """
    try:
        if isinstance(value, str):
            return ValidTime.parse(value, tz=default_tz)
        if isinstance(value, dict) and "at" in value:
            return ValidTime.parse(
                str(value["at"]),
                precision=value.get("precision"),
                expression=str(value.get("expression", "")),
                tz=value.get("tz", default_tz),
            )
    except DomainError as exc:
        raise DomainError(f"{where}: {exc}") from exc
    raise DomainError(f"{where}: a time must be a string or a table with 'at'")


def _prov(entry: dict[str, Any], curator: str, default_tz: str | None, where: str) -> Provenance:
    published = entry.get("published")
    return Provenance(
        urls=tuple(entry.get("sources", ())),
        published=None
        if published is None
        else parse_time(published, f"{where}.published", default_tz),
        quote=str(entry.get("quote", "")),
        curator=curator,
    )


def _req(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry:
        raise DomainError(f"{where}: missing '{key}'")
    return entry[key]


def _eid(stream: str, type_name: str, key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{stream}/{type_name}/{key}")


#: The curated file formats this tracker reads (the ``schema`` key; absent means the first).
SCHEMAS = ("tracker-curated/1",)
#: The sections that hold events, and the other top-level keys a document may have.
SECTIONS = ("truce", "end", "violation", "denial", "casualty")
_OTHER_KEYS = frozenset({"schema", "curator", "conflict", "default_tz", "title", "description"})


def not_loaded(doc: Any) -> list[str]:
    """What in ``doc`` a load would leave out, in words (unknown sections or keys).

    Raises:
        DomainError: the document is not a table, names a schema this tracker does not
            read, or holds no event at all.
    """
    if not isinstance(doc, dict):
        raise DomainError(f"a curated file is a table of sections, not a {type(doc).__name__}")
    schema = doc.get("schema", SCHEMAS[0])
    if schema not in SCHEMAS:
        raise DomainError(
            f"unknown schema {schema!r}: this tracker reads {', '.join(SCHEMAS)}; nothing loaded"
        )
    left_out = []
    for key, value in doc.items():
        if key in SECTIONS:
            if not isinstance(value, list):
                raise DomainError(f"section {key!r} must be a list of entries; nothing loaded")
        elif key not in _OTHER_KEYS:
            size = f" ({len(value)} entries)" if isinstance(value, list) else ""
            left_out.append(f"unknown section {key!r}{size}")
    if not any(doc.get(section) for section in SECTIONS):
        raise DomainError(
            "the file holds no event (no truce, end, violation, denial or casualty entry)"
            + (f"; not loaded: {'; '.join(left_out)}" if left_out else "")
        )
    return left_out


def parse_document(doc: dict[str, Any]) -> list[CuratedEvent]:
    """Every event the document states, in file order (truces first).

    Raises:
        DomainError: a malformed entry, naming the section, index and field.
    """
    curator = str(doc.get("curator", "curator:file"))
    tz = doc.get("default_tz")
    out: list[CuratedEvent] = []
    for i, e in enumerate(doc.get("truce", [])):
        where = f"truce[{i}]"
        tid = str(_req(e, "id", where))
        ann = e.get("announced")
        event: Event = TruceAnnounced(
            truce_id=tid,
            name=str(_req(e, "name", where)),
            parties=tuple(_req(e, "parties", where)),
            effective=parse_time(_req(e, "effective", where), f"{where}.effective", tz),
            announced=None if ann is None else parse_time(ann, f"{where}.announced", tz),
            brokers=tuple(
                Sourced(b["actor"], tuple(b.get("sources", ())), b.get("note", ""))
                for b in e.get("brokers", [])
            ),
            signatories=tuple(
                Signatory(s["name"], s.get("role", "")) for s in e.get("signatories", [])
            ),
            effective_disputed=tuple(
                Sourced(d["value"], tuple(d.get("sources", ())), d.get("note", ""))
                for d in e.get("effective_disputed", [])
            ),
            terms=tuple(e.get("terms", ())),
            kind=str(e.get("kind", "")),
            purpose=str(e.get("purpose", "")),
            truce_class=str(e.get("class", "")),
            form=str(e.get("form", "")),
            truce_type=str(e.get("truce_type", "")),
            declaration=str(e.get("declaration", "")),
            written=str(e.get("written", "")),
            scope=str(e.get("scope", "")),
            monitoring=str(e.get("monitoring", "")),
            attribute_sources=tuple(
                Sourced(str(name), tuple(urls)) for name, urls in e.get("field_sources", {}).items()
            ),
            sources=tuple(e.get("sources", ())),
            status=str(e.get("status", "confirmed")),
            provenance=Provenance(curator=curator),
        )
        out.append((_eid(event.stream_id, event.TYPE, tid), event, tid))
    for i, e in enumerate(doc.get("end", [])):
        where = f"end[{i}]"
        tid = str(_req(e, "truce", where))
        kind = _req(e, "type", where)
        prov = _prov(e, curator, tz, where)
        if kind == "collapsed":
            event = TruceCollapsed(
                truce_id=tid,
                at=parse_time(_req(e, "at", where), f"{where}.at", tz),
                declared_by=e.get("declared_by"),
                basis=str(e.get("basis", "")),
                quote=str(e.get("quote", "")),
                provenance=prov,
            )
        elif kind == "superseded":
            at = e.get("at")
            event = TruceSuperseded(
                truce_id=tid,
                by_truce_id=str(_req(e, "by", where)),
                at=None if at is None else parse_time(at, f"{where}.at", tz),
                basis=str(e.get("basis", "")),
                provenance=prov,
            )
        elif kind == "ended":
            event = TruceEnded(
                truce_id=tid,
                at=parse_time(_req(e, "at", where), f"{where}.at", tz),
                reason=str(_req(e, "reason", where)),
                basis=str(e.get("basis", "")),
                contested=str(e.get("contested", "")),
                provenance=prov,
            )
        else:
            raise DomainError(f"{where}: type must be collapsed, superseded or ended, not {kind!r}")
        out.append((_eid(event.stream_id, event.TYPE, tid), event, f"{tid}/{kind}"))
    for i, e in enumerate(doc.get("violation", [])):
        where = f"violation[{i}]"
        key = str(_req(e, "key", where))
        event = ViolationReported(
            report_id=claim_uuid(key),
            accuser=str(_req(e, "accuser", where)),
            accused=str(_req(e, "accused", where)),
            occurred=parse_time(_req(e, "occurred", where), f"{where}.occurred", tz),
            accuser_text=str(e.get("accuser_text", "")),
            against=e.get("against"),
            places=tuple(
                Place(p["as_written"], p.get("canonical")) if isinstance(p, dict) else Place(str(p))
                for p in e.get("places", [])
            ),
            weapon=str(e.get("weapon", "")),
            killed=e.get("killed"),
            wounded=e.get("wounded"),
            description=str(e.get("description", "")),
            truce_refs=tuple(e.get("truce_refs", ())),
            provenance=_prov(e, curator, tz, where),
        )
        out.append((_eid(event.stream_id, event.TYPE, key), event, key))
    for i, e in enumerate(doc.get("denial", [])):
        where = f"denial[{i}]"
        key = str(_req(e, "key", where))
        event = ViolationDenied(
            denial_id=claim_uuid(key),
            denier=str(_req(e, "denier", where)),
            report_ids=tuple(claim_uuid(k) for k in _req(e, "reports", where)),
            denier_text=str(e.get("denier_text", "")),
            statement=str(e.get("statement", "")),
            provenance=_prov(e, curator, tz, where),
        )
        out.append((_eid(event.stream_id, event.TYPE, key), event, key))
    for i, e in enumerate(doc.get("casualty", [])):
        where = f"casualty[{i}]"
        key = str(_req(e, "key", where))
        occurred = e.get("occurred")
        report = e.get("report")
        try:
            terms = casualty_terms(
                side=str(_req(e, "side", where)),
                category=str(_req(e, "category", where)),
                outcome=str(e.get("outcome", "")),
                qualifier=str(e.get("qualifier", "")),
            )
        except DomainError as exc:
            raise DomainError(f"{where}: {exc}") from None
        event = CasualtyClaimReported(
            claim_id=claim_uuid(key),
            claimant=str(_req(e, "claimant", where)),
            side=terms.side,
            side_actor=terms.side_actor,
            category=terms.category,
            outcome=terms.outcome,
            figure=int(_req(e, "figure", where)),
            qualifier=terms.qualifier,
            qualifier_text=terms.qualifier_text,
            claimant_text=str(e.get("claimant_text", "")),
            occurred=None if occurred is None else parse_time(occurred, f"{where}.occurred", tz),
            places=tuple(
                Place(p["as_written"], p.get("canonical")) if isinstance(p, dict) else Place(str(p))
                for p in e.get("places", [])
            ),
            report_id=None if report is None else claim_uuid(str(report)),
            provenance=_prov(e, curator, tz, where),
        )
        out.append((_eid(event.stream_id, event.TYPE, key), event, key))
    return out
