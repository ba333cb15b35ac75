"""A desk with many users, seeded fast for bench.scale: bulk Core inserts through the models.

The schema comes from the bot's own migrations (`storage.migrate.upgrade_to_head`) and the
first policy version from its seed; then, for `users` people:
- 99 % verified (phone, consent to the current policy, a conversation with a topic); 1 % never
  finished onboarding and went quiet 60 days ago (retention removes them);
- one care-log line and one message pair each (1 % of the pairs are album parts, all copied);
- as many open requests as users, on users whose conversation is open: 80 % with a running clock
  (a few overdue, due today or on the next working day; most due later), 20 % waiting for the
  user (a few waiting just long enough for a reminder or for expiry; most since today);
- every tenth conversation closed, half of those more than a year ago (retention purges them).
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from care.common.deadlines import WorkCalendar
from storage.models import (
    CareLogEntry,
    Consent,
    Conversation,
    MessagePair,
    PolicyVersion,
    Request,
    RequestCounter,
    User,
)

CHUNK = 5_000  # rows per executemany
FIRST_TELEGRAM_ID = 5_000_000_000
FIRST_THREAD = 10_000  # topics 10000, 10001, ... in the admin chat


@dataclass(frozen=True)
class Seeded:
    users: int
    threads: list[int]  # the topics the fake Bot API must know
    requests: dict[str, int]  # how many of each kind of deadline


class Days:
    """Working days around `today`, worked out once: `ahead[k]` is the k-th working day after
    it, `back[k]` the day a wait must have begun on to have lasted k working days today."""

    def __init__(self, calendar: WorkCalendar, today: date, span: int = 16) -> None:
        self.today = today
        self.ahead = [calendar.add_working_days(today, k) for k in range(span)]
        self.back = [today]
        day = today
        while len(self.back) < span:
            day -= timedelta(days=1)
            if calendar.working_days_between(day, today) == len(self.back):
                self.back.append(day)


async def _insert(conn: AsyncConnection, model: Any, rows: list[dict]) -> None:
    """Insert `rows` in chunks (no RETURNING: ordered RETURNING goes row by row on SQLite)."""
    for start in range(0, len(rows), CHUNK):
        await conn.execute(insert(model), rows[start : start + CHUNK])


def _due_dates(days: Days, count: int, rng: random.Random) -> list:
    """(label, due_on) for requests with a running clock: few due now, most later."""
    labels = ["overdue"] * 160 + ["due today"] * 120 + ["due next"] * 120
    labels += ["later"] * (count - len(labels))
    out = []
    for label in labels[:count]:
        if label == "overdue":
            due = days.back[rng.randint(1, 10)]
        elif label == "due today":
            due = days.today
        elif label == "due next":
            due = days.ahead[1]
        else:
            due = days.ahead[rng.randint(2, 15)]
        out.append((label, due))
    return out


def _waits(days: Days, tz: Any, now: datetime, count: int, rng: random.Random) -> list:
    """(label, paused_since) for requests waiting for the user."""
    labels = ["waited 2"] * 60 + ["waited 5"] * 60 + ["to expire"] * 40
    labels += ["waiting"] * (count - len(labels))
    out = []
    for label in labels[:count]:
        if label == "waiting":
            since = now - timedelta(minutes=rng.randint(1, 600))
        else:
            day = days.back[{"waited 2": 2, "waited 5": 5, "to expire": 12}[label]]
            since = datetime.combine(day, datetime.min.time(), tz) + timedelta(hours=11)
        out.append((label, since))
    return out


async def seed(engine: AsyncEngine, users: int, now: datetime, tz: Any) -> Seeded:
    rng = random.Random(9)
    days = Days(WorkCalendar(), now.astimezone(tz).date())
    async with engine.begin() as conn:
        policy_id = await conn.scalar(select(func.max(PolicyVersion.id)))
        people = []
        for n in range(users):
            created = now - timedelta(days=n % 730, minutes=n % 1440)
            proven = n % 100 != 99
            people.append(
                {
                    "telegram_id": FIRST_TELEGRAM_ID + n,
                    "language": ("kk", "ru", "en")[n % 3],
                    "first_name": f"User{n}",
                    "phone": f"+7701{n:07d}" if proven else None,
                    "verified_at": created + timedelta(minutes=5) if proven else None,
                    "created_at": created if proven else now - timedelta(days=60),
                    "marketing_opt_in_at": created if n % 5 == 0 else None,
                }
            )
        await _insert(conn, User, people)
        by_telegram_id = select(User.id).where(User.telegram_id >= FIRST_TELEGRAM_ID)
        user_ids = list(await conn.scalars(by_telegram_id.order_by(User.telegram_id)))
        verified = [(uid, p) for uid, p in zip(user_ids, people, strict=True) if p["phone"]]
        await _insert(
            conn,
            Consent,
            [
                {"user_id": uid, "policy_version_id": policy_id, "accepted_at": p["verified_at"]}
                for uid, p in verified
            ],
        )
        conversations, open_users, threads = [], [], []
        for k, (uid, p) in enumerate(verified):
            opened = p["verified_at"] + timedelta(minutes=1)
            closed = opened + timedelta(days=1) if k % 10 == 0 else None
            conversations.append(
                {"user_id": uid, "thread_id": FIRST_THREAD + k, "opened_at": opened}
                | {"closed_at": closed}
            )
            threads.append(FIRST_THREAD + k)
            if closed is None:
                open_users.append(uid)
        await _insert(conn, Conversation, conversations)
        lines, pairs = [], []
        for k, conversation in enumerate(conversations):
            at, uid = conversation["opened_at"] + timedelta(seconds=30), conversation["user_id"]
            lines.append(
                {"at": at, "user_id": uid, "direction": "in", "content_type": "text"}
                | {"text": f"message {k}", "file_ids": []}
            )
            album = f"album-{k}" if k % 100 == 0 else None
            pairs.append(
                {"user_id": uid, "direction": "in", "user_message_id": 2, "created_at": at}
                | {"admin_message_id": 1_000_000 + k, "media_group_id": album}
            )
        await _insert(conn, CareLogEntry, lines)
        await _insert(conn, MessagePair, pairs)
        rows, labels = _requests(days, tz, now, open_users, users, rng)
        await _insert(conn, Request, rows)
        await conn.execute(insert(RequestCounter).values(year=now.year, last=users))
    return Seeded(users=len(people), threads=threads, requests=dict(Counter(labels)))


def _requests(days: Days, tz: Any, now: datetime, open_users: list[int], count: int, rng):
    """The request rows and what each one is (its label)."""
    waiting = count // 5
    dues = _due_dates(days, count - waiting, rng)
    waits = _waits(days, tz, now, waiting, rng)
    labels = [label for label, _ in dues] + [label for label, _ in waits]
    rows = []
    for n in range(count):
        user_id = open_users[rng.randrange(len(open_users))]
        kind = ("access", "correction", "complaint", "question")[n % 4]
        if n < len(dues):
            status = "new" if n % 2 else "in_progress"
            due, paused = dues[n][1], None
        else:
            status, paused = "awaiting_user", waits[n - len(dues)][1]
            due = days.ahead[rng.randint(1, 10)]
        created = now - timedelta(days=rng.randint(0, 20), minutes=n % 1440)
        rows.append(
            {
                "reference": f"Q-{now.year}-{n + 1:06d}",
                "user_id": user_id,
                "subject_hash": f"{user_id:064x}",
                "kind": kind,
                "status": status,
                "language": ("kk", "ru", "en")[n % 3],
                "created_at": created,
                "received_on": created.astimezone(tz).date(),
                "deadline_days": 3,
                "paused_since": paused,
                "due_on": due,
                "details": f"details {n}",
                "data": {},
            }
        )
    return rows, labels
