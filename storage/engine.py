"""The async engine and session factory; SQLite gets WAL, foreign keys and secure deletion."""

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool


def build_engine(url: str) -> AsyncEngine:
    """An engine for any async URL; SQLite files get their folder created first.

    Statement parameters stay out of error messages: they can hold phones and message texts.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, hide_parameters=True)
    database = parsed.database
    in_memory = not database or database == ":memory:" or parsed.query.get("mode") == "memory"
    if in_memory:
        engine = create_async_engine(
            url,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
    else:
        assert database is not None, "a SQLite URL not in memory names its file"
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # What a deletion or an update removes is overwritten with zeros, not left in free space.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def build_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def ping(session: AsyncSession) -> None:
    """Raise unless the database answers a trivial query (the /healthz probe)."""
    await session.execute(select(1))


async def scrub(session: AsyncSession, tables: Iterable[str]) -> bool:
    """Make what committed deletions left behind in the database's files go, outside any
    transaction (a fresh session; nothing of it is committed). False when it could not.

    SQLite: the write-ahead log still holds the pages as they were before the deletion, so it
    is checkpointed into the file (where secure_delete has zeroed the deleted content) and
    truncated to nothing. PostgreSQL: `tables` are vacuumed (dead row versions are removed
    and their space marked for reuse; the bytes stay until overwritten, see the README).
    """
    autocommit = {"isolation_level": "AUTOCOMMIT"}
    connection = await session.connection(execution_options=autocommit)
    if connection.dialect.name == "sqlite":
        result = await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = result.one()[0]  # (busy, log pages, pages moved)
        return not busy
    if connection.dialect.name == "postgresql":
        for table in tables:
            await connection.exec_driver_sql(f'VACUUM "{table}"')
    return True
