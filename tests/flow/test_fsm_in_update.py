"""FSM state in the database is written in the update's own transaction (SQLite file)."""

import asyncio

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, Update
from sqlalchemy import select

from storage.models import FsmRecord, User
from tests.fake_telegram import Person
from tests.flow.harness import DeskHarness

NEWCOMER = Person(3003, "Dana", language_code="en")


def with_dialog(desk: DeskHarness, fail_after: bool = False) -> None:
    """A handler like the request dialogs will have: writes a row, then sets a state."""
    router = Router(name="dialog")

    @router.message(F.text == "/dialog")
    async def step(message: Message, state: FSMContext, session) -> None:
        session.add(User(telegram_id=message.from_user.id, language="en", created_at=message.date))
        await state.set_state("Dialog:details")
        await state.update_data(kind="access")
        if fail_after:
            raise RuntimeError("the handler fails after setting the state")

    desk.dispatcher.sub_routers.insert(0, router)
    router._parent_router = desk.dispatcher


async def test_set_state_commits_with_the_update(desk: DeskHarness) -> None:
    with_dialog(desk)
    desk.fake.text(NEWCOMER, "/dialog")
    (raw,) = desk.fake.take_updates()
    # Bounded: with a second transaction the write lock would make this wait 30 s and fail.
    await asyncio.wait_for(desk.dispatcher.feed_update(desk.bot, Update.model_validate(raw)), 5)
    async with desk.sessionmaker() as session:
        record = await session.scalar(select(FsmRecord))
        assert (record.state, record.data) == ("Dialog:details", {"kind": "access"})
        assert await session.scalar(select(User).where(User.telegram_id == NEWCOMER.id))


async def test_a_failed_update_rolls_its_state_back(desk: DeskHarness) -> None:
    with_dialog(desk, fail_after=True)
    desk.expect_failures = True
    desk.fake.text(NEWCOMER, "/dialog")
    await desk.run()
    async with desk.sessionmaker() as session:
        assert await session.scalar(select(FsmRecord)) is None  # not half-kept
        assert await session.scalar(select(User)) is None
    assert desk.dispatcher["failures"]
