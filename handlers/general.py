"""The admin chat's last word on commands: every command gets an answer, even one no other
router took (a topic tool typed in General, /cancel with nothing to cancel, a typo)."""

import re

from aiogram import F
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from handlers.context import Context
from handlers.filters import AdminChat
from handlers.replies import reply_to_agent
from handlers.routes import Routes

CARD_TOOLS = ("setname", "setlang")  # a request card's corrections: inside its user's topic


routes = Routes("general")
routes.message.filter(AdminChat(), ~F.from_user.is_bot)


@routes.message(Command(*CARD_TOOLS))
async def card_tool_outside_a_topic(message: Message, ctx: Context):
    await reply_to_agent(ctx.session, message, ctx.desk.admin_t("admin-tool-in-topic"), ctx.now)


@routes.message(Command("cancel"))
async def nothing_to_cancel(message: Message, ctx: Context) -> None:
    await reply_to_agent(ctx.session, message, ctx.desk.admin_t("admin-nothing-to-cancel"), ctx.now)


# Any other command addressed to this bot (or to no bot in particular).
@routes.message(Command(re.compile(r"\w+")))
async def unknown_command(message: Message, ctx: Context, command: CommandObject) -> None:
    text = ctx.desk.admin_t("admin-unknown-command", command=f"/{command.command}")
    await reply_to_agent(ctx.session, message, text, ctx.now)
