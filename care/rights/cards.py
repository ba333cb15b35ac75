"""The request card in the user's topic: what agents see of a request and the buttons that
move it. It is rendered when sent, from the request as it stands then, so a card is never
older than its last change; a later change edits the same message in place."""

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.texts import cut_at_break, format_day, split_for_telegram
from care.desk import user_card
from care.desk.topics import in_topic
from care.outbound.channel import Result, SendContext, edit_in_place
from care.outbound.outbox import Kind, Payload, record, topic_lane, user_of
from storage.desk import care
from storage.models import Conversation, OutboxEntry, Request
from storage.rights import requests
from storage.vocabulary import OPEN_REQUEST_STATUSES, RequestKind, RequestStatus, RowId

if TYPE_CHECKING:
    from care.common.desk import Desk


class CardAction(enum.StrEnum):
    TAKE = "take"
    ASK = "ask"  # the agent's next message in the topic is the question
    RESOLVE = "resolve"
    REFUSE = "refuse"  # the agent's next message is the reason the user will see
    REPORT = "report"  # access: compile the data report and preview it here
    SEND_REPORT = "send-report"  # access: the previewed report goes to the user
    ERASE = "erase"  # deletion, withdrawal of all consent: depersonalize the user
    KEEP = "keep"  # withdrawal of all consent: a legal ground to keep the data
    BLOCK = "block"  # blocking: suspend processing
    UNBLOCK = "unblock"


class CardPress(CallbackData, prefix="rq"):
    request: RowId
    action: CardAction
    status: str  # the status the card showed: a press on an older card is stale


class CardPayload(Payload):
    """Request `request`'s card, rendered as the request stands when it is sent."""

    kind = Kind.CARD

    request: int


class CardRestPayload(Payload):
    """Part `part` (from 1) of what the user wrote on request `request` beyond its card."""

    kind = Kind.CARD_REST

    request: int
    part: int


class AttachPayload(Payload):
    """The files a user attached to a request (attachment ids), into their topic."""

    kind = Kind.ATTACH

    ids: list[int]


# What the user wrote goes on the card whole up to the dialog's own limit (care.rights.intake); the
# rest of a longer text (a correction's two parts, information added later) follows the card
# in messages of its own. With the outcome's share, the card stays within Telegram's 4,096.
DETAILS_ON_CARD = 3000  # UTF-16 units
OUTCOME_ON_CARD = 400  # the agent's own answer is in the topic whole

# The user's own words say "waiting for your answer"; agents read whose answer it waits for.
STATE_ON_CARD = {RequestStatus.AWAITING_USER: "card-state-awaiting_user"}
RESOLVING = {  # what "done" means per kind (DESIGN.md §2), in place of a plain Resolve
    RequestKind.ACCESS: (CardAction.REPORT,),
    RequestKind.DELETION: (CardAction.ERASE,),
    RequestKind.WITHDRAWAL: (CardAction.ERASE, CardAction.KEEP),
    RequestKind.BLOCKING: (CardAction.BLOCK,),
}


def actions(request: Request, processing_blocked: bool = False) -> list[CardAction]:
    """The buttons a card shows for the request as it stands."""
    if request.status not in OPEN_REQUEST_STATUSES:
        if (
            request.kind == RequestKind.BLOCKING
            and request.status == RequestStatus.RESOLVED
            and processing_blocked
        ):
            return [CardAction.UNBLOCK]
        return []
    shown = [CardAction.TAKE] if request.status == RequestStatus.NEW else []
    if request.status == RequestStatus.IN_PROGRESS:
        shown.append(CardAction.ASK)
    if request.kind == RequestKind.ACCESS and request.data.get("report_ready"):
        shown.append(CardAction.SEND_REPORT)
    shown.extend(RESOLVING.get(request.kind, (CardAction.RESOLVE,)))
    shown.append(CardAction.REFUSE)
    return shown


