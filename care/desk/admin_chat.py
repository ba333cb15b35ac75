"""How the admin chat stands for the bot: whether it can reach the chat, and whether it has
the rights the desk needs there.

This process learns it from a look at the chat (at start, then by a tick each minute) and
from the calls Telegram refuses for want of a right. `/healthz` reports it; an unreachable
chat is logged again at most every 10 minutes (no one reads the admin chat then); a missing
right is told to the agents in General, at most once an hour across restarts and replicas.
"""

import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    AiogramError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
)
from aiogram.methods import SendMessage
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.standing import NOTICE, Right
from care.outbound.outbox import ADMIN_LANE, call
from storage import marks

log = logging.getLogger(__name__)

LOOK_EVERY = timedelta(minutes=1)
LOG_AGAIN_AFTER = timedelta(minutes=10)
TELL_EVERY = timedelta(hours=1)


def chat_is_gone(exc: AiogramError) -> bool:
    """Telegram answered about the chat itself (not found, the bot not a member or kicked);
    a network or server failure says nothing about it."""
    return isinstance(exc, TelegramBadRequest | TelegramForbiddenError | TelegramNotFound)


async def look(bot: Bot, desk: Desk, now: datetime) -> bool:
    """Ask Telegram for the admin chat: reachable or not (logged, at most every 10 minutes
    while it lasts), and whether it has topics. True when it answered."""
    state = desk.state
    standing = state.standing
    try:
        chat = await bot.get_chat(desk.admin_chat_id)
    except AiogramError as exc:
        if not chat_is_gone(exc):
            log.warning("admin chat not looked at: %s", type(exc).__name__)
            return standing.unreachable is None
        standing.unreachable = str(exc)
        if standing.logged_at is None or now - standing.logged_at >= LOG_AGAIN_AFTER:
            standing.logged_at = now
            log.error(
                "ADMIN_CHAT_ID %s is not reachable (%s): is the bot a member?",
                desk.admin_chat_id,
                exc,
            )
        return False
    if standing.unreachable is not None:
        log.info("admin chat %s is reachable again", desk.admin_chat_id)
    standing.unreachable = standing.logged_at = None
    topics = bool(chat.is_forum)
    if not standing.looked or topics != state.topics:
        log.info("admin chat %s: %s", desk.admin_chat_id, "topics" if topics else "replies")
    state.topics, standing.looked = topics, True
    return True


async def right_missing(session: AsyncSession, desk: Desk, right: Right, now: datetime) -> bool:
    """Telegram refused a call for want of `right`: `/healthz` says so, and the agents are
    told in General unless they were within the last hour. Notices are numbered marks
    (`right:<right>:<n>`), so replicas and restarts tell once too. True when one was queued."""
    desk.state.standing.missing.add(right)
    prefix = f"right:{right}:"
    last = await marks.latest(session, prefix)
    if last is not None and now - last[1] < TELL_EVERY:
        return False
    number = int(last[0].removeprefix(prefix)) + 1 if last is not None else 1
    if not await marks.mark_once(session, f"{prefix}{number}", now):
        return False  # another replica told them just now
    text = desk.admin_t(NOTICE[right])
    await call(session, SendMessage(chat_id=desk.admin_chat_id, text=text), now, lane=ADMIN_LANE)
    log.warning("admin chat %s: the bot lacks %s; agents told", desk.admin_chat_id, right)
    return True


def right_granted(desk: Desk, right: Right) -> None:
    """A call that needs `right` went through."""
    if right in desk.state.standing.missing:
        desk.state.standing.missing.discard(right)
        log.info("admin chat %s: the bot has %s again", desk.admin_chat_id, right)
