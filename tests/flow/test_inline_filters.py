"""Our filters run on the event loop: an update crosses the routers without a thread hop."""

import asyncio

import pytest
from aiogram import F, Router

from bot.inline_filters import filters_under, run_filters_inline
from tests.fake_telegram import Person
from tests.flow.harness import DeskHarness
from tests.flow.onboarded import verified_user

AIGERIM = Person(1001, "Aigerim", language_code="en")


def test_every_filter_of_the_dispatcher_is_awaited_in_place(desk: DeskHarness) -> None:
    filters = list(filters_under(desk.dispatcher))
    assert len(filters) > 20  # the routers were walked, sub-routers included
    assert all(f.awaitable for f in filters)


async def test_a_care_message_and_a_menu_press_use_no_worker_thread(
    desk: DeskHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await verified_user(desk, AIGERIM, "+77011234567")
    hops = []
    real = asyncio.to_thread

    async def counted(func, *args, **kwargs):
        hops.append(func)
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counted)
    desk.fake.text(AIGERIM, "hello")
    desk.fake.text(AIGERIM, "/help")
    await desk.run()
    assert [c.text for c in desk.fake.calls_of("copyMessage")] == ["hello"]
    assert hops == []


async def test_an_inline_filter_still_decides_and_passes_its_kwargs() -> None:
    router = Router()
    seen = []

    @router.message(F.text.regexp(r"^(\d+)$").as_("digits"), lambda message: True)
    async def handler(message, digits) -> None:
        seen.append(digits.group(1))

    assert run_filters_inline(router) == 2
    assert run_filters_inline(router) == 0  # once is enough
    check = router.message.handlers[0].check
    passed, data = await check(type("M", (), {"text": "42"})())
    assert passed and data["digits"].group(1) == "42"
    passed, _ = await check(type("M", (), {"text": "x"})())
    assert not passed
