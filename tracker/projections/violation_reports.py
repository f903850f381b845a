"""The ``violation_reports`` view: one row per violation claim, with its truce and incident.

Owns the report rows: provenance, the truce in force between those actors at the
occurred time (assigned by time, not only by what the text names), the incident that
groups reports of the same happening, denials and curator confirmation. Retracted
reports are hidden (the retraction is in ``claim_retractions``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, ClassVar

import sqlalchemy as sa

from tracker.domain.book import Book, Recorded
from tracker.domain.events import ViolationReported
from tracker.domain.incidents import side_key
from tracker.domain.timing import local_text
from tracker.domain.truces import RULES, Assessment
from tracker.domain.values import Place
from tracker.extract import places as gazetteer
from tracker.projections._base import (
    ClaimView,
    Row,
    as_json,
    source_columns,
    ts,
    typed_columns,
)

COLUMNS: dict[str, str] = {
    "report_id": "Id of the claim (stream report-<id>).",
    "truce_id": "Truce in force between the actors at the occurred time; NULL if none.",
    "incident_id": "Incident grouping reports of the same happening (id of its earliest report).",
    "incident_reports": "Number of reports in the incident.",
    "accuser": "Accusing actor code (a party, a third party such as a monitor, or unattributed).",
    "accuser_side": "Side the accuser speaks for (a side of the conflict pack) or the third party itself.",
    "accuser_text": "The accuser as written ('the Defence Ministry of <country>').",
    "accused": "Accused actor code, or unattributed.",
    "accused_side": "Side of the accused.",
    "against": "Target side when the accuser is a third party.",
    "occurred_at": "When the violation occurred (UTC, start of its precision period).",
    "occurred_precision": "Precision of occurred_at.",
    "occurred_day": "Local calendar day of the occurred time (zone as written), YYYY-MM-DD: a day-precision claim's own day; the day of truce_timeline_daily.",
    "occurred_local": "The occurred time in the zone as written, at its precision ('2020-11-26 (+04:00)', '2020-10-26 08:05 +04:00').",
    "occurred_as_written": "The occurred time as the source wrote it.",
    "places": "JSON array of canonical place names (written name when unknown).",
    "places_as_written": "JSON array of places as written.",
    "location": "The first place the gazetteer knows (canonical name), for maps and ACLED-style joins; NULL if none.",
    "latitude": "WGS84 latitude of location (gazetteer; approximate, a few km, for villages).",
    "longitude": "WGS84 longitude of location.",
    "admin1": "Administrative unit of location: district (rayon) or province (marz), as in the gazetteer.",
    "country": "ISO 3166 alpha-2 country of location (de jure).",
    "geo_precision": "ACLED-style: 1 a settlement, 2 a landmark (height, pass) or an area around it; NULL without coordinates.",
    "places_geo": "JSON array of {name, lat, lon, admin1, country} for every place the gazetteer knows.",
    "weapon": "Weapon as written.",
    "heavy": "True if the claim names heavy weapons, offensive operations or deaths (rule C1.2).",
    "killed": "Killed according to the report, if given.",
    "wounded": "Wounded according to the report, if given.",
    "description": "What the claim says.",
    "truce_refs": "JSON array of truce ids the text names.",
    "denied": "Number of denials pointing at this report or its incident.",
    "confirmed": "True if the claim is curated or a curator confirmed it (claim_status = confirmed).",
    "claim_status": "confirmed (curated, or extracted and confirmed by a curator) or extracted-unconfirmed; agrees with confirmed.",
    "published_at": "Publication time of the source (UTC), if known.",
    "published_precision": "Precision of published_at.",
    "source_urls": "JSON array of source URLs.",
    "source_item_id": "Feed item id the claim was extracted from, if any.",
    "quote": "Text span quoted from the source.",
    "evidence_span": "JSON [start, end]: character offsets of the quote in the feed item's text (extracted claims only).",
    "extractor": "Extractor version (extractor:vN) or NULL.",
    "curator": "Curator who recorded it, or NULL.",
    "recorded_at": "Record time: when the log learned the claim (UTC).",
    "position": "Log position of the claim.",
}

_TIMES = {"occurred_at", "published_at", "recorded_at"}
_INTS = {"incident_reports", "killed", "wounded", "denied", "position", "geo_precision"}
_BOOLS = {"heavy", "confirmed"}
_FLOATS = {"latitude", "longitude"}


@lru_cache(maxsize=8192)
def gazetteer_place(name: str) -> gazetteer.Place | None:
    """The gazetteer entry for a canonical name or alias (tracker/extract/data/gazetteer.tsv)."""
    return gazetteer.place(name)


def geo_columns(places: Iterable[Place]) -> Row:
    """Coordinates and administrative unit of a claim's places, from the gazetteer."""
    known = []
    for p in places:
        entry = gazetteer_place(p.canonical or p.as_written)
        if entry is not None and entry.kind != "water":
            known.append(entry)
    first = known[0] if known else None
    return {
        "location": first.name if first else None,
        "latitude": first.lat if first else None,
        "longitude": first.lon if first else None,
        "admin1": first.region if first else None,
        "country": first.country if first else None,
        "geo_precision": (2 if first.kind == "landmark" else 1) if first else None,
        "places_geo": as_json(
            [
                {
                    "name": e.name,
                    "lat": e.lat,
                    "lon": e.lon,
                    "admin1": e.region,
                    "country": e.country,
                }
                for e in dict.fromkeys(known)
            ]
        ),
    }


