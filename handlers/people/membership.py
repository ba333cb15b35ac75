"""Whether the user has blocked the bot, learnt from `my_chat_member` updates."""

from datetime import datetime

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk import reachability
from handlers.routes import Routes
from storage.models import User

routes = Routes("membership")
routes.my_chat_member.filter(F.chat.type == ChatType.PRIVATE)


@routes.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=KICKED))
async def blocked(
    event: ChatMemberUpdated, user: User | None, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    if user is not None:
        await reachability.user_left(session, desk, user, now)


@routes.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=MEMBER))
async def unblocked(
    event: ChatMemberUpdated, user: User | None, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    if user is not None:
        await reachability.user_back(session, desk, user, now)
