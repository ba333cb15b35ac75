"""Conversations, message pairs and the care log."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CareLogEntry, Conversation, MessagePair, User


async def get_conversation(session: AsyncSession, user_id: int) -> Conversation | None:
    return await session.scalar(select(Conversation).where(Conversation.user_id == user_id))


async def conversation_by_thread(session: AsyncSession, thread_id: int) -> Conversation | None:
    return await session.scalar(select(Conversation).where(Conversation.thread_id == thread_id))


async def add_conversation(session: AsyncSession, user: User, now: datetime) -> Conversation:
    conversation = Conversation(user_id=user.id, user=user, opened_at=now)
    session.add(conversation)
    await session.flush()
    return conversation


async def add_pair(
    session: AsyncSession,
    user_id: int,
    direction: str,
    now: datetime,
    *,
    user_message_id: int | None = None,
    admin_message_id: int | None = None,
    media_group_id: str | None = None,
) -> MessagePair:
    pair = MessagePair(
        user_id=user_id,
        direction=direction,
        user_message_id=user_message_id,
        admin_message_id=admin_message_id,
        media_group_id=media_group_id,
        created_at=now,
    )
    session.add(pair)
    await session.flush()
    return pair


async def pair_by_user_message(
    session: AsyncSession, user_id: int, user_message_id: int
) -> MessagePair | None:
    return await session.scalar(
        select(MessagePair)
        .where(MessagePair.user_id == user_id, MessagePair.user_message_id == user_message_id)
        .order_by(MessagePair.id)
        .limit(1)
    )


async def pair_by_admin_message(session: AsyncSession, admin_message_id: int) -> MessagePair | None:
    return await session.scalar(
        select(MessagePair)
        .where(MessagePair.admin_message_id == admin_message_id)
        .order_by(MessagePair.id)
        .limit(1)
    )


async def latest_admin_message(session: AsyncSession, user_id: int) -> int | None:
    """The newest admin-chat message of a user's conversation (for chats without topics)."""
    return await session.scalar(
        select(func.max(MessagePair.admin_message_id)).where(MessagePair.user_id == user_id)
    )


def _missing_copy(direction: str):
    column = MessagePair.admin_message_id if direction == "in" else MessagePair.user_message_id
    return column.is_(None) & MessagePair.given_up_at.is_(None)


async def awaiting_copy(
    session: AsyncSession, user_id: int, direction: str, media_group_id: str | None = ...
) -> list[MessagePair]:
    """Pairs whose copy is not made yet, oldest first (an album's parts, or undelivered)."""
    query = select(MessagePair).where(
        MessagePair.user_id == user_id,
        MessagePair.direction == direction,
        _missing_copy(direction),
    )
    if media_group_id is not ...:
        query = query.where(MessagePair.media_group_id == media_group_id)
    # Claimed: another replica's transaction skips what this one is copying.
    query = query.order_by(MessagePair.id).with_for_update(skip_locked=True)
    return list((await session.scalars(query)).all())


async def pending_copies(
    session: AsyncSession, before: datetime
) -> list[tuple[int, str, str | None]]:
    """(user_id, direction, media_group_id) of copies not made yet, kept before `before`;
    answers only to reachable users."""
    rows = await session.execute(
        select(MessagePair.user_id, MessagePair.direction, MessagePair.media_group_id)
        .join(User, User.id == MessagePair.user_id)
        .where(
            MessagePair.created_at < before,
            MessagePair.given_up_at.is_(None),
            ((MessagePair.direction == "in") & MessagePair.admin_message_id.is_(None))
            | (
                (MessagePair.direction == "out")
                & MessagePair.user_message_id.is_(None)
                & User.blocked_bot_at.is_(None)
            ),
        )
        .distinct()
    )
    return [(r[0], r[1], r[2]) for r in rows.all()]


async def add_log(
    session: AsyncSession,
    user_id: int,
    direction: str,
    content_type: str,
    now: datetime,
    *,
    event: str = "message",
    text: str | None = None,
    file_ids: list[str] | None = None,
    agent_id: int | None = None,
    request_id: int | None = None,
) -> CareLogEntry:
    entry = CareLogEntry(
        at=now,
        user_id=user_id,
        direction=direction,
        event=event,
        content_type=content_type,
        text=text,
        file_ids=file_ids or [],
        agent_id=agent_id,
        request_id=request_id,
    )
    session.add(entry)
    await session.flush()
    return entry


async def recent_log(session: AsyncSession, user_id: int, limit: int) -> list[CareLogEntry]:
    """The last `limit` entries, oldest first."""
    rows = await session.scalars(
        select(CareLogEntry)
        .where(CareLogEntry.user_id == user_id)
        .order_by(CareLogEntry.id.desc())
        .limit(limit)
    )
    return list(reversed(rows.all()))


async def full_log(session: AsyncSession, user_id: int) -> list[CareLogEntry]:
    rows = await session.scalars(
        select(CareLogEntry).where(CareLogEntry.user_id == user_id).order_by(CareLogEntry.id)
    )
    return list(rows.all())


async def count_log_since(
    session: AsyncSession, user_id: int, since: datetime, **match: Any
) -> int:
    query = select(func.count()).where(CareLogEntry.user_id == user_id, CareLogEntry.at >= since)
    for column, value in match.items():
        query = query.where(getattr(CareLogEntry, column) == value)
    return await session.scalar(query) or 0
