"""Policy versions and their texts."""

from datetime import date, datetime

from sqlalchemy import Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Consent, PolicyText, PolicyVersion, User


async def any_policy(session: AsyncSession) -> bool:
    return await session.scalar(select(PolicyVersion.id).limit(1)) is not None


async def add_policy(
    session: AsyncSession,
    version: str,
    effective_date: date,
    texts: dict[str, tuple[str, str]],
    now: datetime,
) -> PolicyVersion:
    """Store a version with `texts` as {locale: (summary, body)}."""
    policy = PolicyVersion(
        version=version,
        effective_date=effective_date,
        published_at=now,
        texts=[PolicyText(locale=loc, summary=s, body=b) for loc, (s, b) in texts.items()],
    )
    session.add(policy)
    await session.flush()
    return policy


def _in_force_first(today: date, column):
    """Versions in force today, newest first."""
    return (
        select(column)
        .where(PolicyVersion.effective_date <= today)
        .order_by(PolicyVersion.effective_date.desc(), PolicyVersion.id.desc())
        .limit(1)
    )


def _earliest_announced(column):
    return select(column).order_by(PolicyVersion.effective_date, PolicyVersion.id).limit(1)


async def current_policy(session: AsyncSession, today: date) -> PolicyVersion | None:
    """The newest version in force today, else the earliest one announced."""
    texts = selectinload(PolicyVersion.texts)
    in_force = await session.scalar(_in_force_first(today, PolicyVersion).options(texts))
    if in_force is not None:
        return in_force
    return await session.scalar(_earliest_announced(PolicyVersion).options(texts))


async def current_policy_id(session: AsyncSession, today: date) -> int | None:
    """The id `current_policy` would return, without loading the texts."""
    in_force = await session.scalar(_in_force_first(today, PolicyVersion.id))
    if in_force is not None:
        return in_force
    return await session.scalar(_earliest_announced(PolicyVersion.id))


async def get_policy(session: AsyncSession, policy_id: int) -> PolicyVersion | None:
    """A version with its texts, or None."""
    query = select(PolicyVersion).where(PolicyVersion.id == policy_id)
    return await session.scalar(query.options(selectinload(PolicyVersion.texts)))


async def version_taken(session: AsyncSession, version: str) -> bool:
    query = select(PolicyVersion.id).where(func.lower(PolicyVersion.version) == version.lower())
    return await session.scalar(query.limit(1)) is not None


async def announced_after(session: AsyncSession, today: date, in_force_id: int | None) -> set[int]:
    """Versions published after the one in force and not in force yet: a notice of one of
    them may be accepted ahead of its effective date."""
    query = select(PolicyVersion.id).where(PolicyVersion.effective_date > today)
    if in_force_id is not None:
        query = query.where(PolicyVersion.id > in_force_id)
    return set(await session.scalars(query))


async def effective_on(session: AsyncSession, day: date) -> list[PolicyVersion]:
    """Versions that take effect on `day`, with their texts."""
    query = (
        select(PolicyVersion)
        .where(PolicyVersion.effective_date == day)
        .order_by(PolicyVersion.id)
        .options(selectinload(PolicyVersion.texts))
    )
    return list(await session.scalars(query))


async def newest(session: AsyncSession, limit: int) -> list[PolicyVersion]:
    query = select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(limit)
    return list(await session.scalars(query))


def _verified():
    return User.verified_at.is_not(None) & User.phone.is_not(None) & User.erased_at.is_(None)


def accepted(policy_id: int):
    """The user's live consent is to `policy_id` or to a version published after it."""
    return exists().where(
        Consent.user_id == User.id,
        Consent.withdrawn_at.is_(None),
        Consent.policy_version_id >= policy_id,
    )


def audience(policy_id: int) -> Select:
    """User ids a notice of the version is for: verified, reachable, not erased, processing
    not blocked, and not having accepted it (or a later one) yet."""
    return (
        select(User.id)
        .where(
            _verified(),
            User.blocked_bot_at.is_(None),
            User.processing_blocked_at.is_(None),
            ~accepted(policy_id),
        )
        .order_by(User.id)
    )


async def audience_ids(session: AsyncSession, policy_id: int) -> list[int]:
    return list(await session.scalars(audience(policy_id)))


async def users_by_ids(session: AsyncSession, ids: list[int]) -> list[User]:
    return list(await session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


async def accepted_count(session: AsyncSession, policy_id: int) -> int:
    """People who ever accepted the version."""
    query = select(func.count(func.distinct(Consent.user_id))).where(
        Consent.policy_version_id == policy_id
    )
    return await session.scalar(query) or 0


async def outstanding_count(session: AsyncSession, policy_id: int) -> int:
    """Verified people whose live consent is to an older version."""
    older = exists().where(
        Consent.user_id == User.id,
        Consent.withdrawn_at.is_(None),
        Consent.policy_version_id < policy_id,
    )
    query = select(func.count(User.id)).where(_verified(), older, ~accepted(policy_id))
    return await session.scalar(query) or 0
