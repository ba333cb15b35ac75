"""`/healthz` and `/metrics` for the load balancer, Docker and Prometheus.

No secret guards them, so they say nothing personal: health names the part that failed, and
metrics carry counts by type, method, state and kind only.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import wall_clock
from bot.metrics import DatabaseFigures, Metrics, read_figures
from care.common.desk import Desk
from storage.engine import ping

log = logging.getLogger("qamqor")

DATABASE_TIMEOUT = 2.0  # seconds: a probe must answer well within Docker's 5 s timeout


class Scheduler(Protocol):
    @property
    def running(self) -> bool: ...


@dataclass
class Probes:
    sessionmaker: async_sessionmaker[AsyncSession]
    scheduler: Scheduler
    metrics: Metrics
    desk: Desk
    timeout: float = DATABASE_TIMEOUT
    clock: Callable[[], datetime] = field(default=wall_clock)

    async def database_answers(self) -> bool:
        try:
            async with asyncio.timeout(self.timeout), self.sessionmaker() as session:
                await ping(session)
        except Exception as exc:  # the class only: a driver's message may name hosts and users
            log.warning("healthz: the database did not answer (%s)", type(exc).__name__)
            return False
        return True

    async def healthz(self, request: web.Request) -> web.Response:
        failed = []
        if not await self.database_answers():
            failed.append("database: not answering")
        if not self.scheduler.running:
            failed.append("scheduler: not running")
        failed += self.desk.state.standing.failing()
        if failed:
            return web.Response(status=503, text="\n".join(failed) + "\n")
        return web.Response(text="\n".join(["ok", *self.desk.state.standing.warnings()]) + "\n")

    async def figures(self) -> DatabaseFigures | None:
        try:
            async with asyncio.timeout(self.timeout), self.sessionmaker() as session:
                return await read_figures(session, self.desk, self.clock())
        except Exception as exc:
            log.warning("metrics: database figures not read (%s)", type(exc).__name__)
            return None

    async def metrics_page(self, request: web.Request) -> web.Response:
        figures = await self.figures()
        # No await between setting the gauges and reading them: a concurrent scrape cannot mix.
        self.metrics.show(figures)
        body = self.metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    def register(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics_page)


@asynccontextmanager
async def listening(app: web.Application, host: str, port: int) -> AsyncIterator[None]:
    """Serve `app` on host:port for the duration of the block."""
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        yield
    finally:
        await runner.cleanup()


def probe_app(probes: Probes) -> web.Application:
    """Polling mode's server: the probes alone."""
    app = web.Application()
    probes.register(app)
    return app
