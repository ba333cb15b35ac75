"""Filing a rights request: who may, its reference number, its clock from the day it arrives,
and the notice and card that tell the user and the agents."""

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk.conversations import open_conversation
from care.desk.notices import tell_user
from care.rights import cards
from care.rights.announcements import describe
from care.rights.request_clock import RequestClock
from care.rights.requests import local_day
from storage.models import Request, User
from storage.rights import requests
from storage.vocabulary import Actor, RequestKind, RequestStatus


class NotVerified(Exception):
    """Only users who proved their number may file requests."""


@dataclass(frozen=True)
class Filed:
    request: Request
    created: bool  # False: one of this kind was already open, and this is it


def reference(year: int, number: int) -> str:
    return f"Q-{year}-{number:06d}"


def subject_hash(key: bytes, telegram_id: int) -> str:
    """A keyed hash of the Telegram id: links a deleted user's requests without identity."""
    return hmac.new(key, str(telegram_id).encode(), hashlib.sha256).hexdigest()


async def file_request(
    session: AsyncSession,
    desk: Desk,
    user: User,
    kind: RequestKind,
    now: datetime,
    details: str | None = None,
    data: dict[str, Any] | None = None,
    files: Iterable[tuple[str, str, int | None]] = (),
    announce: bool = True,
) -> Filed:
    """Record a request with its clock, tell the user (unless `announce` is False: a request
    that is settled at once says so itself) and post its card; an open request of the same
    kind is returned instead of a second one."""
    if not user.verified:
        raise NotVerified
    existing = await requests.open_of_kind(session, user.id, kind)
    if existing is not None:
        return Filed(existing, created=False)
    received = local_day(desk, now)
    clock = RequestClock.start(received, desk.clocks.days_for(kind), desk.clocks.calendar)
    request = await requests.add(
        session,
        Request(
            reference=reference(received.year, await requests.next_number(session, received.year)),
            user_id=user.id,
            subject_hash=subject_hash(desk.subject_key, user.telegram_id),
            kind=kind,
            status=RequestStatus.NEW,
            language=user.language,
            created_at=now,
            received_on=clock.received_on,
            deadline_days=clock.deadline_days,
            paused_days=clock.paused_days,
            due_on=clock.due_on,
            details=details,
            data=data or {},
        ),
    )
    requests.add_event(session, request, now, Actor.USER, "file", None, RequestStatus.NEW)
    attached = requests.add_attachments(session, request, files, now)
    await session.flush()
    if announce:
        await tell_user(
            session,
            desk,
            user,
            "request-filed",
            now,
            locale=request.language,
            **describe(desk, request),
        )
    await open_conversation(session, desk, user, now)  # the card goes into the user's topic
    await cards.post(session, request, now, [row.id for row in attached])
    return Filed(request, created=True)
