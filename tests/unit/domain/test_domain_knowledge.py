"""Knowledge time: a source's publication, a truce's announcement, a curator's record."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.domain.events import (
    ClaimRetracted,
    TruceAnnounced,
    TruceCollapsed,
    TruceEnded,
    ViolationReported,
)
from tracker.domain.knowledge import knowledge_time
from tracker.domain.values import Provenance, ValidTime

RECORDED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def vt(text: str, tz: str | None = None) -> ValidTime:
    return ValidTime.parse(text, tz=tz)


def truce(announced: ValidTime | None) -> TruceAnnounced:
    return TruceAnnounced(
        truce_id="t1",
        name="t1",
        parties=("AM", "AZ"),
        effective=vt("2020-10-18T00:00+04:00"),
        announced=announced,
    )


def test_a_curated_truce_is_known_from_its_announcement_else_its_effective_time() -> None:
    assert knowledge_time(truce(vt("2020-10-17T22:57+04:00")), RECORDED) == datetime(
        2020, 10, 17, 18, 57, tzinfo=UTC
    )
    assert knowledge_time(truce(None), RECORDED) == datetime(2020, 10, 17, 20, tzinfo=UTC)


def test_a_claim_is_known_from_its_publication_else_from_its_record() -> None:
    report = ViolationReported(
        report_id="r1",
        accuser="AM",
        accused="AZ",
        occurred=vt("2020-11-26", "+04:00"),
        provenance=Provenance(published=vt("2020-12-13", "+04:00")),
    )
    assert knowledge_time(report, RECORDED) == datetime(2020, 12, 12, 20, tzinfo=UTC)
    unpublished = ViolationReported(
        report_id="r2", accuser="AM", accused="AZ", occurred=vt("2020-11-26", "+04:00")
    )
    assert knowledge_time(unpublished, RECORDED) == RECORDED


def test_a_declaration_is_known_when_made_and_a_curators_judgment_when_recorded() -> None:
    declared = TruceCollapsed(truce_id="t1", at=vt("2020-10-26", "+04:00"), declared_by="AM")
    judged = TruceCollapsed(truce_id="t1", at=vt("2020-10-18", "+04:00"), basis="judgment")
    ended = TruceEnded(truce_id="t1", at=vt("2023-09-19T13:00+04:00"), reason="offensive")
    retracted = ClaimRetracted(claim_id="r1", claim_kind="report", reason="x", curator="c")
    assert knowledge_time(declared, RECORDED) == datetime(2020, 10, 25, 20, tzinfo=UTC)
    assert knowledge_time(judged, RECORDED) == RECORDED
    assert knowledge_time(ended, RECORDED) == RECORDED
    assert knowledge_time(retracted, RECORDED) == RECORDED


def test_knowledge_is_never_later_than_the_record() -> None:
    early = datetime(2020, 10, 1, tzinfo=UTC)
    assert knowledge_time(truce(vt("2020-10-17T22:57+04:00")), early) == early
