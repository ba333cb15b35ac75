"""The sandbox page in Chromium against the real `python -m bot sandbox`: a user onboards, talks
to care and gets a data report; refused numbers are refused; a phone screen shows one pane; the
supervisor publishes a policy and broadcasts from General."""

import os
import re
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest

from care.common.texts import format_day
from care.notices.policy_drafts import MAX_VERSION
from tests.sandbox.conftest import Browser
from tests.sandbox.page_steps import (
    CATALOG,
    admin_pane,
    agent_says,
    create_user,
    expect,
    from_bot,
    onboard,
    tap,
    user_pane,
    user_says,
)

pytestmark = pytest.mark.e2e

ADMIN = CATALOG.translator("ru")  # the admin chat speaks DEFAULT_LOCALE
REFERENCE = re.compile(r"Q-\d{4}-\d{6}")
# The README's picture; a run refreshes it with UPDATE_SCREENSHOT=1 (else it goes to tmp_path,
# so that a test run leaves the checkout as it was).
DOCS_SCREENSHOT = Path(__file__).parents[2] / "docs" / "sandbox.png"


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain one-colour PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(row * height)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


PNG = png(64, 40, (90, 140, 200))


# --- the admin chat ----------------------------------------------------------------------------


def card(page, reference: str):
    return (
        admin_pane(page)
        .locator("[data-testid=message]", has_text=reference)
        .filter(has_text="📋")
        .last
    )


async def press_on_card(page, reference: str, action: str) -> None:
    button = (
        card(page, reference)
        .get_by_test_id("inline-button")
        .filter(has_text=ADMIN(f"card-button-{action}"))
    )
    await button.click()


# --- the scenarios -----------------------------------------------------------------------------


async def test_a_kazakh_user_talks_to_care_and_gets_a_data_report(
    browser: Browser, tmp_path: Path
) -> None:
    page, kk, phone = browser.page, CATALOG.translator("kk"), "+77011234567"
    chat = user_pane(page)
    await create_user(page, "Aigerim", "kk", phone)
    await onboard(page, "kk")
    await page.get_by_test_id("user-keyboard").locator("[data-kind=request-contact]").click()
    await expect(chat.get_by_test_id("contact").last).to_contain_text(phone)
    # "<the number> is confirmed", however the number is written
    verified = kk("phone-verified", phone="\0").split("\0")[-1].strip()
    await expect(from_bot(chat, verified)).to_be_visible()

    # The user writes to care; the message shows in their new topic, unread.
    question = "Сәлеметсіз бе! Менің деректерім туралы сұрағым бар."
    await user_says(page, question)
    await expect(from_bot(chat, kk("care-received"))).to_be_visible()
    topic = page.get_by_test_id("topic").filter(has_text="+7 701 *** ** 67")
    await expect(topic.get_by_test_id("topic-unread")).to_be_visible()
    await expect(topic.locator(".avatar")).to_have_text("A")  # "Aigerim · +7 701 …"
    await topic.click()
    await expect(page.get_by_test_id("topic-title")).to_contain_text("+7 701 *** ** 67")
    await expect(page.locator("#topic-avatar")).to_have_text("A")
    await expect(admin_pane(page).get_by_text(question)).to_be_visible()

    # The agent answers; the answer reaches the user's chat live.
    answer = "Сәлеметсіз бе, Айгерім! Қазір көмектесеміз."
    await agent_says(page, answer)
    await expect(chat.locator("[data-testid=message]", has_text=answer)).to_be_visible()
    update = os.environ.get("UPDATE_SCREENSHOT") == "1"
    screenshot = DOCS_SCREENSHOT if update else tmp_path / "sandbox.png"
    await page.screenshot(path=screenshot)
    assert screenshot.read_bytes().startswith(b"\x89PNG")

    # A !note stays in the topic, marked ✍ by the bot, and never reaches the user.
    note = "!called her back about the form"
    await agent_says(page, note)
    noted = admin_pane(page).locator("[data-testid=message]", has_text=note).last
    await expect(noted.get_by_test_id("reactions")).to_have_text("✍")
    await expect(chat.get_by_text("called her back")).to_have_count(0)

    # A photo from the user's computer reaches the topic, and shows there.
    await page.get_by_test_id("user-file").set_input_files(
        {"name": "passport.png", "mimeType": "image/png", "buffer": PNG}
    )
    await expect(chat.get_by_test_id("photo").last).to_be_visible()
    photo = admin_pane(page).get_by_test_id("photo").last.locator("img")
    await expect(photo).to_be_visible()
    assert await photo.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0

    # The bot's answer to a button press shows as a toast.
    await tap(chat, kk("privacy-button-accept"))
    toast = page.get_by_test_id("user-toasts").get_by_test_id("toast")
    await expect(toast.filter(has_text=kk("privacy-already-accepted"))).to_be_visible()

    # The user edits the question; the copy in the topic follows.
    mine = chat.locator(".msg.out", has_text=question).last
    await mine.hover()
    await mine.get_by_test_id("edit").click()
    await expect(page.get_by_test_id("user-context")).to_be_visible()
    edited = "Сәлеметсіз бе! Менің деректерім туралы екі сұрағым бар."
    await page.get_by_test_id("user-input").fill(edited)
    await page.get_by_test_id("user-send").click()
    copy = admin_pane(page).locator("[data-testid=message]", has_text=edited)
    await expect(copy.get_by_test_id("edited-mark")).to_be_visible()

    # An access request: filed by /request, worked from its card, the report sent protected.
    await user_says(page, "/request")
    await tap(chat, kk("request-kind-access"))
    await tap(chat, kk("intake-button-confirm"))
    filed = from_bot(chat, REFERENCE)
    await expect(filed).to_be_visible()
    reference = REFERENCE.search(await filed.inner_text()).group()
    await expect(card(page, reference)).to_be_visible()
    await press_on_card(page, reference, "report")
    preview = admin_pane(page).get_by_test_id("document").last
    await expect(preview).to_be_visible()
    await press_on_card(page, reference, "send-report")
    report = chat.locator("[data-testid=message]", has=page.get_by_test_id("document")).last
    await expect(report.get_by_test_id("protected-mark")).to_be_visible()

    async with browser.context.expect_page() as opened:
        await report.get_by_test_id("document-link").click()
    tab = await opened.value
    await tab.wait_for_load_state()
    assert phone in await tab.content()
    await tab.close()
    browser.problems.assert_none()


