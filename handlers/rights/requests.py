"""Filing a rights request: the kinds, then a short dialog per kind (care.rights.intake decides)."""

from aiogram import F
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from care.rights import intake
from care.rights.intake import MAX_FILES, MAX_TEXT, Dialog
from handlers.context import Context
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
from storage.vocabulary import RequestKind

routes = requests_routes("requests")
typed = DialogInput()


@routes.message(Command("request"))
@routes.message(MenuButton("menu-button-request"))
async def choose_kind(message: Message, ctx: Context, state: FSMContext) -> None:
    await state.clear()
    await ask(ctx, ctx.t("intake-choose-kind"), kb.kinds(ctx.t))


@routes.message(Command("cancel"))
async def cancel(message: Message, ctx: Context, state: FSMContext) -> None:
    current = await state.get_state()
    await state.clear()
    if current is None:
        text = ctx.t("intake-nothing-to-cancel")
    elif current in AddingInfo:
        text = ctx.t("my-request-info-done")
    else:
        text = ctx.t("intake-cancelled")
    await send_menu(ctx.session, message.chat.id, ctx.t, ctx.now, text, ctx.user)


@routes.callback_query(IntakeStep.filter(F.step == Step.CANCEL), StateFilter(Intake), this_dialog)
async def cancel_button(query: CallbackQuery, ctx: Context, state: FSMContext) -> None:
    await state.clear()
    await answer_query(ctx.session, query, ctx.now)
    await send_menu(
        ctx.session, ctx.user.telegram_id, ctx.t, ctx.now, ctx.t("intake-cancelled"), ctx.user
    )


@routes.message(StateFilter(Intake, AddingInfo), MenuButton(*MENU_BUTTONS))
async def menu_mid_dialog(message: Message, ctx: Context, state: FSMContext) -> None:
    """A menu button leaves the dialog (nothing is filed) and does what it says."""
    left = "my-request-info-done" if await state.get_state() in AddingInfo else "intake-left"
    await state.clear()
    await ask(ctx, ctx.t(left))
    raise SkipHandler


@routes.callback_query(KindChoice.filter())
async def kind_chosen(
    query: CallbackQuery, callback_data: KindChoice, ctx: Context, state: FSMContext
) -> None:
    kind = callback_data.kind
    await answer_query(ctx.session, query, ctx.now)
    await state.clear()
    existing = await intake.open_request(ctx.session, ctx.user, kind)
    if existing is not None:  # checked before any question is asked
        await show_open(ctx, existing)
        return
    next_state, text_id, shown = OPENINGS[intake.ASKS[kind]]
    await state.set_state(next_state)
    await state.update_data(kind=kind.value, files=[], **started(ctx.now))
    if intake.ASKS[kind] is Dialog.FREE_TEXT:
        text = ctx.t(f"{text_id}-{kind}", limit=MAX_TEXT)
    else:
        text = ctx.t(text_id)
    await ask(ctx, text, buttons(ctx.t, kind, shown))


@routes.callback_query(IntakeStep.filter(F.step == Step.CONFIRM), Intake.first, this_dialog)
async def deletion_once(
    query: CallbackQuery, ctx: Context, state: FSMContext, kind: RequestKind
) -> None:
    await answer_query(ctx.session, query, ctx.now)
    await state.set_state(Intake.second)
    again = buttons(ctx.t, kind, ((Step.AGAIN, "delete-for-good"),))
    await ask(ctx, ctx.t("intake-deletion-again"), again)


@routes.callback_query(IntakeStep.filter(F.step == Step.CONFIRM), Intake.confirm, this_dialog)
@routes.callback_query(IntakeStep.filter(F.step == Step.AGAIN), Intake.second, this_dialog)
@routes.callback_query(IntakeStep.filter(F.step == Step.DONE), Intake.files, this_dialog)
async def confirmed(query: CallbackQuery, ctx: Context, state: FSMContext) -> None:
    await answer_query(ctx.session, query, ctx.now)
    await file_collected(ctx, state)


@routes.callback_query(IntakeStep.filter(F.step == Step.MARKETING), Intake.scope, this_dialog)
async def marketing_only(query: CallbackQuery, ctx: Context, state: FSMContext) -> None:
    await answer_query(ctx.session, query, ctx.now)
    await state.clear()
    filed = await intake.withdraw_marketing(ctx.session, ctx.desk, ctx.user, ctx.now)
    if not filed.created:  # a withdrawal of all consent is open; marketing stopped anyway
        await ask(ctx, ctx.t("intake-marketing-outcome"))
    await after_filing(ctx, filed)


@routes.callback_query(IntakeStep.filter(F.step == Step.ALL), Intake.scope, this_dialog)
async def all_processing(
    query: CallbackQuery, ctx: Context, state: FSMContext, kind: RequestKind
) -> None:
    await answer_query(ctx.session, query, ctx.now)
    await state.set_state(Intake.confirm)
    text = ctx.t("intake-withdrawal-all-explain")
    await ask(ctx, text, buttons(ctx.t, kind, ((Step.CONFIRM, "confirm"),)))


@routes.message(Intake.wrong, typed)
async def what_is_wrong(message: Message, ctx: Context, state: FSMContext) -> None:
    if (text := await words(message, ctx, state)) is None:
        return
    await state.update_data(wrong=text)
    await state.set_state(Intake.right)
    cancel = kb.cancel_only(ctx.t, await dialog_kind(state))
    await ask(ctx, ctx.t("intake-correction-right"), cancel)


@routes.message(Intake.right, typed)
@routes.message(Intake.text, typed)
async def last_words(
    message: Message, ctx: Context, state: FSMContext, raw_state: str | None
) -> None:
    if (text := await words(message, ctx, state)) is None:
        return
    await state.update_data(**{"right" if raw_state == Intake.right.state else "text": text})
    await state.set_state(Intake.files)
    done = kb.files_done(ctx.t, await dialog_kind(state), 0)
    await ask(ctx, ctx.t("intake-files-prompt", limit=MAX_FILES), done)


@routes.message(Intake.files, typed)
async def a_file(message: Message, ctx: Context, state: FSMContext) -> None:
    data = await state.get_data()
    files, kind = list(data.get("files", [])), RequestKind(data["kind"])
    found = attached_file(message)
    if found is None:
        await ask(ctx, ctx.t("intake-files-expected"), kb.files_done(ctx.t, kind, len(files)))
        return
    if not intake.room_for_files(files):
        group = message.media_group_id
        if group is None or data.get("refused_album") != group:  # one note per album
            await state.update_data(refused_album=group)
            text = ctx.t("intake-too-many-files", limit=MAX_FILES)
            await ask(ctx, text, kb.files_done(ctx.t, kind, len(files)))
        return
    files.append(list(found))
    await state.update_data(files=files)
    text = ctx.t("intake-file-added", count=len(files), limit=MAX_FILES)
    await ask(ctx, text, kb.files_done(ctx.t, kind, len(files)))


@routes.message(StateFilter(Intake.confirm, Intake.first, Intake.second, Intake.scope), typed)
async def use_buttons(message: Message, ctx: Context) -> None:
    await ask(ctx, ctx.t("intake-use-buttons"))
