"""Messages in the admin chat outside a person's topic that name them (care.people.mentions)."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Mention, User


def add(
    session: AsyncSession,
    people: Iterable[int],
    chat_id: int,
    message_id: int,
    what: str,
    now: datetime,
) -> None:
    session.add_all(
        Mention(user_id=person, chat_id=chat_id, message_id=message_id, what=what, posted_at=now)
        for person in people
    )


async def any_erased(session: AsyncSession, people: Iterable[int]) -> bool:
    """Whether any of `people` was erased (or removed) meanwhile."""
    people = set(people)
    kept = await session.scalar(
        select(func.count(User.id)).where(User.id.in_(people), User.erased_at.is_(None))
    )
    return kept != len(people)


async def for_user(session: AsyncSession, user_id: int) -> Sequence[Mention]:
    query = select(Mention).where(Mention.user_id == user_id).order_by(Mention.id)
    return (await session.scalars(query)).all()


async def take(session: AsyncSession, user_ids: Sequence[int]) -> list[tuple[int, int, str]]:
    """(chat id, message id, what) of each message naming any of `user_ids`; their rows go,
    also those of other people the same messages name (the messages are going)."""
    if not user_ids:
        return []
    query = (
        select(Mention.chat_id, Mention.message_id, Mention.what)
        .where(Mention.user_id.in_(user_ids))
        .distinct()
        .order_by(Mention.chat_id, Mention.message_id)
    )
    found = [(chat, message, what) for chat, message, what in await session.execute(query)]
    if found:
        messages = [(chat_id, message_id) for chat_id, message_id, _ in found]
        await session.execute(
            delete(Mention)
            .where(tuple_(Mention.chat_id, Mention.message_id).in_(messages))
            .execution_options(synchronize_session=False)
        )
    return found
