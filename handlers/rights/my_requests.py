"""A user's own requests: the list, one request's detail, withdrawing it, adding information."""

from collections.abc import Sequence
from functools import partial
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from care.common.texts import Translator, format_moment
from care.desk import inbound
from care.desk.albums import AlbumCollector
from care.desk.topics import tell_agents
from care.rights import intake
from care.rights.announcements import move_and_announce
from care.rights.intake import INFORM, MAX_TEXT, Added, TextVerdict
from care.rights.requests import Action, IllegalTransition, is_open
from handlers.context import Context
from handlers.filters import MenuButton, first_part
from handlers.people.steps import send_menu
from handlers.replies import answer_query, say
from handlers.rights import request_keyboards as kb
from handlers.rights.dialogs import DialogInput, attached_file, requests_routes, started
from handlers.rights.intake_steps import summary
from handlers.rights.request_keyboards import AddingInfo, Mine, MyRequest
from storage.models import Request, RequestEvent
from storage.vocabulary import Actor, Direction, RequestStatus


def render_list(t: Translator, listed: Sequence[Request]) -> str:
    lines = [t("my-requests-line", **summary(t, request)) for request in listed]
    return "\n\n".join([t("my-requests-title"), *lines])


def render_detail(
    t: Translator, tz: ZoneInfo, request: Request, events: Sequence[RequestEvent]
) -> str:
    lines = []
    for event in events:
        when = format_moment(event.at, tz)
        if event.action == INFORM:
            lines.append(t("my-request-history-info", when=when))
        else:
            status = t(f"request-state-{event.to_status}")
            lines.append(t("my-request-history-line", when=when, status=status))
    return t("my-request-detail", **summary(t, request), history="\n".join(lines))


async def send_list(ctx: Context) -> None:
    listed = await intake.listed(ctx.session, ctx.user)
    if not listed:
        await say(ctx.session, ctx.user.telegram_id, ctx.t("my-requests-empty"), ctx.now, ctx.user)
        return
    text = render_list(ctx.t, listed)
    await say(
        ctx.session,
        ctx.user.telegram_id,
        text,
        ctx.now,
        ctx.user,
        kb.request_list(ctx.t, list(listed)),
    )


async def mine_or_refuse(
    query: CallbackQuery, data: MyRequest, ctx: Context, lock=False
) -> Request | None:
    """The user's own request; a forged or foreign id is answered as not found."""
    request = await intake.own_request(ctx.session, ctx.user, data.request, lock=lock)
    if request is None:
        await answer_query(ctx.session, query, ctx.now, ctx.t("my-request-not-found"), alert=True)
    return request


routes = requests_routes("my_requests")
typed = DialogInput()


@routes.message(Command("requests"))
@routes.message(MenuButton("menu-button-my-requests"))
async def my_requests(message: Message, ctx: Context, state: FSMContext) -> None:
    await state.clear()
    await send_list(ctx)


@routes.callback_query(MyRequest.filter(F.action == Mine.LIST))
async def back_to_list(query: CallbackQuery, ctx: Context) -> None:
    await answer_query(ctx.session, query, ctx.now)
    await send_list(ctx)


@routes.callback_query(MyRequest.filter(F.action == Mine.SHOW))
async def show(query: CallbackQuery, callback_data: MyRequest, ctx: Context) -> None:
    if (request := await mine_or_refuse(query, callback_data, ctx)) is None:
        return
    await answer_query(ctx.session, query, ctx.now)
    text = render_detail(ctx.t, ctx.desk.tz, request, await intake.history(ctx.session, request))
    await say(ctx.session, ctx.user.telegram_id, text, ctx.now, ctx.user, kb.detail(ctx.t, request))


@routes.callback_query(MyRequest.filter(F.action == Mine.WITHDRAW))
async def withdraw(query: CallbackQuery, callback_data: MyRequest, ctx: Context) -> None:
    if (request := await mine_or_refuse(query, callback_data, ctx)) is None:
        return
    if not is_open(request.status):
        await answer_query(ctx.session, query, ctx.now, ctx.t("my-request-closed"), alert=True)
        return
    await answer_query(ctx.session, query, ctx.now)
    text = ctx.t("my-request-withdraw-sure", **summary(ctx.t, request))
    await say(
        ctx.session, ctx.user.telegram_id, text, ctx.now, ctx.user, kb.withdraw_sure(ctx.t, request)
    )


