"""The privacy-policy version in force, looked up once per update."""

from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from care.people.policies import policy_id_in_force

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PolicyContext(BaseMiddleware):
    """Puts `policy_in_force_id` into the data: a user's onboarding stage depends on it
    (`care.people.onboarding.stage_of`), and the stage filters of many routers ask for it."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["policy_in_force_id"] = await policy_id_in_force(data["session"], self.tz, data["now"])
        return await handler(event, data)
