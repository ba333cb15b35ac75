"""Consent to privacy-policy versions: where a person stands, accepting, withdrawing, the record.

A consent row is the record of what a person agreed to and when, so nothing here deletes one.
Withdrawing closes the live consent (`withdrawn_at`). Accepting a newer version closes the older
consent at the very moment the new one is accepted; that shared moment is how `history` tells a
consent replaced by a newer version from one the person withdrew.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from care.people import mentions
from care.people.profile import Profile, forget_profile, remember_profile
from storage.models import Consent, User
from storage.people import users


class Standing(StrEnum):
    """A person's consent measured against the policy version in force."""

    NONE = "none"  # never consented, or withdrew
    CURRENT = "current"  # consents to the version in force
    OUTDATED = "outdated"  # consents to a version no longer in force: asked to accept the new one


def standing(user: User | None, in_force_id: int | None) -> Standing:
    """Consent to the version in force, or to one published after it (accepted from its
    notice ahead of the effective date), is current."""
    live = user.active_consent if user is not None else None
    if live is None:
        return Standing.NONE
    if live.policy_version_id == in_force_id or (
        in_force_id is not None and live.policy_version_id > in_force_id
    ):
        return Standing.CURRENT
    return Standing.OUTDATED


class Acceptance(StrEnum):
    RECORDED = "recorded"
    ALREADY = "already"  # the version in force is accepted already: nothing changes
    STALE = "stale"  # the notice showed a version unknown or no longer in force: nothing changes


def accept(
    user: User,
    shown_id: int,
    in_force_id: int | None,
    profile: Profile,
    now: datetime,
    announced: Collection[int] = (),
) -> Acceptance:
    """Record consent to the version the notice showed: the one in force, or one of the
    `announced` versions published after it and not in force yet (its change notice)."""
    live = user.active_consent
    if shown_id in announced:
        if live is not None and live.policy_version_id == shown_id:
            return Acceptance.ALREADY
    elif shown_id != in_force_id:
        return Acceptance.STALE
    elif standing(user, in_force_id) is Standing.CURRENT:  # this version or a later one
        return Acceptance.ALREADY
    _close_live(user, now)  # an older version's consent is replaced, at this same moment
    users.add_consent(user, shown_id, now)
    remember_profile(user, profile)
    return Acceptance.RECORDED


async def withdraw(session: AsyncSession, user: User, now: datetime) -> None:
    """Close the live consent and forget what was kept on its strength: the profile, the phone
    and its verification, phone conflicts and what named them in the admin chat. The Telegram
    id and language stay, to answer the person at all, and the consent rows stay as the
    record of what was agreed and when.
    """
    _close_live(user, now)
    forget_profile(user)
    user.phone = None
    user.verified_at = None
    await users.forget_phone_conflicts(session, user.telegram_id)
    await mentions.retract(session, [user.id], now)  # the notices naming them in the admin chat


def _close_live(user: User, now: datetime) -> None:
    for consent in user.consents:
        if consent.withdrawn_at is None:
            consent.withdrawn_at = now


class ConsentState(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    REPLACED = "replaced"  # closed by consent to a newer version


@dataclass(frozen=True)
class ConsentRecord:
    consent: Consent
    state: ConsentState
    replaced_by: Consent | None = None


def history(user: User) -> list[ConsentRecord]:
    """Every consent the person gave, oldest first, with what became of it."""
    records = []
    consents = user.consents
    for n, consent in enumerate(consents):
        successor = consents[n + 1] if n + 1 < len(consents) else None
        if consent.withdrawn_at is None:
            records.append(ConsentRecord(consent, ConsentState.ACTIVE))
        elif successor is not None and successor.accepted_at == consent.withdrawn_at:
            records.append(ConsentRecord(consent, ConsentState.REPLACED, successor))
        else:
            records.append(ConsentRecord(consent, ConsentState.WITHDRAWN))
    return records
