"""Campaigns and their deliveries (care.notices.campaigns): recipients inserted in one statement,
pending rows claimed in small batches, figures counted by status."""

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import AlbumPart, Campaign, Delivery, OutboxEntry, User
from storage.results import rowcount
from storage.upsert import dialect_of
from storage.vocabulary import (
    OPEN_DELIVERY_STATUSES,
    Audience,
    CampaignKind,
    CampaignStatus,
    DeliveryStatus,
)


def audience_filter(audience: Audience, locale: str | None, respect_blocking: bool) -> list[Any]:
    """Who a campaign reaches: verified, not erased, not known to have blocked the bot; a
    marketing audience only those who opted in; `respect_blocking`: not those who blocked
    processing (policy notices and marketing)."""
    where: list[ColumnElement[bool]] = [
        User.verified_at.is_not(None),
        User.phone.is_not(None),
        User.erased_at.is_(None),
        User.blocked_bot_at.is_(None),
    ]
    if audience == Audience.MARKETING:
        where.append(User.marketing_opt_in_at.is_not(None))
    if audience == Audience.LANGUAGE:
        where.append(User.language == locale)
    if respect_blocking:
        where.append(User.processing_blocked_at.is_(None))
    return where


async def count_audience(session: AsyncSession, where: list[Any]) -> int:
    return await session.scalar(select(func.count()).select_from(User).where(*where)) or 0


async def add(session: AsyncSession, **values: Any) -> Campaign:
    campaign = Campaign(status=CampaignStatus.RUNNING, total=0, **values)
    session.add(campaign)
    await session.flush()
    return campaign


async def add_recipients(
    session: AsyncSession, campaign_id: int, where: list[Any], now: datetime
) -> int:
    """One pending delivery per recipient, in one INSERT … SELECT; how many."""
    chosen = select(
        literal(campaign_id),
        User.id,
        literal(DeliveryStatus.PENDING, type_=Delivery.status.type),
        literal(0),
        literal(now, type_=Delivery.updated_at.type),
    ).where(*where)
    columns = ["campaign_id", "user_id", "status", "attempts", "updated_at"]
    result = await session.execute(insert(Delivery).from_select(columns, chosen))
    return rowcount(result) or 0


async def get(session: AsyncSession, campaign_id: int, lock: bool = False) -> Campaign | None:
    query = select(Campaign).where(Campaign.id == campaign_id)
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def running(session: AsyncSession) -> list[Campaign]:
    query = select(Campaign).where(Campaign.status == CampaignStatus.RUNNING).order_by(Campaign.id)
    return list(await session.scalars(query))


async def in_outbox(session: AsyncSession, kind: str) -> int:
    query = select(func.count()).select_from(OutboxEntry).where(OutboxEntry.kind == kind)
    return await session.scalar(query) or 0


async def claim_pending(
    session: AsyncSession, limit: int, now: datetime, locked: bool
) -> list[tuple[int, int]]:
    """Up to `limit` pending deliveries of running campaigns, oldest first, marked queued:
    (delivery id, the recipient's Telegram id). `locked` (PostgreSQL): rows another replica
    is claiming are skipped, so no delivery is queued twice."""
    query = (
        select(Delivery.id)
        .join(Campaign, Campaign.id == Delivery.campaign_id)
        .where(Campaign.status == CampaignStatus.RUNNING, Delivery.status == DeliveryStatus.PENDING)
        .order_by(Delivery.id)
        .limit(limit)
    )
    if locked:
        query = query.with_for_update(of=Delivery, skip_locked=True)
    ids = list(await session.scalars(query))
    if not ids:
        return []
    await session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids))
        .values(status=DeliveryStatus.QUEUED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    rows = await session.execute(
        select(Delivery.id, User.telegram_id)
        .join(User, User.id == Delivery.user_id)
        .where(Delivery.id.in_(ids))
        .order_by(Delivery.id)
    )
    return [(row[0], row[1]) for row in rows]


async def get_delivery(session: AsyncSession, delivery_id: int) -> Delivery | None:
    return await session.get(Delivery, delivery_id)


async def settle(session: AsyncSession, delivery_id: int, now: datetime, **values: Any) -> None:
    """Record a delivery's outcome (a row erased meanwhile is simply gone)."""
    if "last_error" in values and values["last_error"] is not None:
        values["last_error"] = values["last_error"][:200]
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )


async def cancel_open(session: AsyncSession, campaign_id: int, now: datetime) -> int:
    """Pending and queued rows become cancelled (a queued one's outbox row then sends
    nothing; one already in flight records `sent` over it)."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.campaign_id == campaign_id, Delivery.status.in_(OPEN_DELIVERY_STATUSES))
        .values(status=DeliveryStatus.CANCELLED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) or 0


async def figures(session: AsyncSession, campaign_id: int) -> dict[str, int]:
    """How many deliveries are in each status (keyed by `DeliveryStatus`, a `str`)."""
    rows = await session.execute(
        select(Delivery.status, func.count())
        .where(Delivery.campaign_id == campaign_id)
        .group_by(Delivery.status)
    )
    return {status: count for status, count in rows}


async def statuses_of_user(
    session: AsyncSession, user_id: int
) -> list[tuple[int, DeliveryStatus, int]]:
    """(campaign id, status, how many) of one user's deliveries."""
    rows = await session.execute(
        select(Delivery.campaign_id, Delivery.status, func.count())
        .where(Delivery.user_id == user_id)
        .group_by(Delivery.campaign_id, Delivery.status)
    )
    return [(campaign_id, status, count) for campaign_id, status, count in rows]


async def deliveries_by_status(session: AsyncSession) -> dict[DeliveryStatus, int]:
    """How many deliveries of all campaigns are in each status (the /metrics gauge)."""
    rows = await session.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
    return {status: count for status, count in rows}


async def for_policy(session: AsyncSession, policy_id: int) -> list[Campaign]:
    """The notice and reminder campaigns of a policy version, oldest first (policy campaigns
    are few: their JSON source is read here rather than queried)."""
    query = select(Campaign).where(Campaign.kind == CampaignKind.POLICY).order_by(Campaign.id)
    return [c for c in await session.scalars(query) if c.source.get("policy") == policy_id]


async def remember_album_part(
    session: AsyncSession, chat_id: int, message_id: int, group: str, now: datetime
) -> None:
    statement = (
        dialect_of(session)
        .insert(AlbumPart)
        .values(chat_id=chat_id, message_id=message_id, media_group_id=group, seen_at=now)
        .on_conflict_do_nothing(index_elements=["chat_id", "message_id"])
    )
    await session.execute(statement)


async def album_of(session: AsyncSession, chat_id: int, message_id: int) -> list[int]:
    """The message ids of the album `message_id` belongs to, in order ([] if not known)."""
    part = aliased(AlbumPart)
    query = (
        select(AlbumPart.message_id)
        .join(
            part,
            (part.chat_id == AlbumPart.chat_id) & (part.media_group_id == AlbumPart.media_group_id),
        )
        .where(part.chat_id == chat_id, part.message_id == message_id)
        .order_by(AlbumPart.message_id)
    )
    return list(await session.scalars(query))


async def forget_album_parts(session: AsyncSession, before: datetime) -> int:
    result = await session.execute(delete(AlbumPart).where(AlbumPart.seen_at < before))
    return rowcount(result) or 0
