"""State and method answers of the fake Bot API (no I/O here)."""

import asyncio
import contextlib
import itertools
import random
import time
from collections import deque
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
        self.delays: dict[str, float] = {}  # method -> seconds to think before answering
        self.blocked_by: set[int] = set()
        self.admins: dict[int, list[Person]] = {}  # group -> its administrators
        # Telegram's limits, when a test wants them: messages per second overall and per
        # chat (a 429 with retry_after when exceeded), and a share of random 429s.
        self.rate_limit: float | None = None
        self.chat_rate: float | None = None
        self.random_429 = 0.0
        self.retry_after = 1
        self.throttled = 0  # 429s answered by the limits above
        self._random = random.Random(8)
        self._recent: deque[float] = deque()
        self._last_in_chat: dict[int, float] = {}
        self.groups: dict[int, dict[str, Any]] = {}
        self.topics: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, thread) -> state
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, id) -> message
        # What the bot's last setWebhook asked for (url, secret_token, allowed_updates, ...);
        # while set, tests.fake_telegram.webhook POSTs queued updates there and getUpdates
        # answers 409, as Telegram does.
        self.webhook: dict[str, Any] | None = None
        self.max_connections = 4  # webhook requests at once (Telegram: setWebhook's, 40)
        self.webhook_retry_after = 0.2  # seconds before a refused update is offered again
        self.deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status; 0: no answer)
        self._on_the_wire: set[int] = set()  # update ids POSTed and not yet answered
        self.polls = 0
        self.last_update_id = 0
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._callback_ids = itertools.count(1)
        self._album_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._wakers: set[asyncio.Task[None]] = set()
        self.uploads: dict[str, bytes] = {}  # file_id -> content, for getFile and downloads

    # ---- chats ---------------------------------------------------------------------------

    def add_group(self, chat_id: int, title: str = "Care", is_forum: bool = True) -> None:
        self.groups[chat_id] = {"id": chat_id, "type": "supergroup", "title": title}
        if is_forum:
            self.groups[chat_id]["is_forum"] = True

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """A human deletes a forum topic in the admin chat."""
        self.topics[(chat_id, thread_id)]["deleted"] = True

    def live_topics(self, chat_id: int) -> list[int]:
        return [t for (c, t), state in self.topics.items() if c == chat_id and not state["deleted"]]

    def _chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.groups:
            return dict(self.groups[chat_id])
        return {"id": chat_id, "type": "private", "first_name": "User"}

    def _store(self, message: dict[str, Any]) -> dict[str, Any]:
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    # ---- the people's side ---------------------------------------------------------------

    def user_message(self, person: Person, **content: Any) -> dict[str, Any]:
        """Queue a private message from `person`; returns the message object."""
        message = self._store(
            {
                "message_id": self.next_message_id(person.id),
                "date": int(time.time()),
                "chat": person.as_private_chat(),
                "from": person.as_user(),
                **content,
            }
        )
        self.push_update({"message": message})
        return message

    def agent_message(
        self,
        agent: Person,
        chat_id: int,
        thread_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """Queue a message an agent writes in the admin chat (in a topic when `thread_id`)."""
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": agent.as_user(),
            **content,
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
            # Telegram makes every topic message a reply to the topic's first message.
            reply_to = reply_to or self.messages.get((chat_id, thread_id))
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.push_update({"message": self._store(message)})
        return message

    def edit(self, message: dict[str, Any], **content: Any) -> dict[str, Any]:
        """Queue an `edited_message` update: someone edited what they had sent."""
        edited = {**message, **content, "edit_date": int(time.time())}
        self._store(edited)
        self.push_update({"edited_message": edited})
        return edited

    def text(self, person: Person, text: str, **extra: Any) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text, **extra}
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

    @staticmethod
    def photo_content(n: int = 1, caption: str | None = None) -> dict[str, Any]:
        size = {"file_id": f"photo-{n}", "file_unique_id": f"p{n}", "width": 90, "height": 90}
        content: dict[str, Any] = {"photo": [size]}
        if caption is not None:
            content["caption"] = caption
        return content

    def photo(self, person: Person, caption: str | None = None) -> dict[str, Any]:
        return self.user_message(person, **self.photo_content(1, caption))

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

    def document(self, person: Person, name: str = "scan.pdf") -> dict[str, Any]:
        document = {"file_id": f"doc-{name}", "file_unique_id": f"d-{name}", "file_name": name}
        return self.user_message(person, document=document)

    def voice(self, person: Person) -> dict[str, Any]:
        return self.user_message(
            person, voice={"file_id": "voice-1", "file_unique_id": "v1", "duration": 3}
        )

    def new_album_id(self) -> str:
        return f"album-{next(self._album_ids)}"

    def album(self, person: Person, size: int = 3) -> list[dict[str, Any]]:
        group = self.new_album_id()
        return [
            self.user_message(person, media_group_id=group, **self.photo_content(n))
            for n in range(1, size + 1)
        ]

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
        if new == "kicked":
            self.blocked_by.add(person.id)
        else:
            self.blocked_by.discard(person.id)

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
        update_id = self.last_update_id = next(self._update_ids)
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
        if method in MESSAGE_METHODS and chat_id is not None and self._over_limit(int(chat_id)):
            self.throttled += 1
            return Fault(429, "Too Many Requests: retry later", self.retry_after)
        if method in MESSAGE_METHODS and chat_id is not None and int(chat_id) in self.blocked_by:
            return Fault(403, "Forbidden: bot was blocked by the user")
        thread = params.get("message_thread_id")
        if method in MESSAGE_METHODS and thread:
            topic = self.topics.get((int(chat_id), int(thread)))
            if topic is None or topic["deleted"]:
                return Fault(400, "Bad Request: message thread not found")
        return None

    def _over_limit(self, chat_id: int) -> bool:
        """Whether this message breaks a limit; if not, it counts against them."""
        if self.random_429 and self._random.random() < self.random_429:
            return True
        now = time.monotonic()
        if self.rate_limit is not None:
            while self._recent and self._recent[0] <= now - 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.rate_limit:
                return True
        if self.chat_rate is not None and chat_id > 0:
            last = self._last_in_chat.get(chat_id)
            if last is not None and now - last < 1.0 / self.chat_rate:
                return True
            self._last_in_chat[chat_id] = now
        if self.rate_limit is not None:
            self._recent.append(now)
        return False

    # ---- the bot's side ------------------------------------------------------------------

    @property
    def webhook_url(self) -> str | None:
        return self.webhook["url"] if self.webhook else None

    def webhook_batch(self) -> list[dict[str, Any]]:
        """Queued updates to POST next, oldest first, as many as free connections allow.

        Kinds the webhook's `allowed_updates` leaves out are dropped, as Telegram never
        delivers them."""
        if not self.webhook:
            return []
        allowed = self.webhook.get("allowed_updates")
        if allowed:
            self._updates = [u for u in self._updates if kind_of(u) in allowed]
        room = min(self.max_connections, int(self.webhook.get("max_connections") or 40))
        room -= len(self._on_the_wire)
        waiting = [u for u in self._updates if u["update_id"] not in self._on_the_wire]
        batch = waiting[: max(room, 0)]
        self._on_the_wire.update(u["update_id"] for u in batch)
        return batch

    def webhook_answered(self, update_id: int, status: int) -> None:
        """The webhook answered one POST: 2xx delivers the update, anything else (or no
        answer, status 0) leaves it queued for another try."""
        self.deliveries.append((update_id, status))
        self._on_the_wire.discard(update_id)
        if 200 <= status < 300:
            self._updates = [u for u in self._updates if u["update_id"] != update_id]
        self._notify()

    def delivered(self) -> list[int]:
        """Update ids the webhook accepted (2xx), once per acceptance."""
        return [update_id for update_id, status in self.deliveries if 200 <= status < 300]

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
            if self.webhook is not None:
                self.calls.append(Call(method, params, result=CONFLICT.body()))
                return CONFLICT.code, CONFLICT.body()
            return 200, {"ok": True, "result": await self.get_updates(params)}
        call = Call(method, params, files or {})
        self.calls.append(call)
        self._notify()
        if self.delays.get(method):
            await asyncio.sleep(self.delays[method])
        try:
            fault = self._fault_for(method, params)
            if fault is not None:
                raise ApiError(fault.error_code, fault.description, fault.retry_after)
            answer = getattr(self, f"_do_{method}", None)
            if answer is None:
                raise ApiError(404, "Not Found")
            call.result = answer(call)
        except ApiError as error:
            call.result = error.body()
            self._notify()
            return error.code, call.result
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

    def _new_message(self, call: Call, **content: Any) -> dict[str, Any]:
        params = call.params
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            **{k: v for k, v in content.items() if v is not None},
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if params.get("message_thread_id"):
            message["message_thread_id"] = int(params["message_thread_id"])
            message["is_topic_message"] = True
        reply = params.get("reply_parameters")
        if reply:
            target = self.messages.get((chat_id, int(reply["message_id"])))
            if target is not None:
                message["reply_to_message"] = target
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        call.messages.append(self._store(message))
        return message

    def _source(self, chat_id: Any, message_id: Any) -> dict[str, Any]:
        source = self.messages.get((int(chat_id), int(message_id)))
        if source is None:
            raise ApiError(400, "Bad Request: message to copy not found")
        if any(key in source for key in UNCOPYABLE_KEYS):
            raise ApiError(400, "Bad Request: message can't be copied")
        return source

    def upload(self, file_id: str, content: bytes) -> dict[str, Any]:
        """A file Telegram holds (what a document in a message points at)."""
        self.uploads[file_id] = content
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(content)}

    def download(self, file_path: str) -> bytes:
        """The content behind a `file_path` getFile gave (raises KeyError when unknown)."""
        return self.uploads[file_path.removeprefix("documents/")]

    def _do_getFile(self, call: Call) -> dict[str, Any]:
        file_id = str(call.params["file_id"])
        if file_id not in self.uploads:
            raise ApiError(400, "Bad Request: invalid file_id")
        content = self.uploads[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(content),
            "file_path": f"documents/{file_id}",
        }

    def _do_getMe(self, call: Call) -> dict[str, Any]:
        return self.bot_user

    def _do_getChat(self, call: Call) -> dict[str, Any]:
        chat_id = int(call.params["chat_id"])
        if chat_id < 0 and chat_id not in self.groups:
            raise ApiError(400, "Bad Request: chat not found")
        chat = self._chat(chat_id)
        chat.update(accent_color_id=0, max_reaction_count=11)
        chat["accepted_gift_types"] = {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        }
        return chat

    def _do_getChatAdministrators(self, call: Call) -> list[dict[str, Any]]:
        chat_id = int(call.params["chat_id"])
        if chat_id not in self.groups:
            raise ApiError(400, "Bad Request: chat not found")
        admins = [
            {"status": "creator", "user": p.as_user(), "is_anonymous": False}
            for p in self.admins.get(chat_id, [])[:1]
        ]
        admins += [
            {"status": "administrator", "user": p.as_user(), **ADMIN_RIGHTS}
            for p in self.admins.get(chat_id, [])[1:]
        ]
        return [*admins, {"status": "administrator", "user": self.bot_user, **ADMIN_RIGHTS}]

    def _do_sendMessage(self, call: Call) -> dict[str, Any]:
        return self._new_message(
            call, text=call.params["text"], entities=call.params.get("entities")
        )

    def _do_sendDocument(self, call: Call) -> dict[str, Any]:
        n = len(self.calls)
        document = {"file_id": f"doc-{n}", "file_unique_id": f"d{n}"}
        return self._new_message(call, document=document, caption=call.params.get("caption"))

    def _do_sendPhoto(self, call: Call) -> dict[str, Any]:
        photo = [
            {
                "file_id": str(call.params["photo"]),
                "file_unique_id": f"sp{len(self.calls)}",
                "width": 90,
                "height": 90,
            }
        ]
        return self._new_message(call, photo=photo, caption=call.params.get("caption"))

    def _copy(self, call: Call, source: dict[str, Any], **override: Any) -> dict[str, Any]:
        content = {key: source[key] for key in CONTENT_KEYS if key in source}
        for key in ("caption", "caption_entities"):
            if call.params.get(key) is not None:
                content[key] = call.params[key]
        return self._new_message(call, **content, **override)

    def _do_copyMessage(self, call: Call) -> dict[str, Any]:
        source = self._source(call.params["from_chat_id"], call.params["message_id"])
        return {"message_id": self._copy(call, source)["message_id"]}

    def _do_copyMessages(self, call: Call) -> list[dict[str, Any]]:
        ids = sorted(int(i) for i in call.params["message_ids"])
        sources = [self._source(call.params["from_chat_id"], i) for i in ids]
        group = self.new_album_id() if len(sources) > 1 else None
        return [
            {"message_id": self._copy(call, source, media_group_id=group)["message_id"]}
            for source in sources
        ]

    def _edit(self, call: Call, key: str) -> dict[str, Any]:
        chat_id, message_id = int(call.params["chat_id"]), int(call.params["message_id"])
        stored = self.messages.get((chat_id, message_id))
        if stored is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = call.params.get("reply_markup")
        if stored.get(key) == call.params[key] and stored.get("reply_markup") == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        entities_key = "entities" if key == "text" else "caption_entities"
        updated = {**stored, key: call.params[key], "edit_date": int(time.time())}
        updated.pop(entities_key, None)
        if call.params.get(entities_key):
            updated[entities_key] = call.params[entities_key]
        # An edit without a keyboard removes the inline keyboard, as Telegram does.
        updated.pop("reply_markup", None)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            updated["reply_markup"] = markup
        call.messages.append(self._store(updated))
        return updated

    def _do_editMessageText(self, call: Call) -> dict[str, Any] | bool:
        if "inline_message_id" in call.params:
            return True
        return self._edit(call, "text")

    def _do_editMessageCaption(self, call: Call) -> dict[str, Any] | bool:
        return self._edit(call, "caption")

    def _do_createForumTopic(self, call: Call) -> dict[str, Any]:
        chat_id = int(call.params["chat_id"])
        if not self.groups.get(chat_id, {}).get("is_forum"):
            raise ApiError(400, "Bad Request: the chat is not a forum")
        thread_id = self.next_message_id(chat_id)
        name = call.params["name"]
        self._store(
            {
                "message_id": thread_id,
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self.bot_user,
                "message_thread_id": thread_id,
                "is_topic_message": True,
                "forum_topic_created": {"name": name, "icon_color": 7322096},
            }
        )
        self.topics[(chat_id, thread_id)] = {"name": name, "closed": False, "deleted": False}
        return {"message_thread_id": thread_id, "name": name, "icon_color": 7322096}

    def _topic(self, call: Call) -> dict[str, Any]:
        key = (int(call.params["chat_id"]), int(call.params["message_thread_id"]))
        topic = self.topics.get(key)
        if topic is None or topic["deleted"]:
            raise ApiError(400, "Bad Request: TOPIC_ID_INVALID")
        return topic

    def _set_closed(self, call: Call, closed: bool) -> bool:
        topic = self._topic(call)
        if topic["closed"] == closed:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic["closed"] = closed
        return True

    def _do_closeForumTopic(self, call: Call) -> bool:
        return self._set_closed(call, True)

    def _do_reopenForumTopic(self, call: Call) -> bool:
        return self._set_closed(call, False)

    def _do_deleteForumTopic(self, call: Call) -> bool:
        self._topic(call)["deleted"] = True
        return True

    def _ok(self, call: Call) -> bool:
        return True

    _do_answerCallbackQuery = _ok
    _do_setMyCommands = _ok
    _do_deleteMyCommands = _ok
    _do_deleteMessage = _ok
    _do_editMessageReplyMarkup = _ok
    _do_setMessageReaction = _ok

    def _do_deleteWebhook(self, call: Call) -> bool:
        self.webhook = None
        if flag(call.params.get("drop_pending_updates")):
            self._updates = []
        return True

    def _do_setWebhook(self, call: Call) -> bool:
        """Remembers the settings (a test reads them here or in `calls_of("setWebhook")`);
        an empty url removes the webhook, as Telegram does."""
        if not call.params.get("url"):
            return self._do_deleteWebhook(call)
        self.webhook = {
            "url": str(call.params["url"]),
            "secret_token": call.params.get("secret_token"),
            "allowed_updates": call.params.get("allowed_updates"),
            "max_connections": call.params.get("max_connections"),
            "drop_pending_updates": flag(call.params.get("drop_pending_updates")),
        }
        if self.webhook["drop_pending_updates"]:
            self._updates = []
        return True

    # ---- what tests read -----------------------------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def sent_to(self, chat_id: int, thread_id: int | None = None) -> list[Call]:
        """Calls that put messages into a chat (or one topic of it), in order."""
        return [
            c
            for c in self.calls
            if c.method in MESSAGE_METHODS
            and c.chat_id == chat_id
            and c.messages
            and (thread_id is None or c.messages[0].get("message_thread_id") == thread_id)
        ]

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait (bounded) until `condition()` returns something truthy, and return it."""
        async with asyncio.timeout(timeout):
            async with self._changed:
                while not (value := condition()):
                    await self._changed.wait()
                return value


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


def kind_of(update: dict[str, Any]) -> str:
    """`message`, `callback_query`, ...: the one field of an update besides its id."""
    return next(key for key in update if key != "update_id")


def flag(value: Any) -> bool:
    """A boolean parameter as it arrives: JSON true, or "true" in a form field."""
    return value is True or str(value).lower() in ("true", "1")


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
