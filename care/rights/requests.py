"""Rights requests under Law 94-V: the one rule of how they move (their kinds and statuses
are words of storage.vocabulary).

`new → in_progress ⇄ awaiting_user → resolved | refused | withdrawn`, and `expired` when the
user never answered. "Overdue" is derived from the due date, never stored.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.rights.request_clock import RequestClock
from storage.models import Request
from storage.people import users
from storage.rights import requests
from storage.vocabulary import OPEN_REQUEST_STATUSES, Actor, RequestStatus


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


@dataclass(frozen=True)
class Moved:
    """One step a request took: `care.rights.announcements.announce` tells the user and
    refreshes the card from it."""

    request: Request
    before: RequestStatus
    after: RequestStatus
    reason: str | None = None  # what the user reads: the answer, or why it was refused


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
) -> Moved:
    """Apply `action` (IllegalTransition changes nothing), keep the clock and record the step;
    nobody is told yet. A wait for the user ends at `answered_at` when given (when their
    answer came, before they said Done)."""
    before = RequestStatus(request.status)
    after = transition(before, action)
    clocks, clock = desk.clocks, RequestClock.of(request)
    if before is RequestStatus.AWAITING_USER:
        at = answered_at or now
        clock = clock.resume(at, clocks.calendar, desk.tz, clocks.pause_while_awaiting_user)
    if after is RequestStatus.AWAITING_USER:
        clock = clock.pause(now)
    # Taking assigns; so does any step an agent takes on a request nobody took (a refusal
    # straight from a new card was shown as handled by "nobody").
    if agent is not None and (action is Action.TAKE or request.assignee_id is None):
        request.assignee_id, request.assignee_name = agent[0], agent[1][:64]
    if not is_open(after):
        clock = clock.close(local_day(desk, now), clocks.calendar)
        request.closed_at = now
        if reason:
            request.outcome = reason
    clock.onto(request)
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
    return Moved(request, before, after, reason)


async def locked_with_user(session: AsyncSession, request_id: int) -> Request | None:
    """The request, locked after its user as the user's own updates lock them (one order, no
    deadlock); None when it is not there (gone meanwhile, its user erased, or a forged id)."""
    found = await requests.get(session, request_id)
    if found is None:
        return None
    await users.lock(session, found.user_id)
    return await requests.get(session, request_id, lock=True)
