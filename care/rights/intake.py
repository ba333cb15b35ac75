"""Filing a request from a dialog, and adding to one: what each kind asks, the limits a dialog
keeps, and the records it leaves. The dialog itself (its steps and what it collected so far)
lives in the FSM; nothing half-filled reaches the request tables."""

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import format_moment
from care.rights.announcements import move_and_announce
from care.rights.filing import Filed, file_request
from care.rights.requests import Action, is_open
from storage.models import Request, RequestEvent, User
from storage.rights import requests
from storage.vocabulary import Actor, RequestKind, RequestStatus

MAX_FILES = 5  # documents or photos per request (each part of an album counts)
MAX_TEXT = 3000  # characters of free text


class Dialog(enum.StrEnum):
    """What a kind asks before it is filed."""

    CONFIRM = "confirm"  # what the user will get, then a confirmation
    CORRECTION = "correction"  # what is wrong, what it should be, documents
    TWICE = "twice"  # the consequences, confirmed twice
    SCOPE = "scope"  # which consent is withdrawn
    FREE_TEXT = "free_text"  # the user's words, then documents


ASKS: dict[RequestKind, Dialog] = {
    RequestKind.ACCESS: Dialog.CONFIRM,
    RequestKind.CORRECTION: Dialog.CORRECTION,
    RequestKind.DELETION: Dialog.TWICE,
    RequestKind.WITHDRAWAL: Dialog.SCOPE,
    RequestKind.BLOCKING: Dialog.FREE_TEXT,
    RequestKind.OBJECTION: Dialog.FREE_TEXT,
    RequestKind.COMPLAINT: Dialog.FREE_TEXT,
    RequestKind.QUESTION: Dialog.FREE_TEXT,
}


class Scope(enum.StrEnum):
    """Which consent a withdrawal takes back."""

    MARKETING = "marketing"  # takes effect at once, no agent needed
    ALL = "all"  # a request that leads to deletion unless a legal ground keeps the data


class TextVerdict(enum.Enum):
    OK = "ok"
    MISSING = "missing"  # not text at all (a sticker, a photo) or only blanks
    TOO_LONG = "too_long"


def check_text(text: str | None) -> TextVerdict:
    if text is None or not text.strip():
        return TextVerdict.MISSING
    if len(text) > MAX_TEXT:
        return TextVerdict.TOO_LONG
    return TextVerdict.OK


def room_for_files(files: Sequence[Any]) -> bool:
    return len(files) < MAX_FILES


async def open_request(session: AsyncSession, user: User, kind: RequestKind) -> Request | None:
    """The user's open request of this kind: a dialog is not started while there is one."""
    return await requests.open_of_kind(session, user.id, kind)


def compose(
    desk: Desk, user: User, kind: RequestKind, answers: Mapping[str, Any]
) -> tuple[str | None, dict[str, Any]]:
    """The request's details (what agents read) and data (what the dialog collected)."""
    if kind is RequestKind.CORRECTION:
        wrong, right = answers["wrong"], answers["right"]
        t = desk.user_t(user)
        return t("intake-correction-details", wrong=wrong, right=right), {
            "wrong": wrong,
            "right": right,
        }
    if kind is RequestKind.WITHDRAWAL:
        return None, {"scope": Scope.ALL.value}
    return answers.get("text"), {}


async def file_from_dialog(
    session: AsyncSession,
    desk: Desk,
    user: User,
    kind: RequestKind,
    answers: Mapping[str, Any],
    now: datetime,
) -> Filed:
    """File what a finished dialog collected (`file_request` tells the user and the agents).
    Withdrawing all consent takes marketing consent back at once, before any agent acts."""
    if kind is RequestKind.WITHDRAWAL:
        user.marketing_opt_in_at = None
    details, data = compose(desk, user, kind, answers)
    files = [
        (str(k), str(file_id), message_id) for k, file_id, message_id in answers.get("files", ())
    ]
    return await file_request(session, desk, user, kind, now, details, data, files)


async def withdraw_marketing(session: AsyncSession, desk: Desk, user: User, now: datetime) -> Filed:
    """Marketing consent ends at once, even while a withdrawal of all consent is open (that one
    is returned then, not filed); a new request is recorded and settled by the system, and its
    notice confirms it to the user."""
    user.marketing_opt_in_at = None
    filed = await file_request(
        session,
        desk,
        user,
        RequestKind.WITHDRAWAL,
        now,
        data={"scope": Scope.MARKETING.value},
        announce=False,
    )
    if not filed.created:
        return filed
    outcome = desk.catalog.translator(filed.request.language)("intake-marketing-outcome")
    await move_and_announce(
        session, desk, filed.request, Action.RESOLVE, now, Actor.SYSTEM, reason=outcome
    )
    return filed


async def own_request(
    session: AsyncSession, user: User, request_id: int, lock: bool = False
) -> Request | None:
    """The request, if it is this user's: another user's id is as good as none."""
    request = await requests.get(session, request_id, lock=lock)
    return request if request is not None and request.user_id == user.id else None


class Added(enum.Enum):
    ANSWERED = "answered"  # the first addition since the agents asked
    MORE = "more"
    CLOSED = "closed"  # nothing recorded: the request is no longer open


INFORM = "inform"  # the history's action for information the user added


async def add_information(
    session: AsyncSession,
    desk: Desk,
    user: User,
    request: Request,
    now: datetime,
    text: str | None = None,
    files: Iterable[tuple[str, str, int | None]] = (),
) -> Added:
    """Attach what the user sent to their request: text goes to its details, files to its
    attachments, the history notes when. The request goes back to the agents when the user
    says they are done (`finish_information`), not at their first message."""
    if not is_open(request.status):
        return Added.CLOSED
    added = Added.MORE
    if (
        request.status == RequestStatus.AWAITING_USER
        and await first_addition(session, request) is None
    ):
        added = Added.ANSWERED
    if text:
        stamp = format_moment(now, desk.tz)
        request.details = f"{request.details or ''}\n\n[{stamp}] {text}".strip()
    requests.add_attachments(session, request, files, now)
    status = request.status
    requests.add_event(session, request, now, Actor.USER, INFORM, status, status)
    return added


async def first_addition(session: AsyncSession, request: Request) -> datetime | None:
    """When the user first added information since the agents last asked, if they did."""
    if request.status != RequestStatus.AWAITING_USER or request.paused_since is None:
        return None
    since = request.paused_since  # aware, as every stored moment (storage.types)
    return next(
        (
            event.at
            for event in await requests.history(session, request.id)
            if event.action == INFORM and event.at >= since
        ),
        None,
    )


async def still_unanswered(session: AsyncSession, request: Request) -> bool:
    """Waiting for the user, who has added nothing since the agents asked."""
    return (
        request.status == RequestStatus.AWAITING_USER
        and await first_addition(session, request) is None
    )


async def finish_information(
    session: AsyncSession, desk: Desk, request: Request, now: datetime
) -> bool:
    """The user is done adding: a request that waited for them goes back to the agents, its
    wait counted up to their first addition. False when nothing was added (it still waits)."""
    answered_at = await first_addition(session, request)
    if answered_at is None:
        return False
    await move_and_announce(
        session, desk, request, Action.ANSWER, now, Actor.USER, answered_at=answered_at
    )
    return True


async def listed(session: AsyncSession, user: User) -> Sequence[Request]:
    return await requests.for_user(session, user.id)


async def history(session: AsyncSession, request: Request) -> Sequence[RequestEvent]:
    return await requests.history(session, request.id)
