"""Chasing pending requests through the real outbox: the `chase` tick called with a frozen
clock, day by day around Kazakh holidays, twice a day, across a restart and two replicas."""

import asyncio
from datetime import date, datetime, time, timedelta

import pytest

from bot.jobs import chase
from care.rights.announcements import move_and_announce
from care.rights.chasing import Chased
from care.rights.filing import file_request
from care.rights.requests import Action
from storage.rights import requests as stored
from storage.vocabulary import Actor, RequestKind
from tests.conftest import database_url
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, TZ, DeskHarness
from tests.flow.onboarded import verified_user

DANA = Person(2001, "Dana", "Omarova", "dana", language_code="kk")
GULNARA = (500, "Gulnara <care>")  # the agent who takes it (escaped in the mention)
REMINDER = "⏰"
ESCALATION = "🚨"


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


async def tick(desk: DeskHarness, moment: datetime) -> Chased:
    done = await chase(desk.sessionmaker, desk.gate, desk.care, lambda: None, moment)
    await desk.run(moment)
    return done


async def file(desk, person, phone, kind, filed: datetime, agent=None, ask=False) -> int:
    user = await verified_user(desk, person, phone)
    async with desk.sessionmaker.begin() as session:
        request = await file_request(session, desk.care, await session.merge(user), kind, filed)
        request = request.request
        if agent:
            await move_and_announce(
                session, desk.care, request, Action.TAKE, filed, Actor.AGENT, agent
            )
        if ask:
            await move_and_announce(
                session, desk.care, request, Action.ASK, filed, Actor.AGENT, agent
            )
        request_id = request.id
    await desk.run(filed)
    return request_id


def general(desk: DeskHarness) -> list:
    """What the bot put into the admin chat outside any topic."""
    return [
        call
        for call in desk.fake.sent_to(ADMIN_CHAT_ID)
        if call.messages[0].get("message_thread_id") is None
    ]


async def chase_days(desk, first: date, last: date, thread_id: int) -> dict[str, list[date]]:
    """Tick at 10:00 and again at 15:00 on each day; when each kind of message went out."""
    seen: dict[str, list[date]] = {"topic": [], "general": []}
    for day in days(first, last):
        for hour in (10, 15):
            topic_before = len(desk.topic_posts(thread_id))
            general_before = len(general(desk))
            await tick(desk, at(day, hour))
            new_topic = desk.topic_posts(thread_id)[topic_before:]
            seen["topic"] += [day for call in new_topic if REMINDER in call.params["text"]]
            seen["general"] += [day for _ in general(desk)[general_before:]]
    return seen


