"""The sender: the second half of the one way out to Telegram.

It claims the first due row of each lane, sends it outside any transaction, and records the
result (or what the failure means, by `care.outbound.faults.classify`) in a short transaction of its
own. Lanes go side by side, up to `concurrency` at once; a 429 pauses every send for exactly
`retry_after`; `rate` spaces sends so the bot stays within Telegram's overall budget. Each row
is read back through its performer's payload model first; one that does not fit (or of a kind
nobody performs) is kept for a retry, as a row whose performer fails.

Every wait goes through `sleep` and every reading of time through `clock` (when rows are due,
the moment a performer acts at) and `monotonic` (pacing, pauses), so tests drive the real loop
on a fake clock. The composition root passes the wall clock; nothing here reads it.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter

from care.outbound.channel import Performer, SendContext
from care.outbound.faults import Fault, classify
from care.outbound.outbox import EPHEMERAL, CallPayload, Kind, Payload, Unreadable, read_back
from storage import outbox
from storage.models import OutboxEntry

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=90)  # longer than aiogram's request timeout
LONGEST_BACKOFF = 600.0
IDLE_POLL = 5.0  # seconds between looks when nothing woke us (other replicas' rows)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2.0 ** min(attempts, 10), LONGEST_BACKOFF))


class Sender:
    def __init__(
        self,
        context: SendContext,
        performers: Mapping[Kind, Performer],
        *,
        concurrency: int = 8,
        rate: float | None = 30.0,
        clock: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        monotonic: Callable[[], float] | None = None,
        relayed: Callable[[float], None] | None = None,
        paused: Callable[[float], None] | None = None,
    ) -> None:
        """`monotonic` defaults to the event loop's clock. `relayed` hears the seconds from a
        user's message being recorded to its copy in the admin chat, for each copy made (the
        relay latency metric); `paused` hears each pause a 429 asked for, in seconds."""
        self.context = context
        self.performers = performers  # care.kinds.KINDS: the composition root passes it
        self.relayed = relayed
        self.paused = paused
        self.concurrency = concurrency
        self.interval = 1.0 / rate if rate else 0.0
        self.sleep = sleep
        self.clock = clock
        self._monotonic = monotonic
        self._woken = asyncio.Event()
        self._stopping = False
        self._in_flight: dict[str, asyncio.Task[None]] = {}  # lane -> its send
        self._resting: dict[str, float] = {}  # lane -> when (monotonic) it may be claimed again
        self._resume_at = float("-inf")  # when (monotonic) a 429 pause ends
        self._next_slot = float("-inf")
        self._retry_at: datetime | None = None  # the earliest retry this sender scheduled

    def monotonic(self) -> float:
        return self._monotonic() if self._monotonic else asyncio.get_running_loop().time()

    def wake(self) -> None:
        """Something was recorded: look now (conversations never wait for a poll)."""
        self._woken.set()

    async def run(self) -> None:
        """Send until `stop()`; what is left waits in the database for the next start."""
        async with self.context.read() as session:  # what a previous run left for later
            self._retry_at = await outbox.next_due(session)
        while not self._stopping:
            self._woken.clear()
            free = self.concurrency - len(self._in_flight)
            claimed = []
            if free > 0 and self.monotonic() >= self._resume_at:
                try:
                    claimed = await self._claim(free, self.clock())
                except Exception:  # the database is away: try again shortly
                    log.exception("outbox not readable; retrying")
            if self._stopping:  # claimed as we were told to stop: left for `stop` or a restart
                break
            for entry in claimed:
                task = asyncio.create_task(self._process(entry))
                self._in_flight[entry.lane] = task
                task.add_done_callback(partial(self._done, entry.lane))
            if claimed:
                continue
            await self._idle()

    def _done(self, lane: str, _task: object) -> None:
        self._in_flight.pop(lane, None)
        self.wake()

    async def _idle(self) -> None:
        """Wait for a wake, the end of a 429 pause, a scheduled retry, or the poll interval
        (rows other replicas recorded)."""
        timeout = IDLE_POLL
        if (pause := self._resume_at - self.monotonic()) > 0:
            timeout = pause
        elif self._retry_at is not None:
            ahead = (self._retry_at - self.clock()).total_seconds()
            if ahead <= 0:
                self._retry_at = None  # due now: the next claim takes it
                return
            timeout = min(IDLE_POLL, ahead)
        if self._woken.is_set():
            return
        waking = asyncio.ensure_future(self._woken.wait())
        sleeping = asyncio.ensure_future(self.sleep(timeout))
        try:
            await asyncio.wait({waking, sleeping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in (waking, sleeping):
                waiter.cancel()

    async def stop(self, timeout: float = 20.0) -> None:
        """Stop claiming; let the sends in hand finish, then send what is due, all within
        `timeout`; whatever is left waits in the database for the next start."""
        self._stopping = True
        self.wake()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if self._in_flight:
            await asyncio.wait(set(self._in_flight.values()), timeout=timeout)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.drain(), max(0.0, deadline - loop.time()))

    async def drain(self, now: datetime | None = None) -> int:
        """Send everything due now, one row at a time in order (tests, tools); the count."""
        sent = 0
        while claimed := await self._claim(self.concurrency, now or self.clock()):
            for entry in claimed:
                await self._process(entry, now)
                sent += 1
        return sent

    async def _claim(self, limit: int, now: datetime) -> list[OutboxEntry]:
        moment = self.monotonic()
        self._resting = {lane: t for lane, t in self._resting.items() if t > moment}
        in_hand = set(self._in_flight) | set(self._resting)
        if self.context.gate.serial:  # SQLite: the only sender; a read is claim enough
            async with self.context.read() as session:
                return await outbox.claim_heads(session, now, limit, None, in_hand)
        async with self.context.write() as session:
            return await outbox.claim_heads(session, now, limit, LEASE, in_hand)

    async def _pace(self) -> None:
        """Wait out a 429 pause, then take the next slot of the overall budget; a pause that
        began while waiting for the slot is waited out too (then a fresh slot is taken), so
        nothing goes out during a pause."""
        for _ in range(4):
            if (pause := self._resume_at - self.monotonic()) > 0:
                await self.sleep(pause)
            if not self.interval:
                return
            now = self.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
            if slot > now:
                await self.sleep(slot - now)
            if self.monotonic() >= self._resume_at:
                return

    async def _process(self, entry: OutboxEntry, now: datetime | None = None) -> None:
        """Send one row and settle it: finished, retried later or held; never left claimed
        by a surprise (that would resend it at once, in a loop, on SQLite). The performer
        acts at one moment, read once from the sender's clock (`now` when draining at a
        given moment); the sender's own bookkeeping (retries, holds) reads its clock anew."""
        try:
            await self._send_and_settle(entry, now or self.clock())
        except Exception:
            log.exception("outbox %s (%s) not settled; the lane rests", entry.id, entry.kind)
            self._resting[entry.lane] = self.monotonic() + IDLE_POLL

    def _read(self, entry: OutboxEntry) -> tuple[Performer, Payload]:
        """The row's performer and its payload, validated by the performer's model."""
        # A StrEnum key equals its string (the row's kind): what `.get(entry.kind)` would find.
        performer = next((p for k, p in self.performers.items() if k == entry.kind), None)
        if performer is None:
            raise Unreadable(f"kind {entry.kind!r} has no performer")
        return performer, read_back(performer.payload, entry.payload)

    async def _send_and_settle(self, entry: OutboxEntry, now: datetime) -> None:
        try:
            performer, payload = self._read(entry)
        except Unreadable as exc:
            log.error(
                "outbox %s (%s) not readable; kept for a retry: %s", entry.id, entry.kind, exc
            )
            await self._retry_later(entry, f"unreadable: {exc}")
            return
        waited = False
        while True:
            if not waited:
                await self._pace()
            waited = False
            try:
                result = await performer.send(self.context, entry, payload, now)
            except TelegramRetryAfter as exc:
                log.warning("429 on outbox %s: every send waits %s s", entry.id, exc.retry_after)
                self._resume_at = max(self._resume_at, self.monotonic() + exc.retry_after)
                if self.paused is not None:
                    self.paused(exc.retry_after)
                await self.sleep(exc.retry_after)  # exactly what Telegram asked, then again
                waited = True
                continue
            except TelegramAPIError as exc:
                await self._failed(performer, entry, payload, exc, now)
            except Exception:
                log.exception("outbox %s (%s) failed; kept for a retry", entry.id, entry.kind)
                await self._retry_later(entry, "internal error")
            else:
                sent_at = self.clock()
                await self._record(entry, result)
                if self.relayed is not None and entry.kind == Kind.COPY_IN and result is not None:
                    self.relayed((sent_at - entry.created_at).total_seconds())
            return

    async def _record(self, entry: OutboxEntry, result) -> None:
        """The send happened: record it, trying again rather than sending twice."""
        for attempt in range(3):
            try:
                async with self.context.write() as session:
                    if result is not None:
                        await result(session)
                    await outbox.finish(session, entry.id)
                return
            except Exception:
                if attempt == 2:
                    raise
                log.warning("outbox %s sent; recording it failed, trying again", entry.id)
                await self.sleep(0.5 * (attempt + 1))

    async def _failed(
        self,
        performer: Performer,
        entry: OutboxEntry,
        payload: Payload,
        exc: TelegramAPIError,
        now: datetime,
    ) -> None:
        to_user = entry.lane.startswith("chat:")
        fault = classify(exc, to_user=to_user)
        if fault is Fault.BLOCKED and not to_user:
            fault = Fault.TRANSIENT  # only a user's own chat is held for their return
        if entry.kind == Kind.CALL and fault in (Fault.THREAD_GONE, Fault.TOPIC_CLOSED):
            fault = Fault.REFUSED  # a plain call into a topic that is gone: nothing to redo
        plain_call = entry.kind == Kind.CALL and isinstance(payload, CallPayload)
        ephemeral = isinstance(payload, CallPayload) and plain_call and payload.method in EPHEMERAL
        log.warning(
            "outbox %s (%s, user %s): %s (%s)",
            entry.id,
            entry.kind,
            entry.user_id,
            fault,
            exc.message,
        )
        if fault is Fault.NOT_MODIFIED:
            async with self.context.write() as session:
                await outbox.finish(session, entry.id)
            return
        if fault in (Fault.TRANSIENT, Fault.THREAD_GONE, Fault.TOPIC_CLOSED) and not ephemeral:
            if entry.attempts == 0:
                async with self.context.write() as session:
                    await performer.failed(self.context, session, entry, payload, fault, exc, now)
            await self._retry_later(entry, exc.message)
            return
        async with self.context.write() as session:
            if not ephemeral:
                await performer.failed(self.context, session, entry, payload, fault, exc, now)
            if fault is Fault.BLOCKED and not ephemeral and entry.user_id is not None:
                await outbox.hold(session, entry.id, self.clock())
            else:
                await outbox.finish(session, entry.id)

    async def _retry_later(self, entry: OutboxEntry, error: str) -> None:
        moment = self.clock() + backoff(entry.attempts)
        async with self.context.write() as session:
            await outbox.retry_at(session, entry.id, moment, error)
        if self._retry_at is None or moment < self._retry_at:
            self._retry_at = moment