def render(
    desk: "Desk", request: Request, now: datetime, processing_blocked: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    t = desk.admin_t
    head, rest = cut_at_break(request.details or "", DETAILS_ON_CARD)
    left = desk.clocks.calendar.working_days_left(now.astimezone(desk.tz).date(), request.due_on)
    if request.status not in OPEN_REQUEST_STATUSES:
        clock = t("card-clock-closed")
    elif request.paused_since is not None and desk.clocks.pause_while_awaiting_user:
        clock = t("card-clock-paused")
    elif left < 0:
        clock = t("card-clock-overdue", days=-left)
    else:
        clock = t("card-clock-left", days=left)
    text = t(
        "card-text",
        reference=request.reference,
        kind=t(f"request-kind-{request.kind}"),
        status=t(STATE_ON_CARD.get(request.status, f"request-state-{request.status}")),
        due=format_day(request.due_on, desk.admin_locale),
        clock=clock,
        assignee=request.assignee_name or t("card-unassigned"),
        language=desk.catalog.translator(request.language)("language-name"),
        details=head or t("me-empty"),
    )
    if request.outcome:
        outcome, more = cut_at_break(request.outcome, OUTCOME_ON_CARD)
        text += "\n" + t("card-outcome", outcome=outcome + (" …" if more else ""))
    if rest:  # more is below the card: the rest posted with it, or what the user added later
        text += "\n" + t("card-continued")  # last: what continues is what the user wrote
    rows = [
        [
            InlineKeyboardButton(
                text=t(f"card-button-{action}"),
                callback_data=CardPress(
                    request=request.id, action=action, status=request.status
                ).pack(),
            )
        ]
        for action in actions(request, processing_blocked)
    ]
    return text, InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def continuation(desk: "Desk", request: Request) -> list[str]:
    """What the user wrote beyond the card's share, as messages that follow it."""
    _, rest = cut_at_break(request.details or "", DETAILS_ON_CARD)
    parts = split_for_telegram(rest, 3900)
    return [
        desk.admin_t("card-continuation", reference=request.reference, part=n, parts=len(parts))
        + "\n"
        + part
        for n, part in enumerate(parts, start=1)
    ]


async def post(
    session: AsyncSession, request: Request, now: datetime, attachment_ids: Sequence[int] = ()
) -> None:
    """A new request's card, then the files the user attached, into the user's topic; the
    user card lists it among the open requests."""
    await refresh(session, request, now)
    await user_card.refresh(session, request.user_id, now)
    if attachment_ids:
        files = AttachPayload(ids=list(attachment_ids))
        await record(session, files, topic_lane(request.user_id), request.user_id, now)


async def refresh(session: AsyncSession, request: Request, now: datetime) -> None:
    """Show the request as it stands on its card (posted the first time, edited after); a
    closed request leaves the user card's open list."""
    card = CardPayload(request=request.id)
    await record(session, card, topic_lane(request.user_id), request.user_id, now)
    if request.status not in OPEN_REQUEST_STATUSES:
        await user_card.refresh(session, request.user_id, now)


async def read_request(
    context: SendContext, entry: OutboxEntry, request_id: int
) -> tuple[Request, Conversation] | None:
    """The request a card row names and its user's conversation, or None if either is gone."""
    async with context.read() as session:
        request = await requests.get(session, request_id)
        conversation = await care.get_conversation(session, user_of(entry))
    return None if request is None or conversation is None else (request, conversation)


class Card:
    """Performer of `Kind.CARD`."""

    payload = CardPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: CardPayload, now: datetime
    ) -> Result:
        if (found := await read_request(context, entry, payload.request)) is None:
            return None
        (request, conversation), bot, desk = found, context.bot, context.desk
        blocked = conversation.user.processing_blocked_at is not None
        text, markup = render(desk, request, now, blocked)
        if request.card_message_id is not None and await edit_in_place(
            bot, desk.admin_chat_id, request.card_message_id, text, markup
        ):
            return None  # else the card went with its topic: post it anew

        async def post_card(thread_id: int | None):
            return await bot.send_message(
                desk.admin_chat_id, text, message_thread_id=thread_id, reply_markup=markup
            )

        posted = await in_topic(context, conversation, post_card, now)

        async def remember(session: AsyncSession) -> None:
            stored = await requests.get(session, request.id)
            if stored is not None:
                stored.card_message_id = posted.message_id
            # A card posted anew: its rest follows it, a row per part (a retry resends one).
            lane = topic_lane(conversation.user_id)
            for part in range(1, len(continuation(desk, request)) + 1):
                rest = CardRestPayload(request=request.id, part=part)
                await record(session, rest, lane, conversation.user_id, now)

        return remember

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """A card Telegram refuses is logged (ids only); the request stands."""


class CardRest:
    """Performer of `Kind.CARD_REST`: one part of what the user wrote beyond the card."""

    payload = CardRestPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: CardRestPayload, now: datetime
    ) -> Result:
        if (found := await read_request(context, entry, payload.request)) is None:
            return None
        (request, conversation), bot, admin = found, context.bot, context.desk.admin_chat_id
        parts = continuation(context.desk, request)
        if not 1 <= payload.part <= len(parts):
            return None
        text = parts[payload.part - 1]

        async def send_part(thread_id: int | None):
            return await bot.send_message(admin, text, message_thread_id=thread_id)

        await in_topic(context, conversation, send_part, now)
        return None

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """Logged; the whole text stays on the request (/history, the data report)."""


class Attach:
    """Performer of `Kind.ATTACH`: the files a user attached to a request, into their topic."""

    payload = AttachPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: AttachPayload, now: datetime
    ) -> Result:
        async with context.read() as session:
            conversation = await care.get_conversation(session, user_of(entry))
            files = await requests.attachments_by_id(session, payload.ids)
        if conversation is None or not files:
            return None
        bot, admin = context.bot, context.desk.admin_chat_id
        for item in files:

            async def send_one(thread_id: int | None, item=item):
                if item.content_type == "photo":
                    return await bot.send_photo(admin, item.file_id, message_thread_id=thread_id)
                return await bot.send_document(admin, item.file_id, message_thread_id=thread_id)

            await in_topic(context, conversation, send_one, now)
        return None

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """Logged; the files stay with the request (the card and /history name them)."""
