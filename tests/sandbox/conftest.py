"""The real sandbox (`python -m bot sandbox`) and Debian's Chromium driven by Playwright
(the browser tests skip themselves when either Playwright or Chromium is missing, unless
SANDBOX_BROWSER_REQUIRED=1, as on CI, makes that a failure)."""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.sandbox.launch import Sandbox, started
from tests.sandbox.page_api import client, world  # noqa: F401  (fixtures)

CHROMIUM = Path("/usr/bin/chromium")
# The browser's own zone, far from any TIMEZONE the bot writes in: the page shows the bot's.
BROWSER_ZONE = "America/Los_Angeles"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """One sandbox per test module (each test makes its own users); it must stop with 0."""
    box = started(tmp_path_factory.mktemp("sandbox"))
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
        if message.type != "error":
            return
        where = message.location.get("url", "")
        self.found.append(f"console error: {message.text} ({where})")

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
    """A fresh Chromium at 1400x860 in `BROWSER_ZONE` on the sandbox page, every page of it
    watched."""
    playwright_api = pytest.importorskip("playwright.async_api")
    async with playwright_api.async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = await chromium.new_context(
                viewport={"width": 1400, "height": 860}, timezone_id=BROWSER_ZONE
            )
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
