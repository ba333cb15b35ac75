"""Conversations, message pairs and the care log."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    String,
    bindparam,
    cast,
    distinct,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models import CareLogEntry, Conversation, MessagePair, User
from storage.vocabulary import CareLogEvent, Direction


def _with_user():
    """The conversation's user without their consents: the desk needs names and ids; a user
    whose consents were loaded before (the update's own user) keeps them."""
    return joinedload(Conversation.user).raiseload(User.consents)


async def get_conversation(session: AsyncSession, user_id: int) -> Conversation | None:
    query = select(Conversation).where(Conversation.user_id == user_id)
    return await session.scalar(query.options(_with_user()))


async def conversation_by_thread(session: AsyncSession, thread_id: int) -> Conversation | None:
    query = select(Conversation).where(Conversation.thread_id == thread_id)
    return await session.scalar(query.options(_with_user()))


async def add_conversation(session: AsyncSession, user: User, now: datetime) -> Conversation:
    conversation = Conversation(user_id=user.id, user=user, opened_at=now)
    session.add(conversation)
    await session.flush()
    return conversation


async def add_pair(
    session: AsyncSession,
    user_id: int,
    direction: Direction,
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


def _missing_copy(direction: str) -> ColumnElement[bool]:
    column = (
        MessagePair.admin_message_id if direction == Direction.IN else MessagePair.user_message_id
    )
    return column.is_(None) & MessagePair.given_up_at.is_(None)


async def add_log(
    session: AsyncSession,
    user_id: int,
    direction: Direction,
    content_type: str,
    now: datetime,
    *,
    event: CareLogEvent = CareLogEvent.MESSAGE,
    text: str | None = None,
    file_ids: list[str] | None = None,
    agent_id: int | None = None,
    request_id: int | None = None,
) -> None:
    """One care-log line (a plain insert: it is written for every message, never read back)."""
    await session.execute(
        insert(CareLogEntry).values(
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
    )


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


async def set_thread(session: AsyncSession, conversation_id: int, thread_id: int | None) -> None:
    await session.execute(
        update(Conversation).where(Conversation.id == conversation_id).values(thread_id=thread_id)
    )


async def set_card_message(session: AsyncSession, conversation_id: int, message_id: int) -> None:
    """The user card's message in the topic, edited when the user's open requests change."""
    await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id)
        .values(card_message_id=message_id)
    )


async def pairs_to_copy(
    session: AsyncSession,
    user_id: int,
    direction: str,
    ids: list[int] | None = None,
    media_group_id: str | None = None,
) -> list[MessagePair]:
    """Pairs still without their copy: the given ones, or an album's parts; oldest first."""
    query = select(MessagePair).where(
        MessagePair.user_id == user_id,
        MessagePair.direction == direction,
        _missing_copy(direction),
    )
    if ids is not None:
        query = query.where(MessagePair.id.in_(ids))
    else:
        query = query.where(MessagePair.media_group_id == media_group_id)
    return list((await session.scalars(query.order_by(MessagePair.id))).all())


async def set_copies(
    session: AsyncSession,
    direction: Direction,
    pair_ids: list[int],
    copy_ids: list[int],
    now: datetime,
) -> None:
    """Record the copies made of these pairs (user's side for `out`, admin chat's for `in`)."""
    column = "admin_message_id" if direction == Direction.IN else "user_message_id"
    if len(copy_ids) != len(pair_ids):  # Telegram skipped a part it could not copy: which
        await give_up_pairs(session, pair_ids, now)  # copy is which is unknown
        return
    for pair_id, copy_id in zip(pair_ids, copy_ids, strict=True):
        await session.execute(
            update(MessagePair).where(MessagePair.id == pair_id).values({column: copy_id})
        )


async def give_up_pairs(session: AsyncSession, pair_ids: list[int], now: datetime) -> None:
    await session.execute(
        update(MessagePair).where(MessagePair.id.in_(pair_ids)).values(given_up_at=now)
    )


async def has_group(session: AsyncSession, user_id: int, media_group_id: str) -> bool:
    found = await session.scalar(
        select(MessagePair.id)
        .where(MessagePair.user_id == user_id, MessagePair.media_group_id == media_group_id)
        .limit(1)
    )
    return found is not None


def _messages_since() -> Select:
    """Built once (it runs for every user message): messages since `since`, an album counting
    once, plus edits."""
    user_id: BindParameter[int] = bindparam("user_id")
    since = bindparam("since", type_=MessagePair.created_at.type)
    one = func.coalesce(MessagePair.media_group_id, cast(MessagePair.id, String))
    messages = select(func.count(distinct(one))).where(
        MessagePair.user_id == user_id,
        MessagePair.direction == Direction.IN,
        MessagePair.user_message_id.is_not(None),
        MessagePair.created_at >= since,
    )
    edits = select(func.count()).where(
        CareLogEntry.user_id == user_id,
        CareLogEntry.at >= since,
        CareLogEntry.direction == Direction.IN,
        CareLogEntry.event == CareLogEvent.EDIT,
    )
    return select(messages.scalar_subquery() + edits.scalar_subquery())


_MESSAGES_SINCE = _messages_since()


async def count_messages_since(session: AsyncSession, user_id: int, since: datetime) -> int:
    """A user's messages taken for care since `since` (an album counts once) and their edits."""
    return await session.scalar(_MESSAGES_SINCE, {"user_id": user_id, "since": since}) or 0


async def album_groups_waiting(
    session: AsyncSession, before: datetime
) -> list[tuple[int, str, str]]:
    """(user_id, direction, media_group_id) of album parts not copied yet, kept before `before`."""
    rows = await session.execute(
        select(MessagePair.user_id, MessagePair.direction, MessagePair.media_group_id)
        .where(
            MessagePair.created_at < before,
            MessagePair.given_up_at.is_(None),
            # Implied by the direction test below; stated so ix_message_pairs_copy_missing,
            # which holds only such pairs, serves this tick instead of a walk of every pair.
            MessagePair.admin_message_id.is_(None) | MessagePair.user_message_id.is_(None),
            MessagePair.media_group_id.is_not(None),
            ((MessagePair.direction == Direction.IN) & MessagePair.admin_message_id.is_(None))
            | ((MessagePair.direction == Direction.OUT) & MessagePair.user_message_id.is_(None)),
        )
        .distinct()
    )
    return [(user_id, direction, group) for user_id, direction, group in rows if group is not None]
