"""Onboarding: the language picker, the privacy notice, phone verification."""

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.types import User as TelegramUser
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import LOCALES, Catalog, Translator, split_for_telegram
from care.notices.policy_notices import upcoming_notice
from care.people import consent, mentions, onboarding
from care.people.consent import Acceptance
from care.people.mentions import Mentioned
from care.people.onboarding import Stage, Verification, stage_of
from care.people.phones import PhoneVerdict, mask_phone
from care.people.policies import announced_ids, policy_in_force, policy_to_read
from care.people.profile import Profile
from care.rights.scrub import Scrubber
from handlers.callbacks import LanguageChoice, PolicyAction, PolicyButton
from handlers.filters import AtStage, first_part
from handlers.people.steps import prompt_step, send_menu, send_phone_request, send_privacy_notice
from handlers.replies import answer_query, say
from handlers.routes import Routes
from storage.models import User

log = logging.getLogger(__name__)

REFUSALS = {
    PhoneVerdict.FORWARDED: "phone-forwarded",
    PhoneVerdict.NOT_OWN: "phone-not-own",
    PhoneVerdict.NOT_KZ_MOBILE: "phone-not-kz-mobile",
}


def profile_of(person: TelegramUser) -> Profile:
    return Profile(person.first_name, person.last_name, person.username)


routes = Routes("onboarding")
routes.message.filter(F.chat.type == ChatType.PRIVATE)
routes.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)


@routes.callback_query(LanguageChoice.filter(F.locale.in_(LOCALES)))
async def language_chosen(
    query: CallbackQuery,
    callback_data: LanguageChoice,
    user: User | None,
    session: AsyncSession,
    catalog: Catalog,
    tz: ZoneInfo,
    policy_in_force_id: int | None,
    now: datetime,
) -> None:
    t = catalog.translator(callback_data.locale)
    user = await onboarding.choose_language(session, user, query.from_user.id, t.locale, now)
    await answer_query(session, query, now)
    await say(session, query.from_user.id, t("language-saved"), now, user)
    await prompt_step(query.from_user.id, user, t, catalog, session, tz, policy_in_force_id, now)


@routes.callback_query(PolicyAction.filter(F.action == PolicyButton.READ))
async def read_policy(
    query: CallbackQuery,
    callback_data: PolicyAction,
    user: User | None,
    t: Translator,
    session: AsyncSession,
    tz: ZoneInfo,
    now: datetime,
) -> None:
    policy = await policy_to_read(session, tz, callback_data.policy_id, now)
    text = f"{t('privacy-full-title', version=policy.version)}\n\n{policy.text(t.locale).body}"
    await answer_query(session, query, now)
    for part in split_for_telegram(text):
        await say(session, query.from_user.id, part, now, user)


@routes.callback_query(
    PolicyAction.filter(F.action.in_({PolicyButton.ACCEPT, PolicyButton.DECLINE})),
    AtStage(Stage.LANGUAGE),
)
async def consent_before_language(
    query: CallbackQuery,
    t: Translator,
    catalog: Catalog,
    session: AsyncSession,
    tz: ZoneInfo,
    policy_in_force_id: int | None,
    now: datetime,
) -> None:
    await answer_query(session, query, now, t("onboarding-finish-first"))
    await prompt_step(query.from_user.id, None, t, catalog, session, tz, policy_in_force_id, now)


@routes.callback_query(PolicyAction.filter(F.action == PolicyButton.ACCEPT))
async def accept(
    query: CallbackQuery,
    callback_data: PolicyAction,
    user: User,
    t: Translator,
    catalog: Catalog,
    session: AsyncSession,
    tz: ZoneInfo,
    policy_in_force_id: int | None,
    now: datetime,
) -> None:
    outcome = consent.accept(
        user,
        callback_data.policy_id,
        policy_in_force_id,
        profile_of(query.from_user),
        now,
        await announced_ids(session, tz, policy_in_force_id, now),
    )
    if outcome is Acceptance.ALREADY:
        await answer_query(session, query, now, t("privacy-already-accepted"))
        return
    if outcome is Acceptance.STALE:
        policy = await policy_in_force(session, tz, now)
        text = t("privacy-notice-outdated", version=policy.version)
        await answer_query(session, query, now, text, alert=True)
        await send_privacy_notice(session, query.from_user.id, t, policy, user, now)
        return
    await answer_query(session, query, now)
    await say(session, query.from_user.id, t("privacy-accepted"), now, user)
    await prompt_step(query.from_user.id, user, t, catalog, session, tz, policy_in_force_id, now)


@routes.callback_query(PolicyAction.filter(F.action == PolicyButton.DECLINE))
async def decline(
    query: CallbackQuery,
    user: User,
    t: Translator,
    session: AsyncSession,
    policy_in_force_id: int | None,
    after_commit: list,
    scrubber: Scrubber,
    now: datetime,
) -> None:
    if stage_of(user, policy_in_force_id) is Stage.DONE:
        await answer_query(session, query, now, t("callback-expired"), alert=True)
        return
    await consent.withdraw(session, user, now)
    after_commit.append(scrubber.request)  # the phone and names went
    await answer_query(session, query, now)
    await say(session, query.from_user.id, t("privacy-declined"), now, user, ReplyKeyboardRemove())


@routes.message(AtStage(Stage.PHONE), F.contact)
async def contact_shared(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    desk: Desk,
    policy_in_force_id: int | None,
    now: datetime,
) -> None:
    contact = message.contact
    result = await onboarding.verify_contact(
        session,
        user,
        contact.user_id,
        contact.phone_number,
        profile_of(message.from_user),
        now,
    )
    chat_id = message.chat.id
    if result.ok:
        await send_menu(session, chat_id, t, now, t("phone-verified", phone=user.phone), user)
        upcoming = await upcoming_notice(session, desk, user, policy_in_force_id, now)
        if upcoming is not None:  # published before they joined: they hear of it now
            text, buttons = upcoming
            await say(session, chat_id, text, now, user, buttons)
        return
    if result.taken_by is not None:
        await send_phone_request(session, chat_id, t, "phone-taken", now, user)
        if result.first_conflict:  # retries are recorded, but care hears of it once
            await tell_care_of_conflict(session, desk, user, result, now)
        return
    await send_phone_request(session, chat_id, t, REFUSALS[result.check.verdict], now, user)


@routes.message(AtStage(Stage.PHONE))
async def not_a_contact(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    now: datetime,
) -> None:
    if await first_part(message, state):
        await send_phone_request(session, message.chat.id, t, "phone-use-button", now, user)


async def tell_care_of_conflict(
    session: AsyncSession, desk: Desk, user: User, result: Verification, now: datetime
) -> None:
    """The conflict is recorded in the database; the admin chat hears of it after the commit."""
    text = desk.admin_t(
        "admin-phone-conflict",
        telegram_id=str(user.telegram_id),
        number=user.id,
        owner=result.taken_by.id,
        phone=mask_phone(result.check.phone),
    )
    method = SendMessage(chat_id=desk.admin_chat_id, text=text)
    people = (user.id, result.taken_by.id)  # erasing either takes the notice back
    await mentions.post(session, method, Mentioned.PHONE_CONFLICT, people, now)
