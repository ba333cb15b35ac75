"""Whatever no other handler took: guide a user who has not finished back to their step."""

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.texts import Catalog, Translator
from care.people.consent import Standing, standing
from handlers.filters import first_part
from handlers.people.steps import prompt_step
from handlers.replies import answer_query, say
from handlers.routes import Routes
from storage.models import User

routes = Routes("fallback")
routes.message.filter(F.chat.type == ChatType.PRIVATE)


@routes.message()
async def anything(
    message: Message,
    user: User | None,
    t: Translator,
    catalog: Catalog,
    session: AsyncSession,
    tz: ZoneInfo,
    policy_in_force_id: int | None,
    state: FSMContext,
    now: datetime,
) -> None:
    if not await first_part(message, state):
        return
    if standing(user, policy_in_force_id) is not Standing.OUTDATED:
        await say(session, message.chat.id, t("onboarding-finish-first"), now, user)
    await prompt_step(message.chat.id, user, t, catalog, session, tz, policy_in_force_id, now)


@routes.callback_query()
async def stale_button(
    query: CallbackQuery, t: Translator, session: AsyncSession, now: datetime
) -> None:
    await answer_query(session, query, now, t("callback-expired"), alert=True)
