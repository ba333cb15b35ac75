from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from care.people.policies import seed_first_policy
from storage.engine import build_engine
from storage.migrate import upgrade_to_head
from storage.people import policies, users
from tests.conftest import POLICY_FILE, database_url

NOW = datetime(2026, 11, 22, 5, 30, tzinfo=UTC)


async def test_times_come_back_aware_utc(session) -> None:
    almaty = datetime(2026, 11, 22, 10, 30, tzinfo=ZoneInfo("Asia/Almaty"))
    user = await users.add_user(session, 10**12, "kk", almaty)  # ids beyond 32 bits
    await session.commit()
    session.expunge_all()
    again = await users.get_by_telegram_id(session, 10**12)
    assert again.created_at == almaty and again.created_at.tzinfo is not None
    assert again.created_at.utcoffset() == timedelta(0)
    assert again.id == user.id


async def test_telegram_id_is_unique(session) -> None:
    await users.add_user(session, 1, "ru", NOW)
    with pytest.raises(IntegrityError):
        await users.add_user(session, 1, "en", NOW)


async def test_a_phone_belongs_to_one_user(session) -> None:
    first = await users.add_user(session, 1, "ru", NOW)
    second = await users.add_user(session, 2, "ru", NOW)
    first.phone = "+77011234567"
    await session.flush()
    assert (await users.get_by_phone(session, "+77011234567")).id == first.id
    second.phone = "+77011234567"
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_consents_and_conflicts_are_kept(session) -> None:
    policy = await policies.current_policy(session, date(2026, 11, 22))
    owner = await users.add_user(session, 1, "ru", NOW)
    users.add_consent(owner, policy.id, NOW)
    await users.add_phone_conflict(session, 2, "+77011234567", owner, NOW)
    await session.commit()
    session.expunge_all()
    again = await users.get_by_telegram_id(session, 1)
    assert again.active_consent.policy_version.version == "1.0"
    assert await users.count_phone_conflicts(session, 2) == 1


async def test_policy_in_force_is_picked_by_date(session) -> None:
    texts = {loc: ("s", "b") for loc in ("kk", "ru", "en")}
    await policies.add_policy(session, "2.0", date(2027, 1, 1), texts, NOW)
    assert (await policies.current_policy(session, date(2026, 12, 31))).version == "1.0"
    assert (await policies.current_policy(session, date(2027, 1, 1))).version == "2.0"


async def test_seeding_happens_once(session) -> None:
    from care.people.policies import load_policy_file

    assert not await seed_first_policy(session, load_policy_file(POLICY_FILE), NOW)


async def test_sqlite_files_get_their_folder_wal_and_foreign_keys(tmp_path) -> None:
    if not database_url().startswith("sqlite"):
        pytest.skip("SQLite only")
    path = tmp_path / "nested" / "qamqor.db"
    engine = build_engine(f"sqlite+aiosqlite:///{path}")
    await upgrade_to_head(engine)
    async with engine.connect() as connection:
        assert (await connection.scalar(text("PRAGMA journal_mode"))) == "wal"
        assert (await connection.scalar(text("PRAGMA foreign_keys"))) == 1
    await engine.dispose()
    assert path.exists()
