"""A Telegram Bot API stand-in: one core, served over HTTP (the sandbox and the end-to-end
tests) or plugged into an in-process Bot session (the flow tests, `tests/fake_telegram`).

`FakeTelegram` keeps the state (updates, chats, messages, topics, files) and answers Bot API
methods in the real JSON shape; `serve()` puts it behind an aiohttp server speaking the real
wire format, with webhook delivery once the bot sets one.
"""

from sandbox.telegram.core import FakeTelegram
from sandbox.telegram.server import serve
from sandbox.telegram.wire import Call, Person

__all__ = ["Call", "FakeTelegram", "Person", "serve"]
