"""The care desk through the production dispatcher: topics, relay, faults, logs, tools."""

from datetime import UTC, datetime, timedelta

import pytest
from aiogram.types import Update
from sqlalchemy import select

from storage.desk import care
from storage.models import Conversation, User
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user


def later() -> datetime:
    """A tick's clock once the copies have settled."""
    return datetime.now(UTC) + timedelta(minutes=1)


AIGERIM = Person(1001, "Aigerim", "Sadykova", "aigerim", language_code="en")
PHONE = "+77011234567"


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


@pytest.fixture
async def user(desk: DeskHarness) -> User:
    return await verified_user(desk, AIGERIM, PHONE)


async def first_message(desk: DeskHarness, text: str = "Hello, I need help") -> tuple:
    """The user writes; returns (their message, the topic's thread id, the user's chat)."""
    chat = desk.chat(AIGERIM)
    message = chat.say(text)
    await desk.run()
    thread_id = desk.fake.calls_of("createForumTopic")[-1].result["message_thread_id"]
    return message, thread_id, chat


async def conversation(desk: DeskHarness) -> Conversation:
    async with desk.sessionmaker() as session:
        return await session.scalar(select(Conversation))


async def log_of(desk: DeskHarness, user_id: int) -> list[tuple[str, str, str | None]]:
    async with desk.sessionmaker() as session:
        return [(e.direction, e.event, e.text) for e in await care.full_log(session, user_id)]


async def test_first_message_opens_a_topic_with_a_card(desk: DeskHarness, user: User) -> None:
    message, thread_id, chat = await first_message(desk)

    topic = desk.fake.calls_of("createForumTopic")
    assert len(topic) == 1
    assert topic[0].params["name"] == f"Aigerim · +7 701 *** ** 67 · #{user.id}"
    assert PHONE not in topic[0].params["name"]

    card, copy = desk.topic_posts(thread_id)
    assert f"#{user.id}" in card.text and PHONE in card.text and "@aigerim" in card.text
    assert copy.method == "copyMessage"
    assert copy.params["from_chat_id"] == str(AIGERIM.id)
    assert copy.params["message_id"] == str(message["message_id"])
    assert copy.text == "Hello, I need help"

    ack = await chat.reply()
    assert "care team" in ack.text
    assert (await conversation(desk)).thread_id == thread_id


async def test_the_card_speaks_the_admin_chat_language(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="ru")
    user = await verified_user(desk, AIGERIM, PHONE)
    _, thread_id, _ = await first_message(desk)
    card = desk.topic_posts(thread_id)[0].text
    assert f"Пользователь #{user.id}" in card and "Телефон: +77011234567" in card


