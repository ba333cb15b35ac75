"""Canned faults and Telegram's sending limits, answered as the real API answers them."""

import time
from collections.abc import Callable
from typing import Any

from sandbox.telegram.wire import MESSAGE_METHODS, Fault


class Limits:
    """Mixed into `FakeTelegram`: what a method answers before it runs, if not success."""

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
