"""The project's Telegram Bot API stand-in (`sandbox.telegram`), as the tests use it: served
over HTTP for end-to-end tests, or plugged into an in-process Bot with `FakeSession`."""

from sandbox.telegram import Call, FakeTelegram, Person, serve
from tests.fake_telegram.session import FakeSession

__all__ = ["Call", "FakeSession", "FakeTelegram", "Person", "serve"]
