"""The sender's own loop (`Sender.run`: claiming, lanes, pacing, pauses, retries) on a fake
clock: every wait of the sender parks on the clock, and the test moves time to the next
waiter. Calls are stamped with the fake time, so what is asserted is the order and spacing
of sends in that time, never a wall-clock duration."""

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.methods import SendMessage
from sqlalchemy import func, select

from bot.clock import wall_clock
from care.kinds import KINDS
from care.outbound.channel import SendContext
from care.outbound.outbox import to_user
from care.outbound.sender import Sender
from storage import outbox
from storage.models import OutboxEntry
from tests.fake_telegram import FakeSession, Person
from tests.flow.harness import DeskHarness
from tests.flow.onboarded import verified_user

AIGERIM = Person(1001, "Aigerim", "Sadykova", "aigerim", language_code="en")
CHATS = (2001, 2002, 2003)


class FakeClock:
    """Time that moves only when `advance` says: a sleeper is woken at exactly its moment."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.elapsed = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return self.elapsed

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        moment = self.elapsed + max(seconds, 0.0)
        heapq.heappush(self._sleepers, (moment, next(self._order), future))
        await future

    async def advance(self) -> None:
        """Let whatever can run run, then wake the earliest sleepers, moving time to them."""
        for _ in range(20):
            await asyncio.sleep(0)
        while self._sleepers and self._sleepers[0][2].done():  # given up (a wake came first)
            heapq.heappop(self._sleepers)
        if not self._sleepers:
            return
        self.elapsed = max(self.elapsed, self._sleepers[0][0])
        while self._sleepers and self._sleepers[0][0] <= self.elapsed:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)


class StampedSession(FakeSession):
    """The fake Bot API, each call stamped with the fake time it was made at."""

    def __init__(self, fake, clock: FakeClock) -> None:
        super().__init__(fake)
        self.clock = clock
        self.stamps: list[float] = []

    async def make_request(self, bot, method, timeout=None):
        self.stamps.append(self.clock.elapsed)
        return await super().make_request(bot, method, timeout)


def looped(
    desk: DeskHarness, clock: FakeClock, rate: float | None, context: SendContext | None = None
) -> tuple[Sender, StampedSession]:
    """A sender over the desk's database and fake Telegram, on the fake clock."""
    session = StampedSession(desk.fake, clock)
    bot = Bot(desk.fake.token, session=session)
    context = context or SendContext(bot, desk.care, desk.sessionmaker, desk.gate)
    context.bot = bot
    sender = Sender(
        context, KINDS, rate=rate, sleep=clock.sleep, clock=clock.now, monotonic=clock.monotonic
    )
    return sender, session


async def outbox_empty(desk: DeskHarness) -> bool:
    async with desk.sessionmaker() as session:
        return not await session.scalar(select(func.count()).select_from(OutboxEntry))


async def run_until(
    sender: Sender, clock: FakeClock, done: Callable[[], Awaitable[bool]], steps: int = 500
) -> None:
    """Run the real loop, moving the fake time on, until `done` (bounded)."""
    running = asyncio.create_task(sender.run())
    try:
        for _ in range(steps):
            if await done():
                break
            assert not running.done(), running.exception()
            await clock.advance()
        else:
            raise AssertionError("the sender never got there")
    finally:
        await sender.stop(timeout=1)
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)


async def record(desk: DeskHarness, *messages: tuple[int, str]) -> None:
    """Messages for users' chats, recorded as an update would (one row each, in its lane)."""
    async with desk.sessionmaker.begin() as session:
        for chat_id, text in messages:
            method = SendMessage(chat_id=chat_id, text=text)
            await to_user(session, None, chat_id, method, wall_clock())


def sends(desk: DeskHarness, session: StampedSession) -> list[tuple[float, int, str, bool]]:
    """(fake time, chat, text, accepted) of each sendMessage, in order."""
    calls = [c for c in desk.fake.calls if c.method != "getUpdates"]
    assert len(calls) == len(session.stamps)
    return [
        (
            at,
            c.chat_id,
            str(c.params.get("text")),
            not (isinstance(c.result, dict) and "ok" in c.result),
        )
        for at, c in zip(session.stamps, calls, strict=True)
        if c.method == "sendMessage"
    ]


def later() -> FakeClock:
    """A clock a second ahead of what was recorded, so it is all due at once."""
    return FakeClock(wall_clock() + timedelta(seconds=1))


# ---- pacing and lanes --------------------------------------------------------------------


async def test_sends_are_paced_and_each_lane_goes_in_order(desk: DeskHarness) -> None:
    a, b, c = CHATS
    await record(desk, (a, "a1"), (a, "a2"), (a, "a3"), (b, "b1"), (b, "b2"), (c, "c1"))
    clock = later()
    sender, session = looped(desk, clock, rate=2.0)  # one send every half second
    await run_until(sender, clock, lambda: outbox_empty(desk))
    sent = sends(desk, session)
    assert all(ok for *_, ok in sent)
    times = [at for at, *_ in sent]
    assert all(later - earlier >= 0.5 - 1e-9 for earlier, later in itertools.pairwise(times))
    for chat, texts in ((a, ["a1", "a2", "a3"]), (b, ["b1", "b2"]), (c, ["c1"])):
        assert [text for _, to, text, _ in sent if to == chat] == texts
    # Lanes go side by side: b1 and c1 do not wait for all of a's messages.
    order = [text for _, _, text, _ in sent]
    assert order.index("b1") < order.index("a3") and order.index("c1") < order.index("a3")


