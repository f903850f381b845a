"""`tracker serve --once` on the bundled feeds fills the views with claims and their evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from tracker.cli import cli
from tracker.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def test_one_cycle_on_the_bundled_feeds_yields_claims_with_evidence(db_url: str) -> None:
    env = {
        "TRACKER_DATABASE_URL": db_url,
        "TRACKER_FEEDS_FILE": str(ROOT / "feeds" / "feeds.toml"),
    }
    runner = CliRunner()
    loaded = runner.invoke(
        cli,
        ["load", str(ROOT / "feeds" / "conflicts" / "nagorno-karabakh" / "reference.toml")],
        env=env,
    )
    assert loaded.exit_code == 0, loaded.output
    served = runner.invoke(cli, ["serve", "--once"], env=env)
    assert served.exit_code == 0, served.output
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            reports = conn.execute(
                text(
                    "SELECT r.accuser, r.accused, r.truce_id, r.quote, r.evidence_span, d.text "
                    "FROM violation_reports r "
                    "JOIN items i ON i.item_id = r.source_item_id "
                    "JOIN documents d ON d.sha256 = i.document_sha256 "
                    "WHERE r.source_item_id IS NOT NULL"
                )
            ).all()
            claims = conn.execute(
                text("SELECT count(*) FROM casualty_claims WHERE source_item_id IS NOT NULL")
            ).scalar_one()
            truces = {r[0] for r in conn.execute(text("SELECT truce_id FROM truce_status"))}
    finally:
        engine.dispose()
    assert len(reports) >= 10 and claims >= 3
    assert {(r.accuser, r.accused) for r in reports} >= {("AZ", "AM"), ("AM", "AZ")}
    assert {r.truce_id for r in reports} & truces, "extracted reports are assigned to known truces"
    for r in reports:
        start, end = json.loads(r.evidence_span)
        assert r.text[start:end] == r.quote and r.quote
