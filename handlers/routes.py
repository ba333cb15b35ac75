"""Routers declared at module level, built fresh for each dispatcher.

A `Routes` takes the calls aiogram's `Router` takes (`@routes.message(...)`,
`routes.callback_query.filter(...)`, `routes.message.outer_middleware(...)`) and only records
them; `router()` replays them, in the order they were made, into a new `Router`. aiogram
attaches a router to one parent only, and tests build many dispatchers, so no `Router` is kept
at module level. What a filter needs to know about the deployment (the admin chat, the
catalogue) it reads from the handler data when it runs (handlers.filters), not from a closure.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from aiogram import Router
from aiogram.dispatcher.event.telegram import TelegramEventObserver

Step = Callable[[Router], object]
Callback = TypeVar("Callback", bound=Callable[..., Any])


class Observed:
    """One event of a `Routes` (`routes.message`, `routes.errors`, ...), recorded."""

    def __init__(self, steps: list[Step], event: str) -> None:
        self._steps = steps
        self._event = event  # the attribute of `Router` that observes it

    def __call__(self, *filters: Any, **kwargs: Any) -> Callable[[Callback], Callback]:
        """A decorator registering the handler with `filters`, as `router.message(...)`."""

        def register(callback: Callback) -> Callback:
            self._record(lambda observer: observer.register(callback, *filters, **kwargs))
            return callback

        return register

    def filter(self, *filters: Any) -> None:
        """Filters every handler of this event in the router must pass (who may enter)."""
        self._record(lambda observer: observer.filter(*filters))

    def outer_middleware(self, middleware: Any) -> None:
        self._record(lambda observer: observer.outer_middleware(middleware))

    def _record(self, step: Callable[[TelegramEventObserver], object]) -> None:
        event = self._event
        self._steps.append(lambda router: step(getattr(router, event)))


class Routes:
    """The declaration of one router: `router()` returns a fresh aiogram `Router` each call,
    with the sub-routers `include` named after its own handlers, in that order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._steps: list[Step] = []
        self._included: list[Routes] = []
        self.message = Observed(self._steps, "message")
        self.edited_message = Observed(self._steps, "edited_message")
        self.callback_query = Observed(self._steps, "callback_query")
        self.my_chat_member = Observed(self._steps, "my_chat_member")
        self.errors = Observed(self._steps, "errors")

    def include(self, *routes: "Routes") -> None:
        self._included.extend(routes)

    def router(self) -> Router:
        router = Router(name=self.name)
        for step in self._steps:
            step(router)
        for routes in self._included:
            router.include_router(routes.router())
        return router


def split_by(who: Any, allowed_name: str, others_name: str) -> tuple[Routes, Routes]:
    """Two sub-routes, for messages and presses alike: the first for those `who` lets in, the
    second for everyone else, so who may act never depends on the order of handlers."""
    allowed, others = Routes(allowed_name), Routes(others_name)
    for routes, passes in ((allowed, who), (others, ~who)):
        routes.message.filter(passes)
        routes.callback_query.filter(passes)
    return allowed, others
