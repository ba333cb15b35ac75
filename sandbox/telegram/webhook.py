"""Webhook delivery as Telegram does it: queued updates POSTed to the url the bot set.

Several requests at once (up to `FakeTelegram.max_connections`), JSON bodies, the secret in
`X-Telegram-Bot-Api-Secret-Token`. An update is delivered only when answered 2xx; any other
answer, or none, puts it back for another try, so nothing is lost. A Bot API method in a 2xx
answer's body is executed, as Telegram executes it.
"""

import asyncio
import contextlib
import json
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout

from sandbox.telegram.core import FakeTelegram

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    def __init__(self, fake: FakeTelegram, timeout: float = 30.0) -> None:
        self.fake = fake
        self.timeout = timeout
        self._posts: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        """Deliver until cancelled; POSTs on the wire are cancelled with it."""
        async with ClientSession(timeout=ClientTimeout(total=self.timeout)) as http:
            try:
                while True:
                    batch = await self.fake.wait_until(self.fake.webhook_batch, timeout=None)
                    for update in batch:
                        task = asyncio.create_task(
                            self._post(http, dict(self.fake.webhook), update)
                        )
                        self._posts.add(task)
                        task.add_done_callback(self._posts.discard)
            finally:
                for task in self._posts:
                    task.cancel()
                await asyncio.gather(*self._posts, return_exceptions=True)

    async def _post(
        self, http: ClientSession, hook: dict[str, Any], update: dict[str, Any]
    ) -> None:
        headers = {SECRET_HEADER: hook["secret_token"]} if hook.get("secret_token") else {}
        status, body = 0, b""
        try:
            async with http.post(hook["url"], json=update, headers=headers) as response:
                status, body = response.status, await response.read()
        except (ClientError, TimeoutError):
            pass  # no answer: tried again, as Telegram does
        if not 200 <= status < 300:
            await asyncio.sleep(self.fake.webhook_retry_after)
        self.fake.webhook_answered(update["update_id"], status)
        if 200 <= status < 300:
            await self._answer_in_body(body)

    async def _answer_in_body(self, body: bytes) -> None:
        with contextlib.suppress(ValueError):
            answer = json.loads(body or b"null")
            if isinstance(answer, dict) and "method" in answer:
                method = answer.pop("method")
                await self.fake.handle(method, answer)
