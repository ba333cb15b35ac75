"""What happens, streamed to every open page as server-sent events."""

import asyncio
import json
from typing import Any

from aiohttp import web

from sandbox.world import World

PING_EVERY = 15.0  # seconds between comments on a quiet stream (keeps proxies from closing it)
BACKLOG = 1000  # events a page may fall behind by; past that its stream ends and it reloads


class Hub:
    """Fans out what the Bot API stand-in tells; a page that stops reading is let go."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.queues: set[asyncio.Queue[tuple[str, Any]]] = set()
        world.fake.listeners.append(self.hear)

    def hear(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "status":  # blocked or unblocked: the page redraws the user
            kind, data = "user", self.world.user_json(data["user_id"])
        for queue in list(self.queues):
            try:
                queue.put_nowait((kind, data))
            except asyncio.QueueFull:
                self.queues.discard(queue)
                queue.get_nowait()
                queue.put_nowait(("", None))  # ends that stream: the page reconnects, reloads

    async def stream(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue(BACKLOG)
        self.queues.add(queue)
        try:
            await response.write(b"retry: 1000\n\n")
            while True:
                try:
                    kind, data = await asyncio.wait_for(queue.get(), PING_EVERY)
                except TimeoutError:
                    await response.write(b": ping\n\n")
                    continue
                if not kind:
                    break
                await response.write(f"event: {kind}\ndata: {json.dumps(data)}\n\n".encode())
        except ConnectionResetError:
            pass  # the page went away
        finally:
            self.queues.discard(queue)
        return response
