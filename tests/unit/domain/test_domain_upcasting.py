"""Upcasters chain old payloads to the current schema; a missing step or a newer payload is an error."""

from __future__ import annotations

from typing import Any

import pytest

from tracker.domain import upcasting
from tracker.domain.events import EVENT_TYPES
from tracker.errors import DomainError


def test_every_event_type_is_registered_under_its_class_name_with_a_schema_version() -> None:
    for name, cls in EVENT_TYPES.items():
        assert cls.TYPE == cls.__name__ == name
        assert cls.SCHEMA_VERSION >= 1
        assert cls.__doc__ and len(cls.__doc__) > 40


def test_a_chain_of_upcasters_brings_a_payload_to_the_current_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cls = EVENT_TYPES["ViolationDenied"]
    monkeypatch.setattr(cls, "SCHEMA_VERSION", 3)

    def v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "report_ids": [data.pop("report_id")]}

    def v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "statement": data.get("statement", "").strip()}

    monkeypatch.setitem(upcasting.UPCASTERS, ("ViolationDenied", 1), v1_to_v2)
    monkeypatch.setitem(upcasting.UPCASTERS, ("ViolationDenied", 2), v2_to_v3)
    version, data = upcasting.upcast("ViolationDenied", 1, {"report_id": "r1", "statement": " no "})
    assert (version, data["report_ids"], data["statement"]) == (3, ["r1"], "no")


def test_a_payload_newer_than_the_code_or_a_missing_step_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(DomainError, match="newer than this tracker knows"):
        upcasting.upcast("TruceAnnounced", 3, {})
    monkeypatch.setattr(EVENT_TYPES["TruceEnded"], "SCHEMA_VERSION", 2)
    with pytest.raises(DomainError, match="no upcaster for TruceEnded v1 -> v2"):
        upcasting.upcast("TruceEnded", 1, {})


def test_a_version_1_casualty_claim_reads_in_the_one_vocabulary() -> None:
    curated = {"side": "NK", "category": "military", "outcome": "wounded", "qualifier": "at least"}
    extracted = {"side": "armenian", "category": "civilian_killed", "outcome": "killed"}
    version, data = upcasting.upcast("CasualtyClaimReported", 1, curated)
    assert version == 2
    assert (data["side"], data["side_actor"], data["category"], data["outcome"]) == (
        "armenian",
        "NK",
        "military_injured",
        "injured",
    )
    assert (data["qualifier"], data["qualifier_text"]) == ("at_least", "at least")
    _, data = upcasting.upcast("CasualtyClaimReported", 1, extracted)
    assert (data["side"], data["side_actor"], data["category"], data["qualifier"]) == (
        "armenian",
        None,
        "civilian_killed",
        "exact",
    )


def test_a_version_1_casualty_claim_outside_the_vocabulary_is_refused_with_the_words() -> None:
    with pytest.raises(DomainError, match="unknown casualty category 'children'"):
        upcasting.upcast(
            "CasualtyClaimReported", 1, {"side": "AZ", "category": "children", "outcome": "killed"}
        )
