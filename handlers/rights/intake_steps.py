"""The parts of a request dialog that are not handlers: how each dialog opens, how a question
is put, what filing ends with, and a request's summary in the user's language."""

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message

from care.common.texts import Translator, format_day
from care.rights import intake
from care.rights.filing import Filed
from care.rights.intake import MAX_TEXT, Dialog, TextVerdict
from care.rights.requests import is_open
from handlers.context import Context
from handlers.people.steps import send_menu
from handlers.replies import say
from handlers.rights import request_keyboards as kb
from handlers.rights.dialogs import dialog_kind
from handlers.rights.request_keyboards import Intake, Step
from storage.models import Request
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


async def after_filing(ctx: Context, filed: Filed) -> None:
    """The main menu again; first the open request when it was that one and not a new one
    (`file_request` itself announced a new one)."""
    if not filed.created:
        await show_open(ctx, filed.request)
    await send_menu(ctx.session, ctx.user.telegram_id, ctx.t, ctx.now, user=ctx.user)


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


async def show_open(ctx: Context, request: Request) -> None:
    """A second request of an open kind is not filed: the open one is shown instead."""
    text = ctx.t("intake-already-open", **summary(ctx.t, request))
    await say(
        ctx.session, ctx.user.telegram_id, text, ctx.now, ctx.user, kb.show_one(ctx.t, request)
    )


async def ask(ctx: Context, text: str, markup=None) -> None:
    await say(ctx.session, ctx.user.telegram_id, text, ctx.now, ctx.user, markup)


async def file_collected(ctx: Context, state: FSMContext) -> None:
    answers = await state.get_data()
    await state.clear()
    kind = RequestKind(answers["kind"])
    filed = await intake.file_from_dialog(ctx.session, ctx.desk, ctx.user, kind, answers, ctx.now)
    if kind is RequestKind.WITHDRAWAL:  # marketing stopped at once, whatever the agents do
        await ask(ctx, ctx.t("intake-marketing-outcome"))
    await after_filing(ctx, filed)


async def words(message: Message, ctx: Context, state) -> str | None:
    """The message's text, or None after telling the user what is wrong with it."""
    verdict = intake.check_text(message.text)
    if verdict is TextVerdict.OK:
        return message.text.strip()
    if verdict is TextVerdict.TOO_LONG:
        text = ctx.t("intake-text-too-long", limit=MAX_TEXT, length=len(message.text))
    else:
        text = ctx.t("intake-need-text")
    await ask(ctx, text, kb.cancel_only(ctx.t, await dialog_kind(state)))
    return None
