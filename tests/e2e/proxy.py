"""A round-robin HTTP proxy standing for the load balancer in front of several replicas."""

import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from sandbox.telegram.server import free_port
from sandbox.telegram.webhook import SECRET_HEADER


class RoundRobin:
    """Forwards each POST to the next target in turn (A, B, A, B, ...) with the secret header,
    and answers with the target's status and body (502 when the target does not answer)."""

    def __init__(self, targets: list[str]) -> None:
        self.targets = targets
        self._next = itertools.cycle(range(len(targets)))
        self.routed: list[tuple[int, int, int]] = []  # (update_id, target index, status)
        self.url = ""
        self._http: ClientSession | None = None

    def handled_by(self, target: int) -> list[int]:
        """Update ids the target accepted (2xx)."""
        return [u for u, t, status in self.routed if t == target and 200 <= status < 300]

    async def forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        target = next(self._next)
        headers = {"Content-Type": request.content_type}
        if SECRET_HEADER in request.headers:
            headers[SECRET_HEADER] = request.headers[SECRET_HEADER]
        try:
            async with self._http.post(self.targets[target], data=body, headers=headers) as answer:
                status, payload = answer.status, await answer.read()
                content_type = answer.content_type
        except (ClientError, TimeoutError):
            status, payload, content_type = 502, b"Bad Gateway", "text/plain"
        self.routed.append((update_id(body), target, status))
        return web.Response(status=status, body=payload, content_type=content_type)


def update_id(body: bytes) -> int:
    try:
        return int(json.loads(body)["update_id"])
    except (ValueError, KeyError, TypeError):
        return 0


@asynccontextmanager
async def round_robin(targets: list[str], path: str = "/hook") -> AsyncIterator[RoundRobin]:
    """Serve a RoundRobin over `targets` on a loopback port; its `url` is the webhook URL."""
    proxy = RoundRobin(targets)
    app = web.Application()
    app.router.add_post(path, proxy.forward)
    runner = web.AppRunner(app, shutdown_timeout=1)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    proxy.url = f"http://127.0.0.1:{port}{path}"
    async with ClientSession(timeout=ClientTimeout(total=30)) as http:
        proxy._http = http
        try:
            yield proxy
        finally:
            await runner.cleanup()
