"""The real process at LOG_LEVEL=DEBUG: its log carries ids, never personal data or the token."""

import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web

from sandbox.telegram.server import build_app, free_port
from tests.e2e.conftest import ADMIN_CHAT_ID, running, stopped_cleanly
from tests.e2e.walk import onboard
from tests.fake_telegram import FakeTelegram, Person
from tests.fake_telegram.conversation import Conversation

SECRET = "AAHx7Qv2LogLeakCanary9kWm"
TOKEN = f"424242:{SECRET}"
PHONE = "+77015550123"
USER = Person(4321, "Zhuldyzai", "Qarabekova", "zhuldyz_q", language_code="en")
AGENT = Person(765, "Bolatkhan", "Serikuly", username="bolat_care")
USER_TEXT = "Kumquat orchard deed number forty two"
AGENT_TEXT = "Tangerine ledger is ready"

# What the Bot API may answer to getUpdates before it behaves: each makes aiogram log an error
# that quotes what it got. A redirect loop: the error names the URL, and the URL holds the token.
REDIRECT_LOOP = "redirect loop"
# An update aiogram cannot read (a date it cannot parse): the error quotes the whole answer.
UNREADABLE = {
    "ok": True,
    "result": [
        {
            "update_id": 999_999,
            "message": {
                "message_id": 1,
                "date": "yesterday",
                "chat": USER.as_private_chat(),
                "from": USER.as_user(),
                "text": f"{USER_TEXT} {PHONE}",
            },
        }
    ],
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def misbehaving_first(answers: list[object]) -> Callable[[web.Request, Handler], Awaitable]:
    """A middleware: the first getUpdates calls get `answers`, in order; then the fake answers."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.query.get("loop"):
            raise web.HTTPSeeOther(request.url)  # aiohttp follows until it gives up
        if request.match_info.get("method") != "getUpdates" or not answers:
            return await handler(request)
        answer = answers.pop(0)
        if answer == REDIRECT_LOOP:
            raise web.HTTPSeeOther(request.url.with_query(loop="1"))
        return web.Response(text=json.dumps(answer), content_type="application/json")

    return middleware


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[FakeTelegram, str]]:
    """The fake Bot API with a token of its own, misbehaving at first (see above)."""
    fake = FakeTelegram(token=TOKEN)
    fake.add_group(ADMIN_CHAT_ID)
    app = build_app(fake)
    app.middlewares.append(misbehaving_first([REDIRECT_LOOP, UNREADABLE]))
    runner = web.AppRunner(app, shutdown_timeout=1)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield fake, f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def phone_pattern(digits: str) -> re.Pattern[str]:
    """The national number in any spelling: +7/8/7 prefix, spaces, dashes, brackets."""
    return re.compile(r"[\s\-().]*".join(digits))


async def test_a_debug_log_names_nobody(telegram, launch) -> None:
    fake, url = telegram
    process = await launch(url, fake.token, LOG_LEVEL="DEBUG")
    await running(fake, process)

    chat = Conversation(fake, USER)
    await onboard(chat, PHONE)
    chat.say(USER_TEXT)
    await chat.reply()
    topic = await fake.wait_until(lambda: fake.calls_of("createForumTopic"))
    thread_id = topic[0].result["message_thread_id"]
    await fake.wait_until(
        lambda: any(c.text == USER_TEXT for c in fake.sent_to(ADMIN_CHAT_ID, thread_id))
    )
    fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, text=AGENT_TEXT)
    assert (await chat.reply()).text == AGENT_TEXT
    await stopped_cleanly(process)

    log = process.log()
    # The test proves something only if the process did log at DEBUG and met both faults.
    assert " DEBUG " in log, log
    assert log.count("getUpdates failed") == 2, log  # both faulty answers were met
    leaks = {
        "phone": phone_pattern(PHONE.removeprefix("+7")).search(log),
        "token": SECRET in log,
        "user's first name": USER.first_name in log,
        "user's last name": USER.last_name in log,
        "user's username": USER.username in log,
        "agent's name": AGENT.first_name in log,
        "user's text": "Kumquat" in log,
        "agent's text": "Tangerine" in log,
    }
    found = [what for what, hit in leaks.items() if hit]
    assert not found, f"the log leaks {found}:\n{log[-5000:]}"
