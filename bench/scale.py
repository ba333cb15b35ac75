"""Qamqor at scale: memory and scheduler ticks with 100,000 users, care-log lines and requests.

    .venv/bin/python -m bench.scale [--db sqlite|postgresql] [--pg-url URL] [--users 100000]
                                    [--ticks-wait 420] [--settle 20]

Without --db it runs SQLite, then PostgreSQL when --pg-url is given and answers. The database
at --pg-url is EMPTIED (its public schema dropped and created again): give it one of its own.
For each database:
1. the real `python -m bot` polls the project's fake Bot API server (tests/fake_telegram) on
   loopback: once on an empty database (its migrations create the schema), then again with
   the schema in place; resident memory once idle (VmRSS, and the peak VmHWM);
2. the database is seeded (bench.seed: 100,000 verified users with consents, conversations,
   care-log lines, message pairs and open requests, a few of them due now); PostgreSQL is
   ANALYZEd (autovacuum would do it), SQLite left as the bot leaves it (no ANALYZE);
3. the bot again: memory once idle, then after its first 5-minute ticks (chase, digest) have
   run over the data and sent what they queued; each tick's log line with its time;
4. in this process, with the SQL captured: a message, an agent's answer and an edit through
   the production dispatcher (the hot path), then each job of the scheduler once with a
   frozen clock (the next working day, 10:30 local: the digest, policy reminders and
   retention are due too); the plan of every statement reading a big table, flagging those
   that read more than their due rows.
Beside them, a bare aiogram bot (bench.echo_bot) idle on the same fake server: the floor.
Timings are wall-clock on a machine other people use too: read them as orders of magnitude.
"""

import argparse
import asyncio
import os
import platform
import sqlite3
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.plans import clip, explain, scans, short
from bench.running import ADMIN, ROOT, Measured, mb, measure, ticks_of
from bench.seed import seed
from bench.ticks import Ran, run_hot_path, run_jobs
from bot.clock import wall_clock
from care.common.deadlines import WorkCalendar
from storage.engine import build_engine
from tests.fake_telegram import FakeTelegram

TZ = ZoneInfo("Asia/Almaty")  # the bot's default TIMEZONE


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def next_working_day(now: datetime) -> datetime:
    day = WorkCalendar().add_working_days(now.astimezone(TZ).date(), 1)
    return datetime.combine(day, datetime.min.time(), TZ).replace(hour=10, minute=30)


async def reset(url: str) -> None:
    if not url.startswith("postgresql"):
        return  # a new SQLite file each run
    engine = build_engine(url)
    async with engine.begin() as conn:
        await conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        await conn.exec_driver_sql("CREATE SCHEMA public")
    await engine.dispose()


async def analyze(engine) -> None:
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("ANALYZE")


def memory_row(label: str, data: str, figures: dict[str, int]) -> str:
    return f"| {label} | {data} | {mb(figures['VmRSS'])} | {mb(figures['VmHWM'])} |"


async def bench_database(label: str, url: str, args) -> list[str]:
    """What `label` measured, as lines to print."""
    bot = [sys.executable, "-m", "bot"]
    env = {"DATABASE_URL": url, "POLICY_FILE": str(ROOT / "policy" / "policy.toml")}
    await reset(url)
    progress(f"{label}: the bot on an empty database, twice (the first start migrates)")
    first = await measure(bot, env, FakeTelegram(), args.settle)
    empty = await measure(bot, env, FakeTelegram(), args.settle)
    engine = build_engine(url)
    progress(f"{label}: seeding {args.users:,} users")
    started = time.perf_counter()
    seeded = await seed(engine, args.users, wall_clock(), TZ)
    if engine.dialect.name == "postgresql":
        await analyze(engine)
    seeding = time.perf_counter() - started
    fake = FakeTelegram()
    for thread in seeded.threads:  # the seeded topics exist in the admin chat
        fake.topics[(ADMIN, thread)] = {"name": "user", "closed": False, "deleted": False}
    progress(f"{label}: the bot with the data, waiting for its ticks (≤ {args.ticks_wait:.0f} s)")
    loaded = await measure(bot, env, fake, args.settle, args.ticks_wait)
    now = next_working_day(wall_clock())
    progress(f"{label}: hot path and jobs in-process at {now.isoformat()}")
    ran = [await run_hot_path(engine), *await run_jobs(engine, url, now)]
    rows = f"{args.users:,} users, log lines, open requests"
    out: list[str] = []
    out.append(f"\n## {label}\n\nSeeded in {seeding:.0f} s, requests: {seeded.requests}\n")
    out.append("| Qamqor process | data | RSS | peak RSS (VmHWM) |\n|---|---|---|---|")
    out.append(memory_row("first start (migrates), idle", "empty", first.idle))
    out.append(memory_row("idle", "empty", empty.idle))
    out.append(memory_row("idle", rows, loaded.idle))
    if loaded.after:
        out.append(memory_row("after the chase and digest ticks", rows, loaded.after))
    tick_table(loaded, out)
    out.append(f"\nIn-process, SQL captured; jobs at {now:%Y-%m-%d %H:%M} local (frozen clock):\n")
    out.append("| work | result (rows due / done) | statements | SQL ms | ms |")
    out.append("|---|---|---|---|---|")
    for one in ran:
        counted = f"{len(one.sql.statements)} distinct, {one.sql.total} run"
        out.append(f"| {one.name} | {one.result} | {counted} | {one.sql.ms:.0f} | {one.ms:.0f} |")
    kind = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN"
    out.append(f"\nPlans ({kind}) of the statements reading a big table; n× and ms as run:\n")
    flagged = await plans(engine, ran, out)
    out.append(
        "\nFlagged (a whole table, a whole index, every row of one status): "
        + ("none" if not flagged else "")
    )
    out += [f"- {line}" for line in flagged]
    await engine.dispose()
    return out


