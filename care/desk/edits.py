"""Edits carried to the other side: the copy comes to say what the original now says.

An edit is recorded in the same lane as the copy it changes, so it goes out after that copy
even when the copy is still waiting (a retry, a user who blocked the bot); the copy's id is
looked up when the edit is sent.
"""

from datetime import datetime
from typing import Any

from aiogram.methods import EditMessageCaption, EditMessageText
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk.carelog import log_message
from care.desk.delivery import CAPTION_LIMIT, TEXT_LIMIT, signature_of
from care.desk.flood import over_flood_limit
from care.outbound.channel import Result, SendContext
from care.outbound.outbox import Kind, chat_lane, record, topic_lane
from storage.desk import care
from storage.models import Conversation, MessagePair, OutboxEntry, User
from storage.vocabulary import CareLogEvent, Direction


def edited_content(edited: Message, suffix: str = "") -> dict[str, Any] | None:
    """What the copy must now say (None: nothing an edit can carry)."""
    limit = TEXT_LIMIT if edited.text is not None else CAPTION_LIMIT
    if len((edited.text or edited.caption or "") + suffix) > limit:
        suffix = ""

    def plain(entities) -> list[dict[str, Any]] | None:
        return [e.model_dump(mode="json", exclude_none=True) for e in entities or []] or None

    if edited.text is not None:
        return {"text": edited.text + suffix, "entities": plain(edited.entities)}
    if edited.caption is not None:
        return {"caption": edited.caption + suffix, "entities": plain(edited.caption_entities)}
    return None


async def record_edit(
    session: AsyncSession,
    pair: MessagePair | None,
    lane: str,
    chat_id: int,
    content: dict[str, Any] | None,
    now: datetime,
) -> bool:
    if pair is None or pair.given_up_at is not None or content is None:
        return False
    await record(session, Kind.EDIT, lane, pair.user_id, now, pair=pair.id, chat=chat_id, **content)
    return True


async def edit_from_user(
    session: AsyncSession, desk: Desk, user: User, message: Message, now: datetime
) -> bool:
    if user.banned_at is not None:
        return False
    if await over_flood_limit(session, desk, user, message, now):  # kept in the log only
        await log_message(session, user, Direction.IN, message, now, event=CareLogEvent.THROTTLED)
        return False
    pair = await care.pair_by_user_message(session, user.id, message.message_id)
    if pair is None or pair.direction != Direction.IN:
        return False
    lane, content = topic_lane(user.id), edited_content(message)
    if not await record_edit(session, pair, lane, desk.admin_chat_id, content, now):
        return False
    await log_message(session, user, Direction.IN, message, now, event=CareLogEvent.EDIT)
    return True


async def edit_from_agent(
    session: AsyncSession, desk: Desk, conversation: Conversation, message: Message, now: datetime
) -> bool:
    pair = await care.pair_by_admin_message(session, message.message_id)
    if pair is None or pair.direction != Direction.OUT:
        return False
    user = conversation.user
    content = edited_content(message, signature_of(desk, user, message) or "")
    lane = chat_lane(user.telegram_id)
    if not await record_edit(session, pair, lane, user.telegram_id, content, now):
        return False
    agent_id = message.from_user.id if message.from_user else None
    await log_message(
        session, user, Direction.OUT, message, now, event=CareLogEvent.EDIT, agent_id=agent_id
    )
    return True


class Edit:
    """Performer of `Kind.EDIT`: the copy is edited once it exists."""

    async def send(self, context: SendContext, entry: OutboxEntry) -> Result:
        payload = entry.payload
        async with context.read() as session:
            pair = await session.get(MessagePair, payload["pair"])
        copy = None
        if pair is not None:
            copy = pair.admin_message_id if pair.direction == Direction.IN else pair.user_message_id
        if copy is None:  # never copied (given up): nothing to edit
            return None
        if "text" in payload:
            method = EditMessageText(
                chat_id=payload["chat"],
                message_id=copy,
                text=payload["text"],
                entities=payload.get("entities"),
            )
        else:
            method = EditMessageCaption(
                chat_id=payload["chat"],
                message_id=copy,
                caption=payload["caption"],
                caption_entities=payload.get("entities"),
            )
        await context.bot(method)
        return None

    async def failed(self, context, session, entry, fault, exc) -> None:
        """An edit Telegram refuses (the copy was deleted, say) is logged and dropped."""
