"""Onboarding: language, consent to the policy, phone verification."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from care.people.consent import Standing, standing
from care.people.phones import ContactCheck, PhoneVerdict, check_contact
from care.people.profile import Profile, remember_profile
from storage.models import User
from storage.people import users


class Stage(StrEnum):
    LANGUAGE = "language"
    CONSENT = "consent"
    PHONE = "phone"
    DONE = "done"


def stage_of(user: User | None, in_force_id: int | None) -> Stage:
    """Where the user is in onboarding.

    Consent to another version than the one in force puts them back at the consent stage; their
    verified phone stays, so accepting the version in force leads straight back to the menu.
    """
    if user is None:
        return Stage.LANGUAGE
    if standing(user, in_force_id) is not Standing.CURRENT:
        return Stage.CONSENT
    if not user.verified:
        return Stage.PHONE
    return Stage.DONE


async def choose_language(
    session: AsyncSession, user: User | None, telegram_id: int, locale: str, now: datetime
) -> User:
    if user is None:
        return await users.add_user(session, telegram_id, locale, now)
    user.language = locale
    return user


@dataclass(frozen=True)
class Verification:
    check: ContactCheck
    taken_by: User | None = None  # another account already holds the number
    first_conflict: bool = False  # the first such attempt by this person

    @property
    def ok(self) -> bool:
        return self.check.verdict is PhoneVerdict.OK and self.taken_by is None


async def verify_contact(
    session: AsyncSession,
    user: User,
    contact_user_id: int | None,
    phone_number: str,
    profile: Profile,
    now: datetime,
) -> Verification:
    """Verify the user's own Kazakh mobile number; store it only when everything holds."""
    check = check_contact(user.telegram_id, contact_user_id, phone_number)
    if check.phone is None:
        return Verification(check)
    holder = await users.get_by_phone(session, check.phone)
    if holder is not None and holder.id != user.id:
        await users.add_phone_conflict(session, user.telegram_id, check.phone, holder, now)
        attempts = await users.count_phone_conflicts(session, user.telegram_id)
        return Verification(check, taken_by=holder, first_conflict=attempts == 1)
    user.phone = check.phone
    user.verified_at = now
    remember_profile(user, profile)
    return Verification(check)
