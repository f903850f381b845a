"""Feed state (the ingester's schedule and health), the item identity index, ``feed_health``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

``feed_state`` is an ordinary, updatable table: validators, failures, next poll, lease.
It is operational state, not a domain fact, so it is not in the log. ``item_index`` is
derived from the log's ``ItemIngested`` events and written in the same transaction as
them; it is never pruned. ``feed_health`` is the operators' and analysts' view of
``feed_state`` (status in words, lag since the last success).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
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
    identity_mode, effective_url, last_duration_ms, lease_owner, lease_until, updated_at"""

VIEW_SQLITE = "CREATE VIEW feed_health AS SELECT {} FROM feed_state".format(
    _COLUMNS.format(
        status=_STATUS,
        lag="CASE WHEN last_success_at IS NULL THEN NULL ELSE "
        "round((julianday('now') - julianday(last_success_at)) * 86400.0, 3) END",
    )
)
VIEW_POSTGRES = "CREATE VIEW feed_health AS SELECT {} FROM feed_state".format(
    _COLUMNS.format(
        status=_STATUS,
        lag="round(CAST(EXTRACT(EPOCH FROM (now() - last_success_at)) AS numeric), 3)::float8",
    )
)


def upgrade() -> None:
    op.create_table(
        "feed_state",
        sa.Column("name", sa.String(64), nullable=False, comment="Feed name, as in feeds.toml."),
        sa.Column("url", sa.Text(), nullable=False, comment="URL fetched (from the feed list)."),
        sa.Column(
            "enabled",
            sa.Boolean(),
            nullable=False,
            server_default=sa.true(),
            comment="False when the feed left the list or is disabled there.",
        ),
        sa.Column(
            "configured_interval_s",
            sa.Float(),
            nullable=False,
            comment="Poll interval from the feed list: the fastest cadence allowed.",
        ),
        sa.Column(
            "interval_s",
            sa.Float(),
            nullable=False,
            comment="Current adaptive interval (observed item rate, ttl, max-age).",
        ),
        sa.Column("etag", sa.Text(), nullable=True, comment="ETag to send back, verbatim."),
        sa.Column(
            "last_modified", sa.Text(), nullable=True, comment="Last-Modified to send, verbatim."
        ),
        sa.Column("body_sha256", sa.String(64), nullable=True, comment="SHA-256 of last body."),
        sa.Column("effective_url", sa.Text(), nullable=True, comment="URL after redirects."),
        sa.Column("last_attempt_at", _TS, nullable=True),
        sa.Column("last_success_at", _TS, nullable=True, comment="Last ok or not_modified."),
        sa.Column("last_new_at", _TS, nullable=True, comment="Last poll that found new items."),
        sa.Column(
            "last_full_fetch_at",
            _TS,
            nullable=True,
            comment="Last 200 answer (an unconditional fetch is forced daily).",
        ),
        sa.Column("last_outcome", sa.String(20), nullable=True, comment="ok, not_modified, ..."),
        sa.Column("last_error", sa.Text(), nullable=True, comment="Last error, in words."),
        sa.Column("last_warning", sa.Text(), nullable=True, comment="Parser warning, if any."),
        sa.Column("last_duration_ms", sa.Integer(), nullable=True),
        sa.Column(
            "consecutive_failures",
            sa.Integer(),
            nullable=False,
            server_default="0",
            comment="Failures in a row (not counting rate limiting).",
        ),
        sa.Column(
            "consecutive_rate_limited",
            sa.Integer(),
            nullable=False,
            server_default="0",
            comment="429/503 answers in a row.",
        ),
        sa.Column("next_poll_at", _TS, nullable=False, comment="Due from this time on."),
        sa.Column("paused_at", _TS, nullable=True),
        sa.Column("pause_reason", sa.Text(), nullable=True),
        sa.Column("lease_owner", sa.String(200), nullable=True, comment="Ingester polling it."),
        sa.Column("lease_until", _TS, nullable=True, comment="The lease expires then."),
        sa.Column("items_seen", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("items_new", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("items_duplicate", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column(
            "identity_mode",
            sa.String(10),
            nullable=False,
            server_default="guid",
            comment="guid, or link once > 5 % of GUIDs were blank or repeated.",
        ),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_feed_state"),
    )
    op.create_index("ix_feed_state_next_poll_at", "feed_state", ["next_poll_at"])
    op.create_table(
        "item_index",
        sa.Column("feed", sa.String(64), nullable=False),
        sa.Column("identity_sha256", sa.String(64), nullable=False, comment="SHA-256 of identity."),
        sa.Column("identity", sa.Text(), nullable=False, comment="guid:..., link:... or hash:..."),
        sa.Column("item_id", sa.String(64), nullable=False, comment="Stream is item-<item_id>."),
        sa.Column("content_hash", sa.String(64), nullable=False, comment="Latest content hash."),
        sa.Column("link_sha256", sa.String(64), nullable=True, comment="Of the URL alias."),
        sa.Column("duplicate_of", sa.String(64), nullable=True, comment="Original's item_id."),
        sa.Column("revisions", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("event_id", sa.Uuid(), nullable=False, comment="Latest ItemIngested event."),
        sa.Column("first_seen_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("feed", "identity_sha256", name="pk_item_index"),
    )
    op.create_index("ix_item_index_content_hash", "item_index", ["content_hash"])
    op.create_index("ix_item_index_link_sha256", "item_index", ["link_sha256"])
    op.create_index("ix_item_index_item_id", "item_index", ["item_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(VIEW_POSTGRES)
        op.execute(
            "COMMENT ON VIEW feed_health IS 'One row per feed: status (ok, failing, paused, "
            "never-polled, disabled), last error in words, lag_s since the last success'"
        )
    else:
        op.execute(VIEW_SQLITE)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS feed_health")
    op.drop_index("ix_item_index_item_id", table_name="item_index")
    op.drop_index("ix_item_index_link_sha256", table_name="item_index")
    op.drop_index("ix_item_index_content_hash", table_name="item_index")
    op.drop_table("item_index")
    op.drop_index("ix_feed_state_next_poll_at", table_name="feed_state")
    op.drop_table("feed_state")
