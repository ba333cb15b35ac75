"""What a performer of outbox rows works with: the Bot, the desk, short transactions."""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from care.common.desk import Desk
from care.outbound.faults import Fault, classify
from care.outbound.gate import WriteGate
from care.outbound.outbox import P
from storage.models import OutboxEntry

# What a successful send leaves to record, in the same short transaction that ends its row.
Result = Callable[[AsyncSession], Awaitable[None]] | None


@dataclass
class SendContext:
    bot: Bot
    desk: Desk
    sessionmaker: async_sessionmaker[AsyncSession]
    gate: WriteGate

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A short transaction (one writer at a time on SQLite)."""
        async with self.gate.passage(), self.sessionmaker.begin() as session:
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self.sessionmaker() as session:
            yield session


class Performer(Protocol[P]):
    """Sends one kind of row. The sender reads each row back as the performer's `payload`
    model and hands it over with the row; a row that does not fit never reaches it. `now`
    is the send's moment, read once by the sender: what the performer records (and what
    its result records after the send) is at that moment."""

    payload: type[P]

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: P, now: datetime
    ) -> Result:
        """Make the calls the row stands for; raise TelegramAPIError when one fails."""

    async def failed(
        self,
        context: SendContext,
        session: AsyncSession,
        entry: OutboxEntry,
        payload: P,
        fault: Fault,
        exc: TelegramAPIError,
        now: datetime,
    ) -> None:
        """Record what a failure means (blocked, refused, delayed) beside the row's fate."""


async def edit_in_place(
    bot: Bot, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """Edit a message the bot keeps up to date (a card, a progress message); False when it is
    gone (a human deleted it, or its topic), so the caller posts it anew. An edit that changes
    nothing is done; any other failure is raised for the sender's classifier."""
    try:
        await bot.edit_message_text(
            text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
    except TelegramBadRequest as exc:
        if classify(exc, to_user=False) is Fault.NOT_MODIFIED:
            return True
        if "message to edit not found" in exc.message.lower():
            return False
        raise
    return True
