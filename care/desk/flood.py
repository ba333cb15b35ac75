"""The flood limit: a user who writes too much within a window is slowed down politely."""

from datetime import datetime, timedelta

from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk.carelog import log_message
from care.desk.notices import tell_user
from care.desk.topics import tell_agents
from storage.desk import care
from storage.models import User
from storage.vocabulary import CareLogEvent, Direction


async def over_flood_limit(session: AsyncSession, desk: Desk, user: User, message: Message, now):
    """True when the user already sent (or edited) `flood_limit` messages within the window;
    the rest of an album already taken never counts again (an album is one message)."""
    if message.media_group_id and await care.has_group(session, user.id, message.media_group_id):
        return False
    since = now - timedelta(seconds=desk.flood_window)
    return await care.count_messages_since(session, user.id, since) >= desk.flood_limit


async def throttled(
    session: AsyncSession, desk: Desk, user: User, message: Message, now: datetime
) -> bool:
    """Past the flood limit: keep the message in the log only, and say so once a window."""
    if not await over_flood_limit(session, desk, user, message, now):
        return False
    await log_message(session, user, Direction.IN, message, now, event=CareLogEvent.THROTTLED)
    since = now - timedelta(seconds=desk.flood_window)
    warned = await care.count_log_since(session, user.id, since, event=CareLogEvent.SLOW_DOWN)
    if not warned:
        await tell_user(session, desk, user, "care-slow-down", now, event=CareLogEvent.SLOW_DOWN)
        text = desk.admin_t("admin-throttled", seconds=desk.flood_window)
        await tell_agents(session, user.id, text, now)
    return True
