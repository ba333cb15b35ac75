"""The admin chat: agents answer in users' topics and use their tools there."""

import logging
from functools import partial

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message, ReactionTypeEmoji
from sqlalchemy.ext.asyncio import AsyncSession

from care import agent_tools, relay
from care.albums import AlbumCollector
from care.clock import utcnow
from care.desk import Desk
from care.texts import split_for_telegram
from care.topics import user_label
from storage import care
from storage.models import Conversation

log = logging.getLogger(__name__)


class InConversation(Filter):
    """Passes messages that belong to a user's conversation, handing it to the handler."""

    async def __call__(self, message: Message, session: AsyncSession) -> bool | dict:
        conversation = await relay.conversation_for(session, message)
        return {"conversation": conversation} if conversation is not None else False


async def acknowledge(bot: Bot, message: Message, emoji: str = "✍") -> None:
    """React to an agent's message; where reactions are off, a short reply does instead."""
    try:
        await bot.set_message_reaction(
            message.chat.id, message.message_id, [ReactionTypeEmoji(emoji=emoji)]
        )
    except TelegramBadRequest:
        await message.reply(emoji)


def build_router(admin_chat_id: int) -> Router:
    router = Router(name="agents")
    from_people = ~F.from_user.is_bot | (F.sender_chat.id == admin_chat_id)
    router.message.filter(F.chat.id == admin_chat_id, from_people)
    router.edited_message.filter(F.chat.id == admin_chat_id, from_people)

    @router.message(Command("find"))
    async def find(
        message: Message, command: CommandObject, session: AsyncSession, desk: Desk
    ) -> None:
        t = desk.admin_t
        if not command.args:
            await message.reply(t("admin-find-usage"))
            return
        found = await agent_tools.find(session, desk, command.args)
        if found is None:
            await message.reply(t("admin-find-none"))
        elif found.link is None:
            await message.reply(t("admin-find-no-topic", user=user_label(found.user)))
        else:
            await message.reply(
                t("admin-find-result", user=user_label(found.user), link=found.link)
            )

    @router.message(Command("help"))
    async def help_(message: Message, desk: Desk) -> None:
        await message.reply(desk.admin_t("admin-help"))

    @router.message(Command("note"), InConversation())
    @router.message(F.text.startswith("!"), InConversation())
    @router.message(F.caption.startswith("!"), InConversation())
    async def note(
        message: Message,
        bot: Bot,
        conversation: Conversation,
        session: AsyncSession,
        desk: Desk,
        command: CommandObject | None = None,
    ) -> None:
        text = command.args if command is not None else (message.text or message.caption)[1:]
        if not (text or "").strip():
            await message.reply(desk.admin_t("admin-note-usage"))
            return
        await agent_tools.add_note(session, conversation, message, text.strip(), utcnow())
        await acknowledge(bot, message)

    @router.message(Command("history"), InConversation())
    async def history(
        message: Message,
        command: CommandObject,
        conversation: Conversation,
        session: AsyncSession,
        desk: Desk,
    ) -> None:
        size = agent_tools.history_size(command.args)
        if size is None:
            await message.reply(desk.admin_t("admin-history-usage"))
            return
        entries = await care.recent_log(session, conversation.user_id, size)
        text = agent_tools.render_history(desk, entries) or desk.admin_t("admin-history-empty")
        for part in split_for_telegram(text):
            await message.reply(part)

    @router.message(Command("close"), InConversation())
    async def close(
        message: Message, bot: Bot, conversation: Conversation, session: AsyncSession, desk: Desk
    ) -> None:
        closed = await agent_tools.close_conversation(bot, session, desk, conversation, utcnow())
        await message.reply(desk.admin_t("admin-closed" if closed else "admin-already-closed"))

    @router.message(Command("ban"), InConversation())
    async def ban(
        message: Message, bot: Bot, conversation: Conversation, session: AsyncSession, desk: Desk
    ) -> None:
        banned = await agent_tools.ban(bot, session, desk, conversation, utcnow())
        await message.reply(desk.admin_t("admin-banned" if banned else "admin-already-banned"))

    @router.message(Command("unban"), InConversation())
    async def unban(message: Message, conversation: Conversation, desk: Desk) -> None:
        lifted = agent_tools.unban(conversation)
        await message.reply(desk.admin_t("admin-unbanned" if lifted else "admin-not-banned"))

    @router.message(F.text.startswith("/"), InConversation())
    async def unknown_command(message: Message, desk: Desk) -> None:
        await message.reply(desk.admin_t("admin-help"))

    @router.message(F.content_type.in_(relay.RELAYABLE), InConversation())
    async def answer(
        message: Message,
        bot: Bot,
        conversation: Conversation,
        session: AsyncSession,
        desk: Desk,
        albums: AlbumCollector,
        after_commit: list,
    ) -> None:
        outcome = await relay.relay_from_agent(bot, session, desk, conversation, message, utcnow())
        if outcome is relay.Relayed.QUEUED:
            after_commit.append(
                partial(albums.schedule, bot, conversation.user_id, "out", message.media_group_id)
            )

    @router.edited_message(InConversation())
    async def edited(
        message: Message, bot: Bot, conversation: Conversation, session: AsyncSession, desk: Desk
    ) -> None:
        await relay.edit_from_agent(bot, session, desk, conversation, message, utcnow())

    return router
