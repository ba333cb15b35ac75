"""What a data report reads besides the user's profile and requests."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CareLogEntry


@dataclass(frozen=True)
class LogSummary:
    direction: str
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
