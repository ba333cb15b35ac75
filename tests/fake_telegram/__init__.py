"""A fake Telegram Bot API for tests: one core, served over HTTP or plugged into a Bot session.

`FakeTelegram` keeps the state (updates, chats, messages, topics) and answers Bot API methods
in the real JSON shape; `serve()` puts it behind an aiohttp server speaking the real wire
format; `FakeSession` hands it to an in-process aiogram `Bot` for flow tests.
"""

from tests.fake_telegram.core import Call, FakeTelegram, Person
from tests.fake_telegram.server import serve
from tests.fake_telegram.session import FakeSession

__all__ = ["Call", "FakeSession", "FakeTelegram", "Person", "serve"]
