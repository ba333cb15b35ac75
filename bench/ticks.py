"""The scheduler's jobs and one conversation's updates, run in this process against a seeded
database with their SQL captured (bench.plans), for bench.scale.

Each job of `bot.jobs` is called once, as the scheduler calls it, with a frozen clock `now`;
the hot path is one user message, an agent's answer in the user's topic and the user's edit,
fed through the production dispatcher (tests.flow.harness) with a fake Bot API session.
"""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.plans import Captured, capture
from bot.app import build_desk
from bot.jobs import (
    chase,
    feed_deliveries,
    forget_old_updates,
    keep_only_what_is_needed,
    remind_policy,
    send_digest,
    track_campaigns,
)
from bot.scheduler import summary
from bot.settings import Settings
from care.common.texts import Catalog
from care.desk.albums import AlbumCollector
from care.outbound.gate import WriteGate
from storage.engine import build_sessionmaker
from storage.models import Conversation, User


@dataclass
class Ran:
    name: str
    result: str  # what the job returned, as its tick logs it
    ms: float
    sql: Captured


async def run_jobs(engine: AsyncEngine, url: str, now: datetime) -> list[Ran]:
    """Every database job of the scheduler once at `now` (supervisors, a Bot API call, is
    left out), in the order a fresh scheduler would first run them."""
    settings = Settings(
        _env_file=None,
        bot_token="123456:TEST-TOKEN",
        admin_chat_id=-1001234567890,
        database_url=url,
    )
    desk = build_desk(settings, Catalog())
    sessionmaker = build_sessionmaker(engine)
    gate = WriteGate(serial=engine.dialect.name == "sqlite")
    albums = AlbumCollector(sessionmaker, gate, clock=lambda: now)
    on_desk = (sessionmaker, gate, desk, lambda: None, now)
    jobs: list[tuple[str, Callable[[], Awaitable[Any]], str]] = [
        ("feed-deliveries", lambda: feed_deliveries(*on_desk), "queued"),
        ("campaigns", lambda: track_campaigns(*on_desk), "count"),
        ("albums-retry", lambda: albums.retry_pending(now), "count"),
        ("chase", lambda: chase(*on_desk), "count"),
        ("digest", lambda: send_digest(*on_desk), "count"),
        ("policy-remind", lambda: remind_policy(*on_desk), "count"),
        ("retention", lambda: keep_only_what_is_needed(*on_desk), "count"),
        ("forget-updates", lambda: forget_old_updates(sessionmaker, gate, now), "forgotten"),
    ]
    ran = []
    for name, job, counts in jobs:
        with capture(engine) as sql:
            started = time.perf_counter()
            result = await job()
            ms = (time.perf_counter() - started) * 1000
        ran.append(Ran(name, summary(result, counts)[0], ms, sql))
    return ran


async def run_hot_path(engine: AsyncEngine) -> Ran:
    """A seeded user with an open conversation writes, an agent answers in the topic, the
    user edits their message: the statements of the per-message path."""
    from tests.fake_telegram import Person  # the bench's fake Telegram, not the product's
    from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness

    sessionmaker = build_sessionmaker(engine)
    async with sessionmaker() as session:
        count = await session.scalar(select(Conversation.id).order_by(Conversation.id.desc()))
        row = (
            await session.execute(
                select(User.telegram_id, Conversation.thread_id)
                .join(Conversation, Conversation.user_id == User.id)
                .where(Conversation.closed_at.is_(None), Conversation.id >= (count or 0) // 2)
                .order_by(Conversation.id)
                .limit(1)
            )
        ).one()
    harness = DeskHarness(sessionmaker, Catalog(), serial=engine.dialect.name == "sqlite")
    harness.fake.topics[(ADMIN_CHAT_ID, row.thread_id)] = {
        "name": "user",
        "closed": False,
        "deleted": False,
    }
    person = Person(row.telegram_id, "User", language_code="ru")
    with capture(engine) as sql:
        started = time.perf_counter()
        message = harness.fake.text(person, "hello")
        await harness.run()
        harness.agent_says(row.thread_id, "hello, how can we help?")
        await harness.run()
        harness.fake.edit(message, text="hello again")
        await harness.run()
        ms = (time.perf_counter() - started) * 1000
    return Ran("message, answer, edit", "3 updates", ms, sql)
