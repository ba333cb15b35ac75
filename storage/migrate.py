"""Apply Alembic migrations from code, at start and in tests."""

from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


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


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
