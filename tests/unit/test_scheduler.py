import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.scheduler import Ticks, build_scheduler, forget_old_updates, stop_scheduler
from care.desk import Desk
from care.gate import WriteGate
from care.texts import Catalog
from storage import updates

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
DESK = (Desk(admin_chat_id=-1001, catalog=Catalog(), tz=ZoneInfo("Asia/Almaty")), lambda: None)


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
    }


async def test_a_running_tick_finishes_before_the_scheduler_stops(sessionmaker) -> None:
    albums, ticks = Albums(), Ticks()
    scheduler = build_scheduler(sessionmaker, albums, WriteGate(serial=True), ticks, *DESK)
    scheduler.start()
    scheduler.get_job("albums-retry").modify(next_run_time=datetime.now(UTC))
    await asyncio.wait_for(albums.started.wait(), 5)
    await stop_scheduler(scheduler, ticks, timeout=5)
    assert albums.finished  # not cancelled mid-tick (it would resend after a restart)


async def test_a_failing_tick_is_logged_and_the_next_one_runs(caplog) -> None:
    ticks, calls = Ticks(), []

    async def flaky() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return "ok"

    job = ticks.tracked(flaky)
    assert await job() is None
    assert "tick flaky failed" in caplog.text
    assert await job() == "ok" and not ticks.running
