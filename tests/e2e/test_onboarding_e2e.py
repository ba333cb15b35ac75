"""The real bot process, polling the fake Bot API over HTTP, walked through onboarding."""

import signal

import pytest

from tests.e2e.conftest import ADMIN_CHAT_ID, running, start_bot, stopped_cleanly
from tests.e2e.walk import (
    ACCEPT,
    HOLDS,
    LANGUAGE,
    MENU,
    VERIFIED,
    has_share_button,
    phone_in_db,
    to_phone_step,
)
from tests.fake_telegram import Person
from tests.fake_telegram.conversation import Conversation


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_onboarding_in_each_language(telegram, launch, database, locale: str) -> None:
    fake, process = await start_bot(telegram, launch)
    assert {c.params.get("language_code") for c in fake.calls_of("setMyCommands")} >= {
        "kk",
        "ru",
        "en",
    }

    chat = Conversation(fake, Person(81, "Aliya", "Nur", "aliya", language_code=locale))
    await to_phone_step(chat, locale)
    chat.share_contact("+77051234567")
    welcome = await chat.reply()
    assert VERIFIED[locale] in welcome.text
    assert MENU[locale] in [b["text"] for b in welcome.buttons()]

    chat.say(MENU[locale])
    report = await chat.reply()
    assert HOLDS[locale] in report.text and "+77051234567" in report.text

    await stopped_cleanly(process)
    assert await phone_in_db(database, 81) == "+77051234567"


async def test_every_refusal_against_the_real_process(telegram, launch, database) -> None:
    fake, process = await start_bot(telegram, launch)

    owner = Conversation(fake, Person(91, "Owner", language_code="ru"))
    await to_phone_step(owner, "ru")
    owner.share_contact("+77011234567")
    assert "подтверждён" in (await owner.reply()).text

    chat = Conversation(fake, Person(92, "Yerzhan", language_code="en"))
    await to_phone_step(chat, "en")
    attempts = [
        (lambda: chat.share_contact("+77019998877", user_id=91), "someone else's contact"),
        (lambda: chat.share_contact("+77019998877", user_id=None), "forwarded contact card"),
        (lambda: chat.share_contact("+79161234567"), "not a Kazakh mobile number"),
        (lambda: chat.share_contact("+77272501234"), "not a Kazakh mobile number"),
        (lambda: chat.say("+77019998877"), "don't type the number"),
        (lambda: fake.photo(chat.person), "don't type the number"),
        (lambda: fake.sticker(chat.person), "don't type the number"),
        (lambda: chat.share_contact("+77011234567"), "already linked to another Telegram"),
    ]
    for act, expected in attempts:
        act()
        answer = await chat.reply()
        assert expected in answer.text
        assert has_share_button(answer)
    conflict = await fake.wait_until(lambda: fake.sent_to(ADMIN_CHAT_ID))
    assert "+7 701 *** ** 67" in conflict[0].text

    chat.share_contact("+77019998877")
    assert "is confirmed" in (await chat.reply()).text
    await stopped_cleanly(process)
    assert await phone_in_db(database, 92) == "+77019998877"


async def test_progress_survives_a_restart(telegram, launch) -> None:
    fake, first = await start_bot(telegram, launch)
    chat = Conversation(fake, Person(101, "Madi", language_code="kk"))
    await to_phone_step(chat, "kk")
    await stopped_cleanly(first)

    _, second = await start_bot(telegram, launch)
    chat.say("сәлем")  # still at the phone step after the restart
    assert has_share_button(await chat.reply())
    chat.share_contact("+77471234567")
    assert "расталды" in (await chat.reply()).text
    await stopped_cleanly(second, signal.SIGINT)


async def test_an_unreachable_api_is_retried_quietly(launch, tmp_path) -> None:
    from sandbox.telegram.server import free_port
    from tests.fake_telegram import FakeTelegram, serve

    port = free_port()
    fake = FakeTelegram()
    process = await launch(f"http://127.0.0.1:{port}", fake.token)
    for _ in range(300):  # bounded: up to 30 s for two retry lines
        if process.log().count("Bot API unreachable") >= 2:
            break
        await __import__("asyncio").sleep(0.1)
    assert process.log().count("Bot API unreachable") >= 2, process.log()

    async with serve(fake, port=port):
        await running(fake, process)
        chat = Conversation(fake, Person(111, "Late", language_code="en"))
        chat.say("/start")
        assert "Choose the language" in (await chat.reply()).text
        await stopped_cleanly(process)


async def test_shutdown_lets_the_update_in_hand_finish(telegram, launch) -> None:
    fake, process = await start_bot(telegram, launch)
    chat = Conversation(fake, Person(121, "Slow", language_code="en"))
    chat.say("/start")
    chat.tap(await chat.reply(), LANGUAGE["en"])
    _saved, notice = await chat.replies(2)

    fake.delays["sendMessage"] = 1.0  # accepting sends two messages, each slow now
    sent = len(fake.calls_of("sendMessage"))
    chat.tap(notice, ACCEPT["en"])
    await fake.wait_until(lambda: len(fake.calls_of("sendMessage")) > sent)
    await stopped_cleanly(process)  # SIGTERM while the first answer is on its way
    thanks, request = chat.unread()
    assert "consent is recorded" in thanks.text and has_share_button(request)
