"""Words every layer shares, defined once at the bottom so storage, the domain and the
handlers all import the same ones. The columns that hold them are typed with them
(`storage.types.stored`): the database keeps the values, code reads members back."""

import enum
from typing import Annotated

from pydantic import Field

# A row id as callback data may carry it: crafted data beyond it never reaches the database
# (PostgreSQL's integer would refuse it with an error, not an answer).
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]


# --- Rights requests: how they move is care.rights.requests' one rule ----------------------


class RequestKind(enum.StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    DELETION = "deletion"
    BLOCKING = "blocking"
    WITHDRAWAL = "withdrawal"  # of consent
    OBJECTION = "objection"  # to automated processing
    COMPLAINT = "complaint"
    QUESTION = "question"


class RequestStatus(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    AWAITING_USER = "awaiting_user"
    RESOLVED = "resolved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


# A request still to be settled; every other status closes it.
OPEN_REQUEST_STATUSES = frozenset(
    {RequestStatus.NEW, RequestStatus.IN_PROGRESS, RequestStatus.AWAITING_USER}
)
# In the order figures list them.
CLOSED_REQUEST_STATUSES = tuple(s for s in RequestStatus if s not in OPEN_REQUEST_STATUSES)


class Actor(enum.StrEnum):
    """Who moved a request, in its history."""

    USER = "user"
    AGENT = "agent"
    SYSTEM = "system"


# --- Campaigns: policy notices and broadcasts (care.notices.campaigns) ---------------------


class CampaignKind(enum.StrEnum):
    BROADCAST = "broadcast"  # a message copied from the admin chat
    POLICY = "policy"  # a new policy version's notice, rendered per user


class Audience(enum.StrEnum):
    ALL = "all"  # every verified, reachable user: a service notice
    MARKETING = "marketing"  # those who opted in and did not block processing
    LANGUAGE = "language"  # every verified, reachable user of one language (a service notice)


class CampaignStatus(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"


class DeliveryStatus(enum.StrEnum):
    """One recipient's: pending → queued (an outbox row holds it) → one of the others."""

    PENDING = "pending"
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


# A delivery still to be settled: cancelling a campaign cancels these, a campaign with none
# is done, and an erased recipient's count as skipped.
OPEN_DELIVERY_STATUSES = frozenset({DeliveryStatus.PENDING, DeliveryStatus.QUEUED})


# --- The care log and message pairs (care.desk.carelog) -----------------------------------


class Direction(enum.StrEnum):
    """Who spoke: the user (in), an agent (out), the bot itself, or an agent's internal note.
    Message pairs use IN and OUT for which side wrote the original."""

    IN = "in"
    OUT = "out"
    BOT = "bot"
    NOTE = "note"


class CareLogEvent(enum.StrEnum):
    MESSAGE = "message"
    EDIT = "edit"
    NOTICE = "notice"
    THROTTLED = "throttled"
    SLOW_DOWN = "slow-down"
    UNCOPYABLE = "uncopyable"
    UNDELIVERED = "undelivered"
