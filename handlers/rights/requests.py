"""Filing a rights request: the kinds, then a short dialog per kind (care.rights.intake decides)."""

from aiogram import F
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.clock import utcnow
from care.common.desk import Desk
from care.common.texts import Translator, format_day
from care.rights import intake
from care.rights.filing import Filed
from care.rights.intake import MAX_FILES, MAX_TEXT, Dialog, TextVerdict
from care.rights.requests import is_open
from handlers.filters import MenuButton
from handlers.keyboards import MENU_BUTTONS
from handlers.people.steps import send_menu
from handlers.replies import answer_query, say
from handlers.rights import request_keyboards as kb
from handlers.rights.dialogs import (
    DialogInput,
    attached_file,
    dialog_kind,
    requests_routes,
    started,
    this_dialog,
)
from handlers.rights.request_keyboards import AddingInfo, Intake, IntakeStep, KindChoice, Step
from storage.models import Request, User
from storage.vocabulary import RequestKind

OPENINGS = {  # the first question of each dialog: state, text, buttons
    Dialog.CONFIRM: (Intake.confirm, "intake-access-explain", ((Step.CONFIRM, "confirm"),)),
    Dialog.CORRECTION: (Intake.wrong, "intake-correction-wrong", ()),
    Dialog.TWICE: (Intake.first, "intake-deletion-consequences", ((Step.CONFIRM, "delete"),)),
    Dialog.SCOPE: (
        Intake.scope,
        "intake-withdrawal-scope",
        ((Step.MARKETING, "marketing"), (Step.ALL, "all")),
    ),
    Dialog.FREE_TEXT: (Intake.text, "intake-ask", ()),
}


async def after_filing(session: AsyncSession, user: User, t: Translator, filed: Filed) -> None:
    """The main menu again; first the open request when it was that one and not a new one
    (`file_request` itself announced a new one)."""
    if not filed.created:
        await show_open(session, user, t, filed.request)
    await send_menu(session, user.telegram_id, t, user=user)


def buttons(t: Translator, kind: RequestKind, shown) -> InlineKeyboardMarkup:
    return kb.steps(t, kind, *((step, f"intake-button-{label}") for step, label in shown))


def summary(t: Translator, request: Request) -> dict[str, str]:
    """A request's reference, kind, status and due date in the user's language now."""
    return {
        "reference": request.reference,
        "kind": t(f"request-kind-{request.kind}"),
        "status": t(f"request-state-{request.status}"),
        "due": format_day(request.due_on, t.locale),
        "open": "yes" if is_open(request.status) else "no",  # a closed one has no due date
    }


async def show_open(session: AsyncSession, user: User, t: Translator, request: Request) -> None:
    """A second request of an open kind is not filed: the open one is shown instead."""
    text = t("intake-already-open", **summary(t, request))
    await say(session, user.telegram_id, text, user, kb.show_one(t, request))


async def ask(session, user: User, t: Translator, text: str, markup=None) -> None:
    await say(session, user.telegram_id, text, user, markup)


async def file_collected(
    session: AsyncSession, desk: Desk, user: User, t: Translator, state: FSMContext
) -> None:
    answers = await state.get_data()
    await state.clear()
    kind = RequestKind(answers["kind"])
    filed = await intake.file_from_dialog(session, desk, user, kind, answers, utcnow())
    if kind is RequestKind.WITHDRAWAL:  # marketing stopped at once, whatever the agents do
        await ask(session, user, t, t("intake-marketing-outcome"))
    await after_filing(session, user, t, filed)


async def words(message: Message, user: User, t: Translator, session, state) -> str | None:
    """The message's text, or None after telling the user what is wrong with it."""
    verdict = intake.check_text(message.text)
    if verdict is TextVerdict.OK:
        return message.text.strip()
    if verdict is TextVerdict.TOO_LONG:
        text = t("intake-text-too-long", limit=MAX_TEXT, length=len(message.text))
    else:
        text = t("intake-need-text")
    await ask(session, user, t, text, kb.cancel_only(t, await dialog_kind(state)))
    return None


routes = requests_routes("requests")
typed = DialogInput()


