"""Our polling loop: confirm only what committed; a poison update does not stop the others."""

import asyncio

import pytest
from aiogram.utils.backoff import BackoffConfig
from sqlalchemy.exc import OperationalError

from bot.polling import GIVE_UP_AFTER, poll
from care.desk import inbound
from tests.fake_telegram import Person
from tests.flow.harness import DeskHarness
from tests.flow.onboarded import verified_user

FAST = BackoffConfig(min_delay=0.01, max_delay=0.02, factor=1.1, jitter=0.0)
AIGERIM = Person(1001, "Aigerim", language_code="en")
DANA = Person(1002, "Dana", language_code="en")


async def test_a_poison_update_is_skipped_and_the_rest_go_on(
    desk: DeskHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await verified_user(desk, AIGERIM, "+77011234567")
    await verified_user(desk, DANA, "+77021234567")
    real, tries = inbound.relay_from_user, []

    async def poisoned(session, desk_, user, message, now):
        if message.text == "poison":
            tries.append(message.message_id)
            raise OperationalError("INSERT", {}, Exception("invalid byte sequence"))
        return await real(session, desk_, user, message, now)

    monkeypatch.setattr(inbound, "relay_from_user", poisoned)
    desk.fake.text(AIGERIM, "poison")
    desk.fake.text(DANA, "hello")
    stop = asyncio.Event()
    polling = asyncio.create_task(poll(desk.bot, desk.dispatcher, stop, FAST, timeout=0))
    await desk.fake.wait_until(lambda: desk.fake.polls > GIVE_UP_AFTER + 1, timeout=10)
    await desk.sender.drain()
    stop.set()
    await asyncio.wait_for(polling, 5)

    assert len(tries) == GIVE_UP_AFTER  # tried again (a hiccup would pass), then skipped
    assert [c.text for c in desk.fake.calls_of("copyMessage")] == ["hello"]


async def test_the_offset_moves_past_a_handled_update(desk: DeskHarness) -> None:
    await verified_user(desk, AIGERIM, "+77011234567")
    desk.fake.text(AIGERIM, "hello")
    seen_offsets = []
    original = desk.fake.get_updates

    async def watching(params):
        seen_offsets.append(int(params.get("offset") or 0))
        return await original(params)

    desk.fake.get_updates = watching
    stop = asyncio.Event()
    polling = asyncio.create_task(poll(desk.bot, desk.dispatcher, stop, FAST, timeout=0))
    await desk.fake.wait_until(lambda: len(seen_offsets) >= 2, timeout=10)
    stop.set()
    await asyncio.wait_for(polling, 5)
    # The second fetch confirms update 1, and by then its message was recorded to send.
    assert seen_offsets[:2] == [0, 2]
    assert await desk.sender.drain() == 2  # the copy and the acknowledgement


async def test_one_persons_failure_holds_back_only_their_later_updates(
    desk: DeskHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Aigerim's first message fails once: her second waits behind it (order kept), Dana's
    goes on in the same batch, and the retry delivers both of Aigerim's in order."""
    await verified_user(desk, AIGERIM, "+77011234567")
    await verified_user(desk, DANA, "+77021234567")
    real, order = inbound.relay_from_user, []

    async def flaky(session, desk_, user, message, now):
        if message.text == "first" and "first" not in order:
            order.append("first")
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        order.append(message.text)
        return await real(session, desk_, user, message, now)

    monkeypatch.setattr(inbound, "relay_from_user", flaky)
    desk.fake.text(AIGERIM, "first")
    desk.fake.text(AIGERIM, "second")
    desk.fake.text(DANA, "hello")
    stop = asyncio.Event()
    polling = asyncio.create_task(poll(desk.bot, desk.dispatcher, stop, FAST, timeout=0))
    await desk.fake.wait_until(lambda: order.count("second") == 1 and "hello" in order, 10)
    stop.set()
    await asyncio.wait_for(polling, 10)
    desk.expect_failures = True
    await desk.sender.drain()

    assert order.index("hello") < order.index("second")  # Dana did not wait for Aigerim
    assert [o for o in order if o != "hello"] == ["first", "first", "second"]
    copies = [c.text for c in desk.fake.calls_of("copyMessage")]
    assert copies.index("first") < copies.index("second")
    assert sorted(copies) == ["first", "hello", "second"]


async def test_an_update_given_up_on_never_runs_after_the_persons_later_ones(
    desk: DeskHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Aigerim's "stuck" fails until it is given up on, and her "after" goes on; Dana's "d2",
    older than both, still fails, so the batch is fetched again from it: "stuck", working by
    then, must stay skipped rather than land after "after"."""
    await verified_user(desk, AIGERIM, "+77011234567")
    await verified_user(desk, DANA, "+77021234567")
    real, tries = inbound.relay_from_user, {"d1": 1, "d2": GIVE_UP_AFTER, "stuck": GIVE_UP_AFTER}
    seen: list[str] = []

    async def failing(session, desk_, user, message, now):
        seen.append(message.text)
        if tries.get(message.text, 0) > 0:
            tries[message.text] -= 1
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))
        return await real(session, desk_, user, message, now)

    monkeypatch.setattr(inbound, "relay_from_user", failing)
    for person, text in ((DANA, "d1"), (DANA, "d2"), (AIGERIM, "stuck"), (AIGERIM, "after")):
        desk.fake.text(person, text)
    stop = asyncio.Event()
    polling = asyncio.create_task(poll(desk.bot, desk.dispatcher, stop, FAST, timeout=0))
    await desk.fake.wait_until(lambda: seen.count("d2") == GIVE_UP_AFTER, timeout=10)
    polls = desk.fake.polls
    await desk.fake.wait_until(lambda: desk.fake.polls > polls + 2, timeout=10)
    stop.set()
    await asyncio.wait_for(polling, 10)
    desk.expect_failures = True
    await desk.sender.drain()

    assert seen.count("stuck") == GIVE_UP_AFTER  # never handed to the handler again
    copies = [c.text for c in desk.fake.calls_of("copyMessage")]
    assert sorted(copies) == ["after", "d1"]
