"""Deletion under Law 94-V: depersonalize a user everywhere the desk keeps them.

What "everywhere" means is written down table by table: every table of the models is in
ERASED (what a deletion does to it) or EXEMPT (why it holds nothing of the user), and a test
fails for a table in neither, so a new table cannot forget deletion.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime

from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.methods import DeleteForumTopic
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.notices import campaigns
from care.outbound.outbox import ADMIN_LANE, call, chat_lane
from care.people import mentions
from care.rights.announcements import move_and_announce
from care.rights.requests import Action
from storage.models import User
from storage.people import users
from storage.rights import erasure, requests
from storage.vocabulary import Actor

ERASED = {
    "users": "names, username, phone, verification and marketing opt-in cleared; the Telegram "
    "id replaced by -id (freed for a new account); erased_at set; language and dates stay",
    "consents": "kept as depersonalized proof (policy version, times); the live one closed",
    "phone_conflicts": "deleted: the user's attempts and attempts on the user's number",
    "fsm_records": "deleted: the state of the user's private chat (Redis: forget_state)",
    "conversations": "deleted; the admin-chat topic is deleted after the commit",
    "message_pairs": "deleted",
    "care_log": "texts and file ids cleared; who spoke when stays (counts and dates)",
    "outbox": "deleted, except this transaction's last words to the user (detached)",
    "requests": "details, answers, outcome and card cleared; kind, dates, status, clock and "
    "the keyed subject hash stay; open ones withdrawn first",
    "request_events": "reasons cleared (the desk's own erasure reason stays)",
    "request_attachments": "deleted (file ids of the user's documents)",
    "deliveries": "deleted: which notices and broadcasts reached the user (the queued ones "
    "go with the outbox rows of their chat); their campaigns keep only counts by status",
    "mentions": "deleted, and the admin-chat messages outside the topic they point at (the "
    "phone-conflict notice, /find queries and answers) are deleted after the commit, or edited "
    "to name nobody once too old for a bot to delete",
}

EXEMPT = {
    "policy_versions": "the operator's policy versions: no personal data",
    "policy_texts": "the operator's policy texts: no personal data",
    "handled_updates": "update ids and times only, to skip resent updates",
    "request_counters": "a year and a number: no personal data",
    "campaigns": "the operator's notices and broadcasts (admin-chat message ids, the "
    "supervisor's id, figures): nothing of a user",
    "album_parts": "admin-chat message ids of supervisors' albums: no user data",
    "sent_marks": "keys of reminders and digests (request ids, dates): no personal data",
}

# What erase_user does with FSM state kept outside the database (Redis): given the user's
# Telegram id, forget the state of their private chat.
ForgetState = Callable[[int], Awaitable[None]]


def forget_in(storage: BaseStorage, bot_id: int) -> ForgetState:
    """A ForgetState for an aiogram FSM storage (the `fsm_storage` handlers are given)."""

    async def forget(telegram_id: int) -> None:
        key = StorageKey(bot_id=bot_id, chat_id=telegram_id, user_id=telegram_id)
        await storage.set_state(key, None)
        await storage.set_data(key, {})

    return forget


async def erase_user(
    session: AsyncSession,
    desk: Desk,
    user: User,
    now: datetime,
    forget_state: ForgetState | None = None,
) -> None:
    """Depersonalize `user` in the update's transaction (the topic is deleted after the commit);
    their requests stay as depersonalized records, linked by the keyed hash.

    Call it after the request that asked for it has moved on (resolved), with the same `now`:
    what that move told the user in their chat at `now` is still delivered; everything else
    waiting to be sent about them is dropped. Their other open requests are withdrawn by the
    system, and the user is told so in the same way.

    FSM state in the database goes here. FSM state in Redis cannot be reached from the
    transaction: a handler passes `forget_state=forget_in(fsm_storage, bot.id)` (safe with
    the database storage too: inside an update it writes in the update's transaction) and
    it is forgotten at once; should the transaction then roll back, only a half-filled
    dialog is lost.
    """
    await users.lock(session, user.id)
    telegram_id = user.telegram_id
    for request in await requests.open_for_user(session, user.id):
        reason = desk.catalog.translator(request.language)("erasure-withdrawn-reason")
        await move_and_announce(
            session, desk, request, Action.WITHDRAW, now, Actor.SYSTEM, reason=reason
        )
    await session.flush()

    thread_id = await erasure.delete_conversation(session, user.id)
    await erasure.delete_outbox(session, user.id, chat_lane(telegram_id), keep_since=now)
    if thread_id is not None:
        # In the admin lane and tied to no user: nothing of theirs holds or drops it.
        topic = DeleteForumTopic(chat_id=desk.admin_chat_id, message_thread_id=thread_id)
        await call(session, topic, now, lane=ADMIN_LANE)
    await mentions.retract(session, [user.id], now)  # what names them outside the topic
    await erasure.delete_pairs(session, user.id)
    await campaigns.keep_figures_of(session, user.id)
    await erasure.delete_deliveries(session, user.id)
    await erasure.clear_care_log(session, user.id)
    await erasure.clear_requests(session, user.id, keep_actor=Actor.SYSTEM)
    await erasure.delete_phone_conflicts(session, user.id, telegram_id)
    await erasure.delete_fsm(session, telegram_id)
    await erasure.close_consents(session, user.id, now)
    await erasure.depersonalize_user(session, user.id, now)
    if forget_state is not None:
        await forget_state(telegram_id)
