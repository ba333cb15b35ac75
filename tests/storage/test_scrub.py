"""What committed deletions leave in the database's files is scrubbed (storage.engine)."""

import sqlite3
from pathlib import Path

from sqlalchemy import delete

from bot.clock import wall_clock
from storage.engine import _sqlite_pragmas, scrub
from storage.models import User
from storage.people import users
from tests.conftest import database_url

ON_SQLITE = database_url() == "sqlite+aiosqlite://"


def test_sqlite_overwrites_deleted_content_whatever_its_build_default(tmp_path) -> None:
    """Debian's SQLite zeroes deleted content by default, other builds do not: every
    connection the engine opens says so itself."""
    connection = sqlite3.connect(tmp_path / "plain.db")
    connection.execute("PRAGMA secure_delete=OFF")  # as a build without SQLITE_SECURE_DELETE
    _sqlite_pragmas(connection, None)
    assert connection.execute("PRAGMA secure_delete").fetchone() == (1,)
    connection.close()


async def test_scrubbing_runs_outside_a_transaction_and_empties_the_sqlite_log(
    sessionmaker, engine
) -> None:
    async with sessionmaker.begin() as session:
        await users.add_user(session, 8101, "ru", wall_clock())
        await session.flush()
        await session.execute(delete(User).where(User.telegram_id == 8101))
    wal = Path(f"{engine.url.database}-wal") if ON_SQLITE else None
    if wal is not None:
        assert wal.stat().st_size > 0

    async with sessionmaker() as session:
        assert await scrub(session, ["users", "care_log"])  # VACUUM on PostgreSQL

    if wal is not None:
        assert wal.stat().st_size == 0
