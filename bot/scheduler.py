"""The scheduler: short periodic ticks that claim due rows, so a restart loses nothing and
replicas never do the same work twice."""

import asyncio
import dataclasses
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.jobs import (
    chase,
    feed_deliveries,
    forget_old_updates,
    keep_only_what_is_needed,
    refresh_supervisors,
    remind_policy,
    send_digest,
    track_campaigns,
    watch_admin_chat,
)
from care.common.desk import Desk
from care.desk.admin_chat import LOOK_EVERY
from care.desk.albums import AlbumCollector
from care.outbound.gate import WriteGate
from care.people.supervisors import REFRESH_EVERY

log = logging.getLogger(__name__)

RETRY_EVERY = timedelta(seconds=20)
CHASE_EVERY = timedelta(minutes=5)
FEED_EVERY = timedelta(seconds=1)  # tops the outbox up to the broadcast window
# Progress messages edited: the admin chat is one group (about 20 messages a minute in all).
PROGRESS_EVERY = timedelta(seconds=10)
# Ticks whose work is due at a time of day: they run at start too, not one interval later, so
# a bot started after DIGEST_AT sends the day's digest at once, and one restarted more often
# than their interval still does their work.
AT_START = frozenset({"chase", "digest", "policy-remind", "retention"})


def summary(result: Any, counts: str) -> tuple[str, bool]:
    """What a tick returned as `name=value` pairs, and whether it did anything."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        result = dataclasses.asdict(result)
    if isinstance(result, Mapping):
        text = " ".join(f"{key}={value}" for key, value in result.items())
        return text, any(value for value in result.values() if not isinstance(value, bool))
    if isinstance(result, int) and not isinstance(result, bool):
        return f"{counts}={result}", result > 0
    return "done", False


class Ticks:
    """Runs the scheduler's ticks: counts the running ones, so a shutdown lets them finish
    instead of cancelling mid-work; logs one line per tick with its counts and how long it
    took (INFO when it did something, DEBUG when it found nothing to do); and keeps a failing
    tick from going further than its own log line, so the scheduler and the bot go on."""

    def __init__(self) -> None:
        self.running: set[asyncio.Task[Any]] = set()

    def tracked(
        self, job: Callable[..., Awaitable[Any]], name: str | None = None, counts: str = "count"
    ) -> Callable[..., Awaitable[Any]]:
        """`job` wrapped; `name` says which job in the log, `counts` what a plain number it
        returns counts."""
        label = name or job.__name__

        @functools.wraps(job)
        async def run(*args: Any) -> Any:
            task = asyncio.current_task()
            self.running.add(task)
            started = time.perf_counter()
            try:
                result = await job(*args)
            except Exception:  # logged here; the next tick tries again
                # The job's name only: arguments and rows may hold personal data.
                log.exception("tick %s failed", label)
                return None
            finally:
                self.running.discard(task)
            took = round((time.perf_counter() - started) * 1000)
            text, did = summary(result, counts)
            log.log(logging.INFO if did else logging.DEBUG, "tick %s: %s ms=%d", label, text, took)
            return result

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
    bot: Bot | None = None,
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    every = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}
    on_desk = [sessionmaker, gate, desk, wake]  # the jobs over the desk's database
    jobs: list[tuple[str, Callable[..., Awaitable[Any]], timedelta, list[Any], str]] = [
        ("albums-retry", albums.retry_pending, RETRY_EVERY, [], "count"),
        (
            "forget-updates",
            forget_old_updates,
            timedelta(hours=1),
            [sessionmaker, gate],
            "forgotten",
        ),
        ("chase", chase, CHASE_EVERY, on_desk, "count"),
        ("digest", send_digest, timedelta(minutes=5), on_desk, "count"),
        ("policy-remind", remind_policy, timedelta(minutes=15), on_desk, "count"),
        ("retention", keep_only_what_is_needed, timedelta(hours=1), on_desk, "count"),
        ("feed-deliveries", feed_deliveries, FEED_EVERY, on_desk, "queued"),
        ("campaigns", track_campaigns, PROGRESS_EVERY, on_desk, "count"),
    ]
    if bot is not None:
        jobs.append(("supervisors", refresh_supervisors, REFRESH_EVERY, [bot, desk], "supervisors"))
        jobs.append(("admin-chat", watch_admin_chat, LOOK_EVERY, [bot, desk], "count"))
    for name, job, interval, args, counts in jobs:
        scheduler.add_job(
            ticks.tracked(job, name, counts=counts),
            "interval",
            seconds=interval.total_seconds(),
            args=args,
            id=name,
            **every,
        )
    return scheduler


def start_scheduler(scheduler: AsyncIOScheduler) -> None:
    """Start the ticks; those of AT_START run now (set once started: a run scheduled before a
    slow start, e.g. replicas migrating one by one, would be skipped as missed)."""
    scheduler.start()
    now = datetime.now(UTC)
    for name in AT_START:
        if (job := scheduler.get_job(name)) is not None:
            job.modify(next_run_time=now)


async def stop_scheduler(scheduler: AsyncIOScheduler, ticks: Ticks, timeout: float) -> None:
    """No new ticks; the running ones finish (bounded); then stop."""
    if scheduler.running:
        scheduler.pause()
        await ticks.wait(timeout)
        scheduler.shutdown(wait=False)
