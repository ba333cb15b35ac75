"""The real `python -m bot` process beside a bare aiogram bot, on one fake Bot API server.

    .venv/bin/python -m bench.throughput [--users 500] [--messages 10] [--rate 100]
                                         [--seconds 10] [--database URL] [--tree PATH]

Both bots poll the same fake server (tests/fake_telegram over HTTP, real wire format) and copy
each user message into the admin chat with copyMessage. Qamqor runs with an SQLite file (or the
PostgreSQL database `--database` names, emptied first), its users onboarded through the bot
itself, topics already open; SEND_RATE and the flood limit are lifted so the figure is our own
cost, not Telegram's budget. Two loads:
- burst: `--messages` from each of the `--users` queued at once; throughput = messages / time
  to the last copy;
- steady: `--rate` messages a second for `--seconds`; latency from queueing to the copy.
`--tree` runs another checkout of Qamqor (e.g. a `git worktree` of an older commit).
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.running import stop, wait_for
from storage.engine import build_engine
from tests.conftest import reset_database
from tests.e2e.walk import onboard
from tests.fake_telegram import FakeTelegram, Person, serve
from tests.fake_telegram.conversation import Conversation

ROOT = Path(__file__).resolve().parent.parent
ADMIN = -1009876543210


class TimedTelegram(FakeTelegram):
    """Remembers when each copy into the admin chat was made."""

    def __init__(self) -> None:
        super().__init__()
        self.add_group(ADMIN)
        self.copied: dict[tuple[int, int], float] = {}

    async def handle(self, method, params, files=None):
        status, body = await super().handle(method, params, files)
        if method == "copyMessage" and status == 200 and int(params["chat_id"]) == ADMIN:
            key = (int(params["from_chat_id"]), int(params["message_id"]))
            self.copied[key] = time.perf_counter()
        return status, body


def copied(fake: "TimedTelegram", keys) -> Callable[[], bool]:
    return lambda: all(k in fake.copied for k in keys)


def summary(label: str, pushed: dict, fake: TimedTelegram, took: float) -> str:
    done = [fake.copied[k] - t for k, t in pushed.items() if k in fake.copied]
    lost = len(pushed) - len(done)
    ms = sorted(x * 1000 for x in done) or [0.0]
    cuts = statistics.quantiles(ms, n=100) if len(ms) > 1 else ms * 99
    rate = len(done) / took if took else 0.0
    return (
        f"| {label} | {len(pushed)} | {rate:.0f}/s | {cuts[49]:.0f} ms | {cuts[94]:.0f} ms "
        f"| {cuts[98]:.0f} ms | {lost} |"
    )


def push(fake: TimedTelegram, person: Person, text: str, pushed: dict) -> None:
    message = fake.text(person, text)
    pushed[(person.id, message["message_id"])] = time.perf_counter()


async def burst(fake: TimedTelegram, people: list[Person], each: int) -> tuple[dict, float]:
    pushed: dict = {}
    start = time.perf_counter()
    for n in range(each * len(people)):
        push(fake, people[n % len(people)], f"burst {n}", pushed)
    await wait_for(copied(fake, pushed), 300, every=0.005)
    last = max((fake.copied.get(k, start) for k in pushed), default=start)
    return pushed, last - start


async def steady(fake: TimedTelegram, people: list[Person], rate: float, seconds: float):
    pushed: dict = {}
    start = time.perf_counter()
    for n in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, start + n / rate - time.perf_counter()))
        push(fake, people[n % len(people)], f"steady {n}", pushed)
    await wait_for(copied(fake, pushed), 300, every=0.005)
    return pushed, seconds


async def empty(url: str) -> None:
    engine = build_engine(url)
    await reset_database(engine)
    await engine.dispose()


async def run_one(label: str, command: list[str], env: dict, args, onboarding: bool) -> list[str]:
    fake = TimedTelegram()
    people = [Person(20_000 + n, f"User{n}", language_code="en") for n in range(args.users)]
    async with serve(fake) as url:
        with tempfile.TemporaryDirectory() as folder:
            full_env = {
                "PATH": os.environ.get("PATH", ""),
                "BOT_TOKEN": fake.token,
                "BOT_API_URL": url,
                "ADMIN_CHAT_ID": str(ADMIN),
                "LOG_LEVEL": "WARNING",
                **env(folder),
            }
            log = (Path(folder) / "bot.log").open("wb")
            process = await asyncio.create_subprocess_exec(
                *command, cwd=folder, env=full_env, stdout=log, stderr=log
            )
            try:
                if not await wait_for(lambda: fake.polls > 0, 60, every=0.05):
                    raise RuntimeError(f"{label} never polled")
                if onboarding:
                    for first in range(0, len(people), 50):  # fifty at a time
                        await asyncio.gather(
                            *(
                                onboard(Conversation(fake, p, timeout=60), f"+7701{n:07d}")
                                for n, p in enumerate(people[first : first + 50], first)
                            )
                        )
                warm: dict = {}
                for person in people:  # opens every topic
                    push(fake, person, "hello", warm)
                await wait_for(copied(fake, warm), 120, every=0.005)
                pushed, took = await burst(fake, people, args.messages)
                rows = [summary(f"{label}, burst", pushed, fake, took)]
                pushed, took = await steady(fake, people, args.rate, args.seconds)
                rows.append(summary(f"{label}, steady {args.rate:.0f}/s", pushed, fake, took))
                return rows
            finally:
                await stop(process)
                log.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--messages", type=int, default=10, help="from each user in the burst")
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--database", help="a postgresql+asyncpg:// URL (emptied); else SQLite")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--label", default="Qamqor")
    parser.add_argument("--profile", type=Path, help="profile Qamqor into this text file")
    args = parser.parse_args()
    tree = args.tree.resolve()

    def qamqor_env(folder: str) -> dict:
        return {
            "PYTHONPATH": str(tree),
            "DATABASE_URL": args.database or f"sqlite+aiosqlite:///{folder}/qamqor.db",
            "POLICY_FILE": str(tree / "policy" / "policy.toml"),
            "SEND_RATE": "100000",
            "FLOOD_MAX_MESSAGES": "1000000",
        }

    def echo_env(folder: str) -> dict:
        return {"PYTHONPATH": str(ROOT)}

    python = sys.executable
    if args.database:
        await empty(args.database)
    rows = await run_one("bare aiogram", [python, "-m", "bench.echo_bot"], echo_env, args, False)
    profile = []
    if args.profile:  # pyinstrument sees through asyncio; the report is written at exit
        out = str(args.profile.resolve())
        profile = ["-m", "pyinstrument", "-r", "text", "-o", out]
    rows += await run_one(args.label, [python, *profile, "-m", "bot"], qamqor_env, args, True)
    print("| bot, load | messages | throughput | p50 | p95 | p99 | not copied |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    asyncio.run(main())
