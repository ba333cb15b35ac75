"""Webhook mode: an aiohttp server that checks Telegram's secret token."""

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from yarl import URL

from bot.probes import Probes, listening
from bot.settings import Settings

log = logging.getLogger("qamqor")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateRequestHandler(SimpleRequestHandler):
    """aiogram's handler, but a body that is not an Update gets 400 instead of a traceback.

    aiogram answers such a body with 500 (bad JSON, bad encoding) or 200 and a failing
    background task; both log tracebacks whose messages quote the body, and the body may be
    a user's message.
    """

    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        # Only a caller with the secret is told about its body; the rest get aiogram's 401.
        if self.verify_secret(request.headers.get(SECRET_HEADER, ""), bot):
            try:
                # aiohttp keeps the body it read, so aiogram reads it again below for free.
                data = await request.json(loads=bot.session.json_loads)
                Update.model_validate(data, context={"bot": bot})
            # ValueError: bad JSON, bad UTF-8, pydantic's ValidationError; LookupError: an
            # unknown charset; RecursionError: JSON nested deeper than the parser goes.
            except (ValueError, LookupError, RecursionError):
                log.warning("webhook: a request body that is not an Update; answered 400")
                return web.Response(status=400, text="Bad Request")
        return await super().handle(request)

    __call__ = handle


def build_webhook_app(
    bot: Bot, dispatcher: Dispatcher, path: str, secret: str, probes: Probes | None = None
) -> web.Application:
    app = web.Application()
    if probes is not None:
        probes.register(app)
    # Answered only once handled and committed: a crash before that makes Telegram resend.
    handler = UpdateRequestHandler(dispatcher, bot, secret_token=secret, handle_in_background=False)
    handler.register(app, path=path)
    setup_application(app, dispatcher, bot=bot)
    return app


async def run_webhook(
    settings: Settings,
    bot: Bot,
    dispatcher: Dispatcher,
    stop: asyncio.Event,
    probes: Probes | None = None,
) -> None:
    url = str(settings.webhook_url)
    secret = settings.webhook_secret.get_secret_value()
    app = build_webhook_app(bot, dispatcher, URL(url).path or "/", secret, probes)
    async with listening(app, settings.webhook_host, settings.webhook_port):
        await bot.set_webhook(
            url,
            secret_token=secret,
            allowed_updates=dispatcher.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        log.info("webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
        await stop.wait()
