"""Webhook mode: an aiohttp server that checks Telegram's secret token."""

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from yarl import URL

from bot.settings import Settings

log = logging.getLogger("qamqor")


def build_webhook_app(bot: Bot, dispatcher: Dispatcher, path: str, secret: str) -> web.Application:
    app = web.Application()
    # Answered only once handled and committed: a crash before that makes Telegram resend.
    handler = SimpleRequestHandler(dispatcher, bot, secret_token=secret, handle_in_background=False)
    handler.register(app, path=path)
    setup_application(app, dispatcher, bot=bot)
    return app


async def run_webhook(
    settings: Settings, bot: Bot, dispatcher: Dispatcher, stop: asyncio.Event
) -> None:
    url = str(settings.webhook_url)
    secret = settings.webhook_secret.get_secret_value()
    app = build_webhook_app(bot, dispatcher, URL(url).path or "/", secret)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    await bot.set_webhook(
        url,
        secret_token=secret,
        allowed_updates=dispatcher.resolve_used_update_types(),
        drop_pending_updates=False,
    )
    log.info("webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
