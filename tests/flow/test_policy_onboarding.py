"""A user who finishes onboarding after a new policy version was announced (in force later)
consents to the version in force and is shown the announced one at once, not on its date."""

from datetime import UTC, date, datetime

import pytest

from care.common.texts import format_day
from storage.models import User
from storage.people import policies
from tests.fake_telegram import Person
from tests.flow.harness import TZ, DeskHarness
from tests.flow.test_onboarding import VERIFIED, reach_phone_step, stored_user

EFFECTIVE = date(2026, 12, 1)
ANNOUNCED = datetime(2026, 11, 20, 11, 0, tzinfo=TZ)
JOINS = datetime(2026, 11, 23, 15, 0, tzinfo=TZ)  # after the notice went out, before 1 Dec
ACCEPT = {"kk": "Келісемін", "ru": "Принимаю", "en": "I agree"}


async def announce(desk: DeskHarness) -> int:
    texts = {loc: (f"What changes ({loc})", f"Policy 2.0 ({loc})") for loc in ("kk", "ru", "en")}
    async with desk.sessionmaker.begin() as session:
        policy = await policies.add_policy(session, "2.0", EFFECTIVE, texts, ANNOUNCED)
        return policy.id


async def live_versions(desk: DeskHarness, person: Person) -> list[int]:
    user: User = await stored_user(desk, person.id)
    return [c.policy_version_id for c in user.consents if c.withdrawn_at is None]


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_user_verified_after_an_announcement_is_shown_the_new_version(
    desk: DeskHarness, catalog, locale: str
) -> None:
    newer = await announce(desk)
    desk.clock.set(JOINS)
    person = Person(1201, "Aruzhan", "Bekova", "aruzhan", language_code=locale)
    chat, _request = await reach_phone_step(desk, person, locale)
    chat.share_contact("+77011234500")
    await desk.run()
    welcome, notice = await chat.replies(2)
    t = catalog.translator(locale)
    assert VERIFIED[locale] in welcome.text
    date_text = format_day(EFFECTIVE, locale)
    assert notice.text.startswith(t("policy-notice", version="2.0", date=date_text))
    assert f"What changes ({locale})" in notice.text
    assert [b["text"] for b in notice.buttons()] == [
        t("privacy-button-read"),
        t("privacy-button-accept"),
    ]
    [in_force] = await live_versions(desk, person)
    assert in_force != newer  # onboarding's consent is to the version in force

    chat.tap(notice, ACCEPT[locale])
    await desk.run()
    assert await live_versions(desk, person) == [newer]  # accepted ahead of 1 December


async def test_nothing_more_when_no_version_is_announced(desk: DeskHarness) -> None:
    desk.clock.set(JOINS.astimezone(UTC))
    person = Person(1202, "Dana", language_code="en")
    chat, _request = await reach_phone_step(desk, person, "en")
    chat.share_contact("+77011234501")
    await desk.run()
    assert len(chat.unread()) == 1  # the welcome with the menu, nothing else
