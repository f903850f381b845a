"""The hash chain, REPLACE refused on SQLite, the quarantine, gaps on the feed's health.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

- ``events.hash``: each event's SHA-256 chained to the previous one
  (``tracker.store.chain``; ``tracker db verify`` checks it). Events already in the log
  are hashed here, in position order, with the append-only triggers set aside for
  that one statement.
- SQLite: ``REPLACE`` and ``INSERT OR REPLACE`` delete the old row without firing a
  DELETE trigger. A BEFORE INSERT trigger on ``events`` and ``documents`` refuses any
  insert whose key is already there, whatever its conflict clause.
- PostgreSQL: ``log_lock``, the table appends lock to serialise writers (a lock a
  read-only role cannot take, unlike the advisory lock it replaces).
- ``quarantine``: what polling, extraction and projections set aside, and why.
- ``feed_state.gaps`` / ``last_gap_at``: polls that found their whole window new
  (items may have fallen out of the feed unseen); ``feed_health`` shows them and the
  number of the feed's items in quarantine.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)

_STATUS = """
    CASE
      WHEN NOT enabled THEN 'disabled'
      WHEN paused_at IS NOT NULL THEN 'paused'
      WHEN last_attempt_at IS NULL THEN 'never-polled'
      WHEN consecutive_failures > 0 OR consecutive_rate_limited > 0 THEN 'failing'
      ELSE 'ok'
    END"""

_COLUMNS = """
    name AS feed, url, {status} AS status,
    last_outcome, last_error, last_warning, pause_reason, paused_at,
    consecutive_failures, consecutive_rate_limited,
    last_attempt_at, last_success_at, last_new_at, next_poll_at,
    {lag} AS lag_s,
    items_seen, items_new, items_duplicate, interval_s, configured_interval_s,
    identity_mode, effective_url, last_duration_ms, lease_owner, lease_until, updated_at,
    gaps, last_gap_at,
    (SELECT count(*) FROM quarantine q
      WHERE q.feed = feed_state.name AND q.resolved_at IS NULL) AS quarantined"""

_LAG_SQLITE = (
    "CASE WHEN last_success_at IS NULL THEN NULL ELSE "
    "round((julianday('now') - julianday(last_success_at)) * 86400.0, 3) END"
)
_LAG_POSTGRES = "round(CAST(EXTRACT(EPOCH FROM (now() - last_success_at)) AS numeric), 3)::float8"

_NO_REPLACE = {
    "events": (
        "EXISTS (SELECT 1 FROM events WHERE position = NEW.position) "
        "OR EXISTS (SELECT 1 FROM events WHERE event_id = NEW.event_id) "
        "OR EXISTS (SELECT 1 FROM events WHERE stream_id = NEW.stream_id "
        "AND stream_version = NEW.stream_version)"
    ),
    "documents": "EXISTS (SELECT 1 FROM documents WHERE sha256 = NEW.sha256)",
}


#: The append's fast path on PostgreSQL chains a batch in one call (tracker.store.chain
#: gives the definition): each part is int8 position, version, recorded µs, then the digest.
_CHAIN_FUNCTION = """
CREATE FUNCTION tracker_chain(previous bytea, parts bytea[]) RETURNS TABLE (i bigint, h bytea)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  part bytea;
  cur bytea := previous;
  k bigint := 0;
BEGIN
  IF parts IS NULL THEN
    RETURN;
  END IF;
  FOREACH part IN ARRAY parts LOOP
    k := k + 1;
    cur := sha256(cur || part);
    i := k;
    h := cur;
    RETURN NEXT;
  END LOOP;
