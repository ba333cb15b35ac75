"""The daily digest: at its local time, once a day, with figures that match the database."""

import asyncio
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.jobs import send_digest
from care.rights.announcements import move_and_announce
from care.rights.digest import gather
from care.rights.filing import file_request
from care.rights.requests import Action, running
from storage.models import Conversation, Request
from storage.vocabulary import Actor, RequestKind, RequestStatus
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, TZ, DeskHarness
from tests.flow.onboarded import verified_user

AIGUL = Person(3001, "Aigul", "Nurova", "aigul", language_code="kk")
BORIS = Person(3002, "Boris", "Petrov", "boris", language_code="ru")
CAROL = Person(3003, "Carol", "Smith", "carol", language_code="en")
AGENT = (500, "Gulnara")

DAY = date(2026, 11, 25)  # a Wednesday, no holiday near
YESTERDAY = DAY - timedelta(days=1)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ).astimezone(UTC)


NINE = local(25, 9)  # DIGEST_AT, by default 09:00 Almaty


@pytest.fixture(params=["kk", "ru", "en"])
def desk(request, sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale=request.param)


async def craft(desk: DeskHarness) -> dict[str, str]:
    """A desk with a request in every state the digest reports; {name: reference}."""
    people = {
        p.first_name: await verified_user(desk, p, f"+7702000000{i}")
        for i, p in enumerate((AIGUL, BORIS, CAROL))
    }
    refs: dict[str, str] = {}

    async def filed(name: str, who: str, kind: RequestKind, at: datetime, *moves) -> None:
        async with desk.sessionmaker.begin() as session:
            user = await session.merge(people[who])
            request = (await file_request(session, desk.care, user, kind, at)).request
            for action, when in moves:
                reason = "Not ours to answer" if action is Action.REFUSE else None
                agent = AGENT if action is Action.TAKE else None
                await move_and_announce(
                    session, desk.care, request, action, when, Actor.AGENT, agent, reason
                )
            refs[name] = request.reference

    take = (Action.TAKE, local(16, 11))
    # Access: 3 working days from Mon 16 Nov, due Thu 19: overdue by the digest.
    await filed("overdue", "Aigul", RequestKind.ACCESS, local(16, 10), take)
    # Correction: 1 working day from Tue 24: due today, and new (after yesterday's 09:00).
    await filed("due", "Aigul", RequestKind.CORRECTION, local(24, 10))
    await filed("new", "Boris", RequestKind.QUESTION, local(24, 15))
    await filed("before", "Boris", RequestKind.COMPLAINT, local(24, 8, 59))  # not new
    # Waiting for the user: their clocks stand, so never overdue meanwhile.
    ask = Action.ASK
    await filed(
        "waiting-long",
        "Carol",
        RequestKind.OBJECTION,
        local(18, 10),
        (Action.TAKE, local(18, 11)),
        (ask, local(20, 12)),
    )
    await filed(
        "waiting",
        "Boris",
        RequestKind.DELETION,
        local(23, 10),
        (Action.TAKE, local(23, 11)),
        (ask, local(23, 12)),
    )
    # Closed yesterday: one resolved, one refused, one withdrawn (late in the local evening).
    await filed(
        "resolved",
        "Carol",
        RequestKind.ACCESS,
        local(20, 10),
        (Action.TAKE, local(20, 11)),
        (Action.RESOLVE, local(24, 12)),
    )
    await filed(
        "refused", "Carol", RequestKind.COMPLAINT, local(23, 10), (Action.REFUSE, local(24, 13))
    )
    await filed(
        "withdrawn",
        "Aigul",
        RequestKind.WITHDRAWAL,
        local(17, 10),
        (Action.WITHDRAW, local(24, 23, 30)),
    )
    # Closed the day before yesterday and this morning: not "yesterday".
    await filed(
        "closed-before", "Boris", RequestKind.ACCESS, local(19, 10), (Action.RESOLVE, local(23, 18))
    )
    await filed(
        "closed-today",
        "Carol",
        RequestKind.QUESTION,
        local(24, 9, 30),
        (Action.RESOLVE, local(25, 8)),
    )
    await desk.run()  # cards go out: every user has a topic now
    return refs


async def expected_from_rows(desk: DeskHarness, now: datetime) -> dict:
    """The figures, counted here row by row, independently of the digest's queries."""
    async with desk.sessionmaker() as session:
        rows = (await session.scalars(select(Request))).all()
    today = now.astimezone(TZ).date()
    since = datetime.combine(today - timedelta(days=1), time(9), tzinfo=TZ)
    clock = running(desk.care)
    waiting = sorted(
        (r for r in rows if r.status == RequestStatus.AWAITING_USER), key=lambda r: r.paused_since
    )
    closed: dict[str, int] = {}
    for r in rows:
        if r.closed_on == today - timedelta(days=1):
            closed[r.status] = closed.get(r.status, 0) + 1
    return {
        "new": {r.reference for r in rows if since <= r.created_at < now},
        "due": {r.reference for r in rows if r.status in clock and r.due_on == today},
        "overdue": {r.reference for r in rows if r.status in clock and r.due_on < today},
        "waiting": len(waiting),
        "oldest": waiting[0].reference if waiting else None,
        "closed": closed,
    }


def digests(desk: DeskHarness, after: int = 0) -> list[str]:
    """Texts the bot sent into the admin chat's General topic (outside users' topics)."""
    return [
        call.params["text"]
        for call in desk.fake.calls[after:]
        if call.method == "sendMessage"
        and call.chat_id == ADMIN_CHAT_ID
        and "message_thread_id" not in call.params
    ]


async def tick(desk: DeskHarness, now: datetime) -> int:
    sent = await send_digest(desk.sessionmaker, desk.gate, desk.care, lambda: None, now)
    await desk.run(now)
    return sent["messages"]


