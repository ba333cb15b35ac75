"""Builds everything from settings and runs it until SIGTERM/SIGINT."""

import asyncio
import logging
import signal
from collections.abc import Awaitable
from contextlib import nullcontext, suppress

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.types import BotCommand
from aiogram.utils.backoff import Backoff, BackoffConfig
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import wall_clock
from bot.dispatcher import build_dispatcher
from bot.jobs import refresh_supervisors, watch_admin_chat
from bot.metrics import CountApiCalls, Metrics
from bot.polling import poll
from bot.probes import Probes, listening, probe_app
from bot.scheduler import Ticks, build_scheduler, start_scheduler, stop_scheduler
from bot.settings import Settings
from care.common.deadlines import Clocks, WorkCalendar
from care.common.desk import Desk
from care.common.statement import load_statement
from care.common.texts import Catalog
from care.desk.albums import SETTLE, AlbumCollector
from care.kinds import KINDS
from care.outbound.channel import SendContext
from care.outbound.gate import WriteGate
from care.outbound.sender import Sender
from care.people.policies import load_policy_file, seed_first_policy
from storage import outbox
from storage.engine import build_engine, build_sessionmaker
from storage.migrate import one_at_a_time, upgrade_to_head

log = logging.getLogger("qamqor")

API_BACKOFF = BackoffConfig(min_delay=1.0, max_delay=60.0, factor=1.6, jitter=0.1)
COMMANDS = ("start", "request", "requests", "cancel", "me", "privacy", "language", "help")
SHUTDOWN_GRACE = 20.0  # seconds an update in hand may take to finish at shutdown


def build_bot(settings: Settings) -> Bot:
    server = TelegramAPIServer.from_base(str(settings.bot_api_url))
    return Bot(settings.bot_token.get_secret_value(), session=AiohttpSession(api=server))


def build_desk(settings: Settings, catalog: Catalog) -> Desk:
    return Desk(
        admin_chat_id=settings.admin_chat_id,
        catalog=catalog,
        tz=settings.tz,
        admin_locale=settings.default_locale,
        flood_limit=settings.flood_max_messages,
        flood_window=settings.flood_window_seconds,
        show_agent_names=settings.show_agent_names,
        clocks=Clocks(
            WorkCalendar(settings.extra_days_off, settings.extra_working_days),
            settings.deadlines,
            settings.pause_while_awaiting_user,
            settings.expire_unanswered_after,
            tuple(settings.remind_user_after),
        ),
        subject_key=settings.subject_key,
        statement=load_statement(settings.statement_file),
        digest_at=settings.digest_at,
        care_log_retention_days=settings.care_log_retention_days,
        unfinished_user_days=settings.unfinished_user_days,
        policy_notice_days=settings.policy_notice_days,
        broadcast_window=max(1, round(2 * settings.send_rate)),
    )


def build_fsm(settings: Settings) -> tuple[BaseStorage | None, BaseEventIsolation | None]:
    if not settings.redis_url:
        return None, None  # the dispatcher factory defaults to the database
    from aiogram.fsm.storage.redis import RedisStorage

    storage = RedisStorage.from_url(settings.redis_url)
    return storage, storage.create_isolation()


async def prepare_database(engine: AsyncEngine, settings: Settings) -> None:
    seed = load_policy_file(settings.policy_file)
    async with one_at_a_time(engine):  # replicas starting together: the first migrates, seeds
        await upgrade_to_head(engine)
        async with build_sessionmaker(engine).begin() as session:
            await seed_first_policy(session, seed, wall_clock())
            if engine.dialect.name == "sqlite":  # one process: a crash's half-done sends go now
                await outbox.release_leases(session)


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


async def serve(
    settings: Settings,
    bot: Bot,
    dispatcher: Dispatcher,
    sender: Sender,
    stop: asyncio.Event,
    probes: Probes | None = None,
) -> None:
    if not await unless_stopped(wait_for_api(bot), stop):
        return
    await publish_commands(bot, dispatcher["catalog"])
    await watch_admin_chat(bot, dispatcher["desk"])  # topics or replies; reachable?
    await refresh_supervisors(bot, dispatcher["desk"])
    await dispatcher["albums"].retry_pending(wall_clock() + SETTLE)  # all a last run kept
    sending = asyncio.create_task(sender.run())
    try:
        if settings.webhook_mode:
            from bot.webhook import run_webhook

            await run_webhook(settings, bot, dispatcher, stop, probes)
        else:
            await bot.delete_webhook()
            where = (settings.webhook_host, settings.webhook_port)
            probing = nullcontext()
            if probes is not None and settings.serves_probes:
                probing = listening(probe_app(probes), *where)
                log.info("healthz and metrics on %s:%s", *where)
            async with probing:
                await poll(bot, dispatcher, stop, API_BACKOFF)
    finally:
        await dispatcher["albums"].drain()
        await dispatcher["scrubber"].drain()
        await sender.stop(SHUTDOWN_GRACE)
        sending.cancel()
        with suppress(asyncio.CancelledError):
            await sending


async def unless_stopped(work: Awaitable[None], stop: asyncio.Event) -> bool:
    """Run `work` unless `stop` comes first (then cancel it); True when it finished."""
    task, stopping = asyncio.ensure_future(work), asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not task.done():
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        return False
    return task.result() is None


async def run(settings: Settings) -> None:
    desk = build_desk(settings, Catalog())
    engine = build_engine(settings.database_url)
    sessionmaker = build_sessionmaker(engine)
    gate = WriteGate(serial=engine.dialect.name == "sqlite")
    metrics = Metrics()
    bot = build_bot(settings)
    bot.session.middleware(CountApiCalls(metrics))
    context = SendContext(bot, desk, sessionmaker, gate)
    sender = Sender(
        context,
        KINDS,
        rate=settings.send_rate,
        clock=wall_clock,
        relayed=metrics.observe_relay,
    )
    albums = AlbumCollector(sessionmaker, gate, sender.wake, clock=wall_clock)
    ticks = Ticks()
    scheduler = build_scheduler(sessionmaker, albums, gate, ticks, desk, sender.wake, bot)
    fsm_storage, isolation = build_fsm(settings)
    try:
        await prepare_database(engine, settings)
        dispatcher = build_dispatcher(
            sessionmaker=sessionmaker,
            desk=desk,
            default_locale=settings.default_locale,
            gate=gate,
            wake=sender.wake,
            albums=albums,
            fsm_storage=fsm_storage,
            events_isolation=isolation,
            clock=wall_clock,
            metrics=metrics,
        )
        start_scheduler(scheduler)
        probes = Probes(sessionmaker, scheduler, metrics, desk)
        stop = asyncio.Event()
        await until_signal(serve(settings, bot, dispatcher, sender, stop, probes), stop)
    finally:
        await stop_scheduler(scheduler, ticks, SHUTDOWN_GRACE)
        await bot.session.close()
        if fsm_storage is not None:
            await fsm_storage.close()
        await engine.dispose()
        log.info("stopped")


async def until_signal(work: Awaitable[None], stop: asyncio.Event) -> None:
    """Run `work` until it ends or SIGTERM/SIGINT arrives; either way return normally.

    On a signal `stop` asks polling (or the webhook server) to wind down: the update in hand
    finishes and the sender sends what it holds; work that does not end in time is cancelled.
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
            stop.set()
            await asyncio.wait({task}, timeout=SHUTDOWN_GRACE)
            task.cancel()
        with suppress(asyncio.CancelledError):
            await task
