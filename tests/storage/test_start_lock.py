"""Replicas starting together on an empty PostgreSQL: one migrates and seeds, the other waits."""

import asyncio

import pytest
from sqlalchemy import text

from bot.app import prepare_database
from bot.settings import load_settings
from storage.engine import build_engine
from tests.conftest import POLICY_FILE, database_url, reset_database

pytestmark = pytest.mark.skipif(
    not database_url().startswith("postgresql"),
    reason="replicas share PostgreSQL (TEST_DATABASE_URL); SQLite is one process",
)


async def test_two_replicas_starting_at_once_migrate_and_seed_once(engine) -> None:
    await reset_database(engine)  # empty, as on a first deployment
    settings = load_settings(
        bot_token="1:a",
        admin_chat_id=-1001234567890,
        database_url=database_url(),
        policy_file=POLICY_FILE,
        _env_file=None,
    )
    replicas = [build_engine(database_url()) for _ in range(2)]
    try:
        starts = (prepare_database(replica, settings) for replica in replicas)
        await asyncio.wait_for(asyncio.gather(*starts), 60)
    finally:
        for replica in replicas:
            await replica.dispose()
    async with engine.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM policy_versions")) == 1
        assert await connection.scalar(text("SELECT count(*) FROM alembic_version")) == 1
