"""The data report's HTML: escaped, readable on a phone, complete in every language."""

import json
from datetime import UTC, datetime
from html import escape
from zoneinfo import ZoneInfo

import pytest

from care.common.desk import Desk
from care.common.statement import SECTIONS
from care.common.texts import LOCALES
from care.rights.report_html import render_html
from care.rights.reports import Report

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def sample(desk: Desk, locale: str) -> dict:
    return {
        "profile": {
            "user_number": 7,
            "telegram_id": 2001,
            "first_name": "<script>alert(1)</script>",
            "last_name": None,
            "username": "dana",
            "phone": "+77021234567",
            "language": locale,
            "registered_at": "2026-11-01T08:00:00+00:00",
            "phone_verified_at": "2026-11-01T08:05:00+00:00",
            "processing_blocked_at": None,
            "marketing_opt_in_at": None,
            "blocked_the_bot_at": None,
            "banned_at": "2026-11-02T08:00:00+00:00",
        },
        "consents": [
            {
                "policy_version": "2026-01",
                "policy_effective": "2026-01-01",
                "accepted_at": "2026-11-01T08:01:00+00:00",
                "withdrawn_at": None,
            }
        ],
        "requests": [
            {
                "reference": "Q-2026-000001",
                "kind": "access",
                "status": "in_progress",
                "language": locale,
                "created_at": "2026-11-19T08:00:00+00:00",
                "due_on": "2026-11-24",
                "closed_at": None,
                "details": "a & b <i>",
                "outcome": None,
                "attachments": 0,
                "history": [
                    {
                        "at": "2026-11-19T08:00:00+00:00",
                        "by": "user",
                        "action": "file",
                        "from": None,
                        "to": "new",
                        "reason": None,
                    }
                ],
            }
        ],
        "care_log": [
            {
                "direction": "in",
                "messages": 3,
                "first": "2026-11-01T08:10:00+00:00",
                "last": "2026-11-19T08:00:00+00:00",
            }
        ],
        "conversation": {"opened_at": "2026-11-01T08:10:00+00:00", "closed_at": None},
        "phone_attempts": [{"phone": "+77019998877", "at": "2026-11-01T08:03:00+00:00"}],
        "attempts_on_your_number": [{"at": "2026-11-03T08:00:00+00:00"}],
        "notices": [{"kind": "policy", "status": "sent", "at": "2026-11-04T08:00:00+00:00"}],
        "mentions": [{"what": "find-query", "at": "2026-11-05T08:00:00+00:00"}],
        "statement": {name: desk.statement.section(locale, name) for name in SECTIONS},
        "report": {"request": "Q-2026-000001", "compiled_at": NOW.isoformat()},
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_the_report_page_escapes_user_texts_and_fits_a_phone(catalog, locale) -> None:
    desk = Desk(admin_chat_id=-1001234567890, catalog=catalog, tz=ZoneInfo("Asia/Almaty"))
    data = sample(desk, locale)
    html = render_html(desk, locale, data, NOW)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "a &amp; b &lt;i&gt;" in html
    assert "+77021234567" in html and "Q-2026-000001" in html
    assert "+77019998877" in html and "02.11.2026 13:00" in html  # an attempt, the ban
    t = catalog.translator(locale)
    for line, args in [
        ("report-conversation-open", {"opened": "01.11.2026 13:10"}),
        ("report-attempt-on-yours", {"at": "03.11.2026 13:00"}),
        ("report-notice-line", {"at": "04.11.2026 13:00", "kind": "policy", "status": "sent"}),
        ("report-mention-line", {"at": "05.11.2026 13:00", "what": "find-query"}),
    ]:
        assert escape(t(line, **args)) in html, line
    assert f'lang="{locale}"' in html
    authority = desk.statement.section(locale, "authority")
    assert authority.split("(")[0].strip()[:40] in html.replace("&quot;", '"')
    report = Report("Q-2026-000001", locale, data, html)
    assert json.loads(report.json)["profile"]["phone"] == "+77021234567"
    names = [file.filename for file in report.files()]
    assert names == ["qamqor-data-Q-2026-000001.html", "qamqor-data-Q-2026-000001.json"]


def with_history(desk: Desk, locale: str, *steps: tuple[str, str, str | None, str]) -> dict:
    """The sample with its request's history replaced by (at, by, from, to, action) steps."""
    data = sample(desk, locale)
    data["requests"][0]["history"] = [
        {"at": at, "by": by, "action": action, "from": before, "to": after, "reason": None}
        for at, by, before, after, action in steps
    ]
    return data


@pytest.mark.parametrize("locale", LOCALES)
def test_history_shows_local_times_and_names_steps_that_keep_the_status(catalog, locale) -> None:
    desk = Desk(admin_chat_id=-1, catalog=catalog, tz=ZoneInfo("Asia/Almaty"))
    t = catalog.translator(locale)
    data = with_history(
        desk,
        locale,
        ("2026-12-07T14:30:04.501651+00:00", "user", None, "new", "file"),
        ("2026-12-07T15:00:00+00:00", "agent", "new", "in_progress", "take"),
        ("2026-12-08T04:10:00+00:00", "user", "in_progress", "in_progress", "inform"),
        ("2026-12-08T05:00:00+00:00", "agent", "in_progress", "in_progress", "correct"),
    )
    html = render_html(desk, locale, data, NOW)
    assert "2026-12-07T" not in html and "07.12.2026 19:30" in html  # Almaty is UTC+5
    assert "08.12.2026 09:10" in html
    same = t("request-state-in_progress")
    assert f"{same} → {same}" not in html
    assert t("report-step-inform") in html and t("report-step-correct") in html
