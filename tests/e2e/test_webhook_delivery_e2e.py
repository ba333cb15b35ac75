"""The fake Bot API delivers to a webhook as Telegram does (what the replica test relies on)."""

import asyncio
from collections import Counter

from aiohttp import ClientSession, web

from sandbox.telegram.server import free_port
from sandbox.telegram.webhook import SECRET_HEADER
from tests.fake_telegram import FakeTelegram, Person, serve

DANA = Person(41, "Dana", language_code="en")


async def test_updates_are_posted_with_the_secret_until_answered_2xx() -> None:
    fake = FakeTelegram()
    received: list[tuple[int, str | None]] = []
    inside, most_inside = 0, 0

    async def hook(request: web.Request) -> web.Response:
        nonlocal inside, most_inside
        update = await request.json()
        received.append((update["update_id"], request.headers.get(SECRET_HEADER)))
        inside += 1
        most_inside = max(most_inside, inside)
        await asyncio.sleep(0.05)  # the others arrive meanwhile
        inside -= 1
        first_try = [u for u, _ in received].count(update["update_id"]) == 1
        if update["update_id"] == 2 and first_try:
            return web.Response(status=500)  # refused once: Telegram tries again
        return web.json_response({"method": "sendMessage", "chat_id": DANA.id, "text": "hi"})

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with serve(fake) as api, ClientSession() as http:
            queued = [fake.text(DANA, f"m{n}") for n in range(6)]
            fake.bot_status(Person(42, "Erlan"), "member", "kicked")  # not allowed: never sent
            webhook = {
                "url": f"http://127.0.0.1:{port}/hook",
                "secret_token": "s3cret",
                "allowed_updates": '["message"]',
                "drop_pending_updates": "false",
            }
            async with http.post(f"{api}/bot{fake.token}/setWebhook", data=webhook) as answer:
                assert answer.status == 200
            await fake.wait_until(lambda: len(fake.delivered()) == len(queued))
            async with http.post(f"{api}/bot{fake.token}/getUpdates") as answer:
                assert answer.status == 409  # as Telegram: no polling while a webhook is set
    finally:
        await runner.cleanup()

    assert Counter(fake.delivered()) == Counter(range(1, 7))  # each once, none lost
    assert [status for u, status in fake.deliveries if u == 2] == [500, 200]
    assert {secret for _, secret in received} == {"s3cret"}
    assert 1 < most_inside <= fake.max_connections  # several at once, within the limit
    assert fake.webhook["drop_pending_updates"] is False
    assert len(fake.sent_to(DANA.id)) == 6  # methods in answers are executed
