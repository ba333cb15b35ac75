"""Edits carried to the other side: the copy comes to say what the original now says.

An edit is recorded in the same lane as the copy it changes, so it goes out after that copy
even when the copy is still waiting (a retry, a user who blocked the bot); the copy's id is
looked up when the edit is sent.
"""

from datetime import datetime
from typing import Any, Self

from aiogram.methods import EditMessageCaption, EditMessageText
from aiogram.types import Message, MessageEntity
from pydantic import model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk.carelog import log_message
from care.desk.delivery import CAPTION_LIMIT, TEXT_LIMIT, signature_of
from care.desk.flood import over_flood_limit
from care.outbound.channel import Result, SendContext
from care.outbound.outbox import Kind, Payload, chat_lane, record, topic_lane
from storage.desk import care
from storage.models import Conversation, MessagePair, OutboxEntry, User
from storage.vocabulary import CareLogEvent, Direction


class EditPayload(Payload):
    """The copy of message pair `pair`, in `chat`, comes to say `text` or `caption` (with
    `entities` either way)."""

    kind = Kind.EDIT

    pair: int
    chat: int
    text: str | None = None
    caption: str | None = None
    entities: list[MessageEntity] | None = None

    @model_validator(mode="after")
    def _text_or_caption(self) -> Self:
        if (self.text is None) == (self.caption is None):
            raise ValueError("an edit carries a text or a caption")
        return self


def edited_content(edited: Message, suffix: str = "") -> dict[str, Any] | None:
    """What the copy must now say (None: nothing an edit can carry)."""
    limit = TEXT_LIMIT if edited.text is not None else CAPTION_LIMIT
    if len((edited.text or edited.caption or "") + suffix) > limit:
        suffix = ""
    if edited.text is not None:
        return {"text": edited.text + suffix, "entities": edited.entities or None}
    if edited.caption is not None:
        return {"caption": edited.caption + suffix, "entities": edited.caption_entities or None}
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
    await record(
        session, EditPayload(pair=pair.id, chat=chat_id, **content), lane, pair.user_id, now
    )
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

    payload = EditPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: EditPayload, now: datetime
    ) -> Result:
        async with context.read() as session:
            pair = await session.get(MessagePair, payload.pair)
        copy = None
        if pair is not None:
            copy = pair.admin_message_id if pair.direction == Direction.IN else pair.user_message_id
        if copy is None:  # never copied (given up): nothing to edit
            return None
        method: EditMessageText | EditMessageCaption
        if payload.text is not None:
            method = EditMessageText(
                chat_id=payload.chat, message_id=copy, text=payload.text, entities=payload.entities
            )
        else:
            method = EditMessageCaption(
                chat_id=payload.chat,
                message_id=copy,
                caption=payload.caption,
                caption_entities=payload.entities,
            )
        await context.bot(method)
        return None

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """An edit Telegram refuses (the copy was deleted, say) is logged and dropped."""
