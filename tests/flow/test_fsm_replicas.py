"""An unfinished dialog outlives its process: in the database by default, in Redis when
REDIS_URL is set (then another replica carries it on); Redis event isolation keeps one user's
updates in order across replicas while different users go on at once."""

import asyncio
import os
from collections.abc import AsyncIterator, Callable

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.types import Message, Update
from sqlalchemy import func, select

from bot.app import build_fsm
from bot.settings import load_settings
from storage.models import FsmRecord
from storage.vocabulary import RequestKind
from tests.fake_telegram import FakeSession, FakeTelegram, Person
from tests.flow.harness import DeskHarness
from tests.flow.test_intake import dialog_state, filed, start

QUESTION = "How long do you keep my messages?"
redis = pytest.mark.redis


async def files_across_a_restart(desk: DeskHarness, restarted: DeskHarness, catalog) -> int:
    """Start a question in `desk`, finish it in `restarted`; the person's Telegram id."""
    chat, t, prompt = await start(desk, catalog, "en", RequestKind.QUESTION)
    assert prompt.text == t("intake-ask-question", limit=3000)
    person = chat.person.id

    chat.say(QUESTION)  # the next process gets the answer to the question the last one asked
    await restarted.run()
    files = await chat.reply()
    assert files.buttons(), files.text
    chat.tap(files, t("intake-button-no-files"))
    await restarted.run()
    [request] = await filed(restarted, person)
    assert (request.kind, request.details) == ("question", QUESTION)
    return person


async def test_an_unfinished_dialog_survives_a_restart(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en")
    restarted = DeskHarness(sessionmaker, catalog, "en", fake=desk.fake)  # same Telegram

    async def state_kept() -> None:
        async with sessionmaker() as session:
            assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 1

    person = await files_across_a_restart(desk, Checkpoint(restarted, state_kept), catalog)
    assert await dialog_state(restarted, person) is None  # finished: nothing left behind


class Checkpoint:
    """A harness that runs `check` before its first run (what the first process left)."""

    def __init__(self, harness: DeskHarness, check: Callable) -> None:
        self.harness, self.check, self.checked = harness, check, False

    def __getattr__(self, name: str):
        return getattr(self.harness, name)

    async def run(self) -> None:
        if not self.checked:
            self.checked = True
            await self.check()
        await self.harness.run()


@pytest.fixture
async def redis_fsm() -> AsyncIterator[Callable[[], tuple[BaseStorage, BaseEventIsolation]]]:
    """Builds the FSM storage and isolation a replica gets with REDIS_URL (the Redis db is
    emptied first); each one is closed at the end."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set")
    settings = load_settings(
        bot_token="1:a", admin_chat_id=-1001234567890, redis_url=url, _env_file=None
    )
    built: list[BaseStorage] = []

    def build() -> tuple[BaseStorage, BaseEventIsolation]:
        storage, isolation = build_fsm(settings)
        built.append(storage)
        return storage, isolation

    storage, _ = build()
    await storage.redis.flushdb()
    yield build
    for storage in built:
        await storage.close()


@redis
async def test_an_unfinished_dialog_moves_to_another_replica(sessionmaker, catalog, redis_fsm):
    """The first replica starts a dialog; a second one, on its own connection to Redis,
    finishes it. Nothing of it is kept in the database."""
    one = DeskHarness(sessionmaker, catalog, "en", fsm_storage=redis_fsm()[0])
    two = DeskHarness(sessionmaker, catalog, "en", fsm_storage=redis_fsm()[0], fake=one.fake)
    keys: list = []

    async def state_in_redis() -> None:
        keys.extend(await two.dispatcher.fsm.storage.redis.keys("fsm:*"))
        async with sessionmaker() as session:
            assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0

    await files_across_a_restart(one, Checkpoint(two, state_in_redis), catalog)
    assert keys  # the dialog was in Redis between the replicas


def recording_replica(
    storage: BaseStorage, isolation: BaseEventIsolation, trace: list, inside: Callable
) -> Dispatcher:
    """A dispatcher with the replica's FSM and isolation whose handler notes when it enters
    and leaves, awaiting `inside(text)` in between."""
    router = Router()

    @router.message()
    async def handle(message: Message) -> None:
        trace.append(("enter", message.text))
        await inside(message.text)
        trace.append(("exit", message.text))

    dispatcher = Dispatcher(storage=storage, events_isolation=isolation)
    dispatcher.include_router(router)
    return dispatcher


def updates(*senders: tuple[Person, str]) -> list[Update]:
    fake = FakeTelegram()
    for person, text in senders:
        fake.text(person, text)
    return [Update.model_validate(raw) for raw in fake.take_updates()]


async def at_once(dispatchers: list[Dispatcher], to_feed: list[Update]) -> None:
    """Each update to its own replica, all at the same time (bounded)."""
    bot = Bot(FakeTelegram().token, session=FakeSession(FakeTelegram()))
    feeds = [d.feed_update(bot, u) for d, u in zip(dispatchers, to_feed, strict=True)]
    await asyncio.wait_for(asyncio.gather(*feeds), 20)


@redis
async def test_one_users_updates_on_two_replicas_run_one_after_another(redis_fsm) -> None:
    trace: list = []

    async def inside(text: str) -> None:
        await asyncio.sleep(0.3)  # the other replica's update arrives meanwhile

    replicas = [recording_replica(*redis_fsm(), trace, inside) for _ in range(2)]
    dana = Person(71, "Dana", language_code="en")
    await at_once(replicas, updates((dana, "one"), (dana, "two")))
    assert [step for step, _ in trace] == ["enter", "exit", "enter", "exit"]
    assert trace[0][1] == trace[1][1] != trace[2][1] == trace[3][1]


@redis
async def test_different_users_on_two_replicas_run_at_the_same_time(redis_fsm) -> None:
    trace: list = []
    entered = {"one": asyncio.Event(), "two": asyncio.Event()}

    async def inside(text: str) -> None:
        entered[text].set()
        other = "two" if text == "one" else "one"
        await asyncio.wait_for(entered[other].wait(), 5)  # both inside at once, or it fails

    replicas = [recording_replica(*redis_fsm(), trace, inside) for _ in range(2)]
    dana, erlan = Person(71, "Dana", language_code="en"), Person(72, "Erlan", language_code="en")
    await at_once(replicas, updates((dana, "one"), (erlan, "two")))
    assert [step for step, _ in trace] == ["enter", "enter", "exit", "exit"]
