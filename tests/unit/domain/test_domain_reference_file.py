"""The curated reference file agrees with shared/reference/truces.json and loads deterministically."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tracker.domain.curated import parse_document
from tracker.domain.events import TruceAnnounced
from tracker.domain.validation import validate_all
from tracker.domain.values import parse_instant

ROOT = Path(__file__).resolve().parents[3]
FILE = ROOT / "feeds" / "conflicts" / "nagorno-karabakh" / "reference.toml"
SHARED = ROOT.parent / "shared" / "reference" / "truces.json"


def document() -> dict:  # type: ignore[type-arg]
    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def test_the_reference_file_is_valid_and_parses_to_the_same_ids_every_time() -> None:
    first, second = parse_document(document()), parse_document(document())
    validate_all([ev for _, ev, _ in first])
    assert [eid for eid, _, _ in first] == [eid for eid, _, _ in second]
    assert len({eid for eid, _, _ in first}) == len(first)


@pytest.mark.skipif(
    not SHARED.exists(), reason="shared/reference/truces.json is not beside the repository"
)
def test_effective_times_parties_and_brokers_match_the_shared_reference() -> None:
    reference = {t["id"]: t for t in json.loads(SHARED.read_text(encoding="utf-8"))["truces"]}
    truces = {
        ev.truce_id: ev for _, ev, _ in parse_document(document()) if isinstance(ev, TruceAnnounced)
    }
    assert set(truces) == set(reference)
    for tid, ev in truces.items():
        ref = reference[tid]
        assert ev.effective.instant == parse_instant(ref["effective"]["utc"]), tid
        assert sorted(ev.parties) == sorted(ref["parties"]), tid
        assert sorted(b.value for b in ev.brokers) == sorted(ref["brokers"]), tid
