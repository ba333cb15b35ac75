"""What the bot itself says to a user in a conversation: translated, logged, sent later."""

from datetime import datetime

from aiogram.methods import SendMessage
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import split_for_telegram
from care.outbound.outbox import Priority, to_user
from storage.desk import care
from storage.models import User
from storage.vocabulary import CareLogEvent, Direction


async def tell_user(
    session: AsyncSession,
    desk: Desk,
    user: User,
    msg_id: str,
    now: datetime,
    event: CareLogEvent = CareLogEvent.NOTICE,
    locale: str | None = None,
    **args: object,
) -> None:
    """A bot answer that belongs to the conversation: in the user's language (or `locale`, the
    language of an appeal), in the care log, and in the outbox (kept until it is delivered,
    whatever Telegram says meanwhile)."""
    t = desk.catalog.translator(locale) if locale else desk.user_t(user)
    await say_logged(session, user, t(msg_id, **args), now, event)


async def say_logged(
    session: AsyncSession,
    user: User,
    text: str,
    now: datetime,
    event: CareLogEvent = CareLogEvent.NOTICE,
    priority: Priority = Priority.CONVERSATION,
) -> None:
    """`text` to the user (in parts, when longer than a message), in the care log first."""
    await care.add_log(session, user.id, Direction.BOT, "text", now, event=event, text=text)
    for part in split_for_telegram(text):
        method = SendMessage(chat_id=user.telegram_id, text=part)
        await to_user(session, user.id, user.telegram_id, method, now, priority)
