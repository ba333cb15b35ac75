"""FSM state in the database, for deployments without Redis.

Inside an update the state is read and written in the update's own transaction (the session
middleware sets `update_session`), so a handler's `set_state` commits or rolls back with the
rest of its work and never waits on a second connection for SQLite's write lock. Outside an
update each call is a short transaction of its own.
"""

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care.outbound.gate import WriteGate
from storage import fsm

update_session: ContextVar[AsyncSession | None] = ContextVar("update_session", default=None)


class DatabaseStorage(BaseStorage):
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        gate: WriteGate | None = None,
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.gate = gate or WriteGate(serial=False)
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    @asynccontextmanager
    async def _session(self, write: bool) -> AsyncIterator[AsyncSession]:
        current = update_session.get()
        if current is not None:
            yield current
        elif write:
            async with self.gate.passage(), self.sessionmaker.begin() as session:
                yield session
        else:
            async with self.sessionmaker() as session:
                yield session

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._session(write=True) as session:
            await fsm.put_state(session, self._key(key), value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session(write=False) as session:
            record = await fsm.get_record(session, self._key(key))
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._session(write=True) as session:
            await fsm.put_data(session, self._key(key), dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session(write=False) as session:
            record = await fsm.get_record(session, self._key(key))
            return dict(record.data) if record else {}

    async def close(self) -> None:
        """The engine is disposed by the composition root."""
