"""`/policy status`: the newest versions with their acceptance and delivery figures, in the
admin chat's language."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import format_day
from care.notices.campaigns import figures, remaining
from storage.models import PolicyVersion
from storage.notices import campaigns
from storage.people import policies
from storage.vocabulary import DeliveryStatus

SHOWN = 3  # the newest versions shown


async def delivery_figures(session: AsyncSession, desk: Desk, policy: PolicyVersion) -> str | None:
    """The notice's (and the reminder's) delivery: sent / failed / unreachable / skipped /
    remaining, from the delivery engine's campaigns for `policy`; None before any."""
    lines = []
    for campaign in await campaigns.for_policy(session, policy.id):
        counts = await figures(session, campaign)
        lines.append(
            desk.admin_t(
                "policy-admin-status-delivery",
                reminder="yes" if campaign.source.get("reminder") else "no",
                sent=counts.get(DeliveryStatus.SENT, 0),
                failed=counts.get(DeliveryStatus.FAILED, 0),
                unreachable=counts.get(DeliveryStatus.UNREACHABLE, 0),
                skipped=counts.get(DeliveryStatus.SKIPPED, 0)
                + counts.get(DeliveryStatus.CANCELLED, 0),
                remaining=remaining(counts),
            )
        )
    return "\n".join(lines) or None


async def report(session: AsyncSession, desk: Desk, now: datetime) -> str:
    t = desk.admin_t
    versions = await policies.newest(session, SHOWN)
    if not versions:
        return t("policy-admin-status-none")
    today = now.astimezone(desk.tz).date()
    in_force_id = await policies.current_policy_id(session, today)
    lines = [t("policy-admin-status-title")]
    for policy in versions:
        if policy.id == in_force_id:
            state = "in-force"
        elif policy.effective_date > today:
            state = "upcoming"
        else:
            state = "superseded"
        lines.append(
            t(
                "policy-admin-status-line",
                version=policy.version,
                date=format_day(policy.effective_date, desk.admin_locale),
                state=state,
                accepted=await policies.accepted_count(session, policy.id),
                outstanding=await policies.outstanding_count(session, policy.id),
            )
        )
        figures = await delivery_figures(session, desk, policy)
        if figures:
            lines.append(figures)
    return "\n\n".join(lines)
