"""People, their consents to policy versions, and what onboarding keeps."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base

UNVERIFIED = text("verified_at IS NULL")  # a partial index's condition, as queries state it


class User(Base):
    """A person talking to the bot. `id` is the internal user number agents see."""

    __tablename__ = "users"
    # Only those who never verified (a few), in id order: what retention removes in batches.
    __table_args__ = (
        Index("ix_users_unverified", "id", sqlite_where=UNVERIFIED, postgresql_where=UNVERIFIED),
    )

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

    # Loaded only where shown (`storage.people.policies.current_policy`), never with every consent.
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


class Mention(Base):
    """A message in the admin chat outside a person's topic that names them (a phone-conflict
    notice, a /find answer, the agent's /find query): deleted, or edited to name nobody, when
    they are erased. A message naming two people has a row for each."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    what: Mapped[str] = mapped_column(String(16))  # care.people.mentions.Mentioned
    posted_at: Mapped[datetime]


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