async def test_numbers_that_are_not_a_kazakh_mobile_are_refused(browser: Browser) -> None:
    page, ru = browser.page, CATALOG.translator("ru")
    chat = user_pane(page)
    presets = page.get_by_test_id("preset-select")
    await page.get_by_test_id("new-user").click()
    await expect(presets.locator("option")).to_have_count(len(await presets_in(page)) + 1)
    await page.get_by_test_id("new-user-cancel").click()

    await create_user(page, "Ivan", "ru", "+79161234567")
    await onboard(page, "ru")
    await page.get_by_test_id("user-keyboard").locator("[data-kind=request-contact]").click()
    await expect(from_bot(chat, ru("phone-not-kz-mobile"))).to_be_visible()

    # A forwarded contact card proves nothing either, whatever number it shows.
    await page.get_by_test_id("user-share-contact").click()
    dialog = page.get_by_test_id("contact-dialog")
    await dialog.get_by_test_id("contact-owner-card").check()
    await dialog.get_by_test_id("contact-phone").fill("+77071234567")
    await dialog.get_by_test_id("contact-first-name").fill("Card")
    await dialog.get_by_test_id("contact-share").click()
    await expect(dialog).to_be_hidden()
    await expect(chat.get_by_test_id("contact").last).to_contain_text("no Telegram account")
    await expect(from_bot(chat, ru("phone-forwarded"))).to_be_visible()

    # Blocking the bot and back.
    await page.get_by_test_id("block-toggle").click()
    await expect(page.get_by_test_id("blocked-bar")).to_be_visible()
    await expect(page.get_by_test_id("user-composer")).to_be_hidden()
    await page.get_by_test_id("unblock").click()
    await expect(page.get_by_test_id("blocked-bar")).to_be_hidden()
    await expect(page.get_by_test_id("user-composer")).to_be_visible()
    browser.problems.assert_none()


async def presets_in(page) -> list:
    return await page.evaluate("fetch('/api/state').then(r => r.json()).then(s => s.presets)")


