"""The user card at the top of a user's topic: who they are and their open requests, edited
in place when a request opens or closes."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.common.texts import format_day, format_moment
from care.outbound.channel import Result, SendContext, edit_in_place
from care.outbound.outbox import Kind, Payload, record, topic_lane, user_of
from storage.desk import care
from storage.models import OutboxEntry, Request, User
from storage.rights import requests


class UserCardPayload(Payload):
    """Nothing: the card is rendered from the user as they stand when it is sent."""

    kind = Kind.USER_CARD


def render(desk: Desk, user: User, open_requests: Sequence[Request] = ()) -> str:
    t = desk.admin_t
    empty = t("me-empty")
    name = " ".join(p for p in (user.first_name, user.last_name) if p) or empty
    card = t(
        "admin-card",
        number=user.id,
        name=name,
        username=f"@{user.username}" if user.username else empty,
        language=desk.catalog.translator(user.language)("language-name"),
        phone=user.phone or empty,
        since=format_moment(user.created_at, desk.tz),
        verified=format_moment(user.verified_at, desk.tz) if user.verified_at else empty,
    )
    if user.processing_blocked_at is not None:
        card += "\n" + t(
            "user-card-blocked", since=format_moment(user.processing_blocked_at, desk.tz)
        )
    if not open_requests:
        return card + "\n\n" + t("user-card-no-open-requests")
    lines = [
        t(
            "user-card-open-request",
            reference=request.reference,
            kind=t(f"request-kind-{request.kind}"),
            due=format_day(request.due_on, desk.admin_locale),
        )
        for request in open_requests
    ]
    return card + "\n\n" + t("user-card-open-requests") + "\n" + "\n".join(lines)


async def refresh(session: AsyncSession, user_id: int, now: datetime) -> None:
    """Bring the user card up to date after the commit (its open requests changed)."""
    await record(session, UserCardPayload(), topic_lane(user_id), user_id, now)


class UserCard:
    """Performer of `Kind.USER_CARD`: edits the card posted when the topic opened; a topic
    opened later posts a fresh card with the requests open then."""

    payload = UserCardPayload

    async def send(
        self, context: SendContext, entry: OutboxEntry, payload: UserCardPayload, now: datetime
    ) -> Result:
        async with context.read() as session:
            user_id = user_of(entry)
            conversation = await care.get_conversation(session, user_id)
            if conversation is None or conversation.card_message_id is None:
                return None
            open_requests = await requests.open_for_user(session, user_id)
        text = render(context.desk, conversation.user, open_requests)
        await edit_in_place(
            context.bot, context.desk.admin_chat_id, conversation.card_message_id, text
        )  # gone with its topic: a new topic posts a fresh card
        return None

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        """Logged; the request cards below carry the same facts."""
