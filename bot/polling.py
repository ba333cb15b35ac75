"""Long polling that confirms an update only after its handling committed.

aiogram's own loop asks for the next batch (which confirms the last one to Telegram) while an
update may still be in hand, so a crash there loses it. Here a batch is handled to the end
before the offset moves past it. Each person's updates in a batch run one after another, in
order; different people's run side by side (on PostgreSQL they proceed at once; on SQLite the
write gate still lets one transaction through at a time). An update whose handling failed
outright holds the person's later updates back and is not confirmed: it is fetched again (the
handled-updates table skips what was already done); one that fails `GIVE_UP_AFTER` times in a
row is logged (its id) and skipped.
"""

import asyncio
import logging
from collections.abc import Iterable

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

log = logging.getLogger("qamqor")
GIVE_UP_AFTER = 5  # tries of one update (a database hiccup passes; a poison update does not)
SIDE_BY_SIDE = 16  # people whose updates are handled at once


def sequence_key(update: Update) -> int:
    """Whose updates must run in order: the person acting, else the chat, else none."""
    try:
        event = update.event
    except LookupError:  # a kind of update this aiogram does not know: on its own
        return -update.update_id
    person = getattr(event, "from_user", None)
    if person is not None:
        return person.id
    chat = getattr(event, "chat", None)
    return chat.id if chat is not None else -update.update_id


def in_sequences(updates: Iterable[Update]) -> list[list[Update]]:
    sequences: dict[int, list[Update]] = {}
    for update in updates:
        sequences.setdefault(sequence_key(update), []).append(update)
    return list(sequences.values())


class Batch:
    """One batch of updates, handled person by person; knows which ones it did not finish."""

    def __init__(self, bot: Bot, dispatcher: Dispatcher, failures: dict[int, int]) -> None:
        self.bot = bot
        self.dispatcher = dispatcher
        self.failures = failures  # update id -> failed tries in a row, across batches
        self.unfinished: list[int] = []
        self._room = asyncio.Semaphore(SIDE_BY_SIDE)

    async def handle(self, updates: list[Update]) -> None:
        await asyncio.gather(*(self._in_order(s) for s in in_sequences(updates)))

    async def _in_order(self, sequence: list[Update]) -> None:
        async with self._room:
            for update in sequence:
                if not await self._one(update):
                    self.unfinished.append(update.update_id)
                    return  # the person's later updates wait behind this one

    async def _one(self, update: Update) -> bool:
        if self.failures.get(update.update_id, 0) >= GIVE_UP_AFTER:
            return True  # given up on, and fetched again behind someone else's: stays skipped
        try:
            await self.dispatcher.feed_update(self.bot, update)
        except Exception:
            tries = self.failures[update.update_id] = self.failures.get(update.update_id, 0) + 1
            if tries < GIVE_UP_AFTER:
                log.exception("update %s not handled; trying it again", update.update_id)
                return False
            # One update that always fails must not stop everyone else's; the person's later
            # updates go on, so it must never run after them (the record is kept).
            log.error("update %s failed %s times; skipped", update.update_id, tries)
            return True
        self.failures.pop(update.update_id, None)
        return True


async def poll(
    bot: Bot, dispatcher: Dispatcher, stop: asyncio.Event, backoff: BackoffConfig, timeout: int = 30
) -> None:
    """Fetch and handle updates until `stop` is set; the batch in hand always finishes."""
    request = GetUpdates(timeout=timeout, allowed_updates=dispatcher.resolve_used_update_types())
    retry = Backoff(backoff)
    failures: dict[int, int] = {}
    request_timeout = int((bot.session.timeout or 60) + timeout)
    while not stop.is_set():
        fetch = asyncio.ensure_future(bot(request, request_timeout=request_timeout))
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not fetch.done():  # nothing in hand: a long poll may simply be dropped
            fetch.cancel()
            break
        try:
            updates = fetch.result()
        except Exception as exc:
            log.warning(
                "getUpdates failed (%s); retrying in %.1f s", type(exc).__name__, retry.next_delay
            )
            await retry.asleep()
            continue
        retry.reset()
        if not updates:
            continue
        batch = Batch(bot, dispatcher, failures)
        await batch.handle(updates)
        if batch.unfinished:  # fetched again from the first one not done
            request.offset = min(batch.unfinished)
            await retry.asleep()
        else:
            request.offset = updates[-1].update_id + 1
        for confirmed in [u for u in failures if u < request.offset]:
            del failures[confirmed]
