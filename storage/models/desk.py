"""The care desk: conversations, message pairs, the care log, the outbox, once-only marks."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base
from storage.models.people import User
from storage.types import stored
from storage.vocabulary import CareLogEvent, Direction

# A partial index's condition: a query uses the index only when it states these same terms.
COPY_MISSING = text("given_up_at IS NULL AND (admin_message_id IS NULL OR user_message_id IS NULL)")


class Conversation(Base):
    """A user's line to care: their forum topic in the admin chat, open or closed."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    thread_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None] = mapped_column(index=True)  # retention looks for old ones
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)  # the user card in the topic

    user: Mapped[User] = relationship(lazy="joined")


class MessagePair(Base):
    """A message and its copy on the other side, so replies and edits survive restarts.

    direction `in`: the user wrote (user_message_id is the original); `out`: an agent wrote
    (admin_message_id is the original). A missing copy id means not delivered yet. Only those
    two of `Direction` fit its VARCHAR(3), so the column is a plain string.
    """

    __tablename__ = "message_pairs"
    __table_args__ = (
        Index("ix_message_pairs_user_message", "user_id", "user_message_id"),
        Index("ix_message_pairs_admin_message", "admin_message_id"),
        Index("ix_message_pairs_user_created", "user_id", "created_at"),  # the flood limit
        # Only the pairs still waiting for their copy (a handful): the album retry tick's.
        Index(
            "ix_message_pairs_copy_missing",
            "created_at",
            sqlite_where=COPY_MISSING,
            postgresql_where=COPY_MISSING,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(3))
    user_message_id: Mapped[int | None] = mapped_column(BigInteger)
    admin_message_id: Mapped[int | None] = mapped_column(BigInteger)
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    given_up_at: Mapped[datetime | None]  # the copy can never be made (agents were told)


class CareLogEntry(Base):
    """One line of the care log: who said what to whom, and when."""

    __tablename__ = "care_log"
    __table_args__ = (Index("ix_care_log_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    direction: Mapped[Direction] = mapped_column(stored(Direction, 8))
    event: Mapped[CareLogEvent] = mapped_column(
        stored(CareLogEvent, 16), default=CareLogEvent.MESSAGE
    )
    agent_id: Mapped[int | None] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    file_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    request_id: Mapped[int | None]


class OutboxEntry(Base):
    """One thing to send to Telegram, recorded in the transaction that decided it.

    Rows of one `lane` go out in id order (a user's chat, a user's topic); lanes go side by
    side. `claimed_until` is a sender's lease; `held_at` parks a lane whose user blocked the
    bot until they come back. A row is deleted once its result is recorded.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_lane_id", "lane", "id"),
        Index("ix_outbox_priority_id", "priority", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lane: Mapped[str] = mapped_column(String(48))
    priority: Mapped[int] = mapped_column(SmallInteger)
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]]
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    dedup_key: Mapped[str | None] = mapped_column(String(96), index=True)
    created_at: Mapped[datetime]
    not_before: Mapped[datetime]
    claimed_until: Mapped[datetime | None]
    held_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))


class SentMark(Base):
    """Something the scheduler must do once (a reminder, a digest): its key is inserted in the
    transaction that records the sending, so a restart or a second replica never repeats it."""

    __tablename__ = "sent_marks"

    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    at: Mapped[datetime]
