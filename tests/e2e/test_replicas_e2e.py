"""Two real bot processes in webhook mode on one PostgreSQL behind a round-robin proxy, with
Redis and without: a conversation, a request and a broadcast, every update handled once and
nothing sent twice (several replicas, no duplicates)."""

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from care.common.texts import Catalog
from sandbox.telegram.server import free_port
from sandbox.telegram.wire import MESSAGE_METHODS, flag
from tests.conftest import database_url
from tests.e2e.conftest import ADMIN_CHAT_ID, stopped_cleanly
from tests.e2e.database import Database
from tests.e2e.process import BotProcess
from tests.e2e.proxy import RoundRobin, round_robin
from tests.e2e.walk import onboard, with_buttons
from tests.fake_telegram import FakeTelegram, Person
from tests.fake_telegram.conversation import Conversation

pytestmark = pytest.mark.skipif(
    not database_url().startswith("postgresql"),
    reason="replicas share PostgreSQL: set TEST_DATABASE_URL=postgresql+asyncpg://...",
)

SECRET = "replica-webhook-secret"
BOSS = Person(900, "Aruzhan", "Boss", language_code="en")  # the chat's creator: a supervisor
AGENT = Person(700, "Aliya", "Care", language_code="ru")
USER = Person(7770001, "Dana", "Omar", "dana", language_code="en")
OTHERS, FIRST_OTHER = 5, 6_000_000  # more broadcast recipients, straight into the database
T = Catalog(strict=True).translator("en")
REFERENCE = re.compile(r"Q-\d{4}-\d{6}")


@pytest.fixture(params=["database-fsm", "redis"])
async def redis_url(request: pytest.FixtureRequest) -> str | None:
    """None: FSM state in PostgreSQL; otherwise REDIS_URL for both replicas (emptied)."""
    if request.param == "database-fsm":
        return None
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("the Redis variant needs TEST_REDIS_URL=redis://host:port/db")
    from redis.asyncio import Redis

    async with Redis.from_url(url) as redis:
        await redis.flushdb()
    return url


async def test_two_replicas_handle_a_whole_conversation_once(
    telegram, launch, database: Database, tmp_path: Path, redis_url: str | None
) -> None:
    fake, api_url = telegram
    fake.admins[ADMIN_CHAT_ID] = [BOSS]
    ports = [free_port(), free_port()]
    async with round_robin([f"http://127.0.0.1:{port}/hook" for port in ports]) as proxy:
        replicas = []
        for name, port in zip("ab", ports, strict=True):
            env = {"WEBHOOK_URL": proxy.url, "WEBHOOK_SECRET": SECRET, "WEBHOOK_PORT": str(port)}
            env |= {"WEBHOOK_HOST": "127.0.0.1"} | ({"REDIS_URL": redis_url} if redis_url else {})
            replicas.append(await launch(api_url, fake.token, workdir=tmp_path / name, **env))
        await webhook_set_by_both(fake, replicas)

        chat = Conversation(fake, USER, timeout=30)
        await onboard(chat, "+77071234567")
        thread_id = await first_two_messages_at_once(fake, chat, proxy)
        fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, text="Hello from care")
        assert (await chat.expect("Hello from care")).method == "copyMessage"
        reference = await files_a_question(fake, chat, database, redis_url)
        source = await broadcasts(fake, database)

        for process in replicas:
            await stopped_cleanly(process)

    # One topic, one request and one card, one copy per broadcast recipient.
    assert len(fake.calls_of("createForumTopic")) == 1
    assert await database.rows("SELECT reference, kind FROM requests") == [(reference, "question")]
    cards = [c for c in fake.sent_to(ADMIN_CHAT_ID) if c.text.startswith("📋")]
    assert [reference in c.text for c in cards] == [True]
    copies = Counter(
        c.chat_id
        for c in fake.calls_of("copyMessage")
        if c.messages and c.chat_id > 0 and c.params["message_id"] == str(source)
    )
    recipients = await database.rows(
        "SELECT u.telegram_id FROM deliveries d JOIN users u ON u.id = d.user_id"
        " WHERE d.status = 'sent'"
    )
    assert set(copies) == {r[0] for r in recipients} >= {FIRST_OTHER + n for n in range(OTHERS)}
    assert set(copies.values()) == {1}
    await every_update_handled_once(fake, proxy, database, replicas)
    no_message_sent_twice(fake)


async def webhook_set_by_both(fake: FakeTelegram, replicas: list[BotProcess]) -> None:
    """Both replicas listen and asked for the webhook as Telegram wants it (the proxy's url
    either way: whichever asked last wins, and it is the same)."""
    try:
        calls = await fake.wait_until(lambda: len(c := fake.calls_of("setWebhook")) >= 2 and c, 60)
    except TimeoutError:
        raise AssertionError("\n".join(p.log() for p in replicas)) from None
    for call in calls:
        assert call.params["secret_token"] == SECRET
        assert "drop_pending_updates" in call.params
        assert not flag(call.params["drop_pending_updates"])  # nothing queued is thrown away
        assert {"message", "edited_message", "callback_query"} <= set(
            call.params["allowed_updates"]
        )
    assert fake.webhook is not None and fake.webhook["secret_token"] == SECRET


