"""Request cards in the admin chat: presses on their buttons, and the agent's next message
when a press asks for one (the question, the answer, the reason, the legal ground)."""

from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject, Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message, ReplyParameters
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk import inbound
from care.desk.albums import AlbumCollector
from care.outbound.outbox import call
from care.rights import card_actions, corrections
from care.rights.card_actions import PROMPTED, Pressed, Refused
from care.rights.cards import CardAction, CardPress
from care.rights.erasure import forget_in
from care.rights.scrub import Scrubber
from handlers.context import Context
from handlers.desk.agents import InConversation
from handlers.filters import AdminChat
from handlers.replies import agents_lane, answer_query, reply_to_agent
from handlers.routes import Routes
from handlers.waiting import PROMPT_TTL, CardPrompt, dropped, fresh, in_note_album, is_note
from storage.models import Conversation
from storage.vocabulary import Direction


def thread_of(message: Any) -> int | None:
    return message.message_thread_id if getattr(message, "is_topic_message", None) else None


class PromptedHere(Filter):
    """A message from the agent a card prompted, in the prompt's topic, within PROMPT_TTL.
    Commands and notes pass by, so /note, `!text` and /history still work while a prompt
    waits. Without topics every conversation shares one thread: there the answer replies to
    nothing or to the card, never to another user's message."""

    async def __call__(self, message: Message, state: FSMContext, now: datetime) -> bool | dict:
        written = message.text or message.caption or ""
        if written.startswith("/") or is_note(written):
            return False
        data = await state.get_data()
        if in_note_album(message, data):
            return False
        if "request" not in data or data.get("thread") != thread_of(message):
            return False
        if not fresh(data, PROMPT_TTL, now):
            return False
        target = message.reply_to_message
        if data["thread"] is None and target is not None and target.message_id != data["card"]:
            return False
        return {"prompt": data}


# Messages: included before the agents' router, whose relay would take them otherwise.
prompts = Routes("card-prompts")
prompts.message.filter(AdminChat(), ~F.from_user.is_bot)


@prompts.message(CardPrompt.answer, Command("cancel"))
async def cancel(message: Message, ctx: Context, state: FSMContext):
    await state.clear()
    await reply_to_agent(ctx.session, message, ctx.desk.admin_t("card-prompt-cancelled"), ctx.now)


@prompts.message(CardPrompt.answer, PromptedHere())
async def answer(
    message: Message, ctx: Context, prompt: dict, state: FSMContext, albums: AlbumCollector
) -> None:
    t, action = ctx.desk.admin_t, CardAction(prompt["action"])
    text = (message.text or message.caption or "").strip()
    if text.startswith("!"):  # a bare note mark (a note with words passed by): no answer
        text = ""
    elif action is CardAction.ASK and message.content_type in inbound.RELAYABLE:
        text = text or "…"  # a photo without a caption is a question too
    elif action is CardAction.ASK:
        text = ""
    if not text:
        await reply_to_agent(ctx.session, message, t(f"card-prompt-empty-{action}"), ctx.now)
        return
    await state.clear()
    checked = await card_actions.check(
        ctx.session, prompt["request"], action, prompt["status"], prompted=True
    )
    if isinstance(checked, Refused):
        await reply_to_agent(ctx.session, message, t(checked), ctx.now)
        return
    agent = (message.from_user.id, message.from_user.full_name)
    if action is CardAction.ASK:
        relayed = await card_actions.ask(ctx.session, ctx.desk, checked, message, agent, ctx.now)
        if relayed is inbound.Relayed.QUEUED:
            schedule = partial(
                albums.schedule, checked.user.id, Direction.OUT, message.media_group_id
            )
            ctx.after_commit.append(schedule)
        outcome = f"card-done-{action}"
    else:
        outcome = await card_actions.conclude(
            ctx.session, ctx.desk, checked, action, text, agent, ctx.now
        )
    await reply_to_agent(ctx.session, message, t(outcome), ctx.now, checked.user.id)


