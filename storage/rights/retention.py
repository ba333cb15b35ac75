"""The statements behind retention (care.rights.retention): bulk, in the caller's transaction."""

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import Text, and_, cast, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    CareLogEntry,
    Consent,
    Conversation,
    FsmRecord,
    MessagePair,
    OutboxEntry,
    PhoneConflict,
    Request,
    User,
)
from storage.results import rowcount
from storage.rights.erasure import fsm_keys_of
from storage.vocabulary import OPEN_REQUEST_STATUSES


def _closed_before(cutoff: datetime):
    """Users whose conversation closed before `cutoff` and who have no open request."""
    open_request = exists().where(
        Request.user_id == Conversation.user_id, Request.status.in_(OPEN_REQUEST_STATUSES)
    )
    return select(Conversation.user_id).where(Conversation.closed_at < cutoff, ~open_request)


async def purge_care_log(session: AsyncSession, cutoff: datetime) -> int:
    """Clear texts and file ids of care-log lines written before `cutoff` in conversations
    closed before it; who spoke when stays. How many lines still held something."""
    holds = or_(CareLogEntry.text.is_not(None), cast(CareLogEntry.file_ids, Text) != "[]")
    result = await session.execute(
        update(CareLogEntry)
        .where(CareLogEntry.user_id.in_(_closed_before(cutoff)), CareLogEntry.at < cutoff, holds)
        .values(text=None, file_ids=[])
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


async def delete_old_pairs(session: AsyncSession, cutoff: datetime) -> int:
    """Message pairs only serve replies and edits; those of purged conversations go."""
    result = await session.execute(
        delete(MessagePair)
        .where(MessagePair.user_id.in_(_closed_before(cutoff)), MessagePair.created_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


def unfinished_inactive(cutoff: datetime):
    """Users who never verified (and were not erased, banned, or party to a request) with no
    trace of activity since `cutoff`: their creation, consents, attempts on a phone number,
    care-log lines and messages are all older."""
    consent = exists().where(
        Consent.user_id == User.id,
        or_(Consent.accepted_at >= cutoff, Consent.withdrawn_at >= cutoff),
    )
    attempt = exists().where(
        PhoneConflict.telegram_id == User.telegram_id, PhoneConflict.attempted_at >= cutoff
    )
    logged = exists().where(CareLogEntry.user_id == User.id, CareLogEntry.at >= cutoff)
    message = exists().where(MessagePair.user_id == User.id, MessagePair.created_at >= cutoff)
    request = exists().where(Request.user_id == User.id)
    return and_(
        User.verified_at.is_(None),
        User.erased_at.is_(None),
        User.banned_at.is_(None),
        User.created_at < cutoff,
        ~consent,
        ~attempt,
        ~logged,
        ~message,
        ~request,
    )


async def pick_unfinished(
    session: AsyncSession, cutoff: datetime, limit: int
) -> list[tuple[int, int]]:
    """(user id, Telegram id) of up to `limit` users `unfinished_inactive(cutoff)` selects,
    locked; rows a running update holds are skipped (that user is active)."""
    query = (
        select(User.id, User.telegram_id)
        .where(unfinished_inactive(cutoff))
        .order_by(User.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [(user_id, telegram_id) for user_id, telegram_id in await session.execute(query)]


async def remove_users(
    session: AsyncSession, found: Sequence[tuple[int, int]], lane_of: Callable[[int], str]
) -> int:
    """Delete the `found` users (`pick_unfinished`) with what is keyed by their Telegram id
    (FSM rows, their attempts on numbers, their chat's outbox `lane_of`); the foreign keys
    take their consents, conversation, log lines, mentions and outbox rows."""
    if not found:
        return 0
    ids = [user_id for user_id, _ in found]
    telegram_ids = [telegram_id for _, telegram_id in found]
    await session.execute(
        delete(FsmRecord)
        .where(or_(*(fsm_keys_of(telegram_id) for telegram_id in telegram_ids)))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(PhoneConflict)
        .where(PhoneConflict.telegram_id.in_(telegram_ids))
        .execution_options(synchronize_session=False)
    )
    lanes = [lane_of(telegram_id) for telegram_id in telegram_ids]
    await session.execute(
        delete(OutboxEntry)
        .where(or_(OutboxEntry.user_id.in_(ids), OutboxEntry.lane.in_(lanes)))
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(
        delete(User).where(User.id.in_(ids)).execution_options(synchronize_session=False)
    )
    return rowcount(result)
