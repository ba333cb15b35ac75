"""Failed Bot API calls through the outbox: what users and agents see, and what stays stored.

Every send happens after the update committed (the sender drains the outbox in `desk.run`), so
a failed send must never undo what the user or an agent did; `care.outbound.faults.classify` decides
whether the row is retried (with backoff), held for a user who blocked the bot, or given up
with a note to agents. Time passes by handing `desk.run` a later moment, never by sleeping.
"""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiogram.utils.backoff import BackoffConfig
from sqlalchemy import select

import care.desk.inbound
from bot.polling import poll
from storage.models import (
    CareLogEntry,
    Conversation,
    HandledUpdate,
    MessagePair,
    OutboxEntry,
    User,
)
from tests.fake_telegram import FakeSession, FakeTelegram, Person
from tests.fake_telegram.conversation import Conversation as Chat
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user

AIGERIM = Person(1001, "Aigerim", "Sadykova", "aigerim", language_code="en")
PHONE = "+77011234567"
NEWCOMER = Person(1005, "Yerlan", language_code="en")

ACK = "is with our care team"
UNDELIVERED = "Not delivered to the user"
TOOL_IN_TOPIC = "This works inside a user's topic"
HOW_TO_ANSWER = "To answer a user, reply to their message"
APOLOGY = "Sorry, something went wrong on our side"
UNCOPYABLE = "could not be copied"
KEPT = (
    "⚠️ Not delivered: the user has blocked the bot. Your message is kept and will be "
    "delivered if they come back."
)


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


@pytest.fixture
async def user(desk: DeskHarness) -> User:
    return await verified_user(desk, AIGERIM, PHONE)


# ---- helpers -------------------------------------------------------------------------------


def later(minutes: float = 1) -> datetime:
    """A moment by which backoff retries have come due."""
    return datetime.now(UTC) + timedelta(minutes=minutes)


def to_chat(chat_id: int):
    return lambda params: str(params.get("chat_id")) == str(chat_id)


def text_has(fragment: str):
    return lambda params: fragment in str(params.get("text") or "")


def command(text: str) -> dict:
    """An agent's command as Telegram sends it: with a bot_command entity."""
    word = text.split()[0]
    return {"text": text, "entities": [{"type": "bot_command", "offset": 0, "length": len(word)}]}


async def first_message(desk: DeskHarness, text: str = "first") -> tuple[int, Chat]:
    """The user writes and reads the acknowledgement; returns (thread id, the user's chat)."""
    chat = desk.chat(AIGERIM)
    chat.say(text)
    await desk.run()
    thread_id = desk.fake.calls_of("createForumTopic")[-1].result["message_thread_id"]
    assert ACK in (await chat.reply()).text
    return thread_id, chat


async def rows(desk: DeskHarness, model, *where) -> list:
    async with desk.sessionmaker() as session:
        return list((await session.scalars(select(model).where(*where))).all())


async def outbox(desk: DeskHarness) -> list[OutboxEntry]:
    async with desk.sessionmaker() as session:
        return list((await session.scalars(select(OutboxEntry).order_by(OutboxEntry.id))).all())


async def stored_user(desk: DeskHarness, telegram_id: int) -> User | None:
    async with desk.sessionmaker() as session:
        return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def log_of(desk: DeskHarness, user_id: int) -> list[tuple[str, str, str | None]]:
    entries = await rows(desk, CareLogEntry, CareLogEntry.user_id == user_id)
    return [(e.direction, e.event, e.text) for e in sorted(entries, key=lambda e: e.id)]


def copied(desk: DeskHarness, thread_id: int) -> list[str]:
    return [c.text for c in desk.topic_posts(thread_id) if c.method == "copyMessage"]


def bot_lines(desk: DeskHarness, thread_id: int | None = None) -> list[str]:
    """What the bot itself wrote in the admin chat (a topic, or all of it)."""
    return [
        c.text for c in desk.fake.sent_to(ADMIN_CHAT_ID, thread_id) if c.method == "sendMessage"
    ]


def failed(call) -> bool:
    return isinstance(call.result, dict) and call.result.get("ok") is False


async def phone_step(desk: DeskHarness, person: Person) -> Chat:
    """/start, English, accept the notice: the bot now asks for the phone."""
    chat = desk.chat(person)
    chat.say("/start")
    await desk.run()
    chat.tap(await chat.reply(), "English")
    await desk.run()
    _saved, notice = await chat.replies(2)
    chat.tap(notice, "I agree")
    await desk.run()
    _thanks, request = await chat.replies(2)
    assert any(button.get("request_contact") for button in request.buttons())
    return chat


