"""Policy versions and their texts."""

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import PolicyText, PolicyVersion


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
