"""Supervisors: the administrators of the admin chat, who alone may start policy notices
and broadcasts. Known from a cache a scheduler tick refreshes (getChatAdministrators) at
start and every few minutes, so no update ever waits on the network inside its transaction.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import AiogramError

log = logging.getLogger(__name__)

REFRESH_EVERY = timedelta(minutes=3)


@dataclass
class Supervisors:
    ids: frozenset[int] = field(default_factory=frozenset)
    refreshed_at: datetime | None = None

    def __contains__(self, telegram_id: int) -> bool:
        return telegram_id in self.ids

    def seed(self, *telegram_ids: int) -> None:
        """Tests (and a first start before the API answers) name the administrators."""
        self.ids = frozenset(telegram_ids)

    async def refresh(self, bot: Bot, admin_chat_id: int, now: datetime) -> int:
        """Ask Telegram who administers the admin chat; a failure keeps the last answer."""
        try:
            members = await bot.get_chat_administrators(admin_chat_id)
        except AiogramError as exc:
            log.warning("administrators of the admin chat unknown (%s)", type(exc).__name__)
            return len(self.ids)
        self.ids = frozenset(m.user.id for m in members if not m.user.is_bot)
        self.refreshed_at = now
        return len(self.ids)


def is_supervisor(supervisors: Supervisors, telegram_id: int | None, anonymous: bool) -> bool:
    """An administrator of the admin chat; `anonymous`: the message was sent on behalf of
    the admin chat itself, which only its administrators can do."""
    return anonymous or (telegram_id is not None and telegram_id in supervisors)
