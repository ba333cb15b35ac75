"""What keeps a request dialog to itself: its buttons act only in it, and it does not outlive a
day (a half-filled dialog left in the FSM is forgotten on the user's next update)."""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from care.common.texts import Catalog
from handlers.filters import MenuButton, Verified
from handlers.keyboards import MENU_BUTTONS
from handlers.rights.request_keyboards import AddingInfo, Intake, IntakeStep
from handlers.routes import Routes
from storage.vocabulary import RequestKind

LIFETIME = timedelta(hours=24)


def started(now: datetime) -> dict[str, str]:
    """FSM data that dates a dialog from now."""
    return {"started": now.isoformat()}


def is_stale(data: dict[str, Any], now: datetime) -> bool:
    """A dialog with no date (or a broken one) is as good as gone."""
    try:
        return now - datetime.fromisoformat(data["started"]) > LIFETIME
    except (KeyError, TypeError, ValueError):
        return True


async def forget_stale(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """Router outer middleware: clear a dialog older than LIFETIME, so this update is handled
    as if there were none."""
    state: FSMContext | None = data.get("state")
    raw = data.get("raw_state")
    in_dialog = state is not None and raw is not None and (raw in Intake or raw in AddingInfo)
    if in_dialog and is_stale(await state.get_data(), data["now"]):
        await state.clear()
        data["raw_state"] = None
    return await handler(event, data)


def attached_file(message: Message) -> tuple[str, str, int] | None:
    """(content type, file id, message id) of a document or photo."""
    if message.photo:
        return "photo", message.photo[-1].file_id, message.message_id
    if message.document:
        return "document", message.document.file_id, message.message_id
    return None


class DialogInput(Filter):
    """What a dialog takes: anything but a command or a menu button (those are left to their
    own handlers)."""

    def __init__(self) -> None:
        self.menu = MenuButton(*MENU_BUTTONS)

    async def __call__(self, message: Message, catalog: Catalog) -> bool:
        text = message.text
        return text is None or not (text.startswith("/") or text in self.menu.texts(catalog))


async def dialog_kind(state: FSMContext) -> RequestKind:
    return RequestKind((await state.get_data())["kind"])


async def this_dialog(
    query: CallbackQuery, callback_data: IntakeStep, state: FSMContext
) -> bool | dict[str, RequestKind]:
    """A dialog button passes only in the dialog it was sent for; another dialog's old button
    falls through to the fallback's "expired" answer."""
    kind = (await state.get_data()).get("kind")
    if kind != callback_data.kind.value:
        return False
    return {"kind": callback_data.kind}


def requests_routes(name: str) -> Routes:
    """A router of the user's side of requests: private chats of verified users (a newer
    policy not yet accepted does not shut them out of their rights), dialogs older than a day
    forgotten first."""
    routes = Routes(name)
    routes.message.filter(F.chat.type == ChatType.PRIVATE, Verified())
    routes.callback_query.filter(F.message.chat.type == ChatType.PRIVATE, Verified())
    routes.message.outer_middleware(forget_stale)
    routes.callback_query.outer_middleware(forget_stale)
    return routes
