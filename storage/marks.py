"""Once-only marks of the scheduler's work (reminders, digests)."""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SentMark
from storage.results import rowcount
from storage.upsert import insert_if_absent


async def mark_once(session: AsyncSession, key: str, now: datetime) -> bool:
    """True the first time `key` is marked (also across replicas: a concurrent transaction
    marking the same key wins, and this one gets False once it commits)."""
    return await insert_if_absent(session, SentMark, "key", key=key, at=now)


async def latest(session: AsyncSession, prefix: str) -> tuple[str, datetime] | None:
    """The newest mark whose key starts with `prefix`: (key, when), or None."""
    row = (
        await session.execute(
            select(SentMark.key, SentMark.at)
            .where(SentMark.key.startswith(prefix, autoescape=True))
            .order_by(SentMark.at.desc())
            .limit(1)
        )
    ).first()
    return (row[0], row[1]) if row is not None else None


async def forget_before(session: AsyncSession, before: datetime) -> int:
    result = await session.execute(delete(SentMark).where(SentMark.at < before))
    return rowcount(result)