# ---- a failed answer never undoes what was done ---------------------------------------------


async def test_a_failed_confirmation_does_not_undo_the_verification(desk: DeskHarness) -> None:
    chat = await phone_step(desk, NEWCOMER)
    desk.fake.fail("sendMessage", 500, "Internal Server Error", when=text_has("is confirmed"))
    chat.share_contact(PHONE)
    await desk.run()
    assert chat.unread() == []
    user = await stored_user(desk, NEWCOMER.id)
    assert user.phone == PHONE and user.verified_at is not None
    (kept,) = await outbox(desk)
    assert (kept.lane, kept.attempts, kept.last_error) == (
        f"chat:{NEWCOMER.id}",
        1,
        "Internal Server Error",
    )

    await desk.run(later())
    welcome = await chat.reply()
    assert "is confirmed" in welcome.text and PHONE in welcome.text
    assert await outbox(desk) == []
    user = await stored_user(desk, NEWCOMER.id)
    assert user.phone == PHONE and user.verified_at is not None


STALE_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@pytest.mark.parametrize(
    ("code", "description"),
    [(400, STALE_QUERY), (500, "Internal Server Error")],
    ids=["too-old", "500"],
)
async def test_a_failed_button_answer_keeps_the_language_choice(
    desk: DeskHarness, code: int, description: str
) -> None:
    """A button's answer is dropped on any failure: never retried, never in the way."""
    chat = desk.chat(NEWCOMER)
    chat.say("/start")
    await desk.run()
    desk.fake.fail("answerCallbackQuery", code, description)
    chat.tap(await chat.reply(), "English")
    await desk.run()
    saved, notice = await chat.replies(2)
    assert saved.text == "Done: we will talk in English."
    assert "Privacy notice" in notice.text
    assert (await stored_user(desk, NEWCOMER.id)).language == "en"
    assert await outbox(desk) == []  # the answer is dropped, not retried ...
    await desk.run(later())
    assert len(desk.fake.calls_of("answerCallbackQuery")) == 1  # ... ever
    assert failed(desk.fake.calls_of("answerCallbackQuery")[0])


@pytest.mark.parametrize(
    ("code", "description"),
    [(400, "Bad Request: REACTION_INVALID"), (502, "Bad Gateway")],
    ids=["400", "502"],
)
async def test_a_failed_reaction_keeps_the_note(
    desk: DeskHarness, user: User, code: int, description: str
) -> None:
    thread_id, chat = await first_message(desk)
    desk.fake.fail("setMessageReaction", code, description)
    desk.agent_says(thread_id, "!called her back, all fine")
    await desk.run()
    assert ("note", "message", "called her back, all fine") in await log_of(desk, user.id)
    assert await outbox(desk) == []
    await desk.run(later())
    assert len(desk.fake.calls_of("setMessageReaction")) == 1  # not retried
    assert chat.unread() == []  # a note is never sent to the user
    assert not any(UNDELIVERED in line for line in bot_lines(desk, thread_id))


async def test_a_failed_reply_to_ban_does_not_undo_the_ban(desk: DeskHarness, user: User) -> None:
    thread_id, chat = await first_message(desk)
    desk.fake.fail("sendMessage", 500, "Internal Server Error", when=text_has("The user is banned"))
    desk.agent_says(thread_id, **command("/ban"))
    await desk.run()
    assert (await stored_user(desk, AIGERIM.id)).banned_at is not None
    told = await chat.reply()
    assert "will no longer answer" in told.text
    assert not any("banned" in line for line in bot_lines(desk, thread_id))
    (kept,) = await outbox(desk)
    assert (kept.lane, kept.attempts) == (f"topic:{user.id}", 1)

    await desk.run(later())
    assert "The user is banned" in bot_lines(desk, thread_id)[-1]
    assert chat.unread() == []  # told once, however often the agents' reply was tried
    assert await outbox(desk) == []
    banned = [e for e in await log_of(desk, user.id) if e[2] and "no longer answer" in e[2]]
    assert len(banned) == 1 and (await stored_user(desk, AIGERIM.id)).banned_at is not None


