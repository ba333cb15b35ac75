"""Whether the user has blocked the bot, learnt from `my_chat_member` updates."""

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from care.desk import reachability
from handlers.context import Context
from handlers.routes import Routes

routes = Routes("membership")
routes.my_chat_member.filter(F.chat.type == ChatType.PRIVATE)


@routes.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=KICKED))
async def blocked(event: ChatMemberUpdated, ctx: Context) -> None:
    if ctx.user is not None:
        await reachability.user_left(ctx.session, ctx.desk, ctx.user, ctx.now)


@routes.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=MEMBER))
async def unblocked(event: ChatMemberUpdated, ctx: Context) -> None:
    if ctx.user is not None:
        await reachability.user_back(ctx.session, ctx.desk, ctx.user, ctx.now)
