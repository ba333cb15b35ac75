"""The scrub of the database files after an erasure runs beside the updates, never inside the
one that erased: on PostgreSQL a VACUUM can take a while, and polling waits for its batch."""

import asyncio

import pytest
from aiogram.types import Update

from storage.people import users
from storage.rights import requests as stored
from storage.vocabulary import RequestKind
from tests.flow.harness import DeskHarness
from tests.flow.test_erasure import a_full_history, press_erase


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def test_an_erasing_update_does_not_wait_for_the_scrub(desk, monkeypatch) -> None:
    user, _ = await a_full_history(desk)
    async with desk.sessionmaker() as session:
        request = await stored.open_of_kind(session, user.id, RequestKind.DELETION)
    started, release = asyncio.Event(), asyncio.Event()

    async def slow_scrub(session, tables) -> bool:
        started.set()
        await release.wait()
        return True

    monkeypatch.setattr("storage.engine.scrub", slow_scrub)
    press_erase(desk, request.card_message_id)
    for raw in desk.fake.take_updates():
        update = Update.model_validate(raw, context={"bot": desk.bot})
        # Bounded: before the fix the update awaited the scrub, which waits for `release`.
        await asyncio.wait_for(desk.dispatcher.feed_update(desk.bot, update), timeout=30)
    await asyncio.wait_for(started.wait(), timeout=30)  # ... and it does run
    release.set()
    await desk.run()
    async with desk.sessionmaker() as session:
        assert (await users.get_by_id(session, user.id)).erased_at is not None
