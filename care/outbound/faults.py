"""One classifier for every failed Bot API call: what the sender does about it."""

import enum

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)


class Fault(enum.StrEnum):
    RATE = "rate"  # 429: the whole sender waits exactly retry_after, then sends again
    BLOCKED = "blocked"  # 403 from a user: unreachable until they come back
    TRANSIENT = "transient"  # 5xx, network, a chat not reachable now: retry with backoff
    THREAD_GONE = "thread-gone"  # the forum topic was deleted: open a new one
    TOPIC_CLOSED = "topic-closed"  # the forum topic is closed: reopen it, send again
    NOT_MODIFIED = "not-modified"  # an edit that changes nothing: done already
    REFUSED = "refused"  # 400: Telegram will never take this; give up and say so


THREAD_GONE = ("message thread not found", "topic_deleted", "topic_id_invalid")
# In the admin chat only (a user's chat Telegram does not know is refused at once).
UNAVAILABLE = (
    "chat not found",
    "not enough rights",  # e.g. the bot lost can_manage_topics: keep until an admin fixes it
    "have no rights",
    "chat_admin_required",
    "need administrator rights",
)
TOPIC_RIGHTS = ("rights to create a topic", "rights to manage topics", "rights to edit a topic")
USER_GONE = ("blocked by the user", "user is deactivated", "bot can't initiate conversation")


def classify(exc: TelegramAPIError, to_user: bool) -> Fault:
    """What a failure means; `to_user` says the call went to a user's private chat."""
    text = (exc.message or "").lower()
    if isinstance(exc, TelegramRetryAfter):
        return Fault.RATE
    if isinstance(exc, TelegramNetworkError | TelegramServerError | TelegramNotFound):
        return Fault.TRANSIENT
    if isinstance(exc, TelegramForbiddenError):
        # A user blocked the bot; anything else (kicked from the admin chat) may be undone.
        return Fault.BLOCKED if to_user or any(m in text for m in USER_GONE) else Fault.TRANSIENT
    if isinstance(exc, TelegramBadRequest):
        if "not modified" in text:
            return Fault.NOT_MODIFIED
        if any(marker in text for marker in THREAD_GONE):
            return Fault.THREAD_GONE
        if "topic_closed" in text or "topic closed" in text:
            return Fault.TOPIC_CLOSED
        if not to_user and any(marker in text for marker in UNAVAILABLE):
            return Fault.TRANSIENT  # the admin chat: an admin can fix it; a user's chat: no
        return Fault.REFUSED
    return Fault.TRANSIENT  # an unknown error code: never drop what may yet go out


def lacks_topic_rights(exc: TelegramAPIError) -> bool:
    """A forum-topic call refused because the bot may not manage topics in the admin chat
    (retried like any unavailability, but an administrator must act: see care.desk.admin_chat)."""
    text = (exc.message or "").lower()
    return isinstance(exc, TelegramBadRequest) and any(m in text for m in TOPIC_RIGHTS)
