"""The prompt of each onboarding step, sent wherever a user needs guiding back to it."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.texts import Catalog, Translator, format_day
from care.people.consent import Standing, standing
from care.people.onboarding import Stage, stage_of
from care.people.policies import policy_in_force
from handlers import keyboards
from handlers.context import Context
from handlers.replies import say
from storage.models import PolicyVersion, User


async def send_language_picker(
    session: AsyncSession,
    chat_id: int,
    t: Translator,
    catalog: Catalog,
    now: datetime,
    user: User | None = None,
) -> None:
    picker = keyboards.language_picker(catalog, t.locale)
    await say(session, chat_id, t("language-prompt"), now, user, picker)


def privacy_notice(t: Translator, policy: PolicyVersion, user: User | None) -> str:
    """The notice of `policy` as `user` should read it: asking for consent when they owe it,
    saying that the policy changed when they consented to an older version."""
    date = format_day(policy.effective_date, t.locale)
    summary = policy.text(t.locale).summary
    if standing(user, policy.id) is Standing.OUTDATED:
        return f"{t('privacy-changed', version=policy.version, date=date)}\n\n{summary}"
    parts = [t("privacy-header", version=policy.version, date=date), summary]
    if asks_consent(user, policy):
        parts.append(t("privacy-ask-consent"))
    return "\n\n".join(parts)


def asks_consent(user: User | None, policy: PolicyVersion) -> bool:
    return stage_of(user, policy.id) is Stage.CONSENT


async def send_privacy_notice(
    session: AsyncSession,
    chat_id: int,
    t: Translator,
    policy: PolicyVersion,
    user: User | None,
    now: datetime,
) -> None:
    buttons = keyboards.policy_buttons(t, policy.id, asks_consent(user, policy))
    await say(session, chat_id, privacy_notice(t, policy, user), now, user, buttons)


async def send_phone_request(
    session: AsyncSession,
    chat_id: int,
    t: Translator,
    text_id: str,
    now: datetime,
    user: User | None = None,
) -> None:
    await say(session, chat_id, t(text_id), now, user, keyboards.share_phone(t))


async def send_menu(
    session: AsyncSession,
    chat_id: int,
    t: Translator,
    now: datetime,
    text: str | None = None,
    user=None,
) -> None:
    await say(session, chat_id, text or t("menu-prompt"), now, user, keyboards.main_menu(t))


async def prompt_step(ctx: Context, chat_id: int, policy_in_force_id: int | None) -> None:
    """Show `ctx.user` the step they are on."""
    session, user, t, now = ctx.session, ctx.user, ctx.t, ctx.now
    stage = stage_of(user, policy_in_force_id)
    if stage is Stage.LANGUAGE:
        await send_language_picker(session, chat_id, t, ctx.desk.catalog, now, user)
    elif stage is Stage.CONSENT:
        policy = await policy_in_force(session, ctx.desk.tz, now)
        await send_privacy_notice(session, chat_id, t, policy, user, now)
    elif stage is Stage.PHONE:
        await send_phone_request(session, chat_id, t, "phone-request", now, user)
    else:
        await send_menu(session, chat_id, t, now, user=user)
