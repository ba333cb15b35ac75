"""Retention removes exactly what it should, and nothing else."""

import logging
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.jobs import keep_only_what_is_needed
from bot.scheduler import Ticks
from care.people import consent
from care.rights.announcements import move_and_announce
from care.rights.filing import file_request
from care.rights.requests import Action
from storage.models import (
    CareLogEntry,
    Consent,
    Conversation,
    FsmRecord,
    MessagePair,
    OutboxEntry,
    PhoneConflict,
    PolicyVersion,
    Request,
    SentMark,
    User,
)
from storage.people import users
from storage.vocabulary import Actor, RequestKind
from tests.fake_telegram import Person
from tests.flow.disk import ON_SQLITE_FILES, left_on_disk
from tests.flow.harness import AGENT, DeskHarness
from tests.flow.onboarded import NOW as ONBOARDED
from tests.flow.onboarded import verified_user

NOW = datetime(2027, 12, 1, 3, 0, tzinfo=UTC)  # 08:00 in Almaty


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def seed(desk: DeskHarness) -> dict[str, int]:
    """Users in every situation retention distinguishes; {name: user id}."""
    ids: dict[str, int] = {}
    async with desk.sessionmaker.begin() as session:
        policy = await session.scalar(select(PolicyVersion.id))

        def user(name: str, telegram_id: int, created: datetime, verified: bool = True, **kw):
            row = User(
                telegram_id=telegram_id,
                language="ru",
                first_name=name,
                phone=f"+7701{telegram_id:07d}" if verified else None,
                verified_at=created if verified else None,
                created_at=created,
                **kw,
            )
            session.add(row)
            return row

        def talk(row: User, opened: datetime, closed: datetime | None, lines: list[datetime]):
            session.add(Conversation(user_id=row.id, opened_at=opened, closed_at=closed))
            for at in lines:
                session.add_all(
                    [
                        CareLogEntry(
                            at=at,
                            user_id=row.id,
                            direction="in",
                            content_type="photo",
                            text="my passport number is 123",
                            file_ids=["AgAD-photo"],
                        ),
                        MessagePair(
                            user_id=row.id, direction="in", user_message_id=1, created_at=at
                        ),
                    ]
                )

        people = {
            "recent": user("Recent", 11, ago(800)),
            "old": user("Old", 12, ago(800)),
            "open": user("Open", 13, ago(800)),
            "pending": user("Pending", 14, ago(800)),
            "unfinished": user("Unfinished", 21, ago(40), verified=False),
            "newcomer": user("Newcomer", 22, ago(10), verified=False),
            "consented": user("Consented", 23, ago(40), verified=False),
            "erased": user("Erased", -24, ago(400), verified=False, erased_at=ago(300)),
        }
        await session.flush()
        ids = {name: row.id for name, row in people.items()}
        talk(people["recent"], ago(500), ago(100), [ago(400), ago(101)])
        talk(people["old"], ago(800), ago(400), [ago(700), ago(401)])
        session.add(  # a line after closing, e.g. a notice: younger than the period, it stays
            CareLogEntry(
                at=ago(50), user_id=ids["old"], direction="bot", content_type="text", text="hi"
            )
        )
        talk(people["open"], ago(800), None, [ago(700)])
        talk(people["pending"], ago(800), ago(400), [ago(700)])
        session.add(
            Request(
                reference="Q-2026-000001",
                user_id=ids["pending"],
                subject_hash="h",
                kind="access",
                status="awaiting_user",
                language="ru",
                created_at=ago(450),
                received_on=date(2026, 8, 1),
                deadline_days=3,
                due_on=date(2026, 8, 5),
                details="still open",
            )
        )
        session.add(  # a depersonalized record of an erased user stays
            Request(
                reference="Q-2026-000002",
                user_id=ids["erased"],
                subject_hash="h2",
                kind="deletion",
                status="resolved",
                language="ru",
                created_at=ago(310),
                received_on=date(2026, 11, 1),
                deadline_days=1,
                due_on=date(2026, 11, 2),
                closed_at=ago(300),
            )
        )
        for name, accepted in (("unfinished", ago(39)), ("consented", ago(5))):
            session.add(Consent(user_id=ids[name], policy_version_id=policy, accepted_at=accepted))
        session.add_all(
            [
                FsmRecord(key="fsm:21:21:default", state="Onboarding:phone", data={}),
                FsmRecord(key="fsm:22:22:default", state="Onboarding:phone", data={}),
                PhoneConflict(
                    telegram_id=21,
                    phone="+77010000011",
                    owner_user_id=ids["recent"],
                    attempted_at=ago(35),
                ),
                OutboxEntry(
                    lane="chat:21",
                    priority=0,
                    kind="call",
                    payload={},
                    user_id=None,
                    created_at=ago(35),
                    not_before=ago(35),
                ),
                OutboxEntry(
                    lane="chat:22",
                    priority=0,
                    kind="call",
                    payload={},
                    user_id=ids["newcomer"],
                    created_at=ago(5),
                    not_before=ago(5),
                ),
                SentMark(key="digest:2027-09-01", at=ago(91)),
                SentMark(key="digest:2027-11-30", at=ago(1)),
            ]
        )
    return ids


