"""State and method answers of the fake Bot API (no I/O here)."""

import asyncio
import contextlib
import itertools
import time
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
}
MESSAGE_METHODS = {"sendMessage", "sendDocument", "sendPhoto", "sendContact", "sendSticker"}


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
    result: Any = None

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

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


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-TOKEN", bot_username: str = "qamqor_test_bot"):
        self.token = token
        self.bot_id = int(token.split(":")[0])
        self.bot_user = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Qamqor",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
        }
        self.calls: list[Call] = []
        self.faults: dict[str, list[Fault]] = {}
        self.blocked_by: set[int] = set()
        self.groups: dict[int, dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._callback_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self.webhook_url: str | None = None
        self.polls = 0
        self._wakers: set[asyncio.Task[None]] = set()

    # ---- the user side -------------------------------------------------------------------

    def add_group(self, chat_id: int, title: str = "Care", is_forum: bool = True) -> None:
        self.groups[chat_id] = {"id": chat_id, "type": "supergroup", "title": title}
        if is_forum:
            self.groups[chat_id]["is_forum"] = True

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def user_message(self, person: Person, **content: Any) -> dict[str, Any]:
        """Queue a private message from `person`; returns the message object."""
        message = {
            "message_id": self.next_message_id(person.id),
            "date": int(time.time()),
            "chat": person.as_private_chat(),
            "from": person.as_user(),
            **content,
        }
        self.push_update({"message": message})
        return message

    def text(self, person: Person, text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.user_message(person, **content)

    def contact(
        self, person: Person, phone_number: str, user_id: int | None, first_name: str = "Contact"
    ) -> dict[str, Any]:
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": first_name}
        if user_id is not None:
            contact["user_id"] = user_id
        return self.user_message(person, contact=contact)

    def photo(self, person: Person) -> dict[str, Any]:
        size = {"file_id": "photo-1", "file_unique_id": "p1", "width": 90, "height": 90}
        return self.user_message(person, photo=[size])

    def sticker(self, person: Person) -> dict[str, Any]:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self.user_message(person, sticker=sticker)

    def press(self, person: Person, message: dict[str, Any], callback_data: str) -> None:
        """Queue a tap on an inline button of a message the bot sent."""
        self.push_update(
            {
                "callback_query": {
                    "id": str(next(self._callback_ids)),
                    "from": person.as_user(),
                    "message": message,
                    "chat_instance": f"ci-{person.id}",
                    "data": callback_data,
                }
            }
        )

    def bot_status(self, person: Person, old: str, new: str) -> None:
        """Queue a `my_chat_member` update: the user blocked ("kicked") or restarted the bot."""

        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"status": status, "user": self.bot_user}
            if status == "kicked":
                data["until_date"] = 0
            return data

        self.push_update(
            {
                "my_chat_member": {
                    "chat": person.as_private_chat(),
                    "from": person.as_user(),
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            }
        )

    def push_update(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        self._notify()
        return update_id

    def take_updates(self) -> list[dict[str, Any]]:
        """Hand over every queued update (flow tests feed them to the dispatcher directly)."""
        taken, self._updates = self._updates, []
        return taken

    # ---- faults --------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
        when: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        fault = Fault(error_code, description, retry_after, times, when or (lambda params: True))
        self.faults.setdefault(method, []).append(fault)

    def _fault_for(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self.faults.get(method, []):
            if fault.times > 0 and fault.when(params):
                fault.times -= 1
                return fault
        chat_id = params.get("chat_id")
        if method in MESSAGE_METHODS and chat_id is not None and int(chat_id) in self.blocked_by:
            return Fault(403, "Forbidden: bot was blocked by the user")
        return None

    # ---- the bot side --------------------------------------------------------------------

    async def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self.polls += 1
        self._notify()
        deadline = asyncio.get_running_loop().time() + timeout
        async with self._changed:
            while not self._updates:
                left = deadline - asyncio.get_running_loop().time()
                if left <= 0:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), left)
                except TimeoutError:
                    break
        return self._updates[:limit]

    async def handle(
        self, method: str, params: dict[str, Any], files: dict[str, bytes] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call: (HTTP status, JSON body)."""
        if method == "getUpdates":
            return 200, {"ok": True, "result": await self.get_updates(params)}
        call = Call(method, params, files or {})
        self.calls.append(call)
        fault = self._fault_for(method, params)
        if fault is not None:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": fault.error_code,
                "description": fault.description,
            }
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
            call.result = body
            self._notify()
            return fault.error_code, body
        answer = getattr(self, f"_do_{method}", None)
        if answer is None:
            call.result = {"ok": False, "error_code": 404, "description": "Not Found"}
            self._notify()
            return 404, call.result
        call.result = answer(params)
        self._notify()
        return 200, {"ok": True, "result": call.result}

    def _notify(self) -> None:
        async def wake() -> None:
            async with self._changed:
                self._changed.notify_all()

        with contextlib.suppress(RuntimeError):  # no loop yet: nobody can be waiting
            task = asyncio.get_running_loop().create_task(wake())
            self._wakers.add(task)
            task.add_done_callback(self._wakers.discard)

    def _chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.groups:
            return dict(self.groups[chat_id])
        return {"id": chat_id, "type": "private", "first_name": "User"}

    def _sent_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            **content,
        }
        if isinstance(params.get("reply_markup"), dict) and "inline_keyboard" in params.get(
            "reply_markup", {}
        ):
            message["reply_markup"] = params["reply_markup"]
        if params.get("message_thread_id"):
            message["message_thread_id"] = int(params["message_thread_id"])
            message["is_topic_message"] = True
        return message

    def _do_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    def _do_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._sent_message(params, text=params["text"])

    def _do_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        document = {"file_id": f"doc-{len(self.calls)}", "file_unique_id": f"d{len(self.calls)}"}
        return self._sent_message(params, document=document, caption=params.get("caption"))

    def _do_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            return True
        return {
            "message_id": int(params["message_id"]),
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "chat": self._chat(int(params["chat_id"])),
            "from": self.bot_user,
            "text": params["text"],
        }

    def _ok(self, params: dict[str, Any]) -> bool:
        return True

    _do_answerCallbackQuery = _ok
    _do_setMyCommands = _ok
    _do_deleteMyCommands = _ok
    _do_deleteMessage = _ok
    _do_editMessageReplyMarkup = _ok
    _do_setMessageReaction = _ok

    def _do_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = None
        return True

    def _do_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = params.get("url")
        return True

    # ---- what tests read -----------------------------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def sent_to(self, chat_id: int) -> list[Call]:
        """Messages the bot sent to a chat, in order (failed sends excluded)."""
        return [
            c
            for c in self.calls
            if c.method in MESSAGE_METHODS
            and c.chat_id == chat_id
            and isinstance(c.result, dict)
            and "message_id" in c.result
        ]

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait (bounded) until `condition()` returns something truthy, and return it."""
        async with asyncio.timeout(timeout):
            async with self._changed:
                while not (value := condition()):
                    await self._changed.wait()
                return value


def decode_params(fields: dict[str, str]) -> dict[str, Any]:
    """Form fields as the Bot API reads them: JSON-typed fields are JSON strings."""
    import json

    params: dict[str, Any] = {}
    for key, value in fields.items():
        if key in JSON_FIELDS and isinstance(value, str):
            params[key] = json.loads(value)
        else:
            params[key] = value
    return params
