"""The two-way relay between a user's private chat and their topic in the admin chat."""

import enum
import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import Message, MessageId, ReplyParameters
from sqlalchemy.ext.asyncio import AsyncSession

from care import reachability
from care.carelog import content_type, log_message
from care.clock import utcnow
from care.desk import Desk
from care.topics import ensure_topic, in_topic, post_to_topic, user_label
from storage import care
from storage.models import Conversation, MessagePair, User

log = logging.getLogger(__name__)

# What an agent may send to a user; anything else in a topic is a service message.
RELAYABLE = {
    "text",
    "photo",
    "document",
    "voice",
    "video",
    "sticker",
    "audio",
    "animation",
    "video_note",
    "location",
    "venue",
    "contact",
    "dice",
    "poll",
}


class Relayed(enum.Enum):
    COPIED = "copied"
    QUEUED = "queued"  # an album part: copied with the rest of its group
    PENDING = "pending"  # Telegram or the admin chat is unavailable: kept, copied later
    THROTTLED = "throttled"
    IGNORED = "ignored"  # a banned user
    FAILED = "failed"  # could not be copied; agents were told


def unavailable(exc: TelegramAPIError) -> bool:
    """Failures that say nothing about the message itself: try again later."""
    if isinstance(exc, TelegramNetworkError | TelegramServerError | TelegramRetryAfter):
        return True
    if isinstance(exc, TelegramNotFound):
        return True
    return isinstance(exc, TelegramBadRequest) and "chat not found" in exc.message.lower()


