"""The ``casualty_claims`` view: every claimant's figure, with corroboration across sources.

Owns the casualty rows. Claims never overwrite each other: each figure stays with its
claimant, qualifier and record time. Every figure is in the one vocabulary of
``tracker.domain.casualties`` (side and its actor code, the six categories, normalised
qualifiers with the words as written), whether a curator or the extractor gave it.
Claims about the same people (same side and category, same local day, overlapping
places) form a corroboration group; each row shows how many claims, claimants and
sources the group has, its min/max figure, the low and high of the claimants' latest
figures, and the latest figure of the same claimant (ACLED-style conservative =
``group_min_figure``). A figure sits in the truce of its report, else the truce binding
its side at its occurred time. Retracted claims are hidden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, ClassVar

import sqlalchemy as sa

from tracker.domain.book import Book, Recorded
from tracker.domain.casualties import truce_at
from tracker.domain.events import CasualtyClaimReported, ViolationReported
from tracker.domain.incidents import place_set
from tracker.domain.inforce import Window, sides, truce_windows
from tracker.domain.truces import Assessment
from tracker.domain.values import ACTORS
from tracker.projections._base import (
    ClaimView,
    Row,
    source_columns,
    ts,
    typed_columns,
)
from tracker.projections.violation_reports import place_columns

COLUMNS: dict[str, str] = {
    "claim_id": "Id of the claim (stream claim-<id>).",
    "claimant": "Actor code of who gives the figure.",
    "claimant_side": "Side the claimant speaks for (a side of the actor registry), or NULL for a third party.",
    "claimant_text": "The claimant as written.",
    "side": "Whose casualties: a side of the actor registry, both, or other (a third party's people).",
    "side_actor": "Whose casualties as an actor code, when the claim names one; NULL when only the side is known.",
    "category": "civilian_killed, civilian_injured, military_killed, military_injured, total_killed, total_injured (total: unspecified people, police); *_missing and *_captured for the other outcomes.",
    "outcome": "killed, injured, missing or captured (the second half of category).",
    "figure": "The figure claimed.",
    "qualifier": "exact, at_least, more_than, approximately, nearly, up_to, less_than, dozens, scores, hundreds, thousands, tens_of_thousands or several.",
    "qualifier_text": "The qualifier as written ('at least', 'about'), empty if none.",
    "origin": "curated (recorded by a curator) or machine (read from the news by the extractor).",
    "occurred_at": "When the casualties occurred (UTC), if given.",
    "occurred_day": "Local day of the occurred time, YYYY-MM-DD.",
    "incident_day": "Local day of the incident: the occurred time's, else that of the report the figure came with; NULL when neither gives a time.",
    "places": "JSON array of canonical place names.",
    "report_id": "Violation report the claim came with, if any.",
    "truce_id": "Truce in force: that of the report, else the truce binding the side at the occurred time.",
    "incident_id": "Incident of that report.",
    "group_id": "Corroboration group: claims about the same people (side, category, local day, overlapping places); id of its earliest claim.",
    "group_claims": "Claims in the group.",
    "group_claimants": "Distinct claimants in the group.",
    "group_sources": "Distinct sources (URLs or feed items) in the group.",
    "group_min_figure": "Smallest figure in the group, any claimant, any time (conservative estimate).",
    "group_max_figure": "Largest figure in the group.",
    "incident_low_figure": "Lowest of the claimants' latest figures in the group (low estimate across claimants).",
    "incident_high_figure": "Highest of the claimants' latest figures in the group (high estimate across claimants).",
    "claimant_latest_figure": "Latest figure (by publication, then record time) of this claimant in the group.",
    "confirmed": "True if curated or confirmed by a curator.",
    "published_at": "Publication time of the source (UTC), if known.",
    "source_urls": "JSON array of source URLs.",
    "source_item_id": "Feed item id the claim was extracted from, if any.",
    "quote": "Text span quoted from the source.",
    "evidence_span": "JSON [start, end]: character offsets of the quote in the feed item's text (extracted claims only).",
    "recorded_at": "Record time (UTC).",
    "position": "Log position.",
}

#: A truce's window for casualties: (id, the sides of its parties, effective, agreed until).
SideWindow = tuple[str, frozenset[str], datetime, datetime | None]


def side_windows(windows: Iterable[Window]) -> list[SideWindow]:
    """The truce windows with their parties' sides, for ``truce_at``."""
    return [(tid, sides(ann.parties), eff, until) for tid, ann, eff, until in windows]


