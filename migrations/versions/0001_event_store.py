"""The event store: the append-only log, documents and projection checkpoints.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Append-only is enforced by the database itself: triggers refuse UPDATE and DELETE
(and TRUNCATE on PostgreSQL) on ``events`` and ``documents``, whoever types the SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("events", "documents")


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            autoincrement=False,
            comment="Global position, contiguous 1..N in commit order.",
        ),
        sa.Column(
            "event_id",
            sa.Uuid(),
            nullable=False,
            comment="Client-supplied id; appending the same id again is a no-op.",
        ),
        sa.Column(
            "stream_id", sa.String(255), nullable=False, comment="Stream, e.g. truce-nk-2020-10-10."
        ),
        sa.Column(
            "stream_version",
            sa.Integer(),
            nullable=False,
            comment="1-based version within the stream.",
        ),
        sa.Column(
            "type", sa.String(200), nullable=False, comment="Event type, the domain class name."
        ),
        sa.Column(
            "schema_version", sa.SmallInteger(), nullable=False, comment="Schema version of data."
        ),
        sa.Column("data", _json(), nullable=False, comment="The event's payload."),
        sa.Column(
            "metadata",
            _json(),
            nullable=False,
            comment="Provenance: source, recorded_by, correlation and causation ids.",
        ),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Record time (UTC, database clock); never decreases along position.",
        ),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Valid time of what the event reports, when it has one.",
        ),
        sa.PrimaryKeyConstraint("position", name="pk_events"),
        sa.UniqueConstraint("event_id", name="uq_events_event_id"),
        sa.UniqueConstraint(
            "stream_id", "stream_version", name="uq_events_stream_id_stream_version"
        ),
    )
    op.create_index("ix_events_type_position", "events", ["type", "position"])
    op.create_index("ix_events_recorded_at", "events", ["recorded_at"])
    op.create_table(
        "documents",
        sa.Column("sha256", sa.String(64), nullable=False, comment="SHA-256 of the text, hex."),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_documents"),
    )
    op.create_table(
        "projection_checkpoints",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "position", sa.BigInteger(), nullable=False, comment="Last log position applied."
        ),
        sa.Column("status", sa.String(20), nullable=False, comment="ok, rebuilding or failed."),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_projection_checkpoints"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_append_only_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb} is not allowed; "
                    f"record a correction or retraction event instead'); END"
                )
    else:
        op.execute(
            """
            CREATE FUNCTION tracker_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '% is append-only: % is not allowed; record a correction or retraction event instead',
                TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$
            """
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION tracker_append_only()"
            )
            op.execute(
                f"COMMENT ON TABLE {table} IS '{table}: append-only; UPDATE, DELETE and TRUNCATE are refused by a trigger'"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in APPEND_ONLY:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_{verb}")
    else:
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS tracker_append_only()")
    op.drop_table("projection_checkpoints")
    op.drop_table("documents")
    op.drop_index("ix_events_recorded_at", table_name="events")
    op.drop_index("ix_events_type_position", table_name="events")
    op.drop_table("events")
