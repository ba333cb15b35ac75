"""Webhook mode: Telegram's secret token is checked before an update is handled."""

from aiohttp.test_utils import TestClient, TestServer

from bot.webhook import build_webhook_app
from tests.flow.harness import DeskHarness

SECRET = "s3cret-token"


async def test_wrong_secret_is_refused_and_right_one_handled(desk: DeskHarness) -> None:
    app = build_webhook_app(desk.bot, desk.dispatcher, "/tg/hook", SECRET)
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 55, "type": "private", "first_name": "W"},
            "from": {"id": 55, "is_bot": False, "first_name": "W", "language_code": "en"},
            "text": "/help",
        },
    }
    async with TestClient(TestServer(app)) as client:
        wrong = await client.post(
            "/tg/hook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
        )
        assert wrong.status == 401
        missing = await client.post("/tg/hook", json=update)
        assert missing.status == 401
        assert desk.fake.sent_to(55) == []

        right = await client.post(
            "/tg/hook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert right.status == 200
        await desk.sender.drain()
        sent = await desk.fake.wait_until(lambda: desk.fake.sent_to(55), timeout=5)
        assert "/language" in sent[0].text
