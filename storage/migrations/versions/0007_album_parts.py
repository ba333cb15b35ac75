"""album_parts: albums posted in the admin chat, for broadcasts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "album_parts",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("media_group_id", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "message_id", name=op.f("pk_album_parts")),
    )
    with op.batch_alter_table("album_parts", schema=None) as batch_op:
        batch_op.create_index("ix_album_parts_group", ["chat_id", "media_group_id"], unique=False)


def downgrade() -> None:
    op.drop_table("album_parts")
