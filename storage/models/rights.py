"""Rights requests: reference counters, requests, their history and attachments."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base
from storage.types import stored
from storage.vocabulary import Actor, RequestKind, RequestStatus


class RequestCounter(Base):
    """The last reference number handed out in a year: references are never reused."""

    __tablename__ = "request_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Request(Base):
    """A rights request or complaint (care.rights.requests). After a deletion only a depersonalized
    record stays: the texts go, `subject_hash` (a keyed hash of the Telegram id) links repeats."""

    __tablename__ = "requests"
    __table_args__ = (
        Index("ix_requests_user_status", "user_id", "status"),
        # The ticks' due rows: a running clock by due date, a wait for the user by its start.
        Index("ix_requests_status_due_on", "status", "due_on"),
        Index("ix_requests_status_paused_since", "status", "paused_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    subject_hash: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[RequestKind] = mapped_column(stored(RequestKind, 16))
    status: Mapped[RequestStatus] = mapped_column(stored(RequestStatus, 16))
    language: Mapped[str] = mapped_column(String(2))  # of the appeal: answers go in it
    created_at: Mapped[datetime] = mapped_column(index=True)  # the digest's new requests
    received_on: Mapped[date]  # local date the clock starts from
    deadline_days: Mapped[int] = mapped_column(SmallInteger)
    paused_days: Mapped[int] = mapped_column(SmallInteger, default=0)
    paused_since: Mapped[datetime | None]  # waiting for the user: the clock stands
    due_on: Mapped[date] = mapped_column(index=True)
    assignee_id: Mapped[int | None] = mapped_column(BigInteger)  # the agent's Telegram id
    assignee_name: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[str | None] = mapped_column(Text)  # what the user wrote
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)  # kind-specific answers
    outcome: Mapped[str | None] = mapped_column(Text)  # what the user was told at the end
    closed_at: Mapped[datetime | None]
    # Local date of closed_at: on time when <= due_on; the digest counts yesterday's.
    closed_on: Mapped[date | None] = mapped_column(index=True)
    closed_working_days: Mapped[int | None] = mapped_column(SmallInteger)  # clock time used
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)  # in the user's topic

    events: Mapped[list["RequestEvent"]] = relationship(
        lazy="raise", order_by="RequestEvent.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list["RequestAttachment"]] = relationship(
        lazy="raise", order_by="RequestAttachment.id", cascade="all, delete-orphan"
    )


class RequestEvent(Base):
    """One step of a request's history: who moved it, when, how and why."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    actor: Mapped[Actor] = mapped_column(stored(Actor, 8))
    agent_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[RequestStatus | None] = mapped_column(stored(RequestStatus, 16))
    to_status: Mapped[RequestStatus] = mapped_column(stored(RequestStatus, 16))
    reason: Mapped[str | None] = mapped_column(Text)


class RequestAttachment(Base):
    """A document or photo a user attached to a request (deleted with the user)."""

    __tablename__ = "request_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    content_type: Mapped[str] = mapped_column(String(16))  # photo | document | ...
    file_id: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[int | None] = mapped_column(BigInteger)  # in the user's chat
    added_at: Mapped[datetime]
