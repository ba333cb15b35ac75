"""A broadcast to many recipients through the real sender, on the fake Bot API over HTTP.

    .venv/bin/python -m bench.broadcast [--users 20000] [--rate 25] [--limit 30]
                                        [--random-429 0.01] [--blocked 0.02] [--database URL]

The fake server enforces `--limit` messages a second (a 429 with retry_after=1 beyond it),
answers a share `--random-429` of messages with a 429 anyway, and `--blocked` of the users
have blocked the bot (the desk does not know it: each costs a 403). Qamqor's own parts run
as in production: `care.notices.campaigns.start`, the feed tick every second, the progress
tick every five, one Sender at SEND_RATE=`--rate` sending through aiogram over HTTP. Reported:
- the time to start (one INSERT … SELECT of the recipients) and of each feed tick (the first
  one with every row pending, then mean and max);
- the achieved rate over the whole run and over the time not spent in the pauses Telegram
  asked for (every 429 pauses the whole sender for exactly retry_after), against `--rate`;
- every recipient accounted for: one copy each, statuses summing to the total.
"""

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import insert, select

from bot.clock import wall_clock
from bot.jobs import feed_deliveries, track_campaigns
from care.common.desk import Desk
from care.common.texts import Catalog
from care.kinds import KINDS
from care.notices import campaigns
from care.outbound.channel import SendContext
from care.outbound.gate import WriteGate
from care.outbound.sender import Sender
from storage.engine import build_engine, build_sessionmaker
from storage.migrate import upgrade_to_head
from storage.models import Delivery, User
from tests.fake_telegram import FakeTelegram, Person, serve

ADMIN = -1009876543210
FIRST_ID = 7_000_000


class TimedTelegram(FakeTelegram):
    """Remembers when the last message went out."""

    last_sent = 0.0

    async def handle(self, method, params, files=None):
        answer = await super().handle(method, params, files)
        if method == "copyMessage":
            self.last_sent = time.perf_counter()
        return answer


def covered(spans: list[tuple[float, float]]) -> float:
    """Seconds covered by the union of the spans."""
    total, end = 0.0, float("-inf")
    for start, stop in sorted(spans):
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


async def add_users(sessionmaker, count: int) -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "telegram_id": FIRST_ID + n,
            "language": ("kk", "ru", "en")[n % 3],
            "first_name": f"U{n}",
            "phone": f"+7700{n:07d}",
            "verified_at": now,
            "created_at": now,
        }
        for n in range(count)
    ]
    async with sessionmaker.begin() as session:
        for start in range(0, count, 2000):
            await session.execute(insert(User), rows[start : start + 2000])


async def run(args: argparse.Namespace) -> None:
    url = args.database or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db"
    engine = build_engine(url)
    await upgrade_to_head(engine)
    sessionmaker = build_sessionmaker(engine)
    gate = WriteGate(serial=engine.dialect.name == "sqlite")
    await add_users(sessionmaker, args.users)

    fake = TimedTelegram()
    fake.add_group(ADMIN, is_forum=False)
    source = fake.agent_message(Person(1, "Boss"), ADMIN, text="Service notice: new hours")
    fake.take_updates()
    blocked = {FIRST_ID + n for n in range(args.users) if n % round(1 / args.blocked) == 0}
    fake.blocked_by.update(blocked)
    fake.rate_limit, fake.random_429 = args.limit, args.random_429
    desk = Desk(
        admin_chat_id=ADMIN,
        catalog=Catalog(),
        tz=ZoneInfo("Asia/Almaty"),
        admin_locale="en",
        broadcast_window=max(1, round(2 * args.rate)),
    )
    async with serve(fake) as api:
        bot = Bot(fake.token, session=AiohttpSession(api=TelegramAPIServer.from_base(api)))
        paused: list[tuple[float, float]] = []  # every wait Telegram asked for (429)

        def pause(seconds: float) -> None:
            paused.append((time.perf_counter(), time.perf_counter() + seconds))

        context = SendContext(bot, desk, sessionmaker, gate)
        sender = Sender(context, KINDS, rate=args.rate, clock=wall_clock, paused=pause)
        async with gate.passage(), sessionmaker.begin() as session:
            began = time.perf_counter()
            campaign = await campaigns.start(
                session,
                desk,
                "broadcast",
                "all",
                {"chat_id": ADMIN, "message_ids": [source["message_id"]]},
                1,
                datetime.now(UTC),
            )
            started = time.perf_counter() - began
            total = campaign.total
        sending = asyncio.create_task(sender.run())
        ticks: list[float] = []
        tracks: list[float] = []
        t0 = time.perf_counter()
        last_track = t0
        while True:
            began = time.perf_counter()
            await feed_deliveries(sessionmaker, gate, desk, sender.wake)
            ticks.append(time.perf_counter() - began)
            if time.perf_counter() - last_track >= 5:
                last_track = time.perf_counter()
                tracked = await track_campaigns(sessionmaker, gate, desk, sender.wake)
                tracks.append(time.perf_counter() - last_track)
                if not tracked.running:
                    break
                print(f"  {time.perf_counter() - t0:6.0f} s: {tracked}", flush=True)
            await asyncio.sleep(1)
        took = fake.last_sent - t0  # to the last send (the loop looks every five seconds)
        await sender.stop(5)
        sending.cancel()
        await bot.session.close()

    async with sessionmaker() as session:
        statuses = Counter((await session.scalars(select(Delivery.status))).all())
    copies = Counter(
        int(c.params["chat_id"])
        for c in fake.calls_of("copyMessage")
        if isinstance(c.result, dict) and "message_id" in c.result
    )
    await engine.dispose()
    settled = sum(statuses.values())
    paused_for = covered(paused)  # the sends in hand overlap: their waits count once
    print(f"recipients {total}; statuses {dict(statuses)}; settled {settled}")
    print(f"copies: {len(copies)} chats, duplicates {sum(1 for n in copies.values() if n > 1)}")
    print(f"unreachable {statuses['unreachable']} of {len(blocked)} blocked in the fake")
    print(f"429s: {fake.throttled}; the sender was paused {paused_for:.0f} s in all")
    rate = settled / took
    active = settled / max(took - paused_for, 1e-9)
    print(f"start (INSERT … SELECT of {total}): {started * 1000:.0f} ms")
    print(
        f"feed tick: first {ticks[0] * 1000:.1f} ms with {total} pending; "
        f"mean {statistics.mean(ticks) * 1000:.1f} ms, max {max(ticks) * 1000:.1f} ms"
    )
    print(
        f"progress tick: first {tracks[0] * 1000:.1f} ms, "
        f"mean {statistics.mean(tracks) * 1000:.1f} ms, max {max(tracks) * 1000:.1f} ms"
    )
    print(
        f"took {took:.0f} s: {rate:.2f} msg/s = {rate / args.rate:.3f} of SEND_RATE {args.rate}; "
        f"outside 429 pauses {active:.2f} msg/s = {active / args.rate:.3f}"
    )


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=25.0)
    parser.add_argument("--limit", type=float, default=30.0)
    parser.add_argument("--random-429", type=float, default=0.01)
    parser.add_argument("--blocked", type=float, default=0.02)
    parser.add_argument("--database", default=None)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
