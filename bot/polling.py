"""Long polling that confirms an update only after its handling committed.

aiogram's own loop asks for the next batch (which confirms the last one to Telegram) while an
update may still be in hand, so a crash there loses it. Here each update is handled to the end
before the offset moves past it; an update whose handling failed outright is not confirmed,
and it is fetched again (the handled-updates table skips what was already done); one that
fails `GIVE_UP_AFTER` times in a row is logged (its id) and skipped.
"""

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.utils.backoff import Backoff, BackoffConfig

log = logging.getLogger("qamqor")
GIVE_UP_AFTER = 5  # tries of one update (a database hiccup passes; a poison update does not)


async def poll(
    bot: Bot, dispatcher: Dispatcher, stop: asyncio.Event, backoff: BackoffConfig, timeout: int = 30
) -> None:
    """Fetch and handle updates until `stop` is set; the update in hand always finishes."""
    request = GetUpdates(timeout=timeout, allowed_updates=dispatcher.resolve_used_update_types())
    retry = Backoff(backoff)
    failures: dict[int, int] = {}  # update id -> failed tries in a row
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
        for update in updates:
            try:
                await dispatcher.feed_update(bot, update)
            except Exception:
                tries = failures[update.update_id] = failures.get(update.update_id, 0) + 1
                if tries < GIVE_UP_AFTER:
                    log.exception("update %s not handled; trying it again", update.update_id)
                    await retry.asleep()
                    break
                # One update that always fails must not stop everyone else's.
                log.error("update %s failed %s times; skipped", update.update_id, tries)
            failures.pop(update.update_id, None)
            request.offset = update.update_id + 1
