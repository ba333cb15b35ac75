"""Campaigns: policy notices and broadcasts, one delivery row per recipient, fed into the
one outbox a window at a time so they only ever use what conversations leave of the budget.

- `start` inserts the recipients (one INSERT … SELECT) and records the progress message;
- `feed` (a scheduler tick) moves pending deliveries into the outbox as `Kind.DELIVERY`
  rows of `Priority.BROADCAST`, never more than `desk.broadcast_window` at once; the outbox
  row is the delivery's lease: after a crash it is still there and is sent after restart;
- `care.notices.broadcasts` sends them (the sender paces, pauses on 429 and retries);
- `track` (a tick) finishes campaigns with nothing left and refreshes progress messages;
- `cancel` stops one: what is pending or queued becomes cancelled and is never sent.
"""

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram.filters.callback_data import CallbackData
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.outbound.outbox import ADMIN_LANE, Kind, Payload, Priority, chat_lane, record
from storage import outbox
from storage.marks import mark_once
from storage.models import Campaign
from storage.notices import campaigns
from storage.people import policies
from storage.vocabulary import (
    OPEN_DELIVERY_STATUSES,
    Audience,
    CampaignKind,
    CampaignStatus,
    DeliveryStatus,
    RowId,
)


class StopPress(CallbackData, prefix="bcstop"):
    """The Cancel button under a running campaign's progress message."""

    campaign: RowId


PROGRESS_KEY = "progress:{}"  # one progress edit waiting per campaign, never a pile


class DeliveryPayload(Payload):
    """Campaign delivery `delivery`: one recipient's copy (`care.notices.broadcasts`)."""

    kind = Kind.DELIVERY

    delivery: int


class ProgressPayload(Payload):
    """Campaign `campaign`'s progress message, rendered when sent."""

    kind = Kind.PROGRESS

    campaign: int


def _where(
    kind: CampaignKind,
    audience: Audience,
    locale: str | None,
    source: dict[str, Any] | None = None,
) -> list[Any]:
    # Policy notices and marketing respect a blocking of processing; service notices reach
    # everyone reachable (they are about the service the user still has). A policy notice is
    # for those who have not accepted that version (or a later one) yet.
    respect = kind == CampaignKind.POLICY or audience == Audience.MARKETING
    where = campaigns.audience_filter(audience, locale, respect)
    if kind == CampaignKind.POLICY and source is not None:
        where.append(~policies.accepted(source["policy"]))
    return where


async def audience_size(
    session: AsyncSession, kind: CampaignKind, audience: Audience, locale: str | None = None
) -> int:
    return await campaigns.count_audience(session, _where(kind, audience, locale))


async def start(
    session: AsyncSession,
    desk: Desk,
    kind: CampaignKind,
    audience: Audience,
    source: dict[str, Any],
    created_by: int,
    now: datetime,
    locale: str | None = None,
    thread_id: int | None = None,
) -> Campaign:
    """A running campaign with one pending delivery per recipient (users known to have
    blocked the bot are not recipients), and its progress message on the way."""
    if audience == Audience.LANGUAGE and locale is None:
        raise ValueError("a language audience names its locale")
    campaign = await campaigns.add(
        session,
        kind=CampaignKind(kind),
        audience=Audience(audience),
        locale=locale if audience == Audience.LANGUAGE else None,
        source=source,
        created_by=created_by,
        created_at=now,
        progress_thread_id=thread_id,
    )
    campaign.total = await campaigns.add_recipients(
        session, campaign.id, _where(kind, audience, locale, source), now
    )
    if campaign.total == 0:
        campaign.status, campaign.finished_at = CampaignStatus.DONE, now
    await show_progress(session, campaign, now)
    return campaign


async def show_progress(session: AsyncSession, campaign: Campaign, now: datetime) -> None:
    """Post or edit the campaign's progress message (rendered when sent; at most one waits)."""
    key = PROGRESS_KEY.format(campaign.id)
    if await outbox.has_key(session, key):
        return
    progress = ProgressPayload(campaign=campaign.id)
    await record(
        session, progress, ADMIN_LANE, None, now, priority=Priority.REMINDER, dedup_key=key
    )


