"""Care → user: an agent's message in a topic is logged, paired and delivered to the user."""

import logging
from datetime import datetime
from typing import Any

from aiogram.types import Message, MessageEntity, MessageId
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.desk import reachability
from care.desk.carelog import content_type, log_message
from care.desk.copies import CopyPayload, sources
from care.desk.inbound import Relayed, reply_to
from care.desk.topics import tell_agents
from care.outbound.channel import Result, SendContext
from care.outbound.faults import Fault
from care.outbound.outbox import Kind, chat_lane, record, user_of
from storage.desk import care
from storage.models import Conversation, OutboxEntry, User
from storage.people import users
from storage.vocabulary import CareLogEvent, Direction

log = logging.getLogger(__name__)

TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024
CAPTIONED = {"photo", "video", "document", "audio", "animation", "voice"}


class DeliverPayload(CopyPayload):
    """An agent's message (or album) to the user, into `chat` (read from the user when not
    named); `text` (with `entities`) or `caption` (with `caption_entities`): what the copy says
    in place of the original, signed with the agent's name."""

    kind = Kind.DELIVER

    chat: int | None = None
    text: str | None = None
    entities: list[MessageEntity] | None = None
    caption: str | None = None
    caption_entities: list[MessageEntity] | None = None


def signature_of(desk: Desk, user: User, message: Message | None) -> str | None:
    """The agent's signature in the user's language, when the operator wants names shown."""
    if message is None or not desk.show_agent_names or message.from_user is None:
        return None
    return "\n\n" + desk.user_t(user)("care-signature", name=message.from_user.first_name)


def signed(desk: Desk, user: User, message: Message) -> dict[str, Any]:
    """How the user's copy differs from the original: signed text or caption, when it fits."""
    signature = signature_of(desk, user, message)
    if signature is None:
        return {}
    if message.text is not None:
        text = message.text + signature
        if len(text) > TEXT_LIMIT:
            return {}
        return {"text": text, "entities": message.entities or None}
    if content_type(message) not in CAPTIONED:
        return {}
    caption = (message.caption or "") + signature
    if len(caption) > CAPTION_LIMIT:
        return {}
    return {"caption": caption, "caption_entities": message.caption_entities or None}


async def relay_from_agent(
    session: AsyncSession, desk: Desk, conversation: Conversation, message: Message, now: datetime
) -> Relayed:
    user = conversation.user
    agent_id = message.from_user.id if message.from_user else None
    await log_message(session, user, Direction.OUT, message, now, agent_id=agent_id)
    pair = await care.add_pair(
        session,
        user.id,
        Direction.OUT,
        now,
        admin_message_id=message.message_id,
        media_group_id=message.media_group_id,
    )
    if not user.reachable:  # it waits for them behind what is held; agents are told once
        await reachability.answer_kept(session, desk, user, now)
    if message.media_group_id:
        return Relayed.QUEUED
    replied = message.reply_to_message
    target = None
    if replied is not None and replied.message_id != message.message_thread_id:
        target = replied.message_id  # resolved to the user's message when it is sent
    copy = DeliverPayload(
        pairs=[pair.id],
        messages=[message.message_id],
        chat=user.telegram_id,
        reply=target,
        **signed(desk, user, message),
    )
    await record(session, copy, chat_lane(user.telegram_id), user.id, now)
    return Relayed.SENDING


class Deliver:
    """Performer of `Kind.DELIVER`: an agent's message or album to the user."""

    payload = DeliverPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: DeliverPayload, now: datetime
    ) -> Result:
        bot, desk = context.bot, context.desk
        chat, target = payload.chat, None
        if chat is None or payload.group or payload.reply:
            async with context.read() as session:
                if chat is None:
                    user = await users.get_by_id(session, user_of(entry), consents=False)
                    chat = user.telegram_id if user is not None else None
                pairs = await sources(session, user_of(entry), payload, Direction.OUT)
                if payload.reply:
                    original = await care.pair_by_admin_message(session, payload.reply)
                    target = original.user_message_id if original else None
        else:
            pairs = list(zip(payload.pairs or (), payload.messages or (), strict=True))
        if chat is None or not pairs:
            return None
        if payload.group:
            copies = await bot.copy_messages(
                chat, desk.admin_chat_id, [message_id for _, message_id in pairs]
            )
        elif payload.text is not None:
            sent = await bot.send_message(
                chat,
                payload.text,
                entities=payload.entities,
                reply_parameters=reply_to(target),
            )
            copies = [MessageId(message_id=sent.message_id)]
        else:
            extra = {k: v for k in ("caption", "caption_entities") if (v := getattr(payload, k))}
            copy = await bot.copy_message(
                chat,
                desk.admin_chat_id,
                pairs[0][1],
                reply_parameters=reply_to(target),
                **extra,
            )
            copies = [copy]

        async def remember(session: AsyncSession) -> None:
            pair_ids, copy_ids = [pair for pair, _ in pairs], [c.message_id for c in copies]
            await care.set_copies(session, Direction.OUT, pair_ids, copy_ids, now)

        return remember

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """Never dropped: blocked waits for the user, a delay is said, a refusal explained."""
        t = context.desk.admin_t
        if fault is Fault.BLOCKED:
            user = await users.get_by_id(session, entry.user_id)
            if user is None:
                return  # erased meanwhile: nobody to wait for
            reachability.mark_blocked(user, now)
            await care.add_log(
                session, user.id, Direction.OUT, "text", now, event=CareLogEvent.UNDELIVERED
            )
            await reachability.answer_kept(session, context.desk, user, now)
        elif fault is Fault.REFUSED:
            pairs = await sources(session, entry.user_id, payload, Direction.OUT)
            await care.give_up_pairs(session, [pair for pair, _ in pairs], now)
            await care.add_log(
                session, entry.user_id, Direction.OUT, "text", now, event=CareLogEvent.UNDELIVERED
            )
            await tell_agents(
                session, entry.user_id, t("admin-undelivered", reason=exc.message), now
            )
        else:
            await tell_agents(session, entry.user_id, t("admin-delayed"), now)
