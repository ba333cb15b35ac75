"""After an erasure, a withdrawal of consent or a retention purge has committed: what the
deleted rows left in the database's files goes too (storage.engine.scrub).

It runs after the commit, never inside the transaction that deleted (a checkpoint or VACUUM
cannot), and through the write gate: on SQLite no writer of this process is mid-transaction
while the log is checkpointed and truncated.
"""

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care.erasure import ERASED
from care.gate import WriteGate
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
