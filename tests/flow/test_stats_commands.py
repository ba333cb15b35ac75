"""`/stats` and `/overdue` in the admin chat, through the production dispatcher."""

from datetime import timedelta

import pytest

from bot.clock import wall_clock
from care.rights.announcements import move_and_announce
from care.rights.filing import file_request
from care.rights.requests import Action, local_day
from storage.rights import requests as stored
from storage.vocabulary import Actor, RequestKind
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness
from tests.flow.onboarded import verified_user

DANA = Person(2001, "Dana", "Omarova", "dana", language_code="kk")
AGENT = (500, "Gulnara")


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def file(desk: DeskHarness, user, kind: RequestKind, when) -> int:
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(session, desk.care, await session.merge(user), kind, when)
        return filed.request.id


async def an_overdue_and_an_answered_request(desk: DeskHarness) -> tuple[int, int]:
    """An access request filed 40 days ago and still open; a question answered today."""
    user = await verified_user(desk, DANA, "+77021234567")
    now = wall_clock()
    late = await file(desk, user, RequestKind.ACCESS, now - timedelta(days=40))
    answered = await file(desk, user, RequestKind.QUESTION, now)
    async with desk.sessionmaker.begin() as session:
        request = await stored.get(session, answered)
        await move_and_announce(session, desk.care, request, Action.TAKE, now, Actor.AGENT, AGENT)
        await move_and_announce(
            session, desk.care, request, Action.RESOLVE, now, Actor.AGENT, AGENT
        )
        assert request.closed_on == local_day(desk.care, now)
        assert request.closed_working_days == 0
    await desk.run()
    return late, answered


def replies_in_general(desk: DeskHarness) -> list[str]:
    return [
        call.text
        for call in desk.fake.sent_to(ADMIN_CHAT_ID)
        if "message_thread_id" not in call.messages[0]
    ]


async def test_stats_in_general_counts_this_month(desk) -> None:
    await an_overdue_and_an_answered_request(desk)
    desk.agent_says(None, "/stats")
    await desk.run()
    text = replies_in_general(desk)[-1]
    assert text.startswith("📊 Requests from")
    total, *kinds = text.split("\n\n")[1:-1]
    assert total.splitlines() == [
        "All types",
        "received 1 · resolved 1 · refused 0 · withdrawn 0 · expired 0",
        "overdue: 1 open now past the due date · 0 answered after the due date",
        "time to answer in working days: median 0, 90th percentile 0 · on time 100% (1 of 1)",
    ]
    assert [block.splitlines()[0] for block in kinds] == ["Access to my data", "Question"]
    assert "time to answer: no answers in this period" in kinds[0]


async def test_overdue_lists_open_requests_past_due_with_their_topic(desk) -> None:
    late, _ = await an_overdue_and_an_answered_request(desk)
    thread_id = desk.fake.calls_of("createForumTopic")[-1].result["message_thread_id"]
    desk.agent_says(None, "/overdue")
    await desk.run()
    text = replies_in_general(desk)[-1]
    async with desk.sessionmaker() as session:
        request = await stored.get(session, late)
    header, line = text.splitlines()
    assert header == "⚠️ Overdue requests: 1"
    assert line.startswith(f"{request.reference} · Access to my data · due ")
    assert "working days overdue · not taken · " in line
    assert line.endswith(f"https://t.me/c/1234567890/{thread_id}")

    async with desk.sessionmaker.begin() as session:
        request = await stored.get(session, late)
        await move_and_announce(
            session, desk.care, request, Action.TAKE, wall_clock(), Actor.AGENT, AGENT
        )
    desk.agent_says(thread_id, "/overdue")  # in the user's topic too, answered there
    await desk.run()
    reply = desk.topic_posts(thread_id)[-1]
    assert " · Gulnara · " in reply.text
    assert desk.fake.sent_to(DANA.id)[-1].text != "/overdue"  # nothing relayed to the user


async def test_nothing_overdue_and_a_malformed_period_in_a_topic(desk) -> None:
    desk.agent_says(None, "/overdue")
    desk.agent_says(None, "/stats")
    await desk.run()
    nothing, empty = replies_in_general(desk)[-2:]
    assert nothing.startswith("✅ Nothing is overdue")
    assert empty.endswith(
        "No requests were received or closed in this period, and nothing is overdue."
    )

    await an_overdue_and_an_answered_request(desk)
    thread_id = desk.fake.calls_of("createForumTopic")[-1].result["message_thread_id"]
    relayed = len(desk.fake.sent_to(DANA.id))
    desk.agent_says(thread_id, "/stats last week")
    desk.agent_says(thread_id, "/stats 2026-01-01..2026-03-31")
    await desk.run()
    usage, quarter = (call.text for call in desk.topic_posts(thread_id)[-2:])
    assert usage.startswith("Usage: /stats — this month to date;")
    assert quarter.startswith("📊 Requests from 1 January 2026 to 31 March 2026")
    assert len(desk.fake.sent_to(DANA.id)) == relayed  # commands are never relayed
