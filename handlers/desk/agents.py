"""The admin chat: agents answer in users' topics and use their tools there."""

from functools import partial

from aiogram import F
from aiogram.filters import Command, CommandObject, Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.texts import split_for_telegram
from care.desk import agent_tools, delivery, edits, inbound
from care.desk.albums import AlbumCollector
from care.desk.conversations import conversation_for
from care.desk.topics import user_label
from care.people import mentions
from care.people.mentions import Mentioned
from handlers.context import Context
from handlers.filters import AdminChat, ByPeople
from handlers.replies import answer_to, react, reply_to_agent
from handlers.routes import Routes
from handlers.waiting import in_note_album
from storage.models import Conversation
from storage.vocabulary import Direction

TOPIC_TOOLS = ("note", "history", "close", "ban", "unban")


class NoteAlbumPart(Filter):
    """A later part of an album whose first part's caption made it a note."""

    async def __call__(self, message: Message, state: FSMContext) -> bool | dict:
        return {"album_part": True} if in_note_album(message, await state.get_data()) else False


class InConversation(Filter):
    """Passes messages that belong to a user's conversation, handing it to the handler."""

    async def __call__(self, message: Message, session: AsyncSession) -> bool | dict:
        conversation = await conversation_for(session, message)
        return {"conversation": conversation} if conversation is not None else False


routes = Routes("agents")
routes.message.filter(AdminChat(), ByPeople())
routes.edited_message.filter(AdminChat(), ByPeople())


@routes.message(Command("find"))
async def find(message: Message, ctx: Context, command: CommandObject) -> None:
    t = ctx.desk.admin_t
    if not command.args:
        await reply_to_agent(ctx.session, message, t("admin-find-usage"), ctx.now)
    elif (found := await agent_tools.find(ctx.session, ctx.desk, command.args)) is None:
        await reply_to_agent(ctx.session, message, t("admin-find-none"), ctx.now)
    else:
        if found.link is None:
            text = t("admin-find-no-topic", user=user_label(found.user))
        else:
            text = t("admin-find-result", user=user_label(found.user), link=found.link)
        # The query and the answer name the user: an erasure of them takes both back.
        people = [found.user.id]
        mentions.note(
            ctx.session, people, message.chat.id, message.message_id, Mentioned.FIND_QUERY, ctx.now
        )
        await mentions.post(
            ctx.session, answer_to(message, text), Mentioned.FIND_ANSWER, people, ctx.now
        )


@routes.message(Command("help"))
async def help_(message: Message, ctx: Context) -> None:
    await reply_to_agent(ctx.session, message, ctx.desk.admin_t("admin-help"), ctx.now)


@routes.message(NoteAlbumPart(), InConversation())
@routes.message(Command("note"), InConversation())
@routes.message(F.text.startswith("!"), InConversation())
@routes.message(F.caption.startswith("!"), InConversation())
async def note(
    message: Message,
    ctx: Context,
    conversation: Conversation,
    state: FSMContext,
    command: CommandObject | None = None,
    album_part: bool = False,
) -> None:
    if album_part:  # a later part of a note's album: a note too, with its file
        await agent_tools.add_note(ctx.session, conversation, message, "", ctx.now)
        return
    text = command.args if command is not None else (message.text or message.caption)[1:]
    if not (text or "").strip():
        await reply_to_agent(
            ctx.session,
            message,
            ctx.desk.admin_t("admin-note-usage"),
            ctx.now,
            conversation.user_id,
        )
        return
    await agent_tools.add_note(ctx.session, conversation, message, text.strip(), ctx.now)
    if message.media_group_id is not None:  # its album's other parts are the note's too
        await state.update_data(note_album=message.media_group_id)
    await react(ctx.session, message, "✍", conversation.user_id, ctx.now)


@routes.message(Command("history"), InConversation())
async def history(
    message: Message, ctx: Context, command: CommandObject, conversation: Conversation
) -> None:
    text = await agent_tools.history(ctx.session, ctx.desk, conversation, command.args)
    for part in split_for_telegram(text):
        await reply_to_agent(ctx.session, message, part, ctx.now, conversation.user_id)


@routes.message(Command("close"), InConversation())
async def close(message: Message, ctx: Context, conversation: Conversation) -> None:
    closed = await agent_tools.close_conversation(ctx.session, ctx.desk, conversation, ctx.now)
    text = ctx.desk.admin_t("admin-closed" if closed else "admin-already-closed")
    await reply_to_agent(ctx.session, message, text, ctx.now, conversation.user_id)


@routes.message(Command("ban"), InConversation())
async def ban(message: Message, ctx: Context, conversation: Conversation) -> None:
    banned = await agent_tools.ban(ctx.session, ctx.desk, conversation, ctx.now)
    text = ctx.desk.admin_t("admin-banned" if banned else "admin-already-banned")
    await reply_to_agent(ctx.session, message, text, ctx.now, conversation.user_id)


@routes.message(Command("unban"), InConversation())
async def unban(message: Message, ctx: Context, conversation: Conversation) -> None:
    lifted = agent_tools.unban(conversation)
    text = ctx.desk.admin_t("admin-unbanned" if lifted else "admin-not-banned")
    await reply_to_agent(ctx.session, message, text, ctx.now, conversation.user_id)


@routes.message(F.text.startswith("/"), InConversation())
async def unknown_command(message: Message, ctx: Context, conversation: Conversation) -> None:
    await reply_to_agent(
        ctx.session, message, ctx.desk.admin_t("admin-help"), ctx.now, conversation.user_id
    )


@routes.message(F.content_type.in_(inbound.RELAYABLE), InConversation())
async def answer(
    message: Message, ctx: Context, conversation: Conversation, albums: AlbumCollector
) -> None:
    outcome = await delivery.relay_from_agent(ctx.session, ctx.desk, conversation, message, ctx.now)
    if outcome is inbound.Relayed.QUEUED:
        group = message.media_group_id
        ctx.after_commit.append(
            partial(albums.schedule, conversation.user_id, Direction.OUT, group)
        )


@routes.edited_message(InConversation())
async def edited(message: Message, ctx: Context, conversation: Conversation) -> None:
    await edits.edit_from_agent(ctx.session, ctx.desk, conversation, message, ctx.now)


@routes.message(Command(*TOPIC_TOOLS))
@routes.message(F.text.startswith("!"))
async def tool_outside_a_topic(message: Message, ctx: Context) -> None:
    """A topic tool typed in General (or replying to nothing): say where it works."""
    await reply_to_agent(ctx.session, message, ctx.desk.admin_t("admin-tool-in-topic"), ctx.now)


@routes.message(F.content_type.in_(inbound.RELAYABLE), ~F.text.startswith("/"))
async def answer_to_nobody(message: Message, ctx: Context) -> None:
    """Without topics, an answer must reply to a user's message: say so, send nothing."""
    if not ctx.desk.state.topics and not message.is_topic_message:
        await reply_to_agent(ctx.session, message, ctx.desk.admin_t("admin-how-to-answer"), ctx.now)