END $$
"""


def _health_view(dialect: str) -> str:
    lag = _LAG_SQLITE if dialect == "sqlite" else _LAG_POSTGRES
    return f"CREATE VIEW feed_health AS SELECT {_COLUMNS.format(status=_STATUS, lag=lag)} FROM feed_state"


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.add_column(
        "events",
        sa.Column(
            "hash",
            sa.LargeBinary(32),
            nullable=True,
            comment="SHA-256 chaining this event to the previous one (tracker db verify).",
        ),
    )
    if dialect == "postgresql":
        op.execute(_CHAIN_FUNCTION)
        # The log's write lock: LOCK TABLE log_lock IN EXCLUSIVE MODE needs UPDATE on it,
        # which only the service role has; a read-only role cannot take it (an advisory
        # lock it could) and so cannot stop appends.
        op.execute(
            "CREATE TABLE log_lock (id integer PRIMARY KEY); "
            "COMMENT ON TABLE log_lock IS 'Empty: appends lock it IN EXCLUSIVE MODE to "
            "serialise writers (needs UPDATE, which readers do not have)'"
        )
    _hash_existing(bind, dialect)
    if dialect == "sqlite":
        for table, clash in _NO_REPLACE.items():
            op.execute(
                f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} WHEN {clash} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: a row with this key "
                "exists and is never replaced (REPLACE and INSERT OR REPLACE are refused)'); END"
            )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("stage", sa.String(20), nullable=False, comment="ingest, extract or project."),
        sa.Column(
            "subject",
            sa.String(300),
            nullable=False,
            comment="What it concerns (unique per stage).",
        ),
        sa.Column("feed", sa.String(64), nullable=True, comment="The feed, for ingest rows."),
        sa.Column("item", sa.Text(), nullable=True, comment="The item's identity or item id."),
        sa.Column("position", sa.BigInteger(), nullable=True, comment="Log position of the event."),
        sa.Column(
            "projection", sa.String(100), nullable=True, comment="The projection, for project."
        ),
        sa.Column("error", sa.Text(), nullable=False, comment="Why, in words."),
        sa.Column("occurrences", sa.Integer(), nullable=False, comment="Times it was set aside."),
        sa.Column("first_seen_at", _TS, nullable=False),
        sa.Column("last_seen_at", _TS, nullable=False),
        sa.Column("resolved_at", _TS, nullable=True, comment="Closed by an operator."),
        sa.Column("resolution", sa.Text(), nullable=True, comment="How it was closed, in words."),
        sa.PrimaryKeyConstraint("id", name="pk_quarantine"),
        sa.UniqueConstraint("stage", "subject", name="uq_quarantine_stage_subject"),
    )
    op.create_index("ix_quarantine_feed", "quarantine", ["feed"])
    with op.batch_alter_table("feed_state") as batch:
        batch.add_column(
            sa.Column(
                "gaps",
                sa.Integer(),
                nullable=False,
                server_default="0",
                comment="Polls whose whole window was new: items may have been missed.",
            )
        )
        batch.add_column(sa.Column("last_gap_at", _TS, nullable=True))
        batch.add_column(
            sa.Column(
                "moved_to",
                sa.Text(),
                nullable=True,
                comment="Where a 301/308 said the feed moved for good: fetched instead of url.",
            )
        )
    op.execute("DROP VIEW IF EXISTS feed_health")
    op.execute(_health_view(dialect))


def _hash_existing(bind: sa.Connection, dialect: str) -> None:
    """Hash the events already in the log (none on a new database)."""
    if not bind.exec_driver_sql("SELECT 1 FROM events LIMIT 1").first():
        return
    from tracker.store import chain  # the one definition of the hash

    postgres = dialect == "postgresql"
    if postgres:
        op.execute("ALTER TABLE events DISABLE TRIGGER events_append_only")
    else:
        op.execute("DROP TRIGGER events_append_only_update")
    previous = chain.GENESIS
    cols = (
        "position, event_id, stream_id, stream_version, type, schema_version, "
        + ("data::text, metadata::text" if postgres else "data, metadata")
        + ", recorded_at, occurred_at"
    )
    ph = "%s" if postgres else "?"
    after = 0
    while True:
        rows = bind.exec_driver_sql(
            f"SELECT {cols} FROM events WHERE position > {ph} ORDER BY position LIMIT 2000",
            (after,),
        ).fetchall()
        if not rows:
            break
        updates = []
        for r in rows:
            event_id = r[1].hex if not isinstance(r[1], str) else r[1].replace("-", "")
            digest = chain.content_digest(
                event_id,
                r[2],
                r[4],
                int(r[5]),
                chain.canonical_json(chain.load_json(r[6])),
                chain.canonical_json(chain.load_json(r[7])),
                None if r[9] is None else chain.as_utc(r[9]),
            )
            previous = chain.link(previous, int(r[0]), int(r[3]), chain.as_utc(r[8]), digest)
            updates.append((previous, int(r[0])))
        bind.exec_driver_sql(f"UPDATE events SET hash = {ph} WHERE position = {ph}", updates)
        after = int(rows[-1][0])
    if postgres:
        op.execute("ALTER TABLE events ENABLE TRIGGER events_append_only")
    else:
        op.execute(
            "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events "
            "BEGIN SELECT RAISE(ABORT, 'events is append-only: UPDATE is not allowed; "
            "record a correction or retraction event instead'); END"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW IF EXISTS feed_health")
    with op.batch_alter_table("feed_state") as batch:
        batch.drop_column("moved_to")
        batch.drop_column("last_gap_at")
        batch.drop_column("gaps")
    lag = _LAG_SQLITE if dialect == "sqlite" else _LAG_POSTGRES
    old = _COLUMNS.split(",\n    gaps, last_gap_at")[0]
    op.execute(
        f"CREATE VIEW feed_health AS SELECT {old.format(status=_STATUS, lag=lag)} FROM feed_state"
    )
    op.drop_index("ix_quarantine_feed", table_name="quarantine")
    op.drop_table("quarantine")
    if dialect == "sqlite":
        for table in _NO_REPLACE:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
    else:
        op.execute("DROP FUNCTION IF EXISTS tracker_chain(bytea, bytea[])")
        op.execute("DROP TABLE IF EXISTS log_lock")
    # Not a batch (a copy of the table would lose its append-only triggers).
    op.execute("ALTER TABLE events DROP COLUMN hash")
