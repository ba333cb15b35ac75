"""The operator's figures, counted by the database, for a crafted set of requests."""

from datetime import UTC, date, datetime, time
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from care.common.desk import Desk
from care.rights.stats import figures, parse_period
from storage.models import Request
from storage.people import users
from storage.rights.stats import KindCounts

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)  # 11:00 on Friday 20 November in Almaty
numbers = count(1)


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ALMATY).astimezone(UTC)


def request(
    user_id: int,
    kind: str,
    status: str,
    received: date,
    due: date,
    closed: datetime | None = None,
    days: int | None = None,
    created: datetime | None = None,
) -> Request:
    number = next(numbers)
    return Request(
        reference=f"Q-2026-{number:06d}",
        user_id=user_id,
        subject_hash="0" * 64,
        kind=kind,
        status=status,
        language="ru",
        created_at=created or local(received),
        received_on=received,
        deadline_days=1,
        paused_days=0,
        due_on=due,
        data={},
        closed_at=closed,
        closed_on=closed.astimezone(ALMATY).date()
        if closed
        else None,  # as care.rights.requests.move
        closed_working_days=days,
    )


def d(month: int, day: int) -> date:
    return date(2026, month, day)


@pytest.fixture
async def crafted(session) -> None:
    user = await users.add_user(session, 7001, "ru", NOW)
    uid = user.id
    session.add_all(
        [
            # access
            request(uid, "access", "resolved", d(11, 2), d(11, 5), local(d(11, 4)), 2),
            request(uid, "access", "refused", d(11, 3), d(11, 6), local(d(11, 9)), 4),  # late
            request(uid, "access", "in_progress", d(11, 10), d(11, 13)),  # overdue now
            request(uid, "access", "resolved", d(10, 20), d(10, 23), local(d(11, 2)), 9),  # late
            request(uid, "access", "new", d(11, 19), d(11, 24)),  # open, not due yet
            # deletion
            request(uid, "deletion", "resolved", d(11, 2), d(11, 3), local(d(11, 3)), 1),
            request(uid, "deletion", "withdrawn", d(11, 5), d(11, 6), local(d(11, 5)), 0),
            # closed at 01:00 on 1 December in Almaty (still 30 November in UTC): not November
            request(
                uid,
                "deletion",
                "resolved",
                d(11, 5),
                d(11, 6),
                datetime(2026, 11, 30, 20, 0, tzinfo=UTC),
                17,
            ),
            request(uid, "deletion", "new", d(10, 1), d(10, 2)),  # overdue since October
            # question
            request(
                uid,
                "question",
                "expired",
                d(11, 1),
                d(11, 4),
                local(d(11, 20), 9),
                2,
                created=datetime(2026, 10, 31, 19, 30, tzinfo=UTC),  # 00:30 on 1 November
            ),
            # closed at 23:59 on 31 October in Almaty: not November
            request(uid, "question", "resolved", d(10, 28), d(10, 31), local(d(10, 31), 23, 59), 3),
            # answered at 23:30 on its due date: on time
            request(uid, "question", "resolved", d(11, 2), d(11, 5), local(d(11, 5), 23, 30), 3),
        ]
    )
    await session.flush()


@pytest.fixture
def desk(catalog) -> Desk:
    return Desk(admin_chat_id=-1001234567890, catalog=catalog, tz=ALMATY)


async def test_counts_per_kind_and_in_total(session, crafted, desk) -> None:
    period = parse_period("2026-11", NOW.date())
    found = await figures(session, desk, period, NOW)
    assert set(found) == {"access", "deletion", "question", "total"}  # kinds with figures
    assert found["access"].counts == KindCounts(
        received=4,
        resolved=2,
        refused=1,
        answered_on_time=1,
        answered_late=2,
        open_overdue=1,
    )
    assert found["deletion"].counts == KindCounts(
        received=3, resolved=1, withdrawn=1, answered_on_time=1, open_overdue=1
    )
    assert found["question"].counts == KindCounts(
        received=2, resolved=1, expired=1, answered_on_time=1
    )
    assert found["total"].counts == KindCounts(
        received=9,
        resolved=4,
        refused=1,
        withdrawn=1,
        expired=1,
        answered_on_time=3,
        answered_late=2,
        open_overdue=2,
    )


async def test_time_to_answer_counts_answers_only(session, crafted, desk) -> None:
    found = await figures(session, desk, parse_period("2026-11", NOW.date()), NOW)
    access = found["access"]
    assert access.histogram == {2: 1, 4: 1, 9: 1}
    assert (access.median, access.p90) == (4, pytest.approx(8))
    assert found["deletion"].histogram == {1: 1}  # not the withdrawal
    assert found["question"].histogram == {3: 1}  # not the expired one
    total = found["total"]
    assert total.histogram == {1: 1, 2: 1, 3: 1, 4: 1, 9: 1}
    assert (total.median, total.p90) == (3, pytest.approx(7))
    assert total.answered == 5


async def test_another_period_sees_other_rows(session, crafted, desk) -> None:
    found = await figures(session, desk, parse_period("2026-10", NOW.date()), NOW)
    total = found["total"].counts
    assert (total.received, total.resolved, total.answered_on_time) == (3, 1, 1)
    assert total.open_overdue == 2  # today's figure, whatever the period
    december = await figures(session, desk, parse_period("2026-12", NOW.date()), NOW)
    assert december["deletion"].counts.resolved == 1  # closed on 1 December, local time
    assert december["deletion"].histogram == {17: 1}


async def test_an_empty_database_has_zero_everywhere(session, desk) -> None:
    found = await figures(session, desk, parse_period(None, NOW.date()), NOW)
    assert set(found) == {"total"}
    assert found["total"].empty and found["total"].median is None
