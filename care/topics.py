"""The user's forum topic in the admin chat: its title, the user card, recreating it."""

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.clock import utcnow
from care.desk import Desk
from care.phones import mask_phone
from care.texts import format_moment
from storage import care
from storage.models import Conversation, User

log = logging.getLogger(__name__)
T = TypeVar("T")

THREAD_GONE = ("message thread not found", "topic_deleted", "topic_id_invalid")
NOT_A_FORUM = ("not a forum", "chat_not_forum", "forum topics are disabled")


def thread_gone(exc: TelegramBadRequest) -> bool:
    return any(marker in exc.message.lower() for marker in THREAD_GONE)


def not_a_forum(exc: TelegramBadRequest) -> bool:
    return any(marker in exc.message.lower() for marker in NOT_A_FORUM)


def user_label(user: User) -> str:
    """How agents see a user in one line, also the topic title (the phone masked)."""
    phone = mask_phone(user.phone) if user.phone else "—"
    return f"{user.first_name or 'User'} · {phone} · #{user.id}"[:128]


def user_card(desk: Desk, user: User) -> str:
    t = desk.admin_t
    empty = t("me-empty")
    name = " ".join(p for p in (user.first_name, user.last_name) if p) or empty
    return t(
        "admin-card",
        number=user.id,
        name=name,
        username=f"@{user.username}" if user.username else empty,
        language=desk.catalog.translator(user.language)("language-name"),
        phone=user.phone or empty,
        since=format_moment(user.created_at, desk.tz),
        verified=format_moment(user.verified_at, desk.tz) if user.verified_at else empty,
    )


async def open_topic(bot: Bot, desk: Desk, conversation: Conversation) -> int | None:
    """Create the user's topic and post their card; None when the chat has no topics."""
    user = conversation.user
    try:
        topic = await bot.create_forum_topic(desk.admin_chat_id, name=user_label(user))
    except TelegramBadRequest as exc:
        if not not_a_forum(exc):
            raise
        log.warning("admin chat has no topics; falling back to replies (user %s)", user.id)
        desk.topics = False
        return None
    conversation.thread_id = topic.message_thread_id
    try:
        await bot.send_message(
            desk.admin_chat_id, user_card(desk, user), message_thread_id=topic.message_thread_id
        )
    except TelegramAPIError as exc:  # the topic stands; its title names the user
        log.warning("card of user %s not posted: %s", user.id, exc.message)
    log.info("opened topic %s for user %s", topic.message_thread_id, user.id)
    return topic.message_thread_id


async def ensure_topic(bot: Bot, desk: Desk, conversation: Conversation) -> None:
    """Open the user's topic now if it is missing (best effort: the next send retries)."""
    if desk.topics and conversation.thread_id is None:
        try:
            await open_topic(bot, desk, conversation)
        except TelegramAPIError as exc:
            log.warning("topic for user %s not opened yet: %s", conversation.user_id, exc.message)


async def in_topic(
    bot: Bot,
    desk: Desk,
    conversation: Conversation,
    send: Callable[[int | None], Awaitable[T]],
) -> T:
    """Run `send(thread_id)`; a topic deleted by a human is recreated and `send` run again."""
    if desk.topics and conversation.thread_id is None:
        await open_topic(bot, desk, conversation)
    try:
        return await send(conversation.thread_id)
    except TelegramBadRequest as exc:
        if conversation.thread_id is None or not thread_gone(exc):
            raise
        log.info(
            "topic %s of user %s is gone; recreating", conversation.thread_id, conversation.user_id
        )
        conversation.thread_id = None
        await open_topic(bot, desk, conversation)
        return await send(conversation.thread_id)


async def post_to_topic(
    bot: Bot, session: AsyncSession, desk: Desk, conversation: Conversation, text: str
) -> Message | None:
    """A notice for agents in the user's topic (or, without topics, in the chat).

    Best effort: a notice Telegram refuses is logged (ids only) and the work goes on.
    """

    async def send(thread_id: int | None) -> Message:
        body = text if thread_id else f"{user_label(conversation.user)}\n{text}"
        return await bot.send_message(desk.admin_chat_id, body, message_thread_id=thread_id)

    try:
        posted = await in_topic(bot, desk, conversation, send)
    except TelegramAPIError as exc:
        log.warning("notice for user %s not posted: %s", conversation.user_id, exc.message)
        return None
    if conversation.thread_id is None:  # without topics, agents answer by replying to it
        await care.add_pair(
            session, conversation.user_id, "in", utcnow(), admin_message_id=posted.message_id
        )
    return posted
