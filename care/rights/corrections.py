"""Corrections an agent applies to data the desk itself holds (name, language), recorded in
the care log as a note and in the history of the user's open correction request."""

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import LOCALES
from care.desk import user_card
from storage.desk import care
from storage.models import Conversation
from storage.rights import requests
from storage.vocabulary import Actor, Direction, RequestKind

NAME_LIMIT = 64


class Corrected(enum.StrEnum):
    """The msg id the agent is answered with."""

    NAME = "correction-name-done"
    LANGUAGE = "correction-language-done"
    NAME_USAGE = "correction-name-usage"
    LANGUAGE_USAGE = "correction-language-usage"


@dataclass(frozen=True)
class Correction:
    outcome: Corrected
    value: str = ""


def parse_name(argument: str | None) -> tuple[str, str | None] | None:
    """`/setname <first> [last]`: the first word is the first name, the rest the last."""
    words = (argument or "").split()
    if not words:
        return None
    first, last = words[0], " ".join(words[1:]) or None
    if len(first) > NAME_LIMIT or (last and len(last) > NAME_LIMIT):
        return None
    return first, last


async def set_name(
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    argument: str | None,
    agent_id: int,
    now: datetime,
) -> Correction:
    parsed = parse_name(argument)
    if parsed is None:
        return Correction(Corrected.NAME_USAGE)
    user = conversation.user
    user.first_name, user.last_name = parsed
    value = " ".join(p for p in parsed if p)
    await _record(session, desk, conversation, "correction-note-name", value, agent_id, now)
    return Correction(Corrected.NAME, value)


async def set_language(
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    argument: str | None,
    agent_id: int,
    now: datetime,
) -> Correction:
    code = (argument or "").strip().lower()
    if code not in LOCALES:
        return Correction(Corrected.LANGUAGE_USAGE)
    conversation.user.language = code
    await _record(session, desk, conversation, "correction-note-language", code, agent_id, now)
    return Correction(Corrected.LANGUAGE, code)


async def _record(
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    msg_id: str,
    value: str,
    agent_id: int,
    now: datetime,
) -> None:
    note = desk.admin_t(msg_id, value=value)
    request = await requests.open_of_kind(session, conversation.user_id, RequestKind.CORRECTION)
    await care.add_log(
        session,
        conversation.user_id,
        Direction.NOTE,
        "text",
        now,
        text=note,
        agent_id=agent_id,
        request_id=request.id if request else None,
    )
    if request is not None:
        status = request.status
        requests.add_event(
            session, request, now, Actor.AGENT, "correct", status, status, agent_id, note
        )
    await user_card.refresh(session, conversation.user_id, now)  # the card shows the new value
