"""Tables of the desk. Times are aware UTC; Telegram ids are 64-bit."""

from storage.models.base import Base
from storage.models.desk import CareLogEntry, Conversation, MessagePair, OutboxEntry, SentMark
from storage.models.notices import AlbumPart, Campaign, Delivery
from storage.models.people import (
    Consent,
    FsmRecord,
    HandledUpdate,
    Mention,
    PhoneConflict,
    PolicyText,
    PolicyVersion,
    User,
)
from storage.models.rights import Request, RequestAttachment, RequestCounter, RequestEvent

__all__ = [
    "AlbumPart",
    "Base",
    "Campaign",
    "CareLogEntry",
    "Consent",
    "Conversation",
    "Delivery",
    "FsmRecord",
    "HandledUpdate",
    "Mention",
    "MessagePair",
    "OutboxEntry",
    "PhoneConflict",
    "PolicyText",
    "PolicyVersion",
    "Request",
    "RequestAttachment",
    "RequestCounter",
    "RequestEvent",
    "SentMark",
    "User",
]