async def first_two_messages_at_once(
    fake: FakeTelegram, chat: Conversation, proxy: RoundRobin
) -> int:
    """The user's first two care messages reach both replicas at the same time: one topic,
    both copied into it once, one acknowledgement. Returns the topic's thread id."""
    chat.say("first")
    first = fake.last_update_id
    chat.say("second")
    second = fake.last_update_id
    copied = await fake.wait_until(
        lambda: len(c := copies_into(fake, ADMIN_CHAT_ID, "first", "second")) >= 2 and c, 60
    )
    await chat.expect("is with our care team")
    (topic,) = fake.calls_of("createForumTopic")
    thread_id = topic.result["message_thread_id"]
    assert [c.message["message_thread_id"] for c in copied] == [thread_id, thread_id]
    tries = [(target, status) for u, target, status in proxy.routed if u in (first, second)]
    assert sorted(tries) == [(0, 200), (1, 200)]  # one at each replica, each handled there
    return thread_id


def copies_into(fake: FakeTelegram, chat_id: int, *texts: str) -> list:
    return [
        c
        for c in fake.calls_of("copyMessage")
        if c.chat_id == chat_id and c.messages and c.text in texts
    ]


async def files_a_question(
    fake: FakeTelegram, chat: Conversation, database: Database, redis_url: str | None
) -> str:
    """A question filed through /request, its steps spread over both replicas (the unfinished
    dialog kept where both see it); the reference, once the agents' card is posted."""
    chat.say("/request")
    chat.tap(await chat.expect(T("intake-choose-kind")), T("request-kind-question"))
    await chat.reply()  # what is the question?
    in_database = await database.scalar("SELECT count(*) FROM fsm_records")
    assert in_database == (0 if redis_url else 1)
    if redis_url:
        from redis.asyncio import Redis

        async with Redis.from_url(redis_url) as redis:
            assert await redis.keys("fsm:*:state"), "the dialog's state is not in Redis"
    chat.say("How long do you keep my messages?")
    chat.tap(await chat.reply(), T("intake-button-no-files"))
    reference = REFERENCE.search((await chat.expect("Q-")).text).group()
    await fake.wait_until(
        lambda: [c for c in fake.sent_to(ADMIN_CHAT_ID) if reference in c.text], 30
    )
    return reference


async def broadcasts(fake: FakeTelegram, database: Database) -> int:
    """The supervisor broadcasts a message to everyone; its id, once the campaign is done."""
    await database.add_verified_users(FIRST_OTHER, OTHERS)
    source = fake.agent_message(BOSS, ADMIN_CHAT_ID, None, text="We move to a new office")
    command = {"type": "bot_command", "offset": 0, "length": 10}
    fake.agent_message(
        BOSS, ADMIN_CHAT_ID, None, reply_to=source, text="/broadcast", entities=[command]
    )
    call, data = await fake.wait_until(lambda: with_buttons(fake, ADMIN_CHAT_ID, "bcaud:all"), 30)
    fake.press(BOSS, call.message, data)
    call, data = await fake.wait_until(lambda: with_buttons(fake, ADMIN_CHAT_ID, "bcgo:"), 30)
    fake.press(BOSS, call.message, data)
    await database.wait_for("SELECT status FROM campaigns", lambda r: r == [("done",)], 90)
    return source["message_id"]


async def every_update_handled_once(
    fake: FakeTelegram, proxy: RoundRobin, database: Database, replicas: list[BotProcess]
) -> None:
    """Every update was accepted once, by one replica or the other, and recorded once."""
    assert [(u, s) for u, s in fake.deliveries if s != 200] == []  # no replica failed one
    delivered = Counter(fake.delivered())
    assert set(delivered) == set(range(1, fake.last_update_id + 1))  # nothing lost
    assert set(delivered.values()) == {1}
    assert proxy.handled_by(0) and proxy.handled_by(1)
    handled = await database.rows("SELECT update_id FROM handled_updates ORDER BY update_id")
    assert [u for (u,) in handled] == sorted(delivered)
    assert fake.polls == 0 and fake.calls_of("getUpdates") == []  # webhook mode throughout
    for process in replicas:
        assert "was handled before" not in process.log()


def no_message_sent_twice(fake: FakeTelegram) -> None:
    """No message went out twice: the same content to the same chat and topic."""
    sent = Counter(
        (
            c.method,
            c.chat_id,
            c.messages[0].get("message_thread_id"),
            c.params.get("from_chat_id"),
            c.params.get("message_id"),
            c.text,
        )
        for c in fake.calls
        if c.method in MESSAGE_METHODS and c.messages
    )
    assert [key for key, n in sent.items() if n > 1] == []
