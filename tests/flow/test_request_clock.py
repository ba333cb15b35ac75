"""The request's clock through the production dispatcher, driven by the harness's one clock:
the desk's day decides when a request arrives and what is due today; waits for the user add
up; overdue means after the due day; a DEADLINE_* setting sets the due date; a resolved
complaint says where to complain further."""

from datetime import date, datetime, time

import pytest

from bot.app import build_desk
from bot.jobs import chase
from bot.settings import load_settings
from care.common.deadlines import Clocks
from care.common.texts import format_day
from care.rights import intake
from care.rights.announcements import move_and_announce
from care.rights.filing import file_request
from care.rights.requests import Action
from storage.people import users
from storage.rights import requests as stored
from storage.vocabulary import Actor, RequestKind, RequestStatus
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, TZ, DeskHarness
from tests.flow.onboarded import verified_user
from tests.flow.test_intake import start

DANA = Person(7001, "Dana", "Omarova", "dana", language_code="en")
TAKER = (AGENT.id, AGENT.first_name)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def file_by_dialog(desk: DeskHarness, catalog, kind=RequestKind.QUESTION):
    """A verified user files a request through its dialog at the harness's clock."""
    chat, t, _question = await start(desk, catalog, "en", kind)
    chat.say("When is my data deleted?")
    await desk.run()
    chat.tap(await chat.reply(), t("intake-button-no-files"))
    await desk.run()
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, chat.person.id)
        [request] = await stored.for_user(session, user.id)
    return chat, t, request


async def row(desk: DeskHarness, request_id: int):
    async with desk.sessionmaker() as session:
        return await stored.get(session, request_id)


async def tick(desk: DeskHarness, moment: datetime) -> None:
    desk.clock.set(moment)
    await chase(desk.sessionmaker, desk.gate, desk.care, lambda: None, desk.clock())
    await desk.run()


async def test_a_request_filed_at_two_at_night_counts_from_that_almaty_day(desk, catalog) -> None:
    # 02:00 on Thursday 10 December in Almaty is still Wednesday 9 December in UTC.
    filed_at = at(date(2026, 12, 10), 2)
    desk.clock.set(filed_at)
    chat, _t, request = await file_by_dialog(desk, catalog)
    assert request.created_at.replace(tzinfo=None) == datetime(2026, 12, 9, 21, 0)  # in UTC
    assert request.received_on == date(2026, 12, 10)
    # Three working days after the 10th: Friday 11th, Monday 14th, Tuesday 15th.
    assert request.due_on == date(2026, 12, 15)
    told = [call.text for call in chat.unread()]
    assert any(format_day(date(2026, 12, 15), "en") in text for text in told)


async def test_today_for_reminders_is_the_desks_day(desk, catalog) -> None:
    user = await verified_user(desk, DANA, "+77021230001")
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(
            session,
            desk.care,
            await session.merge(user),
            RequestKind.QUESTION,
            at(date(2026, 11, 4)),
        )
        request_id = filed.request.id
    await desk.run(at(date(2026, 11, 4)))
    assert (await row(desk, request_id)).due_on == date(2026, 11, 9)  # Mon: Thu, Fri, Mon
    thread_id = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    # 00:30 on Monday the 9th in Almaty, still Sunday in UTC: due today, on a working day.
    await tick(desk, at(date(2026, 11, 9), 0, 30))
    [reminder] = [c.text for c in desk.topic_posts(thread_id) if "⏰" in (c.text or "")]
    t = desk.care.admin_t
    assert reminder == t(
        "chasing-due-today",
        reference=(await row(desk, request_id)).reference,
        kind=t("request-kind-question"),
        due=format_day(date(2026, 11, 9), "en"),
        assignee=t("chasing-unassigned"),
    )


async def ask(desk: DeskHarness, request_id: int, moment: datetime, take: bool = False) -> None:
    async with desk.sessionmaker.begin() as session:
        request = await stored.get(session, request_id)
        if take:
            await move_and_announce(
                session, desk.care, request, Action.TAKE, moment, Actor.AGENT, TAKER
            )
        await move_and_announce(session, desk.care, request, Action.ASK, moment, Actor.AGENT, TAKER)
    await desk.run(moment)


async def answer(desk: DeskHarness, chat, t, reference: str, moment: datetime) -> None:
    """/requests → the request → Add information → one message → Done, at `moment`."""
    desk.clock.set(moment)
    chat.seen = len(desk.fake.sent_to(chat.person.id))
    chat.say("/requests")
    await desk.run()
    chat.tap(await chat.reply(), reference)
    await desk.run()
    chat.tap(await chat.reply(), t("my-button-add-info"))
    await desk.run()
    await chat.reply()
    chat.say("Here it is")
    await desk.run()
    chat.tap(await chat.reply(), t("my-button-info-done"))
    await desk.run()


async def test_two_waits_for_the_user_both_move_the_due_date(desk, catalog) -> None:
    desk.clock.set(at(date(2026, 11, 4)))  # Wednesday: a question is due Monday 9 November
    chat, t, request = await file_by_dialog(desk, catalog)
    assert request.due_on == date(2026, 11, 9)
    await ask(desk, request.id, at(date(2026, 11, 4), 12), take=True)
    await answer(desk, chat, t, request.reference, at(date(2026, 11, 6), 11))  # Thu, Fri: 2
    first = await row(desk, request.id)
    assert (first.status, first.paused_days, first.due_on) == (
        RequestStatus.IN_PROGRESS,
        2,
        date(2026, 11, 11),
    )
    await ask(desk, request.id, at(date(2026, 11, 9)))
    await answer(desk, chat, t, request.reference, at(date(2026, 11, 11), 16))  # Tue, Wed: 2
    both = await row(desk, request.id)
    assert (both.status, both.paused_days) == (RequestStatus.IN_PROGRESS, 4)
    # Three working days and four waited: 5, 6, 9, 10, 11, 12, 13 November.
    assert both.due_on == date(2026, 11, 13)
    calendar = desk.care.clocks.calendar
    assert both.due_on == calendar.add_working_days(date(2026, 11, 4), 3 + 4)


