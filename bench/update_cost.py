"""What one care message costs inside the process: CPU, SQL statements, thread hand-offs.

    .venv/bin/python -m bench.update_cost [--users 50] [--messages 500] [--database URL]
                                          [--profile FILE]

The production dispatcher and sender (tests/flow/harness.py) on an SQLite file (or the
PostgreSQL database `--database` names, emptied first), with verified users whose topics are
open; `--messages` care messages are fed one after another through `Dispatcher.feed_update`,
then the outbox is drained. Prints CPU milliseconds per message for each half, the SQL
statements each half issued per message, and how many times per message work was handed to a
thread (aiogram's `asyncio.to_thread` for synchronous filters, aiosqlite's worker thread).
`--profile` writes a pyinstrument text profile of the dispatch half (`pip install pyinstrument`).
"""

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiosqlite.core
from aiogram.types import Update
from sqlalchemy import event

from bench.throughput import empty
from bot.clock import wall_clock
from care.common.texts import Catalog
from care.people.policies import load_policy_file, seed_first_policy
from storage.engine import build_engine, build_sessionmaker
from storage.migrate import upgrade_to_head
from tests.conftest import POLICY_FILE
from tests.fake_telegram import Person
from tests.flow.harness import DeskHarness
from tests.flow.onboarded import verified_user


class Hops:
    """Counts hand-offs to threads while installed."""

    def __init__(self) -> None:
        self.count = 0
        self._to_thread, self._execute = asyncio.to_thread, aiosqlite.core.Connection._execute

    def __enter__(self) -> "Hops":
        async def to_thread(func, *args, **kwargs):
            self.count += 1
            return await self._to_thread(func, *args, **kwargs)

        async def execute(connection, func, *args, **kwargs):
            self.count += 1
            return await self._execute(connection, func, *args, **kwargs)

        asyncio.to_thread, aiosqlite.core.Connection._execute = to_thread, execute
        return self

    def __exit__(self, *exc) -> None:
        asyncio.to_thread, aiosqlite.core.Connection._execute = self._to_thread, self._execute


def per_message(label: str, statements: Counter, hops: int, cpu: float, n: int) -> None:
    print(
        f"{label}: {1000 * cpu / n:.2f} ms CPU, {sum(statements.values()) / n:.1f} statements,"
        f" {hops / n:.1f} thread hand-offs per message"
    )
    for sql, count in statements.most_common():
        print(f"  {count / n:5.2f}  {sql}")


async def main() -> tuple[str, str] | None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--database", help="a postgresql+asyncpg:// URL (emptied); else SQLite")
    parser.add_argument("--profile", help="write a pyinstrument profile of the dispatch here")
    args = parser.parse_args()
    if args.database:
        await empty(args.database)
    engine = build_engine(args.database or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/q.db")
    await upgrade_to_head(engine)
    sessionmaker = build_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        await seed_first_policy(session, load_policy_file(POLICY_FILE), wall_clock())
    desk = DeskHarness(sessionmaker, Catalog(), "en", serial=engine.dialect.name == "sqlite")
    people = [Person(20_000 + n, f"U{n}", language_code="en") for n in range(args.users)]
    for n, person in enumerate(people):
        await verified_user(desk, person, f"+7701{n:07d}")
        desk.fake.text(person, "hello")  # opens the topic
    await desk.run()
    for n in range(args.messages):
        desk.fake.text(people[n % len(people)], f"message {n}")
    updates = [
        Update.model_validate(raw, context={"bot": desk.bot}) for raw in desk.fake.take_updates()
    ]

    statements: Counter = Counter()
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, *_: statements.update([" ".join(sql.split()[:4])]),
    )
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="disabled")
    with Hops() as hops:
        started = time.process_time()
        if profiler:
            profiler.start()
        for update in updates:
            await desk.dispatcher.feed_update(desk.bot, update)
        if profiler:
            profiler.stop()
        per_message(
            "handling the update",
            statements,
            hops.count,
            time.process_time() - started,
            len(updates),
        )
        statements.clear()
        hops.count = 0
        started = time.process_time()
        await desk.sender.drain()
        per_message(
            "sending the copy", statements, hops.count, time.process_time() - started, len(updates)
        )
    await engine.dispose()
    if profiler:
        return args.profile, profiler.output_text()
    return None


if __name__ == "__main__":
    if profile := asyncio.run(main()):
        Path(profile[0]).write_text(profile[1], encoding="utf-8")
