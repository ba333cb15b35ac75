"""The production dispatcher fed real updates, answering through the fake Bot API."""

from zoneinfo import ZoneInfo

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dispatcher import build_dispatcher
from care.texts import Catalog
from tests.fake_telegram import FakeSession, FakeTelegram, Person
from tests.fake_telegram.conversation import Conversation

ADMIN_CHAT_ID = -1001234567890
TZ = ZoneInfo("Asia/Almaty")


class Desk:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        catalog: Catalog,
        default_locale: str = "ru",
        fsm_storage: BaseStorage | None = None,
    ) -> None:
        self.fake = FakeTelegram()
        self.fake.add_group(ADMIN_CHAT_ID)
        self.bot = Bot(self.fake.token, session=FakeSession(self.fake))
        self.sessionmaker = sessionmaker
        self.dispatcher: Dispatcher = build_dispatcher(
            sessionmaker=sessionmaker,
            catalog=catalog,
            admin_chat_id=ADMIN_CHAT_ID,
            tz=TZ,
            default_locale=default_locale,
            fsm_storage=fsm_storage,
        )

    def chat(self, person: Person) -> Conversation:
        return Conversation(self.fake, person, timeout=1.0)

    async def run(self) -> None:
        """Feed every queued update through the dispatcher, in order."""
        while updates := self.fake.take_updates():
            for raw in updates:
                update = Update.model_validate(raw, context={"bot": self.bot})
                await self.dispatcher.feed_update(self.bot, update)
