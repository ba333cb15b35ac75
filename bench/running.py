"""A real bot process against the fake Bot API on loopback, measured from outside (bench.scale).

Resident memory is read from /proc/<pid>/status: VmRSS (now) and VmHWM (the peak so far).
"""

import asyncio
import os
import re
import signal
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tests.fake_telegram import FakeTelegram, serve

ROOT = Path(__file__).resolve().parent.parent
ADMIN = -1009876543210
TICK = re.compile(r"tick (\S+): (.*) ms=(\d+)$")


@dataclass
class Measured:
    idle: dict[str, int]  # VmRSS and VmHWM in kB, once idle
    after: dict[str, int] | None  # the same after the ticks, when waited for
    log: str


def memory(pid: int | str = "self") -> dict[str, int]:
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


async def wait_for(condition, timeout: float, every: float = 0.5) -> bool:
    """Until `condition()` holds (True) or `timeout` seconds pass (False), looking `every` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(every)
    return True


async def quiet(fake: FakeTelegram, still: float = 3.0, timeout: float = 180.0) -> None:
    """Until the bot has made no Bot API call but polling for `still` seconds (bounded)."""
    deadline, last, since = time.monotonic() + timeout, -1, time.monotonic()
    while time.monotonic() < deadline:
        calls = sum(1 for call in fake.calls if call.method != "getUpdates")
        if calls != last:
            last, since = calls, time.monotonic()
        elif time.monotonic() - since >= still:
            return
        await asyncio.sleep(0.5)


async def measure(
    command: list[str], env: dict[str, str], fake: FakeTelegram, settle: float, ticks: float = 0
) -> Measured:
    """Run `command` against `fake`: its memory `settle` seconds after it first polled and,
    with `ticks`, once the chase and digest ticks have logged (or `ticks` seconds after the
    first poll) and what they queued went out. Stopped by its pid with SIGTERM."""
    fake.add_group(ADMIN)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)  # the working directory: no stray .env is read
        log_path = folder / "bot.log"
        async with serve(fake) as url:
            full_env = {
                "PATH": os.environ.get("PATH", ""),
                "PYTHONPATH": str(ROOT),
                "BOT_TOKEN": fake.token,
                "BOT_API_URL": url,
                "ADMIN_CHAT_ID": str(ADMIN),
                "LOG_LEVEL": "DEBUG",  # a tick that found nothing to do logs at DEBUG
                **env,
            }
            with log_path.open("wb") as log:
                process = await asyncio.create_subprocess_exec(
                    *command, cwd=folder, env=full_env, stdin=asyncio.subprocess.DEVNULL,
                    stdout=log, stderr=log,
                )  # fmt: skip
            try:
                if not await wait_for(lambda: fake.polls > 0, 120):
                    raise RuntimeError(f"{command} never polled:\n{log_path.read_text()}")
                started = time.monotonic()
                await asyncio.sleep(settle)
                idle, after = memory(process.pid), None
                if ticks:
                    logged = ("tick chase:", "tick digest:")
                    left = max(ticks - (time.monotonic() - started), 0)
                    await wait_for(lambda: all(t in log_path.read_text() for t in logged), left)
                    await quiet(fake)
                    after = memory(process.pid)
                return Measured(idle, after, log_path.read_text(errors="replace"))
            finally:
                await stop(process)


async def stop(process: asyncio.subprocess.Process, timeout: float = 30) -> None:
    """SIGTERM, then a bounded wait; killed if it does not stop in time."""
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()


def ticks_of(log: str) -> dict[str, list[tuple[str, int]]]:
    """{job: [(what it logged, ms), ...]} from the `tick <job>: … ms=<n>` lines of a log."""
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for line in log.splitlines():
        if match := TICK.search(line):
            found[match.group(1)].append((match.group(2), int(match.group(3))))
    return found
