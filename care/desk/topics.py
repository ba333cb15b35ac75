"""The user's forum topic in the admin chat: its title, the user card, recreating it, and
notices for agents posted into it."""

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from html import escape
from typing import TypeVar

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.standing import Right
from care.desk import admin_chat, user_card
from care.outbound.channel import Result, SendContext
from care.outbound.faults import Fault, classify, lacks_topic_rights
from care.outbound.outbox import Kind, Payload, Priority, record, topic_lane, user_of
from care.people.phones import mask_phone
from storage.desk import care
from storage.models import Conversation, OutboxEntry, User
from storage.rights import requests
from storage.vocabulary import Direction

log = logging.getLogger(__name__)
T = TypeVar("T")

NOT_A_FORUM = ("not a forum", "chat_not_forum", "forum topics are disabled")


class NoticePayload(Payload):
    """A line for agents in the user's topic (`html`: it is Telegram HTML)."""

    kind = Kind.NOTICE

    text: str
    html: bool = False


def not_a_forum(exc: TelegramBadRequest) -> bool:
    return any(marker in exc.message.lower() for marker in NOT_A_FORUM)


def user_label(user: User) -> str:
    """How agents see a user in one line, also the topic title (the phone masked)."""
    phone = mask_phone(user.phone) if user.phone else "—"
    return f"{user.first_name or 'User'} · {phone} · #{user.id}"[:128]


async def managing_topics(context: SendContext, request: Awaitable[T], now: datetime) -> T:
    """A call that needs the right to manage topics: refused for want of it, the agents are
    told in General (at most hourly) and it is raised for a retry; gone through, the right
    is known to be there."""
    try:
        result = await request
    except TelegramBadRequest as exc:
        if lacks_topic_rights(exc):
            async with context.write() as session:
                await admin_chat.right_missing(session, context.desk, Right.MANAGE_TOPICS, now)
        raise
    admin_chat.right_granted(context.desk, Right.MANAGE_TOPICS)
    return result


async def open_topic(context: SendContext, conversation: Conversation, now: datetime) -> int | None:
    """Create the user's topic, record it, post the card; None when the chat has no topics."""
    bot, desk, user = context.bot, context.desk, conversation.user
    try:
        topic = await managing_topics(
            context, bot.create_forum_topic(desk.admin_chat_id, name=user_label(user)), now
        )
    except TelegramBadRequest as exc:
        if not not_a_forum(exc):
            raise
        log.warning("admin chat has no topics; falling back to replies (user %s)", user.id)
        desk.state.topics = False
        return None
    conversation.thread_id = topic.message_thread_id
    async with context.write() as session:
        await care.set_thread(session, conversation.id, topic.message_thread_id)
        card = user_card.render(desk, user, await requests.open_for_user(session, user.id))
    try:
        posted = await bot.send_message(
            desk.admin_chat_id, card, message_thread_id=topic.message_thread_id
        )
    except TelegramAPIError as exc:  # the topic stands; the card follows when it can
        log.warning("card of user %s not posted yet: %s", user.id, exc.message)
        async with context.write() as session:
            await tell_agents(session, user.id, card, now)
    else:
        async with context.write() as session:
            await care.set_card_message(session, conversation.id, posted.message_id)
    log.info("opened topic %s for user %s", topic.message_thread_id, user.id)
    return topic.message_thread_id


async def in_topic(
    context: SendContext,
    conversation: Conversation,
    send: Callable[[int | None], Awaitable[T]],
    now: datetime,
) -> T:
    """Run `send(thread_id)` in the user's topic: opened when missing, recreated when a human
    deleted it, reopened when closed."""
    if context.desk.state.topics and conversation.thread_id is None:
        await open_topic(context, conversation, now)
    try:
        return await send(conversation.thread_id)
    except TelegramBadRequest as exc:
        fault = classify(exc, to_user=False)
        if conversation.thread_id is None or fault not in (Fault.THREAD_GONE, Fault.TOPIC_CLOSED):
            raise
        if fault is Fault.TOPIC_CLOSED:
            await managing_topics(
                context,
                context.bot.reopen_forum_topic(context.desk.admin_chat_id, conversation.thread_id),
                now,
            )
        else:
            log.info("topic %s of user %s is gone", conversation.thread_id, conversation.user_id)
            await open_topic(context, conversation, now)
        return await send(conversation.thread_id)


async def tell_agents(
    session: AsyncSession,
    user_id: int,
    text: str,
    now: datetime,
    priority: Priority = Priority.CONVERSATION,
    html: bool = False,
) -> None:
    """A notice for agents in the user's topic, sent after the commit (`html`: the text is
    Telegram HTML, e.g. to mention an agent)."""
    notice, lane = NoticePayload(text=text, html=html), topic_lane(user_id)
    return await record(session, notice, lane, user_id, now, priority=priority)


class Notice:
    """Performer of `Kind.NOTICE`; without topics the notice names the user, and agents may
    answer by replying to it."""

    payload = NoticePayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: NoticePayload, now: datetime
    ) -> Result:
        async with context.read() as session:
            conversation = await care.get_conversation(session, user_of(entry))
        if conversation is None:
            return None
        text, html = payload.text, payload.html
        label = user_label(conversation.user)

        async def post(thread_id: int | None):
            body = text if thread_id else f"{escape(label) if html else label}\n{text}"
            return await context.bot.send_message(
                context.desk.admin_chat_id,
                body,
                message_thread_id=thread_id,
                parse_mode="HTML" if html else None,
            )

        posted = await in_topic(context, conversation, post, now)
        if conversation.thread_id is not None:
            return None

        async def remember(session: AsyncSession) -> None:
            await care.add_pair(
                session, conversation.user_id, Direction.IN, now, admin_message_id=posted.message_id
            )

        return remember

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """A notice Telegram refuses is logged (ids only); the work goes on."""
