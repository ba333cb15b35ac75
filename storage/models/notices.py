"""Notices and broadcasts: campaigns and one delivery per recipient."""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import stored
from storage.vocabulary import Audience, CampaignKind, CampaignStatus, DeliveryStatus


class Campaign(Base):
    """A policy notice or a broadcast: what goes to whom, as the supervisor confirmed it."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CampaignKind] = mapped_column(stored(CampaignKind, 16))
    audience: Mapped[Audience] = mapped_column(stored(Audience, 16))
    locale: Mapped[str | None] = mapped_column(String(2))  # of a 'language' audience
    # A broadcast: {"chat_id", "message_ids"} to copy from the admin chat; a policy: {"policy"}.
    source: Mapped[dict[str, Any]]
    created_by: Mapped[int] = mapped_column(BigInteger)  # the supervisor's Telegram id
    created_at: Mapped[datetime]
    status: Mapped[CampaignStatus] = mapped_column(stored(CampaignStatus, 16), index=True)
    finished_at: Mapped[datetime | None]
    progress_thread_id: Mapped[int | None] = mapped_column(BigInteger)  # None: General
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(default=0)


class Delivery(Base):
    """One recipient of a campaign (its status: `DeliveryStatus`)."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_campaign_id_status", "campaign_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[DeliveryStatus] = mapped_column(stored(DeliveryStatus, 12))
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    message_id: Mapped[int | None] = mapped_column(BigInteger)  # in the user's chat
    updated_at: Mapped[datetime]


class AlbumPart(Base):
    """A part of an album posted in the admin chat, so a broadcast of the album sends all of
    it (Telegram gives bots no way to look an album up). Message ids only."""

    __tablename__ = "album_parts"
    __table_args__ = (Index("ix_album_parts_group", "chat_id", "media_group_id"),)

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    media_group_id: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[datetime]
