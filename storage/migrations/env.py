"""Alembic environment: runs on the connection the app hands over, or on DATABASE_URL."""

import asyncio
import os
from typing import Literal

from alembic import context
from sqlalchemy import Enum
from sqlalchemy.engine import Connection

from storage.engine import build_engine
from storage.models import Base
from storage.types import UtcDateTime

config = context.config
target_metadata = Base.metadata


def render_item(kind: str, obj: object, autogen_context: object) -> str | Literal[False]:
    """Migrations spell plain SQLAlchemy types, never the app's decorators or vocabularies
    (a column of `storage.types.stored` is a plain VARCHAR)."""
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(obj, Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    return False


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=render_item,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_from_url(url: str) -> None:
    engine = build_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(run_on)
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
elif context.is_offline_mode():
    context.configure(url=os.environ.get("DATABASE_URL"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(run_from_url(os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///data/qamqor.db")))
