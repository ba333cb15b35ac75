"""Routers are declared once at module level and built fresh for each dispatcher."""

from aiogram import Dispatcher, F, Router

from handlers import build_router
from handlers.routes import Routes


def handlers_of(router: Router) -> list[tuple[str, str, str]]:
    found = [
        (router.name, event, handler.callback.__name__)
        for event, observer in router.observers.items()
        for handler in observer.handlers
    ]
    for sub_router in router.sub_routers:
        found += handlers_of(sub_router)
    return found


def test_every_dispatcher_gets_its_own_tree_of_the_same_routers() -> None:
    first, second = build_router(), build_router()
    Dispatcher().include_router(first)
    Dispatcher().include_router(second)  # aiogram refuses a router attached twice
    assert first is not second
    assert handlers_of(first) == handlers_of(second)
    assert len(handlers_of(first)) > 80


def test_routes_replay_handlers_filters_and_sub_routes_in_order() -> None:
    routes, inner = Routes("outer"), Routes("inner")
    routes.message.filter(F.chat.type == "private")
    routes.include(inner)

    @routes.message(F.text == "b")
    @routes.message(F.text == "a")
    async def letters() -> None: ...

    @inner.callback_query()
    async def press() -> None: ...

    built = routes.router()
    assert handlers_of(built) == [
        ("outer", "message", "letters"),
        ("outer", "message", "letters"),
        ("inner", "callback_query", "press"),
    ]
    assert [f.magic for f in built.message.handlers[0].filters] == [F.text == "a"]
    assert len(built.message._handler.filters) == 1
    assert routes.router() is not built
