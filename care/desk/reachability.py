"""Whether messages can reach a user (they may block the bot at any time, and come back)."""

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk.topics import tell_agents
from care.outbound.outbox import Kind
from storage import marks, outbox
from storage.desk import care
from storage.models import User


def mark_blocked(user: User, now: datetime) -> bool:
    """True when this is news (the user was reachable until now)."""
    if user.blocked_bot_at is not None:
        return False
    user.blocked_bot_at = now
    return True


async def answer_kept(session: AsyncSession, desk: Desk, user: User, now: datetime) -> bool:
    """An agent's answer waits for a user who blocked the bot: their topic is told so once
    per block (a mark keyed by when it began), however many answers wait behind it."""
    if user.blocked_bot_at is None:
        return False
    since = user.blocked_bot_at.astimezone(UTC).isoformat(timespec="microseconds")
    streak = f"kept:{user.id}:{since}"
    if not await marks.mark_once(session, streak, now):
        return False
    await tell_agents(session, user.id, desk.admin_t("admin-user-blocked"), now)
    return True


async def came_back(session: AsyncSession, user: User, now: datetime) -> int:
    """The user can be reached again: what waited for them goes out, in order; how many."""
    user.blocked_bot_at = None
    return await outbox.release_held(session, user.id, now)


async def user_left(session: AsyncSession, desk: Desk, user: User, now: datetime) -> None:
    """The user blocked the bot: remember it and tell their topic."""
    if mark_blocked(user, now) and await care.get_conversation(session, user.id) is not None:
        await tell_agents(session, user.id, desk.admin_t("admin-user-left"), now)


async def user_back(session: AsyncSession, desk: Desk, user: User, now: datetime) -> None:
    """The user unblocked the bot: deliver what agents wrote meanwhile and tell the topic."""
    was_blocked = not user.reachable
    await came_back(session, user, now)
    if was_blocked and await care.get_conversation(session, user.id) is not None:
        count = await outbox.count(session, user_id=user.id, kind=Kind.DELIVER)
        await tell_agents(session, user.id, desk.admin_t("admin-user-back", count=count), now)
