"""`INSERT … ON CONFLICT DO NOTHING`, on SQLite and PostgreSQL alike."""

from types import ModuleType
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.results import rowcount


def dialect_of(session: AsyncSession) -> ModuleType:
    """The dialect module (PostgreSQL or SQLite) whose `insert` has `on_conflict_do_nothing`."""
    bind = session.bind
    assert bind is not None, "sessions come from storage.engine.build_sessionmaker, bound"
    return postgresql if bind.dialect.name == "postgresql" else sqlite


async def insert_if_absent(session: AsyncSession, model: type, unique: str, **values: Any) -> bool:
    """Insert a row unless one with the same `unique` column exists (or a concurrent transaction
    is inserting it: that one wins); True when this call inserted it."""
    statement = (
        dialect_of(session)
        .insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[unique])
    )
    result = await session.execute(statement)
    return rowcount(result) == 1
