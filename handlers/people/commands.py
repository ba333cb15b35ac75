"""Commands open at every stage: /start, /language, /privacy, /help."""

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from care.people.onboarding import Stage, stage_of
from care.people.policies import policy_in_force
from handlers.context import Context
from handlers.people.steps import send_language_picker, send_menu, send_privacy_notice
from handlers.replies import say
from handlers.routes import Routes

routes = Routes("commands")
routes.message.filter(F.chat.type == ChatType.PRIVATE)


@routes.message(CommandStart())
async def start(
    message: Message, ctx: Context, policy_in_force_id: int | None, state: FSMContext
) -> None:
    if stage_of(ctx.user, policy_in_force_id) is Stage.DONE:
        await state.clear()  # starting over leaves a request dialog unfiled
        name = ctx.user.first_name or message.chat.full_name
        await send_menu(
            ctx.session, message.chat.id, ctx.t, ctx.now, ctx.t("welcome-back", name=name), ctx.user
        )
        return
    await send_language_picker(
        ctx.session, message.chat.id, ctx.t, ctx.desk.catalog, ctx.now, ctx.user
    )


@routes.message(Command("language"))
async def language(message: Message, ctx: Context) -> None:
    await send_language_picker(
        ctx.session, message.chat.id, ctx.t, ctx.desk.catalog, ctx.now, ctx.user
    )


@routes.message(Command("privacy"))
async def privacy(message: Message, ctx: Context) -> None:
    policy = await policy_in_force(ctx.session, ctx.desk.tz, ctx.now)
    await send_privacy_notice(ctx.session, message.chat.id, ctx.t, policy, ctx.user, ctx.now)


@routes.message(Command("help"))
async def help_(message: Message, ctx: Context) -> None:
    await say(ctx.session, message.chat.id, ctx.t("help-text"), ctx.now, ctx.user)
