from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.migrate import alembic_config
from storage.models import Base

TABLES = {
    "users",
    "consents",
    "policy_versions",
    "policy_texts",
    "phone_conflicts",
    "fsm_records",
    "conversations",
    "message_pairs",
    "care_log",
    "handled_updates",
}


async def test_head_creates_every_table(engine) -> None:
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert names >= TABLES


async def test_models_and_migrations_agree(engine) -> None:
    def diff(sync):
        context = MigrationContext.configure(sync, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_downgrade_to_base_and_back(engine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "base"))
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert not (TABLES & names)
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
