"""The scheduler: short periodic ticks that claim due rows (DESIGN.md §3)."""

import asyncio
import functools
import logging
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

log = logging.getLogger(__name__)

RETRY_EVERY = timedelta(seconds=20)
CHASE_EVERY = timedelta(minutes=5)
KEEP_HANDLED_UPDATES = timedelta(days=2)  # Telegram keeps unconfirmed updates for 24 hours


async def forget_old_updates(
    sessionmaker: async_sessionmaker[AsyncSession], gate: WriteGate, now: datetime | None = None
) -> int:
    async with gate.passage(), sessionmaker.begin() as session:
        return await updates.forget_before(session, (now or utcnow()) - KEEP_HANDLED_UPDATES)


async def chase(
    sessionmaker: async_sessionmaker[AsyncSession],
    gate: WriteGate,
    desk: Desk,
    wake: Callable[[], None],
    now: datetime | None = None,
) -> chasing.Chased:
    """Reminders before and on the due day, escalations of overdue requests, reminders to
    users a request waits for, and expiry: each item in its own short transaction, each
    reminder marked once (a restart or another replica never repeats it)."""
    now = now or utcnow()
    done, failed = chasing.Chased(), 0
    async with sessionmaker() as session:
        tasks = await chasing.due_tasks(session, desk, now)
    counters = {
        chasing.Step.BEFORE: "reminded",
        chasing.Step.DUE: "reminded",
        chasing.Step.ESCALATE: "escalated",
        chasing.Step.USER: "user_reminded",
    }
    for task in tasks:
        try:
            async with gate.passage(), sessionmaker.begin() as session:
                sent = await chasing.chase_one(session, desk, task, now)
        except Exception:  # one bad request never stops the others
            failed += 1
            log.exception("chase: %s of request %s failed", task.step, task.request_id)
            continue
        if sent is not None:
            setattr(done, counters[sent], getattr(done, counters[sent]) + 1)
    async with gate.passage(), sessionmaker.begin() as session:
        done.expired = await chasing.expire_unanswered(session, desk, now)
    log.info(
        "chase: due=%d reminded=%d escalated=%d user-reminded=%d expired=%d failed=%d",
        len(tasks),
        done.reminded,
        done.escalated,
        done.user_reminded,
        done.expired,
        failed,
    )
    if done:
        wake()
    return done


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
            except Exception:  # logged here; the next tick tries again
                log.exception("tick %s failed", getattr(job, "__name__", job))
                return None
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
        ticks.tracked(chase),
        "interval",
        seconds=CHASE_EVERY.total_seconds(),
        args=[sessionmaker, gate, desk, wake],
        id="chase",
        **every,
    )
    return scheduler


async def stop_scheduler(scheduler: AsyncIOScheduler, ticks: Ticks, timeout: float) -> None:
    """No new ticks; the running ones finish (bounded); then stop."""
    if scheduler.running:
        scheduler.pause()
        await ticks.wait(timeout)
        scheduler.shutdown(wait=False)
