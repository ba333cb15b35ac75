"""The sandbox page reads as a Telegram chat does: times as the bot writes them, addresses as
links, a way down to what arrived out of sight, emoji in colour."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sandbox.world import ADMIN_CHAT_ID, STAFF
from tests.sandbox.conftest import BROWSER_ZONE, Browser
from tests.sandbox.page_steps import (
    admin_pane,
    create_user,
    expect,
    from_bot,
    user_pane,
    user_says,
)

pytestmark = pytest.mark.e2e

ZONE = "Asia/Almaty"  # TIMEZONE's default, which the sandbox under test runs with
# Messages written in the admin chat by someone, one after another, as the page's API takes them.
SEND = """([chat, who, texts]) => texts.reduce((sent, text) => sent.then(() => fetch(
    "/api/send", {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({chat_id: chat, from_id: who, text})})), Promise.resolve())"""


async def test_an_address_in_a_message_is_a_link(browser: Browser) -> None:
    page = browser.page
    chat = user_pane(page)
    await create_user(page, "Emma", "en", "+77473456702")
    await page.get_by_test_id("user-start").click()
    await expect(from_bot(chat, "")).to_be_visible()
    await user_says(page, "The form is at https://qamqor.kz/help, thanks")
    mine = chat.locator("[data-testid=message]:not([data-from-bot])", has_text="qamqor.kz").last
    link = mine.locator("a[href='https://qamqor.kz/help']")
    await expect(link).to_have_text("https://qamqor.kz/help")
    await expect(link).to_have_attribute("target", "_blank")
    browser.problems.assert_none()


async def test_times_read_as_the_bot_writes_them(browser: Browser) -> None:
    """In the bot's TIMEZONE (the sandbox's default here), which the state names, not in the
    browser's own zone."""
    page = browser.page
    assert await page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == BROWSER_ZONE
    await create_user(page, "Timur", "ru", "+77013456703")
    await page.get_by_test_id("user-start").click()
    time = from_bot(user_pane(page), "").locator("time")
    await expect(time).to_be_visible()
    sent = datetime.fromisoformat((await time.get_attribute("datetime")).replace("Z", "+00:00"))
    await expect(time).to_have_text(sent.astimezone(ZoneInfo(ZONE)).strftime("%H:%M"))
    state = await page.evaluate("fetch('/api/state').then(answer => answer.json())")
    assert state["timezone"] == ZONE
    browser.problems.assert_none()


async def test_a_message_out_of_sight_offers_the_way_down(browser: Browser) -> None:
    page = browser.page
    admin, jump = admin_pane(page), page.get_by_test_id("admin-jump")
    await page.get_by_test_id("topic").filter(has_text="General").click()
    supervisor, agent = (person.id for person, _ in STAFF)
    # The page acts as the agent: enough of their own messages to scroll, each kept in sight.
    fillers = [f"filler {n} of 30" for n in range(1, 31)]
    await page.evaluate(SEND, [ADMIN_CHAT_ID, agent, fillers])
    await expect(admin.locator(".msg", has_text="filler 30 of 30")).to_be_in_viewport()
    await expect(jump).to_be_hidden()

    await admin.evaluate("list => list.scrollTo(0, 0)")  # reading back
    news = "Supervisor: the office closes at six today"
    await page.evaluate(SEND, [ADMIN_CHAT_ID, supervisor, [news]])
    arrived = admin.locator(".msg", has_text=news)
    await expect(arrived).to_be_attached()
    await expect(arrived).not_to_be_in_viewport()  # the reader stays where they were
    await expect(jump).to_be_visible()
    await jump.click()
    await expect(arrived).to_be_in_viewport()
    await expect(jump).to_be_hidden()
    browser.problems.assert_none()


async def test_emoji_are_drawn_in_colour(browser: Browser) -> None:
    """The page's font draws emoji from a colour font (CI installs fonts-noto-color-emoji);
    without one they are boxes. Skipped where none is installed, unless required (CI)."""
    coloured = await browser.page.evaluate(
        """() => {
            const canvas = document.createElement("canvas");
            canvas.width = canvas.height = 48;
            const pen = canvas.getContext("2d");
            pen.font = `36px ${getComputedStyle(document.body).fontFamily}`;
            pen.textBaseline = "top";
            pen.fillStyle = "#000";
            pen.fillText("📋", 4, 4);
            const pixels = pen.getImageData(0, 0, 48, 48).data;
            for (let at = 0; at < pixels.length; at += 4) {
                const [r, g, b, a] = pixels.slice(at, at + 4);
                if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) return true;
            }
            return false;
        }"""
    )
    if not coloured and os.environ.get("SANDBOX_BROWSER_REQUIRED") != "1":
        pytest.skip("no colour emoji font: apt-get install fonts-noto-color-emoji")
    assert coloured, "emoji are drawn without colour: apt-get install fonts-noto-color-emoji"
