import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from tests.e2e.database import Database
from tests.e2e.process import BotProcess
from tests.fake_telegram import FakeTelegram, serve

ADMIN_CHAT_ID = -1009876543210


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[FakeTelegram, str]]:
    fake = FakeTelegram()
    fake.patience = 30.0  # a whole process, on a machine CI may load: a bound, not a pace
    fake.add_group(ADMIN_CHAT_ID)
    async with serve(fake) as url:
        yield fake, url


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    """The database this test's bot processes share (PostgreSQL: emptied first)."""
    database = Database(tmp_path)
    await database.reset()
    yield database
    await database.dispose()


@pytest.fixture
async def launch(tmp_path: Path, database: Database) -> AsyncIterator[Callable[..., BotProcess]]:
    """Start bot processes sharing one database; every one is stopped at the end. Each runs
    in `workdir` (its log there), the test's folder by default."""
    started: list[BotProcess] = []

    async def start(
        api_url: str, token: str, workdir: Path | None = None, **env: str
    ) -> BotProcess:
        process = BotProcess(
            workdir or tmp_path,
            {
                "BOT_TOKEN": token,
                "ADMIN_CHAT_ID": str(ADMIN_CHAT_ID),
                "BOT_API_URL": api_url,
                "DATABASE_URL": database.url,
                # The digest goes out at start after its time of day: off, so what the admin
                # chat receives does not depend on when the tests run.
                "DIGEST_AT": "off",
                **env,
            },
        )
        await process.start()
        started.append(process)
        return process

    yield start
    for process in started:
        await process.kill()


async def running(fake: FakeTelegram, process: BotProcess) -> None:
    """Wait until the bot is polling (bounded)."""
    try:
        await fake.wait_until(lambda: fake.polls > 0, timeout=30)
    except TimeoutError:
        raise AssertionError(f"bot never polled:\n{process.log()}") from None


async def start_bot(telegram, launch) -> tuple[FakeTelegram, BotProcess]:
    """Start the bot against the fake Bot API and wait until it polls."""
    fake, url = telegram
    fake.polls = 0
    process = await launch(url, fake.token)
    await running(fake, process)
    return fake, process


async def stopped_cleanly(process: BotProcess, sig: int = signal.SIGTERM) -> None:
    code = await process.stop(sig=sig)
    log = process.log()
    assert code == 0, log
    assert "Traceback" not in log, log
