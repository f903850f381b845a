"""Impossible events are refused with a clear DomainError naming what is wrong."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.unit.domain.domain_builders import SOURCE, a_report, a_truce, at
from tracker.domain.events import CasualtyClaimReported, ClaimRetracted, TruceEnded, ViolationDenied
from tracker.domain.validation import Known, validate, validate_all
from tracker.domain.values import Provenance
from tracker.errors import DomainError


def known_with_truce() -> Known:
    return validate_all([a_truce("t1")])


def test_a_truce_that_ends_before_it_takes_effect_is_refused() -> None:
    ended = TruceEnded(
        truce_id="t1", at=at("2020-10-09T12:00+04:00"), reason="terminated", provenance=SOURCE
    )
    with pytest.raises(DomainError, match=r"cannot end .* before it takes effect"):
        validate(ended, known_with_truce())


def test_an_end_on_the_effective_day_at_day_precision_is_accepted() -> None:
    ended = TruceEnded(
        truce_id="t1", at=at("2020-10-10", tz="+04:00"), reason="terminated", provenance=SOURCE
    )
    validate(ended, known_with_truce())


def test_a_report_against_an_unknown_truce_id_is_refused() -> None:
    report = replace(a_report("r1", "2020-10-10T12:05+04:00"), truce_refs=("nk-1999",))
    with pytest.raises(DomainError, match="unknown truce 'nk-1999'"):
        validate(report, known_with_truce())


def test_a_negative_figure_is_refused() -> None:
    with pytest.raises(DomainError, match="negative figure for killed: -3"):
        validate(a_report("r1", "2020-10-10T12:05+04:00", killed=-3), Known())
    claim = CasualtyClaimReported(
        claim_id="c1",
        claimant="AZ",
        side="AZ",
        category="civilian",
        outcome="killed",
        figure=-1,
        provenance=SOURCE,
    )
    with pytest.raises(DomainError, match="negative figure"):
        validate(claim, Known())


def test_a_claim_without_a_source_is_refused() -> None:
    bare = replace(a_report("r1", "2020-10-10T12:05+04:00"), provenance=Provenance())
    with pytest.raises(DomainError, match="has no source"):
        validate(bare, Known())


def test_a_third_party_cannot_be_accused() -> None:
    with pytest.raises(DomainError, match="'RU' is not a belligerent"):
        validate(a_report("r1", "2020-10-10T12:05+04:00", accused="RU"), Known())


def test_a_denial_of_an_unknown_report_is_refused() -> None:
    denial = ViolationDenied(denial_id="d1", denier="AZ", report_ids=("nope",), provenance=SOURCE)
    with pytest.raises(DomainError, match="unknown report 'nope'"):
        validate(denial, Known())


def test_a_retraction_needs_a_reason_and_a_known_claim() -> None:
    known = validate_all([a_report("r1", "2020-10-10T12:05+04:00")])
    with pytest.raises(DomainError, match="needs a reason"):
        validate(
            ClaimRetracted(claim_id="r1", claim_kind="report", reason=" ", curator="curator:x"),
            known,
        )
    with pytest.raises(DomainError, match="unknown report claim 'r2'"):
        validate(
            ClaimRetracted(claim_id="r2", claim_kind="report", reason="dup", curator="curator:x"),
            known,
        )
