"""The statements behind a deletion (care.rights.erasure): each one bulk, none loads rows one
by one.

They run in the caller's transaction and never commit. ORM-enabled statements keep objects
the session already holds (the user, their consents, requests) in step with the rows.
"""

from datetime import datetime

from sqlalchemy import and_, delete, not_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    CareLogEntry,
    Consent,
    Conversation,
    Delivery,
    FsmRecord,
    MessagePair,
    OutboxEntry,
    PhoneConflict,
    Request,
    RequestAttachment,
    RequestEvent,
    User,
)
from storage.vocabulary import Actor


async def depersonalize_user(session: AsyncSession, user_id: int, now: datetime) -> None:
    """Names, username and phone go; the Telegram id becomes `-id`, which no Telegram user
    has (their ids are positive), so the account's next /start makes a new user and the
    phone's unique slot is free for a fresh verification."""
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            telegram_id=-User.id,
            first_name=None,
            last_name=None,
            username=None,
            phone=None,
            verified_at=None,
            marketing_opt_in_at=None,
            erased_at=now,
        )
        .execution_options(synchronize_session="fetch")
    )


async def close_consents(session: AsyncSession, user_id: int, now: datetime) -> None:
    """Consents stay as proof (policy version, times); the live one ends with the account."""
    await session.execute(
        update(Consent)
        .where(Consent.user_id == user_id, Consent.withdrawn_at.is_(None))
        .values(withdrawn_at=now)
        .execution_options(synchronize_session="fetch")
    )


async def clear_care_log(session: AsyncSession, user_id: int) -> None:
    """The log keeps who spoke when (counts and dates), never what was said or sent."""
    await session.execute(
        update(CareLogEntry)
        .where(CareLogEntry.user_id == user_id)
        .values(text=None, file_ids=[])
        .execution_options(synchronize_session=False)
    )


async def delete_pairs(session: AsyncSession, user_id: int) -> None:
    await session.execute(
        delete(MessagePair)
        .where(MessagePair.user_id == user_id)
        .execution_options(synchronize_session=False)
    )


def _requests_of(user_id: int):
    return select(Request.id).where(Request.user_id == user_id).scalar_subquery()


async def clear_requests(session: AsyncSession, user_id: int, keep_actor: Actor) -> None:
    """Each request stays as a record (kind, dates, status, clock, subject hash): what the
    user wrote, the kind-specific answers, outcomes and reasons go, and so do their files.
    Reasons recorded by `keep_actor` (the desk's own words, e.g. why it withdrew a request
    at erasure) hold nothing personal and stay."""
    await session.execute(
        update(Request)
        .where(Request.user_id == user_id)
        .values(details=None, data={}, outcome=None, card_message_id=None)
        .execution_options(synchronize_session="fetch")
    )
    await session.execute(
        update(RequestEvent)
        .where(RequestEvent.request_id.in_(_requests_of(user_id)))
        .where(RequestEvent.actor != keep_actor)
        .values(reason=None)
        .execution_options(synchronize_session="fetch")
    )
    await session.execute(
        delete(RequestAttachment)
        .where(RequestAttachment.request_id.in_(_requests_of(user_id)))
        .execution_options(synchronize_session="fetch")
    )


def fsm_keys_of(telegram_id: int):
    """The rows of bot.fsm.DatabaseStorage for the user's private chat: its keys are
    `fsm:<chat id>:<user id>:<destiny>` (aiogram's DefaultKeyBuilder, with destiny), and in a
    private chat both ids are the user's Telegram id."""
    return or_(
        FsmRecord.key.like(f"fsm:{telegram_id}:%"),
        FsmRecord.key.like(f"fsm:%:{telegram_id}:%"),
    )


async def delete_fsm(session: AsyncSession, telegram_id: int) -> None:
    await session.execute(
        delete(FsmRecord)
        .where(fsm_keys_of(telegram_id))
        .execution_options(synchronize_session=False)
    )


async def delete_phone_conflicts(session: AsyncSession, user_id: int, telegram_id: int) -> None:
    """Attempts the user made on numbers others hold, and others' attempts on theirs."""
    await session.execute(
        delete(PhoneConflict)
        .where(
            or_(PhoneConflict.telegram_id == telegram_id, PhoneConflict.owner_user_id == user_id)
        )
        .execution_options(synchronize_session=False)
    )


async def delete_outbox(
    session: AsyncSession, user_id: int, chat_lane: str, keep_since: datetime
) -> None:
    """Everything still to be sent about the user goes, except plain calls into their own
    chat recorded at `keep_since` (this transaction's last words to them). Those are
    detached from the user row: a 403 then drops them instead of parking them for a return
    that a new account would never release."""
    last_words = and_(
        OutboxEntry.lane == chat_lane,
        OutboxEntry.kind == "call",
        OutboxEntry.created_at == keep_since,
    )
    theirs = or_(OutboxEntry.user_id == user_id, OutboxEntry.lane == chat_lane)
    await session.execute(
        delete(OutboxEntry)
        .where(theirs, not_(last_words))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(OutboxEntry)
        .where(last_words)
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )


async def delete_conversation(session: AsyncSession, user_id: int) -> int | None:
    """Delete the user's conversation; the thread id of their topic (None: none was made)."""
    thread_id = await session.scalar(
        select(Conversation.thread_id).where(Conversation.user_id == user_id)
    )
    await session.execute(
        delete(Conversation)
        .where(Conversation.user_id == user_id)
        .execution_options(synchronize_session="fetch")
    )
    return thread_id


async def delete_deliveries(session: AsyncSession, user_id: int) -> None:
    """The user's part in broadcasts and notices (who got what, when) goes with them."""
    await session.execute(
        delete(Delivery)
        .where(Delivery.user_id == user_id)
        .execution_options(synchronize_session=False)
    )
