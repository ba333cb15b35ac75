"""What each failed Bot API call means to the sender (`care.outbound.faults.classify`), and
backoff."""

from datetime import timedelta

import pytest
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import CopyMessage, CreateForumTopic, SendMessage

from care.outbound.faults import Fault, classify
from care.outbound.sender import backoff

USER_CHAT, ADMIN_CHAT = 1001, -1001234567890
TO_USER = SendMessage(chat_id=USER_CHAT, text="hello")
TO_ADMIN = CopyMessage(chat_id=ADMIN_CHAT, from_chat_id=USER_CHAT, message_id=1)


def bad_request(description: str, method=TO_ADMIN) -> TelegramBadRequest:
    """As aiogram raises it: the method and Telegram's description."""
    return TelegramBadRequest(method=method, message=description)


def test_429_waits_whoever_the_call_was_for() -> None:
    exc = TelegramRetryAfter(
        method=TO_USER, message="Too Many Requests: retry after 7", retry_after=7
    )
    assert classify(exc, to_user=True) is Fault.RATE
    assert classify(exc, to_user=False) is Fault.RATE
    assert exc.retry_after == 7


@pytest.mark.parametrize(
    "exc",
    [
        TelegramServerError(method=TO_ADMIN, message="Internal Server Error"),
        TelegramServerError(method=TO_ADMIN, message="Bad Gateway"),
        TelegramNetworkError(method=TO_ADMIN, message="ClientConnectorError: connection refused"),
        TelegramNetworkError(method=TO_ADMIN, message="Request timeout error"),
        TelegramNotFound(method=TO_ADMIN, message="Not Found"),
    ],
    ids=["500", "502", "network", "timeout", "404"],
)
@pytest.mark.parametrize("to_user", [True, False], ids=["user", "admin"])
def test_server_and_network_trouble_is_retried(exc: TelegramAPIError, to_user: bool) -> None:
    assert classify(exc, to_user=to_user) is Fault.TRANSIENT


def test_403_from_a_user_means_blocked() -> None:
    exc = TelegramForbiddenError(method=TO_USER, message="Forbidden: bot was blocked by the user")
    assert classify(exc, to_user=True) is Fault.BLOCKED
    deactivated = TelegramForbiddenError(method=TO_USER, message="Forbidden: user is deactivated")
    assert classify(deactivated, to_user=True) is Fault.BLOCKED


def test_403_from_the_admin_chat_is_retried_not_blocked() -> None:
    """An admin may add the bot back: nothing is given up, nobody is marked blocked."""
    kicked = "Forbidden: bot was kicked from the supergroup chat"
    exc = TelegramForbiddenError(method=TO_ADMIN, message=kicked)
    assert classify(exc, to_user=False) is Fault.TRANSIENT
    not_member = "Forbidden: bot is not a member of the supergroup chat"
    assert classify(TelegramForbiddenError(TO_ADMIN, not_member), to_user=False) is Fault.TRANSIENT


def test_a_user_gone_message_is_blocked_wherever_it_came_from() -> None:
    exc = TelegramForbiddenError(method=TO_USER, message="Forbidden: bot was blocked by the user")
    assert classify(exc, to_user=False) is Fault.BLOCKED


def test_not_modified_is_done_already() -> None:
    exc = bad_request(
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    assert classify(exc, to_user=True) is Fault.NOT_MODIFIED
    assert classify(exc, to_user=False) is Fault.NOT_MODIFIED


@pytest.mark.parametrize(
    "description",
    [
        "Bad Request: message thread not found",
        "Bad Request: TOPIC_DELETED",
        "Bad Request: TOPIC_ID_INVALID",
    ],
)
def test_a_deleted_topic_is_recreated(description: str) -> None:
    assert classify(bad_request(description), to_user=False) is Fault.THREAD_GONE


def test_a_closed_topic_is_reopened() -> None:
    assert classify(bad_request("Bad Request: TOPIC_CLOSED"), to_user=False) is Fault.TOPIC_CLOSED


@pytest.mark.parametrize(
    ("description", "method"),
    [
        ("Bad Request: chat not found", TO_ADMIN),
        ("Bad Request: not enough rights to create a topic", CreateForumTopic(chat_id=1, name="x")),
        ("Bad Request: not enough rights to send text messages to the chat", TO_ADMIN),
        ("Bad Request: CHAT_ADMIN_REQUIRED", TO_ADMIN),
        ("Bad Request: need administrator rights in the channel chat", TO_ADMIN),
        ("Bad Request: have no rights to send a message", TO_ADMIN),
    ],
)
def test_a_chat_unreachable_now_is_retried(description: str, method) -> None:
    """An admin can fix rights or membership; until then the message waits."""
    assert classify(bad_request(description, method), to_user=False) is Fault.TRANSIENT


@pytest.mark.parametrize(
    "description",
    ["Bad Request: chat not found", "Bad Request: CHAT_ADMIN_REQUIRED"],
)
def test_a_user_s_chat_that_telegram_does_not_know_is_refused(description: str) -> None:
    """Unlike the admin chat, nobody can fix a user's chat: the send fails at once."""
    assert classify(bad_request(description, TO_USER), to_user=True) is Fault.REFUSED


@pytest.mark.parametrize(
    "description",
    [
        "Bad Request: message can't be copied",
        "Bad Request: message text is empty",
        "Bad Request: can't parse entities: unsupported start tag",
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
        "Bad Request: message to copy not found",
    ],
)
@pytest.mark.parametrize("to_user", [True, False], ids=["user", "admin"])
def test_a_plain_400_is_refused(description: str, to_user: bool) -> None:
    assert classify(bad_request(description), to_user=to_user) is Fault.REFUSED


def test_an_unknown_error_class_is_never_dropped() -> None:
    assert classify(TelegramAPIError(TO_ADMIN, "I'm a teapot"), to_user=True) is Fault.TRANSIENT


def test_backoff_doubles_from_one_second_up_to_ten_minutes() -> None:
    assert [backoff(n) for n in range(5)] == [timedelta(seconds=s) for s in (1, 2, 4, 8, 16)]
    assert backoff(9) == timedelta(seconds=512)
    assert backoff(10) == backoff(50) == timedelta(seconds=600)
