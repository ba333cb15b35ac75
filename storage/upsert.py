"""`INSERT … ON CONFLICT DO NOTHING`, on SQLite and PostgreSQL alike."""

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_if_absent(session: AsyncSession, model: type, unique: str, **values: Any) -> bool:
    """Insert a row unless one with the same `unique` column exists (or a concurrent transaction
    is inserting it: that one wins); True when this call inserted it."""
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(model).values(**values).on_conflict_do_nothing(index_elements=[unique])
    )
    result = await session.execute(statement)
    return result.rowcount == 1
