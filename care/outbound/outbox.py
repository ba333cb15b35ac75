"""Recording what must be sent: the first half of the one way out to Telegram.

An update (or a tick) decides and records rows here in its own transaction; the sender
(`care.outbound.sender`) sends them after the commit and records each result in a short transaction.
"""

import enum
from datetime import datetime
from typing import Any

from aiogram import methods
from aiogram.client.default import Default
from aiogram.methods import TelegramMethod
from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession

from storage import outbox
from storage.desk import care
from storage.models import OutboxEntry
from storage.vocabulary import Direction


class Kind(enum.StrEnum):
    CALL = "call"  # one Bot API method, as recorded
    COPY_IN = "copy-in"  # a user's message (or album) into their topic
    DELIVER = "deliver"  # an agent's message (or album) to the user
    NOTICE = "notice"  # a line for agents in the user's topic
    EDIT = "edit"  # an edit carried to the copy of a message
    CARD = "card"  # a request card in the user's topic, posted or edited in place
    CARD_REST = "card-rest"  # what the user wrote beyond the card, in messages after it
    ATTACH = "attach"  # files a user attached to a request, into their topic
    REPORT = "report"  # an access request's data report, compiled when sent
    USER_CARD = "user-card"  # the user card at the top of the topic, edited in place
    DELIVERY = "delivery"  # one recipient's copy of a campaign (care.notices.broadcasts)
    PROGRESS = "progress"  # a campaign's progress message in the admin chat, edited in place
    MENTION = "mention"  # a message naming people outside their topics (care.people.mentions)
    RETRACT = "retract"  # such a message deleted (or emptied) once a person it names is erased


class Priority(enum.IntEnum):
    """Who waits for it: conversations first, reminders next, broadcasts fill the rest."""

    CONVERSATION = 0
    REMINDER = 1
    BROADCAST = 2


# Calls nobody waits for once they fail: a stale button answer, a reaction.
EPHEMERAL = {"AnswerCallbackQuery", "SetMessageReaction", "SendChatAction"}


def chat_lane(telegram_id: int) -> str:
    return f"chat:{telegram_id}"


def topic_lane(user_id: int) -> str:
    return f"topic:{user_id}"


ADMIN_LANE = "admin"  # the admin chat outside users' topics


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not isinstance(v, Default)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return to_jsonable_python(value)


def method_payload(method: TelegramMethod[Any]) -> dict[str, Any]:
    """A method as JSON: its class name and its set fields (bot defaults resolve at send)."""
    return {"method": type(method).__name__, "params": _plain(method.model_dump(exclude_none=True))}


def method_from(payload: dict[str, Any]) -> TelegramMethod[Any]:
    return getattr(methods, payload["method"]).model_validate(payload["params"])


async def call(
    session: AsyncSession,
    method: TelegramMethod[Any],
    now: datetime,
    *,
    lane: str,
    user_id: int | None = None,
    priority: Priority = Priority.CONVERSATION,
) -> None:
    """Send `method` after the commit, in order within `lane`."""
    return await outbox.add(
        session,
        lane=lane,
        kind=Kind.CALL,
        payload=method_payload(method),
        now=now,
        priority=priority,
        user_id=user_id,
    )


async def to_user(
    session: AsyncSession,
    user_id: int | None,
    chat_id: int,
    method: TelegramMethod[Any],
    now: datetime,
    priority: Priority = Priority.CONVERSATION,
) -> None:
    """A call into a user's private chat (answers, notices, menus)."""
    lane = chat_lane(chat_id)
    return await call(session, method, now, lane=lane, user_id=user_id, priority=priority)


async def sources(
    session: AsyncSession, entry: OutboxEntry, direction: Direction
) -> list[tuple[int, int]]:
    """(pair id, original message id) of what a copy row carries: named in the row itself, or,
    for an album, its parts still waiting (read when it is sent)."""
    group = entry.payload.get("group")
    if group is None:
        return list(zip(entry.payload["pairs"], entry.payload["messages"], strict=True))
    pairs = await care.pairs_to_copy(session, entry.user_id, direction, media_group_id=group)
    original = "user_message_id" if direction == Direction.IN else "admin_message_id"
    return [(pair.id, getattr(pair, original)) for pair in pairs]


async def record(
    session: AsyncSession,
    kind: Kind,
    lane: str,
    user_id: int,
    now: datetime,
    dedup_key: str | None = None,
    priority: Priority = Priority.CONVERSATION,
    **payload: Any,
) -> None:
    return await outbox.add(
        session,
        lane=lane,
        kind=kind,
        payload=payload,
        now=now,
        priority=priority,
        user_id=user_id,
        dedup_key=dedup_key,
    )
