"""Tables of the desk. Times are aware UTC; Telegram ids are 64-bit."""

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    MetaData,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        date: Date(),
        dict[str, Any]: JSON(),
    }


class User(Base):
    """A person talking to the bot. `id` is the internal user number agents see."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    language: Mapped[str] = mapped_column(String(2))
    first_name: Mapped[str | None] = mapped_column(String(64))
    last_name: Mapped[str | None] = mapped_column(String(64))
    username: Mapped[str | None] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(16), unique=True)
    verified_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    blocked_bot_at: Mapped[datetime | None]
    banned_at: Mapped[datetime | None]
    processing_blocked_at: Mapped[datetime | None]  # a blocking request (Law 94-V Art. 24)
    marketing_opt_in_at: Mapped[datetime | None]  # off by default; withdrawal turns it off
    erased_at: Mapped[datetime | None]  # depersonalized on a deletion request

    consents: Mapped[list["Consent"]] = relationship(
        back_populates="user",
        lazy="selectin",
        order_by="Consent.id",
        cascade="all, delete-orphan",
    )

    @property
    def verified(self) -> bool:
        return self.verified_at is not None and self.phone is not None

    @property
    def reachable(self) -> bool:
        return self.blocked_bot_at is None

    @property
    def active_consent(self) -> "Consent | None":
        live = [c for c in self.consents if c.withdrawn_at is None]
        return live[-1] if live else None


class PolicyVersion(Base):
    __tablename__ = "policy_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(32), unique=True)
    effective_date: Mapped[date]
    published_at: Mapped[datetime]

    # Loaded only where shown (`storage.policies.current_policy`), never with every consent.
    texts: Mapped[list["PolicyText"]] = relationship(lazy="raise", cascade="all, delete-orphan")

    def text(self, locale: str) -> "PolicyText":
        by_locale = {t.locale: t for t in self.texts}
        return by_locale.get(locale) or next(iter(by_locale.values()))


class PolicyText(Base):
    __tablename__ = "policy_texts"

    policy_version_id: Mapped[int] = mapped_column(
        ForeignKey("policy_versions.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(2), primary_key=True)
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class Consent(Base):
    """One acceptance of one policy version; withdrawal closes it, never deletes it."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id"))
    accepted_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="consents")
    policy_version: Mapped[PolicyVersion] = relationship(lazy="joined")


class PhoneConflict(Base):
    """Someone tried to verify a number another account already holds."""

    __tablename__ = "phone_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    phone: Mapped[str] = mapped_column(String(16))
    owner_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    attempted_at: Mapped[datetime]


class FsmRecord(Base):
    """aiogram FSM state and data when Redis is not configured."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class HandledUpdate(Base):
    """Updates already handled, so one Telegram sends again after a restart is skipped."""

    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[datetime] = mapped_column(index=True)


class Conversation(Base):
    """A user's line to care: their forum topic in the admin chat, open or closed."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    thread_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)  # the user card in the topic

    user: Mapped[User] = relationship(lazy="joined")


class MessagePair(Base):
    """A message and its copy on the other side, so replies and edits survive restarts.

    direction `in`: the user wrote (user_message_id is the original); `out`: an agent wrote
    (admin_message_id is the original). A missing copy id means not delivered yet.
    """

    __tablename__ = "message_pairs"
    __table_args__ = (
        Index("ix_message_pairs_user_message", "user_id", "user_message_id"),
        Index("ix_message_pairs_admin_message", "admin_message_id"),
        Index("ix_message_pairs_user_created", "user_id", "created_at"),  # the flood limit
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
    direction: Mapped[str] = mapped_column(String(8))  # in | out | bot | note
    event: Mapped[str] = mapped_column(String(16), default="message")
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


class RequestCounter(Base):
    """The last reference number handed out in a year: references are never reused."""

    __tablename__ = "request_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Request(Base):
    """A rights request or complaint (care.requests). After a deletion only a depersonalized
    record stays: the texts go, `subject_hash` (a keyed hash of the Telegram id) links repeats."""

    __tablename__ = "requests"
    __table_args__ = (Index("ix_requests_user_status", "user_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    subject_hash: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    language: Mapped[str] = mapped_column(String(2))  # of the appeal: answers go in it
    created_at: Mapped[datetime]
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
    closed_on: Mapped[date | None]  # local date of closed_at: on time when <= due_on
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
    actor: Mapped[str] = mapped_column(String(8))  # user | agent | system
    agent_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
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


class SentMark(Base):
    """Something the scheduler must do once (a reminder, a digest): its key is inserted in the
    transaction that records the sending, so a restart or a second replica never repeats it."""

    __tablename__ = "sent_marks"

    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    at: Mapped[datetime]


class Campaign(Base):
    """A policy notice or a broadcast: what goes to whom, as the supervisor confirmed it."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # broadcast | policy
    audience: Mapped[str] = mapped_column(String(16))  # all | marketing | language
    locale: Mapped[str | None] = mapped_column(String(2))  # of a 'language' audience
    # A broadcast: {"chat_id", "message_ids"} to copy from the admin chat; a policy: {"policy"}.
    source: Mapped[dict[str, Any]]
    created_by: Mapped[int] = mapped_column(BigInteger)  # the supervisor's Telegram id
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), index=True)  # running | done | cancelled
    finished_at: Mapped[datetime | None]
    progress_thread_id: Mapped[int | None] = mapped_column(BigInteger)  # None: General
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(default=0)


class Delivery(Base):
    """One recipient of a campaign: pending → queued (an outbox row holds it) → sent | failed
    | unreachable | skipped | cancelled."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_campaign_id_status", "campaign_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    message_id: Mapped[int | None] = mapped_column(BigInteger)  # in the user's chat
    updated_at: Mapped[datetime]
