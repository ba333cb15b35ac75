"""Chasing pending requests: what happens to a request nobody moves (the scheduler's ticks).

On each working day (the Kazakh working calendar, in the desk's time zone): agents are reminded in
the request's topic one working day before it is due and on the due day; an overdue request is
escalated in the admin chat's General, once each working day until it is closed; a user a
request waits for is reminded after the configured working days, and the request expires after
EXPIRE_UNANSWERED_AFTER. Each reminder is marked once (storage.marks) in the transaction that
records it, so a restart or a second replica never repeats it.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html import escape

from aiogram.methods import SendMessage
from aiogram.types import LinkPreviewOptions
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.deadlines import WorkCalendar
from care.common.desk import Desk
from care.common.texts import format_day
from care.desk.notices import say_logged
from care.desk.topics import tell_agents
from care.outbound.outbox import ADMIN_LANE, Priority, call
from care.rights.announcements import move_and_announce
from care.rights.intake import INFORM, finish_information
from care.rights.requests import Action, local_day, locked_with_user, running
from storage import marks
from storage.desk import care
from storage.models import Request
from storage.people import users
from storage.rights import chasing as pending
from storage.rights import requests
from storage.vocabulary import Actor, RequestStatus


class Step(enum.StrEnum):
    BEFORE = "remind-before"  # agents, in the topic: due on the next working day
    DUE = "remind-due"  # agents, in the topic: due today
    ESCALATE = "escalate"  # the admin chat's General: overdue
    USER = "remind-user"  # the user: still waiting for their answer


@dataclass
class Chased:
    """What one run did (counts only: the job logs them)."""

    due: int = 0  # items found due this run
    reminded: int = 0
    escalated: int = 0
    user_reminded: int = 0
    expired: int = 0
    handed_back: int = 0  # added to without Done, back to the agents
    failed: int = 0

    def __bool__(self) -> bool:
        """Something was sent (worth waking the sender for)."""
        sent = ("reminded", "escalated", "user_reminded", "expired", "handed_back")
        return any(getattr(self, name) for name in sent)


@dataclass(frozen=True)
class Task:
    step: Step
    request_id: int
    waited: int = 0  # user reminders: the working days waited that this reminder is for

    @property
    def mark(self) -> str:
        return self.step if self.step is not Step.USER else f"{self.step}-{self.waited}"


def user_steps(desk: Desk) -> list[int]:
    """After how many working days of waiting the user is reminded (before it expires)."""
    after = desk.clocks.expire_unanswered_after
    return sorted({n for n in desk.clocks.remind_user_after if n > 0 and (not after or n < after)})


def waited_window(calendar: WorkCalendar, today: date, waited: int) -> tuple[date, date] | None:
    """The first and last local day a wait may have started on to have lasted exactly `waited`
    working days today (`working_days_between(day, today) == waited`)."""
    day, count, first, last = today, 0, None, None
    while count <= waited:
        if count == waited:
            first, last = day, last or day
        count += calendar.is_working_day(day)  # one day earlier, `day` counts too
        day -= timedelta(days=1)
    return (first, last) if first and last else None  # `last` is set with `first`


def _midnight(desk: Desk, day: date) -> datetime:
    return datetime.combine(day, time(), desk.tz)


async def due_tasks(
    session: AsyncSession, desk: Desk, now: datetime, limit: int = 100
) -> list[Task]:
    """What is due now and not yet done; nothing on a day off."""
    today, calendar = local_day(desk, now), desk.clocks.calendar
    if not calendar.is_working_day(today):
        return []
    clock = [str(status) for status in running(desk)]
    found = pending.running_due
    tasks = [
        Task(Step.BEFORE, request_id)
        for request_id in await found(
            session,
            Step.BEFORE,
            clock,
            today,
            due_on=calendar.add_working_days(today, 1),
            limit=limit,
        )
    ]
    tasks += [
        Task(Step.DUE, request_id)
        for request_id in await found(session, Step.DUE, clock, today, due_on=today, limit=limit)
    ]
    tasks += [
        Task(Step.ESCALATE, request_id)
        for request_id in await found(
            session, Step.ESCALATE, clock, today, due_before=today, limit=limit
        )
    ]
    for waited in user_steps(desk):
        window = waited_window(calendar, today, waited)
        if window is None:
            continue
        since, until = _midnight(desk, window[0]), _midnight(desk, window[1] + timedelta(days=1))
        step = Task(Step.USER, 0, waited).mark
        for request_id in await pending.waiting_between(session, step, since, until, today, limit):
            tasks.append(Task(Step.USER, request_id, waited))
    return tasks


def still_due(desk: Desk, request: Request, task: Task, today: date) -> bool:
    """Whether `task` is still what the request is due for today (a task found earlier may
    have moved on meanwhile: taken, answered, closed)."""
    calendar = desk.clocks.calendar
    if task.step is Step.USER:
        if request.status != RequestStatus.AWAITING_USER or request.paused_since is None:
            return False
        since = local_day(desk, request.paused_since)
        return calendar.working_days_between(since, today) == task.waited
    if request.status not in running(desk):
        return False
    if task.step is Step.ESCALATE:
        return request.due_on < today
    if task.step is Step.DUE:
        return request.due_on == today
    return request.due_on == calendar.add_working_days(today, 1)


async def chase_one(session: AsyncSession, desk: Desk, task: Task, now: datetime) -> Step | None:
    """Send one reminder or escalation, once: the step sent, or None (done before, or no
    longer due)."""
    today = local_day(desk, now)
    request = await requests.get(session, task.request_id)
    if request is None or not still_due(desk, request, task, today):
        return None
    if not await marks.mark_once(session, pending.mark_key(task.mark, request.id, today), now):
        return None  # a restart or another replica did it
    if task.step is Step.USER:
        if await finish_information(session, desk, request, now):
            return None  # they answered and never pressed Done: back to the agents
        return Step.USER if await remind_user(session, desk, request, task.waited, now) else None
    if task.step is Step.ESCALATE:
        await escalate(session, desk, request, now)
    else:
        await remind_agents(session, desk, request, task.step, now)
    return task.step


def _admin_args(desk: Desk, request: Request) -> dict[str, object]:
    t = desk.admin_t
    if request.assignee_id:
        name = escape(request.assignee_name or str(request.assignee_id))
        assignee = f'<a href="tg://user?id={request.assignee_id}">{name}</a>'
    else:
        assignee = escape(t("chasing-unassigned"))
    return {
        "reference": request.reference,
        "kind": escape(t(f"request-kind-{request.kind}")),
        "due": format_day(request.due_on, desk.admin_locale),
        "assignee": assignee,
    }


async def remind_agents(
    session: AsyncSession, desk: Desk, request: Request, step: Step, now: datetime
) -> None:
    msg_id = "chasing-due-today" if step is Step.DUE else "chasing-due-next"
    text = desk.admin_t(msg_id, **_admin_args(desk, request))
    await tell_agents(session, request.user_id, text, now, Priority.REMINDER, html=True)


async def escalate(session: AsyncSession, desk: Desk, request: Request, now: datetime) -> None:
    """In General (no thread), with a link to the request's topic."""
    today, t = local_day(desk, now), desk.admin_t
    late = desk.clocks.calendar.working_days_between(request.due_on, today)
    text = t("chasing-overdue", days=late, **_admin_args(desk, request))
    conversation = await care.get_conversation(session, request.user_id)
    link = desk.topic_link(conversation.thread_id) if conversation and desk.state.topics else None
    if link:
        text += "\n" + t("chasing-open-topic", link=escape(link))
    method = SendMessage(
        chat_id=desk.admin_chat_id,
        text=text,
        parse_mode="HTML",
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    await call(session, method, now, lane=ADMIN_LANE, priority=Priority.REMINDER)


async def remind_user(
    session: AsyncSession, desk: Desk, request: Request, waited: int, now: datetime
) -> bool:
    """In the language of the appeal: the reference, how to answer, when it would expire."""
    user = await users.get_by_id(session, request.user_id)
    if user is None or user.erased_at is not None:
        return False
    t = desk.catalog.translator(request.language)
    kind = t(f"request-kind-{request.kind}")
    text = t("chasing-user-reminder", reference=request.reference, kind=kind, days=waited)
    after = desk.clocks.expire_unanswered_after
    if after:
        text += "\n\n" + t("chasing-user-expires", days=after - waited)
    await say_logged(session, user, text, now, priority=Priority.REMINDER)
    return True


async def expire_unanswered(
    session: AsyncSession, desk: Desk, now: datetime, limit: int = 100
) -> int:
    """Close the requests that waited for the user longer than the setting allows (working
    days); the user is told, in the language of the appeal, and the agents in the topic. How
    many it closed."""
    after = desk.clocks.expire_unanswered_after
    if not after:
        return 0
    today, calendar = local_day(desk, now), desk.clocks.calendar
    closed = 0
    # N working days take at least N calendar days: a cheap bound first, then the calendar.
    for request_id in await requests.waiting_since(session, now - timedelta(days=after), limit):
        if (request := await locked_with_user(session, request_id)) is None:
            continue  # gone meanwhile (its user erased)
        if request.status != RequestStatus.AWAITING_USER or request.paused_since is None:
            continue  # the user answered meanwhile
        since = local_day(desk, request.paused_since)
        if calendar.working_days_between(since, today) < after:
            continue
        if await finish_information(session, desk, request, now):
            continue  # they answered and never pressed Done: back to the agents, not expired
        await move_and_announce(session, desk, request, Action.EXPIRE, now, Actor.SYSTEM)
        text = desk.admin_t("chasing-expired", reference=request.reference, days=after)
        await tell_agents(session, request.user_id, text, now, Priority.REMINDER)
        closed += 1
    return closed


# Information the user added without tapping Done goes back to the agents once they have been
# quiet this long: never left waiting on the user while the law's clock runs.
HAND_BACK_AFTER = timedelta(hours=1)


async def hand_back_added(
    session: AsyncSession, desk: Desk, now: datetime, limit: int = 200
) -> int:
    """Requests the user added to and left without Done, back to the agents (their wait
    counted up to the first addition); how many."""
    handed = 0
    for request_id in await requests.added_to_before(session, INFORM, now - HAND_BACK_AFTER, limit):
        if (request := await locked_with_user(session, request_id)) is None:
            continue  # gone meanwhile (its user erased)
        handed += await finish_information(session, desk, request, now)
    return handed
