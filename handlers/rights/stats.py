"""The operator's figures in the admin chat: `/stats [period]` and `/overdue`, in General or
in any topic."""

from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from care.common.texts import split_for_telegram
from care.rights import stats
from handlers.context import Context
from handlers.filters import AdminChat, ByPeople
from handlers.replies import reply_to_agent
from handlers.routes import Routes

routes = Routes("stats")
routes.message.filter(AdminChat(), ByPeople())


@routes.message(Command("stats"))
async def figures(message: Message, ctx: Context, command: CommandObject) -> None:
    text = await stats.report(ctx.session, ctx.desk, command.args, ctx.now)
    for part in split_for_telegram(text):
        await reply_to_agent(ctx.session, message, part, ctx.now)


@routes.message(Command("overdue"))
async def overdue(message: Message, ctx: Context) -> None:
    text = await stats.overdue_list(ctx.session, ctx.desk, ctx.now)
    for part in split_for_telegram(text):
        await reply_to_agent(ctx.session, message, part, ctx.now)
