"""`python -m bot sandbox [--port 8088] [--fresh]`: the real bot, its Bot API stand-in and the
page, in one process on 127.0.0.1, until Ctrl-C.

The bot runs exactly as in production (`bot.app.run`, polling over HTTP); only its settings
differ: the sandbox's token and admin chat, `data/sandbox.db`, and the stand-in's address.
The demo world is kept beside the database (`sandbox.keeping`).
"""

import argparse
import errno
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from aiohttp import web

from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings
from bot.start import run_until_stopped
from sandbox.keeping import Folder, KeepingError
from sandbox.telegram import FakeTelegram, serve
from sandbox.telegram.server import MAX_UPLOAD
from sandbox.web import add_page
from sandbox.world import ADMIN_CHAT_ID, BOT_USERNAME, TOKEN, World

DATA = Path("data")


def port_number(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("a port is a number from 1 to 65535")
    return port


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="qamqor sandbox",
        description="Try Qamqor without Telegram: the real bot against a local Bot API, "
        "with the user's chat and the admin chat in a web page.",
    )
    parser.add_argument("--port", type=port_number, default=8088, help="the page's port (8088)")
    parser.add_argument("--fresh", action="store_true", help="forget the last run's world")
    return parser.parse_args(argv)


def port_in_use(port: int) -> bool:
    """Whether something listens on the port. Connections a stopped run left in TIME-WAIT do
    not count: the server binds with SO_REUSEADDR (asyncio's default), and so does the probe."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def main(argv: Sequence[str]) -> int:
    options = parse(argv)
    folder = Folder(DATA)
    try:
        folder.claim()  # before --fresh deletes anything another sandbox may be using
        if port_in_use(options.port):
            raise KeepingError(f"127.0.0.1:{options.port} is in use; try --port")
        if options.fresh:
            folder.forget()
        settings = load_settings(
            bot_token=TOKEN,
            admin_chat_id=ADMIN_CHAT_ID,
            database_url=folder.database_url,
            bot_api_url=f"http://127.0.0.1:{options.port}",
            webhook_url=None,
            webhook_host="127.0.0.1",  # WEBHOOK_PORT set: /healthz, /metrics on loopback only
            redis_url=None,
            log_level=os.environ.get("LOG_LEVEL", "WARNING"),
        )
    except (KeepingError, SettingsError) as exc:
        print(f"qamqor: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secrets=[TOKEN])
    try:
        return run_until_stopped(run_sandbox(settings, options.port, folder))
    except KeepingError as exc:
        print(f"qamqor: {exc}", file=sys.stderr)
        return 2


async def run_sandbox(settings: Settings, port: int, folder: Folder) -> None:
    from bot.app import run  # aiogram loads for seconds: only once settings are good

    world = World(FakeTelegram(TOKEN, BOT_USERNAME))
    folder.load(world)
    await folder.catch_up(world)
    page = web.Application(client_max_size=MAX_UPLOAD)
    add_page(page, world, settings.timezone)
    async with serve(world.fake, port, page), folder.keeping(world):
        print(f"Qamqor sandbox: open http://127.0.0.1:{port}  (Ctrl-C stops)", flush=True)
        await run(settings)
