"""Apply Alembic migrations from code, at start and in tests."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

# Any fixed number: the key of the PostgreSQL advisory lock replicas take to start one at a time.
START_LOCK = 0x51A3_C0DE

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in migrations/versions (tests/storage/test_migrations.py checks it). A
# database already there starts without importing Alembic: its modules (with Mako and Pygments)
# would hold about 11 MB of the bot's memory for nothing.
HEAD = "0009"


class MigrationsError(Exception):
    """The Alembic scripts shipped with the package are missing; the message says where."""


def migrations_dir() -> Path:
    """`storage/migrations` as installed: a folder on disk, which is what Alembic reads."""
    folder = files("storage") / "migrations"
    if not isinstance(folder, Path):  # a zip import: Alembic cannot load scripts from it
        raise MigrationsError(f"migrations in {folder} are not on the file system")
    versions = folder / "versions"
    if not (folder / "env.py").is_file():
        raise MigrationsError(f"no Alembic env.py in {folder}")
    if not versions.is_dir() or not any(
        path.suffix == ".py" and path.name != "__init__.py" for path in versions.iterdir()
    ):
        raise MigrationsError(f"no migrations in {versions}")
    return folder


def alembic_config(connection: Connection | None = None) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@asynccontextmanager
async def one_at_a_time(engine: AsyncEngine) -> AsyncIterator[None]:
    """Replicas starting together on one PostgreSQL migrate and seed one after another, not
    into each other's half-made tables (an advisory lock, let go if the process dies). SQLite
    serves one process: nothing to wait for."""
    if engine.dialect.name != "postgresql":
        yield
        return
    async with engine.connect() as connection:
        # Outside a transaction: a server's idle-in-transaction timeout must not cut it mid-start.
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": START_LOCK})
        try:
            yield
        finally:
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": START_LOCK})


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None before its first migration."""
    async with engine.connect() as connection:
        try:
            return await connection.scalar(text("SELECT version_num FROM alembic_version"))
        except DBAPIError:  # no such table yet
            return None


async def upgrade_to_head(engine: AsyncEngine) -> None:
    if await current_revision(engine) == HEAD:
        return
    from alembic import command

    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
