"""The scheduler's jobs: each a short tick over the database (docs/ARCHITECTURE.md), callable with a
frozen clock (`now`) from tests. `bot.scheduler` runs them on their intervals."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import wall_clock
from care.common.desk import Desk
from care.desk import admin_chat
from care.notices import campaigns, policy_notices
from care.outbound.gate import WriteGate
from care.people import supervisors
from care.rights import chasing, digest, retention
from care.rights.scrub import scrub
from storage import updates
from storage.people import policies

log = logging.getLogger(__name__)

KEEP_HANDLED_UPDATES = timedelta(days=2)  # Telegram keeps unconfirmed updates for 24 hours


async def forget_old_updates(
    sessionmaker: async_sessionmaker[AsyncSession], gate: WriteGate, now: datetime | None = None
) -> int:
    async with gate.passage(), sessionmaker.begin() as session:
        return await updates.forget_before(session, (now or wall_clock()) - KEEP_HANDLED_UPDATES)


async def chase(
    sessionmaker: async_sessionmaker[AsyncSession],
    gate: WriteGate,
    desk: Desk,
    wake: Callable[[], None],
    now: datetime | None = None,
) -> chasing.Chased:
    """Reminders before and on the due day, escalations of overdue requests, reminders to
    users a request waits for, and expiry: each item in its own short transaction, each
    reminder marked once (a restart or another replica never repeats it)."""
    now = now or wall_clock()
    done, failed = chasing.Chased(), 0  # logged by Ticks, one line per run
    async with sessionmaker() as session:
        tasks = await chasing.due_tasks(session, desk, now)
    counters = {
        chasing.Step.BEFORE: "reminded",
        chasing.Step.DUE: "reminded",
        chasing.Step.ESCALATE: "escalated",
        chasing.Step.USER: "user_reminded",
    }
    for task in tasks:
        try:
            async with gate.passage(), sessionmaker.begin() as session:
                sent = await chasing.chase_one(session, desk, task, now)
        except Exception:  # one bad request never stops the others
            failed += 1
            log.exception("chase: %s of request %s failed", task.step, task.request_id)
            continue
        if sent is not None:
            setattr(done, counters[sent], getattr(done, counters[sent]) + 1)
    async with gate.passage(), sessionmaker.begin() as session:
        done.handed_back = await chasing.hand_back_added(session, desk, now)
    async with gate.passage(), sessionmaker.begin() as session:
        done.expired = await chasing.expire_unanswered(session, desk, now)
    done.due, done.failed = len(tasks), failed
    if done:
        wake()
    return done


async def send_digest(
    sessionmaker: async_sessionmaker[AsyncSession],
    gate: WriteGate,
    desk: Desk,
    wake: Callable[[], None],
    now: datetime | None = None,
) -> dict[str, int]:
    """Today's digest into the admin chat, once, when its local time has come."""
    now = now or wall_clock()
    if digest.due_day(desk, now) is None:
        return {"messages": 0}  # too early, or off: no write, not even through the gate
    async with gate.passage(), sessionmaker.begin() as session:
        sent = await digest.send_daily(session, desk, now)
    if sent:
        wake()
    return {"messages": sent}


async def keep_only_what_is_needed(
    sessionmaker: async_sessionmaker[AsyncSession],
    gate: WriteGate,
    desk: Desk,
    wake: Callable[[], None],
    now: datetime | None = None,
) -> retention.Purged:
    """Retention, at most once per local day (see care.rights.retention); once what it deleted is
    committed, the database's files are scrubbed of it."""
    async with gate.passage(), sessionmaker.begin() as session:
        purged = await retention.run_daily(session, desk, now or wall_clock())
    if purged.log_lines or purged.pairs or purged.users:
        await scrub(sessionmaker, gate)
    return purged


async def remind_policy(
    sessionmaker: async_sessionmaker[AsyncSession],
    gate: WriteGate,
    desk: Desk,
    wake: Callable[[], None],
    now: datetime | None = None,
) -> dict[str, int]:
    """On a policy version's effective date, one reminder to each user who has not accepted
    it (see care.notices.policy_notices.remind_due)."""
    now = now or wall_clock()
    day = policy_notices.remind_day(desk, now)
    if day is None:
        return {"reminded": 0}
    async with sessionmaker() as session:  # most days nothing takes effect: no write at all
        if not await policies.effective_on(session, day):
            return {"reminded": 0}
    async with gate.passage(), sessionmaker.begin() as session:
        reminded = await policy_notices.remind_due(session, desk, now)
    if reminded:
        wake()
    return {"reminded": reminded}


async def feed_deliveries(
    sessionmaker: async_sessionmaker[AsyncSession],
    gate: WriteGate,
    desk: Desk,
    wake: Callable[[], None],
    now: datetime | None = None,
) -> int:
    """Pending deliveries into the outbox, up to the window (replicas skip each other's)."""
    async with sessionmaker() as session:
        if not await campaigns.any_running(session):
            return 0  # no write, not even through the gate
    async with gate.passage(), sessionmaker.begin() as session:
        queued = await campaigns.feed(session, desk, now or wall_clock(), locked=not gate.serial)
    if queued:
        wake()
    return queued


async def track_campaigns(
    sessionmaker: async_sessionmaker[AsyncSession],
    gate: WriteGate,
    desk: Desk,
    wake: Callable[[], None],
    now: datetime | None = None,
) -> campaigns.Tracked:
    """Finished campaigns closed, progress messages refreshed."""
    async with sessionmaker() as session:
        if not await campaigns.any_running(session):
            return campaigns.Tracked()  # no write, not even through the gate
    async with gate.passage(), sessionmaker.begin() as session:
        tracked = await campaigns.track(session, now or wall_clock())
    wake()
    return tracked


async def refresh_supervisors(bot: Bot, desk: Desk, now: datetime | None = None) -> int:
    """Who administers the admin chat (outside any transaction)."""
    known = desk.state.supervisors
    return await supervisors.refresh(known, bot, desk.admin_chat_id, now or wall_clock())


async def watch_admin_chat(bot: Bot, desk: Desk, now: datetime | None = None) -> dict[str, bool]:
    """Whether the admin chat answers, and whether it has topics (outside any transaction);
    an unreachable one is logged again at most every 10 minutes and fails `/healthz`."""
    return {"reachable": await admin_chat.look(bot, desk, now or wall_clock())}
