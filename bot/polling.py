"""Long polling that confirms an update only after its handling committed.

aiogram's own loop asks for the next batch (which confirms the last one to Telegram) while an
update may still be in hand, so a crash there loses it. Here each update is handled to the end
before the offset moves past it; an update whose handling failed outright is not confirmed,
and Telegram sends it again (the handled-updates table skips what was already done).
"""

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.utils.backoff import Backoff, BackoffConfig

log = logging.getLogger("qamqor")


async def poll(
    bot: Bot, dispatcher: Dispatcher, stop: asyncio.Event, backoff: BackoffConfig, timeout: int = 30
) -> None:
    """Fetch and handle updates until `stop` is set; the update in hand always finishes."""
    request = GetUpdates(timeout=timeout, allowed_updates=dispatcher.resolve_used_update_types())
    retry = Backoff(backoff)
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
                log.exception(
                    "update %s not handled; Telegram will send it again", update.update_id
                )
                await retry.asleep()
                break
            request.offset = update.update_id + 1
