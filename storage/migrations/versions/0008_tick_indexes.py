"""indexes for the scheduler's ticks: each reads only the rows due

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Partial indexes' conditions, as storage.models states them: only the few rows a tick wants.
UNVERIFIED = sa.text("verified_at IS NULL")
COPY_MISSING = sa.text(
    "given_up_at IS NULL AND (admin_message_id IS NULL OR user_message_id IS NULL)"
)


def upgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        # (status, due_on) serves every query by status alone too.
        batch_op.drop_index(batch_op.f("ix_requests_status"))
        batch_op.create_index("ix_requests_status_due_on", ["status", "due_on"], unique=False)
        batch_op.create_index(
            "ix_requests_status_paused_since", ["status", "paused_since"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_requests_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_closed_on"), ["closed_on"], unique=False)
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversations_closed_at"), ["closed_at"], unique=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            "ix_users_unverified",
            ["id"],
            unique=False,
            sqlite_where=UNVERIFIED,
            postgresql_where=UNVERIFIED,
        )
    with op.batch_alter_table("message_pairs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_message_pairs_copy_missing",
            ["created_at"],
            unique=False,
            sqlite_where=COPY_MISSING,
            postgresql_where=COPY_MISSING,
        )


def downgrade() -> None:
    with op.batch_alter_table("message_pairs", schema=None) as batch_op:
        batch_op.drop_index("ix_message_pairs_copy_missing")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("ix_users_unverified")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_closed_at"))
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requests_closed_on"))
        batch_op.drop_index(batch_op.f("ix_requests_created_at"))
        batch_op.drop_index("ix_requests_status_paused_since")
        batch_op.drop_index("ix_requests_status_due_on")
        batch_op.create_index(batch_op.f("ix_requests_status"), ["status"], unique=False)
