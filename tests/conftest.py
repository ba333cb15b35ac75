"""Shared fixtures: a migrated database (SQLite by default, TEST_DATABASE_URL to override)."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import wall_clock
from care.common.texts import Catalog
from care.people.policies import load_policy_file, seed_first_policy
from storage.engine import build_engine, build_sessionmaker
from storage.migrate import upgrade_to_head

ROOT = Path(__file__).resolve().parent.parent
POLICY_FILE = ROOT / "policy" / "policy.toml"


def database_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or "sqlite+aiosqlite://"


async def reset_database(engine: AsyncEngine) -> None:
    """PostgreSQL keeps tables between tests; start each one from an empty schema."""
    if engine.dialect.name == "postgresql":
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog(strict=True)  # a missing message or a Fluent error fails the test


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A SQLite file per test (transactions, locks and commits behave as in production), or
    the server TEST_DATABASE_URL names."""
    url = database_url()
    if url == "sqlite+aiosqlite://":
        url = f"sqlite+aiosqlite:///{tmp_path}/qamqor.db"
    engine = build_engine(url)
    await reset_database(engine)
    await upgrade_to_head(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    maker = build_sessionmaker(engine)
    async with maker.begin() as session:
        await seed_first_policy(session, load_policy_file(POLICY_FILE), wall_clock())
    return maker


@pytest.fixture
async def session(sessionmaker) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session