async def feed(session: AsyncSession, desk: Desk, now: datetime, locked: bool) -> int:
    """Top the outbox up to the window with pending deliveries, oldest campaign first;
    how many were queued. `locked`: PostgreSQL, where replicas skip each other's claims."""
    room = desk.broadcast_window - await campaigns.in_outbox(session, Kind.DELIVERY)
    if room <= 0:
        return 0
    claimed = await campaigns.claim_pending(session, room, now, locked)
    for delivery_id, telegram_id in claimed:
        # Tied to no user: a 403 settles the delivery; nothing is held for the user's return.
        delivery = DeliveryPayload(delivery=delivery_id)
        await record(
            session, delivery, chat_lane(telegram_id), None, now, priority=Priority.BROADCAST
        )
    return len(claimed)


@dataclass
class Tracked:
    running: int = 0
    finished: int = 0


async def any_running(session: AsyncSession) -> bool:
    return bool(await campaigns.running(session))


async def track(session: AsyncSession, now: datetime) -> Tracked:
    """Finish the campaigns with nothing left to send; refresh every running one's
    progress message."""
    done = Tracked()
    for campaign in await campaigns.running(session):
        figures = await campaigns.figures(session, campaign.id)
        if not remaining(figures):
            campaign.status, campaign.finished_at = CampaignStatus.DONE, now
            done.finished += 1
        else:
            done.running += 1
        await show_progress(session, campaign, now)
    return done


def remaining(figures: dict[str, int]) -> int:
    """How many deliveries of a campaign's `figures` are still to be settled."""
    return sum(figures.get(status, 0) for status in OPEN_DELIVERY_STATUSES)


ERASED = "erased"  # in `Campaign.source`: {status: count} of recipients erased since


async def figures(session: AsyncSession, campaign: Campaign) -> dict[str, int]:
    """How many deliveries are in each status, counting those of recipients erased since
    (their rows are gone with them), so the figures always add up to the total."""
    counts = await campaigns.figures(session, campaign.id)
    for status, count in (campaign.source.get(ERASED) or {}).items():
        counts[status] = counts.get(status, 0) + count
    return counts


async def keep_figures_of(session: AsyncSession, user_id: int) -> None:
    """Before an erased user's deliveries are deleted: what became of them stays in their
    campaigns' figures as counts (one not sent yet never will be: skipped)."""
    for campaign_id, status, count in await campaigns.statuses_of_user(session, user_id):
        campaign = await campaigns.get(session, campaign_id, lock=True)  # one writer at a time
        if campaign is None:
            continue
        erased = dict(campaign.source.get(ERASED) or {})
        settled = DeliveryStatus.SKIPPED if status in OPEN_DELIVERY_STATUSES else status
        erased[settled] = erased.get(settled, 0) + count
        campaign.source = {**campaign.source, ERASED: erased}  # a new value: saved


class CancelOutcome(enum.StrEnum):
    CANCELLED = "cancelled"
    OVER = "over"  # done or cancelled already
    MISSING = "missing"


async def cancel(session: AsyncSession, campaign_id: int, now: datetime) -> CancelOutcome:
    """Stop a running campaign: its pending and queued rows become cancelled (the sender
    then passes over their outbox rows without sending)."""
    campaign = await campaigns.get(session, campaign_id, lock=True)
    if campaign is None:
        return CancelOutcome.MISSING
    if campaign.status != CampaignStatus.RUNNING:
        return CancelOutcome.OVER
    campaign.status, campaign.finished_at = CampaignStatus.CANCELLED, now
    await campaigns.cancel_open(session, campaign.id, now)
    await show_progress(session, campaign, now)
    return CancelOutcome.CANCELLED


async def remember_album_part(
    session: AsyncSession, chat_id: int, message_id: int, group: str, now: datetime
) -> None:
    """An album part posted in the admin chat: a broadcast of the album will send all of it."""
    await campaigns.remember_album_part(session, chat_id, message_id, group, now)


async def broadcast_source(session: AsyncSession, chat_id: int, message_id: int) -> list[int]:
    """What a broadcast of `message_id` copies: the whole album it is part of, or itself."""
    return await campaigns.album_of(session, chat_id, message_id) or [message_id]


async def confirm_once(session: AsyncSession, chat_id: int, message_id: int, now: datetime) -> bool:
    """The first press on a broadcast's confirmation message; a second one (here or on another
    replica) starts nothing more."""
    return await mark_once(session, f"broadcast:{chat_id}:{message_id}", now)
