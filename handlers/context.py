"""What every handler of one update shares: its transaction, its person, their translator,
the desk, its moment. Built once per update (`bot.middlewares.UserContext`) and handed to
handlers as `ctx`, next to what aiogram itself injects (the message or query, `state`,
`callback_data`) and what a filter found (`kind`, `raw_state`, ...)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import Translator
from storage.models import User


@dataclass(frozen=True, slots=True)
class Context:
    session: AsyncSession  # the update's one transaction
    user: User | None  # the stored user the update came from; None before they started
    t: Translator  # the language they should hear
    desk: Desk
    now: datetime  # the update's one moment (care/ never reads a clock)
    after_commit: list[Callable[[], None]]  # work that must see the update's writes
