"""FSM state in the database, for deployments without Redis."""

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import fsm


class DatabaseStorage(BaseStorage):
    """Each call is its own short transaction, as aiogram expects of a storage."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self.sessionmaker.begin() as session:
            await fsm.put_state(session, self._key(key), value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.sessionmaker() as session:
            record = await fsm.get_record(session, self._key(key))
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self.sessionmaker.begin() as session:
            await fsm.put_data(session, self._key(key), dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.sessionmaker() as session:
            record = await fsm.get_record(session, self._key(key))
            return dict(record.data) if record else {}

    async def close(self) -> None:
        """The engine is disposed by the composition root."""
