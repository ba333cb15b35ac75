"""What `/history` shows agents: each line in words, never the stored codes."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from care.common.desk import Desk
from care.common.texts import LOCALES, Catalog
from care.desk.agent_tools import render_history
from storage.models import CareLogEntry
from storage.vocabulary import CareLogEvent


@pytest.mark.parametrize("locale", LOCALES)
def test_history_names_every_event_in_words(locale: str) -> None:
    """`/history` showed stored codes, `🤖 bot (notice)`: each event reads in the language."""
    catalog = Catalog(strict=True)
    desk = Desk(-1001, catalog, tz=ZoneInfo("Asia/Almaty"), admin_locale=locale)
    t = desk.admin_t
    at = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    entries = [
        CareLogEntry(at=at, direction="bot", event=event, content_type="text", text="hello")
        for event in CareLogEvent
    ]
    lines = render_history(desk, entries).splitlines()
    bot = t("admin-history-bot")
    assert lines[0] == t("admin-history-line", at="10.12.2026 14:00", who=bot, text="hello")
    for event, line in zip(list(CareLogEvent)[1:], lines[1:], strict=True):
        label = t(f"admin-history-event-{event}")
        assert line == t(
            "admin-history-line-event", at="10.12.2026 14:00", who=bot, event=label, text="hello"
        )
        assert locale == "en" or event not in line


@pytest.mark.parametrize(
    ("locale", "photo", "document"),
    [
        ("en", "[photo]", "[document] contract.pdf"),
        ("ru", "[фото]", "[документ] contract.pdf"),
        ("kk", "[фото]", "[құжат] contract.pdf"),
    ],
)
def test_history_names_media_in_words_and_marks_a_cut(locale, photo, document) -> None:
    desk = Desk(-1001, Catalog(strict=True), tz=ZoneInfo("Asia/Almaty"), admin_locale=locale)
    at = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    entries = [
        CareLogEntry(at=at, direction="in", event="message", content_type="photo", text=None),
        CareLogEntry(
            at=at, direction="in", event="message", content_type="document", text="contract.pdf"
        ),
        CareLogEntry(at=at, direction="in", event="message", content_type="text", text="x" * 400),
    ]
    lines = render_history(desk, entries).splitlines()
    assert lines[0].endswith(photo) and lines[1].endswith(document)
    assert lines[2].endswith("x…") and lines[2].count("x") == 299
