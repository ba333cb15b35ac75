"""Prometheus metrics: one registry per app (tests build many), counters fed by middlewares,
gauges read from the database when scraped. Labels carry types, methods and states only,
never ids or texts."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy.ext.asyncio import AsyncSession

from care.common.desk import Desk
from care.rights.requests import local_day, running
from storage.notices import campaigns
from storage.rights import stats
from storage.vocabulary import DeliveryStatus, RequestKind

# A copy usually lands well under a second; a 429 pause or a retry makes it seconds to minutes.
RELAY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)


@dataclass(frozen=True)
class DatabaseFigures:
    deliveries: dict[str, int]  # status -> deliveries
    requests: dict[str, tuple[int, int]]  # kind -> (open, overdue)


async def read_figures(session: AsyncSession, desk: Desk, now: datetime) -> DatabaseFigures:
    return DatabaseFigures(
        deliveries=await campaigns.deliveries_by_status(session),
        requests=await stats.open_by_kind(session, local_day(desk, now), running(desk)),
    )


class Metrics:
    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        self.updates = Counter(
            "qamqor_updates", "Updates handled, by type", ["type"], registry=registry
        )
        self.update_errors = Counter(
            "qamqor_update_errors",
            "Updates whose handling raised an error, by type",
            ["type"],
            registry=registry,
        )
        self.api_calls = Counter(
            "qamqor_bot_api_calls", "Bot API calls made, by method", ["method"], registry=registry
        )
        self.api_errors = Counter(
            "qamqor_bot_api_errors",
            "Bot API calls that failed, by method and error class",
            ["method", "error"],
            registry=registry,
        )
        self.relay_latency = Histogram(
            "qamqor_relay_latency_seconds",
            "From a user's message being recorded to its copy in the admin chat",
            buckets=RELAY_BUCKETS,
            registry=registry,
        )
        self.deliveries = Gauge(
            "qamqor_deliveries", "Campaign deliveries, by state", ["state"], registry=registry
        )
        self.open_requests = Gauge(
            "qamqor_requests_open", "Rights requests open now, by kind", ["kind"], registry=registry
        )
        self.overdue_requests = Gauge(
            "qamqor_requests_overdue",
            "Open rights requests past their due date now, by kind",
            ["kind"],
            registry=registry,
        )

    def observe_relay(self, seconds: float) -> None:
        self.relay_latency.observe(max(0.0, seconds))

    def show(self, figures: DatabaseFigures | None) -> None:
        """Set the database gauges; None (the database did not answer) leaves them out rather
        than showing stale figures."""
        for gauge in (self.deliveries, self.open_requests, self.overdue_requests):
            gauge.clear()
        if figures is None:
            return
        for state in dict.fromkeys([*DeliveryStatus, *figures.deliveries]):
            self.deliveries.labels(state).set(figures.deliveries.get(state, 0))
        for kind in dict.fromkeys([*RequestKind, *figures.requests]):
            total, late = figures.requests.get(kind, (0, 0))
            self.open_requests.labels(kind).set(total)
            self.overdue_requests.labels(kind).set(late)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def update_type(event: TelegramObject) -> str:
    if not isinstance(event, Update):
        return "unknown"
    try:
        return event.event_type
    except LookupError:  # aiogram's UpdateTypeLookupError: a type newer than aiogram
        return "unknown"


class CountUpdates(BaseMiddleware):
    """Counts every update by type, and those whose handling raised (apologised or not)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = update_type(event)
        try:
            return await handler(event, data)
        except Exception:
            self.metrics.update_errors.labels(kind).inc()
            raise
        finally:
            self.metrics.updates.labels(kind).inc()


class CountApiCalls(BaseRequestMiddleware):
    """Counts Bot API calls by method, and failures by method and error class (a 429 is
    `TelegramRetryAfter`, a network failure `TelegramNetworkError`)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        self.metrics.api_calls.labels(name).inc()
        try:
            return await make_request(bot, method)
        except Exception as exc:
            self.metrics.api_errors.labels(name, type(exc).__name__).inc()
            raise
