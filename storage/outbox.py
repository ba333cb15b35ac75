"""The outbox: what must be sent to Telegram, claimed lane by lane by the sender."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import OutboxEntry
from storage.results import rowcount


async def add(
    session: AsyncSession,
    *,
    lane: str,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    priority: int = 0,
    user_id: int | None = None,
    dedup_key: str | None = None,
) -> None:
    """Record a row to send (a plain insert: it is written for every message)."""
    await session.execute(
        insert(OutboxEntry).values(
            lane=lane,
            kind=kind,
            payload=payload,
            priority=priority,
            user_id=user_id,
            dedup_key=dedup_key,
            created_at=now,
            not_before=now,
            attempts=0,
        )
    )


async def has_key(session: AsyncSession, dedup_key: str) -> bool:
    found = await session.scalar(
        select(OutboxEntry.id).where(OutboxEntry.dedup_key == dedup_key).limit(1)
    )
    return found is not None


def _heads() -> Select:
    """Built once: the sender asks after every commit, and building costs more than running."""
    other = aliased(OutboxEntry)
    now = bindparam("now", type_=OutboxEntry.not_before.type)
    return (
        select(OutboxEntry)
        .where(
            OutboxEntry.id.in_(select(func.min(other.id)).group_by(other.lane)),
            OutboxEntry.held_at.is_(None),
            OutboxEntry.not_before <= now,
            OutboxEntry.claimed_until.is_(None) | (OutboxEntry.claimed_until < now),
        )
        .order_by(OutboxEntry.priority, OutboxEntry.id)
        .limit(bindparam("limit"))
    )


_HEADS = _heads()
_HEADS_LOCKED = _HEADS.with_for_update(skip_locked=True)  # other senders skip our claims


async def claim_heads(
    session: AsyncSession, now: datetime, limit: int, lease: timedelta | None, skip: set[str]
) -> list[OutboxEntry]:
    """The first row of each lane that is due and free, best priority first; leased to us
    (`lease` None: this process is the only sender, and `skip` names its lanes in hand).

    A held or claimed head blocks its lane, so a lane's rows always go out in order.
    """
    query = _HEADS_LOCKED if lease is not None else _HEADS
    found = await session.scalars(query, {"now": now, "limit": limit + len(skip)})
    entries = [e for e in found.all() if e.lane not in skip][:limit]
    if lease is not None:
        for entry in entries:
            entry.claimed_until = now + lease
        await session.flush()
    return entries


async def finish(session: AsyncSession, entry_id: int) -> None:
    await session.execute(delete(OutboxEntry).where(OutboxEntry.id == entry_id))


async def retry_at(
    session: AsyncSession, entry_id: int, moment: datetime, error: str | None, count: bool = True
) -> None:
    """Free the row for another try at `moment` (`count`: it was a failed attempt)."""
    values: dict[str, Any] = {"claimed_until": None, "not_before": moment}
    if count:
        values["attempts"] = OutboxEntry.attempts + 1
        values["last_error"] = (error or "")[:200] or None
    await session.execute(update(OutboxEntry).where(OutboxEntry.id == entry_id).values(**values))


async def hold(session: AsyncSession, entry_id: int, now: datetime) -> None:
    await session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.id == entry_id)
        .values(held_at=now, claimed_until=None)
    )


async def release_held(session: AsyncSession, user_id: int, now: datetime) -> int:
    """The user is back: their parked rows go out again, in order."""
    result = await session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.user_id == user_id, OutboxEntry.held_at.is_not(None))
        .values(held_at=None, not_before=now)
    )
    return rowcount(result) or 0


async def next_due(session: AsyncSession) -> datetime | None:
    """When the earliest free row is due (None: nothing waits)."""
    return await session.scalar(
        select(func.min(OutboxEntry.not_before)).where(OutboxEntry.held_at.is_(None))
    )


async def count(session: AsyncSession, **match: Any) -> int:
    query = select(func.count()).select_from(OutboxEntry)
    for column, value in match.items():
        query = query.where(getattr(OutboxEntry, column) == value)
    return await session.scalar(query) or 0


async def release_leases(session: AsyncSession) -> None:
    """Free every lease (at start, where this process is the only sender)."""
    await session.execute(
        update(OutboxEntry).where(OutboxEntry.claimed_until.is_not(None)).values(claimed_until=None)
    )
