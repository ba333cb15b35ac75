"""What a press on a request card does, and what the agent's answer to a card's prompt does.

A press changes nothing unless it is on the request's own card, shows the status the request
is in now and is a button the card offers now; the presser is told why otherwise. The user's
row is locked first, so the press and the user's own updates run one after another."""

import enum
from dataclasses import dataclass
from datetime import datetime

from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk.delivery import relay_from_agent
from care.desk.inbound import Relayed
from care.desk.notices import tell_user
from care.outbound.outbox import chat_lane, record, topic_lane
from care.rights import cards, erasure
from care.rights.announcements import move_and_announce
from care.rights.cards import CardAction
from care.rights.reports import ReportPayload, ReportTo
from care.rights.requests import Action, IllegalTransition, locked_with_user
from storage.desk import care
from storage.models import Request, User
from storage.people import users
from storage.rights import requests
from storage.vocabulary import Actor, CareLogEvent, Direction

# Presses that wait for the agent's next message in the topic (the question, the answer,
# the reason, the legal ground); the others act at once.
PROMPTED = {
    CardAction.ASK: "card-prompt-ask",
    CardAction.RESOLVE: "card-prompt-resolve",
    CardAction.REFUSE: "card-prompt-refuse",
    CardAction.KEEP: "card-prompt-keep",
}


class Refused(enum.StrEnum):
    """Why a press (or a prompted answer) changed nothing: the msg id the presser reads."""

    FORGED = "card-press-forged"  # no such request, or not its card
    STALE = "card-press-stale"  # the request moved since the card was drawn
    NOT_OFFERED = "card-press-not-offered"  # the card does not offer it (any more)
    ILLEGAL = "card-press-illegal"  # the lifecycle refuses the move


@dataclass(frozen=True)
class Pressed:
    request: Request
    user: User


Agent = tuple[int, str]


async def check(
    session: AsyncSession,
    request_id: int,
    action: CardAction,
    status: str,
    message_id: int | None = None,
    prompted: bool = False,
) -> Pressed | Refused:
    """The request a press on message `message_id` may act on, locked with its user; or why
    it may not. `prompted`: an answer to a card's prompt (the card was checked at the press)."""
    if (request := await locked_with_user(session, request_id)) is None:
        return Refused.FORGED
    if (user := await users.get_by_id(session, request.user_id)) is None:
        return Refused.FORGED
    if not prompted and (message_id is None or message_id != request.card_message_id):
        return Refused.FORGED
    if request.status != status:
        return Refused.STALE
    if action not in cards.actions(request, user.processing_blocked_at is not None):
        return Refused.NOT_OFFERED
    return Pressed(request, user)


async def card_thread(session: AsyncSession, desk: Desk, pressed: Pressed) -> int | None:
    """The topic a request's card lives in: its user's (None in a chat without topics)."""
    if not desk.state.topics:
        return None
    conversation = await care.get_conversation(session, pressed.user.id)
    return conversation.thread_id if conversation is not None else None


def appeal_t(desk: Desk, request: Request):
    """Texts the user reads go in the language of the appeal."""
    return desk.catalog.translator(request.language)


async def act(
    session: AsyncSession,
    desk: Desk,
    pressed: Pressed,
    action: CardAction,
    agent: Agent,
    now: datetime,
    forget_state: erasure.ForgetState | None = None,
) -> str:
    """Do what an immediate press means; the msg id the presser is answered with.
    `forget_state` reaches dialog state kept outside the database (see care.rights.erasure)."""
    request, user = pressed.request, pressed.user
    t = appeal_t(desk, request)
    try:
        if action is CardAction.TAKE:
            await move_and_announce(session, desk, request, Action.TAKE, now, Actor.AGENT, agent)
        elif action is CardAction.REPORT:
            preview = ReportPayload(request=request.id, to=ReportTo.TOPIC)
            await record(session, preview, topic_lane(user.id), user.id, now)
            requests.set_data(request, report_ready=True)
            await cards.refresh(session, request, now)
        elif action is CardAction.SEND_REPORT:
            await send_report(session, desk, request, user, agent, now)
        elif action is CardAction.ERASE:
            reason = t("card-erase-outcome")
            await move_and_announce(
                session, desk, request, Action.RESOLVE, now, Actor.AGENT, agent, reason
            )
            await erasure.erase_user(session, desk, user, now, forget_state)
        elif action is CardAction.BLOCK:
            user.processing_blocked_at = now
            reason = t("card-blocked-outcome")
            await move_and_announce(
                session, desk, request, Action.RESOLVE, now, Actor.AGENT, agent, reason
            )
        elif action is CardAction.UNBLOCK:
            await unblock(session, desk, request, user, agent, now)
        else:
            return Refused.NOT_OFFERED
    except IllegalTransition:
        return Refused.ILLEGAL
    return f"card-done-{action}"


async def send_report(
    session: AsyncSession, desk: Desk, request: Request, user: User, agent: Agent, now: datetime
) -> None:
    """The previewed report to the user (protected), then the request is resolved."""
    report = ReportPayload(request=request.id, to=ReportTo.USER)
    await record(session, report, chat_lane(user.telegram_id), user.id, now)
    await care.add_log(
        session,
        user.id,
        Direction.BOT,
        "document",
        now,
        event=CareLogEvent.NOTICE,
        request_id=request.id,
    )
    reason = appeal_t(desk, request)("card-report-outcome")
    await move_and_announce(session, desk, request, Action.RESOLVE, now, Actor.AGENT, agent, reason)


async def unblock(
    session: AsyncSession, desk: Desk, request: Request, user: User, agent: Agent, now: datetime
) -> None:
    user.processing_blocked_at = None
    status = request.status
    requests.add_event(
        session, request, now, Actor.AGENT, "unblock", status, status, agent_id=agent[0]
    )
    await tell_user(
        session,
        desk,
        user,
        "card-unblocked-notice",
        now,
        locale=request.language,
        reference=request.reference,
    )
    await cards.refresh(session, request, now)


async def ask(
    session: AsyncSession, desk: Desk, pressed: Pressed, message: Message, agent: Agent, now
) -> Relayed:
    """The agent's message goes to the user as any answer does, and becomes the question."""
    conversation = await care.get_conversation(session, pressed.user.id)
    assert conversation is not None, "a card is posted in its user's conversation"
    relayed = await relay_from_agent(session, desk, conversation, message, now)
    await move_and_announce(session, desk, pressed.request, Action.ASK, now, Actor.AGENT, agent)
    return relayed


async def conclude(
    session: AsyncSession,
    desk: Desk,
    pressed: Pressed,
    action: CardAction,
    text: str,
    agent: Agent,
    now: datetime,
) -> str:
    """Resolve with the answer, refuse with the reason, or keep the data on a legal ground;
    the user reads `text` (its announcement adds where to complain to refusals)."""
    request, user = pressed.request, pressed.user
    try:
        if action is CardAction.REFUSE:
            await move_and_announce(
                session, desk, request, Action.REFUSE, now, Actor.AGENT, agent, text
            )
        elif action is CardAction.KEEP:
            user.marketing_opt_in_at = None
            reason = appeal_t(desk, request)("card-keep-outcome", ground=text)
            await move_and_announce(
                session, desk, request, Action.RESOLVE, now, Actor.AGENT, agent, reason
            )
        else:
            await move_and_announce(
                session, desk, request, Action.RESOLVE, now, Actor.AGENT, agent, text
            )
    except IllegalTransition:
        return Refused.ILLEGAL
    return f"card-done-{action}"
