"""Documents a supervisor sends as a policy text, downloaded before the update's transaction.

A download is a network call of unknown length, and the update's transaction (with SQLite,
the one write gate every other update waits for) must never wait on the network. So this
outer middleware runs before the session middleware: for a document in the admin chat from
someone whose policy draft waits for a text, it downloads the file (bounded in size and time)
and hands the text, or the reason it cannot be used, to the handler as `policy_upload`. The
state is read in a short read of its own, before the update's transaction begins.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from io import BytesIO
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.types import Document, TelegramObject, Update

from care.notices.policy_drafts import Refused, check_file, decode_file
from handlers.waiting import PolicyDraftState

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
DOWNLOAD_TIMEOUT = 20.0  # seconds


async def fetch(bot: Bot, document: Document, timeout: float = DOWNLOAD_TIMEOUT) -> str | Refused:
    refused = check_file(document.file_name, document.file_size)
    if refused is not None:
        return refused  # nothing downloaded
    try:
        buffer = await asyncio.wait_for(bot.download(document, destination=BytesIO()), timeout)
    except Exception as exc:  # any failure of Telegram or the network: the supervisor retries
        log.warning("policy text download failed: %s", type(exc).__name__)
        return Refused("policy-admin-file-failed")
    return decode_file(buffer.getvalue())


class PolicyUploads(BaseMiddleware):
    def __init__(self, admin_chat_id: int, fsm: FSMContextMiddleware) -> None:
        self.admin_chat_id = admin_chat_id
        self.fsm = fsm

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        message = event.message if isinstance(event, Update) else None
        if (
            message is not None
            and message.document is not None
            and message.chat.id == self.admin_chat_id
            and message.from_user is not None
            and not message.from_user.is_bot
        ):
            context = self.fsm.resolve_event_context(data["bot"], data)
            if context is not None and await context.get_state() == PolicyDraftState.text.state:
                data["policy_upload"] = await fetch(data["bot"], message.document)
        return await handler(event, data)
