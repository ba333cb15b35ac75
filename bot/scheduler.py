"""The scheduler: short periodic ticks that claim due rows (DESIGN.md §3)."""

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care import chasing
from care.albums import AlbumCollector
from care.clock import utcnow
from care.desk import Desk
from care.gate import WriteGate
from storage import updates

RETRY_EVERY = timedelta(seconds=20)
KEEP_HANDLED_UPDATES = timedelta(days=2)  # Telegram keeps unconfirmed updates for 24 hours


async def forget_old_updates(
    sessionmaker: async_sessionmaker[AsyncSession], gate: WriteGate, now: datetime | None = None
) -> int:
    async with gate.passage(), sessionmaker.begin() as session:
        return await updates.forget_before(session, (now or utcnow()) - KEEP_HANDLED_UPDATES)


async def expire_unanswered(
    sessionmaker: async_sessionmaker[AsyncSession],
    gate: WriteGate,
    desk: Desk,
    wake: Callable[[], None],
    now: datetime | None = None,
) -> int:
    """Requests the user never answered are closed as expired, and the user is told."""
    async with gate.passage(), sessionmaker.begin() as session:
        closed = await chasing.expire_unanswered(session, desk, now or utcnow())
    if closed:
        wake()
    return closed


class Ticks:
    """Counts running ticks, so a shutdown lets them finish instead of cancelling mid-work."""

    def __init__(self) -> None:
        self.running: set[asyncio.Task[Any]] = set()

    def tracked(self, job: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(job)
        async def run(*args: Any) -> Any:
            task = asyncio.current_task()
            self.running.add(task)
            try:
                return await job(*args)
            finally:
                self.running.discard(task)

        return run

    async def wait(self, timeout: float) -> None:
        if self.running:
            await asyncio.wait(set(self.running), timeout=timeout)


def build_scheduler(
    sessionmaker: async_sessionmaker[AsyncSession],
    albums: AlbumCollector,
    gate: WriteGate,
    ticks: Ticks,
    desk: Desk,
    wake: Callable[[], None],
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    every = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}
    scheduler.add_job(
        ticks.tracked(albums.retry_pending),
        "interval",
        seconds=RETRY_EVERY.total_seconds(),
        id="albums-retry",
        **every,
    )
    scheduler.add_job(
        ticks.tracked(forget_old_updates),
        "interval",
        hours=1,
        args=[sessionmaker, gate],
        id="forget-updates",
        **every,
    )
    scheduler.add_job(
        ticks.tracked(expire_unanswered),
        "interval",
        minutes=15,
        args=[sessionmaker, gate, desk, wake],
        id="expire-requests",
        **every,
    )
    return scheduler


async def stop_scheduler(scheduler: AsyncIOScheduler, ticks: Ticks, timeout: float) -> None:
    """No new ticks; the running ones finish (bounded); then stop."""
    if scheduler.running:
        scheduler.pause()
        await ticks.wait(timeout)
        scheduler.shutdown(wait=False)
