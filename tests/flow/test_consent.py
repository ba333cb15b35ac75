"""Consent through the production dispatcher: kept history, stale buttons, new versions."""

from pathlib import Path

import pytest

from bot.clock import wall_clock
from storage.people import policies
from tests.fake_telegram import Person
from tests.flow.disk import ON_SQLITE_FILES, left_on_disk
from tests.flow.harness import ADMIN_CHAT_ID, TZ, DeskHarness
from tests.flow.test_onboarding import (
    ACCEPT,
    OWN_NUMBER,
    offers_share_button,
    reach_notice,
    stored_user,
    verified,
)

DECLINE = {"kk": "Келіспеймін", "ru": "Не принимаю", "en": "I don't agree"}
CHANGED = {
    "kk": "Құпиялылық саясаты өзгерді",
    "ru": "Политика конфиденциальности изменилась",
    "en": "The privacy policy has changed",
}
MY_DATA = {"kk": "🗂 Менің деректерім", "ru": "🗂 Мои данные", "en": "🗂 My data"}


async def publish(desk: DeskHarness, version: str) -> int:
    """A new policy version in force from today; returns its id."""
    texts = {loc: (f"Summary {version} ({loc})", f"Body {version} ({loc})") for loc in ACCEPT}
    today = wall_clock().astimezone(TZ).date()
    async with desk.sessionmaker.begin() as session:
        policy = await policies.add_policy(session, version, today, texts, wall_clock())
        return policy.id


def history(user) -> list[tuple[str, bool]]:
    """(version, still active) for each consent row, oldest first."""
    return [(c.policy_version.version, c.withdrawn_at is None) for c in user.consents]


def last_alert(desk: DeskHarness) -> str | None:
    return desk.fake.calls_of("answerCallbackQuery")[-1].params.get("text")


async def test_declining_withdraws_the_consent_and_keeps_its_record(desk: DeskHarness) -> None:
    person = Person(9101, "Saule", "Ali", "saule", language_code="en")
    chat, notice = await reach_notice(desk, person, "en")
    chat.tap(notice, ACCEPT["en"])
    await desk.run()
    await chat.replies(2)
    chat.tap(notice, DECLINE["en"])
    await desk.run()
    assert "Without your consent" in (await chat.reply()).text

    user = await stored_user(desk, person.id)
    assert (user.telegram_id, user.language) == (person.id, "en")
    assert (user.first_name, user.last_name, user.username, user.phone) == (None,) * 4
    assert history(user) == [("1.0", False)]

    chat.tap(notice, ACCEPT["en"])  # changed their mind: a new consent beside the old record
    await desk.run()
    await chat.replies(2)
    chat.share_contact(OWN_NUMBER)
    await desk.run()
    await chat.reply()
    assert history(await stored_user(desk, person.id)) == [("1.0", False), ("1.0", True)]

    chat.say("/me")
    await desk.run()
    report = (await chat.reply()).text
    assert "withdrawn" in report
    assert report.count("policy version 1.0") == 2


async def test_accepting_from_a_notice_no_longer_in_force_records_nothing(
    desk: DeskHarness,
) -> None:
    person = Person(9201, "Dana", language_code="en")
    chat, old_notice = await reach_notice(desk, person, "en")
    new_id = await publish(desk, "2.0")

    chat.tap(old_notice, ACCEPT["en"])
    await desk.run()
    assert "version 2.0" in last_alert(desk)
    notice = await chat.reply()
    assert "version 2.0" in notice.text and "Summary 2.0 (en)" in notice.text
    accept_data = [b["callback_data"] for b in notice.buttons() if ACCEPT["en"] in b["text"]]
    assert accept_data == [f"policy:accept:{new_id}"]
    assert (await stored_user(desk, person.id)).consents == []

    chat.tap(notice, ACCEPT["en"])
    await desk.run()
    _thanks, request = await chat.replies(2)
    assert offers_share_button(request)
    assert history(await stored_user(desk, person.id)) == [("2.0", True)]