@prompts.message(Command("setname", "setlang"), InConversation())
async def correct(
    message: Message, ctx: Context, command: CommandObject, conversation: Conversation
) -> None:
    """A correction of what the bot itself holds: the user's name or language."""
    apply = corrections.set_name if command.command == "setname" else corrections.set_language
    done = await apply(
        ctx.session, ctx.desk, conversation, command.args, message.from_user.id, ctx.now
    )
    text = ctx.desk.admin_t(done.outcome, value=done.value)
    await reply_to_agent(ctx.session, message, text, ctx.now, conversation.user_id)


# Presses on request cards: only in the admin chat, only by people.
routes = Routes("cards")
routes.callback_query.filter(AdminChat(), ~F.from_user.is_bot)


@routes.callback_query(CardPress.filter())
async def press(
    query: CallbackQuery,
    callback_data: CardPress,
    ctx: Context,
    state: FSMContext,
    bot: Bot,
    fsm_storage: BaseStorage,
    scrubber: Scrubber,
) -> None:
    t, action = ctx.desk.admin_t, callback_data.action
    checked = await card_actions.check(
        ctx.session,
        callback_data.request,
        action,
        callback_data.status,
        message_id=query.message.message_id,
    )
    if isinstance(checked, Refused):
        await answer_query(ctx.session, query, ctx.now, t(checked), alert=True)
        return
    if action in PROMPTED:
        await prompt(query, checked, action, state, ctx.session, ctx.desk, ctx.now)
        return
    agent = (query.from_user.id, query.from_user.full_name)
    forget = forget_in(fsm_storage, bot.id)  # a dialog the user left half-filled, in Redis
    outcome = await card_actions.act(ctx.session, ctx.desk, checked, action, agent, ctx.now, forget)
    await answer_query(ctx.session, query, ctx.now, t(outcome), alert=outcome in set(Refused))
    if action is CardAction.ERASE:  # once committed, nothing of the person stays on disk
        ctx.after_commit.append(scrubber.request)


@routes.callback_query(F.data.startswith(f"{CardPress.__prefix__}:"))
async def crafted(query: CallbackQuery, ctx: Context) -> None:
    """Card data that does not parse (crafted): nothing changes, and the presser hears so."""
    await answer_query(ctx.session, query, ctx.now, ctx.desk.admin_t(Refused.FORGED), alert=True)


async def prompt(
    query: CallbackQuery,
    pressed: Pressed,
    action: CardAction,
    state: FSMContext,
    session: AsyncSession,
    desk: Desk,
    now: datetime,
) -> None:
    """Wait for the presser's next message in this topic, and say so there (naming what
    waited here before, if this replaces it)."""
    request, t = pressed.request, desk.admin_t
    lane, thread = agents_lane(request.user_id), thread_of(query.message)
    if thread is None and desk.state.topics:  # a card too old for Telegram to show: no thread
        thread = await card_actions.card_thread(session, desk, pressed)
    if state.key.thread_id != thread:  # the prompt waits in the card's topic, not General
        state = FSMContext(storage=state.storage, key=replace(state.key, thread_id=thread))
    replaced = await dropped(state, desk, now, request.id)
    await state.set_state(CardPrompt.answer)
    await state.set_data(
        {
            "request": request.id,
            "reference": request.reference,
            "action": action.value,
            "status": request.status,
            "thread": thread,
            "card": query.message.message_id,
            "at": now.isoformat(),
        }
    )
    await answer_query(session, query, now, t("card-press-prompted"))
    if replaced is not None:
        notice = SendMessage(chat_id=query.message.chat.id, text=replaced, message_thread_id=thread)
        await call(session, notice, now, lane=lane)
    method = SendMessage(
        chat_id=query.message.chat.id,
        text=t(PROMPTED[action], reference=request.reference, agent=query.from_user.full_name),
        message_thread_id=thread,
        reply_parameters=ReplyParameters(
            message_id=query.message.message_id, allow_sending_without_reply=True
        ),
    )
    await call(session, method, now, lane=lane)
