"""What a person does on the sandbox page, as steps the browser tests share; importing this
skips a test module when Playwright or Chromium is missing (fails it when
SANDBOX_BROWSER_REQUIRED=1, as on CI, where a skip would hide a broken page)."""

import os
import re

import pytest

from care.common.texts import Catalog
from tests.sandbox.conftest import CHROMIUM

if os.environ.get("SANDBOX_BROWSER_REQUIRED") == "1":
    import playwright.async_api as playwright_api

    assert CHROMIUM.exists(), f"{CHROMIUM} is not installed"
else:
    playwright_api = pytest.importorskip("playwright.async_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)
expect = playwright_api.expect
expect.set_options(timeout=30_000)  # every wait is bounded; the bot shares two cores


CATALOG = Catalog(strict=True)


# --- the user's side ---------------------------------------------------------------------------


async def create_user(page, first_name: str, language: str, phone: str) -> None:
    await page.get_by_test_id("new-user").click()
    dialog = page.get_by_test_id("user-dialog")
    await expect(dialog).to_be_visible()
    await dialog.get_by_test_id("new-user-first-name").fill(first_name)
    await dialog.get_by_test_id("new-user-last-name").fill("")
    await dialog.get_by_test_id("new-user-language").select_option(language)
    await dialog.get_by_test_id("new-user-phone").fill(phone)
    await dialog.get_by_test_id("new-user-create").click()
    await expect(dialog).to_be_hidden()
    selected = page.get_by_test_id("user-select").locator("option:checked")
    await expect(selected).to_contain_text(first_name)
    await expect(selected).to_contain_text(phone)


def user_pane(page):
    return page.get_by_test_id("user-messages")


def admin_pane(page):
    return page.get_by_test_id("admin-messages")


def from_bot(pane, text: str | re.Pattern):
    return pane.locator("[data-testid=message][data-from-bot=true]", has_text=text).last


async def tap(pane, label: str) -> None:
    """Press the newest inline button with this label."""
    await pane.get_by_test_id("inline-button").filter(has_text=label).last.click()


async def user_says(page, text: str) -> None:
    await page.get_by_test_id("user-input").fill(text)
    await page.get_by_test_id("user-input").press("Enter")
    mine = user_pane(page).locator("[data-testid=message]:not([data-from-bot])", has_text=text)
    await expect(mine.last).to_be_visible()


async def onboard(page, locale: str) -> None:
    """From an empty chat to the phone step: START, the language, the policy."""
    t = CATALOG.translator(locale)
    chat = user_pane(page)
    await page.get_by_test_id("user-start").click()
    await tap(chat, t("language-name"))
    await tap(chat, t("privacy-button-accept"))
    share = page.get_by_test_id("user-keyboard").locator("[data-kind=request-contact]")
    await expect(share).to_have_text(t("phone-button-share"))


# --- the admin chat ----------------------------------------------------------------------------


async def agent_says(page, text: str) -> None:
    await page.get_by_test_id("admin-input").fill(text)
    await page.get_by_test_id("admin-send").click()
    await expect(admin_pane(page).locator(".msg.out", has_text=text).last).to_be_visible()
