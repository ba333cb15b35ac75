"""The database the bot processes of one test share, as the test reads it: a SQLite file in the
test's folder, or the PostgreSQL TEST_DATABASE_URL names (emptied first)."""

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text, update
from sqlalchemy.engine import make_url

from storage.engine import build_engine
from storage.models import OutboxEntry, User
from tests.conftest import database_url, reset_database


class Database:
    def __init__(self, tmp_path: Path) -> None:
        url = database_url()
        if not url.startswith("postgresql"):
            url = f"sqlite+aiosqlite:///{tmp_path}/data/qamqor.db"
        self.url = url
        self.postgres = url.startswith("postgresql")
        self.engine = build_engine(url)

    async def reset(self) -> None:
        await reset_database(self.engine)

    async def rows(self, sql: str, **params: Any) -> list[tuple]:
        async with self.engine.connect() as connection:
            return [tuple(row) for row in await connection.execute(text(sql), params)]

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.engine.connect() as connection:
            return await connection.scalar(text(sql), params)

    async def add_verified_users(self, first: int, count: int) -> None:
        """Users who went through onboarding, straight into the database (Telegram ids from
        `first` on; onboarding itself is tested elsewhere)."""
        now = datetime.now(UTC)
        rows = [
            {
                "telegram_id": first + n,
                "language": ("kk", "ru", "en")[n % 3],
                "first_name": f"U{n}",
                "phone": f"+7702{(first + n) % 10**7:07d}",
                "verified_at": now,
                "created_at": now,
            }
            for n in range(count)
        ]
        async with self.engine.begin() as connection:
            await connection.execute(insert(User), rows)

    async def expire_leases(self) -> int:
        """PostgreSQL: let the time pass after which a dead process's claims on the outbox
        lapse (other replicas may be alive, so a starting process cannot free them and waits
        for their lease to run out). SQLite: nothing; a starting process, the only sender,
        frees every lease itself, and the tests check that it does."""
        if not self.postgres:
            return 0
        lapsed = datetime.now(UTC) - timedelta(seconds=1)
        async with self.engine.begin() as connection:
            result = await connection.execute(
                update(OutboxEntry)
                .where(OutboxEntry.claimed_until.is_not(None))
                .values(claimed_until=lapsed)
            )
        return result.rowcount

    async def wait_for(
        self, sql: str, wanted: Callable[[list[tuple]], Any], timeout: float = 30.0, **params: Any
    ) -> list[tuple]:
        """Poll `sql` until `wanted(rows)` holds (bounded); the rows."""
        async with asyncio.timeout(timeout):
            while True:
                found = await self.rows(sql, **params)
                if wanted(found):
                    return found
                await asyncio.sleep(0.2)

    @asynccontextmanager
    async def write_lock(self) -> AsyncIterator[None]:
        """Hold what every update's first write needs, until the block ends: SQLite's write
        lock, or on PostgreSQL a lock on `handled_updates` that blocks inserts only."""
        if self.postgres:
            async with self.engine.connect() as connection:
                await connection.execute(text("LOCK TABLE handled_updates IN EXCLUSIVE MODE"))
                try:
                    yield
                finally:
                    await connection.rollback()
            return
        lock = sqlite3.connect(make_url(self.url).database, timeout=30, isolation_level=None)
        try:
            lock.execute("BEGIN IMMEDIATE")
            yield
        finally:
            lock.rollback()
            lock.close()

    async def dispose(self) -> None:
        await self.engine.dispose()
