"""Onboarding: language, consent to the policy, phone verification."""

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.phones import ContactCheck, PhoneVerdict, check_contact
from storage import users
from storage.models import PolicyVersion, User


class Stage(enum.Enum):
    LANGUAGE = "language"
    CONSENT = "consent"
    PHONE = "phone"
    DONE = "done"


def stage_of(user: User | None) -> Stage:
    if user is None:
        return Stage.LANGUAGE
    if user.active_consent is None:
        return Stage.CONSENT
    if not user.verified:
        return Stage.PHONE
    return Stage.DONE


@dataclass(frozen=True)
class Profile:
    """What Telegram tells about the person; kept only once they consent."""

    first_name: str | None
    last_name: str | None
    username: str | None


async def choose_language(
    session: AsyncSession, user: User | None, telegram_id: int, locale: str, now: datetime
) -> User:
    if user is None:
        return await users.add_user(session, telegram_id, locale, now)
    user.language = locale
    return user


def accept_policy(user: User, policy: PolicyVersion, profile: Profile, now: datetime) -> bool:
    """Record consent to `policy`; False when it was already in force (nothing changes)."""
    live = user.active_consent
    if live is not None and live.policy_version_id == policy.id:
        return False
    if live is not None:
        live.withdrawn_at = now  # superseded by consent to the newer version
    users.add_consent(user, policy.id, now)
    remember_profile(user, profile)
    return True


def remember_profile(user: User, profile: Profile) -> None:
    user.first_name = (profile.first_name or "")[:64] or None
    user.last_name = (profile.last_name or "")[:64] or None
    user.username = (profile.username or "")[:32] or None


async def decline_policy(session: AsyncSession, user: User) -> None:
    """Keep only the Telegram id and language of someone who has not consented."""
    user.first_name = user.last_name = user.username = None
    user.phone = None
    user.verified_at = None
    user.consents.clear()
    await users.forget_phone_conflicts(session, user.telegram_id)


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
