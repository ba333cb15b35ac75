"""Supervisors: the administrators of the admin chat, who alone may start policy notices
and broadcasts. Known from a cache a scheduler tick refreshes (getChatAdministrators) at
start and every few minutes, so no update ever waits on the network inside its transaction.
"""

import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import AiogramError

from care.common.standing import Supervisors

log = logging.getLogger(__name__)

REFRESH_EVERY = timedelta(minutes=3)


async def refresh(supervisors: Supervisors, bot: Bot, admin_chat_id: int, now: datetime) -> int:
    """Ask Telegram who administers the admin chat; a failure keeps the last answer."""
    try:
        members = await bot.get_chat_administrators(admin_chat_id)
    except AiogramError as exc:
        log.warning("administrators of the admin chat unknown (%s)", type(exc).__name__)
        return len(supervisors.ids)
    supervisors.ids = frozenset(m.user.id for m in members if not m.user.is_bot)
    supervisors.refreshed_at = now
    return len(supervisors.ids)


def is_supervisor(supervisors: Supervisors, telegram_id: int | None, anonymous: bool) -> bool:
    """An administrator of the admin chat; `anonymous`: the message was sent on behalf of
    the admin chat itself, which only its administrators can do."""
    return anonymous or (telegram_id is not None and telegram_id in supervisors)
