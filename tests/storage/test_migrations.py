from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage.migrate import HEAD, alembic_config, current_revision
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


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]


async def test_stairway_every_revision_upgrades_downgrades_one_step_and_back(engine) -> None:
    """From empty, each revision in turn: up to it, one step down, up again; at the end the
    schema is exactly the models'."""

    def run(action, target: str):
        async def step() -> None:
            async with engine.begin() as connection:
                await connection.run_sync(lambda sync: action(alembic_config(sync), target))

        return step()

    await run(command.downgrade, "base")
    previous = "base"
    for revision in revisions():
        await run(command.upgrade, revision)
        await run(command.downgrade, previous)
        await run(command.upgrade, revision)
        previous = revision
    await test_models_and_migrations_agree(engine)


def test_the_revisions_form_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert revisions()[0] == "0001" and len(revisions()) == len(set(revisions()))


async def test_head_names_the_newest_revision(engine) -> None:
    """storage.migrate.HEAD lets a database at head start without Alembic: bump it with
    each new migration."""
    assert revisions()[-1] == HEAD
    assert await current_revision(engine) == HEAD
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "-1"))
    assert await current_revision(engine) == revisions()[-2]
