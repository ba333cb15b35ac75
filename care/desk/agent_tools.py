"""What agents do in a user's topic besides answering: notes, history, close, ban, find."""

import re
from dataclasses import dataclass
from datetime import datetime

from aiogram.methods import CloseForumTopic
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import format_moment
from care.desk.carelog import log_message
from care.desk.notices import tell_user
from care.outbound.outbox import call, topic_lane
from care.people.phones import kz_mobile_e164
from storage.desk import care
from storage.models import CareLogEntry, Conversation, User
from storage.people import users
from storage.vocabulary import CareLogEvent, Direction

HISTORY_DEFAULT = 10
HISTORY_MAX = 50


async def add_note(
    session: AsyncSession, conversation: Conversation, message: Message, text: str, now: datetime
) -> None:
    """An internal note: logged, never sent to the user."""
    agent_id = message.from_user.id if message.from_user else None
    await log_message(
        session, conversation.user, Direction.NOTE, message, now, agent_id=agent_id, text=text
    )


def history_size(argument: str | None) -> int | None:
    """`/history`, `/history 25`; None for anything that is not a positive number."""
    if not argument:
        return HISTORY_DEFAULT
    if not argument.strip().isdecimal() or int(argument) < 1:
        return None
    return min(int(argument), HISTORY_MAX)


HISTORY_TEXT = 300  # characters of one line's text; a longer one ends in "…"


def render_history(desk: Desk, entries: list[CareLogEntry]) -> str:
    t = desk.admin_t
    lines = []
    for entry in entries:
        media = t("admin-history-media", type=entry.content_type)
        what = entry.text or media
        if entry.text and entry.content_type != "text":
            what = f"{media} {entry.text}"
        what = what if len(what) <= HISTORY_TEXT else what[: HISTORY_TEXT - 1].rstrip() + "…"
        at, who = format_moment(entry.at, desk.tz), t(f"admin-history-{entry.direction}")
        if entry.event == CareLogEvent.MESSAGE:
            lines.append(t("admin-history-line", at=at, who=who, text=what))
        else:  # what happened, in words: the stored code is for the bot, not for agents
            event = t(f"admin-history-event-{entry.event}")
            lines.append(t("admin-history-line-event", at=at, who=who, event=event, text=what))
    return "\n".join(lines)


async def history(
    session: AsyncSession, desk: Desk, conversation: Conversation, argument: str | None
) -> str:
    """What `/history [n]` answers: the recent care log, or how to ask for it."""
    size = history_size(argument)
    if size is None:
        return desk.admin_t("admin-history-usage")
    entries = await care.recent_log(session, conversation.user_id, size)
    return render_history(desk, entries) or desk.admin_t("admin-history-empty")


async def close_conversation(
    session: AsyncSession, desk: Desk, conversation: Conversation, now: datetime
) -> bool:
    """End the conversation; the user's next message reopens it. False if already closed."""
    if conversation.closed_at is not None:
        return False
    conversation.closed_at = now
    await tell_user(session, desk, conversation.user, "care-closed", now)
    if conversation.thread_id is not None:
        # Already closed or gone: the state in the database is what counts.
        close = CloseForumTopic(
            chat_id=desk.admin_chat_id, message_thread_id=conversation.thread_id
        )
        await call(session, close, now, lane=topic_lane(conversation.user_id))
    return True


async def ban(session: AsyncSession, desk: Desk, conversation: Conversation, now: datetime) -> bool:
    user = conversation.user
    if user.banned_at is not None:
        return False
    user.banned_at = now
    await tell_user(session, desk, user, "care-banned", now)
    return True


def unban(conversation: Conversation) -> bool:
    if conversation.user.banned_at is None:
        return False
    conversation.user.banned_at = None
    return True


@dataclass(frozen=True)
class Found:
    user: User
    link: str | None


async def find(session: AsyncSession, desk: Desk, query: str) -> Found | None:
    """A user by phone (+7 7xx…, 8 7xx…), @username or internal user number."""
    user = await _lookup(session, query.strip())
    if user is None or not user.verified:
        return None
    conversation = await care.get_conversation(session, user.id)
    if conversation is None:
        return Found(user, None)
    latest = None if conversation.thread_id else await care.latest_admin_message(session, user.id)
    return Found(user, desk.topic_link(conversation.thread_id, latest))


async def _lookup(session: AsyncSession, query: str) -> User | None:
    if query.startswith("@") and len(query) > 1:
        return await users.get_verified_by_username(session, query[1:])
    digits = re.sub(r"[\s()\-]", "", query)
    if digits.lstrip("#").isdecimal() and len(digits.lstrip("#")) <= 9:
        return await users.get_by_id(session, int(digits.lstrip("#")))
    if digits.startswith("8") and len(digits) == 11:
        digits = "+7" + digits[1:]
    phone = kz_mobile_e164(digits)
    return await users.get_by_phone(session, phone) if phone else None
