"""Withdrawing consent against a real database file: rows kept, personal data forgotten."""

from datetime import UTC, date, datetime, timedelta

from care.people import consent
from care.people.profile import Profile
from storage.people import policies, users

NOW = datetime(2026, 11, 22, 5, 30, tzinfo=UTC)
TEXTS = {loc: ("s", "b") for loc in ("kk", "ru", "en")}


async def test_withdrawing_keeps_the_record_and_forgets_the_person(sessionmaker) -> None:
    async with sessionmaker.begin() as session:
        policy_id = await policies.current_policy_id(session, date(2026, 11, 22))
        user = await users.add_user(session, 1001, "kk", NOW)
        consent.accept(user, policy_id, policy_id, Profile("Askar", "Bek", "askar"), NOW)
        user.phone, user.verified_at = "+77011234567", NOW
        await users.add_phone_conflict(session, 1001, "+77019999999", user, NOW)

    withdrawn_at = NOW + timedelta(days=1)
    async with sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, 1001)
        await consent.withdraw(session, user, withdrawn_at)

    async with sessionmaker() as session:
        user = await users.get_by_telegram_id(session, 1001)
        assert (user.telegram_id, user.language) == (1001, "kk")
        assert (user.first_name, user.last_name, user.username) == (None, None, None)
        assert (user.phone, user.verified_at) == (None, None)
        assert [(c.policy_version_id, c.withdrawn_at) for c in user.consents] == [
            (policy_id, withdrawn_at)
        ]
        assert user.active_consent is None
        assert await users.count_phone_conflicts(session, 1001) == 0


async def test_the_id_in_force_agrees_with_the_version_in_force(session) -> None:
    first = await policies.current_policy(session, date(2026, 11, 22))
    second = await policies.add_policy(session, "2.0", date(2027, 1, 1), TEXTS, NOW)
    for day, expected in [
        (date(2020, 1, 1), first.id),  # nothing in force yet: the earliest announced
        (date(2026, 12, 31), first.id),
        (date(2027, 1, 1), second.id),
    ]:
        assert await policies.current_policy_id(session, day) == expected
        assert (await policies.current_policy(session, day)).id == expected
