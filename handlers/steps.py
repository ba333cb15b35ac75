"""The prompt of each onboarding step, sent wherever a user needs guiding back to it."""

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from care.onboarding import Stage, stage_of
from care.policies import policy_in_force
from care.texts import Catalog, Translator, format_date
from handlers import keyboards
from handlers.replies import say
from storage.models import PolicyVersion, User


async def send_language_picker(
    session: AsyncSession, chat_id: int, t: Translator, catalog: Catalog, user: User | None = None
) -> None:
    picker = keyboards.language_picker(catalog, t.locale)
    await say(session, chat_id, t("language-prompt"), user, picker)


def privacy_notice(t: Translator, policy: PolicyVersion, ask_consent: bool) -> str:
    parts = [
        t("privacy-header", version=policy.version, date=format_date(policy.effective_date)),
        policy.text(t.locale).summary,
    ]
    if ask_consent:
        parts.append(t("privacy-ask-consent"))
    return "\n\n".join(parts)


async def send_privacy_notice(
    session: AsyncSession,
    chat_id: int,
    t: Translator,
    policy: PolicyVersion,
    ask_consent: bool,
    user: User | None = None,
) -> None:
    buttons = keyboards.policy_buttons(t, policy.id, ask_consent)
    await say(session, chat_id, privacy_notice(t, policy, ask_consent), user, buttons)


async def send_phone_request(
    session: AsyncSession, chat_id: int, t: Translator, text_id: str, user: User | None = None
) -> None:
    await say(session, chat_id, t(text_id), user, keyboards.share_phone(t))


async def send_menu(
    session: AsyncSession, chat_id: int, t: Translator, text: str | None = None, user=None
) -> None:
    await say(session, chat_id, text or t("menu-prompt"), user, keyboards.main_menu(t))


async def prompt_step(
    chat_id: int,
    user: User | None,
    t: Translator,
    catalog: Catalog,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    """Show the user the step they are on."""
    stage = stage_of(user)
    if stage is Stage.LANGUAGE:
        await send_language_picker(session, chat_id, t, catalog, user)
    elif stage is Stage.CONSENT:
        policy = await policy_in_force(session, tz)
        await send_privacy_notice(session, chat_id, t, policy, True, user)
    elif stage is Stage.PHONE:
        await send_phone_request(session, chat_id, t, "phone-request", user)
    else:
        await send_menu(session, chat_id, t, user=user)