async def test_a_button_for_an_unknown_version_records_nothing(desk: DeskHarness) -> None:
    person = Person(9202, "Forger", language_code="ru")
    chat, _notice = await reach_notice(desk, person, "ru")
    desk.fake.press(
        person, {"message_id": 1, "date": 0, "chat": person.as_private_chat()}, "policy:accept:999"
    )
    await desk.run()
    assert "1.0" in last_alert(desk)
    assert "версия 1.0" in (await chat.reply()).text  # the notice in force, again
    assert (await stored_user(desk, person.id)).consents == []


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_new_version_brings_verified_users_back_to_consent(
    desk: DeskHarness, locale: str
) -> None:
    person = Person(9301, "Aruzhan", language_code=locale)
    chat = await verified(desk, person, locale)
    before = await stored_user(desk, person.id)
    await publish(desk, "2.0")

    chat.say("Hello, about my order")
    await desk.run()
    notice = await chat.reply()
    assert CHANGED[locale] in notice.text and "2.0" in notice.text
    assert chat.unread() == []
    assert desk.fake.sent_to(ADMIN_CHAT_ID) == []  # nothing reaches care before consent

    chat.tap(notice, ACCEPT[locale])
    await desk.run()
    _thanks, menu = await chat.replies(2)
    assert MY_DATA[locale] in [b["text"] for b in menu.buttons()]
    assert not offers_share_button(menu)

    user = await stored_user(desk, person.id)
    assert (user.phone, user.verified_at) == (OWN_NUMBER, before.verified_at)
    assert history(user) == [("1.0", False), ("2.0", True)]

    chat.say("/me")
    await desk.run()
    report = (await chat.reply()).text
    assert "1.0" in report and "2.0" in report


async def test_me_tells_a_replaced_consent_from_a_withdrawn_one(desk: DeskHarness) -> None:
    chat = await verified(desk, Person(9302, "Timur", language_code="en"), "en")
    await publish(desk, "2.0")
    chat.say("/privacy")
    await desk.run()
    notice = await chat.reply()
    assert CHANGED["en"] in notice.text
    chat.tap(notice, ACCEPT["en"])
    await desk.run()
    await chat.replies(2)
    chat.say("/me")
    await desk.run()
    report = (await chat.reply()).text
    assert "policy version 1.0" in report and "replaced by version 2.0" in report
    assert "withdrawn" not in report


async def test_the_old_notice_of_a_verified_user_is_stale_after_a_new_version(
    desk: DeskHarness,
) -> None:
    person = Person(9303, "Marat", language_code="en")
    chat, old_notice = await reach_notice(desk, person, "en")
    chat.tap(old_notice, ACCEPT["en"])
    await desk.run()
    await chat.replies(2)
    chat.share_contact(OWN_NUMBER)
    await desk.run()
    await chat.reply()
    await publish(desk, "2.0")

    chat.tap(old_notice, ACCEPT["en"])  # the 1.0 button, still on screen
    await desk.run()
    assert "version 2.0" in last_alert(desk)
    notice = await chat.reply()
    assert CHANGED["en"] in notice.text
    assert history(await stored_user(desk, person.id)) == [("1.0", True)]


@ON_SQLITE_FILES
async def test_the_forgotten_phone_and_names_leave_the_database_files(
    desk: DeskHarness, engine
) -> None:
    person = Person(9305, "Yerzhan", "Temirkhanov", "yerzhan_t", language_code="en")
    chat = await verified(desk, person, "en")
    forgotten = [OWN_NUMBER, person.first_name, person.last_name, person.username]
    assert left_on_disk(Path(engine.url.database), forgotten)
    await publish(desk, "2.0")
    chat.say("/privacy")
    await desk.run()
    chat.tap(await chat.reply(), DECLINE["en"])
    await desk.run()
    assert left_on_disk(Path(engine.url.database), forgotten) == []


async def test_declining_a_new_version_withdraws_and_forgets_the_phone(desk: DeskHarness) -> None:
    person = Person(9304, "Erbol", "Nur", "erbol", language_code="kk")
    chat = await verified(desk, person, "kk")
    await publish(desk, "2.0")
    chat.say("/privacy")
    await desk.run()
    notice = await chat.reply()
    chat.tap(notice, DECLINE["kk"])
    await desk.run()
    declined = await chat.reply()
    assert declined.markup.get("remove_keyboard") is True

    user = await stored_user(desk, person.id)
    assert (user.phone, user.verified_at, user.first_name, user.username) == (None,) * 4
    assert (user.telegram_id, user.language) == (person.id, "kk")
    assert history(user) == [("1.0", False)]
