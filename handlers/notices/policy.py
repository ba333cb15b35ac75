"""Supervisors in the admin chat: `/policy` drafts and publishes a new policy version,
`/policy status` shows its figures. A draft is a dialog in the supervisor's own state in the
admin chat, in the topic (or General) where it started; /cancel ends it at any step."""

from datetime import datetime

from aiogram import F
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.methods import EditMessageReplyMarkup, SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import format_day, split_for_telegram
from care.notices import policy_drafts, policy_status
from care.notices.policy_drafts import Draft, Refused
from care.outbound.outbox import ADMIN_LANE, call
from handlers.context import Context
from handlers.filters import AdminChat, IsSupervisor
from handlers.replies import answer_query
from handlers.routes import Routes, split_by
from handlers.waiting import DRAFT_TTL, PolicyDraftState, dropped, fresh


class DraftPress(CallbackData, prefix="pdraft"):
    confirm: bool


def thread_of(message: Message) -> int | None:
    return message.message_thread_id if message.is_topic_message else None


class DraftHere(Filter):
    """A message from the supervisor whose draft is open, in the draft's topic, within
    DRAFT_TTL; commands pass by (another /policy starts over, /cancel ends it)."""

    async def __call__(self, message: Message, state: FSMContext, now: datetime) -> bool | dict:
        if (message.text or "").startswith("/"):
            return False
        data = await state.get_data()
        if "draft" not in data or data.get("thread") != thread_of(message):
            return False
        if not fresh(data, DRAFT_TTL, now):
            return False
        return {"draft": Draft.from_data(data["draft"])}


