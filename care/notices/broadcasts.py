"""Sending campaigns: the performers of `Kind.DELIVERY` (one recipient's copy) and
`Kind.PROGRESS` (the progress message in the admin chat).

What a campaign sends is rendered by its kind: RENDERERS maps a campaign kind to a coroutine
that makes the calls for one user and returns the id of the (first) message sent. A
broadcast copies the supervisor's message from the admin chat; the policy notice registers
its own renderer (`RENDERERS[CampaignKind.POLICY] = ...`) where it is built.
"""

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from care.desk import reachability
from care.notices.campaigns import DeliveryPayload, ProgressPayload, StopPress, remaining
from care.notices.campaigns import figures as campaign_figures
from care.notices.policy_notices import has_accepted, render_policy_notice, render_policy_reminder
from care.outbound.channel import Result, SendContext, edit_in_place
from care.outbound.faults import Fault, classify
from storage.models import Campaign, OutboxEntry, User
from storage.notices import campaigns
from storage.people import policies, users
from storage.vocabulary import Audience, CampaignKind, CampaignStatus, DeliveryStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # tries of one delivery (transient errors, with the sender's backoff)

Renderer = Callable[[SendContext, Campaign, User], Awaitable[int | None]]


async def copy_broadcast(context: SendContext, campaign: Campaign, user: User) -> int | None:
    """The supervisor's message (or the parts of an album) copied into the user's chat."""
    source = campaign.source
    ids = list(source["message_ids"])
    if len(ids) == 1:
        sent = await context.bot.copy_message(user.telegram_id, source["chat_id"], ids[0])
        return sent.message_id
    sent_many = await context.bot.copy_messages(user.telegram_id, source["chat_id"], ids)
    return sent_many[0].message_id if sent_many else None


async def send_policy_notice(context: SendContext, campaign: Campaign, user: User) -> int | None:
    """A new policy version's notice (or, on its effective date, the reminder) in the user's
    language, with Read / Accept buttons carrying the version."""
    async with context.read() as session:
        policy = await policies.get_policy(session, campaign.source["policy"])
    assert policy is not None, "policy versions are never deleted"
    render = render_policy_reminder if campaign.source.get("reminder") else render_policy_notice
    text, markup = render(context.desk, user, policy)
    sent = await context.bot.send_message(user.telegram_id, text, reply_markup=markup)
    return sent.message_id


RENDERERS: dict[CampaignKind, Renderer] = {
    CampaignKind.BROADCAST: copy_broadcast,
    CampaignKind.POLICY: send_policy_notice,
}


def renderer_for(kind: CampaignKind) -> Renderer:
    try:
        return RENDERERS[kind]
    except KeyError:
        raise LookupError(
            f"no renderer for campaign kind {kind!r}: "
            "register one in care.notices.broadcasts.RENDERERS"
        ) from None


def still_wanted(campaign: Campaign, user: User | None) -> bool:
    """The recipient may have left, blocked the bot, opted out or blocked processing since
    the campaign started."""
    if user is None or user.erased_at is not None or not user.verified or not user.reachable:
        return False
    respect = campaign.kind == CampaignKind.POLICY or campaign.audience == Audience.MARKETING
    if respect and user.processing_blocked_at is not None:
        return False
    if campaign.kind == CampaignKind.POLICY and has_accepted(user, campaign.source["policy"]):
        return False  # accepted it (or a later version) since: nothing to remind of
    return not (campaign.audience == Audience.MARKETING and user.marketing_opt_in_at is None)


def _settled(delivery_id: int, now: datetime, **values) -> Result:
    async def record(session: AsyncSession) -> None:
        await campaigns.settle(session, delivery_id, now, **values)

    return record


