"""User, consent and phone-conflict repository functions."""

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from storage.models import Consent, PhoneConflict, User


async def get_by_telegram_id(
    session: AsyncSession, telegram_id: int, lock: bool = False
) -> User | None:
    """`lock`: hold the row until the transaction ends, so the same user's updates (from
    their chat or about them from the admin chat, on any replica) run one after another."""
    query = select(User).where(User.telegram_id == telegram_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(query)


async def lock(session: AsyncSession, user_id: int) -> None:
    """Wait for, then hold, the user's row (see `get_by_telegram_id`); reloads what it read."""
    query = select(User).where(User.id == user_id).with_for_update()
    await session.execute(query.execution_options(populate_existing=True))


async def get_by_phone(session: AsyncSession, phone: str) -> User | None:
    return await session.scalar(select(User).where(User.phone == phone))


async def add_user(session: AsyncSession, telegram_id: int, language: str, now: datetime) -> User:
    user = User(telegram_id=telegram_id, language=language, created_at=now, consents=[])
    session.add(user)
    await session.flush()
    return user


def add_consent(user: User, policy_version_id: int, now: datetime) -> Consent:
    consent = Consent(policy_version_id=policy_version_id, accepted_at=now)
    user.consents.append(consent)
    return consent


async def add_phone_conflict(
    session: AsyncSession, telegram_id: int, phone: str, owner: User, now: datetime
) -> PhoneConflict:
    conflict = PhoneConflict(
        telegram_id=telegram_id, phone=phone, owner_user_id=owner.id, attempted_at=now
    )
    session.add(conflict)
    await session.flush()
    return conflict


async def count_phone_conflicts(session: AsyncSession, telegram_id: int) -> int:
    return (
        await session.scalar(select(func.count()).where(PhoneConflict.telegram_id == telegram_id))
        or 0
    )


async def forget_phone_conflicts(session: AsyncSession, telegram_id: int) -> None:
    await session.execute(delete(PhoneConflict).where(PhoneConflict.telegram_id == telegram_id))


async def get_by_id(session: AsyncSession, user_id: int, consents: bool = True) -> User | None:
    options = [] if consents else [raiseload(User.consents)]
    return await session.get(User, user_id, options=options)


async def get_verified_by_username(session: AsyncSession, username: str) -> User | None:
    """The verified user who holds `username` now (usernames move; the latest holder wins)."""
    return await session.scalar(
        select(User)
        .where(func.lower(User.username) == username.lower(), User.verified_at.is_not(None))
        .order_by(User.verified_at.desc(), User.id.desc())
        .limit(1)
    )
