"""Which Telegram updates were handled already."""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import HandledUpdate


async def first_time(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Mark an update handled (in the caller's transaction); False if it already was."""
    seen = await session.scalar(
        select(HandledUpdate.update_id).where(HandledUpdate.update_id == update_id)
    )
    if seen is not None:
        return False
    session.add(HandledUpdate(update_id=update_id, handled_at=now))
    await session.flush()
    return True


async def forget_before(session: AsyncSession, moment: datetime) -> int:
    result = await session.execute(delete(HandledUpdate).where(HandledUpdate.handled_at < moment))
    return result.rowcount or 0
