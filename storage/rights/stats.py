"""Figures about requests for the operator, counted by the database (never row by row)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation, Request
from storage.vocabulary import CLOSED_REQUEST_STATUSES, OPEN_REQUEST_STATUSES, RequestStatus

# The desk gave its answer: timing counts these.
ANSWERED_STATUSES = (RequestStatus.RESOLVED, RequestStatus.REFUSED)


@dataclass(frozen=True)
class Window:
    """A period as local dates (inclusive) and the UTC moments that bound them."""

    first: date
    last: date
    start: datetime  # UTC start of `first`
    end: datetime  # UTC start of the day after `last`


@dataclass
class KindCounts:
    received: int = 0
    resolved: int = 0
    refused: int = 0
    withdrawn: int = 0
    expired: int = 0
    answered_on_time: int = 0  # closed_on <= due_on
    answered_late: int = 0  # closed_on > due_on
    open_overdue: int = 0  # open now and past due (not tied to the period)


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


async def counts(
    session: AsyncSession,
    window: Window,
    today: date,
    running: Iterable[RequestStatus] = OPEN_REQUEST_STATUSES,
) -> dict[str, KindCounts]:
    """Per kind: received and closed (by status) in the window, answers on time or late,
    and what is past due today among the requests whose clock is `running`."""
    received = Request.received_on.between(window.first, window.last)
    closed = and_(Request.closed_at >= window.start, Request.closed_at < window.end)
    answered = and_(closed, Request.status.in_(ANSWERED_STATUSES))
    open_overdue = and_(Request.status.in_(list(running)), Request.due_on < today)
    columns = {
        "received": _count(received),
        **{
            status.value: _count(and_(closed, Request.status == status))
            for status in CLOSED_REQUEST_STATUSES
        },
        "answered_on_time": _count(and_(answered, Request.closed_on <= Request.due_on)),
        "answered_late": _count(and_(answered, Request.closed_on > Request.due_on)),
        "open_overdue": _count(open_overdue),
    }
    query = (
        select(Request.kind, *(column.label(name) for name, column in columns.items()))
        .where(or_(received, closed, open_overdue))
        .group_by(Request.kind)
    )
    result = {}
    for row in (await session.execute(query)).mappings():
        result[row["kind"]] = KindCounts(**{name: int(row[name] or 0) for name in columns})
    return result


async def days_to_answer(session: AsyncSession, window: Window) -> dict[str, dict[int, int]]:
    """Per kind, a histogram of working days to close the requests answered in the window:
    {days: how many}."""
    query = (
        select(Request.kind, Request.closed_working_days, func.count())
        .where(Request.closed_at >= window.start, Request.closed_at < window.end)
        .where(Request.status.in_(ANSWERED_STATUSES), Request.closed_working_days.is_not(None))
        .group_by(Request.kind, Request.closed_working_days)
    )
    histograms: dict[str, dict[int, int]] = {}
    for kind, days, count in await session.execute(query):
        assert days is not None, "the query keeps only requests that have it"
        histograms.setdefault(kind, {})[int(days)] = int(count)
    return histograms


async def threads_of(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, int]:
    """The forum topic of each user that has one."""
    ids = set(user_ids)
    if not ids:
        return {}
    query = select(Conversation.user_id, Conversation.thread_id).where(
        Conversation.user_id.in_(ids), Conversation.thread_id.is_not(None)
    )
    rows = await session.execute(query)
    return {user_id: thread_id for user_id, thread_id in rows if thread_id is not None}


async def open_by_kind(
    session: AsyncSession, today: date, running: Iterable[RequestStatus] = OPEN_REQUEST_STATUSES
) -> dict[str, tuple[int, int]]:
    """Per kind: requests open now, and how many of them have their clock `running` and are
    past due `today` (the /metrics gauges)."""
    overdue = and_(Request.status.in_(list(running)), Request.due_on < today)
    query = (
        select(Request.kind, func.count(), _count(overdue))
        .where(Request.status.in_(OPEN_REQUEST_STATUSES))
        .group_by(Request.kind)
    )
    rows = await session.execute(query)
    return {kind: (int(total), int(late or 0)) for kind, total, late in rows}
