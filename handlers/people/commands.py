"""Commands open at every stage: /start, /language, /privacy, /help."""

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.texts import Catalog, Translator
from care.people.onboarding import Stage, stage_of
from care.people.policies import policy_in_force
from handlers.people.steps import send_language_picker, send_menu, send_privacy_notice
from handlers.replies import say
from handlers.routes import Routes
from storage.models import User

routes = Routes("commands")
routes.message.filter(F.chat.type == ChatType.PRIVATE)


@routes.message(CommandStart())
async def start(
    message: Message,
    user: User | None,
    t: Translator,
    catalog: Catalog,
    session: AsyncSession,
    policy_in_force_id: int | None,
    state: FSMContext,
    now: datetime,
) -> None:
    if stage_of(user, policy_in_force_id) is Stage.DONE:
        await state.clear()  # starting over leaves a request dialog unfiled
        name = user.first_name or message.chat.full_name
        await send_menu(session, message.chat.id, t, now, t("welcome-back", name=name), user)
        return
    await send_language_picker(session, message.chat.id, t, catalog, now, user)


@routes.message(Command("language"))
async def language(
    message: Message,
    user: User | None,
    t: Translator,
    catalog: Catalog,
    session: AsyncSession,
    now: datetime,
) -> None:
    await send_language_picker(session, message.chat.id, t, catalog, now, user)


@routes.message(Command("privacy"))
async def privacy(
    message: Message,
    user: User | None,
    t: Translator,
    session: AsyncSession,
    tz: ZoneInfo,
    now: datetime,
) -> None:
    policy = await policy_in_force(session, tz, now)
    await send_privacy_notice(session, message.chat.id, t, policy, user, now)


@routes.message(Command("help"))
async def help_(
    message: Message, user: User | None, t: Translator, session: AsyncSession, now: datetime
) -> None:
    await say(session, message.chat.id, t("help-text"), now, user)