# ---- copies into the admin chat ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "description"),
    [(404, "Not Found"), (400, "Bad Request: chat not found")],
    ids=["404", "chat-not-found"],
)
async def test_an_unreachable_admin_chat_keeps_the_copy_in_order(
    desk: DeskHarness, user: User, code: int, description: str
) -> None:
    thread_id, chat = await first_message(desk)
    desk.fake.fail("copyMessage", code, description, when=to_chat(ADMIN_CHAT_ID))
    second = chat.say("second")
    await desk.run()
    assert copied(desk, thread_id) == ["first"]
    (kept,) = await outbox(desk)
    assert (kept.kind, kept.lane, kept.attempts) == ("copy-in", f"topic:{user.id}", 1)
    (pair,) = await rows(desk, MessagePair, MessagePair.user_message_id == second["message_id"])
    assert pair.admin_message_id is None and pair.given_up_at is None
    assert not any(UNCOPYABLE in line for line in bot_lines(desk))  # kept, nothing to say

    third = chat.say("third")
    await desk.run(later())
    assert copied(desk, thread_id) == ["first", "second", "third"]
    assert await outbox(desk) == []
    copies = {
        c.params["message_id"]: c.result["message_id"]
        for c in desk.topic_posts(thread_id)
        if c.method == "copyMessage"
    }
    for message in (second, third):
        (pair,) = await rows(
            desk, MessagePair, MessagePair.user_message_id == message["message_id"]
        )
        assert pair.admin_message_id == copies[str(message["message_id"])]
        assert pair.given_up_at is None
    assert chat.unread() == []


async def test_a_refused_answer_is_given_up_and_said(desk: DeskHarness, user: User) -> None:
    thread_id, chat = await first_message(desk)
    desk.fake.fail(
        "copyMessage", 400, "Bad Request: message can't be copied", when=to_chat(AIGERIM.id)
    )
    refused = desk.agent_says(thread_id, "first answer")
    desk.agent_says(thread_id, "second answer")
    await desk.run()
    assert [c.text for c in await chat.replies(1)] == ["second answer"]
    assert chat.unread() == []
    note = bot_lines(desk, thread_id)[-1]
    assert note == f"⚠️ {UNDELIVERED}: Bad Request: message can't be copied"
    (pair,) = await rows(desk, MessagePair, MessagePair.admin_message_id == refused["message_id"])
    assert pair.given_up_at is not None and pair.user_message_id is None
    assert ("out", "undelivered", None) in await log_of(desk, user.id)
    assert await outbox(desk) == []

    desk.agent_says(thread_id, "third answer")
    await desk.run(later())
    assert (await chat.reply()).text == "third answer"
    assert [line for line in bot_lines(desk, thread_id) if UNDELIVERED in line] == [note]


async def test_a_blocked_user_holds_the_notice_until_they_are_back(
    desk: DeskHarness, user: User
) -> None:
    blocked = "Forbidden: bot was blocked by the user"
    desk.fake.fail("sendMessage", 403, blocked, when=text_has(ACK))
    chat = desk.chat(AIGERIM)
    chat.say("hello")
    await desk.run()
    thread_id = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    assert copied(desk, thread_id) == ["hello"]  # the copy for agents is on its own lane
    assert chat.unread() == []
    assert (await stored_user(desk, AIGERIM.id)).blocked_bot_at is not None
    (held,) = await outbox(desk)
    assert (held.kind, held.lane, held.user_id) == ("call", f"chat:{AIGERIM.id}", user.id)
    assert held.held_at is not None and ACK in held.payload["params"]["text"]

    desk.agent_says(thread_id, "an answer while blocked")
    await desk.run(later(60))  # held is held: no retry however late it gets
    assert chat.unread() == []
    # The card, the one failed notice, and the agents told their answer is kept.
    assert len(desk.fake.calls_of("sendMessage")) == 3
    assert bot_lines(desk, thread_id)[-1] == KEPT

    desk.fake.bot_status(AIGERIM, "kicked", "member")
    await desk.run()
    ack, answer = await chat.replies(2)
    assert ACK in ack.text and answer.text == "an answer while blocked"
    assert (await stored_user(desk, AIGERIM.id)).blocked_bot_at is None
    assert "Messages delivered now: 1" in bot_lines(desk, thread_id)[-1]
    assert await outbox(desk) == []


