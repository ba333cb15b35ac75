"""Dialog states, callback data and keyboards of the user's side of requests."""

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from care.common.texts import Translator
from storage.models import Request
from storage.vocabulary import OPEN_REQUEST_STATUSES, RequestKind, RequestStatus


class Intake(StatesGroup):
    """A request being filled in; what it collected so far is in the FSM data."""

    confirm = State()  # access, withdrawal of all consent: one confirmation
    wrong = State()  # correction: what is wrong
    right = State()  # correction: what it should be
    first = State()  # deletion: the consequences, first confirmation
    second = State()  # deletion: the second confirmation
    scope = State()  # withdrawal: which consent
    text = State()  # blocking, objection, complaint, question: the user's words
    files = State()  # documents or photos, then Done


class AddingInfo(StatesGroup):
    collecting = State()  # messages and files attach to the request in the FSM data


class KindChoice(CallbackData, prefix="ik"):
    kind: RequestKind


class Step(StrEnum):
    CONFIRM = "confirm"
    AGAIN = "again"  # deletion's second confirmation
    DONE = "done"  # no (more) files
    CANCEL = "cancel"
    MARKETING = "marketing"
    ALL = "all"


class IntakeStep(CallbackData, prefix="is"):
    """A dialog's button; `kind` names the dialog, so a button left under another (older)
    dialog's question does not act in the current one."""

    step: Step
    kind: RequestKind


class Mine(StrEnum):
    LIST = "list"
    SHOW = "show"
    WITHDRAW = "withdraw"  # asks to confirm
    WITHDRAW_SURE = "sure"
    ADD_INFO = "info"
    INFO_DONE = "infodone"


# A request's id as a button may carry it: a forged id out of the database's range (32-bit
# on PostgreSQL) does not parse, so it never reaches a query.
RequestId = Annotated[int, Field(ge=0, le=2**31 - 1)]


class MyRequest(CallbackData, prefix="my"):
    action: Mine
    request: RequestId = 0


def _button(text: str, data: CallbackData) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=data.pack())]


def kinds(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for kind in RequestKind:
        builder.button(text=t(f"request-kind-{kind}"), callback_data=KindChoice(kind=kind))
    builder.adjust(1)
    return builder.as_markup()


def steps(t: Translator, kind: RequestKind, *shown: tuple[Step, str]) -> InlineKeyboardMarkup:
    """The given buttons of `kind`'s dialog, each on its row, and Cancel under them."""
    rows = [_button(t(text_id), IntakeStep(step=step, kind=kind)) for step, text_id in shown]
    rows.append(_button(t("intake-button-cancel"), IntakeStep(step=Step.CANCEL, kind=kind)))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def cancel_only(t: Translator, kind: RequestKind) -> InlineKeyboardMarkup:
    return steps(t, kind)


def files_done(t: Translator, kind: RequestKind, count: int) -> InlineKeyboardMarkup:
    label = "intake-button-done" if count else "intake-button-no-files"
    return steps(t, kind, (Step.DONE, label))


def request_list(t: Translator, listed: list[Request]) -> InlineKeyboardMarkup:
    rows = [
        _button(
            f"{request.reference} · {t(f'request-kind-{request.kind}')}",
            MyRequest(action=Mine.SHOW, request=request.id),
        )
        for request in listed
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def show_one(t: Translator, request: Request) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            _button(t("my-button-show"), MyRequest(action=Mine.SHOW, request=request.id))
        ]
    )


def detail(t: Translator, request: Request) -> InlineKeyboardMarkup:
    rows = []
    if request.status == RequestStatus.AWAITING_USER:
        rows.append(
            _button(t("my-button-add-info"), MyRequest(action=Mine.ADD_INFO, request=request.id))
        )
    if request.status in OPEN_REQUEST_STATUSES:
        rows.append(
            _button(t("my-button-withdraw"), MyRequest(action=Mine.WITHDRAW, request=request.id))
        )
    rows.append(_button(t("my-button-back"), MyRequest(action=Mine.LIST)))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def withdraw_sure(t: Translator, request: Request) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            _button(
                t("my-button-withdraw-sure"),
                MyRequest(action=Mine.WITHDRAW_SURE, request=request.id),
            ),
            _button(t("my-button-keep"), MyRequest(action=Mine.SHOW, request=request.id)),
        ]
    )


def info_done(t: Translator, request: Request) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            _button(t("my-button-info-done"), MyRequest(action=Mine.INFO_DONE, request=request.id))
        ]
    )
