"""A verified user's messages to care, and their edits."""

from functools import partial

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care import relay
from care.albums import AlbumCollector
from care.clock import utcnow
from care.desk import Desk
from care.onboarding import Stage
from care.texts import Catalog, Translator
from handlers.filters import AtStage
from storage.models import User


def build_router(catalog: Catalog) -> Router:
    router = Router(name="care")
    router.message.filter(F.chat.type == ChatType.PRIVATE, AtStage(Stage.DONE))
    router.edited_message.filter(F.chat.type == ChatType.PRIVATE, AtStage(Stage.DONE))

    @router.message(F.text.in_(catalog.variants("menu-button-care")))
    async def write_to_care(message: Message, t: Translator) -> None:
        await message.answer(t("care-prompt"))

    @router.message(F.content_type.in_(relay.RELAYABLE))
    async def to_care(
        message: Message,
        bot: Bot,
        user: User,
        session: AsyncSession,
        desk: Desk,
        albums: AlbumCollector,
        after_commit: list,
    ) -> None:
        outcome = await relay.relay_from_user(bot, session, desk, user, message, utcnow())
        if outcome is relay.Relayed.QUEUED:
            after_commit.append(
                partial(albums.schedule, bot, user.id, "in", message.media_group_id)
            )

    @router.message()
    async def service_message(message: Message) -> None:
        """Timers, pins and the like are Telegram's bookkeeping, not words for care."""

    @router.edited_message()
    async def edited(
        message: Message, bot: Bot, user: User, session: AsyncSession, desk: Desk
    ) -> None:
        await relay.edit_from_user(bot, session, desk, user, message, utcnow())

    return router
