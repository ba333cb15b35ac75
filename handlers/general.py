"""The admin chat's last word on commands: every command gets an answer, even one no other
router took (a topic tool typed in General, /cancel with nothing to cancel, a typo)."""

import re
from datetime import datetime

from aiogram import F
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from handlers.filters import AdminChat
from handlers.replies import reply_to_agent
from handlers.routes import Routes

CARD_TOOLS = ("setname", "setlang")  # a request card's corrections: inside its user's topic


routes = Routes("general")
routes.message.filter(AdminChat(), ~F.from_user.is_bot)


@routes.message(Command(*CARD_TOOLS))
async def card_tool_outside_a_topic(
    message: Message, session: AsyncSession, desk: Desk, now: datetime
):
    await reply_to_agent(session, message, desk.admin_t("admin-tool-in-topic"), now)


@routes.message(Command("cancel"))
async def nothing_to_cancel(
    message: Message, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    await reply_to_agent(session, message, desk.admin_t("admin-nothing-to-cancel"), now)


# Any other command addressed to this bot (or to no bot in particular).
@routes.message(Command(re.compile(r"\w+")))
async def unknown_command(
    message: Message, command: CommandObject, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    text = desk.admin_t("admin-unknown-command", command=f"/{command.command}")
    await reply_to_agent(session, message, text, now)
