"""What the chasing tick looks for: requests due a reminder that has not been marked sent."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, String, cast, exists, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Request, SentMark
from storage.vocabulary import RequestStatus


def mark_key(step: str, request_id: int, day: date) -> str:
    """The once-only key of one chasing step for one request on one local day."""
    return f"{step}:{request_id}:{day.isoformat()}"


def _unmarked(step: str, day: date) -> ColumnElement[bool]:
    """No mark yet for `step` of the row's request on `day` (`mark_key` in SQL), so rows
    already done never crowd out the ones still to do."""
    key = literal(f"{step}:") + cast(Request.id, String) + literal(f":{day.isoformat()}")
    return ~exists().where(SentMark.key == key)


async def running_due(
    session: AsyncSession,
    step: str,
    running: Iterable[str],  # RequestStatus values
    today: date,
    *,
    due_on: date | None = None,
    due_before: date | None = None,
    limit: int = 100,
) -> Sequence[int]:
    """Ids of requests whose clock runs, due on `due_on` (or before `due_before`), without a
    mark for `step` today; the oldest due first."""
    query = select(Request.id).where(Request.status.in_(list(running)), _unmarked(step, today))
    if due_on is not None:
        query = query.where(Request.due_on == due_on)
    if due_before is not None:
        query = query.where(Request.due_on < due_before)
    query = query.order_by(Request.due_on, Request.id).limit(limit)
    return (await session.scalars(query)).all()


async def waiting_between(
    session: AsyncSession, step: str, since: datetime, until: datetime, today: date, limit: int
) -> Sequence[int]:
    """Ids of requests waiting for the user since a moment in [`since`, `until`), without a
    mark for `step` today."""
    query = (
        select(Request.id)
        .where(Request.status == RequestStatus.AWAITING_USER, _unmarked(step, today))
        .where(Request.paused_since >= since, Request.paused_since < until)
        .order_by(Request.paused_since, Request.id)
        .limit(limit)
    )
    return (await session.scalars(query)).all()
