"""How long the stand-in Bot API's `wait_until` waits: its `patience` by default, a given
bound, or without bound (the webhook delivery waits for updates as long as the bot runs)."""

import asyncio

import pytest

from sandbox.telegram import FakeTelegram


async def test_by_default_it_waits_as_long_as_its_patience():
    fake = FakeTelegram()
    fake.patience = 0.05
    with pytest.raises(TimeoutError):
        await fake.wait_until(lambda: False)


async def test_none_waits_past_any_patience():
    fake = FakeTelegram()
    fake.patience = 0.01
    found: list[str] = []

    async def later() -> None:
        await asyncio.sleep(0.1)
        found.append("update")
        fake._notify()

    task = asyncio.create_task(later())
    assert await fake.wait_until(lambda: found, timeout=None) == ["update"]
    await task
