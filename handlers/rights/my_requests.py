"""A user's own requests: the list, one request's detail, withdrawing it, adding information."""

from collections.abc import Sequence
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import Translator, format_moment
from care.desk import inbound
from care.desk.albums import AlbumCollector
from care.desk.topics import tell_agents
from care.rights import intake
from care.rights.announcements import move_and_announce
from care.rights.intake import INFORM, MAX_TEXT, Added, TextVerdict
from care.rights.requests import Action, IllegalTransition, is_open
from handlers.filters import MenuButton, first_part
from handlers.people.steps import send_menu
from handlers.replies import answer_query, say
from handlers.rights import request_keyboards as kb
from handlers.rights.dialogs import DialogInput, attached_file, requests_routes, started
from handlers.rights.intake_steps import summary
from handlers.rights.request_keyboards import AddingInfo, Mine, MyRequest
from storage.models import Request, RequestEvent, User
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


async def send_list(session: AsyncSession, user: User, t: Translator, now: datetime) -> None:
    listed = await intake.listed(session, user)
    if not listed:
        await say(session, user.telegram_id, t("my-requests-empty"), now, user)
        return
    text = render_list(t, listed)
    await say(session, user.telegram_id, text, now, user, kb.request_list(t, list(listed)))


async def mine_or_refuse(
    query: CallbackQuery,
    data: MyRequest,
    user: User,
    t: Translator,
    session,
    now: datetime,
    lock=False,
) -> Request | None:
    """The user's own request; a forged or foreign id is answered as not found."""
    request = await intake.own_request(session, user, data.request, lock=lock)
    if request is None:
        await answer_query(session, query, now, t("my-request-not-found"), alert=True)
    return request


routes = requests_routes("my_requests")
typed = DialogInput()


@routes.message(Command("requests"))
@routes.message(MenuButton("menu-button-my-requests"))
async def my_requests(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    now: datetime,
) -> None:
    await state.clear()
    await send_list(session, user, t, now)


@routes.callback_query(MyRequest.filter(F.action == Mine.LIST))
async def back_to_list(
    query: CallbackQuery, user: User, t: Translator, session: AsyncSession, now: datetime
) -> None:
    await answer_query(session, query, now)
    await send_list(session, user, t, now)


@routes.callback_query(MyRequest.filter(F.action == Mine.SHOW))
async def show(
    query: CallbackQuery,
    callback_data: MyRequest,
    user: User,
    t: Translator,
    session: AsyncSession,
    tz: ZoneInfo,
    now: datetime,
) -> None:
    if (request := await mine_or_refuse(query, callback_data, user, t, session, now)) is None:
        return
    await answer_query(session, query, now)
    text = render_detail(t, tz, request, await intake.history(session, request))
    await say(session, user.telegram_id, text, now, user, kb.detail(t, request))


@routes.callback_query(MyRequest.filter(F.action == Mine.WITHDRAW))
async def withdraw(
    query: CallbackQuery,
    callback_data: MyRequest,
    user: User,
    t: Translator,
    session,
    now: datetime,
) -> None:
    if (request := await mine_or_refuse(query, callback_data, user, t, session, now)) is None:
        return
    if not is_open(request.status):
        await answer_query(session, query, now, t("my-request-closed"), alert=True)
        return
    await answer_query(session, query, now)
    text = t("my-request-withdraw-sure", **summary(t, request))
    await say(session, user.telegram_id, text, now, user, kb.withdraw_sure(t, request))


@routes.callback_query(MyRequest.filter(F.action == Mine.WITHDRAW_SURE))
async def withdraw_sure(
    query: CallbackQuery,
    callback_data: MyRequest,
    user: User,
    t: Translator,
    session: AsyncSession,
    desk: Desk,
    state: FSMContext,
    now: datetime,
) -> None:
    request = await mine_or_refuse(query, callback_data, user, t, session, now, lock=True)
    if request is None:
        return
    try:  # the notice of the move confirms it to the user
        await move_and_announce(session, desk, request, Action.WITHDRAW, now, Actor.USER)
    except IllegalTransition:
        await answer_query(session, query, now, t("my-request-closed"), alert=True)
        return
    await answer_query(session, query, now)
    if (await state.get_data()).get("request") == request.id:
        await state.clear()  # no more information for a withdrawn request


