"""Albums arrive as one update per part; once they stop arriving, they go out as one group.

The parts wait in the database as message pairs (so a restart loses none); a short quiet
spell, or the tick for what a previous run left, records one outbox row for the group. The
quiet spell ends outside any update, so the collector reads the clock it is built with.
"""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care.desk.delivery import DeliverPayload
from care.desk.inbound import CopyInPayload
from care.outbound.gate import WriteGate
from care.outbound.outbox import chat_lane, record, topic_lane
from storage import outbox
from storage.desk import care
from storage.people import users
from storage.vocabulary import Direction

log = logging.getLogger(__name__)

SETTLE = timedelta(seconds=10)
Key = tuple[int, str, str]  # user id, direction, media group id


def album_key(user_id: int, direction: str, group: str) -> str:
    return f"album:{direction}:{user_id}:{group}"


async def queue_album(
    session: AsyncSession, user_id: int, direction: str, group: str, now: datetime
) -> bool:
    """Record the group's copy (once, however often asked); False when there is nothing to do."""
    key = album_key(user_id, direction, group)
    if await outbox.has_key(session, key):
        return False
    if not await care.pairs_to_copy(session, user_id, direction, media_group_id=group):
        return False
    copy: CopyInPayload | DeliverPayload
    if direction == Direction.IN:
        copy, lane = CopyInPayload(group=group), topic_lane(user_id)
    else:
        user = await users.get_by_id(session, user_id)
        assert user is not None, "the album's parts are the user's: they go with them"
        copy, lane = DeliverPayload(group=group), chat_lane(user.telegram_id)
    await record(session, copy, lane, user_id, now, dedup_key=key)
    return True


class AlbumCollector:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        gate: WriteGate,
        wake: Callable[[], None] = lambda: None,
        delay: float = 1.0,
        *,
        clock: Callable[[], datetime],
    ) -> None:
        self.sessionmaker = sessionmaker
        self.gate = gate
        self.clock = clock
        self.wake = wake
        self.delay = delay
        self._waiting: dict[Key, asyncio.Task[None]] = {}
        self._flushing: set[asyncio.Task[None]] = set()

    def schedule(self, user_id: int, direction: str, group: str) -> None:
        key = (user_id, direction, group)
        previous = self._waiting.pop(key, None)
        if previous is not None:
            previous.cancel()
        self._waiting[key] = asyncio.create_task(self._after_quiet(key))

    async def _after_quiet(self, key: Key) -> None:
        await asyncio.sleep(self.delay)
        self._waiting.pop(key, None)
        task = asyncio.current_task()
        assert task is not None, "runs as its own task (schedule)"
        self._flushing.add(task)
        try:
            await self.flush(key)
        finally:
            self._flushing.discard(task)

    async def flush(self, key: Key) -> None:
        try:
            async with self.gate.passage(), self.sessionmaker.begin() as session:
                queued = await queue_album(session, *key, self.clock())
        except Exception:  # the parts stay in the database; the tick tries again
            log.exception("album %s of user %s not queued yet", key[2], key[0])
            return
        if queued:
            self.wake()

    async def drain(self) -> None:
        """Queue every album now (at shutdown, and in tests)."""
        waiting, self._waiting = self._waiting, {}
        for task in waiting.values():
            task.cancel()
        await asyncio.gather(*waiting.values(), return_exceptions=True)
        for key in waiting:
            await self.flush(key)
        await asyncio.gather(*list(self._flushing), return_exceptions=True)

    async def retry_pending(self, now: datetime | None = None) -> None:
        """Queue albums a previous run (or a failed flush) left behind: a tick, and at start.
        Parts younger than `SETTLE` are left alone: their album may still be arriving."""
        before = (now or self.clock()) - SETTLE
        async with self.sessionmaker() as session:
            keys = await care.album_groups_waiting(session, before)
        for key in keys:
            if key not in self._waiting:
                await self.flush(key)