def origin(c: CasualtyClaimReported) -> str:
    """curated or machine: who turned the source into the figure."""
    prov = c.provenance
    return "machine" if prov.extractor or prov.item_id else "curated"


def group_key(c: CasualtyClaimReported) -> tuple[str, str, str, str]:
    """The bucket inside which claims may corroborate each other."""
    day = c.occurred.local_date.isoformat() if c.occurred else ""
    return (c.side, c.category, c.outcome, day)


class CasualtyClaims(ClaimView):
    """Projection behind ``casualty_claims``."""

    name: ClassVar[str] = "casualty_claims"
    description: ClassVar[str] = (
        "Casualty figures per claimant, with qualifier and corroboration across sources."
    )
    key: ClassVar[tuple[str, ...]] = ("claim_id",)
    column_docs: ClassVar[Mapping[str, str]] = COLUMNS

    def columns(self) -> list[sa.Column[Any]]:
        ints = {
            "figure",
            "group_claims",
            "group_claimants",
            "group_sources",
            "group_min_figure",
            "group_max_figure",
            "incident_low_figure",
            "incident_high_figure",
            "claimant_latest_figure",
            "position",
        }
        return typed_columns(
            COLUMNS,
            times={"occurred_at", "published_at", "recorded_at"},
            ints=ints,
            bools={"confirmed"},
        )

    def rows(self, book: Book, assessment: Assessment) -> Iterable[Row]:
        live = [c for cid, c in book.casualties.items() if not book.is_retracted(cid)]
        reports = {r.report_id: r for r, _ in book.live_reports()}
        return casualty_rows(
            live,
            {rid: assessment.assignment.get(rid) for rid in reports},
            assessment.incidents,
            set(book.confirmations),
            reports=reports,
            windows=side_windows(truce_windows(book)),
        )

    def indexes(self) -> list[tuple[str, tuple[str, ...], bool]]:
        return [
            (self.name, ("claim_id",), True),
            (self.name, ("claimant", "side", "category", "outcome", "figure"), False),
            (self.name, ("group_id",), False),
            (self.name, ("occurred_day", "group_claims"), False),
            # the figures per truce and incident day (docs/sql.md) read this index alone,
            # in the order of their GROUP BY, with no sort and no table lookup
            (
                self.name,
                (
                    "truce_id",
                    "incident_day",
                    "side",
                    "category",
                    "claimant",
                    "origin",
                    "incident_low_figure",
                    "incident_high_figure",
                ),
                False,
            ),
        ]