async def tell(
    session: AsyncSession,
    chat_id: int,
    thread_id: int | None,
    text: str,
    now: datetime,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Into the admin chat, where the dialog runs (buttons on the last part)."""
    parts = split_for_telegram(text)
    for n, part in enumerate(parts):
        method = SendMessage(
            chat_id=chat_id,
            text=part,
            message_thread_id=thread_id,
            reply_markup=markup if n == len(parts) - 1 else None,
        )
        await call(session, method, now, lane=ADMIN_LANE)


async def advance(
    where: tuple[int, int | None],
    state: FSMContext,
    session: AsyncSession,
    desk: Desk,
    draft: Draft,
    now: datetime,
) -> None:
    """Keep the draft and ask for what it lacks next, in the chat and topic `where`."""
    t, (chat_id, thread) = desk.admin_t, where
    await state.update_data(draft=draft.to_data(), at=now.isoformat())
    if not draft.version:
        await state.set_state(PolicyDraftState.version)
        text = t("policy-admin-ask-version", max=policy_drafts.MAX_VERSION)
    elif not draft.effective:
        await state.set_state(PolicyDraftState.effective)
        # Where a date is to be typed it is shown as it must be typed; elsewhere as a day.
        first = policy_drafts.first_allowed(desk, now).isoformat()
        text = t("policy-admin-ask-date", first=first, days=desk.policy_notice_days)
    elif (locale := draft.next_text()) is not None:
        await state.set_state(PolicyDraftState.text)
        text = t("policy-admin-ask-text", language=t(f"policy-admin-lang-{locale}"))
    elif (locale := draft.next_summary()) is not None:
        await state.set_state(PolicyDraftState.summary)
        text = t("policy-admin-ask-summary", language=t(f"policy-admin-lang-{locale}"))
    else:
        await state.set_state(PolicyDraftState.confirm)
        buttons = InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=t("policy-admin-button-confirm"),
                        callback_data=DraftPress(confirm=True).pack(),
                    ),
                    InlineKeyboardButton(
                        text=t("policy-admin-button-cancel"),
                        callback_data=DraftPress(confirm=False).pack(),
                    ),
                ]
            ]
        )
        await tell(session, chat_id, thread, policy_drafts.preview(draft, t), now, buttons)
        return
    await tell(session, chat_id, thread, text, now)


def here(message: Message) -> tuple[int, int | None]:
    return message.chat.id, thread_of(message)


async def refuse(
    message: Message, session: AsyncSession, desk: Desk, refused: Refused, now: datetime
):
    await tell(session, message.chat.id, thread_of(message), refused.text(desk.admin_t), now)


async def draft_to_confirm(state: FSMContext) -> dict | None:
    """The FSM data of the presser's draft when it waits for the confirmation, else None."""
    data = await state.get_data()
    if await state.get_state() != PolicyDraftState.confirm.state or "draft" not in data:
        return None
    return data


# Included before the agents' router, whose relay would take a draft's answers.
routes = Routes("policy")
routes.message.filter(AdminChat(), ~F.from_user.is_bot)
routes.callback_query.filter(AdminChat())
# Only supervisors start and publish a draft; anonymous administrators are refused (a draft
# belongs to a person). A draft's answers are its author's own state, in `drafts`, which comes
# after /policy: a document captioned /policy starts over rather than being taken as a text.
SUPERVISOR = IsSupervisor(anonymous=False)
supervisors, others = split_by(SUPERVISOR, "policy-supervisors", "policy-others")
drafts = Routes("policy-drafts")
routes.include(supervisors, others, drafts)


@supervisors.message(Command("policy"))
async def policy(message: Message, ctx: Context, command: CommandObject, state: FSMContext) -> None:
    t, thread = ctx.desk.admin_t, thread_of(message)
    args = (command.args or "").strip().lower()
    if args == "status":
        text = await policy_status.report(ctx.session, ctx.desk, ctx.now)
        await tell(ctx.session, message.chat.id, thread, text, ctx.now)
        return
    if args:
        await tell(ctx.session, message.chat.id, thread, t("policy-admin-usage"), ctx.now)
        return
    if (notice := await dropped(state, ctx.desk, ctx.now)) is not None:
        await tell(ctx.session, message.chat.id, thread, notice, ctx.now)
    await state.set_data({"thread": thread})
    await advance(here(message), state, ctx.session, ctx.desk, Draft(), ctx.now)


@drafts.message(StateFilter(PolicyDraftState), Command("cancel"))
async def cancel(message: Message, ctx: Context, state: FSMContext):
    await state.clear()
    text = ctx.desk.admin_t("policy-admin-cancelled")
    await tell(ctx.session, message.chat.id, thread_of(message), text, ctx.now)


@drafts.message(PolicyDraftState.version, DraftHere())
async def version(message, ctx: Context, draft: Draft, state) -> None:
    checked = await policy_drafts.check_version(ctx.session, message.text)
    if isinstance(checked, Refused):
        return await refuse(message, ctx.session, ctx.desk, checked, ctx.now)
    draft.version = checked
    await advance(here(message), state, ctx.session, ctx.desk, draft, ctx.now)


@drafts.message(PolicyDraftState.effective, DraftHere())
async def effective(message, ctx: Context, draft: Draft, state) -> None:
    checked = policy_drafts.check_date(ctx.desk, message.text, ctx.now)
    if isinstance(checked, Refused):
        return await refuse(message, ctx.session, ctx.desk, checked, ctx.now)
    draft.effective = checked.isoformat()
    await advance(here(message), state, ctx.session, ctx.desk, draft, ctx.now)


@drafts.message(PolicyDraftState.text, DraftHere())
async def text(
    message: Message,
    ctx: Context,
    draft: Draft,
    state: FSMContext,
    policy_upload: str | Refused | None = None,
) -> None:
    if message.document is not None:
        # Downloaded before the update's transaction began (bot.uploads.PolicyUploads).
        got = policy_upload or Refused("policy-admin-file-failed")
        checked = got if isinstance(got, Refused) else policy_drafts.check_text(got)
    else:
        checked = policy_drafts.check_text(message.text)
    if isinstance(checked, Refused):
        return await refuse(message, ctx.session, ctx.desk, checked, ctx.now)
    draft.texts[draft.next_text()] = checked
    await advance(here(message), state, ctx.session, ctx.desk, draft, ctx.now)


@drafts.message(PolicyDraftState.summary, DraftHere())
async def summary(message, ctx: Context, draft: Draft, state) -> None:
    checked = policy_drafts.check_summary(message.text)
    if isinstance(checked, Refused):
        return await refuse(message, ctx.session, ctx.desk, checked, ctx.now)
    draft.summaries[draft.next_summary()] = checked
    await advance(here(message), state, ctx.session, ctx.desk, draft, ctx.now)


@drafts.message(PolicyDraftState.confirm, DraftHere())
async def use_the_buttons(message: Message, ctx: Context) -> None:
    await refuse(message, ctx.session, ctx.desk, Refused("policy-admin-confirm-first"), ctx.now)


@supervisors.callback_query(DraftPress.filter())
async def pressed(
    query: CallbackQuery, callback_data: DraftPress, ctx: Context, state: FSMContext
) -> None:
    t, message = ctx.desk.admin_t, query.message
    if (data := await draft_to_confirm(state)) is None:
        await answer_query(ctx.session, query, ctx.now, t("policy-admin-expired"), alert=True)
        return
    await answer_query(ctx.session, query, ctx.now)
    thread = data.get("thread")
    unbutton = EditMessageReplyMarkup(chat_id=message.chat.id, message_id=message.message_id)
    await call(ctx.session, unbutton, ctx.now, lane=ADMIN_LANE)
    if not callback_data.confirm:
        await state.clear()
        await tell(ctx.session, message.chat.id, thread, t("policy-admin-cancelled"), ctx.now)
        return
    draft = Draft.from_data(data["draft"])
    published = await policy_drafts.publish(
        ctx.session, ctx.desk, draft, query.from_user.id, ctx.now
    )
    if isinstance(published, Refused):  # the name was taken, or a day passed meanwhile
        await tell(ctx.session, message.chat.id, thread, published.text(t), ctx.now)
        if published.message.startswith("policy-admin-version"):
            draft.version = ""
        else:
            draft.effective = ""
        await advance((message.chat.id, thread), state, ctx.session, ctx.desk, draft, ctx.now)
        return
    await state.clear()
    date = format_day(published.effective_date, ctx.desk.admin_locale)
    text = t("policy-admin-published", version=published.version, date=date)
    await tell(ctx.session, message.chat.id, thread, text, ctx.now)


@others.message(Command("policy"))
async def not_a_supervisor(message: Message, ctx: Context) -> None:
    text = ctx.desk.admin_t("policy-admin-not-supervisor")
    await tell(ctx.session, message.chat.id, thread_of(message), text, ctx.now)


@others.callback_query(DraftPress.filter())
async def pressed_by_another(query: CallbackQuery, ctx: Context, state: FSMContext) -> None:
    """A press by someone who is not (or no longer) a supervisor: refused, after the check
    every press meets first (is there a draft of theirs to confirm?)."""
    expired = await draft_to_confirm(state) is None
    text = ctx.desk.admin_t("policy-admin-expired" if expired else "policy-admin-not-supervisor")
    await answer_query(ctx.session, query, ctx.now, text, alert=True)
