"""What the desk posts about a person outside their topic (a phone-conflict notice in General,
a /find answer, and the agent's /find query), and taking it back when they are erased.

Their topic is deleted with them; these messages are not in it. Each is recorded against the
people it names once Telegram has given it an id (when the send's result is recorded), and
an erasure (or retention removing a person) queues its deletion through the outbox. A bot may
delete a message only within 48 hours of its sending; an older message of the bot's own is
edited to name nobody instead, and an agent's older query stays (nothing can change it).
"""

import enum
from collections.abc import Iterable, Sequence
from datetime import datetime

from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import SendMessage
from sqlalchemy.ext.asyncio import AsyncSession

from care.outbound.channel import Result, SendContext
from care.outbound.outbox import ADMIN_LANE, CallPayload, Kind, Payload, record
from storage.models import OutboxEntry
from storage.people import mentions


class Mentioned(enum.StrEnum):
    PHONE_CONFLICT = "phone-conflict"  # the bot's notice: an attempt on a number another holds
    FIND_ANSWER = "find-answer"  # the bot's answer to /find
    FIND_QUERY = "find-query"  # the agent's /find itself: it may carry the full number


OWN = frozenset({Mentioned.PHONE_CONFLICT, Mentioned.FIND_ANSWER})  # the bot may edit these


class MentionPayload(CallPayload):
    """A message for the admin chat (a recorded call) naming `people` (user ids)."""

    kind = Kind.MENTION

    what: Mentioned
    people: list[int]


class RetractPayload(Payload):
    """Message `message_id` in `chat_id`, to be taken back; `own`: the bot's (it may edit it)."""

    kind = Kind.RETRACT

    chat_id: int
    message_id: int
    own: bool


async def post(
    session: AsyncSession,
    method: SendMessage,
    what: Mentioned,
    people: Iterable[int],
    now: datetime,
    lane: str = ADMIN_LANE,
) -> None:
    """Send `method` into the admin chat after the commit; the message it makes is recorded
    against `people` (user ids)."""
    mention = MentionPayload.of(method, what=what, people=sorted(set(people)))
    await record(session, mention, lane, None, now)


def note(
    session: AsyncSession,
    people: Iterable[int],
    chat_id: int,
    message_id: int,
    what: Mentioned,
    now: datetime,
) -> None:
    """A message already in the admin chat (an agent's) that names `people`."""
    mentions.add(session, people, chat_id, message_id, what, now)


async def retract(session: AsyncSession, user_ids: Sequence[int], now: datetime) -> None:
    """Queue the deletion of every message naming any of `user_ids` outside their topics."""
    for chat_id, message_id, what in await mentions.take(session, user_ids):
        await _queue_retraction(session, chat_id, message_id, Mentioned(what), now)


async def _queue_retraction(
    session: AsyncSession, chat_id: int, message_id: int, what: Mentioned, now: datetime
) -> None:
    # In the admin lane and tied to no user: the erasure that queues it drops nothing of it.
    retraction = RetractPayload(chat_id=chat_id, message_id=message_id, own=what in OWN)
    await record(session, retraction, ADMIN_LANE, None, now)


class PostMention:
    """Performer of `Kind.MENTION`: sends the message, then records whom it names. Someone it
    names erased meanwhile: it is not sent; erased while it was on its way: taken back."""

    payload = MentionPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: MentionPayload, now: datetime
    ) -> Result:
        people, what = payload.people, payload.what
        async with context.read() as session:
            if await mentions.any_erased(session, people):
                return None
        sent = await context.bot(payload.to_method())
        chat_id, message_id = sent.chat.id, sent.message_id

        async def remember(session: AsyncSession) -> None:
            if await mentions.any_erased(session, people):
                await _queue_retraction(session, chat_id, message_id, what, now)
            else:
                mentions.add(session, people, chat_id, message_id, what, now)

        return remember

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """Nothing to record: the admin chat never got it, so it names nobody."""


class Retract:
    """Performer of `Kind.RETRACT`: delete the message; one already gone is done; one of the
    bot's own that Telegram no longer lets it delete is edited to name nobody."""

    payload = RetractPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: RetractPayload, now: datetime
    ) -> Result:
        chat_id, message_id = payload.chat_id, payload.message_id
        try:
            await context.bot.delete_message(chat_id, message_id)
        except TelegramBadRequest as exc:
            reason = exc.message.lower()
            if "not found" in reason:
                return None
            if "can't be deleted" not in reason or not payload.own:
                raise
            text = context.desk.admin_t("admin-mention-erased")
            await context.bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id)
        return None

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """Nothing to record: the log says which message could not be taken back."""
