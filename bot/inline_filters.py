"""Filters run on the event loop, not in a worker thread.

aiogram 3 hands every filter that is not a coroutine (an `F` expression, a `State` used as a
filter, a plain function) to `asyncio.to_thread`, so one update crossing our routers paid some
25 thread round trips for attribute checks that take microseconds each: measured with
`bench/throughput.py`, that hand-off was the largest single cost per update. Ours never block
(they read the update and the data aiogram collected), so they are called in place.
"""

import functools
from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject


def _in_place(callback: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(callback)
    async def call(*args: Any, **kwargs: Any) -> Any:
        return callback(*args, **kwargs)

    return call


def filters_under(router: Router) -> Iterator[FilterObject]:
    """Every filter of `router` and its sub-routers, router-level ones included."""
    for observer in router.observers.values():
        yield from observer._handler.filters or ()  # the observer's own (router-level) filters
        for handler in observer.handlers:
            yield from handler.filters or ()
    for sub_router in router.sub_routers:
        yield from filters_under(sub_router)


def run_filters_inline(router: Router) -> int:
    """Make every synchronous filter under `router` run on the loop; how many there were."""
    changed = 0
    for event_filter in filters_under(router):
        if not event_filter.awaitable:
            event_filter.callback = _in_place(event_filter.callback)
            event_filter.awaitable = True
            changed += 1
    return changed
