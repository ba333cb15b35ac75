"""The Bot API stand-in answers programs on this machine (the bot, the tests), never a web page:
its token is in the source, so a page of any site could otherwise post to it. aiogram's own
requests (form-encoded, multipart for files, no Origin, no Sec-Fetch-Site) still go through."""

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile
from aiohttp.test_utils import TestClient, TestServer

from sandbox.telegram import FakeTelegram, serve
from sandbox.telegram.server import build_app
from sandbox.world import TOKEN

HOOK = {"url": "http://127.0.0.1:9/hook"}  # a loopback hook: only the headers can refuse it


@pytest.fixture
async def fake() -> FakeTelegram:
    return FakeTelegram(TOKEN)


@pytest.fixture
async def api(fake: FakeTelegram) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(build_app(fake))) as client:
        yield client


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},  # a current browser
        {"Origin": "http://evil.example"},  # one that sends no Sec-Fetch-Site
        {"Origin": "null"},  # a sandboxed frame, a file:// page
        {"Sec-Fetch-Site": "cross-site"},  # one that leaves out Origin
        {"Sec-Fetch-Site": "same-site"},  # another port or subdomain of this host
        {"Host": "rebound.example:8088"},  # a name of another site resolved to 127.0.0.1
    ],
)
async def test_a_post_from_a_web_page_is_refused(
    api: TestClient, fake: FakeTelegram, headers: dict[str, str]
) -> None:
    response = await api.post(f"/bot{TOKEN}/setWebhook", data=HOOK, headers=headers)
    assert response.status == 403
    assert (await response.json())["ok"] is False
    assert fake.webhook is None


async def test_a_link_or_image_from_a_web_page_is_refused(
    api: TestClient, fake: FakeTelegram
) -> None:
    response = await api.get(
        f"/bot{TOKEN}/setWebhook", params=HOOK, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status == 403
    assert fake.webhook is None
    fake.upload("doc-1", b"secret", "a.pdf")
    download = await api.get(f"/file/bot{TOKEN}/doc-1", headers={"Sec-Fetch-Site": "cross-site"})
    assert download.status == 403


async def test_a_request_of_the_stand_ins_own_origin_goes_through(
    api: TestClient, fake: FakeTelegram
) -> None:
    own = f"http://{api.server.host}:{api.server.port}"
    headers = {"Origin": own, "Sec-Fetch-Site": "same-origin"}
    response = await api.post(f"/bot{TOKEN}/setWebhook", data=HOOK, headers=headers)
    assert response.status == 200, await response.text()
    assert fake.webhook_url == HOOK["url"]


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/hook",
        "http://127.0.0.1.evil.example/hook",
        "http://10.0.0.7:8080/hook",
        "ftp://127.0.0.1/hook",
        "http:///hook",
        "http://[::1/hook",
        "not a url",
    ],
)
async def test_a_webhook_off_this_machine_is_refused(fake: FakeTelegram, url: str) -> None:
    status, body = await fake.handle("setWebhook", {"url": url})
    assert status == 400 and body["description"].startswith("Bad Request: bad webhook")
    assert fake.webhook is None


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8443/tg", "https://localhost/tg", "http://[::1]:9/tg"]
)
async def test_a_loopback_webhook_is_set(fake: FakeTelegram, url: str) -> None:
    status, body = await fake.handle("setWebhook", {"url": url})
    assert status == 200, body
    assert fake.webhook_url == url


async def test_aiogram_calls_and_uploads_as_before(fake: FakeTelegram) -> None:
    """What the real bot sends: form-encoded calls, multipart uploads, no browser headers."""
    async with serve(fake) as url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(url))
        bot = Bot(TOKEN, session=session)
        try:
            assert (await bot.get_me()).id == fake.bot_id
            assert await bot.set_webhook(HOOK["url"], secret_token="s3cret")
            assert await bot.delete_webhook()
            document = BufferedInputFile(b"%PDF-1.4", filename="report.pdf")
            sent = await bot.send_document(42, document, caption="Your report")
            assert fake.uploads[sent.document.file_id] == b"%PDF-1.4"
            with pytest.raises(TelegramBadRequest, match="bad webhook"):
                await bot.set_webhook("https://evil.example/hook")
        finally:
            await session.close()
    assert fake.webhook is None
