"""The care desk against the real process: relay, edits, faults, restarts, the care log."""

import pytest

from tests.e2e.conftest import ADMIN_CHAT_ID, start_bot, stopped_cleanly
from tests.e2e.database import Database
from tests.e2e.walk import onboard
from tests.fake_telegram import FakeTelegram, Person
from tests.fake_telegram.conversation import Conversation

AGENT = Person(700, "Aliya", username="aliya_care")
ACK = {
    "kk": "қамқорлық қызметіне жеткізілді",
    "ru": "передано в службу заботы",
    "en": "is with our care team",
}


async def care_log(database: Database) -> list[tuple[str, str, str | None]]:
    return await database.rows("SELECT direction, event, text FROM care_log ORDER BY id")


def topic_copies(fake: FakeTelegram, thread_id: int) -> list[str]:
    return [c.text for c in fake.sent_to(ADMIN_CHAT_ID, thread_id) if c.method == "copyMessage"]


async def newest_topic(fake: FakeTelegram, count: int = 1) -> int:
    topics = await fake.wait_until(
        lambda: len(c := fake.calls_of("createForumTopic")) >= count and c
    )
    return topics[count - 1].result["message_thread_id"]


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_conversation_with_every_fault(telegram, launch, database, locale: str) -> None:
    fake, process = await start_bot(telegram, launch)
    chat = Conversation(fake, Person(301, "Saule", "Nur", "saule", language_code=locale))
    await onboard(chat, "+77071234567")

    hello = chat.say("Hello care")
    assert ACK[locale] in (await chat.reply()).text
    thread_id = await newest_topic(fake)
    assert "+7 707 *** ** 67" in fake.calls_of("createForumTopic")[0].params["name"]
    await fake.wait_until(lambda: topic_copies(fake, thread_id) == ["Hello care"])

    fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, text="Hello from care")
    answer = await chat.reply()
    assert (answer.method, answer.text) == ("copyMessage", "Hello from care")

    fake.edit(hello, text="Hello care, edited")
    copy_id = fake.sent_to(ADMIN_CHAT_ID, thread_id)[1].result["message_id"]
    await fake.wait_until(
        lambda: fake.messages[(ADMIN_CHAT_ID, copy_id)]["text"] == "Hello care, edited"
    )

    fake.fail("copyMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, text="After a 429")
    assert (await chat.reply()).text == "After a 429"

    fake.delete_topic(ADMIN_CHAT_ID, thread_id)
    chat.say("Is the topic gone?")
    new_thread = await newest_topic(fake, 2)
    assert new_thread != thread_id
    await fake.wait_until(lambda: topic_copies(fake, new_thread) == ["Is the topic gone?"])

    fake.blocked_by.add(chat.person.id)
    fake.agent_message(AGENT, ADMIN_CHAT_ID, new_thread, text="Are you there?")
    notice = await fake.wait_until(
        lambda: [c for c in fake.sent_to(ADMIN_CHAT_ID, new_thread) if "бота" in c.text]
    )
    assert "заблокировал" in notice[0].text  # the admin chat speaks DEFAULT_LOCALE (ru)

    await stopped_cleanly(process)
    log = await care_log(database)
    assert [(d, e) for d, e, _ in log] == [
        ("in", "message"),
        ("bot", "notice"),
        ("out", "message"),
        ("in", "edit"),
        ("out", "message"),
        ("in", "message"),
        ("out", "message"),
        ("out", "undelivered"),
    ]
    assert [t for d, e, t in log if e in ("message", "edit") and d != "bot"] == [
        "Hello care",
        "Hello from care",
        "Hello care, edited",
        "After a 429",
        "Is the topic gone?",
        "Are you there?",
    ]


async def test_a_reply_survives_a_restart(telegram, launch) -> None:
    fake, first = await start_bot(telegram, launch)
    chat = Conversation(fake, Person(302, "Berik", language_code="ru"))
    await onboard(chat, "+77081234567")
    question = chat.say("Where is my data report?")
    await chat.reply()
    thread_id = await newest_topic(fake)
    await fake.wait_until(lambda: topic_copies(fake, thread_id))
    copy = fake.sent_to(ADMIN_CHAT_ID, thread_id)[-1].message
    await stopped_cleanly(first)

    _, second = await start_bot(telegram, launch)
    fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, text="It is on its way", reply_to=copy)
    answer = await chat.reply()
    assert answer.text == "It is on its way"
    assert answer.message["reply_to_message"]["message_id"] == question["message_id"]
    await stopped_cleanly(second)


async def test_an_album_and_agent_tools(telegram, launch) -> None:
    fake, process = await start_bot(telegram, launch)
    chat = Conversation(fake, Person(303, "Dina", language_code="en"))
    await onboard(chat, "+77001234567")
    fake.album(chat.person, 3)
    await chat.reply()
    thread_id = await newest_topic(fake)
    album = await fake.wait_until(lambda: fake.calls_of("copyMessages"))
    assert len(album[0].messages) == 3 and album[0].params["message_thread_id"] == str(thread_id)

    fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, text="!wants a data report")
    await fake.wait_until(lambda: fake.calls_of("setMessageReaction"))
    fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, text="/close")
    assert "closed this conversation" in (await chat.reply()).text
    assert chat.unread() == []  # the note never reached the user
    await stopped_cleanly(process)
