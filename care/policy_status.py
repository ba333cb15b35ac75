"""`/policy status`: the newest versions with their acceptance (and, once the delivery
engine exists, delivery) figures, in the admin chat's language."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.desk import Desk
from care.texts import format_date
from storage import policies
from storage.models import PolicyVersion

SHOWN = 3  # the newest versions shown


async def delivery_figures(session: AsyncSession, desk: Desk, policy: PolicyVersion) -> str | None:
    """The line on the notice's delivery (sent / failed / unreachable / remaining), or None.

    The place for the delivery engine: the lead returns its figures for the campaign started
    with source {"policy": policy.id} (`care/campaigns.py`), formatted in `desk.admin_t`.
    """
    return None


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
                date=format_date(policy.effective_date),
                state=state,
                accepted=await policies.accepted_count(session, policy.id),
                outstanding=await policies.outstanding_count(session, policy.id),
            )
        )
        figures = await delivery_figures(session, desk, policy)
        if figures:
            lines.append(figures)
    return "\n\n".join(lines)
