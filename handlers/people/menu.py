"""The main menu of verified users: what the bot holds, the policy, language, help."""

from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.methods import EditMessageText
from aiogram.types import CallbackQuery, Message

from care.common.texts import Catalog, Translator, format_moment
from care.outbound.outbox import to_user
from care.people.consent import ConsentState, history
from care.people.marketing import set_offers
from care.people.onboarding import Stage
from handlers.callbacks import OffersChoice
from handlers.context import Context
from handlers.filters import AtStage, MenuButton
from handlers.keyboards import offers_toggle
from handlers.people import commands
from handlers.replies import answer_query, say
from handlers.routes import Routes
from storage.models import User


def render_me(user: User, t: Translator, catalog: Catalog, tz: ZoneInfo) -> str:
    empty = t("me-empty")
    consents = []
    for record in history(user):
        consent = record.consent
        args = {
            "version": consent.policy_version.version,
            "accepted": format_moment(consent.accepted_at, tz),
        }
        if record.state is ConsentState.ACTIVE:
            consents.append(t("me-consent-active", **args))
        elif record.state is ConsentState.REPLACED:
            replaced = format_moment(consent.withdrawn_at, tz)
            newer = record.replaced_by.policy_version.version
            consents.append(t("me-consent-replaced", replaced=replaced, newer=newer, **args))
        else:
            withdrawn = format_moment(consent.withdrawn_at, tz)
            consents.append(t("me-consent-withdrawn", withdrawn=withdrawn, **args))
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    return t(
        "me-report",
        number=user.id,
        telegram_id=str(user.telegram_id),
        name=name or empty,
        username=f"@{user.username}" if user.username else empty,
        language=catalog.translator(user.language)("language-name"),
        phone=user.phone or empty,
        verified=format_moment(user.verified_at, tz) if user.verified_at else empty,
        since=format_moment(user.created_at, tz),
        consents="\n".join(consents) or empty,
    )


routes = Routes("menu")
routes.message.filter(F.chat.type == ChatType.PRIVATE, AtStage(Stage.DONE))
routes.callback_query.filter(F.message.chat.type == ChatType.PRIVATE, AtStage(Stage.DONE))


@routes.message(Command("me"))
@routes.message(MenuButton("menu-button-my-data"))
async def my_data(message: Message, ctx: Context) -> None:
    await say(
        ctx.session,
        message.chat.id,
        render_me(ctx.user, ctx.t, ctx.desk.catalog, ctx.desk.tz),
        ctx.now,
        ctx.user,
    )


# The same answers as /privacy and /language, from the menu's buttons.
routes.message(MenuButton("menu-button-privacy"))(commands.privacy)
routes.message(MenuButton("menu-button-language"))(commands.language)


@routes.message(MenuButton("menu-button-help"))
async def help_(message: Message, ctx: Context) -> None:
    await say(ctx.session, message.chat.id, ctx.t("help-text"), ctx.now, ctx.user)


@routes.message(MenuButton("menu-button-offers"))
async def offers(message: Message, ctx: Context) -> None:
    on = ctx.user.marketing_opt_in_at is not None
    text = ctx.t("offers-state-on" if on else "offers-state-off")
    await say(ctx.session, message.chat.id, text, ctx.now, ctx.user, offers_toggle(ctx.t, on))


@routes.callback_query(OffersChoice.filter())
async def offers_set(query: CallbackQuery, callback_data: OffersChoice, ctx: Context) -> None:
    set_offers(ctx.user, callback_data.on, ctx.now)
    await answer_query(
        ctx.session,
        query,
        ctx.now,
        ctx.t("offers-now-on" if callback_data.on else "offers-now-off"),
    )
    on = ctx.user.marketing_opt_in_at is not None
    edit = EditMessageText(
        chat_id=query.message.chat.id,
        message_id=query.message.message_id,
        text=ctx.t("offers-state-on" if on else "offers-state-off"),
        reply_markup=offers_toggle(ctx.t, on),
    )
    await to_user(ctx.session, ctx.user.id, query.message.chat.id, edit, ctx.now)