@lru_cache(maxsize=4096)
def place_columns(places: tuple[Place, ...]) -> Row:
    """The place columns of a claim naming ``places``: names, as written, and the gazetteer's.

    Claims name few distinct sets of places, so each set's columns are made once. The
    dict is shared: copy it, never change it.
    """
    return {
        "places": as_json([p.canonical or p.as_written for p in places]),
        "places_as_written": as_json([p.as_written for p in places]),
        **geo_columns(places),
    }


def denial_counts(book: Book, assessment: Assessment) -> dict[str, int]:
    """Denials per report: a denial of one report covers the whole incident."""
    members: dict[str, list[str]] = defaultdict(list)
    for rid, inc in assessment.incidents.items():
        members[inc].append(rid)
    counts: dict[str, int] = defaultdict(int)
    for did, (denial, _) in book.denials.items():
        if book.is_retracted(did):
            continue
        covered = {
            m
            for rid in denial.report_ids
            if rid in assessment.incidents
            for m in members[assessment.incidents[rid]]
        }
        for rid in covered:
            counts[rid] += 1
    return counts


class ViolationReports(ClaimView):
    """Projection behind ``violation_reports``."""

    name: ClassVar[str] = "violation_reports"
    description: ClassVar[str] = (
        "One row per violation claim (retracted claims hidden), with provenance, the truce in "
        "force between those actors at the occurred time and the incident it belongs to."
    )
    key: ClassVar[tuple[str, ...]] = ("report_id",)
    column_docs: ClassVar[Mapping[str, str]] = COLUMNS

    def columns(self) -> list[sa.Column[Any]]:
        return typed_columns(COLUMNS, times=_TIMES, ints=_INTS, bools=_BOOLS, floats=_FLOATS)

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        sizes: dict[str, int] = defaultdict(int)
        for inc in assessment.incidents.values():
            sizes[inc] += 1
        denied = denial_counts(book, assessment)
        for r, rec in book.live_reports():
            inc = assessment.incidents[r.report_id]
            yield report_row(
                r,
                rec,
                truce_id=assessment.assignment.get(r.report_id),
                incident_id=inc,
                incident_reports=sizes[inc],
                denied=denied.get(r.report_id, 0),
                confirmed=r.report_id in book.confirmations,
            )

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [
            (self.name, ("report_id",), True),
            (self.name, ("truce_id", "occurred_at"), False),
            (self.name, ("occurred_day", "accuser_side"), False),
            (self.name, ("incident_id",), False),
            (self.name, ("truce_id", "accuser_side"), False),
            (self.name, ("occurred_at",), False),
        ]


def report_row(
    r: ViolationReported,
    rec: Recorded,
    *,
    truce_id: str | None,
    incident_id: str,
    incident_reports: int,
    denied: int,
    confirmed: bool,
    side_of: Callable[[str], str] = side_key,
) -> Row:
    """The ``violation_reports`` row of one live report (``side_of``: ``side_key``, or a
    build's memo of it)."""
    prov = r.provenance
    return {
        "report_id": r.report_id,
        "truce_id": truce_id,
        "incident_id": incident_id,
        "incident_reports": incident_reports,
        "accuser": r.accuser,
        "accuser_side": side_of(r.accuser),
        "accuser_text": r.accuser_text,
        "accused": r.accused,
        "accused_side": side_of(r.accused),
        "against": r.against,
        "occurred_at": ts(r.occurred.instant),
        "occurred_precision": r.occurred.precision,
        "occurred_day": r.occurred.local_date.isoformat(),
        "occurred_local": local_text(r.occurred),
        "occurred_as_written": r.occurred.expression,
        **place_columns(r.places),
        "weapon": r.weapon,
        "heavy": RULES.is_heavy(r),
        "killed": r.killed,
        "wounded": r.wounded,
        "description": r.description,
        "truce_refs": as_json(list(r.truce_refs)) if r.truce_refs else "[]",
        "denied": denied,
        "confirmed": confirmed or r.status == "confirmed",
        "claim_status": "confirmed" if confirmed or r.status == "confirmed" else r.status,
        **source_columns(prov),
        "published_precision": prov.published.precision if prov.published else None,
        "extractor": prov.extractor,
        "curator": prov.curator,
        "recorded_at": rec.recorded_at,
        "position": rec.position,
    }