# ---- a 429 pauses every lane ---------------------------------------------------------------


async def test_a_429_on_one_lane_pauses_every_lane_for_exactly_retry_after(
    desk: DeskHarness,
) -> None:
    a, b, c = CHATS
    await record(desk, (a, "a1"), (b, "b1"), (c, "c1"), (a, "a2"))
    desk.fake.fail("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5,
                   when=lambda params: params.get("text") == "a1")  # fmt: skip
    clock = later()
    sender, session = looped(desk, clock, rate=10.0)
    await run_until(sender, clock, lambda: outbox_empty(desk))
    sent = sends(desk, session)
    refused = [(at, text) for at, _, text, ok in sent if not ok]
    assert [text for _, text in refused] == ["a1"]
    paused_at = refused[0][0]
    delivered = {text: at for at, _, text, ok in sent if ok}
    assert set(delivered) == {"a1", "b1", "c1", "a2"}  # every one, once
    assert delivered["a1"] == paused_at + 5  # sent again after exactly retry_after
    # Nothing went out in the pause, on any lane; the other lanes waited for it to end.
    assert all(at >= paused_at + 5 for at in delivered.values())
    assert [text for _, to, text, ok in sent if ok and to == a] == ["a1", "a2"]


# ---- a failed record ----------------------------------------------------------------------


class FlakyWrites(SendContext):
    """A database that refuses the first `failures` writes."""

    def __init__(self, *args: Any, failures: int) -> None:
        super().__init__(*args)
        self.failures = failures

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Any]:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("the database is away for a moment")
        async with super().write() as session:
            yield session


async def test_a_send_whose_record_fails_is_recorded_later_and_never_sent_again(
    desk: DeskHarness,
) -> None:
    await record(desk, (CHATS[0], "only once"))
    clock = later()
    context = FlakyWrites(desk.bot, desk.care, desk.sessionmaker, desk.gate, failures=2)
    sender, session = looped(desk, clock, rate=None, context=context)
    await run_until(sender, clock, lambda: outbox_empty(desk))
    assert context.failures == 0  # both refusals were met, and the third write recorded it
    for _ in range(5):  # the loop goes on idling: nothing left to send again
        await clock.advance()
    assert [text for _, _, text, _ in sends(desk, session)] == ["only once"]


# ---- an agent's answer that Telegram does not take at once -----------------------------------


async def feed(desk: DeskHarness) -> None:
    """Handle the queued updates without sending: what they record waits in the outbox."""
    from aiogram.types import Update

    for raw in desk.fake.take_updates():
        update = Update.model_validate(raw, context={"bot": desk.bot})
        await desk.dispatcher.feed_update(desk.bot, update)


async def test_an_agent_is_told_of_a_delay_once_however_many_retries(desk: DeskHarness) -> None:
    await verified_user(desk, AIGERIM, "+77011234567")
    chat = desk.chat(AIGERIM)
    chat.say("hello")
    await desk.run()
    await chat.reply()  # the acknowledgement
    thread_id = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    desk.fake.fail("copyMessage", 502, "Bad Gateway", times=4,
                   when=lambda params: params.get("chat_id") == str(AIGERIM.id))  # fmt: skip
    desk.agent_says(thread_id, "your answer")
    await feed(desk)

    clock = later()
    sender, _ = looped(desk, clock, rate=25.0)
    await run_until(sender, clock, lambda: outbox_empty(desk))
    assert (await chat.reply()).text == "your answer"
    delayed = desk.care.admin_t("admin-delayed")
    assert [c.text for c in desk.topic_posts(thread_id)].count(delayed) == 1
    tries = [c for c in desk.fake.calls_of("copyMessage") if c.chat_id == AIGERIM.id]
    assert len(tries) == 5  # four refusals, then the answer
    assert clock.elapsed >= 1 + 2 + 4 + 8  # each retry waited for its backoff


# ---- a row this code cannot read ----------------------------------------------------------


async def test_a_row_that_does_not_read_back_never_stops_the_loop(desk: DeskHarness) -> None:
    """A payload its model refuses is retried with backoff, in its own lane only, while the
    loop runs on and the other lanes are sent."""
    a, b, _ = CHATS
    async with desk.sessionmaker.begin() as session:
        renamed = {"method": "SendMessage", "parameters": {"chat_id": a, "text": "renamed"}}
        await outbox.add(session, lane=f"chat:{a}", kind="call", payload=renamed, now=wall_clock())
    await record(desk, (a, "behind it"), (b, "b1"), (b, "b2"))
    clock = later()
    sender, session = looped(desk, clock, rate=10.0)

    async def tried_thrice() -> bool:
        async with desk.sessionmaker() as read:
            entries = (await read.scalars(select(OutboxEntry).order_by(OutboxEntry.id))).all()
        return len(entries) == 2 and entries[0].attempts == 3

    await run_until(sender, clock, tried_thrice)  # the loop never ended on the way
    assert [text for _, _, text, _ in sends(desk, session)] == ["b1", "b2"]
    async with desk.sessionmaker() as read:
        broken, behind = (await read.scalars(select(OutboxEntry).order_by(OutboxEntry.id))).all()
    assert broken.last_error.startswith("unreadable: ")
    assert (behind.attempts, behind.payload["params"]["text"]) == (0, "behind it")
