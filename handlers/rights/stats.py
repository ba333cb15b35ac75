"""The operator's figures in the admin chat: `/stats [period]` and `/overdue`, in General or
in any topic."""

from datetime import datetime

from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import split_for_telegram
from care.rights import stats
from handlers.filters import AdminChat, ByPeople
from handlers.replies import reply_to_agent
from handlers.routes import Routes

routes = Routes("stats")
routes.message.filter(AdminChat(), ByPeople())


@routes.message(Command("stats"))
async def figures(
    message: Message, command: CommandObject, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    text = await stats.report(session, desk, command.args, now)
    for part in split_for_telegram(text):
        await reply_to_agent(session, message, part, now)


@routes.message(Command("overdue"))
async def overdue(message: Message, session: AsyncSession, desk: Desk, now: datetime) -> None:
    text = await stats.overdue_list(session, desk, now)
    for part in split_for_telegram(text):
        await reply_to_agent(session, message, part, now)