@routes.callback_query(MyRequest.filter(F.action == Mine.ADD_INFO))
async def add_info(
    query: CallbackQuery,
    callback_data: MyRequest,
    user: User,
    t: Translator,
    session: AsyncSession,
    state: FSMContext,
    now: datetime,
) -> None:
    if (request := await mine_or_refuse(query, callback_data, user, t, session, now)) is None:
        return
    if request.status != RequestStatus.AWAITING_USER:
        await answer_query(session, query, now, t("my-request-not-awaiting"), alert=True)
        return
    await answer_query(session, query, now)
    await state.clear()
    await state.set_state(AddingInfo.collecting)
    await state.update_data(request=request.id, **started(now))
    text = t("my-request-add-info-prompt", **summary(t, request))
    await say(session, user.telegram_id, text, now, user, kb.info_done(t, request))


@routes.callback_query(MyRequest.filter(F.action == Mine.INFO_DONE))
async def info_done(
    query: CallbackQuery,
    callback_data: MyRequest,
    user: User,
    t: Translator,
    session: AsyncSession,
    desk: Desk,
    state: FSMContext,
    now: datetime,
) -> None:
    """Done: thanked first, then the request goes back to the agents (its notice says so)."""
    await answer_query(session, query, now)
    if await state.get_state() in AddingInfo:
        await state.clear()
    request = await intake.own_request(session, user, callback_data.request, lock=True)
    if request is not None and await intake.still_unanswered(session, request):
        await send_menu(session, user.telegram_id, t, now, t("my-request-info-nothing"), user)
        return
    await send_menu(session, user.telegram_id, t, now, t("my-request-info-done"), user)
    if request is not None:
        await intake.finish_information(session, desk, request, now)


@routes.message(AddingInfo.collecting, typed)
async def information(
    message: Message,
    user: User,
    t: Translator,
    session: AsyncSession,
    desk: Desk,
    state: FSMContext,
    albums: AlbumCollector,
    after_commit: list,
    now: datetime,
) -> None:
    """What the user sends attaches to the request and reaches the agents in the topic."""
    request_id = (await state.get_data()).get("request", 0)
    request = await intake.own_request(session, user, request_id, lock=True)

    async def relay() -> None:
        """To the agents in the user's topic, as any message to care goes."""
        relayed = await inbound.relay_from_user(session, desk, user, message, now)
        if relayed is inbound.Relayed.QUEUED:
            group = message.media_group_id
            after_commit.append(partial(albums.schedule, user.id, Direction.IN, group))

    if request is None or not is_open(request.status):
        await state.clear()  # the rest of an album reaches care through its own handler
        if message.content_type in inbound.RELAYABLE:
            await relay()
            text = t("my-request-closed-relayed")
        else:
            text = t("my-request-closed")
        await send_menu(session, message.chat.id, t, now, text, user)
        return
    found = attached_file(message)
    text = message.text or message.caption
    if found is None and message.text is None:
        await say(session, message.chat.id, t("my-request-info-kinds"), now, user)
        return
    if message.text is not None and intake.check_text(text) is TextVerdict.TOO_LONG:
        reply = t("intake-text-too-long", limit=MAX_TEXT, length=len(text))
        await say(session, message.chat.id, reply, now, user)
        return
    files = [found] if found else []
    added = await intake.add_information(session, desk, user, request, now, text, files)
    if added is Added.ANSWERED:  # the agents read which request, then what came
        note = desk.admin_t("intake-agents-info-added", reference=request.reference)
        await tell_agents(session, user.id, note, now)
    await relay()
    if await first_part(message, state):
        reply = t("my-request-info-added", reference=request.reference)
        await say(session, message.chat.id, reply, now, user, kb.info_done(t, request))
