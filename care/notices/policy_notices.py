"""Notices of a policy version to users: the buttons to read and accept it, the notice a
delivery renders for one user, and who should get it.

The callback data lives here, below the handlers, because a notice is rendered wherever it is
sent (an update, a scheduler tick, the delivery engine) and its buttons must match the ones
the handlers answer (`handlers.people.onboarding`).
"""

from datetime import date, datetime, time
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import Translator, format_day
from care.notices import campaigns
from care.people.policies import announced_ids
from storage.marks import mark_once
from storage.models import PolicyVersion, User
from storage.people import policies
from storage.vocabulary import Audience, CampaignKind, RowId

REMIND_FROM = time(10, 0)  # local time: nobody is woken at midnight by a policy reminder


class PolicyButton(StrEnum):
    READ = "read"
    ACCEPT = "accept"
    DECLINE = "decline"


class PolicyAction(CallbackData, prefix="policy"):
    action: PolicyButton
    policy_id: RowId  # the version the notice showed


def policy_buttons(
    t: Translator, policy_id: int, ask_consent: bool, decline: bool = True
) -> InlineKeyboardMarkup:
    """Read; and, when consent is asked, Accept (and Decline, in onboarding)."""

    def button(action: PolicyButton) -> InlineKeyboardButton:
        data = PolicyAction(action=action, policy_id=policy_id).pack()
        return InlineKeyboardButton(text=t(f"privacy-button-{action}"), callback_data=data)

    rows = [[button(PolicyButton.READ)]]
    if ask_consent:
        choices = (PolicyButton.ACCEPT, PolicyButton.DECLINE) if decline else (PolicyButton.ACCEPT,)
        rows.append([button(action) for action in choices])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def render_policy_notice(
    desk: Desk, user: User, policy: PolicyVersion
) -> tuple[str, InlineKeyboardMarkup]:
    """The notice of a new version for `user`, in their language: what changed (the summary),
    from when, and buttons Read / Accept carrying the version's id. `policy.texts` must be
    loaded (`storage.people.policies.get_policy`)."""
    t = desk.user_t(user)
    date = format_day(policy.effective_date, t.locale)
    summary = policy.text(t.locale).summary
    text = "\n\n".join(
        (
            t("policy-notice", version=policy.version, date=date),
            summary,
            t("policy-notice-accept", date=date),
        )
    )
    return text, policy_buttons(t, policy.id, ask_consent=True, decline=False)


def render_policy_reminder(
    desk: Desk, user: User, policy: PolicyVersion
) -> tuple[str, InlineKeyboardMarkup]:
    """The one reminder on the effective date to a user who has not accepted `policy`."""
    t = desk.user_t(user)
    date = format_day(policy.effective_date, t.locale)
    summary = policy.text(t.locale).summary
    text = f"{t('policy-reminder', version=policy.version, date=date)}\n\n{summary}"
    return text, policy_buttons(t, policy.id, ask_consent=True, decline=False)


async def policy_notice_audience(session: AsyncSession, policy: PolicyVersion) -> list[int]:
    """Ids of the users a notice of `policy` is for: verified (a phone proven and consent
    given), reachable (they have not blocked the bot), not erased (no deletion request
    carried out), processing not blocked (no blocking request in effect), and who have not
    accepted `policy` (or a version published after it) yet. The same query as a SELECT for
    an INSERT … SELECT: `storage.people.policies.audience(policy.id)`."""
    return await policies.audience_ids(session, policy.id)


async def users_to_remind(session: AsyncSession, policy: PolicyVersion) -> list[int]:
    """On the effective date: the notice's audience that still has not accepted `policy`."""
    return await policy_notice_audience(session, policy)


async def remind(session: AsyncSession, desk: Desk, policy: PolicyVersion, now: datetime) -> int:
    """The one reminder to everyone who has not accepted `policy`: a campaign of the delivery
    engine (paced inside the one budget, after conversations; 429 and 403 handled; resumed
    after a restart). Returns how many it is for."""
    campaign = await campaigns.start(
        session,
        desk,
        kind=CampaignKind.POLICY,
        audience=Audience.ALL,
        source={"policy": policy.id, "version": policy.version, "reminder": True},
        created_by=0,  # the scheduler
        now=now,
    )
    return campaign.total


def remind_day(desk: Desk, now: datetime) -> date | None:
    """The local day whose reminders are due at `now`, or None before REMIND_FROM."""
    local = now.astimezone(desk.tz)
    return local.date() if local.time() >= REMIND_FROM else None


async def remind_due(session: AsyncSession, desk: Desk, now: datetime) -> int:
    """On a version's effective date, once (a mark per version and day, in this same
    transaction: a restart or another replica never repeats it), remind everyone who has not
    accepted it. Returns how many reminders were recorded."""
    day = remind_day(desk, now)
    if day is None:
        return 0
    recorded = 0
    for policy in await policies.effective_on(session, day):
        if not await mark_once(session, f"policy-remind:{policy.id}:{day.isoformat()}", now):
            continue
        recorded += await remind(session, desk, policy, now)
    return recorded


async def upcoming_notice(
    session: AsyncSession, desk: Desk, user: User, in_force_id: int | None, now: datetime
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The notice of the newest version published but not in force yet that `user` has not
    accepted, if any: someone who finishes onboarding after its notice went out consented to
    the version in force and would otherwise hear of the new one only on its effective date."""
    announced = await announced_ids(session, desk.tz, in_force_id, now)
    pending = [policy_id for policy_id in announced if not has_accepted(user, policy_id)]
    if not pending:
        return None
    policy = await policies.get_policy(session, max(pending))
    return render_policy_notice(desk, user, policy) if policy is not None else None


def has_accepted(user: User, policy_id: int) -> bool:
    """The user's live consent is to `policy_id` or a version published after it."""
    return any(c.withdrawn_at is None and c.policy_version_id >= policy_id for c in user.consents)
