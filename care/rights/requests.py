"""Rights requests under Law 94-V: the one rule of how they move (their kinds and statuses
are words of storage.vocabulary).

`new → in_progress ⇄ awaiting_user → resolved | refused | withdrawn`, and `expired` when the
user never answered. "Overdue" is derived from the due date, never stored.
"""

import enum
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import format_day
from care.desk.conversations import open_conversation
from care.desk.notices import say_logged, tell_user
from care.rights import cards
from storage.models import Request, User
from storage.people import users
from storage.rights import requests
from storage.vocabulary import OPEN_REQUEST_STATUSES, Actor, RequestKind, RequestStatus


class Action(enum.StrEnum):
    TAKE = "take"  # an agent takes it
    ASK = "ask"  # an agent asks the user for more
    ANSWER = "answer"  # the user added what was asked
    RESOLVE = "resolve"
    REFUSE = "refuse"  # always with a reason the user sees
    WITHDRAW = "withdraw"  # the user changed their mind
    EXPIRE = "expire"  # the user never answered


MOVES: dict[tuple[RequestStatus, Action], RequestStatus] = {
    (RequestStatus.NEW, Action.TAKE): RequestStatus.IN_PROGRESS,
    (RequestStatus.IN_PROGRESS, Action.ASK): RequestStatus.AWAITING_USER,
    (RequestStatus.AWAITING_USER, Action.ANSWER): RequestStatus.IN_PROGRESS,
    (RequestStatus.AWAITING_USER, Action.EXPIRE): RequestStatus.EXPIRED,
    **{(status, Action.RESOLVE): RequestStatus.RESOLVED for status in OPEN_REQUEST_STATUSES},
    **{(status, Action.REFUSE): RequestStatus.REFUSED for status in OPEN_REQUEST_STATUSES},
    **{(status, Action.WITHDRAW): RequestStatus.WITHDRAWN for status in OPEN_REQUEST_STATUSES},
}


class IllegalTransition(Exception):
    """The request cannot move that way from where it is; nothing changes."""

    def __init__(self, status: RequestStatus, action: Action) -> None:
        super().__init__(f"{action} is not possible for a request that is {status}")
        self.status = status
        self.action = action


def transition(status: RequestStatus, action: Action) -> RequestStatus:
    """Where `action` takes a request that is `status`; IllegalTransition when it cannot."""
    try:
        return MOVES[(status, action)]
    except KeyError:
        raise IllegalTransition(status, action) from None


def is_open(status: RequestStatus) -> bool:
    return status in OPEN_REQUEST_STATUSES


# --- The lifecycle, on the stored record -------------------------------------------------

CLOSED_BY = {
    RequestStatus.RESOLVED: "request-status-resolved",
    RequestStatus.REFUSED: "request-status-refused",
    RequestStatus.WITHDRAWN: "request-status-withdrawn",
    RequestStatus.EXPIRED: "request-status-expired",
}


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


def local_day(desk: Desk, moment: datetime) -> date:
    return moment.astimezone(desk.tz).date()


def working_days_left(desk: Desk, request: Request, now: datetime) -> int:
    """Working days from today to the due date; negative once overdue."""
    return desk.clocks.calendar.working_days_left(local_day(desk, now), request.due_on)


def running(desk: Desk) -> tuple[RequestStatus, ...]:
    """Statuses whose clock runs: a request waiting for the user stands still (by default),
    so it is never overdue meanwhile."""
    if desk.clocks.pause_while_awaiting_user:
        return (RequestStatus.NEW, RequestStatus.IN_PROGRESS)
    return tuple(OPEN_REQUEST_STATUSES)


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
    days = desk.clocks.days_for(kind)
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
            received_on=received,
            deadline_days=days,
            paused_days=0,
            due_on=desk.clocks.calendar.add_working_days(received, days),
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


async def move(
    session: AsyncSession,
    desk: Desk,
    request: Request,
    action: Action,
    now: datetime,
    actor: Actor,
    agent: tuple[int, str] | None = None,
    reason: str | None = None,
    answered_at: datetime | None = None,
) -> RequestStatus:
    """Apply `action` (IllegalTransition changes nothing), keep the clock, record the step,
    tell the user in the language of the appeal and refresh the card. A wait for the user
    ends at `answered_at` when given (when their answer came, before they said Done)."""
    before = RequestStatus(request.status)
    after = transition(before, action)
    clocks, today = desk.clocks, local_day(desk, now)
    if before is RequestStatus.AWAITING_USER and request.paused_since is not None:
        if clocks.pause_while_awaiting_user:
            since = local_day(desk, request.paused_since)
            until = local_day(desk, answered_at or now)
            request.paused_days += clocks.calendar.working_days_between(since, until)
            request.due_on = clocks.calendar.add_working_days(
                request.received_on, request.deadline_days + request.paused_days
            )
        request.paused_since = None
    if after is RequestStatus.AWAITING_USER:
        request.paused_since = now
    # Taking assigns; so does any step an agent takes on a request nobody took (a refusal
    # straight from a new card was shown as handled by "nobody").
    if agent is not None and (action is Action.TAKE or request.assignee_id is None):
        request.assignee_id, request.assignee_name = agent[0], agent[1][:64]
    if not is_open(after):
        request.closed_at, request.closed_on = now, today
        used = clocks.calendar.working_days_between(request.received_on, today)
        request.closed_working_days = max(used - request.paused_days, 0)
        if reason:
            request.outcome = reason
    request.status = after
    requests.add_event(
        session,
        request,
        now,
        actor,
        action,
        before,
        after,
        agent_id=agent[0] if agent else None,
        reason=reason,
    )
    await notify_user(session, desk, request, after, now, reason)
    await cards.refresh(session, request, now)
    return after


async def notify_user(
    session: AsyncSession,
    desk: Desk,
    request: Request,
    status: RequestStatus,
    now: datetime,
    reason: str | None,
) -> None:
    """Every status change, in the language of the appeal; refusals (and answered complaints)
    say why and where the user may complain further."""
    user = await users.get_by_id(session, request.user_id)
    if user is None or user.erased_at is not None:
        return
    t = desk.catalog.translator(request.language)
    args = describe(desk, request)
    if status is RequestStatus.IN_PROGRESS:
        text = t("request-status-in_progress", **args)
    elif status is RequestStatus.AWAITING_USER:
        text = t("request-status-awaiting_user", **args)
    else:
        text = t(CLOSED_BY[status], **args)
        if reason and status is RequestStatus.RESOLVED:
            text += "\n\n" + t("request-answer", answer=reason)
        elif reason:
            text += "\n\n" + t("request-reason", reason=reason)
        if status is RequestStatus.REFUSED or request.kind == RequestKind.COMPLAINT:
            complain = desk.statement.where_to_complain(request.language)
            text += "\n\n" + t("request-where-to-complain", where=complain)
    await say_logged(session, user, text, now)


def describe(desk: Desk, request: Request) -> dict[str, Any]:
    """The arguments every request message takes, in the language of the appeal."""
    t = desk.catalog.translator(request.language)
    return {
        "reference": request.reference,
        "kind": t(f"request-kind-{request.kind}"),
        "status": t(f"request-state-{request.status}"),
        "due": format_day(request.due_on, request.language),
    }