async def contents(desk: DeskHarness, user_id: int) -> list[tuple[str | None, list[str]]]:
    async with desk.sessionmaker() as session:
        rows = await session.execute(
            select(CareLogEntry.text, CareLogEntry.file_ids)
            .where(CareLogEntry.user_id == user_id)
            .order_by(CareLogEntry.at)
        )
        return [(text, list(files)) for text, files in rows]


async def count(desk: DeskHarness, model, *where) -> int:
    async with desk.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def run(desk: DeskHarness, now: datetime = NOW):
    return await keep_only_what_is_needed(
        desk.sessionmaker, desk.gate, desk.care, lambda: None, now
    )


SAID = ("my passport number is 123", ["AgAD-photo"])
PURGED = (None, [])


async def test_retention_removes_exactly_what_it_should(desk, caplog) -> None:
    ids = await seed(desk)
    tick = Ticks().tracked(keep_only_what_is_needed, "retention")
    with caplog.at_level(logging.INFO, logger="bot.scheduler"):
        purged = await tick(desk.sessionmaker, desk.gate, desk.care, lambda: None, NOW)
    assert (purged.log_lines, purged.pairs, purged.users, purged.marks) == (2, 2, 1, 1)
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.scheduler"]
    expected = r"tick retention: log_lines=2 pairs=2 users=1 marks=1 done=True ms=\d+"
    assert re.fullmatch(expected, line)

    # Closed 400 days ago: what was said goes, who spoke when stays; the later notice stays.
    assert await contents(desk, ids["old"]) == [PURGED, PURGED, ("hi", [])]
    assert await count(desk, MessagePair, MessagePair.user_id == ids["old"]) == 0
    # Closed 100 days ago (even its 400-day-old lines), open, or with an open request: untouched.
    assert await contents(desk, ids["recent"]) == [SAID, SAID]
    assert await contents(desk, ids["open"]) == [SAID]
    assert await contents(desk, ids["pending"]) == [SAID]
    for name in ("recent", "open", "pending"):
        assert await count(desk, MessagePair, MessagePair.user_id == ids[name]) > 0

    # The unfinished, inactive user is gone with everything keyed by them ...
    assert await count(desk, User, User.id == ids["unfinished"]) == 0
    assert await count(desk, Consent, Consent.user_id == ids["unfinished"]) == 0
    assert await count(desk, FsmRecord, FsmRecord.key.like("fsm:21:%")) == 0
    assert await count(desk, PhoneConflict, PhoneConflict.telegram_id == 21) == 0
    assert await count(desk, OutboxEntry, OutboxEntry.lane == "chat:21") == 0
    # ... and nobody else: a newcomer, one who consented lately, the verified, the erased.
    for name in ("newcomer", "consented", "erased", "recent", "old", "open", "pending"):
        assert await count(desk, User, User.id == ids[name]) == 1, name
    assert await count(desk, FsmRecord, FsmRecord.key.like("fsm:22:%")) == 1
    assert await count(desk, OutboxEntry, OutboxEntry.lane == "chat:22") == 1
    assert await count(desk, Request) == 2  # request records are never touched
    async with desk.sessionmaker() as session:
        assert (await session.get(Request, 1)).details == "still open"
        kept = (await session.scalars(select(SentMark.key).order_by(SentMark.key))).all()
        assert kept == ["digest:2027-11-30", "retention:2027-12-01"]


