"""Retention: what the desk stops keeping once it no longer needs it.

- Care-log texts and file ids of conversations closed longer than `desk.care_log_retention_days`
  ago are cleared (who spoke when stays for the statistics), and their message pairs, which
  only serve replies to and edits of old messages, are deleted. A conversation with an open
  request is left alone, whatever its age.
- Users who never finished onboarding (never verified, not erased) and left no trace for
  `desk.unfinished_user_days` are deleted with everything keyed by them; the admin-chat
  messages outside a topic that name them (a phone-conflict notice) are taken back.
- Once-only marks older than `KEEP_MARKS` are forgotten (the days they guard are long past).

Depersonalized request records are never touched. The work is done at most once per local
day (a mark), so the tick may run often.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.outbound.outbox import chat_lane
from care.people import mentions
from care.rights.requests import local_day
from storage import marks
from storage.notices import campaigns
from storage.rights import retention

KEEP_MARKS = timedelta(days=60)
BATCH = 200  # users removed per statement (their FSM keys make one OR of LIKEs)
MAX_BATCHES = 50  # per run; what is left waits for tomorrow


@dataclass(frozen=True)
class Purged:
    log_lines: int = 0
    pairs: int = 0
    users: int = 0
    marks: int = 0
    done: bool = True  # False: today's run had already happened


async def run_daily(session: AsyncSession, desk: Desk, now: datetime) -> Purged:
    """Today's retention, unless it already ran today (here or on another replica)."""
    if not await marks.mark_once(session, f"retention:{local_day(desk, now).isoformat()}", now):
        return Purged(done=False)
    return await purge(session, desk, now)


async def purge(session: AsyncSession, desk: Desk, now: datetime) -> Purged:
    log_lines = pairs = users = 0
    if desk.care_log_retention_days:
        cutoff = now - timedelta(days=desk.care_log_retention_days)
        log_lines = await retention.purge_care_log(session, cutoff)
        pairs = await retention.delete_old_pairs(session, cutoff)
    if desk.unfinished_user_days:
        cutoff = now - timedelta(days=desk.unfinished_user_days)
        for _ in range(MAX_BATCHES):
            found = await retention.pick_unfinished(session, cutoff, BATCH)
            await mentions.retract(session, [user_id for user_id, _ in found], now)
            removed = await retention.remove_users(session, found, chat_lane)
            users += removed
            if removed < BATCH:
                break
    forgotten = await marks.forget_before(session, now - KEEP_MARKS)
    forgotten += await campaigns.forget_album_parts(session, now - KEEP_MARKS)  # broadcast sources
    return Purged(log_lines=log_lines, pairs=pairs, users=users, marks=forgotten)