async def test_later_messages_use_the_same_topic(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    chat.say("One more thing")
    desk.fake.document(AIGERIM)
    desk.fake.voice(AIGERIM)
    desk.fake.sticker(AIGERIM)
    desk.fake.photo(AIGERIM, caption="my receipt")
    await desk.run()
    assert len(desk.fake.calls_of("createForumTopic")) == 1
    copies = [c for c in desk.topic_posts(thread_id) if c.method == "copyMessage"]
    kinds = [
        next(k for k in ("text", "document", "voice", "sticker", "photo") if k in c.message)
        for c in copies
    ]
    assert kinds == ["text", "text", "document", "voice", "sticker", "photo"]
    assert copies[-1].message["caption"] == "my receipt"
    assert chat.unread() == []  # one acknowledgement per conversation, not per message


async def test_an_agent_answer_reaches_the_user(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.agent_says(thread_id, "Hello Aigerim, how can I help?")
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, **desk.fake.photo_content(7, "look"))
    await desk.run()
    text, photo = await chat.replies(2)
    assert (text.method, text.text) == ("copyMessage", "Hello Aigerim, how can I help?")
    assert "Gulnara" not in text.text  # agents stay anonymous by default
    assert photo.message["photo"][0]["file_id"] == "photo-7"


async def test_albums_travel_as_one_group_both_ways(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    parts = desk.fake.album(AIGERIM, 3)
    await desk.run()
    batch = desk.fake.calls_of("copyMessages")
    assert len(batch) == 1
    assert batch[0].params["message_ids"] == [p["message_id"] for p in parts]
    assert batch[0].params["message_thread_id"] == str(thread_id)
    assert len({m["media_group_id"] for m in batch[0].messages}) == 1

    group = desk.fake.new_album_id()
    for n in (1, 2):
        desk.fake.agent_message(
            AGENT, ADMIN_CHAT_ID, thread_id, media_group_id=group, **desk.fake.photo_content(n)
        )
    await desk.run()
    to_user = desk.fake.calls_of("copyMessages")[-1]
    assert to_user.chat_id == AIGERIM.id and len(to_user.messages) == 2


async def test_edits_are_synced_both_ways(desk: DeskHarness, user: User) -> None:
    message, thread_id, chat = await first_message(desk, "I live in Almaty")
    await chat.reply()
    desk.fake.edit(message, text="I live in Astana")
    await desk.run()
    copy_id = desk.topic_posts(thread_id)[1].result["message_id"]
    edit = desk.fake.calls_of("editMessageText")[-1]
    assert (edit.chat_id, edit.params["message_id"]) == (ADMIN_CHAT_ID, str(copy_id))
    assert desk.fake.messages[(ADMIN_CHAT_ID, copy_id)]["text"] == "I live in Astana"

    photo = desk.fake.photo(AIGERIM, caption="old caption")
    await desk.run()
    desk.fake.edit(photo, caption="new caption")
    await desk.run()
    assert desk.fake.calls_of("editMessageCaption")[-1].params["caption"] == "new caption"

    answer = desk.agent_says(thread_id, "We will check, Aigerim")
    await desk.run()
    delivered = await chat.reply()
    desk.fake.edit(answer, text="We will check it today, Aigerim")
    await desk.run()
    user_copy = desk.fake.messages[(AIGERIM.id, delivered.result["message_id"])]
    assert user_copy["text"] == "We will check it today, Aigerim"


async def test_replies_stay_replies_on_the_other_side(desk: DeskHarness, user: User) -> None:
    question, thread_id, chat = await first_message(desk, "Question one")
    await chat.reply()
    copy_id = desk.topic_posts(thread_id)[1].result["message_id"]
    desk.agent_says(
        thread_id, "Answer to one", reply_to=desk.fake.messages[(ADMIN_CHAT_ID, copy_id)]
    )
    await desk.run()
    answer = await chat.reply()
    assert answer.message["reply_to_message"]["message_id"] == question["message_id"]

    plain = desk.agent_says(thread_id, "Not a reply")  # only a reply to the topic root
    await desk.run()
    assert "reply_to_message" not in (await chat.reply()).message

    desk.fake.text(AIGERIM, "Thanks!", reply_to_message=answer.message)
    await desk.run()
    last = desk.topic_posts(thread_id)[-1]
    assert last.message["reply_to_message"]["message_id"] == int(
        desk.fake.calls_of("copyMessage")[1].params["message_id"]
    )
    assert plain["message_id"] != last.message["reply_to_message"]["message_id"]


async def test_mapping_survives_a_restart(desk: DeskHarness, user: User, sessionmaker, catalog):
    question, thread_id, chat = await first_message(desk, "Before the restart")
    await chat.reply()
    copy_id = desk.topic_posts(thread_id)[1].result["message_id"]

    restarted = DeskHarness(sessionmaker, catalog, fake=desk.fake)  # same Telegram, new process
    restarted.agent_says(
        thread_id, "After the restart", reply_to=desk.fake.messages[(ADMIN_CHAT_ID, copy_id)]
    )
    await restarted.run()
    answer = await chat.reply()
    assert answer.text == "After the restart"
    assert answer.message["reply_to_message"]["message_id"] == question["message_id"]


async def test_a_deleted_topic_is_recreated(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    desk.fake.delete_topic(ADMIN_CHAT_ID, thread_id)
    chat.say("Are you there?")
    await desk.run()
    assert len(desk.fake.calls_of("createForumTopic")) == 2
    new_thread = desk.fake.calls_of("createForumTopic")[-1].result["message_thread_id"]
    assert new_thread != thread_id
    card, copy = desk.topic_posts(new_thread)
    assert PHONE in card.text and copy.text == "Are you there?"
    assert (await conversation(desk)).thread_id == new_thread


async def test_a_blocked_user_is_reported_and_served_when_back(desk: DeskHarness, user: User):
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.fake.blocked_by.add(AIGERIM.id)  # blocked without us knowing yet
    desk.agent_says(thread_id, "Your data report is ready")
    await desk.run()
    notice = desk.topic_posts(thread_id)[-1]
    assert "blocked the bot" in notice.text
    async with desk.sessionmaker() as session:
        assert not (await session.get(User, user.id)).reachable

    desk.fake.bot_status(AIGERIM, "kicked", "member")
    await desk.run()
    delivered = await chat.reply()
    assert delivered.text == "Your data report is ready"
    assert "delivered now: 1" in desk.topic_posts(thread_id)[-1].text
    async with desk.sessionmaker() as session:
        assert (await session.get(User, user.id)).reachable


async def test_blocking_is_said_in_the_topic(desk: DeskHarness, user: User) -> None:
    _, thread_id, _ = await first_message(desk)
    desk.fake.bot_status(AIGERIM, "member", "kicked")
    await desk.run()
    assert "has blocked the bot" in desk.topic_posts(thread_id)[-1].text


async def test_429_waits_retry_after_then_delivers(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.fake.fail("copyMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    desk.agent_says(thread_id, "Despite the flood limit")
    await desk.run()
    assert desk.slept == [7]
    assert (await chat.reply()).text == "Despite the flood limit"


async def test_an_uncopyable_message_is_noted_for_agents(desk: DeskHarness, user: User) -> None:
    _, thread_id, _chat = await first_message(desk)
    desk.fake.fail("copyMessage", 400, "Bad Request: message can't be copied")
    desk.fake.voice(AIGERIM)
    await desk.run()
    note = desk.topic_posts(thread_id)[-1]
    assert "could not be copied" in note.text and "voice" in note.text
    assert ("in", "uncopyable", None) in await log_of(desk, user.id)


async def test_notes_stay_internal(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    bang = desk.agent_says(thread_id, "!asked for a refund before")
    desk.agent_says(
        thread_id,
        "/note check order 42",
        entities=[{"type": "bot_command", "offset": 0, "length": 5}],
    )
    desk.agent_says(thread_id, "/note")
    await desk.run()
    assert chat.unread() == []
    reactions = desk.fake.calls_of("setMessageReaction")
    assert next(r.params["message_id"] for r in reactions) == str(bang["message_id"])
    assert reactions[0].params["reaction"] == [{"type": "emoji", "emoji": "✍"}]
    assert "after /note" in desk.topic_posts(thread_id)[-1].text
    notes = [e for e in await log_of(desk, user.id) if e[0] == "note"]
    assert notes == [
        ("note", "message", "asked for a refund before"),
        ("note", "message", "check order 42"),
    ]


async def test_history_shows_the_recent_log(desk: DeskHarness, user: User) -> None:
    _, thread_id, _chat = await first_message(desk, "first words")
    desk.agent_says(thread_id, "an answer")
    desk.agent_says(thread_id, "!a note")
    desk.agent_says(thread_id, "/history 2")
    await desk.run()
    shown = desk.topic_posts(thread_id)[-1].text
    assert "an answer" in shown and "a note" in shown and "first words" not in shown
    desk.agent_says(thread_id, "/history lots")
    await desk.run()
    assert "/history 25" in desk.topic_posts(thread_id)[-1].text


@pytest.mark.parametrize(
    ("locale", "closed_text"),
    [
        ("kk", "диалогты аяқтады"),
        ("ru", "завершила этот диалог"),
        ("en", "closed this conversation"),
    ],
)
async def test_close_tells_the_user_and_the_next_message_reopens(
    sessionmaker, catalog, locale: str, closed_text: str
) -> None:
    desk = DeskHarness(sessionmaker, catalog)
    person = Person(2001, "Dana", language_code=locale)
    await verified_user(desk, person, "+77021234567")
    chat = desk.chat(person)
    chat.say("hi")
    await desk.run()
    await chat.reply()
    thread_id = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    desk.agent_says(thread_id, "/close")
    await desk.run()
    assert closed_text in (await chat.reply()).text
    assert desk.fake.topics[(ADMIN_CHAT_ID, thread_id)]["closed"]
    assert (await conversation(desk)).closed_at is not None

    chat.say("one more question")
    await desk.run()
    assert not desk.fake.topics[(ADMIN_CHAT_ID, thread_id)]["closed"]
    assert desk.topic_posts(thread_id)[-1].text == "one more question"
    await chat.reply()  # acknowledged afresh
    assert (await conversation(desk)).closed_at is None


async def test_ban_silences_a_user_until_unban(desk, user, sessionmaker, catalog) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.agent_says(thread_id, "/ban")
    await desk.run()
    assert "will no longer answer" in (await chat.reply()).text
    copies = len(desk.fake.calls_of("copyMessage"))

    restarted = DeskHarness(sessionmaker, catalog, fake=desk.fake)
    chat.say("rude words")
    await restarted.run()
    assert len(desk.fake.calls_of("copyMessage")) == copies  # ignored, even after a restart
    assert chat.unread() == []
    chat.say("/me")  # data rights are not affected
    await restarted.run()
    assert "What Qamqor holds" in (await chat.reply()).text

    restarted.agent_says(thread_id, "/unban")
    await restarted.run()
    chat.say("sorry")
    await restarted.run()
    assert desk.topic_posts(thread_id)[-1].text == "sorry"


async def test_find_links_to_the_topic(desk: DeskHarness, user: User) -> None:
    _, thread_id, _ = await first_message(desk)
    link = f"https://t.me/c/1234567890/{thread_id}"
    for query in (PHONE, "8 701 123 45 67", "@Aigerim", str(user.id), f"#{user.id}"):
        desk.agent_says(None, f"/find {query}")
        await desk.run()
        assert link in desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text, query
    for query, expected in (("+77770000000", "No verified user"), ("", "Use /find")):
        desk.agent_says(None, f"/find {query}".strip())
        await desk.run()
        assert expected in desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text


async def test_other_groups_are_ignored(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.fake.add_group(-100555, is_forum=True)
    desk.fake.agent_message(AGENT, -100555, thread_id, text="I am not the care team")
    desk.fake.agent_message(AGENT, -100555, None, text="/find +77011234567")
    await desk.run()
    assert chat.unread() == [] and desk.fake.sent_to(-100555) == []


async def test_agent_names_when_the_operator_wants_them(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="en", show_agent_names=True)
    await verified_user(desk, AIGERIM, PHONE)
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.agent_says(thread_id, "Hello!")
    await desk.run()
    assert (await chat.reply()).text == "Hello!\n\n— Gulnara, Qamqor care"


async def test_flooding_is_slowed_down(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", flood_limit=3, flood_window=60)
    user = await verified_user(desk, AIGERIM, PHONE)
    chat = desk.chat(AIGERIM)
    for n in range(6):
        chat.say(f"spam {n}")
    await desk.run()
    thread_id = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    relayed = [c.text for c in desk.topic_posts(thread_id) if c.method == "copyMessage"]
    assert relayed == ["spam 0", "spam 1", "spam 2"]
    _ack, slow = await chat.replies(2)
    assert "very quickly" in slow.text and chat.unread() == []
    assert sum("too many messages" in c.text for c in desk.topic_posts(thread_id)) == 1
    log = await log_of(desk, user.id)
    assert [e[2] for e in log if e[1] == "throttled"] == ["spam 3", "spam 4", "spam 5"]


async def test_without_topics_headers_and_replies_carry_the_dialogue(sessionmaker, catalog):
    desk = DeskHarness(sessionmaker, catalog, topics=False, default_locale="en")
    user = await verified_user(desk, AIGERIM, PHONE)
    chat = desk.chat(AIGERIM)
    chat.say("No topics here")
    await desk.run()
    header, copy = desk.fake.sent_to(ADMIN_CHAT_ID)
    assert f"#{user.id}" in header.text and "Reply to this message" in header.text
    assert copy.message["reply_to_message"]["message_id"] == header.result["message_id"]
    await chat.reply()

    desk.fake.agent_message(
        AGENT, ADMIN_CHAT_ID, None, text="Answer via reply", reply_to=copy.message
    )
    desk.fake.agent_message(
        AGENT, ADMIN_CHAT_ID, None, text="Answer to header", reply_to=header.result
    )
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, text="Agents chatting among themselves")
    await desk.run()
    assert [c.text for c in await chat.replies(2)] == ["Answer via reply", "Answer to header"]
    assert chat.unread() == []


async def test_write_to_care_button_prompts_without_relaying(desk: DeskHarness, user) -> None:
    chat = desk.chat(AIGERIM)
    chat.say("💬 Қамқорлық қызметіне жазу")
    await desk.run()
    assert "A care agent will answer" in (await chat.reply()).text
    assert desk.fake.calls_of("createForumTopic") == []


async def test_service_messages_in_a_topic_are_not_relayed(desk: DeskHarness, user) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, forum_topic_edited={"name": "renamed"})
    await desk.run()
    assert chat.unread() == []


async def test_the_care_log_holds_the_whole_conversation_in_order(desk, user) -> None:
    _, thread_id, _chat = await first_message(desk, "I want my data")
    desk.agent_says(thread_id, "!verify first")
    desk.agent_says(thread_id, "Sure, preparing it")
    await desk.run()
    desk.fake.text(AIGERIM, "Thank you")
    desk.agent_says(thread_id, "/close")
    await desk.run()
    assert await log_of(desk, user.id) == [
        ("in", "message", "I want my data"),
        (
            "bot",
            "notice",
            "Your message is with our care team. An agent will answer here, in this chat.",
        ),
        ("note", "message", "verify first"),
        ("out", "message", "Sure, preparing it"),
        ("in", "message", "Thank you"),
        (
            "bot",
            "notice",
            "Our care team has closed this conversation. Thank you for writing to us! "
            "If you need anything else, just write here.",
        ),
    ]
    async with desk.sessionmaker() as session:
        entries = await care.full_log(session, user.id)
    assert entries[3].agent_id == AGENT.id and entries[0].agent_id is None


def to_chat(chat_id: int):
    return lambda params: params.get("chat_id") == str(chat_id)


async def test_an_unavailable_admin_chat_loses_nothing(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk, "first")
    await chat.reply()
    kicked = "Forbidden: bot was kicked from the supergroup chat"
    desk.fake.fail("copyMessage", 403, kicked, when=to_chat(ADMIN_CHAT_ID))
    chat.say("second, while the bot is out of the admin chat")
    await desk.run()
    assert [c.text for c in desk.topic_posts(thread_id) if c.method == "copyMessage"] == ["first"]

    chat.say("third")
    await desk.run(later())  # the kept copy is retried (with backoff), the third follows it
    copies = [c.text for c in desk.topic_posts(thread_id) if c.method == "copyMessage"]
    assert copies == ["first", "second, while the bot is out of the admin chat", "third"]


async def test_a_restart_copies_what_an_outage_held(desk, user, sessionmaker, catalog) -> None:
    _, thread_id, chat = await first_message(desk, "first")
    desk.fake.fail("copyMessage", 502, "Bad Gateway", when=to_chat(ADMIN_CHAT_ID))
    chat.say("held back")
    await desk.run()

    restarted = DeskHarness(sessionmaker, catalog, fake=desk.fake)
    await restarted.run(later())
    assert desk.topic_posts(thread_id)[-1].text == "held back"


async def test_an_album_cut_by_a_crash_is_copied_at_start(desk, user, sessionmaker, catalog):
    await first_message(desk)
    desk.fake.album(AIGERIM, 2)
    for raw in desk.fake.take_updates():  # handled, but the process dies before the flush
        await desk.dispatcher.feed_update(
            desk.bot, Update.model_validate(raw, context={"bot": desk.bot})
        )

    restarted = DeskHarness(sessionmaker, catalog, fake=desk.fake)
    await restarted.albums.retry_pending(later())
    await restarted.run()
    album = desk.fake.calls_of("copyMessages")
    assert len(album) == 1 and len(album[0].messages) == 2


async def test_an_answer_telegram_refused_goes_out_with_the_next(desk: DeskHarness, user) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.fake.fail("copyMessage", 500, "Internal Server Error", when=to_chat(AIGERIM.id))
    desk.agent_says(thread_id, "first answer")
    await desk.run()
    assert chat.unread() == []
    assert "kept and will be delivered" in desk.topic_posts(thread_id)[-1].text

    desk.agent_says(thread_id, "second answer")
    await desk.run()
    assert chat.unread() == []  # the second waits behind the first: order per user is kept
    await desk.run(later())
    assert [c.text for c in await chat.replies(2)] == ["first answer", "second answer"]


async def test_an_update_telegram_sends_again_is_skipped(desk: DeskHarness, user: User) -> None:
    desk.fake.text(AIGERIM, "only once")
    (raw,) = desk.fake.take_updates()
    for _ in range(2):  # a restart before the offset was confirmed: Telegram resends it
        await desk.dispatcher.feed_update(
            desk.bot, Update.model_validate(raw, context={"bot": desk.bot})
        )
    await desk.run()
    assert [c.text for c in desk.fake.calls_of("copyMessage")] == ["only once"]


async def test_a_failed_notice_does_not_undo_the_relay(desk: DeskHarness, user: User) -> None:
    desk.fake.fail("sendMessage", 500, "Internal Server Error", when=to_chat(AIGERIM.id))
    _, thread_id, chat = await first_message(desk, "hello")
    assert chat.unread() == []  # the acknowledgement failed ...
    assert (await conversation(desk)).thread_id == thread_id  # ... but nothing was undone
    assert ("in", "message", "hello") in await log_of(desk, user.id)
    desk.agent_says(thread_id, "answer")
    await desk.run(later())  # the notice was kept, not dropped: it goes first, then the answer
    ack, answer = await chat.replies(2)
    assert "care team" in ack.text and answer.text == "answer"
    assert len(desk.fake.calls_of("createForumTopic")) == 1


async def test_a_first_album_opens_the_topic_before_its_flush(desk: DeskHarness, user) -> None:
    desk.fake.album(AIGERIM, 2)
    desk.fake.text(AIGERIM, "and a caption of sorts")
    await desk.run()
    assert len(desk.fake.calls_of("createForumTopic")) == 1
    methods = [
        c.method for c in desk.fake.calls if c.method in ("createForumTopic", "copyMessages")
    ]
    assert methods == ["createForumTopic", "copyMessages"]


async def test_a_long_429_pauses_the_sender_exactly(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.fake.fail("copyMessage", 429, "Too Many Requests: retry after 60", retry_after=60)
    desk.agent_says(thread_id, "patience")
    await desk.run()
    assert desk.slept == [60]
    assert (await chat.reply()).text == "patience"
    assert "delivered automatically" not in desk.topic_posts(thread_id)[-1].text


async def test_edits_respect_bans_and_the_flood_limit(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", flood_limit=2)
    await verified_user(desk, AIGERIM, PHONE)
    first, _, _ = await first_message(desk, "one")
    for n in range(3):
        desk.fake.edit(first, text=f"one, edited {n}")
    await desk.run()
    assert len(desk.fake.calls_of("editMessageText")) == 1  # the rest are over the limit


async def test_a_captioned_note_stays_internal(desk: DeskHarness, user: User) -> None:
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.fake.agent_message(
        AGENT, ADMIN_CHAT_ID, thread_id, **desk.fake.photo_content(3, "!screenshot of the fraud")
    )
    await desk.run()
    assert chat.unread() == []
    assert ("note", "message", "screenshot of the fraud") in await log_of(desk, user.id)


async def test_service_messages_from_users_are_ignored(desk: DeskHarness, user: User) -> None:
    desk.fake.user_message(
        AIGERIM, message_auto_delete_timer_changed={"message_auto_delete_time": 86400}
    )
    await desk.run()
    assert desk.fake.calls_of("createForumTopic") == [] and desk.fake.sent_to(AIGERIM.id) == []


async def test_odd_digits_get_the_usage_line(desk: DeskHarness, user: User) -> None:
    _, thread_id, _ = await first_message(desk)
    desk.agent_says(thread_id, "/history ²")
    desk.agent_says(None, "/find ²")
    await desk.run()
    assert "/history 25" in desk.topic_posts(thread_id)[-1].text
    assert "No verified user" in desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text


async def test_a_signature_that_does_not_fit_is_left_off(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", show_agent_names=True)
    await verified_user(desk, AIGERIM, PHONE)
    _, thread_id, chat = await first_message(desk)
    await chat.reply()
    desk.agent_says(thread_id, "x" * 4090)
    await desk.run()
    assert (await chat.reply()).text == "x" * 4090


async def test_find_without_topics_links_the_latest_message(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", topics=False)
    await verified_user(desk, AIGERIM, PHONE)
    desk.chat(AIGERIM).say("hello")
    await desk.run()
    copy_id = desk.fake.calls_of("copyMessage")[-1].result["message_id"]
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, text="/find +77011234567")
    await desk.run()
    assert f"https://t.me/c/1234567890/{copy_id}" in desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text
