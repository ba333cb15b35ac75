"""The real sandbox (`python -m bot sandbox`) and Debian's Chromium driven by Playwright."""

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.async_api")

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ADDRESS = re.compile(r"https?://127\.0\.0\.1:\d+/?")
START_TIMEOUT = 90  # seconds: aiogram alone takes several seconds of CPU on a busy machine
STOP_TIMEOUT = 30


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sandbox:
    """`python -m bot sandbox --port <port> --fresh` in its own folder, stopped by its pid."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        self.url = ""
        env = {
            key: value
            for key, value in os.environ.items()
            if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"}
        }
        env["PYTHONPATH"] = str(ROOT)
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "sandbox", "--port", str(self.port), "--fresh"],
            cwd=workdir,  # its data/ goes here, and no stray .env is read
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_ready(self) -> str:
        """The address the sandbox prints once it serves the page (bounded wait)."""
        while True:
            try:
                line = self.lines.get(timeout=START_TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"the sandbox printed no address:\n{self.log()}") from None
            if line is None:
                raise AssertionError(f"the sandbox exited early:\n{self.log()}")
            self.output.append(line)
            found = ADDRESS.search(line)
            if found:
                self.url = found.group().rstrip("/")
                return self.url

    def log(self) -> str:
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.output.append(line)
        return "".join(self.output)

    def stop(self) -> int:
        """SIGINT, as Ctrl+C does; the exit code, killing it if it hangs."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"the sandbox did not stop on SIGINT:\n{self.log()}") from None
        self.reader.join(timeout=5)
        return code


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """One sandbox per test module (each test makes its own users); it must stop with 0."""
    box = Sandbox(tmp_path_factory.mktemp("sandbox"))
    try:
        box.wait_ready()
    except BaseException:
        box.stop()
        raise
    yield box
    code = box.stop()
    assert code == 0, f"the sandbox exited with {code}:\n{box.log()}"


@dataclass
class Problems:
    """What makes a page fail: console errors, uncaught exceptions, server errors."""

    found: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            self.found.append(f"console error: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.found.append(f"{response.status} from {response.url}")

    def assert_none(self) -> None:
        assert not self.found, "\n".join(self.found)


@dataclass
class Browser:
    context: object
    page: object
    problems: Problems


@pytest.fixture
async def browser(sandbox: Sandbox) -> AsyncIterator[Browser]:
    """A fresh Chromium at 1400x860 on the sandbox page, every page of it watched."""
    async with playwright_api.async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = await chromium.new_context(viewport={"width": 1400, "height": 860})
            problems = Problems()
            context.on("page", problems.watch)
            page = await context.new_page()
            await page.goto(sandbox.url + "/")
            ready = playwright_api.expect(page.locator("body"))
            await ready.to_have_attribute("data-ready", "true")
            yield Browser(context, page, problems)
            await context.close()
        finally:
            await chromium.close()


@pytest.fixture(autouse=True)
def bounded_waits() -> None:
    playwright_api.expect.set_options(timeout=30_000)
