"""Per-update context: one database session and transaction, the user, their translator, all
handed to handlers as one `ctx` (handlers.context.Context)."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TelegramUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.fsm import update_session
from care.common.texts import Catalog, pick_locale
from care.outbound.gate import WriteGate
from handlers.context import Context
from storage import updates
from storage.people import users

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlight(BaseMiddleware):
    """Counts updates being handled, so a shutdown can let them finish first."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self.count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.count -= 1
            if self.count == 0:
                self._idle.set()

    async def wait_idle(self, timeout: float) -> bool:
        """True once nothing is in flight; False if `timeout` passed first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class DatabaseSession(BaseMiddleware):
    """One transaction per update: committed when the handler returns, rolled back when it
    raises. An update handled before (Telegram resends what a restart left unconfirmed) is
    skipped. What the update recorded in the outbox is sent once the commit wakes the sender;
    handlers put other work that must see their writes (album timers, the scrub of the
    database files after an erasure) in `after_commit`. The update's moment is read once from
    `clock` and handed on as `now`, the one time of the update: handlers take it and pass it
    to the domain, which never reads a clock itself.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        gate: WriteGate,
        wake: Callable[[], None],
        clock: Callable[[], datetime],
    ) -> None:
        self.sessionmaker = sessionmaker
        self.gate = gate
        self.wake = wake  # the sender: what the update recorded goes out right after commit
        self.clock = clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        after_commit: list[Callable[[], None]] = []
        async with self.gate.passage(), self.sessionmaker() as session:
            now = self.clock()
            if isinstance(event, Update) and not await updates.first_time(
                session, event.update_id, now
            ):
                log.info("update %s was handled before; skipped", event.update_id)
                return None
            data["session"] = session
            data["after_commit"] = after_commit
            data["now"] = now
            token = update_session.set(session)
            try:
                result = await handler(event, data)
            finally:
                update_session.reset(token)
            await session.commit()
        self.wake()
        for callback in after_commit:
            callback()
        return result


class UserContext(BaseMiddleware):
    """Loads the stored user (or None) and picks the translator they should hear; then puts
    the update's `ctx` together (the innermost middleware: all its parts are known here)."""

    def __init__(self, catalog: Catalog, default_locale: str) -> None:
        self.catalog = catalog
        self.default_locale = default_locale

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        person: TelegramUser | None = data.get("event_from_user")
        user = None
        if person is not None and not person.is_bot:
            chat = data.get("event_chat")
            private = chat is not None and chat.type == "private"
            user = await users.get_by_telegram_id(data["session"], person.id, lock=private)
        if user is not None:
            locale = user.language
        else:
            code = person.language_code if person else None
            locale = pick_locale(code, self.default_locale)
        data["user"] = user  # filters ask for them by name
        data["t"] = t = self.catalog.translator(locale)
        data["ctx"] = Context(
            session=data["session"],
            user=user,
            t=t,
            desk=data["desk"],
            now=data["now"],
            after_commit=data["after_commit"],
        )
        return await handler(event, data)