@routes.callback_query(MyRequest.filter(F.action == Mine.WITHDRAW_SURE))
async def withdraw_sure(
    query: CallbackQuery, callback_data: MyRequest, ctx: Context, state: FSMContext
) -> None:
    request = await mine_or_refuse(query, callback_data, ctx, lock=True)
    if request is None:
        return
    try:  # the notice of the move confirms it to the user
        await move_and_announce(
            ctx.session, ctx.desk, request, Action.WITHDRAW, ctx.now, Actor.USER
        )
    except IllegalTransition:
        await answer_query(ctx.session, query, ctx.now, ctx.t("my-request-closed"), alert=True)
        return
    await answer_query(ctx.session, query, ctx.now)
    if (await state.get_data()).get("request") == request.id:
        await state.clear()  # no more information for a withdrawn request


@routes.callback_query(MyRequest.filter(F.action == Mine.ADD_INFO))
async def add_info(
    query: CallbackQuery, callback_data: MyRequest, ctx: Context, state: FSMContext
) -> None:
    if (request := await mine_or_refuse(query, callback_data, ctx)) is None:
        return
    if request.status != RequestStatus.AWAITING_USER:
        await answer_query(
            ctx.session, query, ctx.now, ctx.t("my-request-not-awaiting"), alert=True
        )
        return
    await answer_query(ctx.session, query, ctx.now)
    await state.clear()
    await state.set_state(AddingInfo.collecting)
    await state.update_data(request=request.id, **started(ctx.now))
    text = ctx.t("my-request-add-info-prompt", **summary(ctx.t, request))
    await say(
        ctx.session, ctx.user.telegram_id, text, ctx.now, ctx.user, kb.info_done(ctx.t, request)
    )


@routes.callback_query(MyRequest.filter(F.action == Mine.INFO_DONE))
async def info_done(
    query: CallbackQuery, callback_data: MyRequest, ctx: Context, state: FSMContext
) -> None:
    """Done: thanked first, then the request goes back to the agents (its notice says so)."""
    await answer_query(ctx.session, query, ctx.now)
    if await state.get_state() in AddingInfo:
        await state.clear()
    request = await intake.own_request(ctx.session, ctx.user, callback_data.request, lock=True)
    if request is not None and await intake.still_unanswered(ctx.session, request):
        await send_menu(
            ctx.session,
            ctx.user.telegram_id,
            ctx.t,
            ctx.now,
            ctx.t("my-request-info-nothing"),
            ctx.user,
        )
        return
    await send_menu(
        ctx.session, ctx.user.telegram_id, ctx.t, ctx.now, ctx.t("my-request-info-done"), ctx.user
    )
    if request is not None:
        await intake.finish_information(ctx.session, ctx.desk, request, ctx.now)


@routes.message(AddingInfo.collecting, typed)
async def information(
    message: Message, ctx: Context, state: FSMContext, albums: AlbumCollector
) -> None:
    """What the user sends attaches to the request and reaches the agents in the topic."""
    request_id = (await state.get_data()).get("request", 0)
    request = await intake.own_request(ctx.session, ctx.user, request_id, lock=True)

    async def relay() -> None:
        """To the agents in the user's topic, as any message to care goes."""
        relayed = await inbound.relay_from_user(ctx.session, ctx.desk, ctx.user, message, ctx.now)
        if relayed is inbound.Relayed.QUEUED:
            group = message.media_group_id
            ctx.after_commit.append(partial(albums.schedule, ctx.user.id, Direction.IN, group))

    if request is None or not is_open(request.status):
        await state.clear()  # the rest of an album reaches care through its own handler
        if message.content_type in inbound.RELAYABLE:
            await relay()
            text = ctx.t("my-request-closed-relayed")
        else:
            text = ctx.t("my-request-closed")
        await send_menu(ctx.session, message.chat.id, ctx.t, ctx.now, text, ctx.user)
        return
    found = attached_file(message)
    text = message.text or message.caption
    if found is None and message.text is None:
        await say(ctx.session, message.chat.id, ctx.t("my-request-info-kinds"), ctx.now, ctx.user)
        return
    if message.text is not None and intake.check_text(text) is TextVerdict.TOO_LONG:
        reply = ctx.t("intake-text-too-long", limit=MAX_TEXT, length=len(text))
        await say(ctx.session, message.chat.id, reply, ctx.now, ctx.user)
        return
    files = [found] if found else []
    added = await intake.add_information(
        ctx.session, ctx.desk, ctx.user, request, ctx.now, text, files
    )
    if added is Added.ANSWERED:  # the agents read which request, then what came
        note = ctx.desk.admin_t("intake-agents-info-added", reference=request.reference)
        await tell_agents(ctx.session, ctx.user.id, note, ctx.now)
    await relay()
    if await first_part(message, state):
        reply = ctx.t("my-request-info-added", reference=request.reference)
        await say(
            ctx.session, message.chat.id, reply, ctx.now, ctx.user, kb.info_done(ctx.t, request)
        )
