"""Recording what must be sent: the first half of the one way out to Telegram.

An update (or a tick) decides and records rows here in its own transaction; the sender
(`care.outbound.sender`) sends them after the commit and records each result in a short transaction.

What a row carries is a `Payload`, one pydantic model per kind, defined with the capability
that owns the kind (`care.kinds` pairs each kind with its performer, and the performer names
its model). A row is built from its model when recorded and validated against it when the
sender reads it back, so a row queued by the previous deploy that no longer fits fails loudly
(and waits) instead of reading a renamed key as missing.
"""

import enum
from datetime import datetime
from typing import Any, ClassVar, Self, TypeVar

from aiogram import methods
from aiogram.client.default import Default
from aiogram.methods import TelegramMethod
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, model_validator
from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession

from storage import outbox
from storage.models import OutboxEntry


class Kind(enum.StrEnum):
    CALL = "call"  # one Bot API method, as recorded
    COPY_IN = "copy-in"  # a user's message (or album) into their topic
    DELIVER = "deliver"  # an agent's message (or album) to the user
    NOTICE = "notice"  # a line for agents in the user's topic
    EDIT = "edit"  # an edit carried to the copy of a message
    CARD = "card"  # a request card in the user's topic, posted or edited in place
    CARD_REST = "card-rest"  # what the user wrote beyond the card, in messages after it
    ATTACH = "attach"  # files a user attached to a request, into their topic
    REPORT = "report"  # an access request's data report, compiled when sent
    USER_CARD = "user-card"  # the user card at the top of the topic, edited in place
    DELIVERY = "delivery"  # one recipient's copy of a campaign (care.notices.broadcasts)
    PROGRESS = "progress"  # a campaign's progress message in the admin chat, edited in place
    MENTION = "mention"  # a message naming people outside their topics (care.people.mentions)
    RETRACT = "retract"  # such a message deleted (or emptied) once a person it names is erased


class Priority(enum.IntEnum):
    """Who waits for it: conversations first, reminders next, broadcasts fill the rest."""

    CONVERSATION = 0
    REMINDER = 1
    BROADCAST = 2


# Calls nobody waits for once they fail: a stale button answer, a reaction.
EPHEMERAL = {"AnswerCallbackQuery", "SetMessageReaction", "SendChatAction"}


def chat_lane(telegram_id: int) -> str:
    return f"chat:{telegram_id}"


def topic_lane(user_id: int) -> str:
    return f"topic:{user_id}"


def user_of(entry: OutboxEntry) -> int:
    """The user of a row about one user: its kinds are always recorded with them, and the row
    goes with the user (ON DELETE CASCADE)."""
    assert entry.user_id is not None, f"outbox row {entry.id} ({entry.kind}) has no user"
    return entry.user_id


ADMIN_LANE = "admin"  # the admin chat outside users' topics


class Payload(BaseModel):
    """What a row of one `kind` carries, as its JSON column holds it. A key the model does not
    name is refused, not ignored: a renamed key must fail where it is read, never vanish."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ClassVar[Kind]

    def stored(self) -> dict[str, Any]:
        """The row's JSON: what is not set is left out (readers take it as not set)."""
        return self.model_dump(mode="json", exclude_none=True)


P = TypeVar("P", bound=Payload)


class Unreadable(Exception):
    """A row this code cannot read back: a kind it does not perform, or a payload its model
    refuses (written by another version of the code)."""


def read_back(model: type[P], payload: Any) -> P:
    """A row's payload as `model` reads it; Unreadable says where it does not fit, never what
    it holds (that may be what a user wrote)."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
        where = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'payload'}: {e['type']}" for e in errors
        )
        raise Unreadable(where) from None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not isinstance(v, Default)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return to_jsonable_python(value)


class CallPayload(Payload):
    """One Bot API method, as recorded: its class name and its set fields (bot defaults
    resolve at send). Read back, it must still make that method."""

    kind = Kind.CALL

    method: str
    params: dict[str, Any]

    _call: TelegramMethod[Any] = PrivateAttr()

    @classmethod
    def of(cls, method: TelegramMethod[Any], **fields: Any) -> Self:
        dumped = _plain(method.model_dump(exclude_none=True))
        return cls(method=type(method).__name__, params=dumped, **fields)

    @model_validator(mode="after")
    def _makes_its_method(self) -> Self:
        made = getattr(methods, self.method, None)
        if not (isinstance(made, type) and issubclass(made, TelegramMethod)):
            raise ValueError(f"no Bot API method {self.method!r}")
        self._call = made.model_validate(self.params)
        return self

    def to_method(self) -> TelegramMethod[Any]:
        return self._call


async def record(
    session: AsyncSession,
    payload: Payload,
    lane: str,
    user_id: int | None,
    now: datetime,
    *,
    priority: Priority = Priority.CONVERSATION,
    dedup_key: str | None = None,
) -> None:
    """Send what `payload` stands for after the commit, in order within `lane`."""
    return await outbox.add(
        session,
        lane=lane,
        kind=payload.kind,
        payload=payload.stored(),
        now=now,
        priority=priority,
        user_id=user_id,
        dedup_key=dedup_key,
    )


async def call(
    session: AsyncSession,
    method: TelegramMethod[Any],
    now: datetime,
    *,
    lane: str,
    user_id: int | None = None,
    priority: Priority = Priority.CONVERSATION,
) -> None:
    """Send `method` after the commit, in order within `lane`."""
    return await record(session, CallPayload.of(method), lane, user_id, now, priority=priority)


async def to_user(
    session: AsyncSession,
    user_id: int | None,
    chat_id: int,
    method: TelegramMethod[Any],
    now: datetime,
    priority: Priority = Priority.CONVERSATION,
) -> None:
    """A call into a user's private chat (answers, notices, menus)."""
    lane = chat_lane(chat_id)
    return await call(session, method, now, lane=lane, user_id=user_id, priority=priority)