CASES = {
    # A question filed on Wednesday 18 March 2026 is due on Thursday 26 March (Nauryz 21-25
    # March does not count): reminded on Friday 20 March, not during the holiday.
    "after-nauryz": (
        RequestKind.QUESTION,
        date(2026, 3, 18),
        GULNARA,
        [date(2026, 3, 20), date(2026, 3, 26)],
        [date(2026, 3, 27), date(2026, 3, 30), date(2026, 3, 31)],
        date(2026, 3, 31),
    ),
    # Access filed on Tuesday 24 March (a holiday: the clock starts on the 26th) is due on
    # Monday 30 March: the reminder of the day before fires on Friday 27 March.
    "friday-before-monday": (
        RequestKind.ACCESS,
        date(2026, 3, 24),
        None,
        [date(2026, 3, 27), date(2026, 3, 30)],
        [date(2026, 3, 31), date(2026, 4, 1)],
        date(2026, 4, 1),
    ),
    # Access filed on Wednesday 30 December 2026 is due on Wednesday 6 January 2027 (New Year
    # 1-2 January, its transfer to the 4th, Orthodox Christmas on the 7th): escalated on the
    # 8th and the 11th, never on the 7th or the weekend.
    "after-new-year": (
        RequestKind.ACCESS,
        date(2026, 12, 30),
        GULNARA,
        [date(2027, 1, 5), date(2027, 1, 6)],
        [date(2027, 1, 8), date(2027, 1, 11)],
        date(2027, 1, 11),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_reminders_and_escalations_fire_on_the_right_working_days(
    desk, sessionmaker, catalog, case
) -> None:
    kind, filed, agent, reminders, escalations, last = CASES[case]
    request_id = await file(desk, DANA, "+77021234567", kind, at(filed), agent)
    thread_id = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]

    seen = await chase_days(desk, filed, last, thread_id)
    assert seen == {"topic": reminders, "general": escalations}

    async with sessionmaker() as session:
        reference = (await stored.get(session, request_id)).reference
    reminder = next(c for c in desk.topic_posts(thread_id) if REMINDER in c.params["text"])
    assert reminder.params["parse_mode"] == "HTML" and reference in reminder.params["text"]
    if agent:  # a real mention of the assignee, the name escaped
        assert '<a href="tg://user?id=500">Gulnara &lt;care&gt;</a>' in reminder.params["text"]
    else:
        assert "unassigned" in reminder.params["text"]
    escalation = general(desk)[-1].params["text"]
    assert reference in escalation and f"https://t.me/c/1234567890/{thread_id}" in escalation
    assert general(desk)[-1].params["parse_mode"] == "HTML"

    # A restart (a new process on the same database) repeats nothing that day.
    again = DeskHarness(sessionmaker, catalog, default_locale="en", fake=desk.fake)
    assert not await tick(again, at(last, 17))
    assert len(general(desk)) == len(escalations)

    # Closed: no more escalations.
    async with sessionmaker.begin() as session:
        request = await stored.get(session, request_id)
        await move_and_announce(
            session, desk.care, request, Action.RESOLVE, at(last, 18), Actor.AGENT, agent
        )
    nxt = desk.care.clocks.calendar.add_working_days(last, 1)
    assert not await tick(again, at(nxt))


USERS = [
    (Person(3001, "Aigerim", language_code="kk"), "+77011230001", "Еске салу", "Толықтыру"),
    (Person(3002, "Boris", language_code="ru"), "+77011230002", "Напоминание", "Дополнить"),
    (Person(3003, "Chris", language_code="en"), "+77011230003", "Reminder", "Add information"),
]


async def test_users_are_reminded_after_2_and_5_working_days_then_it_expires(desk) -> None:
    """Asked on Monday 16 March 2026: 2 working days on Wednesday the 18th, 5 on Thursday the
    26th (after Nauryz), 10 on Thursday 2 April: expired, both sides told."""
    monday = at(date(2026, 3, 16))
    ids = {}
    for person, phone, _, _ in USERS:
        ids[person.id] = await file(
            desk, person, phone, RequestKind.OBJECTION, monday, GULNARA, ask=True
        )
    threads = [c.result["message_thread_id"] for c in desk.fake.calls_of("createForumTopic")]

    reminded: dict[int, list[date]] = {person.id: [] for person, *_ in USERS}
    for day in days(date(2026, 3, 16), date(2026, 4, 2)):
        for hour in (9, 16):
            before = {p.id: len(desk.fake.sent_to(p.id)) for p, *_ in USERS}
            await tick(desk, at(day, hour))
            for person, _, word, _ in USERS:
                new = desk.fake.sent_to(person.id)[before[person.id] :]
                reminded[person.id] += [day for c in new if c.params["text"].startswith(word)]
    expected = [date(2026, 3, 18), date(2026, 3, 26)]
    assert reminded == {person.id: expected for person, *_ in USERS}

    async with desk.sessionmaker() as session:
        for person, _, word, button in USERS:
            reference = (await stored.get(session, ids[person.id])).reference
            texts = [c.params["text"] for c in desk.fake.sent_to(person.id)]
            reminders = [text for text in texts if text.startswith(word)]
            assert all(reference in t and button in t and "/requests" in t for t in reminders)
            assert (await stored.get(session, ids[person.id])).status == "expired"
            assert reference in texts[-1]  # the expiry notice, last
    for thread_id in threads:
        notices = [c.params["text"] for c in desk.topic_posts(thread_id)]
        assert "closed as expired" in notices[-1]
    # No escalation meanwhile: the clock stood while the request waited for the user.
    assert general(desk) == []


async def test_a_request_answered_before_the_tick_is_not_reminded(desk) -> None:
    monday = at(date(2026, 3, 16))
    request_id = await file(
        desk, DANA, "+77021234567", RequestKind.OBJECTION, monday, GULNARA, ask=True
    )
    async with desk.sessionmaker.begin() as session:
        request = await stored.get(session, request_id)
        await move_and_announce(
            session, desk.care, request, Action.ANSWER, at(date(2026, 3, 18), 9), Actor.USER
        )
    done = await tick(desk, at(date(2026, 3, 18), 10))
    assert done.user_reminded == 0


replicas_only = pytest.mark.skipif(
    not database_url().startswith("postgresql"),
    reason="replicas share PostgreSQL (TEST_DATABASE_URL); SQLite is one process",
)


@replicas_only
async def test_two_replicas_chasing_at_once_send_each_reminder_once(sessionmaker, catalog) -> None:
    one = DeskHarness(sessionmaker, catalog, "en", serial=False)
    two = DeskHarness(sessionmaker, catalog, "en", fake=one.fake, serial=False)
    monday = at(date(2026, 3, 16))
    people = [Person(4000 + n, f"User{n}", language_code="en") for n in range(8)]
    for n, person in enumerate(people):
        # Half overdue on the 20th (corrections due on the 17th), half waiting 2 working days.
        if n % 2:
            await file(one, person, f"+7701200{n:04d}", RequestKind.CORRECTION, monday, GULNARA)
        else:
            await file(
                one,
                person,
                f"+7701200{n:04d}",
                RequestKind.OBJECTION,
                at(date(2026, 3, 18)),
                GULNARA,
                ask=True,
            )
    friday = at(date(2026, 3, 20))
    runs = await asyncio.gather(
        *(
            chase(desk.sessionmaker, desk.gate, desk.care, lambda: None, friday)
            for desk in (one, two, one, two)
        )
    )
    assert sum(run.escalated for run in runs) == 4
    assert sum(run.user_reminded for run in runs) == 4
    await one.run(friday)
    await two.run(friday)
    escalations = [c.params["text"] for c in general(one)]
    assert len(escalations) == 4 and len(set(escalations)) == 4
    for n, person in enumerate(people):
        reminders = [c for c in one.fake.sent_to(person.id) if "Reminder" in c.params["text"]]
        assert len(reminders) == (0 if n % 2 else 1)
