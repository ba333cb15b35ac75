"""Errors are answered, never swallowed: an apology, a log line with the update id."""

import logging
from collections import deque
from collections.abc import Callable
from datetime import datetime

from aiogram.enums import ChatType
from aiogram.filters import ExceptionTypeFilter
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import ErrorEvent
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care.common.desk import Desk
from care.common.texts import pick_locale
from care.outbound.gate import WriteGate
from care.outbound.outbox import ADMIN_LANE, call, chat_lane
from handlers.routes import Routes

log = logging.getLogger("qamqor")


routes = Routes("errors")


# A database error (a lock timeout, a concurrent insert, the server away) is not ours to
# apologise for: it propagates, the update is not confirmed, and Telegram sends it again.
@routes.errors(~ExceptionTypeFilter(DBAPIError))
async def apologise(
    event: ErrorEvent,
    desk: Desk,
    sessionmaker: async_sessionmaker[AsyncSession],
    gate: WriteGate,
    wake: Callable[[], None],
    failures: deque[int],
    clock: Callable[[], datetime],
    now: datetime | None = None,
) -> None:
    """The update's transaction is rolled back already; say sorry in a fresh one, at the
    update's moment (read from the dispatcher's `clock` when the update failed before the
    moment was read, in a middleware ahead of its transaction)."""
    now = now if now is not None else clock()
    update = event.update
    failures.append(update.update_id)
    log.error(
        "update %s failed: %s",
        update.update_id,
        type(event.exception).__name__,
        exc_info=(type(event.exception), event.exception, event.exception.__traceback__),
    )
    message = update.message or update.edited_message
    query = update.callback_query
    if query is not None:
        chat_id, person, lane = (
            query.from_user.id,
            query.from_user,
            chat_lane(query.from_user.id),
        )
    elif message is not None and message.chat.type == ChatType.PRIVATE:
        chat_id, person, lane = message.chat.id, message.from_user, chat_lane(message.chat.id)
    elif message is not None and message.chat.id == desk.admin_chat_id:
        chat_id, person, lane = message.chat.id, None, ADMIN_LANE
    else:
        return
    if person is None:
        text = desk.admin_t("error-apology")
    else:
        locale = pick_locale(person.language_code, desk.admin_locale)
        text = desk.catalog.translator(locale)("error-apology")
    thread = message.message_thread_id if message is not None and lane == ADMIN_LANE else None
    method = SendMessage(chat_id=chat_id, text=text, message_thread_id=thread)
    async with gate.passage(), sessionmaker.begin() as session:
        await call(session, method, now, lane=lane)
        if query is not None:  # stop the button's spinner too
            stop_spinner = AnswerCallbackQuery(callback_query_id=query.id)
            await call(session, stop_spinner, now, lane=f"query:{query.from_user.id}")
    wake()
