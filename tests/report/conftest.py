"""Fixtures for the report tests: reference-shaped report data, a projected database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine

from tests.report.report_fixtures import (
    REFERENCE_CLAIMS,
    REFERENCE_REPORTS,
    REFERENCE_TRUCES,
    at,
    load_and_project,
)
from tracker.db import make_engine
from tracker.report.data import DailyCount, ReportData, StatusInterval


@pytest.fixture
def reference_data() -> ReportData:
    """Report data shaped like the reference truces, generated on 1 Jan 2024."""
    return ReportData(
        generated_at=at("2024-01-01T00:00"),
        truces=REFERENCE_TRUCES,
        violations=REFERENCE_REPORTS,
        casualties=REFERENCE_CLAIMS,
        history=(
            StatusInterval(
                "nk-2020-11-10", "holding", at("2020-11-09T21:00"), at("2020-12-11T16:40")
            ),
            StatusInterval(
                "nk-2020-11-10", "violated", at("2020-12-11T16:40"), at("2023-09-19T09:00")
            ),
            StatusInterval("nk-2020-11-10", "ended", at("2023-09-19T09:00"), None),
        ),
        denial_count=3,
        log_position=42,
        daily=(
            DailyCount("nk-2020-10-10", date(2020, 10, 10), "AM", 2),
            DailyCount("nk-2020-10-10", date(2020, 10, 10), "AZ", 1),
            DailyCount("nk-2020-10-10", date(2020, 10, 11), "AZ", 3),
            DailyCount("nk-2020-10-18", date(2020, 10, 18), "AM", 1),
            DailyCount("nk-2020-10-18", date(2020, 10, 18), "AZ", 1),
            DailyCount("nk-2020-11-10", date(2020, 12, 11), "AM", 1),
            DailyCount("nk-2020-11-10", date(2022, 8, 3), "RU", 1),
        ),
        local_zone="+04:00",
    )


@pytest.fixture
def projected_engine(db_url: str) -> Iterator[Engine]:
    """A migrated database (SQLite and PostgreSQL) with the reference truces projected."""
    load_and_project(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()
