"""What a data report reads besides the user's profile and requests."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Campaign, CareLogEntry, Delivery, PhoneConflict
from storage.vocabulary import Audience, CampaignKind, DeliveryStatus, Direction


@dataclass(frozen=True)
class LogSummary:
    direction: Direction
    count: int
    first: datetime
    last: datetime


async def care_log_summary(session: AsyncSession, user_id: int) -> list[LogSummary]:
    """Counts and first/last times of the user's care log per direction (never its texts)."""
    query = (
        select(
            CareLogEntry.direction,
            func.count(),
            func.min(CareLogEntry.at),
            func.max(CareLogEntry.at),
        )
        .where(CareLogEntry.user_id == user_id)
        .group_by(CareLogEntry.direction)
        .order_by(CareLogEntry.direction)
    )
    rows = (await session.execute(query)).all()
    return [LogSummary(direction, count, first, last) for direction, count, first, last in rows]


async def phone_attempts(
    session: AsyncSession, telegram_id: int, user_id: int
) -> tuple[list[tuple[str, datetime]], list[datetime]]:
    """(number, when) of each attempt this account made on a number another account holds,
    and when others tried the user's own number (who they were is theirs, not the user's)."""
    query = select(PhoneConflict).order_by(PhoneConflict.attempted_at, PhoneConflict.id)
    made = await session.scalars(query.where(PhoneConflict.telegram_id == telegram_id))
    suffered = await session.scalars(query.where(PhoneConflict.owner_user_id == user_id))
    return [(row.phone, row.attempted_at) for row in made], [r.attempted_at for r in suffered]


async def notices(
    session: AsyncSession, user_id: int
) -> list[tuple[CampaignKind, Audience, DeliveryStatus, datetime]]:
    """(campaign kind, audience, delivery status, last change) of each notice and broadcast
    addressed to the user."""
    query = (
        select(Campaign.kind, Campaign.audience, Delivery.status, Delivery.updated_at)
        .join(Campaign, Campaign.id == Delivery.campaign_id)
        .where(Delivery.user_id == user_id)
        .order_by(Delivery.updated_at, Delivery.id)
    )
    rows = await session.execute(query)
    return [(kind, audience, status, at) for kind, audience, status, at in rows]
