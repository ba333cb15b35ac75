"""The dispatcher factory: a fresh Dispatcher with its middlewares and routers per call."""

from collections import deque
from collections.abc import Callable
from datetime import datetime

from aiogram import Dispatcher
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.strategy import FSMStrategy
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.fsm import DatabaseStorage
from bot.inline_filters import run_filters_inline
from bot.metrics import CountUpdates, Metrics
from bot.middlewares import DatabaseSession, InFlight, UserContext
from bot.policy_context import PolicyContext
from bot.uploads import PolicyUploads
from care.common.desk import Desk
from care.desk.albums import AlbumCollector
from care.outbound.gate import WriteGate
from care.rights.scrub import Scrubber
from handlers import build_router


def build_dispatcher(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    desk: Desk,
    default_locale: str,
    gate: WriteGate,
    wake: Callable[[], None],
    albums: AlbumCollector | None = None,
    fsm_storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
    clock: Callable[[], datetime],
    metrics: Metrics | None = None,
) -> Dispatcher:
    """`wake` tells the sender that an update committed something to send; `clock` gives
    each update its moment, handed to handlers as `now` (`bot.clock.wall_clock` in
    production; tests pass their own)."""
    dispatcher = Dispatcher(
        storage=fsm_storage or DatabaseStorage(sessionmaker, gate),
        events_isolation=events_isolation or SimpleEventIsolation(),
        # Per person and topic: prompts in two users' topics wait side by side (handlers.waiting);
        # private chats and General have no topic, so their keys are what they always were.
        fsm_strategy=FSMStrategy.USER_IN_TOPIC,
        disable_fsm=True,  # registered below, inside the update's transaction
        desk=desk,
        albums=albums or AlbumCollector(sessionmaker, gate, wake, clock=clock),
        catalog=desk.catalog,
        tz=desk.tz,
        default_locale=default_locale,
        in_flight=InFlight(),
        sessionmaker=sessionmaker,
        gate=gate,
        wake=wake,
        scrubber=Scrubber(sessionmaker, gate),  # after erasures, in the background
        failures=deque(maxlen=100),  # the latest updates whose handling failed (apologised)
        clock=clock,  # for an apology when an update failed before its moment was read
    )
    if metrics is not None:  # first: it counts updates skipped as repeats and failures too
        dispatcher.update.outer_middleware(CountUpdates(metrics))
    dispatcher.update.outer_middleware(dispatcher["in_flight"])
    # Before the transaction: a policy text sent as a document is downloaded here.
    dispatcher.update.outer_middleware(PolicyUploads(desk.admin_chat_id, dispatcher.fsm))
    dispatcher.update.outer_middleware(DatabaseSession(sessionmaker, gate, wake, clock))
    # FSM state is read and written in the update's own transaction (see bot.fsm).
    dispatcher.update.outer_middleware(dispatcher.fsm)
    dispatcher.update.outer_middleware(UserContext(desk.catalog, default_locale))
    dispatcher.update.outer_middleware(PolicyContext(desk.tz))
    dispatcher.include_router(build_router())
    run_filters_inline(dispatcher)
    return dispatcher
