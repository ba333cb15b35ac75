"""One writer at a time where the database allows only one (SQLite).

Updates, album flushes and scheduler ticks pass through the same gate, so a background job
never reads what an update has not committed yet, nor copies what an update is copying.
On PostgreSQL the gate is open: row locks (`FOR UPDATE SKIP LOCKED`) do that work.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class WriteGate:
    def __init__(self, serial: bool) -> None:
        self._lock = asyncio.Lock() if serial else None

    @property
    def serial(self) -> bool:
        """One writer, so one process: the outbox needs no leases either."""
        return self._lock is not None

    @asynccontextmanager
    async def passage(self) -> AsyncIterator[None]:
        if self._lock is None:
            yield
            return
        async with self._lock:
            yield
