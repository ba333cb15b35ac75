"""How fast the desk relays: updates through the production dispatcher, SQLite file in WAL.

    .venv/bin/python -m bench.relay [users] [messages-per-user]

The Bot API is the in-process fake (no network), so the figure is the desk's own cost per
update: middlewares, routing, the database transaction, the care log and message pairs.
"""

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from aiogram.types import Update

from care.clock import utcnow
from care.policies import load_policy_file, seed_first_policy
from care.texts import Catalog
from storage.engine import build_engine, build_sessionmaker
from storage.migrate import upgrade_to_head
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user

POLICY = Path(__file__).resolve().parent.parent / "policy" / "policy.toml"


async def timed(harness: DeskHarness, updates: list[dict]) -> list[float]:
    took = []
    for raw in updates:
        update = Update.model_validate(raw, context={"bot": harness.bot})
        start = time.perf_counter()
        await harness.dispatcher.feed_update(harness.bot, update)
        took.append(time.perf_counter() - start)
    return took


def report(label: str, took: list[float]) -> None:
    total = sum(took)
    p50 = statistics.median(took) * 1000
    p95 = statistics.quantiles(took, n=20)[18] * 1000
    print(
        f"{label:<22} {len(took):>5} updates  {len(took) / total:8.0f}/s  "
        f"p50 {p50:5.2f} ms  p95 {p95:5.2f} ms"
    )


async def main(users: int, per_user: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = build_engine(f"sqlite+aiosqlite:///{folder}/bench.db")
        await upgrade_to_head(engine)
        sessionmaker = build_sessionmaker(engine)
        async with sessionmaker.begin() as session:
            await seed_first_policy(session, load_policy_file(POLICY), utcnow())
        harness = DeskHarness(sessionmaker, Catalog(), "en", flood_limit=10**6)
        people = [Person(10_000 + n, f"User{n}") for n in range(users)]
        for n, person in enumerate(people):
            await verified_user(harness, person, f"+7701{n:07d}")

        for person in people:  # opens every topic
            harness.fake.text(person, "hello")
        report("first message (topic)", await timed(harness, harness.fake.take_updates()))

        for round_ in range(per_user):
            for person in people:
                harness.fake.text(person, f"message {round_}")
        report("user -> care", await timed(harness, harness.fake.take_updates()))

        threads = [t for (chat, t) in harness.fake.topics if chat == ADMIN_CHAT_ID]
        for round_ in range(per_user):
            for thread in threads:
                harness.fake.agent_message(AGENT, ADMIN_CHAT_ID, thread, text=f"answer {round_}")
        report("agent -> user", await timed(harness, harness.fake.take_updates()))
        await engine.dispose()


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(arguments + [50, 10][len(arguments) :])))
