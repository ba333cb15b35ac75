"""The daily digest's figures, counted by the database; each list comes with its full count."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from storage.models import Request
from storage.vocabulary import RequestStatus


@dataclass(frozen=True)
class Listed:
    """How many requests match, and the first `limit` of them."""

    total: int
    shown: Sequence[Request]


async def _listed(
    session: AsyncSession,
    where: Iterable[ColumnElement[bool]],
    order: Iterable[ColumnElement[Any] | QueryableAttribute[Any]],
    limit: int,
) -> Listed:
    where = list(where)
    total = await session.scalar(select(func.count()).select_from(Request).where(*where))
    query = select(Request).where(*where).order_by(*order).limit(limit)
    return Listed(int(total or 0), (await session.scalars(query)).all())


async def received(session: AsyncSession, start: datetime, end: datetime, limit: int) -> Listed:
    """Requests filed in [start, end), the oldest first."""
    where = [Request.created_at >= start, Request.created_at < end]
    return await _listed(session, where, [Request.created_at, Request.id], limit)


async def due_on(
    session: AsyncSession, day: date, running: Iterable[RequestStatus], limit: int
) -> Listed:
    """Requests whose clock is `running` and which are due on `day`."""
    where = [Request.status.in_(list(running)), Request.due_on == day]
    return await _listed(session, where, [Request.id], limit)


async def overdue(
    session: AsyncSession, today: date, running: Iterable[RequestStatus], limit: int
) -> Listed:
    """Requests whose clock is `running` and past their due date, the oldest due first."""
    where = [Request.status.in_(list(running)), Request.due_on < today]
    return await _listed(session, where, [Request.due_on, Request.id], limit)


async def waiting(session: AsyncSession, limit: int = 1) -> Listed:
    """Requests waiting for the user, the longest waiting first."""
    where = [Request.status == RequestStatus.AWAITING_USER]
    return await _listed(session, where, [Request.paused_since, Request.id], limit)


async def closed_on(session: AsyncSession, day: date) -> dict[str, int]:
    """{status: how many} of the requests closed on the local date `day`."""
    query = (
        select(Request.status, func.count())
        .where(Request.closed_on == day)
        .group_by(Request.status)
    )
    return {status: int(count) for status, count in await session.execute(query)}