@routes.message(Command("request"))
@routes.message(MenuButton("menu-button-request"))
async def choose_kind(
    message: Message, user: User, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    await state.clear()
    await ask(session, user, t, t("intake-choose-kind"), kb.kinds(t))


@routes.message(Command("cancel"))
async def cancel(
    message: Message, user: User, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    current = await state.get_state()
    await state.clear()
    if current is None:
        text = t("intake-nothing-to-cancel")
    elif current in AddingInfo:
        text = t("my-request-info-done")
    else:
        text = t("intake-cancelled")
    await send_menu(session, message.chat.id, t, text, user)


@routes.callback_query(IntakeStep.filter(F.step == Step.CANCEL), StateFilter(Intake), this_dialog)
async def cancel_button(
    query: CallbackQuery, user: User, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    await state.clear()
    await answer_query(session, query)
    await send_menu(session, user.telegram_id, t, t("intake-cancelled"), user)


@routes.message(StateFilter(Intake, AddingInfo), MenuButton(*MENU_BUTTONS))
async def menu_mid_dialog(
    message: Message, user: User, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    """A menu button leaves the dialog (nothing is filed) and does what it says."""
    left = "my-request-info-done" if await state.get_state() in AddingInfo else "intake-left"
    await state.clear()
    await ask(session, user, t, t(left))
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
) -> None:
    kind = callback_data.kind
    await answer_query(session, query)
    await state.clear()
    existing = await intake.open_request(session, user, kind)
    if existing is not None:  # checked before any question is asked
        await show_open(session, user, t, existing)
        return
    next_state, text_id, shown = OPENINGS[intake.ASKS[kind]]
    await state.set_state(next_state)
    await state.update_data(kind=kind.value, files=[], **started())
    if intake.ASKS[kind] is Dialog.FREE_TEXT:
        text = t(f"{text_id}-{kind}", limit=MAX_TEXT)
    else:
        text = t(text_id)
    await ask(session, user, t, text, buttons(t, kind, shown))


@routes.callback_query(IntakeStep.filter(F.step == Step.CONFIRM), Intake.first, this_dialog)
async def deletion_once(
    query: CallbackQuery,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    kind: RequestKind,
) -> None:
    await answer_query(session, query)
    await state.set_state(Intake.second)
    again = buttons(t, kind, ((Step.AGAIN, "delete-for-good"),))
    await ask(session, user, t, t("intake-deletion-again"), again)


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
) -> None:
    await answer_query(session, query)
    await file_collected(session, desk, user, t, state)


@routes.callback_query(IntakeStep.filter(F.step == Step.MARKETING), Intake.scope, this_dialog)
async def marketing_only(
    query: CallbackQuery,
    user: User,
    t: Translator,
    session: AsyncSession,
    desk: Desk,
    state: FSMContext,
) -> None:
    await answer_query(session, query)
    await state.clear()
    filed = await intake.withdraw_marketing(session, desk, user, utcnow())
    if not filed.created:  # a withdrawal of all consent is open; marketing stopped anyway
        await ask(session, user, t, t("intake-marketing-outcome"))
    await after_filing(session, user, t, filed)


@routes.callback_query(IntakeStep.filter(F.step == Step.ALL), Intake.scope, this_dialog)
async def all_processing(
    query: CallbackQuery,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    kind: RequestKind,
) -> None:
    await answer_query(session, query)
    await state.set_state(Intake.confirm)
    text = t("intake-withdrawal-all-explain")
    await ask(session, user, t, text, buttons(t, kind, ((Step.CONFIRM, "confirm"),)))


@routes.message(Intake.wrong, typed)
async def what_is_wrong(
    message: Message, user: User, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    if (text := await words(message, user, t, session, state)) is None:
        return
    await state.update_data(wrong=text)
    await state.set_state(Intake.right)
    cancel = kb.cancel_only(t, await dialog_kind(state))
    await ask(session, user, t, t("intake-correction-right"), cancel)


@routes.message(Intake.right, typed)
@routes.message(Intake.text, typed)
async def last_words(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    raw_state: str | None,
) -> None:
    if (text := await words(message, user, t, session, state)) is None:
        return
    await state.update_data(**{"right" if raw_state == Intake.right.state else "text": text})
    await state.set_state(Intake.files)
    done = kb.files_done(t, await dialog_kind(state), 0)
    await ask(session, user, t, t("intake-files-prompt", limit=MAX_FILES), done)


@routes.message(Intake.files, typed)
async def a_file(
    message: Message, user: User, t: Translator, session: AsyncSession, state: FSMContext
) -> None:
    data = await state.get_data()
    files, kind = list(data.get("files", [])), RequestKind(data["kind"])
    found = attached_file(message)
    if found is None:
        await ask(session, user, t, t("intake-files-expected"), kb.files_done(t, kind, len(files)))
        return
    if not intake.room_for_files(files):
        group = message.media_group_id
        if group is None or data.get("refused_album") != group:  # one note per album
            await state.update_data(refused_album=group)
            text = t("intake-too-many-files", limit=MAX_FILES)
            await ask(session, user, t, text, kb.files_done(t, kind, len(files)))
        return
    files.append(list(found))
    await state.update_data(files=files)
    text = t("intake-file-added", count=len(files), limit=MAX_FILES)
    await ask(session, user, t, text, kb.files_done(t, kind, len(files)))


@routes.message(StateFilter(Intake.confirm, Intake.first, Intake.second, Intake.scope), typed)
async def use_buttons(message: Message, user: User, t: Translator, session) -> None:
    await ask(session, user, t, t("intake-use-buttons"))
