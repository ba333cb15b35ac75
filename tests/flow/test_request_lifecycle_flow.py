"""The request record through the real outbox: filing, its card, status notices, clocks."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.jobs import chase
from care.rights.announcements import announce, move_and_announce
from care.rights.filing import file_request
from care.rights.requests import Action, Moved, move
from storage.models import OutboxEntry
from storage.rights import requests as stored
from storage.vocabulary import Actor, RequestKind, RequestStatus
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness
from tests.flow.onboarded import verified_user

DANA = Person(2001, "Dana", "Omarova", "dana", language_code="kk")
MONDAY = datetime(2026, 3, 16, 5, 0, tzinfo=UTC)  # 10:00 in Almaty


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def test_filing_numbers_the_request_counts_its_clock_and_posts_a_card(desk) -> None:
    user = await verified_user(desk, DANA, "+77021234567")
    async with desk.sessionmaker.begin() as session:
        user = await session.merge(user)
        filed = await file_request(
            session, desk.care, user, RequestKind.ACCESS, MONDAY, details="What do you hold?"
        )
        assert filed.created
        request = filed.request
        # Access: 3 working days from Monday 16 March 2026, across Nauryz (21-23 March).
        assert request.reference == "Q-2026-000001"
        assert request.due_on.isoformat() == "2026-03-19"
        assert request.language == "kk"
    await desk.run()
    reply = desk.fake.sent_to(DANA.id)[-1].text
    assert "Q-2026-000001" in reply and "19 наурыз" in reply
    card = desk.fake.sent_to(ADMIN_CHAT_ID)[-1]
    assert "Q-2026-000001" in card.text and "What do you hold?" in card.text
    assert card.params["reply_markup"]  # Take / Refuse / Prepare the report

    async with desk.sessionmaker.begin() as session:
        again = await file_request(
            session, desk.care, await session.merge(user), RequestKind.ACCESS, MONDAY
        )
        assert not again.created and again.request.reference == "Q-2026-000001"


async def test_moves_edit_the_card_in_place_and_tell_the_user_why(desk) -> None:
    user = await verified_user(desk, DANA, "+77021234567")
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(
            session, desk.care, await session.merge(user), RequestKind.COMPLAINT, MONDAY
        )
        request_id = filed.request.id
    await desk.run()
    card_id = desk.fake.sent_to(ADMIN_CHAT_ID)[-1].result["message_id"]

    async with desk.sessionmaker.begin() as session:
        request = await stored.get(session, request_id)
        await move_and_announce(
            session, desk.care, request, Action.TAKE, MONDAY, Actor.AGENT, (500, "Gulnara")
        )
        await move_and_announce(
            session,
            desk.care,
            request,
            Action.REFUSE,
            MONDAY,
            Actor.AGENT,
            (500, "Gulnara"),
            reason="Not our service",
        )
    await desk.run()
    # The request card (the user card above it is edited too: its open requests changed).
    edits = [c for c in desk.fake.calls_of("editMessageText") if c.params["text"].startswith("📋")]
    assert edits and all(call.params["message_id"] == str(card_id) for call in edits)
    told = desk.fake.sent_to(DANA.id)[-1].text
    assert "Not our service" in told and "eotinish.kz" in told  # why, and where to complain

    async with desk.sessionmaker() as session:
        history = await stored.history(session, request_id)
    assert [(e.action, e.to_status) for e in history] == [
        ("file", RequestStatus.NEW),
        ("take", RequestStatus.IN_PROGRESS),
        ("refuse", RequestStatus.REFUSED),
    ]


async def test_a_move_records_the_step_and_its_announcement_tells_the_user(desk) -> None:
    user = await verified_user(desk, DANA, "+77021234567")
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(
            session, desk.care, await session.merge(user), RequestKind.QUESTION, MONDAY
        )
        request = filed.request
    await desk.run()

    async def outbox(session) -> list[str]:
        return list(await session.scalars(select(OutboxEntry.kind).order_by(OutboxEntry.id)))

    async with desk.sessionmaker.begin() as session:
        request = await stored.get(session, request.id)
        before = await outbox(session)
        moved = await move(session, desk.care, request, Action.TAKE, MONDAY, Actor.AGENT, (5, "G"))
        assert moved == Moved(request, RequestStatus.NEW, RequestStatus.IN_PROGRESS)
        assert request.status == RequestStatus.IN_PROGRESS and request.assignee_name == "G"
        await session.flush()
        assert await outbox(session) == before  # nobody is told by the move itself
        await announce(session, desk.care, moved, MONDAY)
        assert len(await outbox(session)) == len(before) + 2  # the user's notice, the card
    await desk.run()
    assert "Q-2026-000001" in desk.fake.sent_to(DANA.id)[-1].text
    async with desk.sessionmaker() as session:
        history = await stored.history(session, request.id)
    assert [(e.action, e.to_status) for e in history][-1] == ("take", RequestStatus.IN_PROGRESS)


async def test_waiting_for_the_user_pauses_the_clock(desk) -> None:
    user = await verified_user(desk, DANA, "+77021234567")
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(
            session, desk.care, await session.merge(user), RequestKind.CORRECTION, MONDAY
        )
        request = filed.request
        assert request.due_on.isoformat() == "2026-03-17"
        await move_and_announce(
            session, desk.care, request, Action.TAKE, MONDAY, Actor.AGENT, (500, "G")
        )
        await move_and_announce(
            session, desk.care, request, Action.ASK, MONDAY, Actor.AGENT, (500, "G")
        )
        # The user answers on Wednesday: two working days waited (Tue, Wed).
        await move_and_announce(
            session, desk.care, request, Action.ANSWER, MONDAY + timedelta(days=2), Actor.USER
        )
        assert request.paused_days == 2
        assert request.due_on.isoformat() == "2026-03-19"


async def test_references_are_unique_under_concurrent_filing(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, serial=False)
    people = [Person(3000 + i, f"P{i}", None, None, language_code="ru") for i in range(6)]
    stored_users = [
        await verified_user(desk, person, f"+7701555{i:04d}") for i, person in enumerate(people)
    ]

    async def file_one(user) -> str:
        async with desk.gate.passage(), desk.sessionmaker.begin() as session:
            user = await session.merge(user)
            filed = await file_request(session, desk.care, user, RequestKind.QUESTION, MONDAY)
            return filed.request.reference

    references = await asyncio.gather(*(file_one(user) for user in stored_users))
    assert len(set(references)) == len(references) == 6


async def test_a_request_the_user_never_answers_expires_and_the_user_is_told(desk) -> None:
    user = await verified_user(desk, DANA, "+77021234567")
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(
            session, desk.care, await session.merge(user), RequestKind.OBJECTION, MONDAY
        )
        request = filed.request
        await move_and_announce(
            session, desk.care, request, Action.TAKE, MONDAY, Actor.AGENT, (500, "G")
        )
        await move_and_announce(
            session, desk.care, request, Action.ASK, MONDAY, Actor.AGENT, (500, "G")
        )
        request_id = request.id
    # Nine working days later (Nauryz 21-25 March does not count) it still waits ...
    nine = datetime(2026, 4, 1, 5, 0, tzinfo=UTC)
    assert (await chase(desk.sessionmaker, desk.gate, desk.care, lambda: None, nine)).expired == 0
    # ... on the tenth it is closed as expired, and the user hears it in the appeal's language.
    ten = datetime(2026, 4, 2, 5, 0, tzinfo=UTC)
    assert (await chase(desk.sessionmaker, desk.gate, desk.care, lambda: None, ten)).expired == 1
    await desk.run()
    async with desk.sessionmaker() as session:
        assert (await stored.get(session, request_id)).status == RequestStatus.EXPIRED
    assert "жабылды" in desk.fake.sent_to(DANA.id)[-1].text
    assert (await chase(desk.sessionmaker, desk.gate, desk.care, lambda: None, ten)).expired == 0
