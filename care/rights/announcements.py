"""What a request's step says: the user is told in the language of the appeal, and the card in
their topic shows the request as it now stands."""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import format_day
from care.desk.notices import say_logged
from care.rights import cards
from care.rights.requests import Action, Moved, move
from storage.models import Request
from storage.people import users
from storage.vocabulary import Actor, RequestKind, RequestStatus

CLOSED_BY = {
    RequestStatus.RESOLVED: "request-status-resolved",
    RequestStatus.REFUSED: "request-status-refused",
    RequestStatus.WITHDRAWN: "request-status-withdrawn",
    RequestStatus.EXPIRED: "request-status-expired",
}


async def move_and_announce(
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
    """`move`, then `announce`: what every step a person or the desk takes does."""
    moved = await move(session, desk, request, action, now, actor, agent, reason, answered_at)
    await announce(session, desk, moved, now)
    return moved


async def announce(session: AsyncSession, desk: Desk, moved: Moved, now: datetime) -> None:
    """Tell the user about the step and refresh the request's card."""
    await notify_user(session, desk, moved.request, moved.after, now, moved.reason)
    await cards.refresh(session, moved.request, now)


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