async def test_the_digest_s_figures_match_the_database(desk) -> None:
    refs = await craft(desk)
    expected = await expected_from_rows(desk, NINE)
    # What the desk holds, by hand: the rows agree with the story told in craft().
    assert expected["new"] == {refs["due"], refs["new"], refs["closed-today"]}
    assert expected["due"] == {refs["due"]}
    assert expected["overdue"] == {refs["overdue"]}
    assert (expected["waiting"], expected["oldest"]) == (2, refs["waiting-long"])
    assert expected["closed"] == {"resolved": 1, "refused": 1, "withdrawn": 1}

    async with desk.sessionmaker() as session:
        found = await gather(session, desk.care, NINE)
    assert {r.reference for r in found.new.shown} == expected["new"]
    assert found.new.total == len(expected["new"])
    assert {r.reference for r in found.due_today.shown} == expected["due"]
    assert {r.reference for r in found.overdue.shown} == expected["overdue"]
    assert found.waiting.total == expected["waiting"]
    assert found.waiting.shown[0].reference == expected["oldest"]
    assert found.closed_yesterday == expected["closed"]

    before = len(desk.fake.calls)
    assert await tick(desk, NINE) == 1
    [text] = digests(desk, before)
    t = desk.care.admin_t
    for name in ("overdue", "due", "new", "closed-today", "waiting-long"):
        assert refs[name] in text
    for name in ("before", "waiting", "resolved", "refused", "withdrawn", "closed-before"):
        assert refs[name] not in text  # counted, not listed (or not concerned at all)
    assert t("digest-new", since="24.11.2026 09:00", count=3) in text
    assert t("digest-due-today", count=1) in text
    assert t("digest-overdue", count=1) in text
    assert t("digest-waiting", count=2) in text
    closed = t("digest-closed", count=3, resolved=1, refused=1, withdrawn=1, expired=0)
    assert closed in text
    # Each listed request links to its user's topic.
    async with desk.sessionmaker() as session:
        rows = {r.reference: r for r in (await session.scalars(select(Request))).all()}
        threads = {c.user_id: c.thread_id for c in await session.scalars(select(Conversation))}
    listed = ("overdue", "due", "new", "closed-today", "waiting-long")
    for line in text.splitlines():
        if found := [name for name in listed if refs[name] in line]:
            thread = threads[rows[refs[found[0]]].user_id]
            assert line.endswith(f"https://t.me/c/1234567890/{thread}"), line
    assert len(re.findall(r"https://t\.me/c/1234567890/\d+", text)) == 6
    # In the admin language: the header and the kinds are translated.
    assert t("request-kind-access") in text and t("overdue-unassigned") in text
    [settled] = [line for line in text.splitlines() if refs["closed-today"] in line]
    assert t("digest-settled") in settled  # new, and closed already: no assignee shown
    call = next(c for c in desk.fake.calls[before:] if c.method == "sendMessage")
    assert call.params["link_preview_options"]["is_disabled"]


async def test_sent_once_a_day_at_its_local_time_also_after_a_restart(desk, catalog) -> None:
    assert await tick(desk, local(25, 8, 55)) == 0  # 08:55 in Almaty: too early
    assert await tick(desk, NINE) == 1  # an empty desk still gets its (short) digest
    assert await tick(desk, local(25, 9, 5)) == 0  # the next tick: already sent
    restarted = DeskHarness(
        desk.sessionmaker, catalog, default_locale=desk.care.admin_locale, fake=desk.fake
    )
    assert await tick(restarted, local(25, 15)) == 0  # a restart does not repeat it
    assert await tick(restarted, local(26, 8, 59)) == 0
    assert await tick(restarted, local(26, 9)) == 1  # the next local day
    assert len(digests(desk)) == 2


async def test_a_bot_started_late_sends_the_day_s_digest_at_once(desk) -> None:
    assert await tick(desk, local(25, 15)) == 1
    [text] = digests(desk)
    t = desk.care.admin_t
    assert t("digest-new", since="24.11.2026 09:00", count=0) in text


async def test_no_digest_when_it_is_off(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, digest_at=None)
    assert await tick(desk, NINE) == 0
    assert await tick(desk, local(25, 23, 59)) == 0
    assert digests(desk) == []


async def test_a_long_digest_is_split_and_lists_what_it_cannot_show(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="en")
    user = await verified_user(desk, AIGUL, "+77020000001")
    async with desk.sessionmaker.begin() as session:
        session.add_all(
            Request(
                reference=f"Q-2026-{n:06d}",
                user_id=user.id,
                subject_hash="x",
                kind="question",
                status="new",
                language="en",
                created_at=local(10, 10),
                received_on=date(2026, 11, 10),
                deadline_days=3,
                due_on=date(2026, 11, 13),
            )
            for n in range(1, 81)
        )
    before = len(desk.fake.calls)
    assert await tick(desk, NINE) >= 1
    texts = digests(desk, before)
    assert all(len(text) <= 4096 for text in texts)
    joined = "\n".join(texts)
    assert desk.care.admin_t("digest-overdue", count=80) in joined
    assert desk.care.admin_t("digest-more", count=50) in joined


async def test_two_replicas_ticking_at_once_send_one_digest(sessionmaker, catalog) -> None:
    one = DeskHarness(sessionmaker, catalog, serial=False)
    two = DeskHarness(sessionmaker, catalog, serial=False, fake=one.fake)
    sent = await asyncio.gather(
        *(send_digest(d.sessionmaker, d.gate, d.care, lambda: None, NINE) for d in (one, two))
    )
    assert sorted(s["messages"] for s in sent) == [0, 1]
    await one.run(NINE)
    await two.run(NINE)
    assert len(digests(one)) == 1
