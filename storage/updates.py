"""Which Telegram updates were handled already."""

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import HandledUpdate
from storage.results import rowcount
from storage.upsert import insert_if_absent


async def first_time(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Mark an update handled (in the caller's transaction); False if it already was, or a
    concurrent transaction (another replica) holds it: that one handles it."""
    return await insert_if_absent(
        session, HandledUpdate, "update_id", update_id=update_id, handled_at=now
    )


async def forget_before(session: AsyncSession, moment: datetime) -> int:
    result = await session.execute(delete(HandledUpdate).where(HandledUpdate.handled_at < moment))
    return rowcount(result) or 0


async def newest(session: AsyncSession) -> int:
    """The highest update id handled (0 when none is remembered)."""
    return await session.scalar(select(func.max(HandledUpdate.update_id))) or 0
