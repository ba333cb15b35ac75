"""Filing a rights request: the kinds, then a short dialog per kind (care.rights.intake decides)."""

from datetime import datetime

from aiogram import F
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import Translator
from care.rights import intake
from care.rights.intake import MAX_FILES, MAX_TEXT, Dialog
from handlers.filters import MenuButton
from handlers.keyboards import MENU_BUTTONS
from handlers.people.steps import send_menu
from handlers.replies import answer_query
from handlers.rights import request_keyboards as kb
from handlers.rights.dialogs import (
    DialogInput,
    attached_file,
    dialog_kind,
    requests_routes,
    started,
    this_dialog,
)
from handlers.rights.intake_steps import (
    OPENINGS,
    after_filing,
    ask,
    buttons,
    file_collected,
    show_open,
    words,
)
from handlers.rights.request_keyboards import AddingInfo, Intake, IntakeStep, KindChoice, Step
from storage.models import User
from storage.vocabulary import RequestKind

routes = requests_routes("requests")
typed = DialogInput()


@routes.message(Command("request"))
@routes.message(MenuButton("menu-button-request"))
async def choose_kind(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    now: datetime,
) -> None:
    await state.clear()
    await ask(session, user, t, t("intake-choose-kind"), now, kb.kinds(t))


@routes.message(Command("cancel"))
async def cancel(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    now: datetime,
) -> None:
    current = await state.get_state()
    await state.clear()
    if current is None:
        text = t("intake-nothing-to-cancel")
    elif current in AddingInfo:
        text = t("my-request-info-done")
    else:
        text = t("intake-cancelled")
    await send_menu(session, message.chat.id, t, now, text, user)


@routes.callback_query(IntakeStep.filter(F.step == Step.CANCEL), StateFilter(Intake), this_dialog)
async def cancel_button(
    query: CallbackQuery,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    now: datetime,
) -> None:
    await state.clear()
    await answer_query(session, query, now)
    await send_menu(session, user.telegram_id, t, now, t("intake-cancelled"), user)


@routes.message(StateFilter(Intake, AddingInfo), MenuButton(*MENU_BUTTONS))
async def menu_mid_dialog(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    now: datetime,
) -> None:
    """A menu button leaves the dialog (nothing is filed) and does what it says."""
    left = "my-request-info-done" if await state.get_state() in AddingInfo else "intake-left"
    await state.clear()
    await ask(session, user, t, t(left), now)
    raise SkipHandler


@routes.callback_query(KindChoice.filter())
async def kind_chosen(
    query: CallbackQuery,
    callback_data: KindChoice,
    user: User,
    t: Translator,
    session: AsyncSession,
    desk: Desk,
    state: FSMContext,
    now: datetime,
) -> None:
    kind = callback_data.kind
    await answer_query(session, query, now)
    await state.clear()
    existing = await intake.open_request(session, user, kind)
    if existing is not None:  # checked before any question is asked
        await show_open(session, user, t, existing, now)
        return
    next_state, text_id, shown = OPENINGS[intake.ASKS[kind]]
    await state.set_state(next_state)
    await state.update_data(kind=kind.value, files=[], **started(now))
    if intake.ASKS[kind] is Dialog.FREE_TEXT:
        text = t(f"{text_id}-{kind}", limit=MAX_TEXT)
    else:
        text = t(text_id)
    await ask(session, user, t, text, now, buttons(t, kind, shown))


@routes.callback_query(IntakeStep.filter(F.step == Step.CONFIRM), Intake.first, this_dialog)
async def deletion_once(
    query: CallbackQuery,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    kind: RequestKind,
    now: datetime,
) -> None:
    await answer_query(session, query, now)
    await state.set_state(Intake.second)
    again = buttons(t, kind, ((Step.AGAIN, "delete-for-good"),))
    await ask(session, user, t, t("intake-deletion-again"), now, again)


@routes.callback_query(IntakeStep.filter(F.step == Step.CONFIRM), Intake.confirm, this_dialog)
@routes.callback_query(IntakeStep.filter(F.step == Step.AGAIN), Intake.second, this_dialog)
@routes.callback_query(IntakeStep.filter(F.step == Step.DONE), Intake.files, this_dialog)
async def confirmed(
    query: CallbackQuery,
    user: User,
    t: Translator,
    session: AsyncSession,
    desk: Desk,
    state: FSMContext,
    now: datetime,
) -> None:
    await answer_query(session, query, now)
    await file_collected(session, desk, user, t, state, now)


@routes.callback_query(IntakeStep.filter(F.step == Step.MARKETING), Intake.scope, this_dialog)
async def marketing_only(
    query: CallbackQuery,
    user: User,
    t: Translator,
    session: AsyncSession,
    desk: Desk,
    state: FSMContext,
    now: datetime,
) -> None:
    await answer_query(session, query, now)
    await state.clear()
    filed = await intake.withdraw_marketing(session, desk, user, now)
    if not filed.created:  # a withdrawal of all consent is open; marketing stopped anyway
        await ask(session, user, t, t("intake-marketing-outcome"), now)
    await after_filing(session, user, t, filed, now)


@routes.callback_query(IntakeStep.filter(F.step == Step.ALL), Intake.scope, this_dialog)
async def all_processing(
    query: CallbackQuery,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    kind: RequestKind,
    now: datetime,
) -> None:
    await answer_query(session, query, now)
    await state.set_state(Intake.confirm)
    text = t("intake-withdrawal-all-explain")
    await ask(session, user, t, text, now, buttons(t, kind, ((Step.CONFIRM, "confirm"),)))


@routes.message(Intake.wrong, typed)
async def what_is_wrong(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    now: datetime,
) -> None:
    if (text := await words(message, user, t, session, state, now)) is None:
        return
    await state.update_data(wrong=text)
    await state.set_state(Intake.right)
    cancel = kb.cancel_only(t, await dialog_kind(state))
    await ask(session, user, t, t("intake-correction-right"), now, cancel)


@routes.message(Intake.right, typed)
@routes.message(Intake.text, typed)
async def last_words(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    raw_state: str | None,
    now: datetime,
) -> None:
    if (text := await words(message, user, t, session, state, now)) is None:
        return
    await state.update_data(**{"right" if raw_state == Intake.right.state else "text": text})
    await state.set_state(Intake.files)
    done = kb.files_done(t, await dialog_kind(state), 0)
    await ask(session, user, t, t("intake-files-prompt", limit=MAX_FILES), now, done)


@routes.message(Intake.files, typed)
async def a_file(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    now: datetime,
) -> None:
    data = await state.get_data()
    files, kind = list(data.get("files", [])), RequestKind(data["kind"])
    found = attached_file(message)
    if found is None:
        await ask(
            session, user, t, t("intake-files-expected"), now, kb.files_done(t, kind, len(files))
        )
        return
    if not intake.room_for_files(files):
        group = message.media_group_id
        if group is None or data.get("refused_album") != group:  # one note per album
            await state.update_data(refused_album=group)
            text = t("intake-too-many-files", limit=MAX_FILES)
            await ask(session, user, t, text, now, kb.files_done(t, kind, len(files)))
        return
    files.append(list(found))
    await state.update_data(files=files)
    text = t("intake-file-added", count=len(files), limit=MAX_FILES)
    await ask(session, user, t, text, now, kb.files_done(t, kind, len(files)))


@routes.message(StateFilter(Intake.confirm, Intake.first, Intake.second, Intake.scope), typed)
async def use_buttons(message: Message, user: User, t: Translator, session, now: datetime) -> None:
    await ask(session, user, t, t("intake-use-buttons"), now)
