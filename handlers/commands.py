"""Commands open at every stage: /start, /language, /privacy, /help."""

from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandStart
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.onboarding import Stage, stage_of
from care.policies import policy_in_force
from care.texts import Catalog, Translator
from handlers.steps import send_language_picker, send_menu, send_privacy_notice
from storage.models import User


def build_router() -> Router:
    router = Router(name="commands")
    router.message.filter(F.chat.type == ChatType.PRIVATE)

    @router.message(CommandStart())
    async def start(
        message: Message,
        bot: Bot,
        user: User | None,
        t: Translator,
        catalog: Catalog,
        policy_in_force_id: int | None,
    ) -> None:
        if stage_of(user, policy_in_force_id) is Stage.DONE:
            name = user.first_name or message.chat.full_name
            await send_menu(bot, message.chat.id, t, t("welcome-back", name=name))
            return
        await send_language_picker(bot, message.chat.id, t, catalog)

    @router.message(Command("language"))
    async def language(message: Message, bot: Bot, t: Translator, catalog: Catalog) -> None:
        await send_language_picker(bot, message.chat.id, t, catalog)

    @router.message(Command("privacy"))
    async def privacy(
        message: Message,
        bot: Bot,
        user: User | None,
        t: Translator,
        session: AsyncSession,
        tz: ZoneInfo,
    ) -> None:
        policy = await policy_in_force(session, tz)
        await send_privacy_notice(bot, message.chat.id, t, policy, user)

    @router.message(Command("help"))
    async def help_(message: Message, t: Translator) -> None:
        await message.answer(t("help-text"))

    return router
