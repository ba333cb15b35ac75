"""Onboarding: the language picker, the privacy notice, phone verification."""

import logging
from dataclasses import replace
from datetime import datetime

from aiogram import F
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.types import User as TelegramUser
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import LOCALES, split_for_telegram
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
from handlers.context import Context
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
    ctx: Context,
    policy_in_force_id: int | None,
) -> None:
    session, now = ctx.session, ctx.now
    t = ctx.desk.catalog.translator(callback_data.locale)
    user = await onboarding.choose_language(session, ctx.user, query.from_user.id, t.locale, now)
    await answer_query(session, query, now)
    await say(session, query.from_user.id, t("language-saved"), now, user)
    await prompt_step(replace(ctx, user=user, t=t), query.from_user.id, policy_in_force_id)


@routes.callback_query(PolicyAction.filter(F.action == PolicyButton.READ))
async def read_policy(query: CallbackQuery, callback_data: PolicyAction, ctx: Context) -> None:
    policy = await policy_to_read(ctx.session, ctx.desk.tz, callback_data.policy_id, ctx.now)
    text = (
        f"{ctx.t('privacy-full-title', version=policy.version)}\n\n{policy.text(ctx.t.locale).body}"
    )
    await answer_query(ctx.session, query, ctx.now)
    for part in split_for_telegram(text):
        await say(ctx.session, query.from_user.id, part, ctx.now, ctx.user)


@routes.callback_query(
    PolicyAction.filter(F.action.in_({PolicyButton.ACCEPT, PolicyButton.DECLINE})),
    AtStage(Stage.LANGUAGE),
)
async def consent_before_language(
    query: CallbackQuery, ctx: Context, policy_in_force_id: int | None
) -> None:
    await answer_query(ctx.session, query, ctx.now, ctx.t("onboarding-finish-first"))
    await prompt_step(replace(ctx, user=None), query.from_user.id, policy_in_force_id)


@routes.callback_query(PolicyAction.filter(F.action == PolicyButton.ACCEPT))
async def accept(
    query: CallbackQuery, callback_data: PolicyAction, ctx: Context, policy_in_force_id: int | None
) -> None:
    outcome = consent.accept(
        ctx.user,
        callback_data.policy_id,
        policy_in_force_id,
        profile_of(query.from_user),
        ctx.now,
        await announced_ids(ctx.session, ctx.desk.tz, policy_in_force_id, ctx.now),
    )
    if outcome is Acceptance.ALREADY:
        await answer_query(ctx.session, query, ctx.now, ctx.t("privacy-already-accepted"))
        return
    if outcome is Acceptance.STALE:
        policy = await policy_in_force(ctx.session, ctx.desk.tz, ctx.now)
        text = ctx.t("privacy-notice-outdated", version=policy.version)
        await answer_query(ctx.session, query, ctx.now, text, alert=True)
        await send_privacy_notice(ctx.session, query.from_user.id, ctx.t, policy, ctx.user, ctx.now)
        return
    await answer_query(ctx.session, query, ctx.now)
    await say(ctx.session, query.from_user.id, ctx.t("privacy-accepted"), ctx.now, ctx.user)
    await prompt_step(ctx, query.from_user.id, policy_in_force_id)


@routes.callback_query(PolicyAction.filter(F.action == PolicyButton.DECLINE))
async def decline(
    query: CallbackQuery, ctx: Context, policy_in_force_id: int | None, scrubber: Scrubber
) -> None:
    if stage_of(ctx.user, policy_in_force_id) is Stage.DONE:
        await answer_query(ctx.session, query, ctx.now, ctx.t("callback-expired"), alert=True)
        return
    await consent.withdraw(ctx.session, ctx.user, ctx.now)
    ctx.after_commit.append(scrubber.request)  # the phone and names went
    await answer_query(ctx.session, query, ctx.now)
    await say(
        ctx.session,
        query.from_user.id,
        ctx.t("privacy-declined"),
        ctx.now,
        ctx.user,
        ReplyKeyboardRemove(),
    )


@routes.message(AtStage(Stage.PHONE), F.contact)
async def contact_shared(message: Message, ctx: Context, policy_in_force_id: int | None) -> None:
    contact = message.contact
    result = await onboarding.verify_contact(
        ctx.session,
        ctx.user,
        contact.user_id,
        contact.phone_number,
        profile_of(message.from_user),
        ctx.now,
    )
    chat_id = message.chat.id
    if result.ok:
        await send_menu(
            ctx.session,
            chat_id,
            ctx.t,
            ctx.now,
            ctx.t("phone-verified", phone=ctx.user.phone),
            ctx.user,
        )
        upcoming = await upcoming_notice(
            ctx.session, ctx.desk, ctx.user, policy_in_force_id, ctx.now
        )
        if upcoming is not None:  # published before they joined: they hear of it now
            text, buttons = upcoming
            await say(ctx.session, chat_id, text, ctx.now, ctx.user, buttons)
        return
    if result.taken_by is not None:
        await send_phone_request(ctx.session, chat_id, ctx.t, "phone-taken", ctx.now, ctx.user)
        if result.first_conflict:  # retries are recorded, but care hears of it once
            await tell_care_of_conflict(ctx.session, ctx.desk, ctx.user, result, ctx.now)
        return
    await send_phone_request(
        ctx.session, chat_id, ctx.t, REFUSALS[result.check.verdict], ctx.now, ctx.user
    )


@routes.message(AtStage(Stage.PHONE))
async def not_a_contact(message: Message, ctx: Context, state: FSMContext) -> None:
    if await first_part(message, state):
        await send_phone_request(
            ctx.session, message.chat.id, ctx.t, "phone-use-button", ctx.now, ctx.user
        )


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
