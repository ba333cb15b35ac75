"""Verified users for tests that start after onboarding."""

from datetime import UTC, datetime

from care.people import consent
from care.people.onboarding import verify_contact
from care.people.policies import policy_in_force
from care.people.profile import Profile
from storage.models import User
from storage.people import users
from tests.fake_telegram import Person
from tests.flow.harness import TZ, DeskHarness

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


async def verified_user(harness: DeskHarness, person: Person, phone: str) -> User:
    """Store a user who went through onboarding (the flow itself is tested elsewhere)."""
    async with harness.sessionmaker.begin() as session:
        user = await users.add_user(session, person.id, person.language_code or "ru", NOW)
        policy = await policy_in_force(session, TZ, harness.clock())
        profile = Profile(person.first_name, person.last_name, person.username)
        outcome = consent.accept(user, policy.id, policy.id, profile, NOW)
        assert outcome is consent.Acceptance.RECORDED
        result = await verify_contact(session, user, person.id, phone, profile, NOW)
        assert result.ok
        return user