async def test_a_reply_picked_while_editing_starts_empty(browser: Browser) -> None:
    page = browser.page
    chat, context = user_pane(page), page.get_by_test_id("user-context")
    await create_user(page, "Emma", "en", "+77473456700")
    await page.get_by_test_id("user-start").click()
    await expect(from_bot(chat, "")).to_be_visible()
    await user_says(page, "a first message")
    mine = chat.locator("[data-testid=message]:not([data-from-bot])", has_text="a first message")
    await mine.last.hover()
    await mine.last.get_by_test_id("edit").click()
    await expect(page.get_by_test_id("user-input")).to_have_value("a first message")
    bot_message = chat.locator("[data-testid=message][data-from-bot=true]").first
    await bot_message.hover()
    await bot_message.get_by_test_id("reply-to").click()
    await expect(context).to_contain_text("Reply to")
    await expect(page.get_by_test_id("user-input")).to_have_value("")
    browser.problems.assert_none()


async def test_a_phone_screen_shows_one_pane_at_a_time(browser: Browser) -> None:
    page = browser.page
    await page.set_viewport_size({"width": 390, "height": 800})
    user, admin = page.get_by_test_id("user-pane"), page.get_by_test_id("admin-pane")
    await expect(page.get_by_test_id("tab-user")).to_be_visible()
    await expect(user).to_be_visible()
    await expect(admin).to_be_hidden()

    await page.get_by_test_id("tab-admin").click()
    await expect(user).to_be_hidden()
    await expect(page.get_by_test_id("topic-list")).to_be_visible()
    await page.get_by_test_id("topic").filter(has_text="General").click()
    await expect(page.get_by_test_id("admin-composer")).to_be_visible()
    await expect(page.get_by_test_id("topic-list")).to_be_hidden()
    await page.get_by_test_id("topics-back").click()
    await expect(page.get_by_test_id("topic-list")).to_be_visible()

    await page.get_by_test_id("tab-user").click()
    await expect(user).to_be_visible()
    browser.problems.assert_none()


async def test_the_supervisor_publishes_a_policy_and_broadcasts_from_general(
    browser: Browser,
) -> None:
    page = browser.page
    chat, admin = user_pane(page), admin_pane(page)
    await create_user(page, "Nurlan", "kk", "+77015550011")
    await onboard(page, "kk")
    await page.get_by_test_id("user-keyboard").locator("[data-kind=request-contact]").click()
    await expect(chat.get_by_test_id("contact").last).to_be_visible()
    await page.get_by_test_id("staff-select").select_option(label="Dana (supervisor)")
    await page.get_by_test_id("topic").filter(has_text="General").click()

    # /policy: each answer once the bot has asked for it, then Publish under the preview.
    def asks(key: str, **args: object):
        return expect(from_bot(admin, ADMIN(key, **args)))

    await agent_says(page, "/policy")
    await asks("policy-admin-ask-version", max=MAX_VERSION).to_be_visible()
    await agent_says(page, "2099-page")
    date_prompt = from_bot(admin, re.compile(r"\d{4}-\d{2}-\d{2}"))
    await expect(date_prompt).to_be_visible()
    first = re.findall(r"\d{4}-\d{2}-\d{2}", await date_prompt.inner_text())[-1]
    await agent_says(page, first)
    for step in ("text", "summary"):
        for locale in ("kk", "ru", "en"):
            language = ADMIN(f"policy-admin-lang-{locale}")
            await asks(f"policy-admin-ask-{step}", language=language).to_be_visible()
            await agent_says(page, f"The policy's {step} {language}.")
    await tap(admin, ADMIN("policy-admin-button-confirm"))
    effective = format_day(date.fromisoformat(first), ADMIN.locale)  # typed as ISO, shown as a day
    await asks("policy-admin-published", version="2099-page", date=effective).to_be_visible()
    await expect(from_bot(chat, "2099-page")).to_be_visible()  # the user's notice

    # /broadcast: a reply to a message in General, to everyone, confirmed; the user gets it.
    notice = "Service notice: maintenance tonight."
    await agent_says(page, notice)
    mine = admin.locator(".msg.out", has_text=notice).last
    await mine.hover()
    await mine.get_by_test_id("reply-to").click()
    await agent_says(page, "/broadcast")
    await tap(admin, ADMIN("broadcast-button-all"))
    await tap(admin, ADMIN("broadcast-button-confirm"))
    await expect(from_bot(chat, notice)).to_be_visible()
    browser.problems.assert_none()
