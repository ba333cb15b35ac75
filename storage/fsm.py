"""Rows behind the database FSM storage (used when REDIS_URL is unset)."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FsmRecord
from storage.upsert import insert_if_absent


async def get_record(session: AsyncSession, key: str) -> FsmRecord | None:
    return await session.scalar(select(FsmRecord).where(FsmRecord.key == key))


async def put_state(session: AsyncSession, key: str, state: str | None) -> None:
    record = await get_record(session, key)
    if record is None:
        if state is None:
            return
        record = await _create(session, key)
    record.state = state
    await _drop_if_empty(session, record)


async def put_data(session: AsyncSession, key: str, data: dict[str, Any]) -> None:
    record = await get_record(session, key)
    if record is None:
        if not data:
            return
        record = await _create(session, key)
    record.data = dict(data)
    await _drop_if_empty(session, record)


async def _create(session: AsyncSession, key: str) -> FsmRecord:
    """The record, inserted unless a concurrent update of the same chat just did."""
    await insert_if_absent(session, FsmRecord, "key", key=key, state=None, data={})
    record = await get_record(session, key)
    assert record is not None, "the FSM record was just inserted, or found present"
    return record


async def _drop_if_empty(session: AsyncSession, record: FsmRecord) -> None:
    if record.state is None and not record.data:
        await session.delete(record)
