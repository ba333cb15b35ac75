"""A user's line to care: opening, reopening and finding it."""

from datetime import datetime

from aiogram.methods import ReopenForumTopic
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.outbound.outbox import call, topic_lane
from storage.desk import care
from storage.models import Conversation, User
from storage.people import users


async def open_conversation(
    session: AsyncSession, desk: Desk, user: User, now: datetime
) -> tuple[Conversation, bool]:
    """The user's conversation, reopened if closed; True when it starts afresh."""
    conversation = await care.get_conversation(session, user.id)
    if conversation is None:
        return await care.add_conversation(session, user, now), True
    if conversation.closed_at is None:
        return conversation, False
    conversation.closed_at = None
    conversation.opened_at = now
    if conversation.thread_id is not None:  # before anything else goes into the topic
        reopen = ReopenForumTopic(
            chat_id=desk.admin_chat_id, message_thread_id=conversation.thread_id
        )
        await call(session, reopen, now, lane=topic_lane(user.id), user_id=user.id)
    return conversation, True


async def conversation_for(session: AsyncSession, message: Message) -> Conversation | None:
    """Whose conversation an admin-chat message belongs to: by topic, or by what it replies to.
    The user's row is locked: an agent's update and the user's own run one after another."""
    conversation = None
    if message.is_topic_message and message.message_thread_id:
        conversation = await care.conversation_by_thread(session, message.message_thread_id)
    elif message.reply_to_message is not None:
        pair = await care.pair_by_admin_message(session, message.reply_to_message.message_id)
        if pair is not None:
            conversation = await care.get_conversation(session, pair.user_id)
    if conversation is not None:
        await users.lock(session, conversation.user_id)
    return conversation