async def test_escalation_comes_after_the_due_day_with_the_days_overdue(desk, catalog) -> None:
    user = await verified_user(desk, DANA, "+77021230002")
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(
            session,
            desk.care,
            await session.merge(user),
            RequestKind.QUESTION,
            at(date(2026, 11, 4)),
        )
        request = filed.request
        args = {"reference": request.reference, "due": format_day(date(2026, 11, 9), "en")}
    await desk.run(at(date(2026, 11, 4)))

    def escalations() -> list[str]:
        return [
            c.text
            for c in desk.fake.sent_to(ADMIN_CHAT_ID)
            if c.messages[0].get("message_thread_id") is None and "🚨" in c.text
        ]

    await tick(desk, at(date(2026, 11, 9), 17))  # the due day: not overdue yet
    assert escalations() == []
    for day, late in ((date(2026, 11, 10), 1), (date(2026, 11, 13), 4), (date(2026, 11, 16), 5)):
        await tick(desk, at(day))
        text = escalations()[-1]
        t = desk.care.admin_t
        kind = t("request-kind-question")
        unassigned = t("chasing-unassigned")
        assert text.startswith(
            t("chasing-overdue", days=late, kind=kind, assignee=unassigned, **args)
        )
    assert len(escalations()) == 3


async def test_a_deadline_setting_sets_the_due_date_of_a_new_request(
    sessionmaker, catalog, monkeypatch
) -> None:
    monkeypatch.setenv("DEADLINE_QUESTION", "7")
    settings = load_settings(_env_file=None, bot_token="1:x", admin_chat_id=ADMIN_CHAT_ID)
    desk = DeskHarness(
        sessionmaker, catalog, default_locale="en", clocks=build_desk(settings, catalog).clocks
    )
    desk.clock.set(at(date(2026, 11, 4)))
    _chat, _t, request = await file_by_dialog(desk, catalog)
    assert request.deadline_days == 7
    # Seven working days after Wednesday 4 November: 5, 6, 9, 10, 11, 12, 13.
    assert request.due_on == date(2026, 11, 13)


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_resolved_complaint_says_where_to_complain_further(desk, catalog, locale) -> None:
    person = Person(7100 + len(locale) + ord(locale[0]), "Aigerim", language_code=locale)
    user = await verified_user(desk, person, f"+770212{ord(locale[0]):05d}")
    at_ = at(date(2026, 11, 4))
    async with desk.sessionmaker.begin() as session:
        mine = await session.merge(user)
        complaint = await file_request(session, desk.care, mine, RequestKind.COMPLAINT, at_)
        question = await file_request(session, desk.care, mine, RequestKind.QUESTION, at_)
        for filed in (complaint, question):
            await move_and_announce(
                session,
                desk.care,
                filed.request,
                Action.RESOLVE,
                at_,
                Actor.AGENT,
                TAKER,
                reason="Answered in full",
            )
    await desk.run(at_)
    t = catalog.translator(locale)
    where = t("request-where-to-complain", where=desk.care.statement.where_to_complain(locale))
    told = [c.text for c in desk.fake.sent_to(person.id)]
    resolved_complaint = next(
        x for x in told if complaint.request.reference in x and "Answered" in x
    )
    resolved_question = next(x for x in told if question.request.reference in x and "Answered" in x)
    assert resolved_complaint.endswith(where)
    assert where not in resolved_question


async def added_without_done(desk: DeskHarness, chat, request_id: int, moment: datetime) -> None:
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, chat.person.id)
        request = await stored.get(session, request_id, lock=True)
        await intake.add_information(session, desk.care, user, request, moment, "Here")


@pytest.mark.parametrize("expire_after", [0, 10])  # 0: never expired
async def test_information_added_without_done_goes_back_to_the_agents_within_the_hour(
    sessionmaker, catalog, expire_after
) -> None:
    clocks = Clocks(expire_unanswered_after=expire_after)
    desk = DeskHarness(sessionmaker, catalog, default_locale="en", clocks=clocks)
    desk.clock.set(at(date(2026, 11, 4)))
    chat, _, request = await file_by_dialog(desk, catalog)
    await ask(desk, request.id, at(date(2026, 11, 4), 12), take=True)
    for day in (date(2026, 11, 6), date(2026, 11, 11)):  # the user is reminded
        await tick(desk, at(day))
    await added_without_done(desk, chat, request.id, at(date(2026, 11, 13), 10))
    await tick(desk, at(date(2026, 11, 13), 10, 30))  # still adding, perhaps
    assert (await row(desk, request.id)).status == RequestStatus.AWAITING_USER
    await tick(desk, at(date(2026, 11, 13), 11, 5))
    back = await row(desk, request.id)
    assert back.status == RequestStatus.IN_PROGRESS
    assert back.due_on >= date(2026, 11, 13)  # never handed back already overdue
