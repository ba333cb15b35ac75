"""The scheduler: short periodic ticks that claim due rows (DESIGN.md §3)."""

from datetime import UTC, datetime, timedelta

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care.albums import AlbumCollector
from care.clock import utcnow
from care.gate import WriteGate
from storage import updates

RETRY_EVERY = timedelta(seconds=20)
KEEP_HANDLED_UPDATES = timedelta(days=2)  # Telegram keeps unconfirmed updates for 24 hours


async def forget_old_updates(
    sessionmaker: async_sessionmaker[AsyncSession], gate: WriteGate, now: datetime | None = None
) -> int:
    async with gate.passage(), sessionmaker.begin() as session:
        return await updates.forget_before(session, (now or utcnow()) - KEEP_HANDLED_UPDATES)


def build_scheduler(
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    albums: AlbumCollector,
    gate: WriteGate,
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    every = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}
    scheduler.add_job(
        albums.retry_pending,
        "interval",
        seconds=RETRY_EVERY.total_seconds(),
        args=[bot],
        id="relay-retry",
        **every,
    )
    scheduler.add_job(
        forget_old_updates,
        "interval",
        hours=1,
        args=[sessionmaker, gate],
        id="forget-updates",
        **every,
    )
    return scheduler
