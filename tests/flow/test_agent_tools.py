"""Agents' tools and the relay's limits, through the production dispatcher and the fake Bot API.

Signatures, repeated /close and /ban, /find, the flood window, edits that must not sync, and
/history limits. Time "passes" by moving stored care-log times into the past, never by sleeping.
"""

import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from care.people import consent
from care.people.policies import policy_in_force
from care.people.profile import Profile
from sandbox.telegram import Call
from storage.desk import care
from storage.models import CareLogEntry, Conversation, MessagePair, User
from storage.people import users
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, TZ, DeskHarness
from tests.flow.onboarded import NOW, verified_user

AIGERIM = Person(1001, "Aigerim", "Sadykova", "aigerim", language_code="en")
PHONE = "+77011234567"
DANA = Person(1002, "Dana", "Omarova", "Dana_O", language_code="en")
DANA_PHONE = "+77021234567"
BOLAT = Person(1003, "Bolat", None, "bolat", language_code="en")
BOLAT_PHONE = "+77051234567"
NURLAN = Person(1004, "Nurlan", None, "NurlanK", language_code="en")  # never verifies

SIGNATURE = "\n\n— Gulnara, Qamqor care"  # care-signature in the admin chat's locale (en)
TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024

CLOSED = "closed this conversation"
BANNED = "will no longer answer"
SLOW_DOWN = "very quickly"
THROTTLED = "too many messages"
HISTORY_USAGE = "Use /history or /history 25 (at most 50 lines)."
HISTORY_EMPTY = "The care log of this user is empty."
FIND_NONE = "No verified user matches that."


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


@pytest.fixture
async def user(desk: DeskHarness) -> User:
    return await verified_user(desk, AIGERIM, PHONE)


# ---- helpers -------------------------------------------------------------------------------


async def first_message(desk: DeskHarness, person: Person = AIGERIM, text: str = "Hello") -> tuple:
    """The user writes and reads the acknowledgement; returns (message, thread id, chat)."""
    chat = desk.chat(person)
    message = chat.say(text)
    await desk.run()
    thread_id = desk.fake.calls_of("createForumTopic")[-1].result["message_thread_id"]
    await chat.reply()  # the acknowledgement
    return message, thread_id, chat


def copied_texts(desk: DeskHarness, thread_id: int) -> list[str]:
    """The user's messages as copied into their topic."""
    return [c.text for c in desk.topic_posts(thread_id) if c.method == "copyMessage"]


def bot_answers(desk: DeskHarness, thread_id: int) -> list[str]:
    """What the bot itself wrote in a topic (card, answers to commands, notices)."""
    return [c.text for c in desk.topic_posts(thread_id) if c.method == "sendMessage"]


def admin_copy_of(desk: DeskHarness, thread_id: int, message: dict) -> dict:
    """The admin chat's copy of a user's message, as it stands now."""
    copy = next(
        c
        for c in desk.topic_posts(thread_id)
        if c.method == "copyMessage" and c.params["message_id"] == str(message["message_id"])
    )
    return desk.fake.messages[(ADMIN_CHAT_ID, copy.result["message_id"])]


def user_copy(desk: DeskHarness, delivered: Call) -> dict:
    """The user's copy of an agent's answer, as it stands now (edits included)."""
    return desk.fake.messages[(AIGERIM.id, delivered.message["message_id"])]


async def log_of(desk: DeskHarness, user_id: int) -> list[tuple[str, str, str | None]]:
    async with desk.sessionmaker() as session:
        return [(e.direction, e.event, e.text) for e in await care.full_log(session, user_id)]


async def stored_user(desk: DeskHarness, user_id: int) -> User:
    async with desk.sessionmaker() as session:
        return await session.get(User, user_id)


async def stored_conversation(desk: DeskHarness, user_id: int) -> Conversation:
    async with desk.sessionmaker() as session:
        return await session.scalar(select(Conversation).where(Conversation.user_id == user_id))


async def age_log(desk: DeskHarness, user_id: int, seconds: int) -> None:
    """Move the user's care log and messages into the past, as if `seconds` had gone by."""
    async with desk.sessionmaker.begin() as session:
        for entry in await care.full_log(session, user_id):
            entry.at -= timedelta(seconds=seconds)
        pairs = await session.scalars(select(MessagePair).where(MessagePair.user_id == user_id))
        for pair in pairs:
            pair.created_at -= timedelta(seconds=seconds)


