"""Webhook mode: Telegram's secret token is checked before an update is handled."""

import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.webhook import build_webhook_app
from tests.flow.harness import DeskHarness

SECRET = "s3cret-token"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
UPDATE = {
    "update_id": 1,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 55, "type": "private", "first_name": "W"},
        "from": {"id": 55, "is_bot": False, "first_name": "W", "language_code": "en"},
        "text": "/help",
    },
}
# Bodies a caller holding the secret might still send; none of them is an Update.
NOT_UPDATES = {
    "invalid JSON": (b'{"update_id": 1, "message": {"text": "Zarina', "application/json"),
    "a JSON array": (b'[{"update_id": 1}]', "application/json"),
    "a JSON string": (b'"Zarina +77011234567"', "application/json"),
    "no update_id": (b"{}", "application/json"),
    "a bad update_id": (b'{"update_id": "x"}', "application/json"),
    "a bad message": (
        b'{"update_id": 2, "message": {"text": "Zarina +77011234567"}}',
        "application/json",
    ),
    "not UTF-8": (b'{"update_id": 3, "\xff": 1}', "application/json"),
    "nested too deep": (b"[" * 100_000, "application/json"),
    "an unknown charset": (b'{"update_id": 4}', "application/json; charset=no-such-codec"),
}


async def test_wrong_secret_is_refused_and_right_one_handled(desk: DeskHarness) -> None:
    app = build_webhook_app(desk.bot, desk.dispatcher, "/tg/hook", SECRET)
    async with TestClient(TestServer(app)) as client:
        wrong = await client.post("/tg/hook", json=UPDATE, headers={HEADER: "nope"})
        assert wrong.status == 401
        missing = await client.post("/tg/hook", json=UPDATE)
        assert missing.status == 401
        assert desk.fake.sent_to(55) == []

        right = await client.post("/tg/hook", json=UPDATE, headers={HEADER: SECRET})
        assert right.status == 200
        await desk.sender.drain()
        sent = await desk.fake.wait_until(lambda: desk.fake.sent_to(55), timeout=5)
        assert "/language" in sent[0].text


@pytest.mark.parametrize("case", NOT_UPDATES)
async def test_a_body_that_is_not_an_update_gets_400(
    desk: DeskHarness, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    body, content_type = NOT_UPDATES[case]
    app = build_webhook_app(desk.bot, desk.dispatcher, "/tg/hook", SECRET)
    caplog.set_level(logging.DEBUG)
    async with TestClient(TestServer(app)) as client:
        headers = {HEADER: SECRET, "Content-Type": content_type}
        answer = await client.post("/tg/hook", data=body, headers=headers)
        assert answer.status == 400
        assert "Traceback" not in await answer.text()

        # The secret is still checked first: a stranger learns nothing about the body.
        headers[HEADER] = "nope"
        assert (await client.post("/tg/hook", data=body, headers=headers)).status == 401

        # The server goes on handling real updates.
        right = await client.post("/tg/hook", json=UPDATE, headers={HEADER: SECRET})
        assert right.status == 200
        await desk.sender.drain()
        await desk.fake.wait_until(lambda: desk.fake.sent_to(55), timeout=5)

    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert "Zarina" not in caplog.text and "7011234567" not in caplog.text
