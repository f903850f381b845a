"""Builders for the report tests: the five reference truces as the views would show them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import cli
from tracker.report.data import Casualty, Truce, Violation


def at(text: str) -> datetime:
    """An aware UTC instant from ``YYYY-MM-DDTHH:MM``."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def a_truce(
    truce_id: str, effective: str, ended: str | None, reason: str | None, **kw: object
) -> Truce:
    defaults: dict[str, object] = {
        "name": f"Truce {truce_id}",
        "parties": ("AM", "AZ"),
        "brokers": ("RU",),
        "effective_at": at(effective),
        "ended_at": at(ended) if ended else None,
        "end_reason": reason,
        "status": reason or "violated",
        "status_reason": f"{reason or 'in force'} by rule",
        "sources": (f"https://example.org/{truce_id}",),
    }
    defaults.update(kw)
    return Truce(truce_id=truce_id, **defaults)  # type: ignore[arg-type]


def a_report(
    report_id: str, truce_id: str | None, occurred: str, accuser: str, accused: str
) -> Violation:
    return Violation(
        report_id=report_id,
        truce_id=truce_id,
        accuser=accuser,
        accused=accused,
        occurred_at=at(occurred),
        sources=(f"https://example.org/{report_id}",),
    )


REFERENCE_TRUCES = (
    a_truce("nk-2020-10-10", "2020-10-10T08:00", "2020-10-10T20:00", "collapsed", lifespan="1 day"),
    a_truce(
        "nk-2020-10-18", "2020-10-17T20:00", "2020-10-17T20:00", "collapsed", lifespan="0 days"
    ),
    a_truce(
        "nk-2020-10-26", "2020-10-26T04:00", "2020-10-25T20:00", "collapsed", lifespan="0 days"
    ),
    a_truce(
        "nk-2020-11-10", "2020-11-09T21:00", "2023-09-19T09:00", "ended", lifespan="1043 d 12 h"
    ),
    a_truce(
        "nk-2023-09-20",
        "2023-09-20T09:00",
        None,
        None,
        parties=("AZ", "NK"),
        lifespan="ongoing",
        status="violated",
    ),
)
REFERENCE_REPORTS = (
    a_report("r1", "nk-2020-10-10", "2020-10-10T08:05", "AM", "AZ"),
    a_report("r2", "nk-2020-10-10", "2020-10-10T09:00", "AZ", "AM"),
    a_report("r3", "nk-2020-10-18", "2020-10-17T20:04", "AM", "AZ"),
    a_report("r4", "nk-2020-10-26", "2020-10-26T04:05", "AZ", "AM"),
    a_report("r5", "nk-2020-11-10", "2020-12-11T16:40", "AM", "AZ"),
    a_report("r6", "nk-2020-11-10", "2022-08-02T20:00", "RU", "AZ"),
    a_report("r7", "nk-2023-09-20", "2023-09-21T07:40", "NK", "AZ"),
    a_report("r8", None, "2020-10-05T10:00", "AZ", "AM"),
)
REFERENCE_CLAIMS = (
    Casualty(
        claim_id="c1",
        claimant="AZ",
        side="AZ",
        outcome="killed",
        figure=10,
        occurred_at=at("2020-10-10T22:00"),
    ),
    Casualty(
        claim_id="c2",
        claimant="AZ",
        side="AZ",
        outcome="injured",
        figure=35,
        occurred_at=at("2020-10-10T22:00"),
    ),
    Casualty(
        claim_id="c3",
        claimant="NK",
        side="NK",
        outcome="injured",
        figure=19,
        occurred_at=at("2022-08-02T20:00"),
    ),
)


REFERENCE_FILE = (
    Path(__file__).resolve().parents[2]
    / "feeds"
    / "conflicts"
    / "nagorno-karabakh"
    / "reference.toml"
)


def load_and_project(url: str) -> None:
    """Load the reference truces into the database at ``url`` and project them, via the CLI."""
    for args in (["load", str(REFERENCE_FILE)], ["project"]):
        result = CliRunner().invoke(cli, ["--database", url, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
