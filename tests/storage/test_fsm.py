"""FSM storage: the database one always, Redis too when TEST_REDIS_URL is set."""

import os

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select

from bot.fsm import DatabaseStorage
from storage.models import FsmRecord

KEY = StorageKey(bot_id=1, chat_id=10**11, user_id=10**11)


async def round_trip(storage) -> None:
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}
    await storage.set_state(KEY, "Request:details")
    await storage.set_data(KEY, {"kind": "access", "n": 2})
    assert await storage.get_state(KEY) == "Request:details"
    assert await storage.update_data(KEY, {"n": 3}) == {"kind": "access", "n": 3}
    other = StorageKey(bot_id=1, chat_id=5, user_id=5)
    assert await storage.get_state(other) is None
    await storage.set_state(KEY, None)
    await storage.set_data(KEY, {})
    assert await storage.get_state(KEY) is None and await storage.get_data(KEY) == {}


async def test_database_storage_round_trip(sessionmaker) -> None:
    await round_trip(DatabaseStorage(sessionmaker))
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0


@pytest.mark.redis
async def test_redis_storage_round_trip() -> None:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set")
    from bot.app import build_fsm
    from bot.settings import load_settings

    settings = load_settings(
        bot_token="1:a", admin_chat_id=-1001234567890, redis_url=url, _env_file=None
    )
    storage, isolation = build_fsm(settings)
    try:
        await storage.redis.flushdb()
        await round_trip(storage)
        async with isolation.lock(KEY):
            pass
    finally:
        await storage.close()
