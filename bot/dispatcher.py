"""The dispatcher factory: a fresh Dispatcher with its middlewares and routers per call."""

from zoneinfo import ZoneInfo

from aiogram import Dispatcher
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.fsm import DatabaseStorage
from bot.middlewares import DatabaseSession, UserContext
from care.texts import Catalog
from handlers import build_router


def build_dispatcher(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog,
    admin_chat_id: int,
    tz: ZoneInfo,
    default_locale: str,
    fsm_storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
) -> Dispatcher:
    dispatcher = Dispatcher(
        storage=fsm_storage or DatabaseStorage(sessionmaker),
        events_isolation=events_isolation or SimpleEventIsolation(),
        catalog=catalog,
        admin_chat_id=admin_chat_id,
        admin_t=catalog.translator(default_locale),
        tz=tz,
        default_locale=default_locale,
    )
    dispatcher.update.outer_middleware(DatabaseSession(sessionmaker))
    dispatcher.update.outer_middleware(UserContext(catalog, default_locale))
    dispatcher.include_router(build_router(catalog))
    return dispatcher
