"""Two replicas on one PostgreSQL, no Redis: a user's updates arriving at both at once."""

import asyncio

import pytest
from aiogram.types import Message, Update
from sqlalchemy import func, select

from care.desk.conversations import conversation_for
from storage.desk import care
from storage.models import Conversation
from storage.people import users as storage_users
from tests.conftest import database_url
from tests.fake_telegram import FakeTelegram, Person
from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness
from tests.flow.onboarded import verified_user

pytestmark = pytest.mark.skipif(
    not database_url().startswith("postgresql"),
    reason="replicas share PostgreSQL (TEST_DATABASE_URL); SQLite is one process",
)

AIGERIM = Person(1001, "Aigerim", language_code="en")


def replicas(sessionmaker, catalog) -> tuple[DeskHarness, DeskHarness]:
    fake = FakeTelegram()
    fake.add_group(ADMIN_CHAT_ID)
    return tuple(
        DeskHarness(sessionmaker, catalog, "en", fake=fake, serial=False) for _ in range(2)
    )


async def at_once(first: DeskHarness, second: DeskHarness) -> None:
    """Feed the queued updates alternately to the two replicas, all at the same time."""
    raws = first.fake.take_updates()
    desks = [first, second] * len(raws)
    await asyncio.gather(
        *(
            desk.dispatcher.feed_update(
                desk.bot, Update.model_validate(raw, context={"bot": desk.bot})
            )
            for desk, raw in zip(desks, raws, strict=False)
        )
    )


async def test_a_users_first_two_messages_both_reach_care(sessionmaker, catalog) -> None:
    one, two = replicas(sessionmaker, catalog)
    user = await verified_user(one, AIGERIM, "+77011234567")
    one.fake.text(AIGERIM, "first")
    one.fake.text(AIGERIM, "second")
    await at_once(one, two)
    await one.run()
    await two.run()

    copies = [c.text for c in one.fake.calls_of("copyMessage")]
    assert sorted(copies) == ["first", "second"]
    assert len(one.fake.calls_of("createForumTopic")) == 1
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Conversation)) == 1
        log = [(e.direction, e.text) for e in await care.full_log(session, user.id)]
    assert sorted(t for d, t in log if d == "in") == ["first", "second"]


async def test_an_agents_update_holds_the_user_until_it_commits(sessionmaker, catalog) -> None:
    """`/close` in the topic and the user's next message never interleave: the agent's update
    holds the user's row (as the user's own update does) until it commits."""
    one, _ = replicas(sessionmaker, catalog)
    user = await verified_user(one, AIGERIM, "+77011234567")
    one.fake.text(AIGERIM, "hello")
    await one.run()
    thread_id = one.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    close = Message.model_validate(one.agent_says(thread_id, "/close"), context={"bot": one.bot})
    one.fake.take_updates()

    async with sessionmaker() as agents, sessionmaker() as users_side:
        assert (await conversation_for(agents, close)).user_id == user.id
        waiting = asyncio.create_task(
            storage_users.get_by_telegram_id(users_side, AIGERIM.id, lock=True)
        )
        await asyncio.sleep(0.3)
        assert not waiting.done()  # the user's update waits for the agent's to end
        await agents.commit()
        assert (await asyncio.wait_for(waiting, 5)).id == user.id
