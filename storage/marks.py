"""Once-only marks of the scheduler's work (reminders, digests)."""

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SentMark
from storage.upsert import insert_if_absent


async def mark_once(session: AsyncSession, key: str, now: datetime) -> bool:
    """True the first time `key` is marked (also across replicas: a concurrent transaction
    marking the same key wins, and this one gets False once it commits)."""
    return await insert_if_absent(session, SentMark, "key", key=key, at=now)


async def forget_before(session: AsyncSession, before: datetime) -> int:
    result = await session.execute(delete(SentMark).where(SentMark.at < before))
    return result.rowcount
