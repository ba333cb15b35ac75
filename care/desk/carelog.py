"""Turning Telegram messages into care-log lines."""

from datetime import datetime

from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from storage.desk import care
from storage.models import User
from storage.vocabulary import CareLogEvent, Direction


def file_ids(message: Message) -> list[str]:
    found = []
    if message.photo:
        found.append(message.photo[-1].file_id)
    for kind in ("document", "voice", "video", "sticker", "audio", "animation", "video_note"):
        item = getattr(message, kind, None)
        if item is not None:
            found.append(item.file_id)
    return found


def content_type(message: Message) -> str:
    return str(getattr(message.content_type, "value", message.content_type))


async def log_message(
    session: AsyncSession,
    user: User,
    direction: Direction,
    message: Message,
    now: datetime,
    *,
    event: CareLogEvent = CareLogEvent.MESSAGE,
    agent_id: int | None = None,
    text: str | None = None,
) -> None:
    return await care.add_log(
        session,
        user.id,
        direction,
        content_type(message),
        now,
        event=event,
        text=text if text is not None else (message.text or message.caption),
        file_ids=file_ids(message),
        agent_id=agent_id,
    )
