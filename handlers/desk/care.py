"""A verified user's messages to care, and their edits."""

from functools import partial

from aiogram import F
from aiogram.enums import ChatType
from aiogram.types import Message

from care.desk import edits, inbound
from care.desk.albums import AlbumCollector
from care.people.onboarding import Stage
from handlers.context import Context
from handlers.filters import AtStage, MenuButton
from handlers.replies import say
from handlers.routes import Routes
from storage.vocabulary import Direction

routes = Routes("care")
routes.message.filter(F.chat.type == ChatType.PRIVATE, AtStage(Stage.DONE))
routes.edited_message.filter(F.chat.type == ChatType.PRIVATE, AtStage(Stage.DONE))


@routes.message(MenuButton("menu-button-care"))
async def write_to_care(message: Message, ctx: Context) -> None:
    await say(ctx.session, message.chat.id, ctx.t("care-prompt"), ctx.now, ctx.user)


@routes.message(F.content_type.in_(inbound.RELAYABLE))
async def to_care(message: Message, ctx: Context, albums: AlbumCollector) -> None:
    outcome = await inbound.relay_from_user(ctx.session, ctx.desk, ctx.user, message, ctx.now)
    if outcome is inbound.Relayed.QUEUED:
        group = message.media_group_id
        ctx.after_commit.append(partial(albums.schedule, ctx.user.id, Direction.IN, group))


@routes.message()
async def service_message(message: Message) -> None:
    """Timers, pins and the like are Telegram's bookkeeping, not words for care."""


@routes.edited_message()
async def edited(message: Message, ctx: Context) -> None:
    await edits.edit_from_user(ctx.session, ctx.desk, ctx.user, message, ctx.now)
