"""SIGKILL against the real process: a user's message is never lost, and logged once.

Two moments of death: while the copy into the admin chat is on the wire (the update committed,
the outbox row not yet finished), and while an update is fetched but not yet committed (our
polling loop must not have confirmed it to Telegram, so the next process gets it again).
"""

from typing import Any

import pytest

from tests.e2e.conftest import ADMIN_CHAT_ID, start_bot, stopped_cleanly
from tests.e2e.database import Database
from tests.e2e.walk import onboard
from tests.fake_telegram import FakeTelegram, Person
from tests.fake_telegram.conversation import Conversation

ACK = "is with our care team"


async def logged(database: Database, text: str) -> int:
    """How often a user's message is in the care log."""
    return await database.scalar(
        "SELECT count(*) FROM care_log WHERE direction = 'in' AND event = 'message'"
        " AND text = :text",
        text=text,
    )


def copies_of(fake: FakeTelegram, message: dict) -> list:
    """copyMessage calls carrying this user message into the admin chat (made or not)."""
    return [
        c
        for c in fake.calls_of("copyMessage")
        if c.chat_id == ADMIN_CHAT_ID and c.params.get("message_id") == str(message["message_id"])
    ]


def made(calls: list) -> list:
    return [c for c in calls if c.messages]


async def a_first_conversation(fake: FakeTelegram, chat: Conversation) -> int:
    """Onboard, write once, see it copied: returns the topic's thread id."""
    await onboard(chat, "+77071234567")
    first = chat.say("first")
    assert ACK in (await chat.reply()).text
    await fake.wait_until(lambda: made(copies_of(fake, first)))
    return fake.calls_of("createForumTopic")[0].result["message_thread_id"]


@pytest.mark.parametrize("in_flight", ["lost", "answered"])
async def test_a_kill_while_copying_loses_nothing(
    telegram, launch, database: Database, in_flight: str
) -> None:
    """`lost`: Telegram never did the copy the dead process asked for; `answered`: it did,
    and nobody heard the answer (then a second copy is the price of never losing one)."""
    fake, first_process = await start_bot(telegram, launch)
    chat = Conversation(fake, Person(311, "Saule", "Nur", "saule", language_code="en"))
    thread_id = await a_first_conversation(fake, chat)

    fake.delays["copyMessage"] = 2.0  # Telegram thinks a while over the next copy ...
    second = chat.say("second, before the crash")
    (on_the_wire,) = await fake.wait_until(lambda: copies_of(fake, second))
    await first_process.kill()  # ... and the bot dies (SIGKILL) before it hears back
    if in_flight == "lost":
        fake.fail("copyMessage", 502, "Bad Gateway")  # the dead request never lands
    await fake.wait_until(lambda: on_the_wire.result is not None)
    fake.delays.clear()
    assert await logged(database, "second, before the crash") == 1  # committed before the send
    assert await database.rows("SELECT kind FROM outbox") == [("copy-in",)]
    await database.expire_leases()

    _, second_process = await start_bot(telegram, launch)
    copies = await fake.wait_until(  # the dead process's try and the restarted one's, answered
        lambda: len(c := copies_of(fake, second)) >= 2 and all(x.result for x in c) and c
    )
    await stopped_cleanly(second_process)

    in_topic = [c for c in made(copies) if c.message.get("message_thread_id") == thread_id]
    assert in_topic, "the message never reached the user's topic"
    if in_flight == "lost":
        assert len(made(copies)) == 1  # exactly once: the restarted process sent it
    else:  # at least once; today twice: Telegram had it, and the restarted process resends
        assert len(made(copies)) in (1, 2)
    assert await logged(database, "second, before the crash") == 1
    assert await database.rows("SELECT count(*) FROM outbox") == [(0,)]
    pair = await database.rows(
        "SELECT admin_message_id FROM message_pairs WHERE user_message_id = :id",
        id=second["message_id"],
    )
    assert pair == [(made(copies)[-1].result["message_id"],)]
    assert chat.unread() == []  # one acknowledgement per conversation, even across a crash


class HandedOut:
    """Wraps the fake's getUpdates: which offsets the bot sent and which updates it got."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.offsets: list[int] = []
        self.updates: list[int] = []
        self._original = fake.get_updates
        fake.get_updates = self  # type: ignore[method-assign]

    async def __call__(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.offsets.append(int(params.get("offset") or 0))
        result = await self._original(params)
        self.updates.extend(u["update_id"] for u in result)
        return result


async def test_an_update_in_hand_at_a_kill_is_fetched_again(telegram, launch, database) -> None:
    handed = HandedOut(telegram[0])  # before the first long poll starts
    fake, first_process = await start_bot(telegram, launch)
    chat = Conversation(fake, Person(312, "Berik", language_code="en"))
    thread_id = await a_first_conversation(fake, chat)

    # Another writer holds the lock the bot's first write needs: the bot fetches the update
    # and then waits to record it; it dies before its transaction commits.
    async with database.write_lock():
        message = chat.say("in hand at the crash")
        update_id = fake._updates[-1]["update_id"]
        await fake.wait_until(lambda: update_id in handed.updates)
        with pytest.raises(TimeoutError):  # not confirmed while it is in hand
            await fake.wait_until(lambda: max(handed.offsets) > update_id, timeout=1.5)
        await first_process.kill()
    assert await logged(database, "in hand at the crash") == 0
    assert made(copies_of(fake, message)) == []

    _, second_process = await start_bot(telegram, launch)
    await fake.wait_until(lambda: handed.updates.count(update_id) >= 2)  # Telegram resent it
    copies = await fake.wait_until(lambda: made(copies_of(fake, message)))
    await fake.wait_until(lambda: max(handed.offsets) > update_id)  # confirmed once handled
    await stopped_cleanly(second_process)

    assert [c.message["message_thread_id"] for c in copies] == [thread_id]
    assert await logged(database, "in hand at the crash") == 1
    handled = await database.rows(
        "SELECT count(*) FROM handled_updates WHERE update_id = :id", id=update_id
    )
    assert handled == [(1,)]
    assert await database.rows("SELECT count(*) FROM outbox") == [(0,)]
