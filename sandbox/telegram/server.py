"""The fake Bot API behind a real aiohttp HTTP server (what `python -m bot` talks to), with
webhook delivery once the bot sets one."""

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from sandbox.telegram.core import FakeTelegram
from sandbox.telegram.webhook import WebhookDelivery
from sandbox.telegram.wire import decode_params


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


MAX_UPLOAD = 50 * 2**20  # Telegram's limit on files a bot sends
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
FROM_A_PAGE = {
    "ok": False,
    "error_code": 403,
    "description": "Forbidden: the Bot API stand-in answers programs on this machine, "
    "not web pages",
}


def from_another_site(request: web.Request) -> bool:
    """A request another web site's page made (the token is public, so any site could post
    here); the sandbox page's own requests (same origin) pass.

    The bot's HTTP client (aiogram over aiohttp: form-encoded calls, multipart uploads, which
    a page's form can send too) sends neither Origin nor Sec-Fetch-Site; a browser marks a
    page's requests with Sec-Fetch-Site and its cross-site posts with Origin, so either one
    naming another origin refuses the request. A Host that is no loopback name is another
    site's name resolved to this machine (DNS rebinding)."""
    host = request.host.rsplit(":", 1)[0]
    origin = request.headers.get("Origin")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    return (
        host not in LOOPBACK_HOSTS
        or (origin is not None and origin != f"{request.scheme}://{request.host}")
        or (fetch_site is not None and fetch_site != "same-origin")
    )


def build_app(fake: FakeTelegram, app: web.Application | None = None) -> web.Application:
    """The Bot API's routes (methods and file downloads), added to `app` when given."""

    async def endpoint(request: web.Request) -> web.Response:
        if from_another_site(request):
            return web.json_response(FROM_A_PAGE, status=403)
        if request.match_info["token"] != fake.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        fields: dict[str, str] = dict(request.query)
        files: dict[str, bytes] = {}
        names: dict[str, str] = {}
        if request.content_type == "application/json":
            fields.update(await request.json())
        elif request.method == "POST":
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                    names[key] = value.filename
                else:
                    fields[key] = value
        method, params = request.match_info["method"], decode_params(fields)
        status, body = await fake.handle(method, params, files, names)
        return web.Response(status=status, text=json.dumps(body), content_type="application/json")

    async def download(request: web.Request) -> web.Response:
        if from_another_site(request):
            raise web.HTTPForbidden()
        if request.match_info["token"] != fake.token:
            raise web.HTTPUnauthorized()
        try:
            return web.Response(body=fake.download(request.match_info["path"]))
        except KeyError:
            raise web.HTTPNotFound() from None

    app = app or web.Application(client_max_size=MAX_UPLOAD)
    app.router.add_route("*", "/bot{token}/{method}", endpoint)
    app.router.add_get("/file/bot{token}/{path:.+}", download)
    return app


@asynccontextmanager
async def serve(
    fake: FakeTelegram, port: int | None = None, app: web.Application | None = None
) -> AsyncIterator[str]:
    """Serve `fake` (beside `app`'s own routes, when given) on a loopback port, a free one by
    default; yields the BOT_API_URL."""
    runner = web.AppRunner(build_app(fake, app), shutdown_timeout=1)
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
