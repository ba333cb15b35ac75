"""The fake Bot API's state and its dispatch of methods (no I/O here)."""

import asyncio
import contextlib
import random
from collections import deque
from collections.abc import Callable
from types import EllipsisType
from typing import Any

from sandbox.telegram.forum import Forum
from sandbox.telegram.limits import Limits
from sandbox.telegram.methods import Methods
from sandbox.telegram.people import People
from sandbox.telegram.wire import CONFLICT, MESSAGE_METHODS, ApiError, Call, Fault, Person, kind_of

# Who hears what happens (the sandbox page): (kind, data) with kind one of "message" (new or
# edited), "deleted", "topic", "keyboard", "toast", "status".
Listener = Callable[[str, dict[str, Any]], None]


class FakeTelegram(People, Limits, Methods, Forum):
    """A Telegram Bot API stand-in: the bot calls `handle`; people act through `People`."""

    def __init__(self, token: str = "123456:TEST-TOKEN", bot_username: str = "qamqor_test_bot"):
        self.token = token
        # How long `wait_until` waits by default; a test of a whole process on a loaded
        # machine (CI) gives the bot more than an in-process test needs.
        self.patience = 10.0
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
        self.keep_calls = True  # tests read them; the sandbox, running for hours, does not
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
        # while set, sandbox.telegram.webhook POSTs queued updates there and getUpdates
        # answers 409, as Telegram does.
        self.webhook: dict[str, Any] | None = None
        self.max_connections = 4  # webhook requests at once (Telegram: setWebhook's, 40)
        self.webhook_retry_after = 0.2  # seconds before a refused update is offered again
        self.deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status; 0: no answer)
        self._on_the_wire: set[int] = set()  # update ids POSTed and not yet answered
        self.polls = 0
        self.last_update_id = 0
        self._updates: list[dict[str, Any]] = []
        self.last_message_ids: dict[int, int] = {}  # chat -> its newest message id
        self.counters = {"callback": 0, "album": 0, "file": 0}
        self._changed = asyncio.Condition()
        self._wakers: set[asyncio.Task[None]] = set()
        self.uploads: dict[str, bytes] = {}  # file_id -> content, for getFile and downloads
        self.file_names: dict[str, str] = {}  # file_id -> the name it was uploaded with
        self.keyboards: dict[int, dict[str, Any] | None] = {}  # chat -> its reply keyboard
        self.callbacks: dict[str, int] = {}  # callback query id -> who pressed
        self.listeners: list[Listener] = []
        self.changes = 0
        self.private_chats: dict[int, dict[str, Any]] = {}  # user -> their chat, once they wrote

    # ---- chats ---------------------------------------------------------------------------

    def add_group(self, chat_id: int, title: str = "Care", is_forum: bool = True) -> None:
        self.groups[chat_id] = {"id": chat_id, "type": "supergroup", "title": title}
        if is_forum:
            self.groups[chat_id]["is_forum"] = True

    def next_message_id(self, chat_id: int) -> int:
        self.last_message_ids[chat_id] = self.last_message_ids.get(chat_id, 0) + 1
        return self.last_message_ids[chat_id]

    def count(self, name: str) -> int:
        """The next number of a series: callback query ids, album ids, file ids."""
        self.counters[name] += 1
        return self.counters[name]

    def emit(self, kind: str, data: dict[str, Any]) -> None:
        self.changes += 1
        for listener in self.listeners:
            listener(kind, data)

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """A human deletes a forum topic in the admin chat."""
        self.topics[(chat_id, thread_id)]["deleted"] = True
        self.emit_topic(chat_id, thread_id)

    def live_topics(self, chat_id: int) -> list[int]:
        return [t for (c, t), state in self.topics.items() if c == chat_id and not state["deleted"]]

    def _chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.groups:
            return dict(self.groups[chat_id])
        return dict(
            self.private_chats.get(chat_id)
            or {"id": chat_id, "type": "private", "first_name": "User"}
        )

    def _store(self, message: dict[str, Any]) -> dict[str, Any]:
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        self.emit("message", message)
        return message

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
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, bytes] | None = None,
        file_names: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call: (HTTP status, JSON body)."""
        if method == "getUpdates":
            if self.webhook is not None:
                if self.keep_calls:
                    self.calls.append(Call(method, params, result=CONFLICT.body()))
                return CONFLICT.code, CONFLICT.body()
            return 200, {"ok": True, "result": await self.get_updates(params)}
        call = Call(method, params, files or {}, file_names or {})
        if self.keep_calls:
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
        self.changes += 1  # what the sandbox saves has (perhaps) changed

        async def wake() -> None:
            async with self._changed:
                self._changed.notify_all()

        with contextlib.suppress(RuntimeError):  # no loop yet: nobody can be waiting
            task = asyncio.get_running_loop().create_task(wake())
            self._wakers.add(task)
            task.add_done_callback(self._wakers.discard)

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by the bot (kept when the sandbox stops)."""
        return list(self._updates)

    def requeue(self, updates: list[dict[str, Any]]) -> None:
        self._updates = [*updates, *self._updates]
        self._notify()

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

    async def wait_until(
        self, condition: Callable[[], Any], timeout: float | EllipsisType | None = ...
    ) -> Any:
        """Wait until `condition()` returns something truthy, and return it: at most `timeout`
        seconds (None: unbounded, as the webhook delivery waits), by default `patience`."""
        async with asyncio.timeout(self.patience if timeout is ... else timeout):
            async with self._changed:
                while not (value := condition()):
                    await self._changed.wait()
                return value
