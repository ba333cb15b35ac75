"""Per-update context: one database session and transaction, the user, their translator."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TelegramUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care.texts import Catalog, pick_locale
from storage import users

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
    """Commits when the handler returns, rolls back when it raises."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.sessionmaker() as session:
            data["session"] = session
            result = await handler(event, data)
            await session.commit()
            return result


class UserContext(BaseMiddleware):
    """Loads the stored user (or None) and picks the translator they should hear."""

    def __init__(self, catalog: Catalog, default_locale: str) -> None:
        self.catalog = catalog
        self.default_locale = default_locale

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        person: TelegramUser | None = data.get("event_from_user")
        user = None
        if person is not None and not person.is_bot:
            user = await users.get_by_telegram_id(data["session"], person.id)
        if user is not None:
            locale = user.language
        else:
            code = person.language_code if person else None
            locale = pick_locale(code, self.default_locale)
        data["user"] = user
        data["t"] = self.catalog.translator(locale)
        return await handler(event, data)
