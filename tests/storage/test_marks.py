from datetime import UTC, datetime, timedelta

from storage import marks

NOW = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)


async def test_a_mark_is_made_once_and_forgotten_when_old(sessionmaker) -> None:
    async with sessionmaker.begin() as session:
        assert await marks.mark_once(session, "remind:1:2026-12-01", NOW)
        assert not await marks.mark_once(session, "remind:1:2026-12-01", NOW)
        assert await marks.mark_once(session, "remind:1:2026-12-02", NOW + timedelta(days=1))
    async with sessionmaker.begin() as session:
        assert not await marks.mark_once(session, "remind:1:2026-12-01", NOW)
        assert await marks.forget_before(session, NOW + timedelta(hours=1)) == 1
        assert await marks.mark_once(session, "remind:1:2026-12-01", NOW)
