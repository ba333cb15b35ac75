"""`/healthz` and `/metrics` served by the real process: beside the webhook, and in polling mode
on WEBHOOK_PORT when it is set (as the Docker image does)."""

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from sandbox.telegram.server import free_port
from tests.e2e.conftest import running, stopped_cleanly
from tests.fake_telegram import Person

SECRET = "e2e-webhook-secret"
ZARINA = Person(3003, "Zarina", language_code="en")


def value(page: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(page):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return None


async def fetch(http: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with http.get(url, timeout=aiohttp.ClientTimeout(total=10)) as answer:
        return answer.status, await answer.text()


async def test_polling_serves_probes_on_webhook_port(telegram, launch) -> None:
    fake, url = telegram
    port = free_port()
    process = await launch(url, fake.token, WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port))
    await running(fake, process)  # the probes listen before the first getUpdates
    async with aiohttp.ClientSession() as http:
        assert await fetch(http, f"http://127.0.0.1:{port}/healthz") == (200, "ok\n")
        status, page = await fetch(http, f"http://127.0.0.1:{port}/metrics")
    assert status == 200
    assert value(page, "qamqor_bot_api_calls_total", method="getMe") >= 1
    assert value(page, "qamqor_bot_api_calls_total", method="getUpdates") >= 1
    assert value(page, "qamqor_requests_open", kind="access") == 0
    await stopped_cleanly(process)


async def test_webhook_serves_probes_beside_the_hook(telegram, launch) -> None:
    fake, url = telegram
    port = free_port()
    hook = f"http://127.0.0.1:{port}/tg/hook"
    process = await launch(
        url,
        fake.token,
        WEBHOOK_URL=hook,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )
    try:
        await fake.wait_until(lambda: fake.webhook_url == hook, timeout=30)
    except TimeoutError:
        raise AssertionError(f"no setWebhook:\n{process.log()}") from None
    fake.text(ZARINA, "/start")
    (update,) = fake.take_updates()
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as http:
        assert await fetch(http, f"http://127.0.0.1:{port}/healthz") == (200, "ok\n")
        async with http.post(hook, json=update, headers=headers) as answer:
            assert answer.status == 200
        await fake.wait_until(lambda: fake.sent_to(ZARINA.id), timeout=10)
        status, page = await fetch(http, f"http://127.0.0.1:{port}/metrics")
    assert status == 200
    assert value(page, "qamqor_updates_total", type="message") == 1
    assert value(page, "qamqor_bot_api_calls_total", method="setWebhook") == 1
    assert value(page, "qamqor_bot_api_calls_total", method="getUpdates") is None
    await stopped_cleanly(process)
