"""The sandbox page's server in-process (no browser, no bot): a client of its API and the
bot's side of the Bot API stand-in."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from sandbox.telegram import FakeTelegram
from sandbox.telegram.server import MAX_UPLOAD
from sandbox.web import add_page
from sandbox.world import BOT_USERNAME, STAFF, TOKEN, World

AGENT = STAFF[1][0]
TIMEZONE = "Asia/Almaty"


@pytest.fixture
async def world() -> World:
    return World(FakeTelegram(TOKEN, BOT_USERNAME))


@pytest.fixture
async def client(world: World) -> AsyncIterator[TestClient]:
    app = web.Application(client_max_size=MAX_UPLOAD)  # as `python -m bot sandbox` has it
    add_page(app, world, TIMEZONE)
    async with TestClient(TestServer(app)) as client:
        yield client


async def call(client: TestClient, path: str, status: int = 200, **body: Any) -> dict[str, Any]:
    response = await client.post(f"/api/{path}", json=body)
    answer = await response.json()
    assert response.status == status, answer
    return answer


async def bot(world: World, method: str, **params: Any) -> Any:
    """The bot's side of a call, as the stand-in answers it."""
    status, body = await world.fake.handle(method, params)
    assert status == 200, body
    return body["result"]


async def new_user(client: TestClient, phone: str = "+77011234567", **extra: Any) -> int:
    answer = await call(
        client, "users", first_name="Aruzhan", language_code="kk", phone=phone, **extra
    )
    return answer["user"]["id"]
