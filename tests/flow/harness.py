"""The production dispatcher fed real updates, answering through the fake Bot API."""

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import wall_clock
from bot.dispatcher import build_dispatcher
from bot.metrics import CountApiCalls, Metrics
from care.common.desk import Desk
from care.common.standing import DeskState
from care.common.texts import Catalog
from care.desk.albums import AlbumCollector
from care.kinds import KINDS
from care.outbound.channel import SendContext
from care.outbound.gate import WriteGate
from care.outbound.sender import Sender
from tests.fake_telegram import FakeSession, FakeTelegram, Person
from tests.fake_telegram.conversation import Conversation

ADMIN_CHAT_ID = -1001234567890
TZ = ZoneInfo("Asia/Almaty")
AGENT = Person(500, "Gulnara", "Agent", "gulnara_care", language_code="ru")


class TestClock:
    """The one clock of a flow test: every update's `now`, the sender's and the album
    collector's. Unset, it is the wall clock; `set()` fixes it for everything the harness
    runs after."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def set(self, moment: datetime) -> None:
        self.now = moment

    def __call__(self) -> datetime:
        return self.now if self.now is not None else wall_clock()


class DeskHarness:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        catalog: Catalog,
        default_locale: str = "ru",
        fsm_storage: BaseStorage | None = None,
        topics: bool = True,
        fake: FakeTelegram | None = None,
        serial: bool = True,
        metrics: Metrics | None = None,
        **desk_options: object,
    ) -> None:
        if fake is None:  # a shared fake stands for the same Telegram across a restart
            fake = FakeTelegram()
            fake.add_group(ADMIN_CHAT_ID, is_forum=topics)
        self.fake = fake
        self.slept: list[float] = []
        self.bot = Bot(self.fake.token, session=FakeSession(self.fake))
        if metrics is not None:  # as bot.app wires them
            self.bot.session.middleware(CountApiCalls(metrics))
        self.sessionmaker = sessionmaker
        self.care = Desk(
            admin_chat_id=ADMIN_CHAT_ID,
            catalog=catalog,
            tz=TZ,
            admin_locale=default_locale,
            state=DeskState(topics=topics),
            **desk_options,
        )
        self.gate = WriteGate(serial=serial)  # False: a replica on PostgreSQL
        context = SendContext(self.bot, self.care, sessionmaker, self.gate)
        # Sends go out when `run()` drains the outbox, in order, never on a timer mid-batch.
        relayed = metrics.observe_relay if metrics is not None else None
        self.clock = TestClock()
        self.sender = Sender(
            context, KINDS, rate=None, sleep=self._sleep, relayed=relayed, clock=self.clock
        )
        self.albums = AlbumCollector(sessionmaker, self.gate, delay=3600, clock=self.clock)
        self.dispatcher: Dispatcher = build_dispatcher(
            sessionmaker=sessionmaker,
            desk=self.care,
            default_locale=default_locale,
            gate=self.gate,
            wake=lambda: None,
            albums=self.albums,
            fsm_storage=fsm_storage,
            metrics=metrics,
            clock=self.clock,
        )
        self.expect_failures = False

    def chat(self, person: Person) -> Conversation:
        return Conversation(self.fake, person, timeout=1.0)

    async def _sleep(self, seconds: float) -> None:
        self.slept.append(seconds)  # no test waits for time to pass

    async def run(self, now: datetime | None = None) -> None:
        """Feed every queued update through the dispatcher, in order; queue albums; send
        everything due (at `now`, for a later tick; by default at the harness's clock). A
        failed update fails the test."""
        now = now if now is not None else self.clock.now
        while True:
            updates = self.fake.take_updates()
            for raw in updates:
                update = Update.model_validate(raw, context={"bot": self.bot})
                await self.dispatcher.feed_update(self.bot, update)
            await self.albums.drain()
            await self.dispatcher["scrubber"].drain()
            sent = await self.sender.drain(now)
            if not updates and not sent:
                break
        if not self.expect_failures:
            assert not self.dispatcher["failures"], "an update failed: see the log"

    def agent_says(self, thread_id: int | None, text: str, **extra) -> dict:
        return self.fake.agent_message(AGENT, ADMIN_CHAT_ID, thread_id, text=text, **extra)

    def topic_posts(self, thread_id: int) -> list:
        """What the bot put into a topic, in order."""
        return self.fake.sent_to(ADMIN_CHAT_ID, thread_id)