async def test_agents_are_told_once_per_block_that_their_answers_are_kept(
    desk: DeskHarness, user: User
) -> None:
    thread_id, chat = await first_message(desk)
    for streak in (1, 2):
        desk.fake.bot_status(AIGERIM, "member", "kicked")  # the user blocks the bot
        await desk.run()
        desk.agent_says(thread_id, f"answer {streak}a")
        await desk.run()
        desk.agent_says(thread_id, f"answer {streak}b")
        await desk.run(later())
        assert chat.unread() == []
        assert bot_lines(desk, thread_id).count(KEPT) == streak  # once for this block
        assert bot_lines(desk, thread_id)[-1] == KEPT

        desk.fake.bot_status(AIGERIM, "kicked", "member")  # and comes back
        await desk.run()
        assert [m.text for m in await chat.replies(2)] == [f"answer {streak}a", f"answer {streak}b"]
        assert "Messages delivered now: 2" in bot_lines(desk, thread_id)[-1]
    assert await outbox(desk) == []


async def test_missing_topic_rights_keep_the_message(desk: DeskHarness, user: User) -> None:
    rights = {"missing": True}
    desk.fake.fail(
        "createForumTopic",
        400,
        "Bad Request: not enough rights to create a topic",
        times=1000,
        when=lambda params: rights["missing"],
    )
    chat = desk.chat(AIGERIM)
    message = chat.say("hello, anyone?")
    await desk.run()
    assert ACK in (await chat.reply()).text  # the user's chat does not wait for the topic
    await desk.run(later())  # retried (with backoff) and still refused: still kept
    assert desk.fake.calls_of("copyMessage") == []
    assert len(desk.fake.calls_of("createForumTopic")) > 1
    (kept,) = await outbox(desk)
    assert kept.kind == "copy-in" and kept.attempts > 1 and kept.held_at is None
    (pair,) = await rows(desk, MessagePair, MessagePair.user_message_id == message["message_id"])
    assert pair.given_up_at is None
    assert ("in", "uncopyable", None) not in await log_of(desk, user.id)

    rights["missing"] = False  # an admin gives the bot can_manage_topics
    await desk.run(later(60))
    thread_id = desk.fake.calls_of("createForumTopic")[-1].result["message_thread_id"]
    assert copied(desk, thread_id) == ["hello, anyone?"]
    assert not any(UNCOPYABLE in line for line in bot_lines(desk))
    assert await outbox(desk) == []
    (pair,) = await rows(desk, MessagePair, MessagePair.user_message_id == message["message_id"])
    assert pair.admin_message_id is not None and pair.given_up_at is None
    assert (await rows(desk, Conversation))[0].thread_id == thread_id


async def test_a_closed_topic_is_reopened_and_the_copy_made(desk: DeskHarness, user) -> None:
    thread_id, chat = await first_message(desk)
    desk.fake.topics[(ADMIN_CHAT_ID, thread_id)]["closed"] = True  # closed by hand
    desk.fake.fail(
        "copyMessage",
        400,
        "Bad Request: TOPIC_CLOSED",
        when=lambda params: params.get("message_thread_id") == str(thread_id),
    )
    message = chat.say("are you there?")
    await desk.run()  # no later moment: no backoff for this
    reopen = desk.fake.calls_of("reopenForumTopic")
    assert [c.params["message_thread_id"] for c in reopen] == [str(thread_id)]
    assert not desk.fake.topics[(ADMIN_CHAT_ID, thread_id)]["closed"]
    assert copied(desk, thread_id) == ["first", "are you there?"]
    assert await outbox(desk) == []
    (pair,) = await rows(desk, MessagePair, MessagePair.user_message_id == message["message_id"])
    assert pair.admin_message_id == desk.topic_posts(thread_id)[-1].result["message_id"]


# ---- when retries happen ------------------------------------------------------------------------


async def test_a_429_waits_exactly_retry_after_before_sending(desk: DeskHarness, user) -> None:
    thread_id, chat = await first_message(desk)
    attempts_at_sleep: list[int] = []

    async def sleep(seconds: float) -> None:
        desk.slept.append(seconds)
        attempts_at_sleep.append(len(desk.fake.calls_of("copyMessage")))

    desk.sender.sleep = sleep
    before = len(desk.fake.calls_of("copyMessage"))
    desk.fake.fail("copyMessage", 429, "Too Many Requests: retry after 13", retry_after=13)
    desk.agent_says(thread_id, "after the flood wait")
    await desk.run()
    assert desk.slept == [13]
    assert attempts_at_sleep == [before + 1]  # the resend came after the wait, not before
    refused, sent = desk.fake.calls_of("copyMessage")[before:]
    assert failed(refused) and not failed(sent)
    assert (await chat.reply()).text == "after the flood wait"
    assert await outbox(desk) == []
    assert not any("delivered automatically" in line for line in bot_lines(desk, thread_id))


