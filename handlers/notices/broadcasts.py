"""Broadcasts in the admin chat: a supervisor replies /broadcast to a message, picks the
audience, sees the count and a preview, confirms; the progress message's Stop button."""

from collections.abc import Awaitable, Callable
from typing import Any, Literal

from aiogram import F
from aiogram.filters import Command, or_f
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import CopyMessage, CopyMessages, EditMessageText, SendMessage
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    TelegramObject,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from care.common.desk import Desk
from care.notices import campaigns
from care.notices.campaigns import CancelOutcome, StopPress
from care.outbound.outbox import ADMIN_LANE, call
from handlers.context import Context
from handlers.filters import AdminChat, IsSupervisor
from handlers.replies import answer_query, reply_to_agent
from handlers.routes import Routes, split_by
from storage.vocabulary import Audience, CampaignKind, RowId

Locale = Literal["", "kk", "ru", "en"]


class AudiencePress(CallbackData, prefix="bcaud"):
    audience: Audience
    locale: Locale = ""
    source: RowId  # the message to send, in the admin chat


class ConfirmPress(CallbackData, prefix="bcgo"):
    go: bool
    audience: Audience
    locale: Locale = ""
    source: RowId


def thread_of(message) -> int | None:
    return message.message_thread_id if getattr(message, "is_topic_message", None) else None


def audience_buttons(desk: Desk, source: int) -> InlineKeyboardMarkup:
    t, builder = desk.admin_t, InlineKeyboardBuilder()
    builder.button(
        text=t("broadcast-button-all"),
        callback_data=AudiencePress(source=source, audience=Audience.ALL),
    )
    builder.button(
        text=t("broadcast-button-marketing"),
        callback_data=AudiencePress(source=source, audience=Audience.MARKETING),
    )
    for lt in desk.catalog:
        press = AudiencePress(source=source, audience=Audience.LANGUAGE, locale=lt.locale)
        builder.button(
            text=t("broadcast-button-language", language=lt("language-name")), callback_data=press
        )
    builder.adjust(1, 1, 3)
    return builder.as_markup()


def confirm_buttons(desk: Desk, press: AudiencePress) -> InlineKeyboardMarkup:
    t, builder = desk.admin_t, InlineKeyboardBuilder()
    for go, label in ((True, "broadcast-button-confirm"), (False, "broadcast-button-cancel")):
        data = ConfirmPress(
            source=press.source, audience=press.audience, locale=press.locale, go=go
        )
        builder.button(text=t(label), callback_data=data)
    return builder.as_markup()


def describe(desk: Desk, audience: str, locale: str) -> str:
    return desk.admin_t(f"broadcast-audience-{audience}", locale=locale)