class SendDelivery:
    """Performer of `Kind.DELIVERY`: one recipient's copy of a campaign."""

    payload = DeliveryPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: DeliveryPayload, now: datetime
    ) -> Result:
        delivery_id = payload.delivery
        async with context.read() as session:
            delivery = await campaigns.get_delivery(session, delivery_id)
            if delivery is None or delivery.status != DeliveryStatus.QUEUED:
                return None  # erased with its user, or settled already
            campaign = await campaigns.get(session, delivery.campaign_id)
            user = await users.get_by_id(session, delivery.user_id)
        if campaign is None or campaign.status == CampaignStatus.CANCELLED:
            return _settled(delivery_id, now, status=DeliveryStatus.CANCELLED)
        if user is None or not still_wanted(campaign, user):
            return _settled(delivery_id, now, status=DeliveryStatus.SKIPPED)
        if entry.attempts >= MAX_ATTEMPTS:
            return _settled(
                delivery_id,
                now,
                status=DeliveryStatus.FAILED,
                attempts=entry.attempts,
                last_error=entry.last_error or "too many attempts",
            )
        message_id = await renderer_for(campaign.kind)(context, campaign, user)
        attempts = entry.attempts + 1
        return _settled(
            delivery_id, now, status=DeliveryStatus.SENT, message_id=message_id, attempts=attempts
        )

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        delivery_id = payload.delivery
        attempts, error = entry.attempts + 1, exc.message
        if fault is Fault.BLOCKED:
            delivery = await campaigns.get_delivery(session, delivery_id)
            if delivery is not None:
                user = await users.get_by_id(session, delivery.user_id)
                if user is not None:
                    reachability.mark_blocked(user, now)
            status = DeliveryStatus.UNREACHABLE
        elif fault is Fault.REFUSED:
            status = DeliveryStatus.FAILED
        else:  # transient: tried again with backoff, up to MAX_ATTEMPTS
            await campaigns.settle(session, delivery_id, now, attempts=attempts, last_error=error)
            return
        await campaigns.settle(
            session, delivery_id, now, status=status, attempts=attempts, last_error=error
        )


def progress_text(
    context: SendContext, campaign: Campaign, figures: dict[str, int], now: datetime
) -> str:
    t = context.desk.admin_t
    left = remaining(figures)
    settled = sum(figures.values()) - left
    elapsed = max((now - campaign.created_at).total_seconds(), 1.0)
    rate = settled / elapsed
    eta = int(left / rate) if rate > 0 else 0
    if campaign.kind == CampaignKind.POLICY:
        reminder = "yes" if campaign.source.get("reminder") else "no"
        version = campaign.source.get("version", "")
        audience = t("broadcast-audience-policy", version=version, reminder=reminder)
    else:
        audience = t(f"broadcast-audience-{campaign.audience}", locale=campaign.locale or "")
    return t(
        f"broadcast-progress-{campaign.status}",
        number=campaign.id,
        audience=audience,
        total=campaign.total,
        sent=figures.get(DeliveryStatus.SENT, 0),
        failed=figures.get(DeliveryStatus.FAILED, 0),
        unreachable=figures.get(DeliveryStatus.UNREACHABLE, 0),
        skipped=figures.get(DeliveryStatus.SKIPPED, 0),
        cancelled=figures.get(DeliveryStatus.CANCELLED, 0),
        remaining=left,
        rate=f"{rate:.1f}",
        eta=f"{eta // 60}:{eta % 60:02d}",
    )


def cancel_button(context: SendContext, campaign: Campaign) -> InlineKeyboardMarkup | None:
    if campaign.status != CampaignStatus.RUNNING:
        return None
    button = InlineKeyboardButton(
        text=context.desk.admin_t("broadcast-button-stop"),
        callback_data=StopPress(campaign=campaign.id).pack(),
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


class ShowProgress:
    """Performer of `Kind.PROGRESS`: the progress message, posted once, then edited."""

    payload = ProgressPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: ProgressPayload, now: datetime
    ) -> Result:
        async with context.read() as session:
            campaign = await campaigns.get(session, payload.campaign)
            if campaign is None:
                return None
            figures = await campaign_figures(session, campaign)
        bot, chat = context.bot, context.desk.admin_chat_id
        text, markup = (
            progress_text(context, campaign, figures, now),
            cancel_button(context, campaign),
        )
        if campaign.progress_message_id is not None and await edit_in_place(
            bot, chat, campaign.progress_message_id, text, markup
        ):
            return None  # else someone deleted it: post it anew
        thread = campaign.progress_thread_id
        try:
            posted = await bot.send_message(
                chat, text, message_thread_id=thread, reply_markup=markup
            )
        except TelegramBadRequest as exc:
            if thread is None or classify(exc, to_user=False) is not Fault.THREAD_GONE:
                raise
            thread = None  # the topic it was started in is gone: General then
            posted = await bot.send_message(chat, text, reply_markup=markup)

        async def remember(session: AsyncSession) -> None:
            stored = await campaigns.get(session, campaign.id)
            if stored is not None:
                stored.progress_message_id = posted.message_id
                stored.progress_thread_id = thread

        return remember

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """Logged; the next tick shows the figures again."""
