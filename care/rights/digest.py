"""The daily digest in the admin chat's General topic: what came in, what is due, what is late,
what waits for users and what closed yesterday. Sent once per local day (a mark), at or after
`desk.digest_at`; a bot started later in the day sends that day's digest at once."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from aiogram.methods import SendMessage
from aiogram.types import LinkPreviewOptions
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import Translator, format_day, format_moment, split_for_telegram
from care.outbound.outbox import ADMIN_LANE, Priority, call
from care.rights.requests import local_day, running, working_days_left
from storage import marks
from storage.models import Request
from storage.rights import digest, stats
from storage.rights.digest import Listed
from storage.vocabulary import CLOSED_REQUEST_STATUSES

SHOWN = 30  # requests listed per section; the counts are always complete


@dataclass(frozen=True)
class Digest:
    day: date  # the local day it is for
    since: datetime  # "new" counts requests filed from here (yesterday's digest time) ...
    until: datetime  # ... to here (when the digest was made)
    new: Listed
    due_today: Listed
    overdue: Listed
    waiting: Listed  # `shown` holds the one waiting longest
    closed_yesterday: dict[str, int]  # {status: how many}

    @property
    def closed_total(self) -> int:
        return sum(self.closed_yesterday.values())


def due_day(desk: Desk, now: datetime) -> date | None:
    """The local day whose digest is due at `now`: today once its time has come; None when
    the digest is off or it is too early."""
    if desk.digest_at is None:
        return None
    local = now.astimezone(desk.tz)
    return local.date() if local.time() >= desk.digest_at else None


def digest_key(day: date) -> str:
    return f"digest:{day.isoformat()}"


async def gather(session: AsyncSession, desk: Desk, now: datetime) -> Digest:
    today = local_day(desk, now)
    at = desk.digest_at or time(9, 0)
    since = datetime.combine(today - timedelta(days=1), at, tzinfo=desk.tz)
    clock = running(desk)
    return Digest(
        day=today,
        since=since,
        until=now,
        new=await digest.received(session, since, now, SHOWN),
        due_today=await digest.due_on(session, today, clock, SHOWN),
        overdue=await digest.overdue(session, today, clock, SHOWN),
        waiting=await digest.waiting(session, limit=1),
        closed_yesterday=await digest.closed_on(session, today - timedelta(days=1)),
    )


async def send_daily(session: AsyncSession, desk: Desk, now: datetime) -> int:
    """Record today's digest in the outbox unless it is not time yet or it was recorded
    already (also by another replica or before a restart); how many messages it takes."""
    day = due_day(desk, now)
    if day is None or not await marks.mark_once(session, digest_key(day), now):
        return 0
    found = await gather(session, desk, now)
    shown = [*found.new.shown, *found.due_today.shown, *found.overdue.shown, *found.waiting.shown]
    threads = await stats.threads_of(session, {request.user_id for request in shown})
    parts = split_for_telegram(render(desk, found, threads))
    no_previews = LinkPreviewOptions(is_disabled=True)
    for part in parts:
        message = SendMessage(
            chat_id=desk.admin_chat_id, text=part, link_preview_options=no_previews
        )
        await call(session, message, now, lane=ADMIN_LANE, priority=Priority.REMINDER)
    return len(parts)


def render(desk: Desk, found: Digest, threads: dict[int, int]) -> str:
    """The digest in the admin language; `threads` maps user ids to their topics."""
    t, locale = desk.admin_t, desk.admin_locale

    def link(request: Request) -> str:
        return desk.topic_link(threads.get(request.user_id)) or t("overdue-no-topic")

    def line(request: Request) -> str:
        if request.closed_at is not None:  # a new one may be settled already
            who = t("digest-settled")
        else:
            who = request.assignee_name or t("overdue-unassigned")
        kind = t(f"request-kind-{request.kind}")
        return t(
            "digest-line", reference=request.reference, kind=kind, assignee=who, link=link(request)
        )

    def late(request: Request) -> str:
        return t(
            "overdue-line",
            reference=request.reference,
            kind=t(f"request-kind-{request.kind}"),
            due=format_day(request.due_on, locale),
            days=max(-working_days_left(desk, request, found.until), 0),
            assignee=request.assignee_name or t("overdue-unassigned"),
            link=link(request),
        )

    since = format_moment(found.since, desk.tz)
    blocks = [
        t("digest-header", day=format_day(found.day, locale)),
        _section(t, t("digest-new", since=since, count=found.new.total), found.new, line),
        _section(t, t("digest-due-today", count=found.due_today.total), found.due_today, line),
        _section(t, t("digest-overdue", count=found.overdue.total), found.overdue, late),
    ]
    waiting = [t("digest-waiting", count=found.waiting.total)]
    if found.waiting.shown:
        oldest = found.waiting.shown[0]
        waiting.append(
            t(
                "digest-waiting-oldest",
                since=format_day(local_day(desk, oldest.paused_since or oldest.created_at), locale),
                reference=oldest.reference,
                kind=t(f"request-kind-{oldest.kind}"),
                link=link(oldest),
            )
        )
    blocks.append("\n".join(waiting))
    closed = {s.value: found.closed_yesterday.get(s, 0) for s in CLOSED_REQUEST_STATUSES}
    blocks.append(t("digest-closed", count=found.closed_total, **closed))
    return "\n\n".join(blocks)


def _section(t: Translator, title: str, listed: Listed, line) -> str:
    lines = [title, *(line(request) for request in listed.shown)]
    if listed.total > len(listed.shown):
        lines.append(t("digest-more", count=listed.total - len(listed.shown)))
    return "\n".join(lines)