async def remember_albums(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """Every album part posted in the admin chat is noted (ids only), so /broadcast on one of
    its parts sends the whole album; the message then goes on to whoever handles it."""
    if (
        isinstance(event, Message)
        and event.media_group_id
        and event.chat.id == data["desk"].admin_chat_id
    ):
        await campaigns.remember_album_part(
            data["session"], event.chat.id, event.message_id, event.media_group_id, data["now"]
        )
    return await handler(event, data)


routes = Routes("broadcasts")
routes.message.filter(AdminChat())
routes.message.outer_middleware(remember_albums)
routes.callback_query.filter(AdminChat(), ~F.from_user.is_bot)
# Supervisors broadcast (an anonymous administrator too: it posts as the admin chat); anyone
# else hears that nothing changed. Whose sub-router a message reaches is decided by its filters.
SUPERVISOR = IsSupervisor(anonymous=True)
supervisors, others = split_by(SUPERVISOR, "broadcasts-supervisors", "broadcasts-others")
routes.include(supervisors, others)


@supervisors.message(Command("broadcast"))
async def broadcast(message: Message, ctx: Context) -> None:
    target = message.reply_to_message
    if target is None or target.forum_topic_created is not None or target.from_user is None:
        await reply_to_agent(ctx.session, message, ctx.desk.admin_t("broadcast-usage"), ctx.now)
        return
    text = ctx.desk.admin_t("broadcast-choose-audience")
    parts = await campaigns.broadcast_source(ctx.session, ctx.desk.admin_chat_id, target.message_id)
    if target.media_group_id is not None and len(parts) == 1:  # posted before we saw it
        text += "\n\n" + ctx.desk.admin_t("broadcast-album-note")
    method = SendMessage(
        chat_id=ctx.desk.admin_chat_id,
        text=text,
        message_thread_id=thread_of(message),
        reply_parameters=ReplyParameters(
            message_id=target.message_id, allow_sending_without_reply=True
        ),
        reply_markup=audience_buttons(ctx.desk, target.message_id),
    )
    await call(ctx.session, method, ctx.now, lane=ADMIN_LANE)


@supervisors.callback_query(AudiencePress.filter())
async def chosen(query: CallbackQuery, callback_data: AudiencePress, ctx: Context) -> None:
    await answer_query(ctx.session, query, ctx.now)
    press, thread = callback_data, thread_of(query.message)
    count = await campaigns.audience_size(
        ctx.session, CampaignKind.BROADCAST, press.audience, press.locale or None
    )
    audience = describe(ctx.desk, press.audience, press.locale)
    if count == 0:
        method = SendMessage(
            chat_id=ctx.desk.admin_chat_id,
            message_thread_id=thread,
            text=ctx.desk.admin_t("broadcast-nobody", audience=audience),
        )
        await call(ctx.session, method, ctx.now, lane=ADMIN_LANE)
        return
    parts = await campaigns.broadcast_source(ctx.session, ctx.desk.admin_chat_id, press.source)
    preview = (
        CopyMessages(
            chat_id=ctx.desk.admin_chat_id,
            from_chat_id=ctx.desk.admin_chat_id,
            message_ids=parts,
            message_thread_id=thread,
        )
        if len(parts) > 1
        else CopyMessage(
            chat_id=ctx.desk.admin_chat_id,
            from_chat_id=ctx.desk.admin_chat_id,
            message_id=parts[0],
            message_thread_id=thread,
        )
    )
    await call(ctx.session, preview, ctx.now, lane=ADMIN_LANE)
    confirm = SendMessage(
        chat_id=ctx.desk.admin_chat_id,
        message_thread_id=thread,
        text=ctx.desk.admin_t("broadcast-confirm", count=count, audience=audience),
        reply_markup=confirm_buttons(ctx.desk, press),
    )
    await call(ctx.session, confirm, ctx.now, lane=ADMIN_LANE)


@supervisors.callback_query(ConfirmPress.filter())
async def confirmed(query: CallbackQuery, callback_data: ConfirmPress, ctx: Context) -> None:
    press, message = callback_data, query.message
    if not await campaigns.confirm_once(
        ctx.session, ctx.desk.admin_chat_id, message.message_id, ctx.now
    ):
        await answer_query(ctx.session, query, ctx.now, ctx.desk.admin_t("broadcast-already"))
        return
    await answer_query(ctx.session, query, ctx.now)
    if not press.go:
        text = ctx.desk.admin_t("broadcast-dropped")
    else:
        campaign = await campaigns.start(
            ctx.session,
            ctx.desk,
            CampaignKind.BROADCAST,
            press.audience,
            {
                "chat_id": ctx.desk.admin_chat_id,
                "message_ids": await campaigns.broadcast_source(
                    ctx.session, ctx.desk.admin_chat_id, press.source
                ),
            },
            query.from_user.id,
            ctx.now,
            locale=press.locale or None,
            thread_id=thread_of(message),
        )
        text = ctx.desk.admin_t("broadcast-started", number=campaign.id, count=campaign.total)
    edit = EditMessageText(chat_id=ctx.desk.admin_chat_id, message_id=message.message_id, text=text)
    await call(ctx.session, edit, ctx.now, lane=ADMIN_LANE)


@supervisors.callback_query(StopPress.filter())
async def stop(query: CallbackQuery, callback_data: StopPress, ctx: Context) -> None:
    outcome = await campaigns.cancel(ctx.session, callback_data.campaign, ctx.now)
    if outcome is CancelOutcome.CANCELLED:
        text = ctx.desk.admin_t("broadcast-stopped", number=callback_data.campaign)
    else:
        text = ctx.desk.admin_t("broadcast-over")
    await answer_query(ctx.session, query, ctx.now, text)


@others.message(Command("broadcast"))
async def not_a_supervisor(message: Message, ctx: Context) -> None:
    await reply_to_agent(
        ctx.session, message, ctx.desk.admin_t("broadcast-not-supervisor"), ctx.now
    )


@others.callback_query(or_f(AudiencePress.filter(), ConfirmPress.filter(), StopPress.filter()))
async def pressed_by_another(query: CallbackQuery, ctx: Context) -> None:
    """Broadcast buttons pressed by someone who is not a supervisor: nothing changes."""
    await answer_query(
        ctx.session, query, ctx.now, ctx.desk.admin_t("broadcast-not-supervisor"), True
    )
