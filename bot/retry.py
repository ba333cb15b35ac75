"""429 answers: wait exactly `retry_after`, then send again."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

log = logging.getLogger(__name__)


class RetryAfter(BaseRequestMiddleware):
    """Short waits happen in place; a long one is raised, so the caller keeps the message
    for the retry tick instead of holding an update (and its transaction) for minutes."""

    def __init__(
        self,
        attempts: int = 5,
        longest_wait: float = 10,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.attempts = attempts
        self.longest_wait = longest_wait
        self.sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts or exc.retry_after > self.longest_wait:
                    raise
                log.warning(
                    "429 on %s: waiting %s s (attempt %s)",
                    method.__api_method__,
                    exc.retry_after,
                    attempt,
                )
                await self.sleep(exc.retry_after)
        raise AssertionError("unreachable")
