"""The documented example queries use the indexes made for them (EXPLAIN), on both databases.

Each query of docs/sql.md that filters, joins or groups claims is listed with the index
its plan must use; the others read tables with one row per truce (or the checkpoint
table). A new documented query must be added here. PostgreSQL plans with sequential
scans disabled, so that the answer does not depend on the tiny test tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from tests.projections.projection_helpers import load_reference
from tracker.projections import Runner, all_projections
from tracker.store import EventStore

DOC = Path(__file__).resolve().parents[2] / "docs" / "sql.md"
QUERIES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)

#: first words of the query -> the index (name without prefix) its plan must use
USES = {
    "SELECT status, rule_id, valid_from, valid_to": "truce_status_history__v4_truce_id",
    "SELECT occurred_day, accuser_side, count(*)": "violation_reports__v4_occurred_day_accuser_side",
    "SELECT claimant, side, category, outcome": "casualty_claims__v4_claimant_side_category",
    "SELECT group_id, side, category, outcome": "casualty_claims__v4_occurred_day_group_claims",
    "SELECT day, accuser_side, sum(incidents)": "truce_timeline_daily__v4_truce_id_day_accuser",
    "SELECT v.report_id, v.accuser": "violation_reports__v4_report_id",
    "SELECT truce_id, sum(CASE WHEN accuser_side": "violation_reports__v4_truce_id_accuser_side",
    "SELECT truce_id, incident_day, side, category": "casualty_claims__v4_truce_id_incident_day_side_category",
    "SELECT report_id, occurred_day, accuser, accused, location": "violation_reports__v4_occurred",
}
#: queries whose index holds every column they read: the plan reads the index alone
COVERED = ("SELECT truce_id, incident_day, side, category",)
#: queries over tables with a row per truce, or the checkpoints: no index needed
SMALL = (
    "FROM truce_status",
    "FROM truce_announcements",
    "FROM projection_checkpoints",
)


def key(query: str) -> str:
    return " ".join(query.split())


def test_every_documented_query_is_listed() -> None:
    for q in QUERIES:
        k = key(q)
        assert any(k.startswith(u) for u in USES) or any(s in k for s in SMALL), k


@pytest.mark.parametrize("query", [q for q in QUERIES if any(key(q).startswith(u) for u in USES)])
def test_documented_queries_use_their_index(store: EventStore, engine: Engine, query: str) -> None:
    load_reference(store)
    assert {r.status for r in Runner(store, all_projections()).run()} == {"ok"}
    index = next(v for u, v in USES.items() if key(query).startswith(u))
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.execute(sa.text(f"EXPLAIN {query}")))
        else:
            plan = "\n".join(
                str(r[-1]) for r in conn.execute(sa.text(f"EXPLAIN QUERY PLAN {query}"))
            )
    assert index in plan, plan
    if any(key(query).startswith(u) for u in COVERED):
        covering = "Index Only Scan" if engine.dialect.name == "postgresql" else "COVERING INDEX"
        assert covering in plan, plan
