"""Edits carried to the other side: the copy comes to say what the original now says."""

from datetime import datetime

from aiogram.methods import EditMessageCaption, EditMessageText, TelegramMethod
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.carelog import Direction, Event, log_message
from care.delivery import CAPTION_LIMIT, TEXT_LIMIT, signature_of
from care.desk import Desk
from care.flood import over_flood_limit
from care.outbox import call, chat_lane, topic_lane
from storage import care
from storage.models import Conversation, User


def edit_of(
    chat_id: int, message_id: int, edited: Message, suffix: str = ""
) -> TelegramMethod | None:
    """The call that makes a copy match `edited` (None: nothing an edit can carry)."""
    limit = TEXT_LIMIT if edited.text is not None else CAPTION_LIMIT
    if len((edited.text or edited.caption or "") + suffix) > limit:
        suffix = ""
    if edited.text is not None:
        return EditMessageText(
            chat_id=chat_id,
            message_id=message_id,
            text=edited.text + suffix,
            entities=edited.entities,
        )
    if edited.caption is not None:
        return EditMessageCaption(
            chat_id=chat_id,
            message_id=message_id,
            caption=edited.caption + suffix,
            caption_entities=edited.caption_entities,
        )
    return None


async def edit_from_user(
    session: AsyncSession, desk: Desk, user: User, message: Message, now: datetime
) -> bool:
    if user.banned_at is not None:
        return False
    if await over_flood_limit(session, desk, user, message, now):  # kept in the log only
        await log_message(session, user, Direction.IN, message, now, event=Event.THROTTLED)
        return False
    pair = await care.pair_by_user_message(session, user.id, message.message_id)
    if pair is None or not pair.admin_message_id:
        return False  # not copied yet: the copy, when made, carries the edit
    method = edit_of(desk.admin_chat_id, pair.admin_message_id, message)
    if method is None:
        return False
    await log_message(session, user, Direction.IN, message, now, event=Event.EDIT)
    await call(session, method, now, lane=topic_lane(user.id), user_id=user.id)
    return True


async def edit_from_agent(
    session: AsyncSession, desk: Desk, conversation: Conversation, message: Message, now: datetime
) -> bool:
    pair = await care.pair_by_admin_message(session, message.message_id)
    if pair is None or pair.direction != Direction.OUT or not pair.user_message_id:
        return False
    user = conversation.user
    method = edit_of(
        user.telegram_id, pair.user_message_id, message, signature_of(desk, user, message) or ""
    )
    if method is None:
        return False
    agent_id = message.from_user.id if message.from_user else None
    await log_message(
        session, user, Direction.OUT, message, now, event=Event.EDIT, agent_id=agent_id
    )
    await call(session, method, now, lane=chat_lane(user.telegram_id), user_id=user.id)
    return True
