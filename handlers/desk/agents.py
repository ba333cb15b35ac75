"""The admin chat: agents answer in users' topics and use their tools there."""

from datetime import datetime
from functools import partial

from aiogram import F
from aiogram.filters import Command, CommandObject, Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import split_for_telegram
from care.desk import agent_tools, delivery, edits, inbound
from care.desk.albums import AlbumCollector
from care.desk.conversations import conversation_for
from care.desk.topics import user_label
from care.people import mentions
from care.people.mentions import Mentioned
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
async def find(
    message: Message, command: CommandObject, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    t = desk.admin_t
    if not command.args:
        await reply_to_agent(session, message, t("admin-find-usage"), now)
    elif (found := await agent_tools.find(session, desk, command.args)) is None:
        await reply_to_agent(session, message, t("admin-find-none"), now)
    else:
        if found.link is None:
            text = t("admin-find-no-topic", user=user_label(found.user))
        else:
            text = t("admin-find-result", user=user_label(found.user), link=found.link)
        # The query and the answer name the user: an erasure of them takes both back.
        people = [found.user.id]
        mentions.note(
            session, people, message.chat.id, message.message_id, Mentioned.FIND_QUERY, now
        )
        await mentions.post(session, answer_to(message, text), Mentioned.FIND_ANSWER, people, now)


@routes.message(Command("help"))
async def help_(message: Message, session: AsyncSession, desk: Desk, now: datetime) -> None:
    await reply_to_agent(session, message, desk.admin_t("admin-help"), now)


@routes.message(NoteAlbumPart(), InConversation())
@routes.message(Command("note"), InConversation())
@routes.message(F.text.startswith("!"), InConversation())
@routes.message(F.caption.startswith("!"), InConversation())
async def note(
    message: Message,
    conversation: Conversation,
    session: AsyncSession,
    desk: Desk,
    state: FSMContext,
    now: datetime,
    command: CommandObject | None = None,
    album_part: bool = False,
) -> None:
    if album_part:  # a later part of a note's album: a note too, with its file
        await agent_tools.add_note(session, conversation, message, "", now)
        return
    text = command.args if command is not None else (message.text or message.caption)[1:]
    if not (text or "").strip():
        await reply_to_agent(
            session, message, desk.admin_t("admin-note-usage"), now, conversation.user_id
        )
        return
    await agent_tools.add_note(session, conversation, message, text.strip(), now)
    if message.media_group_id is not None:  # its album's other parts are the note's too
        await state.update_data(note_album=message.media_group_id)
    await react(session, message, "✍", conversation.user_id, now)


@routes.message(Command("history"), InConversation())
async def history(
    message: Message,
    command: CommandObject,
    conversation: Conversation,
    session: AsyncSession,
    desk: Desk,
    now: datetime,
) -> None:
    text = await agent_tools.history(session, desk, conversation, command.args)
    for part in split_for_telegram(text):
        await reply_to_agent(session, message, part, now, conversation.user_id)


@routes.message(Command("close"), InConversation())
async def close(
    message: Message, conversation: Conversation, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    closed = await agent_tools.close_conversation(session, desk, conversation, now)
    text = desk.admin_t("admin-closed" if closed else "admin-already-closed")
    await reply_to_agent(session, message, text, now, conversation.user_id)


@routes.message(Command("ban"), InConversation())
async def ban(
    message: Message, conversation: Conversation, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    banned = await agent_tools.ban(session, desk, conversation, now)
    text = desk.admin_t("admin-banned" if banned else "admin-already-banned")
    await reply_to_agent(session, message, text, now, conversation.user_id)


@routes.message(Command("unban"), InConversation())
async def unban(
    message: Message, conversation: Conversation, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    lifted = agent_tools.unban(conversation)
    text = desk.admin_t("admin-unbanned" if lifted else "admin-not-banned")
    await reply_to_agent(session, message, text, now, conversation.user_id)


@routes.message(F.text.startswith("/"), InConversation())
async def unknown_command(
    message: Message, conversation: Conversation, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    await reply_to_agent(session, message, desk.admin_t("admin-help"), now, conversation.user_id)


@routes.message(F.content_type.in_(inbound.RELAYABLE), InConversation())
async def answer(
    message: Message,
    conversation: Conversation,
    session: AsyncSession,
    desk: Desk,
    albums: AlbumCollector,
    after_commit: list,
    now: datetime,
) -> None:
    outcome = await delivery.relay_from_agent(session, desk, conversation, message, now)
    if outcome is inbound.Relayed.QUEUED:
        group = message.media_group_id
        after_commit.append(partial(albums.schedule, conversation.user_id, Direction.OUT, group))


@routes.edited_message(InConversation())
async def edited(
    message: Message, conversation: Conversation, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    await edits.edit_from_agent(session, desk, conversation, message, now)


@routes.message(Command(*TOPIC_TOOLS))
@routes.message(F.text.startswith("!"))
async def tool_outside_a_topic(
    message: Message, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    """A topic tool typed in General (or replying to nothing): say where it works."""
    await reply_to_agent(session, message, desk.admin_t("admin-tool-in-topic"), now)


@routes.message(F.content_type.in_(inbound.RELAYABLE), ~F.text.startswith("/"))
async def answer_to_nobody(
    message: Message, session: AsyncSession, desk: Desk, now: datetime
) -> None:
    """Without topics, an answer must reply to a user's message: say so, send nothing."""
    if not desk.state.topics and not message.is_topic_message:
        await reply_to_agent(session, message, desk.admin_t("admin-how-to-answer"), now)
