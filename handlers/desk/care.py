"""A verified user's messages to care, and their edits."""

from datetime import datetime
from functools import partial

from aiogram import F
from aiogram.enums import ChatType
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import Translator
from care.desk import edits, inbound
from care.desk.albums import AlbumCollector
from care.people.onboarding import Stage
from handlers.filters import AtStage, MenuButton
from handlers.replies import say
from handlers.routes import Routes
from storage.models import User
from storage.vocabulary import Direction

routes = Routes("care")
routes.message.filter(F.chat.type == ChatType.PRIVATE, AtStage(Stage.DONE))
routes.edited_message.filter(F.chat.type == ChatType.PRIVATE, AtStage(Stage.DONE))


@routes.message(MenuButton("menu-button-care"))
async def write_to_care(
    message: Message, user: User, t: Translator, session: AsyncSession, now: datetime
) -> None:
    await say(session, message.chat.id, t("care-prompt"), now, user)


@routes.message(F.content_type.in_(inbound.RELAYABLE))
async def to_care(
    message: Message,
    user: User,
    session: AsyncSession,
    desk: Desk,
    albums: AlbumCollector,
    after_commit: list,
    now: datetime,
) -> None:
    outcome = await inbound.relay_from_user(session, desk, user, message, now)
    if outcome is inbound.Relayed.QUEUED:
        group = message.media_group_id
        after_commit.append(partial(albums.schedule, user.id, Direction.IN, group))


@routes.message()
async def service_message(message: Message) -> None:
    """Timers, pins and the like are Telegram's bookkeeping, not words for care."""


@routes.edited_message()
async def edited(
    message: Message, user: User, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    await edits.edit_from_user(session, desk, user, message, now)
