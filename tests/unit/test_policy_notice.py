"""The notice of a new policy version, as each user reads it."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from care.common.desk import Desk
from care.common.texts import Catalog, format_day
from care.notices.policy_notices import PolicyAction, PolicyButton, render_policy_notice
from storage.models import PolicyText, PolicyVersion, User

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_notice_speaks_the_users_language_and_carries_the_version(locale) -> None:
    catalog = Catalog(strict=True)
    desk = Desk(admin_chat_id=-1001234567890, catalog=catalog, tz=ZoneInfo("Asia/Almaty"))
    policy = PolicyVersion(id=42, version="2.0", effective_date=date(2026, 12, 1), published_at=NOW)
    policy.texts = [
        PolicyText(locale=loc, summary=f"summary-{loc}", body=f"body-{loc}")
        for loc in ("kk", "ru", "en")
    ]
    user = User(telegram_id=1, language=locale, consents=[])
    text, markup = render_policy_notice(desk, user, policy)
    t = catalog.translator(locale)
    assert text == "\n\n".join(
        (
            t("policy-notice", version="2.0", date=format_day(date(2026, 12, 1), locale)),
            f"summary-{locale}",
            t("policy-notice-accept", date=format_day(date(2026, 12, 1), locale)),
        )
    )
    buttons = [b for row in markup.inline_keyboard for b in row]
    assert [b.text for b in buttons] == [t("privacy-button-read"), t("privacy-button-accept")]
    assert [PolicyAction.unpack(b.callback_data) for b in buttons] == [
        PolicyAction(action=PolicyButton.READ, policy_id=42),
        PolicyAction(action=PolicyButton.ACCEPT, policy_id=42),
    ]
