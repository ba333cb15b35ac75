"""The sender's clock is always passed in (bot.app passes the wall clock), and read once per
send: the performer acts at that moment, and what its result records after the send is at
the same moment; the sender's own time (retries, holds, latency) reads the clock anew, so a
send's moment never freezes it through pauses and retries."""

from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from aiogram.methods import SendMessage

import care.outbound.sender as sender_module
from care.outbound.outbox import CallPayload, Kind
from care.outbound.sender import Sender
from storage.models import OutboxEntry

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_a_sender_is_always_given_its_clock() -> None:
    with pytest.raises(TypeError):
        Sender(context=None, performers={}, rate=None)  # type: ignore[call-arg]


class MovingClock:
    """A clock that moves a second on every reading."""

    def __init__(self) -> None:
        self.readings: list[datetime] = []

    def __call__(self) -> datetime:
        self.readings.append(START + timedelta(seconds=len(self.readings)))
        return self.readings[-1]


class Recording:
    payload = CallPayload

    def __init__(self) -> None:
        self.moments: list[datetime] = []

    async def send(self, context, entry, payload, now):
        self.moments.append(now)

        async def remember(session) -> None:
            self.moments.append(now)

        return remember

    async def failed(self, context, session, entry, payload, fault, exc, now) -> None:
        raise AssertionError("nothing failed")


class Context:
    @asynccontextmanager
    async def write(self):
        yield None


async def test_a_performer_acts_at_the_moment_read_once_for_its_send(monkeypatch) -> None:
    async def finish(session, entry_id) -> None:
        pass

    monkeypatch.setattr(sender_module, "outbox", SimpleNamespace(finish=finish))
    clock, performer = MovingClock(), Recording()
    sender = Sender(Context(), {Kind.CALL: performer}, rate=None, clock=clock)
    payload = CallPayload.of(SendMessage(chat_id=1, text="hi"))
    entry = OutboxEntry(id=1, lane="chat:1", kind=Kind.CALL, payload=payload.stored())
    await sender._process(entry)
    assert performer.moments == [clock.readings[0], clock.readings[0]]
    assert len(clock.readings) > 1  # the sender's own time went on
    assert sender.clock() > performer.moments[0]