def casualty_rows(
    claims: Iterable[tuple[CasualtyClaimReported, Recorded]],
    truce_of: Mapping[str, str | None],
    incident_of: Mapping[str, str],
    confirmed: Collection[str],
    *,
    reports: Mapping[str, ViolationReported],
    windows: list[SideWindow],
) -> Iterator[Row]:
    """``casualty_claims`` rows of live claims: every claim of a group must be given.

    ``truce_of``, ``incident_of`` and ``reports`` map the reports the claims came with
    (live ones only) to their truce, incident and event; ``confirmed`` holds the
    confirmed claim ids; ``windows`` place a figure without a report in the truce in
    force for its side at its occurred time.
    """
    live = sorted(claims, key=lambda c: c[0].claim_id)
    buckets: dict[tuple[str, str, str, str], list[tuple[CasualtyClaimReported, Any]]] = defaultdict(
        list
    )
    days: dict[str, str] = {}  # claim -> local day of its occurred time, "" without one
    for c, rec in live:
        key = group_key(c)
        days[c.claim_id] = key[3]
        buckets[key].append((c, rec))
    group_of: dict[str, _Group] = {}
    for members in buckets.values():
        groups: list[tuple[list[tuple[CasualtyClaimReported, Any]], list[frozenset[str]]]] = []
        for item in members:
            places = place_set(item[0].places)
            home = next(
                (
                    g
                    for g in groups
                    if any(not places or not other or places & other for other in g[1])
                ),
                None,
            )
            if home is None:
                groups.append(([item], [places]))
            else:
                home[0].append(item)
                home[1].append(places)
        for g, _ in groups:
            summary = _Group(g)
            for c, _ in g:
                group_of[c.claim_id] = summary
    actors = ACTORS.table()
    for c, rec in live:
        group = group_of[c.claim_id]
        report = reports.get(c.report_id) if c.report_id else None
        occurred = c.occurred
        day = days[c.claim_id] if occurred else None
        if report is not None:
            truce_id = truce_of.get(report.report_id)
        else:
            truce_id = truce_at(occurred.instant, c.side, windows) if occurred else None
        claimant = actors.get(c.claimant)
        made_by = origin(c)
        yield {
            "claim_id": c.claim_id,
            "claimant": c.claimant,
            "claimant_side": claimant.side if claimant is not None else None,
            "claimant_text": c.claimant_text,
            "side": c.side,
            "side_actor": c.side_actor,
            "category": c.category,
            "outcome": c.outcome,
            "figure": c.figure,
            "qualifier": c.qualifier,
            "qualifier_text": c.qualifier_text,
            "origin": made_by,
            "occurred_at": ts(occurred.instant) if occurred else None,
            "occurred_day": day,
            "incident_day": (
                day
                if occurred
                else report.occurred.local_date.isoformat()
                if report is not None
                else None
            ),
            "places": place_columns(c.places)["places"],
            "report_id": c.report_id,
            "truce_id": truce_id,
            "incident_id": incident_of.get(c.report_id) if c.report_id else None,
            "group_id": group.group_id,
            "group_claims": group.claims,
            "group_claimants": len(group.latest),
            "group_sources": group.sources,
            "group_min_figure": group.min_figure,
            "group_max_figure": group.max_figure,
            "incident_low_figure": group.low,
            "incident_high_figure": group.high,
            "claimant_latest_figure": group.latest[c.claimant],
            "confirmed": c.claim_id in confirmed or made_by == "curated",
            **source_columns(c.provenance),
            "recorded_at": rec.recorded_at,
            "position": rec.position,
        }


class _Group:
    """What every row of one corroboration group shows about the group, computed once."""

    __slots__ = (
        "claims",
        "group_id",
        "high",
        "latest",
        "low",
        "max_figure",
        "min_figure",
        "sources",
    )

    def __init__(self, g: list[tuple[CasualtyClaimReported, Any]]) -> None:
        self.claims = len(g)
        self.group_id = min(o.claim_id for o, _ in g)
        self.sources = len(
            {u for o, _ in g for u in (o.provenance.urls or (o.provenance.item_id or o.claim_id,))}
        )
        self.min_figure = min(o.figure for o, _ in g)
        self.max_figure = max(o.figure for o, _ in g)
        # each claimant's latest figure: by publication, then record time (the first of
        # equals, as ``max`` keeps it)
        best: dict[str, tuple[tuple[str, int], int]] = {}
        for o, rec in g:
            key = (
                o.provenance.published.instant.isoformat() if o.provenance.published else "",
                rec.position,
            )
            held = best.get(o.claimant)
            if held is None or key > held[0]:
                best[o.claimant] = (key, o.figure)
        self.latest = {who: figure for who, (_, figure) in best.items()}
        lows = list(self.latest.values())
        self.low, self.high = min(lows), max(lows)
