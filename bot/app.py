"""Builds everything from settings and runs it until SIGTERM/SIGINT."""

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from contextlib import suppress

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import AiogramError, TelegramNetworkError, TelegramServerError
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.types import BotCommand
from aiogram.utils.backoff import Backoff, BackoffConfig
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.dispatcher import build_dispatcher
from bot.retry import RetryAfter
from bot.scheduler import build_scheduler
from bot.settings import Settings
from care.albums import SETTLE, AlbumCollector
from care.clock import utcnow
from care.desk import Desk
from care.gate import WriteGate
from care.policies import load_policy_file, seed_first_policy
from care.texts import Catalog
from storage.engine import build_engine, build_sessionmaker
from storage.migrate import upgrade_to_head

log = logging.getLogger("qamqor")

API_BACKOFF = BackoffConfig(min_delay=1.0, max_delay=60.0, factor=1.6, jitter=0.1)
COMMANDS = ("start", "me", "privacy", "language", "help")
SHUTDOWN_GRACE = 20.0  # seconds an update in hand may take to finish at shutdown


def build_bot(settings: Settings) -> Bot:
    server = TelegramAPIServer.from_base(str(settings.bot_api_url))
    bot = Bot(settings.bot_token.get_secret_value(), session=AiohttpSession(api=server))
    bot.session.middleware(RetryAfter())
    return bot


def build_desk(settings: Settings, catalog: Catalog) -> Desk:
    return Desk(
        admin_chat_id=settings.admin_chat_id,
        catalog=catalog,
        tz=settings.tz,
        admin_locale=settings.default_locale,
        flood_limit=settings.flood_max_messages,
        flood_window=settings.flood_window_seconds,
        show_agent_names=settings.show_agent_names,
    )


async def probe_admin_chat(bot: Bot, desk: Desk) -> None:
    """Topics or replies: decided by whether the admin chat is a forum."""
    try:
        chat = await bot.get_chat(desk.admin_chat_id)
    except AiogramError as exc:
        log.error(
            "ADMIN_CHAT_ID %s is not reachable (%s): is the bot a member?", desk.admin_chat_id, exc
        )
        return
    desk.topics = bool(chat.is_forum)
    log.info("admin chat %s: %s", desk.admin_chat_id, "topics" if desk.topics else "replies")


def build_fsm(settings: Settings) -> tuple[BaseStorage | None, BaseEventIsolation | None]:
    if not settings.redis_url:
        return None, None  # the dispatcher factory defaults to the database
    from aiogram.fsm.storage.redis import RedisStorage

    storage = RedisStorage.from_url(settings.redis_url)
    return storage, storage.create_isolation()


async def prepare_database(engine: AsyncEngine, settings: Settings) -> None:
    seed = load_policy_file(settings.policy_file)
    await upgrade_to_head(engine)
    async with build_sessionmaker(engine).begin() as session:
        await seed_first_policy(session, seed, utcnow())


async def wait_for_api(bot: Bot) -> None:
    """Ask getMe until the Bot API answers, backing off between tries."""
    backoff = Backoff(API_BACKOFF)
    while True:
        try:
            me = await bot.me()
        except (TelegramNetworkError, TelegramServerError) as exc:
            log.warning(
                "Bot API unreachable (%s); retrying in %.1f s",
                type(exc).__name__,
                backoff.next_delay,
            )
            await backoff.asleep()
        else:
            log.info("connected as bot id=%s", me.id)
            return


async def publish_commands(bot: Bot, catalog: Catalog) -> None:
    for t in catalog:
        commands = [BotCommand(command=c, description=t(f"cmd-{c}")) for c in COMMANDS]
        await bot.set_my_commands(commands, language_code=t.locale)
    await bot.set_my_commands(
        [BotCommand(command=c, description=catalog.translator("ru")(f"cmd-{c}")) for c in COMMANDS]
    )


async def serve(settings: Settings, bot: Bot, dispatcher: Dispatcher, sqlite: bool) -> None:
    await wait_for_api(bot)
    await publish_commands(bot, dispatcher["catalog"])
    await probe_admin_chat(bot, dispatcher["desk"])
    await dispatcher["albums"].retry_pending(bot, utcnow() + SETTLE)  # all a last run kept
    if settings.webhook_mode:
        from bot.webhook import run_webhook

        await run_webhook(settings, bot, dispatcher)
        return
    await bot.delete_webhook()
    # Updates run as tasks, so a shutdown lets the one in hand finish instead of cutting it.
    # SQLite takes one writer at a time: one update after another, in order. PostgreSQL runs
    # them side by side; the FSM events isolation keeps each chat's updates in order.
    await dispatcher.start_polling(
        bot,
        handle_signals=False,
        close_bot_session=False,
        handle_as_tasks=True,
        tasks_concurrency_limit=1 if sqlite else None,
        backoff_config=API_BACKOFF,
    )


async def run(settings: Settings) -> None:
    desk = build_desk(settings, Catalog())
    engine = build_engine(settings.database_url)
    sessionmaker = build_sessionmaker(engine)
    gate = WriteGate(serial=engine.dialect.name == "sqlite")
    albums = AlbumCollector(sessionmaker, desk, gate)
    bot = build_bot(settings)
    scheduler = build_scheduler(bot, sessionmaker, albums, gate)
    fsm_storage, isolation = build_fsm(settings)
    dispatcher = None
    try:
        await prepare_database(engine, settings)
        dispatcher = build_dispatcher(
            sessionmaker=sessionmaker,
            desk=desk,
            default_locale=settings.default_locale,
            gate=gate,
            albums=albums,
            fsm_storage=fsm_storage,
            events_isolation=isolation,
        )
        sqlite = engine.dialect.name == "sqlite"
        scheduler.start()
        await until_signal(serve(settings, bot, dispatcher, sqlite), dispatcher.stop_polling)
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        if dispatcher is not None and not await dispatcher["in_flight"].wait_idle(SHUTDOWN_GRACE):
            log.warning("stopping with updates still in hand after %s s", SHUTDOWN_GRACE)
        await albums.drain(bot)
        await bot.session.close()
        if fsm_storage is not None:
            await fsm_storage.close()
        await engine.dispose()
        log.info("stopped")


async def until_signal(work: Awaitable[None], stop: Callable[[], Awaitable[None]]) -> None:
    """Run `work` until it ends or SIGTERM/SIGINT arrives; either way return normally.

    On a signal `stop()` asks polling to wind down (the update in hand carries on, see
    `InFlight`); work that does not end by itself soon after is cancelled.
    """
    loop = asyncio.get_running_loop()
    signalled = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, signalled.set)
    task = asyncio.ensure_future(work)
    waiter = asyncio.ensure_future(signalled.wait())
    try:
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        waiter.cancel()
        if not task.done():
            log.info("stopping on signal")
            try:
                await stop()
            except RuntimeError:  # not polling (still connecting, or webhook mode)
                pass
            else:
                await asyncio.wait({task}, timeout=5)
            task.cancel()
        with suppress(asyncio.CancelledError):
            await task