def reply_to(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


async def tell_user(
    bot: Bot,
    session: AsyncSession,
    desk: Desk,
    user: User,
    msg_id: str,
    now: datetime,
    event: str = "notice",
    **args: object,
) -> bool:
    """A bot answer that belongs to the conversation: sent in the user's language, logged."""
    text = desk.user_t(user)(msg_id, **args)
    await care.add_log(session, user.id, "bot", "text", now, event=event, text=text)
    try:
        await bot.send_message(user.telegram_id, text)
    except TelegramForbiddenError:
        reachability.mark_blocked(user, now)
        return False
    except TelegramAPIError as exc:  # a notice: what it says is in the care log already
        log.warning("notice %s to user %s not sent: %s", msg_id, user.id, exc.message)
        return False
    return True


async def open_conversation(
    session: AsyncSession, user: User, now: datetime
) -> tuple[Conversation, bool]:
    """The user's conversation, reopened if closed; True when it starts afresh."""
    conversation = await care.get_conversation(session, user.id)
    if conversation is None:
        return await care.add_conversation(session, user, now), True
    if conversation.closed_at is not None:
        conversation.closed_at = None
        conversation.opened_at = now
        return conversation, True
    return conversation, False


async def over_flood_limit(
    session: AsyncSession, desk: Desk, user: User, message: Message, now: datetime
) -> bool:
    """True (and the message logged as throttled) when the user wrote too much lately."""
    since = now - timedelta(seconds=desk.flood_window)
    if await care.count_log_since(session, user.id, since, direction="in") < desk.flood_limit:
        return False
    await log_message(session, user, "in", message, now, event="throttled")
    return True


async def throttled(
    bot: Bot, session: AsyncSession, desk: Desk, user: User, message: Message, now: datetime
) -> bool:
    """Past the flood limit: keep the message in the log only, and say so once a window."""
    if not await over_flood_limit(session, desk, user, message, now):
        return False
    since = now - timedelta(seconds=desk.flood_window)
    warned = await care.count_log_since(session, user.id, since, event="slow-down")
    if not warned:
        await tell_user(bot, session, desk, user, "care-slow-down", now, event="slow-down")
        conversation, _ = await open_conversation(session, user, now)
        await post_to_topic(
            bot,
            session,
            desk,
            conversation,
            desk.admin_t("admin-throttled", seconds=desk.flood_window),
        )
    return True


async def relay_from_user(
    bot: Bot, session: AsyncSession, desk: Desk, user: User, message: Message, now: datetime
) -> Relayed:
    if user.banned_at is not None:
        return Relayed.IGNORED
    if await throttled(bot, session, desk, user, message, now):
        return Relayed.THROTTLED
    conversation, fresh = await open_conversation(session, user, now)
    if fresh and conversation.thread_id is not None:
        await reopen_topic(bot, desk, conversation)
    await log_message(session, user, "in", message, now)
    if message.media_group_id:
        await ensure_topic(bot, desk, conversation)
        await care.add_pair(
            session,
            user.id,
            "in",
            now,
            user_message_id=message.message_id,
            media_group_id=message.media_group_id,
        )
        relayed = Relayed.QUEUED
    else:
        await copy_pending_to_admin_chat(bot, session, desk, conversation)
        relayed = await copy_to_admin_chat(bot, session, desk, conversation, message, now)
    if fresh:
        await tell_user(bot, session, desk, user, "care-received", now)
    return relayed


async def reopen_topic(bot: Bot, desk: Desk, conversation: Conversation) -> None:
    try:
        await bot.reopen_forum_topic(desk.admin_chat_id, conversation.thread_id)
    except TelegramAPIError as exc:  # not closed, or gone: the next send sorts it out
        log.debug("reopen topic %s: %s", conversation.thread_id, exc.message)


async def copy_to_admin_chat(
    bot: Bot,
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    message: Message,
    now: datetime,
) -> Relayed:
    user = conversation.user
    target = None
    if message.reply_to_message is not None:
        pair = await care.pair_by_user_message(
            session, user.id, message.reply_to_message.message_id
        )
        target = pair.admin_message_id if pair else None

    async def send(thread_id: int | None) -> MessageId:
        reply = target
        if thread_id is None and reply is None:
            reply = await post_header(bot, session, desk, user)
        return await bot.copy_message(
            desk.admin_chat_id,
            user.telegram_id,
            message.message_id,
            message_thread_id=thread_id,
            reply_parameters=reply_to(reply),
        )

    pair = await care.add_pair(session, user.id, "in", now, user_message_id=message.message_id)
    try:
        copy = await in_topic(bot, desk, conversation, send)
    except TelegramAPIError as exc:
        if unavailable(exc) or isinstance(exc, TelegramForbiddenError):
            log.warning("admin chat unavailable; user %s message kept: %s", user.id, exc.message)
            return Relayed.PENDING
        if not isinstance(exc, TelegramBadRequest):
            raise
        await give_up_copy(bot, session, desk, conversation, pair, content_type(message), exc)
        return Relayed.FAILED
    pair.admin_message_id = copy.message_id
    return Relayed.COPIED


async def post_header(bot: Bot, session: AsyncSession, desk: Desk, user: User) -> int:
    """Without topics, a header says whose messages follow; agents answer by replying."""
    header = await bot.send_message(
        desk.admin_chat_id, desk.admin_t("admin-header", user=user_label(user))
    )
    await care.add_pair(session, user.id, "in", utcnow(), admin_message_id=header.message_id)
    return header.message_id


async def give_up_copy(
    bot: Bot,
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    pair: MessagePair,
    kind: str,
    exc: TelegramAPIError,
) -> None:
    """A user's message Telegram will not copy: log it and tell the agents."""
    log.warning(
        "user %s message %s not copied: %s", pair.user_id, pair.user_message_id, exc.message
    )
    pair.given_up_at = utcnow()
    await care.add_log(session, pair.user_id, "in", kind, pair.given_up_at, event="uncopyable")
    note = desk.admin_t("admin-uncopyable", kind=kind, reason=exc.message)
    await post_to_topic(bot, session, desk, conversation, note)


async def copy_pending_to_admin_chat(
    bot: Bot, session: AsyncSession, desk: Desk, conversation: Conversation
) -> None:
    """Copy, in order, user messages an earlier outage left behind (albums aside)."""
    user = conversation.user
    for pair in await care.awaiting_copy(session, user.id, "in", None):

        async def send(thread_id: int | None, pair: MessagePair = pair) -> MessageId:
            header = None if thread_id else await post_header(bot, session, desk, user)
            return await bot.copy_message(
                desk.admin_chat_id,
                user.telegram_id,
                pair.user_message_id,
                message_thread_id=thread_id,
                reply_parameters=reply_to(header),
            )

        try:
            copy = await in_topic(bot, desk, conversation, send)
        except TelegramAPIError as exc:
            if unavailable(exc) or isinstance(exc, TelegramForbiddenError):
                return
            if not isinstance(exc, TelegramBadRequest):
                raise
            await give_up_copy(bot, session, desk, conversation, pair, "message", exc)
            continue
        pair.admin_message_id = copy.message_id


async def flush_pending(
    bot: Bot, session: AsyncSession, desk: Desk, user_id: int, direction: str, group: str | None
) -> None:
    """Copy what waits: an album's parts as one group, or (group None) single messages."""
    conversation = await care.get_conversation(session, user_id)
    if conversation is None:
        return
    if group is None:
        if direction == "in":
            await copy_pending_to_admin_chat(bot, session, desk, conversation)
        else:
            await redeliver(bot, session, desk, conversation, albums=False)
        return
    pairs = await care.awaiting_copy(session, user_id, direction, group)
    if not pairs:
        return
    if direction == "in":
        await copy_album_to_admin_chat(bot, session, desk, conversation, pairs)
    else:
        await deliver(bot, session, desk, conversation, pairs)


async def copy_album_to_admin_chat(
    bot: Bot,
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    pairs: list[MessagePair],
) -> None:
    user = conversation.user

    async def send(thread_id: int | None) -> list[MessageId]:
        if thread_id is None:
            await post_header(bot, session, desk, user)
        return await bot.copy_messages(
            desk.admin_chat_id,
            user.telegram_id,
            [p.user_message_id for p in pairs],
            message_thread_id=thread_id,
        )

    try:
        copies = await in_topic(bot, desk, conversation, send)
    except TelegramAPIError as exc:
        if unavailable(exc) or isinstance(exc, TelegramForbiddenError):
            return  # the parts wait for the retry tick
        if not isinstance(exc, TelegramBadRequest):
            raise
        for pair in pairs[1:]:
            pair.given_up_at = utcnow()
        await give_up_copy(bot, session, desk, conversation, pairs[0], "album", exc)
        return
    for pair, copy in zip(pairs, copies, strict=False):
        pair.admin_message_id = copy.message_id


async def relay_from_agent(
    bot: Bot,
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    message: Message,
    now: datetime,
) -> Relayed:
    user = conversation.user
    agent_id = message.from_user.id if message.from_user else None
    await log_message(session, user, "out", message, now, agent_id=agent_id)
    pair = await care.add_pair(
        session,
        user.id,
        "out",
        now,
        admin_message_id=message.message_id,
        media_group_id=message.media_group_id,
    )
    if message.media_group_id:
        return Relayed.QUEUED
    if user.reachable:  # what an outage held back goes first, in order
        held = await care.awaiting_copy(session, user.id, "out", None)
        held = [p for p in held if p.id < pair.id]
        if held and await redeliver(bot, session, desk, conversation, False, pair.id) < len(held):
            return Relayed.PENDING
    target = None
    replied = message.reply_to_message
    if replied is not None and replied.message_id != message.message_thread_id:
        original = await care.pair_by_admin_message(session, replied.message_id)
        target = original.user_message_id if original else None
    delivered = await deliver(bot, session, desk, conversation, [pair], target, message)
    return Relayed.COPIED if delivered else Relayed.FAILED


TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024
CAPTIONED = {"photo", "video", "document", "audio", "animation", "voice"}


def signature_of(desk: Desk, message: Message | None) -> str | None:
    """The agent's signature, when the operator wants names shown."""
    if message is None or not desk.show_agent_names or message.from_user is None:
        return None
    return "\n\n" + desk.admin_t("care-signature", name=message.from_user.first_name)


def signed_text_of(desk: Desk, message: Message | None) -> str | None:
    """An agent's text with their signature; None when unsigned or it would not fit."""
    signature = signature_of(desk, message)
    if signature is None or message.text is None:
        return None
    text = message.text + signature
    return text if len(text) <= TEXT_LIMIT else None


def signed(desk: Desk, message: Message | None) -> dict[str, object]:
    """Copy arguments that sign an agent's caption, when wanted and it fits."""
    signature = signature_of(desk, message)
    if signature is None or content_type(message) not in CAPTIONED:
        return {}
    caption = (message.caption or "") + signature
    if len(caption) > CAPTION_LIMIT:
        return {}
    return {"caption": caption, "caption_entities": message.caption_entities}


async def deliver(
    bot: Bot,
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    pairs: list[MessagePair],
    target: int | None = None,
    original: Message | None = None,
) -> bool:
    """Copy agents' messages to the user; failures are told in the topic, never dropped."""
    user = conversation.user
    now = utcnow()
    try:
        if len(pairs) > 1 or pairs[0].media_group_id:
            copies = await bot.copy_messages(
                user.telegram_id, desk.admin_chat_id, [p.admin_message_id for p in pairs]
            )
        elif (signed_text := signed_text_of(desk, original)) is not None:
            sent = await bot.send_message(
                user.telegram_id,
                signed_text,
                entities=original.entities,
                reply_parameters=reply_to(target),
            )
            copies = [MessageId(message_id=sent.message_id)]
        else:
            copies = [
                await bot.copy_message(
                    user.telegram_id,
                    desk.admin_chat_id,
                    pairs[0].admin_message_id,
                    reply_parameters=reply_to(target),
                    **signed(desk, original),
                )
            ]
    except TelegramForbiddenError:
        reachability.mark_blocked(user, now)
        await care.add_log(session, user.id, "out", "text", now, event="undelivered")
        await post_to_topic(bot, session, desk, conversation, desk.admin_t("admin-user-blocked"))
        return False
    except TelegramAPIError as exc:
        if unavailable(exc):
            log.warning("Telegram unavailable; answer to user %s kept: %s", user.id, exc.message)
            await post_to_topic(bot, session, desk, conversation, desk.admin_t("admin-delayed"))
            return False
        if not isinstance(exc, TelegramBadRequest):
            raise
        await care.add_log(session, user.id, "out", "text", now, event="undelivered")
        note = desk.admin_t("admin-undelivered", reason=exc.message)
        await post_to_topic(bot, session, desk, conversation, note)
        for pair in pairs:  # nothing will ever deliver these: stop counting them as pending
            pair.given_up_at = now
        return False
    for pair, copy in zip(pairs, copies, strict=False):
        pair.user_message_id = copy.message_id
    return True


async def redeliver(
    bot: Bot,
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    albums: bool = True,
    before: int | None = None,
) -> int:
    """Deliver, in order, what agents wrote while the user or Telegram was unreachable."""
    pending = await care.awaiting_copy(
        session, conversation.user_id, "out", ... if albums else None
    )
    if before is not None:
        pending = [pair for pair in pending if pair.id < before]
    batches: list[list[MessagePair]] = []
    for pair in pending:
        if batches and pair.media_group_id and batches[-1][0].media_group_id == pair.media_group_id:
            batches[-1].append(pair)
        else:
            batches.append([pair])
    delivered = 0
    for batch in batches:
        if not await deliver(bot, session, desk, conversation, batch):
            break
        delivered += len(batch)
    return delivered


async def edit_from_user(
    bot: Bot, session: AsyncSession, desk: Desk, user: User, message: Message, now: datetime
) -> bool:
    if user.banned_at is not None or await over_flood_limit(session, desk, user, message, now):
        return False
    pair = await care.pair_by_user_message(session, user.id, message.message_id)
    if pair is None or not pair.admin_message_id:
        return False
    await log_message(session, user, "in", message, now, event="edit")
    return await sync_edit(bot, desk.admin_chat_id, pair.admin_message_id, message)


async def edit_from_agent(
    bot: Bot,
    session: AsyncSession,
    desk: Desk,
    conversation: Conversation,
    message: Message,
    now: datetime,
) -> bool:
    pair = await care.pair_by_admin_message(session, message.message_id)
    if pair is None or pair.direction != "out" or not pair.user_message_id:
        return False
    agent_id = message.from_user.id if message.from_user else None
    await log_message(
        session, conversation.user, "out", message, now, event="edit", agent_id=agent_id
    )
    suffix = signature_of(desk, message) or ""
    return await sync_edit(
        bot, conversation.user.telegram_id, pair.user_message_id, message, suffix
    )


async def sync_edit(
    bot: Bot, chat_id: int, message_id: int, edited: Message, suffix: str = ""
) -> bool:
    """Make the copy say what the edited original now says."""
    limit = TEXT_LIMIT if edited.text is not None else CAPTION_LIMIT
    if len((edited.text or edited.caption or "") + suffix) > limit:
        suffix = ""
    try:
        if edited.text is not None:
            await bot.edit_message_text(
                text=edited.text + suffix,
                chat_id=chat_id,
                message_id=message_id,
                entities=edited.entities,
            )
        elif edited.caption is not None:
            await bot.edit_message_caption(
                chat_id=chat_id,
                message_id=message_id,
                caption=edited.caption + suffix,
                caption_entities=edited.caption_entities,
            )
        else:
            return False
    except TelegramBadRequest as exc:
        if "not modified" not in exc.message:
            log.warning(
                "edit of message %s in chat %s not synced: %s", message_id, chat_id, exc.message
            )
            return False
    except TelegramForbiddenError:
        return False
    return True


async def user_left(bot: Bot, session: AsyncSession, desk: Desk, user: User, now: datetime) -> None:
    """The user blocked the bot: remember it and tell their topic."""
    was_reachable = user.reachable
    reachability.mark_blocked(user, now)
    conversation = await care.get_conversation(session, user.id)
    if was_reachable and conversation is not None:
        await post_to_topic(bot, session, desk, conversation, desk.admin_t("admin-user-left"))


async def user_back(bot: Bot, session: AsyncSession, desk: Desk, user: User) -> None:
    """The user unblocked the bot: deliver what agents wrote meanwhile and tell the topic."""
    was_blocked = not user.reachable
    reachability.mark_reachable(user)
    conversation = await care.get_conversation(session, user.id)
    if was_blocked and conversation is not None:
        count = await redeliver(bot, session, desk, conversation)
        await post_to_topic(
            bot, session, desk, conversation, desk.admin_t("admin-user-back", count=count)
        )


async def conversation_for(session: AsyncSession, message: Message) -> Conversation | None:
    """Whose conversation an admin-chat message belongs to: by topic, or by what it replies to."""
    if message.is_topic_message and message.message_thread_id:
        return await care.conversation_by_thread(session, message.message_thread_id)
    if message.reply_to_message is not None:
        pair = await care.pair_by_admin_message(session, message.reply_to_message.message_id)
        if pair is not None:
            return await care.get_conversation(session, pair.user_id)
    return None
