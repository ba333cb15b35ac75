from datetime import UTC, datetime, timedelta

from bot.scheduler import build_scheduler, forget_old_updates
from care.gate import WriteGate
from storage import updates

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


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
    async def retry_pending(self, bot) -> None:
        pass


def test_the_scheduler_runs_the_retry_and_cleanup_ticks(sessionmaker) -> None:
    scheduler = build_scheduler(object(), sessionmaker, Albums(), WriteGate(serial=True))
    jobs = {job.id: job.trigger.interval for job in scheduler.get_jobs()}
    assert jobs == {"relay-retry": timedelta(seconds=20), "forget-updates": timedelta(hours=1)}
