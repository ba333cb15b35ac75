"""Rights requests: reference numbers, records, history and attachments."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Request, RequestAttachment, RequestCounter, RequestEvent
from storage.upsert import insert_if_absent
from storage.vocabulary import OPEN_REQUEST_STATUSES, Actor, RequestKind, RequestStatus


async def next_number(session: AsyncSession, year: int) -> int:
    """The next reference number of `year`. The counter row is locked until the transaction
    ends, so concurrent filings (also on other replicas) get different numbers, and a number
    is never handed out twice."""
    await insert_if_absent(session, RequestCounter, "year", year=year, last=0)
    statement = (
        update(RequestCounter)
        .where(RequestCounter.year == year)
        .values(last=RequestCounter.last + 1)
        .returning(RequestCounter.last)
    )
    return (await session.execute(statement)).scalar_one()


async def add(session: AsyncSession, request: Request) -> Request:
    session.add(request)
    await session.flush()
    return request


def add_event(
    session: AsyncSession,
    request: Request,
    at: datetime,
    actor: Actor,
    action: str,
    from_status: RequestStatus | None,
    to_status: RequestStatus,
    agent_id: int | None = None,
    reason: str | None = None,
) -> RequestEvent:
    event = RequestEvent(
        request_id=request.id,
        at=at,
        actor=actor,
        agent_id=agent_id,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )
    session.add(event)
    return event


def add_attachments(
    session: AsyncSession,
    request: Request,
    files: Iterable[tuple[str, str, int | None]],
    now: datetime,
) -> list[RequestAttachment]:
    """(content type, file id, message id in the user's chat) of each file."""
    rows = [
        RequestAttachment(
            request_id=request.id,
            content_type=kind,
            file_id=file_id,
            message_id=message_id,
            added_at=now,
        )
        for kind, file_id, message_id in files
    ]
    session.add_all(rows)
    return rows


async def get(session: AsyncSession, request_id: int, lock: bool = False) -> Request | None:
    query = select(Request).where(Request.id == request_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(query)


async def get_by_reference(session: AsyncSession, reference: str) -> Request | None:
    return await session.scalar(select(Request).where(Request.reference == reference))


async def open_of_kind(session: AsyncSession, user_id: int, kind: RequestKind) -> Request | None:
    query = (
        select(Request)
        .where(Request.user_id == user_id, Request.kind == kind)
        .where(Request.status.in_(OPEN_REQUEST_STATUSES))
        .order_by(Request.id)
        .limit(1)
    )
    return await session.scalar(query)


async def open_for_user(session: AsyncSession, user_id: int) -> Sequence[Request]:
    query = (
        select(Request)
        .where(Request.user_id == user_id, Request.status.in_(OPEN_REQUEST_STATUSES))
        .order_by(Request.id)
    )
    return (await session.scalars(query)).all()


async def for_user(session: AsyncSession, user_id: int, limit: int = 20) -> Sequence[Request]:
    """The user's latest requests, newest first."""
    query = (
        select(Request).where(Request.user_id == user_id).order_by(Request.id.desc()).limit(limit)
    )
    return (await session.scalars(query)).all()


async def history(session: AsyncSession, request_id: int) -> Sequence[RequestEvent]:
    query = select(RequestEvent).where(RequestEvent.request_id == request_id)
    return (await session.scalars(query.order_by(RequestEvent.id))).all()


async def attachments(session: AsyncSession, request_id: int) -> Sequence[RequestAttachment]:
    query = select(RequestAttachment).where(RequestAttachment.request_id == request_id)
    return (await session.scalars(query.order_by(RequestAttachment.id))).all()


async def with_history(session: AsyncSession, user_id: int) -> Sequence[Request]:
    """All the user's requests with their events and attachments (a data report)."""
    query = (
        select(Request)
        .where(Request.user_id == user_id)
        .options(selectinload(Request.events), selectinload(Request.attachments))
        .order_by(Request.id)
    )
    return (await session.scalars(query)).all()


async def overdue(
    session: AsyncSession,
    today: date,
    running: Iterable[RequestStatus] = OPEN_REQUEST_STATUSES,
    limit: int = 50,
) -> Sequence[Request]:
    """Requests whose clock is `running` and past their due date, the oldest due first."""
    query = (
        select(Request)
        .where(Request.status.in_(list(running)), Request.due_on < today)
        .order_by(Request.due_on, Request.id)
        .limit(limit)
    )
    return (await session.scalars(query)).all()


def set_data(request: Request, **values: Any) -> None:
    """Merge kind-specific answers into `request.data` (a new dict, so the change is seen)."""
    request.data = {**(request.data or {}), **values}


async def attachments_by_id(session: AsyncSession, ids: list[int]) -> Sequence[RequestAttachment]:
    query = select(RequestAttachment).where(RequestAttachment.id.in_(ids))
    return (await session.scalars(query.order_by(RequestAttachment.id))).all()


async def waiting_since(session: AsyncSession, before: datetime, limit: int) -> Sequence[int]:
    """Ids of requests waiting for the user since before `before`, the longest waiting first."""
    query = (
        select(Request.id)
        .where(Request.status == RequestStatus.AWAITING_USER, Request.paused_since < before)
        .order_by(Request.paused_since)
        .limit(limit)
    )
    return (await session.scalars(query)).all()


async def added_to_before(
    session: AsyncSession, action: str, before: datetime, limit: int
) -> Sequence[int]:
    """Ids of requests waiting for the user to which the user added (`action` events since
    the wait began), the last addition before `before`."""
    query = (
        select(Request.id)
        .join(RequestEvent, RequestEvent.request_id == Request.id)
        .where(
            Request.status == RequestStatus.AWAITING_USER,
            RequestEvent.action == action,
            RequestEvent.at >= Request.paused_since,
        )
        .group_by(Request.id)
        .having(func.max(RequestEvent.at) < before)
        .order_by(Request.id)
        .limit(limit)
    )
    return (await session.scalars(query)).all()
