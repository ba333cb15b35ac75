"""SIGKILL in the middle of a broadcast: the real process, restarted, finishes it with no
recipient skipped; a recipient whose copy was on the wire at the kill may get it twice (at
most the sender's concurrency of them)."""

from collections import Counter

from tests.e2e.conftest import ADMIN_CHAT_ID, running, stopped_cleanly
from tests.e2e.walk import with_buttons
from tests.fake_telegram import FakeTelegram, Person

BOSS = Person(900, "Aruzhan", "Boss", language_code="en")
USERS = 300
FIRST = 5_000_000
CONCURRENCY = 8  # the Sender's default


async def start_bot(telegram, launch):
    fake, url = telegram
    fake.polls = 0
    process = await launch(url, fake.token, SEND_RATE="25")
    await running(fake, process)
    return fake, process


def copies(fake: FakeTelegram) -> Counter:
    """Copies made into users' chats, per chat."""
    return Counter(c.chat_id for c in fake.calls_of("copyMessage") if c.messages and c.chat_id > 0)


async def test_a_broadcast_killed_midway_completes_after_a_restart(telegram, launch, database):
    fake, _ = telegram
    fake.admins[ADMIN_CHAT_ID] = [BOSS]
    fake.rate_limit = 30  # Telegram's budget; the bot sends at SEND_RATE below it
    fake, first = await start_bot(telegram, launch)
    await database.add_verified_users(FIRST, USERS)

    source = fake.agent_message(BOSS, ADMIN_CHAT_ID, None, text="We move to a new office")
    command = {"type": "bot_command", "offset": 0, "length": 10}
    fake.agent_message(
        BOSS, ADMIN_CHAT_ID, None, reply_to=source, text="/broadcast", entities=[command]
    )
    call, data = await fake.wait_until(lambda: with_buttons(fake, ADMIN_CHAT_ID, "bcaud:all"))
    fake.press(BOSS, call.message, data)
    call, data = await fake.wait_until(lambda: with_buttons(fake, ADMIN_CHAT_ID, "bcgo:1"))
    fake.press(BOSS, call.message, data)

    await fake.wait_until(lambda: sum(copies(fake).values()) >= 100, timeout=60)
    fake.delays["copyMessage"] = 0.3  # a few copies on the wire as the process dies
    await first.kill()  # SIGKILL
    fake.delays.clear()
    assert sum(copies(fake).values()) < USERS, "the broadcast finished before the kill"
    await database.expire_leases()

    fake, second = await start_bot(telegram, launch)
    await database.wait_for(
        "SELECT status FROM campaigns", lambda rows: rows == [("done",)], timeout=120
    )
    # The progress message's last edit goes out after the commit that finished the campaign.
    await fake.wait_until(lambda: "завершена" in fake.calls_of("editMessageText")[-1].text)
    await stopped_cleanly(second)

    made = copies(fake)
    assert set(made) == {FIRST + n for n in range(USERS)}  # nobody skipped
    twice = [chat for chat, n in made.items() if n > 1]
    assert len(twice) <= CONCURRENCY and all(made[chat] == 2 for chat in twice)
    assert await database.rows("SELECT status, count(*) FROM deliveries GROUP BY status") == [
        ("sent", USERS)
    ]
    assert await database.rows("SELECT count(*) FROM outbox WHERE kind = 'delivery'") == [(0,)]
    final = fake.calls_of("editMessageText")[-1].params["text"]
    assert "завершена" in final and f"Отправлено {USERS}" in final  # ADMIN_LOCALE: ru
