"""Albums arrive as one update per part; collect them, then copy them as one group.

Also copies, at start, whatever a previous run left waiting (albums, or messages an outage held).
"""

import asyncio
import logging
from datetime import datetime, timedelta

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care import relay
from care.clock import utcnow
from care.desk import Desk
from care.gate import WriteGate
from storage import care

log = logging.getLogger(__name__)

SETTLE = timedelta(seconds=10)
Key = tuple[int, str, str | None]  # user id, direction, media group id (None: singles)


class AlbumCollector:
    """Parts wait in the database (so a restart loses none); a short quiet spell flushes them."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        desk: Desk,
        gate: WriteGate,
        delay: float = 1.0,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.desk = desk
        self.gate = gate
        self.delay = delay
        self._waiting: dict[Key, asyncio.Task[None]] = {}
        self._flushing: set[asyncio.Task[None]] = set()

    def schedule(self, bot: Bot, user_id: int, direction: str, group: str) -> None:
        key = (user_id, direction, group)
        previous = self._waiting.pop(key, None)
        if previous is not None:
            previous.cancel()
        self._waiting[key] = asyncio.create_task(self._after_quiet(bot, key))

    async def _after_quiet(self, bot: Bot, key: Key) -> None:
        await asyncio.sleep(self.delay)
        self._waiting.pop(key, None)
        task = asyncio.current_task()
        self._flushing.add(task)
        try:
            await self.flush(bot, key)
        finally:
            self._flushing.discard(task)

    async def flush(self, bot: Bot, key: Key) -> None:
        try:
            async with self.gate.passage(), self.sessionmaker.begin() as session:
                await relay.flush_pending(bot, session, self.desk, *key)
        except Exception:  # the parts stay in the database; the next start retries them
            log.exception("pending copies (%s) of user %s not copied yet", key[2], key[0])

    async def drain(self, bot: Bot) -> None:
        """Flush everything now (at shutdown, and in tests)."""
        waiting, self._waiting = self._waiting, {}
        for task in waiting.values():
            task.cancel()
        await asyncio.gather(*waiting.values(), return_exceptions=True)
        for key in waiting:
            await self.flush(bot, key)
        await asyncio.gather(*list(self._flushing), return_exceptions=True)

    async def retry_pending(self, bot: Bot, now: datetime | None = None) -> None:
        """Copy what an outage or a previous run kept (a scheduler tick, and at start).

        Copies younger than `SETTLE` are left alone: their album may still be arriving.
        """
        before = (now or utcnow()) - SETTLE
        async with self.sessionmaker() as session:
            keys = await care.pending_copies(session, before)
        for key in keys:
            if key not in self._waiting:
                await self.flush(bot, key)
