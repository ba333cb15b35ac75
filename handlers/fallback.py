"""Whatever no other handler took: guide a user who has not finished back to their step."""

from aiogram import F
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from care.people.consent import Standing, standing
from handlers.context import Context
from handlers.filters import first_part
from handlers.people.steps import prompt_step
from handlers.replies import answer_query, say
from handlers.routes import Routes

routes = Routes("fallback")
routes.message.filter(F.chat.type == ChatType.PRIVATE)


@routes.message()
async def anything(
    message: Message, ctx: Context, policy_in_force_id: int | None, state: FSMContext
) -> None:
    if not await first_part(message, state):
        return
    if standing(ctx.user, policy_in_force_id) is not Standing.OUTDATED:
        await say(ctx.session, message.chat.id, ctx.t("onboarding-finish-first"), ctx.now, ctx.user)
    await prompt_step(ctx, message.chat.id, policy_in_force_id)


@routes.callback_query()
async def stale_button(query: CallbackQuery, ctx: Context) -> None:
    await answer_query(ctx.session, query, ctx.now, ctx.t("callback-expired"), alert=True)
