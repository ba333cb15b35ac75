"""The data report's HTML: escaped, readable on a phone, complete in every language."""

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from care.desk import Desk
from care.report_html import render_html
from care.reports import Report
from care.statement import SECTIONS
from care.texts import LOCALES

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
    assert f'lang="{locale}"' in html
    authority = desk.statement.section(locale, "authority")
    assert authority.split("(")[0].strip()[:40] in html.replace("&quot;", '"')
    report = Report("Q-2026-000001", locale, data, html)
    assert json.loads(report.json)["profile"]["phone"] == "+77021234567"
    names = [file.filename for file in report.files()]
    assert names == ["qamqor-data-Q-2026-000001.html", "qamqor-data-Q-2026-000001.json"]