async def test_a_retry_waits_for_its_backoff(desk: DeskHarness, user: User) -> None:
    thread_id, chat = await first_message(desk)
    desk.fake.fail("copyMessage", 500, "Internal Server Error", times=2, when=to_chat(AIGERIM.id))
    desk.agent_says(thread_id, "patience")
    tried = len(desk.fake.calls_of("copyMessage"))

    start = datetime.now(UTC)
    await desk.run()
    end = datetime.now(UTC)
    (row,) = await outbox(desk)
    assert row.attempts == 1
    assert start + timedelta(seconds=1) <= row.not_before <= end + timedelta(seconds=1)
    await desk.run()  # same moment: not due
    await desk.run(row.not_before - timedelta(milliseconds=5))
    assert len(desk.fake.calls_of("copyMessage")) == tried + 1

    start = datetime.now(UTC)
    await desk.run(row.not_before)  # due: tried again, refused again, backs off twice as long
    end = datetime.now(UTC)
    assert len(desk.fake.calls_of("copyMessage")) == tried + 2
    (row,) = await outbox(desk)
    assert row.attempts == 2
    assert start + timedelta(seconds=2) <= row.not_before <= end + timedelta(seconds=2)
    await desk.run(row.not_before - timedelta(milliseconds=5))
    assert chat.unread() == []

    await desk.run(row.not_before)
    assert (await chat.reply()).text == "patience"
    assert await outbox(desk) == []


# ---- albums -------------------------------------------------------------------------------------


async def test_an_album_during_onboarding_gets_one_answer(desk: DeskHarness) -> None:
    chat = await phone_step(desk, NEWCOMER)
    desk.fake.album(NEWCOMER, 3)
    await desk.run()
    answers = chat.unread()
    assert len(answers) == 1, [a.text for a in answers]
    assert "Share my phone" in answers[0].text or any(
        button.get("request_contact") for button in answers[0].buttons()
    )


async def test_an_album_counts_once_for_the_flood_limit(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", flood_limit=2, flood_window=60)
    user = await verified_user(desk, AIGERIM, PHONE)
    chat = desk.chat(AIGERIM)
    first = desk.fake.album(AIGERIM, 3)
    second = desk.fake.album(AIGERIM, 3)
    chat.say("and one more")
    await desk.run()
    thread_id = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    albums = desk.fake.calls_of("copyMessages")
    assert [c.params["message_ids"] for c in albums] == [
        [p["message_id"] for p in first],
        [p["message_id"] for p in second],
    ]
    assert all(
        len(c.messages) == 3 and c.params["message_thread_id"] == str(thread_id) for c in albums
    )
    assert copied(desk, thread_id) == []  # the text was throttled, not copied
    _ack, slow = await chat.replies(2)
    assert "very quickly" in slow.text
    log = await log_of(desk, user.id)
    assert [e[2] for e in log if e[1] == "throttled"] == ["and one more"]
    assert sum(1 for e in log if e[:2] == ("in", "message")) == 6
    assert await outbox(desk) == []


# ---- agents in the wrong place -----------------------------------------------------------------


async def test_topic_tools_in_general_get_the_hint(desk: DeskHarness, user: User) -> None:
    thread_id, chat = await first_message(desk)
    for text in ("/close", "/ban", "/history", "/note in general"):
        desk.agent_says(None, **command(text))
    desk.agent_says(None, "!a note in general")
    await desk.run()
    general = [c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if "message_thread_id" not in c.message]
    assert len(general) == 5 and all(TOOL_IN_TOPIC in c.text for c in general)
    stored = await stored_user(desk, AIGERIM.id)
    assert stored.banned_at is None
    assert (await rows(desk, Conversation))[0].closed_at is None
    assert [e for e in await log_of(desk, user.id) if e[0] == "note"] == []
    assert chat.unread() == [] and desk.fake.calls_of("closeForumTopic") == []
    assert len(desk.topic_posts(thread_id)) == 2  # the card and the first copy only


async def test_without_topics_an_answer_to_nobody_gets_the_hint(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", topics=False)
    user = await verified_user(desk, AIGERIM, PHONE)
    chat = desk.chat(AIGERIM)
    chat.say("hello")
    await desk.run()
    await chat.reply()
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, text="Hello Aigerim!")
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, **command("/ban"))
    await desk.run()
    how, tool = desk.fake.sent_to(ADMIN_CHAT_ID)[-2:]
    assert how.text == (
        "To answer a user, reply to their message (or to the header above it); "
        "a message that replies to nothing is not sent to anyone."
    )
    assert TOOL_IN_TOPIC in tool.text
    assert chat.unread() == []
    assert {c.chat_id for c in desk.fake.calls if c.messages} == {ADMIN_CHAT_ID, AIGERIM.id}
    assert [e for e in await log_of(desk, user.id) if e[0] == "out"] == []
    assert await rows(desk, MessagePair, MessagePair.direction == "out") == []
    assert (await stored_user(desk, AIGERIM.id)).banned_at is None
    assert await outbox(desk) == []


