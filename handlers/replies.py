"""The answers handlers give, recorded in the update's transaction and sent after its commit
(so a failed send never undoes what the user or agent did)."""

from datetime import datetime

from aiogram.methods import AnswerCallbackQuery, SendMessage, SetMessageReaction
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReactionTypeEmoji,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from sqlalchemy.ext.asyncio import AsyncSession

from care.outbound.outbox import ADMIN_LANE, call, to_user, topic_lane
from storage.models import User

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


async def say(
    session: AsyncSession,
    chat_id: int,
    text: str,
    now: datetime,
    user: User | None = None,
    reply_markup: Markup = None,
) -> None:
    """A message into a user's private chat."""
    method = SendMessage(chat_id=chat_id, text=text, reply_markup=reply_markup)
    await to_user(session, user.id if user else None, chat_id, method, now)


async def answer_query(
    session: AsyncSession,
    query: CallbackQuery,
    now: datetime,
    text: str | None = None,
    alert: bool = False,
) -> None:
    """Stop the button's spinner (best effort: a stale query is dropped, never retried)."""
    method = AnswerCallbackQuery(callback_query_id=query.id, text=text, show_alert=alert or None)
    # Its own lane: a spinner must not wait behind a message that is being retried.
    await call(session, method, now, lane=f"query:{query.from_user.id}")


def agents_lane(user_id: int | None) -> str:
    return topic_lane(user_id) if user_id is not None else ADMIN_LANE


def answer_to(message: Message, text: str) -> SendMessage:
    """An answer to an agent's message in the admin chat (in its topic, if any)."""
    return SendMessage(
        chat_id=message.chat.id,
        text=text,
        message_thread_id=message.message_thread_id if message.is_topic_message else None,
        reply_parameters=ReplyParameters(
            message_id=message.message_id, allow_sending_without_reply=True
        ),
    )


async def reply_to_agent(
    session: AsyncSession, message: Message, text: str, now: datetime, user_id: int | None = None
) -> None:
    """An answer to an agent's message in the admin chat (in its topic, if any)."""
    await call(session, answer_to(message, text), now, lane=agents_lane(user_id))


async def react(
    session: AsyncSession, message: Message, emoji: str, user_id: int, now: datetime
) -> None:
    method = SetMessageReaction(
        chat_id=message.chat.id,
        message_id=message.message_id,
        reaction=[ReactionTypeEmoji(emoji=emoji)],
    )
    await call(session, method, now, lane=agents_lane(user_id))