@ON_SQLITE_FILES
async def test_what_retention_removed_is_not_left_in_the_database_files(desk, engine) -> None:
    await seed(desk)
    database = Path(engine.url.database)
    gone = ["Unfinished", "fsm:21:21"]  # the removed user, the state of their dialog
    assert left_on_disk(database, gone)
    assert (await run(desk)).users == 1
    assert left_on_disk(database, gone) == []


async def test_it_runs_once_a_local_day_and_a_second_run_finds_nothing(desk) -> None:
    await seed(desk)
    assert (await run(desk)).users == 1
    again = await run(desk, NOW + timedelta(hours=1))
    assert not again.done and again.users == 0
    tomorrow = await run(desk, NOW + timedelta(days=1))
    assert tomorrow.done
    assert (tomorrow.log_lines, tomorrow.pairs, tomorrow.users) == (0, 0, 0)  # nothing twice


async def test_zero_keeps_everything(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, care_log_retention_days=0, unfinished_user_days=0)
    ids = await seed(desk)
    purged = await run(desk)
    assert (purged.log_lines, purged.pairs, purged.users) == (0, 0, 0)
    assert await contents(desk, ids["old"]) == [SAID, SAID, ("hi", [])]
    assert await count(desk, User, User.id == ids["unfinished"]) == 1


async def test_the_unfinished_user_period_is_a_setting(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, unfinished_user_days=3)
    ids = await seed(desk)
    assert (await run(desk)).users == 3  # the newcomer (10 days) and the consent of 5 days too
    for name in ("unfinished", "newcomer", "consented"):
        assert await count(desk, User, User.id == ids[name]) == 0
    assert await count(desk, User) == 5  # the verified four and the erased one


async def test_a_person_who_owns_a_request_record_is_never_removed(desk) -> None:
    """A verified user files a request, it is answered, then they decline a newer policy
    version: their phone and verification go, so they look like someone who never finished
    onboarding, long inactive. Removing them would cascade to their request records, the
    operator's proof of how the request was handled: they stay, and so do the records."""
    person = Person(7301, "Aliya", "Seitkali", "aliya_s", language_code="ru")
    user = await verified_user(desk, person, "+77017300001")
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_id(session, user.id)
        filed = await file_request(session, desk.care, user, RequestKind.QUESTION, ONBOARDED, "?")
        agent = (AGENT.id, AGENT.first_name)
        answered = ONBOARDED + timedelta(days=1)
        await move_and_announce(
            session, desk.care, filed.request, Action.RESOLVE, answered, Actor.AGENT, agent
        )
        await consent.withdraw(session, user, ONBOARDED + timedelta(days=20))  # "I don't agree"
        # and one who really never finished, to show that retention ran
        session.add(User(telegram_id=7302, language="ru", created_at=ONBOARDED))
    assert timedelta(days=desk.care.unfinished_user_days + 20) < NOW - ONBOARDED

    purged = await run(desk)

    assert purged.users == 1 and await count(desk, User, User.telegram_id == 7302) == 0
    async with desk.sessionmaker() as session:
        kept = await users.get_by_id(session, user.id)
        assert kept is not None and kept.verified_at is None and kept.phone is None
        records = (await session.scalars(select(Request).where(Request.user_id == user.id))).all()
    assert [(r.reference, r.status) for r in records] == [(filed.request.reference, "resolved")]
