"""The Bot API's wire shapes: parameters, people, recorded calls, errors (no state here)."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Parameters the real API takes as JSON-serialized strings inside form fields.
JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "media",
    "commands",
    "allowed_updates",
    "reply_parameters",
    "link_preview_options",
    "reaction",
    "scope",
    "permissions",
    "results",
    "message_ids",
}
MESSAGE_METHODS = {
    "sendMessage",
    "sendDocument",
    "sendPhoto",
    "sendContact",
    "sendSticker",
    "copyMessage",
    "copyMessages",
}
# What a copy carries over from its source.
CONTENT_KEYS = (
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "document",
    "voice",
    "video",
    "sticker",
    "audio",
    "animation",
    "video_note",
    "location",
    "contact",
    "dice",
    "poll",
)
ADMIN_RIGHTS = {
    key: True
    for key in (
        "can_be_edited",
        "is_anonymous",
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "can_send_welcome_messages",
        "can_manage_topics",
        "can_pin_messages",
    )
} | {"is_anonymous": False, "can_be_edited": False}
UNCOPYABLE_KEYS = ("forum_topic_created", "new_chat_members", "pinned_message", "giveaway")


@dataclass(frozen=True)
class Person:
    """A Telegram user on the other side of the fake server."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    def as_user(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    def as_private_chat(self) -> dict[str, Any]:
        chat = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass
class Call:
    """One Bot API request as the server received it (JSON fields decoded)."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    file_names: dict[str, str] = field(default_factory=dict)  # field -> the uploaded file's name
    result: Any = None
    messages: list[dict[str, Any]] = field(default_factory=list)  # what the call created

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        if self.messages:
            first = self.messages[0]
            return str(first.get("text") or first.get("caption") or "")
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def message(self) -> dict[str, Any]:
        return self.messages[0]

    @property
    def markup(self) -> dict[str, Any]:
        return self.params.get("reply_markup") or {}

    def buttons(self) -> list[dict[str, Any]]:
        rows = self.markup.get("inline_keyboard") or self.markup.get("keyboard") or []
        return [button for row in rows for button in row]


@dataclass
class Fault:
    """A canned error answer for the next call(s) of a method."""

    error_code: int
    description: str
    retry_after: int | None = None
    times: int = 1
    when: Callable[[dict[str, Any]], bool] = lambda params: True


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


CONFLICT = ApiError(
    409,
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first",
)


def quoted(message: dict[str, Any]) -> dict[str, Any]:
    """A message as another one's `reply_to_message`: Telegram leaves out its own reply."""
    return {key: value for key, value in message.items() if key != "reply_to_message"}


def kind_of(update: dict[str, Any]) -> str:
    """`message`, `callback_query`, ...: the one field of an update besides its id."""
    return next(key for key in update if key != "update_id")


def flag(value: Any) -> bool:
    """A boolean parameter as it arrives: JSON true, or "true" in a form field."""
    return value is True or str(value).lower() in ("true", "1")


def decode_params(fields: dict[str, str]) -> dict[str, Any]:
    """Form fields as the Bot API reads them: JSON-typed fields are JSON strings."""
    params: dict[str, Any] = {}
    for key, value in fields.items():
        if key in JSON_FIELDS and isinstance(value, str):
            params[key] = json.loads(value)
        else:
            params[key] = value
    return params
