"""The fake Bot API behind a real aiohttp HTTP server (what `python -m bot` talks to), with
webhook delivery once the bot sets one."""

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from tests.fake_telegram.core import FakeTelegram, decode_params
from tests.fake_telegram.webhook import WebhookDelivery


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_app(fake: FakeTelegram) -> web.Application:
    async def endpoint(request: web.Request) -> web.Response:
        if request.match_info["token"] != fake.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        fields: dict[str, str] = dict(request.query)
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            fields.update(await request.json())
        elif request.method == "POST":
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                else:
                    fields[key] = value
        status, body = await fake.handle(request.match_info["method"], decode_params(fields), files)
        return web.Response(status=status, text=json.dumps(body), content_type="application/json")

    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", endpoint)
    return app


@asynccontextmanager
async def serve(fake: FakeTelegram, port: int | None = None) -> AsyncIterator[str]:
    """Serve `fake` on a loopback port (a free one by default); yields the BOT_API_URL."""
    runner = web.AppRunner(build_app(fake), shutdown_timeout=1)
    await runner.setup()
    port = port or free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    delivery = asyncio.create_task(WebhookDelivery(fake).run())  # idle until a setWebhook
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        delivery.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await delivery
        await runner.cleanup()
