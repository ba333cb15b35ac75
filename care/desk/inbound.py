"""User → care: a verified user's message is logged, paired and copied into their topic."""

import enum
import logging
from datetime import datetime

from aiogram.types import Message, MessageId, ReplyParameters
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk.carelog import content_type, log_message
from care.desk.conversations import open_conversation
from care.desk.copies import CopyPayload, sources
from care.desk.flood import throttled
from care.desk.notices import tell_user
from care.desk.reachability import came_back
from care.desk.topics import in_topic, tell_agents, user_label
from care.outbound.channel import Result, SendContext
from care.outbound.faults import Fault
from care.outbound.outbox import Kind, record, topic_lane, user_of
from storage.desk import care
from storage.models import OutboxEntry, User
from storage.vocabulary import CareLogEvent, Direction

log = logging.getLogger(__name__)

# What may be relayed either way; anything else is a service message.
RELAYABLE = {
    "text",
    "photo",
    "document",
    "voice",
    "video",
    "sticker",
    "audio",
    "animation",
    "video_note",
    "location",
    "venue",
    "contact",
    "dice",
    "poll",
}


class CopyInPayload(CopyPayload):
    """A user's message (or album) into their topic; `what` it was, for the log if Telegram
    refuses to copy it."""

    kind = Kind.COPY_IN

    what: str | None = None


class Relayed(enum.Enum):
    SENDING = "sending"  # recorded; the sender copies it after the commit
    QUEUED = "queued"  # an album part: copied with the rest of its group
    THROTTLED = "throttled"
    IGNORED = "ignored"  # a banned user


def reply_to(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


async def relay_from_user(
    session: AsyncSession, desk: Desk, user: User, message: Message, now: datetime
) -> Relayed:
    if user.banned_at is not None:
        return Relayed.IGNORED
    if not user.reachable:  # writing to us proves the bot is not blocked (any more)
        await came_back(session, user, now)
    if await throttled(session, desk, user, message, now):
        return Relayed.THROTTLED
    _, fresh = await open_conversation(session, desk, user, now)
    await log_message(session, user, Direction.IN, message, now)
    pair = await care.add_pair(
        session,
        user.id,
        Direction.IN,
        now,
        user_message_id=message.message_id,
        media_group_id=message.media_group_id,
    )
    if message.media_group_id:
        relayed = Relayed.QUEUED
    else:
        replied = message.reply_to_message.message_id if message.reply_to_message else None
        copy = CopyInPayload(
            pairs=[pair.id],
            messages=[message.message_id],
            reply=replied,
            what=content_type(message),
        )
        await record(session, copy, topic_lane(user.id), user.id, now)
        relayed = Relayed.SENDING
    if fresh:
        await tell_user(session, desk, user, "care-received", now)
    return relayed


class CopyIn:
    """Performer of `Kind.COPY_IN`: a message or an album into the user's topic."""

    payload = CopyInPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: CopyInPayload, now: datetime
    ) -> Result:
        bot, desk = context.bot, context.desk
        async with context.read() as session:
            user_id = user_of(entry)
            conversation = await care.get_conversation(session, user_id)
            pairs = await sources(session, user_id, payload, Direction.IN)
            target = None
            if payload.reply:
                original = await care.pair_by_user_message(session, user_id, payload.reply)
                target = original.admin_message_id if original else None
        if conversation is None or not pairs:
            return None
        user, headers = conversation.user, []

        async def send(thread_id: int | None) -> list[MessageId]:
            reply = target
            if thread_id is None and reply is None:  # no topics: a header names the user
                header = await bot.send_message(
                    desk.admin_chat_id, desk.admin_t("admin-header", user=user_label(user))
                )
                headers.append(header.message_id)
                reply = header.message_id
            if payload.group:
                return await bot.copy_messages(
                    desk.admin_chat_id,
                    user.telegram_id,
                    [message_id for _, message_id in pairs],
                    message_thread_id=thread_id,
                )
            copy = await bot.copy_message(
                desk.admin_chat_id,
                user.telegram_id,
                pairs[0][1],
                message_thread_id=thread_id,
                reply_parameters=reply_to(reply),
            )
            return [copy]

        copies = await in_topic(context, conversation, send, now)

        async def remember(session: AsyncSession) -> None:
            pair_ids, copy_ids = [pair for pair, _ in pairs], [c.message_id for c in copies]
            await care.set_copies(session, Direction.IN, pair_ids, copy_ids, now)
            for header in headers:
                await care.add_pair(session, user.id, Direction.IN, now, admin_message_id=header)

        return remember

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """Telegram will never copy it: log it and tell the agents what it was."""
        if fault is not Fault.REFUSED:
            return
        pairs = await sources(session, entry.user_id, payload, Direction.IN)
        await care.give_up_pairs(session, [pair for pair, _ in pairs], now)
        kind = payload.what or "album"
        await care.add_log(
            session, entry.user_id, Direction.IN, kind, now, event=CareLogEvent.UNCOPYABLE
        )
        note = context.desk.admin_t("admin-uncopyable", kind=kind, reason=exc.message)
        await tell_agents(session, entry.user_id, note, now)
