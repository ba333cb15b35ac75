import asyncio
import logging
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import func, select

from bot.jobs import forget_old_updates
from bot.scheduler import Ticks, build_scheduler, start_scheduler, stop_scheduler, summary
from care.common.desk import Desk
from care.common.texts import Catalog
from care.outbound.gate import WriteGate
from care.rights.retention import Purged
from storage import updates
from storage.models import OutboxEntry

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
DESK = (
    Desk(admin_chat_id=-1001234567890, catalog=Catalog(), tz=ZoneInfo("Asia/Almaty")),
    lambda: None,
)


async def test_handled_updates_are_forgotten_after_two_days(sessionmaker) -> None:
    async with sessionmaker.begin() as session:
        assert await updates.first_time(session, 1, NOW - timedelta(days=3))
        assert await updates.first_time(session, 2, NOW - timedelta(hours=1))
        assert not await updates.first_time(session, 2, NOW)
    assert await forget_old_updates(sessionmaker, WriteGate(serial=True), NOW) == 1
    async with sessionmaker.begin() as session:
        assert await updates.first_time(session, 1, NOW)
        assert not await updates.first_time(session, 2, NOW)


class Albums:
    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.finished = False

    async def retry_pending(self) -> None:
        self.started.set()
        await asyncio.sleep(0.05)
        self.finished = True


def test_the_scheduler_runs_the_album_and_cleanup_ticks(sessionmaker) -> None:
    scheduler = build_scheduler(sessionmaker, Albums(), WriteGate(serial=True), Ticks(), *DESK)
    jobs = {job.id: job.trigger.interval for job in scheduler.get_jobs()}
    assert jobs == {
        "albums-retry": timedelta(seconds=20),
        "forget-updates": timedelta(hours=1),
        "chase": timedelta(minutes=5),
        "digest": timedelta(minutes=5),
        "policy-remind": timedelta(minutes=15),
        "retention": timedelta(hours=1),
        "feed-deliveries": timedelta(seconds=1),
        "campaigns": timedelta(seconds=10),
    }
    with_bot = build_scheduler(
        sessionmaker, Albums(), WriteGate(serial=True), Ticks(), *DESK, object()
    )
    with_bot_jobs = {job.id: job.trigger.interval for job in with_bot.get_jobs()}
    assert with_bot_jobs["supervisors"] == timedelta(minutes=3)
    assert with_bot_jobs["admin-chat"] == timedelta(minutes=1)


async def test_a_running_tick_finishes_before_the_scheduler_stops(sessionmaker) -> None:
    albums, ticks = Albums(), Ticks()
    scheduler = build_scheduler(sessionmaker, albums, WriteGate(serial=True), ticks, *DESK)
    scheduler.start()
    scheduler.get_job("albums-retry").modify(next_run_time=datetime.now(UTC))
    await asyncio.wait_for(albums.started.wait(), 5)
    await stop_scheduler(scheduler, ticks, timeout=5)
    assert albums.finished  # not cancelled mid-tick (it would resend after a restart)


async def test_the_daily_ticks_run_at_start_not_an_interval_later(sessionmaker, caplog) -> None:
    """A bot started after DIGEST_AT sends the day's digest at once, and chases at once: a
    process restarted more often than every five minutes would otherwise never do either."""
    desk = Desk(
        admin_chat_id=-1001234567890,
        catalog=Catalog(),
        tz=ZoneInfo("Asia/Almaty"),
        digest_at=time(0, 0),  # due whenever the test runs
    )
    woken = asyncio.Event()
    ticks = Ticks()
    scheduler = build_scheduler(
        sessionmaker, Albums(), WriteGate(serial=True), ticks, desk, woken.set
    )
    ran: set[str] = set()
    with caplog.at_level(logging.DEBUG, logger="bot.scheduler"):
        start_scheduler(scheduler)
        try:
            for _ in range(500):  # bounded: the ticks are due now, not in five minutes
                ran = {r.getMessage().split(":")[0] for r in caplog.records}
                if {"tick chase", "tick digest", "tick policy-remind", "tick retention"} <= ran:
                    break
                await asyncio.sleep(0.02)
        finally:
            await stop_scheduler(scheduler, ticks, timeout=5)
    assert {"tick chase", "tick digest", "tick policy-remind", "tick retention"} <= ran
    assert woken.is_set()  # the digest was queued for the sender
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxEntry)) == 1


async def test_a_failing_tick_is_logged_by_name_and_the_scheduler_goes_on(caplog) -> None:
    ticks, runs = Ticks(), []

    async def broken(secret: str) -> None:
        runs.append(secret)
        raise RuntimeError(f"boom with {secret}")

    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(ticks.tracked(broken, "broken"), "interval", hours=1, args=["+7702"])
    scheduler.start()
    try:
        with caplog.at_level(logging.ERROR, logger="bot.scheduler"):
            for expected in (1, 2):
                scheduler.get_jobs()[0].modify(next_run_time=datetime.now(UTC))
                for _ in range(100):
                    if len(runs) == expected and not ticks.running:
                        break
                    await asyncio.sleep(0.01)
                assert len(runs) == expected
        assert scheduler.running and scheduler.get_jobs()  # the job stays scheduled
    finally:
        await stop_scheduler(scheduler, ticks, timeout=5)
    failures = [r for r in caplog.records if r.name == "bot.scheduler"]
    assert [r.getMessage() for r in failures] == ["tick broken failed"] * 2
    assert all(r.exc_info for r in failures)  # the traceback is there for the operator
    assert not [r for r in caplog.records if "apscheduler" in r.name and r.levelno >= logging.ERROR]


async def test_each_tick_logs_one_line_with_its_counts(sessionmaker, caplog) -> None:
    ticks = Ticks()
    async with sessionmaker.begin() as session:
        assert await updates.first_time(session, 1, NOW - timedelta(days=3))
    tick = ticks.tracked(forget_old_updates, "forget-updates", counts="forgotten")
    with caplog.at_level(logging.DEBUG, logger="bot.scheduler"):
        assert await tick(sessionmaker, WriteGate(serial=True), NOW) == 1
        assert await tick(sessionmaker, WriteGate(serial=True), NOW) == 0
    lines = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "bot.scheduler"]
    assert [level for level, _ in lines] == [logging.INFO, logging.DEBUG]
    assert re.fullmatch(r"tick forget-updates: forgotten=1 ms=\d+", lines[0][1])
    assert re.fullmatch(r"tick forget-updates: forgotten=0 ms=\d+", lines[1][1])


def test_summaries_of_what_ticks_return() -> None:
    assert summary({"messages": 2}, "count") == ("messages=2", True)
    assert summary(Purged(done=False), "count") == (
        "log_lines=0 pairs=0 users=0 marks=0 done=False",
        False,
    )
    assert summary(Purged(users=3), "count")[1]
    assert summary(None, "count") == ("done", False)
