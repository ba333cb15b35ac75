"""requests: rights requests with their clocks, history and attachments

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("processing_blocked_at", MOMENT, nullable=True))
        batch_op.add_column(sa.Column("marketing_opt_in_at", MOMENT, nullable=True))
        batch_op.add_column(sa.Column("erased_at", MOMENT, nullable=True))
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_message_id", sa.BigInteger(), nullable=True))
    op.create_table(
        "request_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_request_counters")),
    )
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("subject_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("deadline_days", sa.SmallInteger(), nullable=False),
        sa.Column("paused_days", sa.SmallInteger(), nullable=False),
        sa.Column("paused_since", MOMENT, nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("assignee_id", sa.BigInteger(), nullable=True),
        sa.Column("assignee_name", sa.String(length=64), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("closed_at", MOMENT, nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_working_days", sa.SmallInteger(), nullable=True),
        sa.Column("card_message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_requests_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("reference", name=op.f("uq_requests_reference")),
    )
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.create_index("ix_requests_user_status", ["user_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_subject_hash"), ["subject_hash"])
        batch_op.create_index(batch_op.f("ix_requests_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_due_on"), ["due_on"], unique=False)
    op.create_table(
        "request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", MOMENT, nullable=False),
        sa.Column("actor", sa.String(length=8), nullable=False),
        sa.Column("agent_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_request_events_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_events")),
    )
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_events_request_id"), ["request_id"])
    op.create_table(
        "request_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=16), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("added_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_request_attachments_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_attachments")),
    )
    with op.batch_alter_table("request_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_attachments_request_id"), ["request_id"])


def downgrade() -> None:
    op.drop_table("request_attachments")
    op.drop_table("request_events")
    op.drop_table("requests")
    op.drop_table("request_counters")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("card_message_id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
        batch_op.drop_column("marketing_opt_in_at")
        batch_op.drop_column("processing_blocked_at")