def tick_table(loaded: Measured, out: list[str]) -> None:
    out.append("\nTicks in the running bot with the data, from its log (`tick <job>: … ms=<n>`):\n")
    out.append("| job | runs | last result | ms (max) |\n|---|---|---|---|")
    for job, runs in sorted(ticks_of(loaded.log).items()):
        out.append(f"| {job} | {len(runs)} | {runs[-1][0]} | {max(ms for _, ms in runs)} |")


async def plans(engine, ran: list[Ran], out: list[str]) -> list[str]:
    flagged = []
    for job in ran:
        out.append(f"\n### {job.name}\n```")
        for statement in job.sql.readers():
            plan = await explain(engine, statement)
            whole = scans(engine.dialect.name, plan)
            out.append(f"{statement.runs}× {statement.ms:.1f} ms  {short(statement.sql)}")
            out += [f"    {clip(line, 146)}" for line in plan]
            if whole:
                out.append(f"    !! {'; '.join(whole)}")
                flagged.append(f"{job.name}: {'; '.join(whole)} — {short(statement.sql, 90)}")
        out.append("```")
    return flagged


def proc_field(path: str, key: str) -> str:
    for line in Path(path).read_text().splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return "?"


async def machine(pg_url: str | None) -> list[str]:
    ram = int(proc_field("/proc/meminfo", "MemTotal").split()[0])
    lines = [
        f"- CPU: {proc_field('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores; "
        f"RAM {ram / 1024 / 1024:.1f} GB; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
    ]
    if pg_url:
        engine = build_engine(pg_url)
        async with engine.connect() as conn:
            version = await conn.exec_driver_sql("SHOW server_version")
            lines.append(f"- PostgreSQL {version.scalar()}")
        await engine.dispose()
    return lines


async def reachable(url: str) -> bool:
    engine = build_engine(url)
    try:
        async with engine.connect() as conn:
            await conn.exec_driver_sql("SELECT 1")
        return True
    except Exception as exc:  # whatever stops a connection: PostgreSQL is skipped, and said so
        progress(f"PostgreSQL at {url} does not answer ({type(exc).__name__}): skipped")
        return False
    finally:
        await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"))
    parser.add_argument("--pg-url", help="postgresql+asyncpg://… (EMPTIED by the run)")
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--ticks-wait", type=float, default=420, help="0: skip the ticks")
    parser.add_argument("--settle", type=float, default=20, help="seconds idle before RSS")
    args = parser.parse_args()
    if args.db == "postgresql" and not args.pg_url:
        parser.error("--db postgresql needs --pg-url")
    pg = args.pg_url if args.db != "sqlite" else None
    if pg and not await reachable(pg):
        pg = None
    out = ["# Qamqor at scale", "", *await machine(pg)]  # printed as each part is done
    out.append("- Timings are wall-clock on a machine shared with other work: noisy.")
    progress("a bare aiogram bot (bench.echo_bot), idle")
    echo = await measure([sys.executable, "-m", "bench.echo_bot"], {}, FakeTelegram(), args.settle)
    out.append("\n| bare aiogram bot (bench.echo_bot) | data | RSS | peak RSS (VmHWM) |")
    out.append("|---|---|---|---|")
    out.append(memory_row("idle (the floor)", "none", echo.idle))
    print("\n".join(out), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        databases = []
        if args.db != "postgresql":
            databases.append(("SQLite", f"sqlite+aiosqlite:///{folder}/qamqor.db"))
        if pg:
            databases.append(("PostgreSQL", pg))
        for label, url in databases:
            print("\n".join(await bench_database(label, url, args)), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
