"""After an erasure, a withdrawal of consent or a retention purge has committed: what the
deleted rows left in the database's files goes too (storage.engine.scrub).

It runs after the commit, never inside the transaction that deleted (a checkpoint or VACUUM
cannot), and through the write gate: on SQLite no writer of this process is mid-transaction
while the log is checkpointed and truncated.
"""

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care.outbound.gate import WriteGate
from care.rights.erasure import ERASED
from storage import engine

log = logging.getLogger(__name__)


async def scrub(sessionmaker: async_sessionmaker[AsyncSession], gate: WriteGate) -> None:
    """Best effort: what committed stays committed; a failure is logged, and the next erasure
    or purge (or SQLite's own checkpoints) does it."""
    try:
        async with gate.passage(), sessionmaker() as session:
            done = await engine.scrub(session, sorted(ERASED))
    except Exception:
        log.exception("scrubbing the database files after a deletion failed")
        return
    if not done:
        log.warning("the database's write-ahead log was busy; it is truncated at the next deletion")


class Scrubber:
    """Scrubs after a commit without holding up the update that asked: an update's
    `after_commit` calls `request`, the scrub runs in a task of its own (on PostgreSQL a
    VACUUM can take a while, and polling waits for a whole batch), and a request while one
    runs makes it run once more after. `drain` awaits what was started: the app at shutdown,
    the tests after each batch."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], gate: WriteGate) -> None:
        self.sessionmaker, self.gate = sessionmaker, gate
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def request(self) -> None:
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            self._again = False
            await scrub(self.sessionmaker, self.gate)
            if not self._again:
                return

    async def drain(self) -> None:
        if self._task is not None:
            await self._task