# ---- a handler that raises ----------------------------------------------------------------------


async def test_a_failing_handler_apologises_and_rolls_back(
    sessionmaker, catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="ru")  # agents read Russian
    user = await verified_user(desk, AIGERIM, PHONE)
    original = care.desk.inbound.log_message

    async def log_then_fail(*args, **kwargs):
        await original(*args, **kwargs)  # a write the rollback must undo
        raise RuntimeError("the care log is on fire")

    monkeypatch.setattr(care.desk.inbound, "log_message", log_then_fail)
    desk.expect_failures = True
    chat = desk.chat(AIGERIM)
    chat.say("this one breaks")
    update_id = desk.fake._updates[-1]["update_id"]
    await desk.run()

    assert list(desk.dispatcher["failures"]) == [update_id]
    apology = await chat.reply()
    assert apology.text.startswith(APOLOGY)
    assert chat.unread() == []
    assert await log_of(desk, user.id) == []
    assert await rows(desk, MessagePair) == []
    assert await rows(desk, Conversation) == []
    assert await rows(desk, HandledUpdate, HandledUpdate.update_id == update_id) == []
    assert desk.fake.calls_of("createForumTopic") == []
    assert await outbox(desk) == []

    monkeypatch.undo()  # the next message goes through as usual
    chat.say("and this one works")
    await desk.run()
    thread_id = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    assert copied(desk, thread_id) == ["and this one works"]
    assert list(desk.dispatcher["failures"]) == [update_id]


# ---- our polling loop ---------------------------------------------------------------------------


class FailsOnce:
    """A dispatcher whose handling of one update fails outright once (the database went away
    and not even the apology could be recorded)."""

    def __init__(self, update_id: int) -> None:
        self.update_id = update_id
        self.handled: list[int] = []
        self.failed = False

    def resolve_used_update_types(self) -> list[str]:
        return ["message"]

    async def feed_update(self, bot: Bot, update) -> None:
        if update.update_id == self.update_id and not self.failed:
            self.failed = True
            raise RuntimeError("database went away")
        self.handled.append(update.update_id)


async def test_polling_confirms_an_update_only_after_it_was_handled() -> None:
    fake = FakeTelegram()
    bot = Bot(fake.token, session=FakeSession(fake))
    for text in ("one", "two", "three"):
        fake.text(AIGERIM, text)
    offsets: list[int] = []
    fetch = fake.get_updates

    async def recording(params: dict[str, Any]) -> list[dict[str, Any]]:
        offsets.append(int(params.get("offset") or 0))
        return await fetch(params)

    fake.get_updates = recording  # type: ignore[method-assign]
    dispatcher = FailsOnce(update_id=2)
    stop = asyncio.Event()
    quick = BackoffConfig(min_delay=0.01, max_delay=0.05, factor=1.5, jitter=0.0)
    polling = asyncio.create_task(poll(bot, dispatcher, stop, quick, timeout=1))  # type: ignore[arg-type]
    try:
        await fake.wait_until(lambda: offsets and offsets[-1] == 4, timeout=10)
    finally:
        stop.set()
        await asyncio.wait_for(polling, 10)
    assert dispatcher.handled == [1, 2, 3]  # the failed one came again, and only it
    assert offsets[:3] == [0, 2, 4]  # one confirmed; two not until it was handled