def agent_photo(desk: DeskHarness, thread_id: int, caption: str | None) -> dict:
    return desk.fake.agent_message(
        AGENT, ADMIN_CHAT_ID, thread_id, **desk.fake.photo_content(7, caption)
    )


# ---- signatures ----------------------------------------------------------------------------


async def test_signed_text_answer_and_its_edit(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", show_agent_names=True)
    user = await verified_user(desk, AIGERIM, PHONE)
    _, thread_id, chat = await first_message(desk)

    answer = desk.agent_says(thread_id, "We will check")
    await desk.run()
    delivered = await chat.reply()
    assert delivered.text == "We will check" + SIGNATURE

    desk.fake.edit(answer, text="We will check it today")
    await desk.run()
    assert user_copy(desk, delivered)["text"] == "We will check it today" + SIGNATURE
    assert chat.unread() == []  # edited in place, nothing new sent

    log = await log_of(desk, user.id)  # the log keeps what the agent wrote, unsigned
    assert ("out", "message", "We will check") in log
    assert ("out", "edit", "We will check it today") in log
    async with desk.sessionmaker() as session:
        pair = await care.pair_by_admin_message(session, answer["message_id"])
    assert pair.user_message_id == delivered.message["message_id"]


async def test_signed_caption_answer_and_its_edit(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", show_agent_names=True)
    await verified_user(desk, AIGERIM, PHONE)
    _, thread_id, chat = await first_message(desk)

    photo = agent_photo(desk, thread_id, "Your receipt")
    await desk.run()
    delivered = await chat.reply()
    assert delivered.message["photo"][0]["file_id"] == "photo-7"
    assert delivered.message["caption"] == "Your receipt" + SIGNATURE

    desk.fake.edit(photo, caption="Your corrected receipt")
    await desk.run()
    assert user_copy(desk, delivered)["caption"] == "Your corrected receipt" + SIGNATURE


async def test_without_the_option_no_name_appears_anywhere(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    answer = desk.agent_says(thread_id, "We will check")
    photo = agent_photo(desk, thread_id, "Your receipt")
    await desk.run()
    text, picture = await chat.replies(2)
    desk.fake.edit(answer, text="We will check it today")
    desk.fake.edit(photo, caption="Your corrected receipt")
    await desk.run()

    assert user_copy(desk, text)["text"] == "We will check it today"
    assert user_copy(desk, picture)["caption"] == "Your corrected receipt"
    seen = [m for (chat_id, _), m in desk.fake.messages.items() if chat_id == AIGERIM.id]
    assert not any(AGENT.first_name in str(m.get("text") or m.get("caption")) for m in seen)


@pytest.mark.parametrize(
    ("length", "signed"),
    [(CAPTION_LIMIT - len(SIGNATURE), True), (CAPTION_LIMIT - len(SIGNATURE) + 1, False)],
)
async def test_a_caption_signed_only_when_it_fits(sessionmaker, catalog, length, signed) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", show_agent_names=True)
    await verified_user(desk, AIGERIM, PHONE)
    _, thread_id, chat = await first_message(desk)
    caption = "c" * length

    photo = agent_photo(desk, thread_id, caption)
    await desk.run()
    delivered = await chat.reply()
    expected = caption + SIGNATURE if signed else caption
    assert delivered.message["caption"] == expected
    assert len(delivered.message["caption"]) <= CAPTION_LIMIT

    edited = "e" * length
    desk.fake.edit(photo, caption=edited)
    await desk.run()
    assert user_copy(desk, delivered)["caption"] == (edited + SIGNATURE if signed else edited)


@pytest.mark.parametrize(
    ("length", "signed"),
    [(TEXT_LIMIT - len(SIGNATURE), True), (TEXT_LIMIT - len(SIGNATURE) + 1, False)],
)
async def test_a_text_signed_only_when_it_fits(sessionmaker, catalog, length, signed) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", show_agent_names=True)
    await verified_user(desk, AIGERIM, PHONE)
    _, thread_id, chat = await first_message(desk)
    text = "t" * length

    answer = desk.agent_says(thread_id, text)
    await desk.run()
    delivered = await chat.reply()
    assert delivered.message["text"] == (text + SIGNATURE if signed else text)

    edited = "e" * length
    desk.fake.edit(answer, text=edited)
    await desk.run()
    assert user_copy(desk, delivered)["text"] == (edited + SIGNATURE if signed else edited)


async def test_the_signature_speaks_the_users_language(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "ru", show_agent_names=True)
    kazakh = Person(1010, "Aruzhan", language_code="kk")
    await verified_user(desk, kazakh, PHONE)
    _, thread_id, chat = await first_message(desk, kazakh, "Сәлем")
    desk.agent_says(thread_id, "Сәлеметсіз бе")
    await desk.run()
    signature = catalog.translator("kk")("care-signature", name=AGENT.first_name)
    assert (await chat.reply()).text == f"Сәлеметсіз бе\n\n{signature}"


# ---- /close, /ban, /unban ------------------------------------------------------------------


async def test_a_second_close_tells_only_the_agents(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    desk.agent_says(thread_id, "/close")
    await desk.run()
    closed_at = (await stored_conversation(desk, user.id)).closed_at
    assert closed_at is not None

    desk.agent_says(thread_id, "/close")
    await desk.run()
    assert CLOSED in (await chat.reply()).text
    assert chat.unread() == []  # told once
    assert bot_answers(desk, thread_id)[-2:] == [
        "✅ Conversation closed; the user has been told. Their next message reopens it.",
        "The conversation is already closed.",
    ]
    assert len(desk.fake.calls_of("closeForumTopic")) == 1
    assert (await stored_conversation(desk, user.id)).closed_at == closed_at
    notices = [e for e in await log_of(desk, user.id) if e[0] == "bot" and CLOSED in e[2]]
    assert len(notices) == 1


async def test_a_second_ban_tells_only_the_agents(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    desk.agent_says(thread_id, "/ban")
    await desk.run()
    banned_at = (await stored_user(desk, user.id)).banned_at
    assert banned_at is not None

    desk.agent_says(thread_id, "/ban")
    await desk.run()
    assert BANNED in (await chat.reply()).text
    assert chat.unread() == []
    assert bot_answers(desk, thread_id)[-2:] == [
        "⛔ The user is banned: their messages are ignored. /unban lifts it.",
        "The user is already banned.",
    ]
    assert (await stored_user(desk, user.id)).banned_at == banned_at
    notices = [e for e in await log_of(desk, user.id) if e[0] == "bot" and BANNED in e[2]]
    assert len(notices) == 1


async def test_unban_of_someone_not_banned_changes_nothing(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    desk.agent_says(thread_id, "/unban")
    await desk.run()
    assert bot_answers(desk, thread_id)[-1] == "The user is not banned."
    assert (await stored_user(desk, user.id)).banned_at is None

    desk.agent_says(thread_id, "/ban")
    desk.agent_says(thread_id, "/unban")
    desk.agent_says(thread_id, "/unban")
    await desk.run()
    assert bot_answers(desk, thread_id)[-2:] == [
        "✅ The ban is lifted; the user's messages reach care again.",
        "The user is not banned.",
    ]
    assert (await stored_user(desk, user.id)).banned_at is None
    assert BANNED in (await chat.reply()).text  # the one ban notice; unbanning says nothing
    assert chat.unread() == []


# ---- /find ---------------------------------------------------------------------------------


async def unverified_user(desk: DeskHarness, person: Person) -> User:
    """Someone who chose a language and accepted the policy but never shared their phone."""
    async with desk.sessionmaker.begin() as session:
        user = await users.add_user(session, person.id, "en", NOW)
        policy = await policy_in_force(session, TZ, desk.clock())
        profile = Profile(person.first_name, None, person.username)
        assert (
            consent.accept(user, policy.id, policy.id, profile, NOW) is consent.Acceptance.RECORDED
        )
        return user


async def find(desk: DeskHarness, query: str) -> str:
    desk.agent_says(None, f"/find {query}")
    await desk.run()
    return desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text


async def test_find_never_returns_an_unverified_user(desk: DeskHarness, user: User) -> None:
    stranger = await unverified_user(desk, NURLAN)
    async with desk.sessionmaker() as session:  # stored, with that username, but unverified
        assert (await session.get(User, stranger.id)).username.lower() == "nurlank"
    for query in ("@NurlanK", "@nurlank", f"#{stranger.id}", str(stranger.id)):
        assert await find(desk, query) == FIND_NONE, query


async def test_find_picks_the_right_user_by_any_handle(desk: DeskHarness, user: User) -> None:
    dana = await verified_user(desk, DANA, DANA_PHONE)
    bolat = await verified_user(desk, BOLAT, BOLAT_PHONE)  # verified, never wrote to care
    await unverified_user(desk, NURLAN)
    await first_message(desk, AIGERIM)
    await first_message(desk, DANA)
    aigerim_thread, dana_thread = [
        c.result["message_thread_id"] for c in desk.fake.calls_of("createForumTopic")
    ]
    to_aigerim = f"Aigerim · +7 701 *** ** 67 · #{user.id}: https://t.me/c/1234567890/"
    to_dana = f"Dana · +7 702 *** ** 67 · #{dana.id}: https://t.me/c/1234567890/"
    cases = {
        "+77011234567": to_aigerim + str(aigerim_thread),
        "+7 702 123 45 67": to_dana + str(dana_thread),
        "8 701 123 45 67": to_aigerim + str(aigerim_thread),
        "87021234567": to_dana + str(dana_thread),
        "8 (702) 123-45-67": to_dana + str(dana_thread),
        "@AIGERIM": to_aigerim + str(aigerim_thread),
        "@dana_o": to_dana + str(dana_thread),
        f"#{dana.id}": to_dana + str(dana_thread),
        str(user.id): to_aigerim + str(aigerim_thread),
        "@Bolat": f"Bolat · +7 705 *** ** 67 · #{bolat.id} has not written to care yet.",
        "+77770000000": FIND_NONE,  # a Kazakh mobile nobody holds
        "@nobody": FIND_NONE,
    }
    for query, expected in cases.items():
        assert await find(desk, query) == expected, query


async def test_find_by_username_is_not_hidden_by_a_stale_holder(desk: DeskHarness) -> None:
    stale = Person(1005, "Old", None, "aigerim")  # had @aigerim once, never verified
    await unverified_user(desk, stale)
    user = await verified_user(desk, AIGERIM, PHONE)
    expected = f"Aigerim · +7 701 *** ** 67 · #{user.id} has not written to care yet."
    assert await find(desk, "@aigerim") == expected


# ---- the flood window ----------------------------------------------------------------------


async def test_exactly_the_flood_limit_passes(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", flood_limit=3, flood_window=60)
    user = await verified_user(desk, AIGERIM, PHONE)
    _, thread_id, chat = await first_message(desk, text="m0")
    chat.say("m1")
    chat.say("m2")
    await desk.run()
    assert copied_texts(desk, thread_id) == ["m0", "m1", "m2"]
    assert chat.unread() == []
    assert not any(THROTTLED in text for text in bot_answers(desk, thread_id))

    chat.say("m3")
    chat.say("m4")
    await desk.run()
    assert copied_texts(desk, thread_id) == ["m0", "m1", "m2"]
    assert SLOW_DOWN in (await chat.reply()).text
    assert chat.unread() == []  # one notice for the window, not one per message
    assert sum(THROTTLED in text for text in bot_answers(desk, thread_id)) == 1
    log = await log_of(desk, user.id)
    assert [e[2] for e in log if e[1] == "throttled"] == ["m3", "m4"]
    assert [e[2] for e in log if e[:2] == ("in", "message")] == ["m0", "m1", "m2"]


async def test_messages_are_relayed_again_once_the_window_passes(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", flood_limit=3, flood_window=60)
    user = await verified_user(desk, AIGERIM, PHONE)
    _, thread_id, chat = await first_message(desk, text="m0")
    for text in ("m1", "m2", "m3"):
        chat.say(text)
    await desk.run()
    assert SLOW_DOWN in (await chat.reply()).text

    await age_log(desk, user.id, 50)  # the window has not passed yet
    chat.say("too soon")
    await desk.run()
    assert copied_texts(desk, thread_id) == ["m0", "m1", "m2"]
    assert chat.unread() == []  # already warned in this window

    await age_log(desk, user.id, 20)  # the burst is 70 s old now; "too soon" is 20 s old
    chat.say("after the pause")
    chat.say("and one more")
    await desk.run()
    assert copied_texts(desk, thread_id)[-2:] == ["after the pause", "and one more"]
    assert chat.unread() == []

    # Only what was taken counts (a throttled message does not prolong the throttle): the
    # window holds two, so a third passes and a fourth is one too many.
    chat.say("a new burst")
    chat.say("one too many")
    await desk.run()
    assert copied_texts(desk, thread_id)[-1] == "a new burst"
    assert SLOW_DOWN in (await chat.reply()).text  # a new window, a new notice
    assert sum(THROTTLED in text for text in bot_answers(desk, thread_id)) == 2
    log = await log_of(desk, user.id)
    assert [e[2] for e in log if e[1] == "throttled"] == ["m3", "too soon", "one too many"]


# ---- edits that must not sync --------------------------------------------------------------


async def test_a_banned_users_edits_are_not_synced(desk: DeskHarness, user: User) -> None:
    message, thread_id, chat = await first_message(desk, text="I live in Almaty")
    desk.agent_says(thread_id, "/ban")
    await desk.run()
    assert BANNED in (await chat.reply()).text
    desk.fake.edit(message, text="I live in Astana")
    await desk.run()
    assert admin_copy_of(desk, thread_id, message)["text"] == "I live in Almaty"
    assert desk.fake.calls_of("editMessageText") == []
    assert not [e for e in await log_of(desk, user.id) if e[1] == "edit"]

    desk.agent_says(thread_id, "/unban")  # the same kind of edit syncs once the ban is lifted
    await desk.run()
    desk.fake.edit(message, text="I live in Shymkent")
    await desk.run()
    assert admin_copy_of(desk, thread_id, message)["text"] == "I live in Shymkent"
    assert chat.unread() == []  # edits are never answered


async def test_edits_past_the_flood_limit_are_not_synced(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", flood_limit=3, flood_window=60)
    user = await verified_user(desk, AIGERIM, PHONE)
    message, thread_id, chat = await first_message(desk, text="one")
    chat.say("two")
    chat.say("three")
    await desk.run()

    desk.fake.edit(message, text="one, edited")
    await desk.run()
    assert admin_copy_of(desk, thread_id, message)["text"] == "one"
    assert desk.fake.calls_of("editMessageText") == []
    log = await log_of(desk, user.id)
    assert ("in", "throttled", "one, edited") in log
    assert not [e for e in log if e[1] == "edit"]

    await age_log(desk, user.id, 70)
    desk.fake.edit(message, text="one, edited later")
    await desk.run()
    assert admin_copy_of(desk, thread_id, message)["text"] == "one, edited later"
    assert ("in", "edit", "one, edited later") in await log_of(desk, user.id)


# ---- /history ------------------------------------------------------------------------------


async def fill_log(desk: DeskHarness, user_id: int, count: int) -> None:
    async with desk.sessionmaker.begin() as session:
        for n in range(count):
            await care.add_log(session, user_id, "in", "text", NOW, text=f"entry {n:02}")


async def history(desk: DeskHarness, thread_id: int, command: str) -> list[str]:
    """Every message the bot answered a /history command with."""
    before = len(bot_answers(desk, thread_id))
    desk.agent_says(thread_id, command)
    await desk.run()
    return bot_answers(desk, thread_id)[before:]


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("/history", range(50, 60)),
        ("/history 1", range(59, 60)),
        ("/history 50", range(10, 60)),
        ("/history 999", range(10, 60)),
    ],
    ids=["default", "1", "50", "999"],
)
async def test_history_shows_the_newest_lines_up_to_fifty(
    desk: DeskHarness, user: User, command: str, shown: range
) -> None:
    _, thread_id, _ = await first_message(desk)
    await fill_log(desk, user.id, 60)
    answer = await history(desk, thread_id, command)
    lines = "\n".join(answer).splitlines()
    assert [int(m) for m in re.findall(r"entry (\d\d)", "\n".join(lines))] == list(shown)
    assert len(lines) == len(shown)


@pytest.mark.parametrize("argument", ["0", "-1", "abc", "2.5"])
async def test_history_with_a_bad_size_gives_the_usage_line(
    desk: DeskHarness, user: User, argument: str
) -> None:
    _, thread_id, _ = await first_message(desk)
    assert await history(desk, thread_id, f"/history {argument}") == [HISTORY_USAGE]


async def test_history_of_an_empty_log_says_so(desk: DeskHarness, user: User) -> None:
    _, thread_id, _ = await first_message(desk)
    async with desk.sessionmaker.begin() as session:  # as after the log was erased
        await session.execute(delete(CareLogEntry).where(CareLogEntry.user_id == user.id))
    assert await history(desk, thread_id, "/history") == [HISTORY_EMPTY]
