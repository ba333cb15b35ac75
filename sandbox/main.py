"""`python -m bot sandbox [--port 8088] [--fresh]`: the real bot, its Bot API stand-in and the
page, in one process on 127.0.0.1, until Ctrl-C.

The bot runs exactly as in production (`bot.app.run`, polling over HTTP); only its settings
differ: the sandbox's token and admin chat, `data/sandbox.db`, and the stand-in's address.
The demo world is kept beside the database in `data/sandbox.json`.
"""

import argparse
import asyncio
import contextlib
import errno
import json
import os
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from aiohttp import web

from bot.__main__ import run_until_stopped
from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings
from sandbox.telegram import FakeTelegram, serve
from sandbox.telegram.server import MAX_UPLOAD
from sandbox.web import add_page
from sandbox.world import ADMIN_CHAT_ID, BOT_USERNAME, TOKEN, World

DATA = Path("data")
DATABASE = DATA / "sandbox.db"
WORLD = DATA / "sandbox.json"
SAVE_EVERY = 1.0  # seconds between looks at whether the world changed


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="qamqor sandbox",
        description="Try Qamqor without Telegram: the real bot against a local Bot API, "
        "with the user's chat and the admin chat in a web page.",
    )
    parser.add_argument("--port", type=int, default=8088, help="the page's port (8088)")
    parser.add_argument("--fresh", action="store_true", help="forget the last run's world")
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> int:
    options = parse(argv)
    if options.fresh:
        for path in (WORLD, *DATABASE.parent.glob(DATABASE.name + "*")):
            path.unlink(missing_ok=True)
    DATA.mkdir(exist_ok=True)
    try:
        settings = load_settings(
            bot_token=TOKEN,
            admin_chat_id=ADMIN_CHAT_ID,
            database_url=f"sqlite+aiosqlite:///{DATABASE}",
            bot_api_url=f"http://127.0.0.1:{options.port}",
            webhook_url=None,
            redis_url=None,
            log_level=os.environ.get("LOG_LEVEL", "WARNING"),
        )
    except SettingsError as exc:
        print(f"qamqor: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secrets=[TOKEN])
    try:
        return run_until_stopped(run_sandbox(settings, options.port))
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(f"qamqor: 127.0.0.1:{options.port} is in use; try --port", file=sys.stderr)
        return 2


async def run_sandbox(settings: Settings, port: int) -> None:
    from bot.app import run  # aiogram loads for seconds: only once settings are good

    world = World(FakeTelegram(TOKEN, BOT_USERNAME))
    if WORLD.exists():
        world.restore(json.loads(WORLD.read_text(encoding="utf-8")))
    page = web.Application(client_max_size=MAX_UPLOAD)
    add_page(page, world)
    async with serve(world.fake, port, page), keeping(world, WORLD):
        print(f"Qamqor sandbox: open http://127.0.0.1:{port}  (Ctrl-C stops)", flush=True)
        await run(settings)


@contextlib.asynccontextmanager
async def keeping(world: World, path: Path) -> AsyncIterator[None]:
    """Save the world whenever it changed (a look each second) and once more at the end."""
    last = ""

    def save() -> None:
        nonlocal last
        text = json.dumps(world.snapshot(), ensure_ascii=False)
        if text != last:
            temporary = path.with_suffix(".tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)
            last = text

    async def every_second() -> None:
        while True:
            await asyncio.sleep(SAVE_EVERY)
            save()

    task = asyncio.create_task(every_second())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        save()
