"""Onboarding through the production dispatcher, with real SQLite behind it."""

import pytest
from sqlalchemy import func, select

from storage.models import PhoneConflict, User
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness

LANGUAGE_BUTTON = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
ACCEPT = {"kk": "Келісемін", "ru": "Принимаю", "en": "I agree"}
SHARE = {"kk": "Нөмірімді жіберу", "ru": "Поделиться номером", "en": "Share my phone"}
VERIFIED = {"kk": "расталды", "ru": "подтверждён", "en": "is confirmed"}
OWN_NUMBER = "+77011234567"


async def stored_user(desk: DeskHarness, telegram_id: int) -> User | None:
    async with desk.sessionmaker() as session:
        return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def reach_notice(desk: DeskHarness, person: Person, locale: str):
    """/start and pick a language: returns the chat and the privacy notice."""
    chat = desk.chat(person)
    chat.say("/start")
    await desk.run()
    chat.tap(await chat.reply(), LANGUAGE_BUTTON[locale])
    await desk.run()
    _saved, notice = await chat.replies(2)
    return chat, notice


async def reach_phone_step(desk: DeskHarness, person: Person, locale: str):
    chat, notice = await reach_notice(desk, person, locale)
    chat.tap(notice, ACCEPT[locale])
    await desk.run()
    _thanks, request = await chat.replies(2)
    return chat, request


def offers_share_button(call) -> bool:
    return any(button.get("request_contact") for button in call.buttons())


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_onboarding_walks_to_the_main_menu(desk: DeskHarness, locale: str) -> None:
    person = Person(1001, "Aigerim", "Sadykova", "aigerim", language_code=locale)
    chat, request = await reach_phone_step(desk, person, locale)
    assert SHARE[locale] in request.text
    assert offers_share_button(request)

    chat.share_contact("77011234567")  # Telegram often omits the plus
    await desk.run()
    welcome = await chat.reply()
    assert VERIFIED[locale] in welcome.text
    assert "+77011234567" in welcome.text
    assert not offers_share_button(welcome)

    user = await stored_user(desk, person.id)
    assert user.phone == OWN_NUMBER
    assert user.verified_at is not None
    assert user.language == locale
    assert (user.first_name, user.last_name, user.username) == ("Aigerim", "Sadykova", "aigerim")
    assert len(user.consents) == 1 and user.consents[0].withdrawn_at is None


@pytest.mark.parametrize(
    ("code", "expected"), [("kk", "kk"), ("ru-RU", "ru"), ("en", "en"), ("de", "ru"), (None, "ru")]
)
async def test_picker_preselects_the_telegram_language(desk: DeskHarness, code, expected) -> None:
    chat = desk.chat(Person(1002, "Dana", language_code=code))
    chat.say("/start")
    await desk.run()
    picker = await chat.reply()
    marked = [b["text"] for b in picker.buttons() if b["text"].startswith("✓")]
    assert marked == [f"✓ {LANGUAGE_BUTTON[expected]}"]
    assert await stored_user(desk, 1002) is None  # nothing stored before a choice


async def test_default_locale_setting_applies(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="en")
    chat = desk.chat(Person(1003, "Tom", language_code="de"))
    chat.say("/start")
    await desk.run()
    picker = await chat.reply()
    assert "Choose the language" in picker.text


REFUSALS = [
    ("someone else's contact", lambda chat: chat.share_contact("+77011112233", user_id=999)),
    ("forwarded card", lambda chat: chat.share_contact("+77011112233", user_id=None)),
    ("Russian mobile", lambda chat: chat.share_contact("+79161234567")),
    ("Kazakh landline", lambda chat: chat.share_contact("+77272501234")),
    ("typed number", lambda chat: chat.say("+77011234567")),
    ("photo", lambda chat: chat.fake.photo(chat.person)),
    ("sticker", lambda chat: chat.fake.sticker(chat.person)),
]
REFUSAL_TEXT = {
    "someone else's contact": "someone else's contact",
    "forwarded card": "forwarded contact card",
    "Russian mobile": "not a Kazakh mobile number",
    "Kazakh landline": "not a Kazakh mobile number",
    "typed number": "don't type the number",
    "photo": "don't type the number",
    "sticker": "don't type the number",
}


@pytest.mark.parametrize(("case", "act"), REFUSALS, ids=[case for case, _ in REFUSALS])
async def test_refusals_store_nothing_and_offer_the_button_again(
    desk: DeskHarness, case, act
) -> None:
    person = Person(1004, "Yerlan", language_code="en")
    chat, _request = await reach_phone_step(desk, person, "en")
    act(chat)
    await desk.run()
    answer = await chat.reply()
    assert REFUSAL_TEXT[case] in answer.text
    assert offers_share_button(answer)
    user = await stored_user(desk, person.id)
    assert user.phone is None and user.verified_at is None


@pytest.mark.parametrize("locale", ["kk", "ru"])
async def test_refusals_are_translated(desk: DeskHarness, locale: str) -> None:
    person = Person(1005, "Nurlan", language_code=locale)
    chat, _ = await reach_phone_step(desk, person, locale)
    chat.share_contact("+79161234567")
    await desk.run()
    answer = await chat.reply()
    expected = {"kk": "Қазақстанның ұялы нөмірі емес", "ru": "не мобильный номер Казахстана"}
    assert expected[locale] in answer.text


async def test_a_number_held_by_another_account_is_refused_and_recorded(desk: DeskHarness) -> None:
    owner = Person(2001, "Owner", language_code="ru")
    chat, _ = await reach_phone_step(desk, owner, "ru")
    chat.share_contact(OWN_NUMBER)
    await desk.run()
    await chat.reply()

    other = Person(2002, "Other", language_code="en")
    chat2, _ = await reach_phone_step(desk, other, "en")
    chat2.share_contact(OWN_NUMBER)
    await desk.run()
    answer = await chat2.reply()
    assert "already linked to another Telegram account" in answer.text
    assert offers_share_button(answer)
    assert (await stored_user(desk, other.id)).phone is None

    async with desk.sessionmaker() as session:
        conflicts = (await session.scalars(select(PhoneConflict))).all()
    assert [(c.telegram_id, c.phone) for c in conflicts] == [(other.id, OWN_NUMBER)]
    notices = desk.fake.sent_to(ADMIN_CHAT_ID)
    assert len(notices) == 1
    assert "+7 701 *** ** 67" in notices[0].text and OWN_NUMBER not in notices[0].text


async def test_declining_keeps_only_id_and_language(desk: DeskHarness) -> None:
    person = Person(3001, "Askar", "Bek", "askar", language_code="kk")
    chat, notice = await reach_notice(desk, person, "kk")
    chat.tap(notice, "Келіспеймін")
    await desk.run()
    answer = await chat.reply()
    assert "Келісіміңізсіз" in answer.text

    user = await stored_user(desk, person.id)
    assert (user.language, user.first_name, user.username, user.phone) == ("kk", None, None, None)
    assert user.consents == []

    chat.say("hello?")  # still gated: guided back to the notice
    await desk.run()
    _hint, again = await chat.replies(2)
    assert any("Келісемін" in b["text"] for b in again.buttons())

    chat.tap(again, "Келісемін")  # changed their mind
    await desk.run()
    _thanks, request = await chat.replies(2)
    assert offers_share_button(request)


async def test_decline_after_accepting_forgets_the_profile(desk: DeskHarness) -> None:
    person = Person(3002, "Saule", "Ali", "saule", language_code="ru")
    chat, notice = await reach_notice(desk, person, "ru")
    chat.tap(notice, ACCEPT["ru"])
    await desk.run()
    await chat.replies(2)
    chat.tap(notice, "Не принимаю")
    await desk.run()
    declined = await chat.reply()
    assert declined.markup.get("remove_keyboard") is True
    user = await stored_user(desk, person.id)
    assert user.first_name is None
    [consent] = user.consents  # withdrawn, never deleted: it is the record of what was agreed
    assert consent.withdrawn_at is not None


async def test_unverified_users_are_guided_back_to_their_step(desk: DeskHarness) -> None:
    person = Person(4001, "Marat", language_code="en")
    chat = desk.chat(person)
    chat.say("/me")
    await desk.run()
    hint, picker = await chat.replies(2)
    assert "finish setting up" in hint.text
    assert any("English" in b["text"] for b in picker.buttons())

    chat, _ = await reach_phone_step(desk, Person(4002, "Ruslan", language_code="en"), "en")
    chat.say("/me")
    await desk.run()
    again = await chat.reply()
    assert offers_share_button(again)


async def test_start_twice_never_duplicates_a_user(desk: DeskHarness) -> None:
    person = Person(5001, "Dias", language_code="ru")
    chat, _ = await reach_phone_step(desk, person, "ru")
    chat.say("/start")
    await desk.run()
    picker = await chat.reply()
    chat.tap(picker, LANGUAGE_BUTTON["en"])
    await desk.run()
    async with desk.sessionmaker() as session:
        count = await session.scalar(select(func.count()).where(User.telegram_id == person.id))
    assert count == 1
    assert (await stored_user(desk, person.id)).language == "en"


async def verified(desk: DeskHarness, person: Person, locale: str, phone: str = OWN_NUMBER):
    chat, _ = await reach_phone_step(desk, person, locale)
    chat.share_contact(phone)
    await desk.run()
    await chat.reply()
    return chat


async def test_start_after_verification_shows_the_menu(desk: DeskHarness) -> None:
    chat = await verified(desk, Person(6001, "Aruzhan", language_code="kk"), "kk")
    chat.say("/start")
    await desk.run()
    answer = await chat.reply()
    assert "Қайта оралуыңызбен, Aruzhan" in answer.text
    assert "🗂 Менің деректерім" in [b["text"] for b in answer.buttons()]


@pytest.mark.parametrize(
    ("locale", "phrase"),
    [("kk", "Qamqor сіз туралы"), ("ru", "Что Qamqor хранит"), ("en", "What Qamqor holds")],
)
async def test_me_shows_what_is_held(desk: DeskHarness, locale: str, phrase: str) -> None:
    person = Person(6002, "Bota", "Kim", "bota", language_code=locale)
    chat = await verified(desk, person, locale)
    chat.say("/me")
    await desk.run()
    report = (await chat.reply()).text
    assert phrase in report
    for fact in (OWN_NUMBER, "6002", "Bota Kim", "@bota", "1.0"):
        assert fact in report


async def test_menu_buttons_work_in_any_language(desk: DeskHarness) -> None:
    chat = await verified(desk, Person(6003, "Timur", language_code="en"), "en")
    chat.say("🗂 Менің деректерім")  # a keyboard sent before a language switch
    await desk.run()
    assert "What Qamqor holds" in (await chat.reply()).text


async def test_language_command_switches_language(desk: DeskHarness) -> None:
    person = Person(6004, "Zhanna", language_code="en")
    chat = await verified(desk, person, "en")
    chat.say("/language")
    await desk.run()
    chat.tap(await chat.reply(), LANGUAGE_BUTTON["ru"])
    await desk.run()
    saved, menu = await chat.replies(2)
    assert "на русском" in saved.text
    assert "🗂 Мои данные" in [b["text"] for b in menu.buttons()]
    assert (await stored_user(desk, person.id)).language == "ru"


async def test_privacy_and_its_full_text(desk: DeskHarness) -> None:
    chat = await verified(desk, Person(6005, "Erbol", language_code="en"), "en")
    chat.say("/privacy")
    await desk.run()
    notice = await chat.reply()
    assert "version 1.0" in notice.text
    labels = [b["text"] for b in notice.buttons()]
    assert labels == ["📄 Read the full policy"]  # already consented: nothing to accept
    chat.tap(notice, "Read the full policy")
    await desk.run()
    full = await chat.reply()
    assert "Privacy policy, version 1.0" in full.text and "Your rights" in full.text


async def test_the_menus_privacy_and_language_buttons_answer_as_their_commands(
    desk: DeskHarness, catalog
) -> None:
    chat = await verified(desk, Person(6007, "Aru", language_code="en"), "en")
    kk = catalog.translator("kk")  # a keyboard sent before a language switch
    chat.say(kk("menu-button-privacy"))
    await desk.run()
    assert "version 1.0" in (await chat.reply()).text
    chat.say(kk("menu-button-language"))
    await desk.run()
    picker = await chat.reply()
    chat.tap(picker, LANGUAGE_BUTTON["ru"])
    await desk.run()
    saved, _ = await chat.replies(2)
    assert "на русском" in saved.text


async def test_help_is_available(desk: DeskHarness) -> None:
    chat = desk.chat(Person(6006, "Ali", language_code="kk"))
    chat.say("/help")
    await desk.run()
    assert "/language" in (await chat.reply()).text


async def test_forged_language_is_refused(desk: DeskHarness) -> None:
    person = Person(6007, "Bad", language_code="en")
    desk.fake.press(
        person, {"message_id": 1, "date": 0, "chat": person.as_private_chat()}, "lang:de"
    )
    await desk.run()
    answers = desk.fake.calls_of("answerCallbackQuery")
    assert answers[-1].params.get("text") == "This button is no longer active."
    assert await stored_user(desk, person.id) is None


async def test_blocking_the_bot_marks_the_user_unreachable(desk: DeskHarness) -> None:
    person = Person(7001, "Olzhas", language_code="ru")
    await verified(desk, person, "ru")

    desk.fake.bot_status(person, "member", "kicked")
    await desk.run()
    assert not (await stored_user(desk, person.id)).reachable
    desk.fake.bot_status(person, "kicked", "member")
    await desk.run()
    assert (await stored_user(desk, person.id)).reachable


async def test_the_main_menu_offers_care_in_every_language(desk: DeskHarness) -> None:
    labels = {
        "kk": "Қамқорлық қызметіне жазу",
        "ru": "Написать в службу заботы",
        "en": "Write to care",
    }
    for n, (locale, label) in enumerate(labels.items()):
        person = Person(8000 + n, "Menu", language_code=locale)
        chat = await verified(desk, person, locale, f"+7701000000{n}")
        chat.say("/start")
        await desk.run()
        assert any(label in b["text"] for b in (await chat.reply()).buttons())


async def test_care_hears_of_a_conflict_once_and_a_decline_forgets_it(desk: DeskHarness) -> None:
    owner = Person(8101, "Owner", language_code="ru")
    await verified(desk, owner, "ru")
    other = Person(8102, "Other", language_code="en")
    chat, notice = await reach_notice(desk, other, "en")
    chat.tap(notice, ACCEPT["en"])
    for _ in range(3):
        chat.share_contact(OWN_NUMBER)
    await desk.run()
    assert len(desk.fake.sent_to(ADMIN_CHAT_ID)) == 1
    chat.tap(notice, "I don't agree")  # changes their mind at the phone step
    await desk.run()
    async with desk.sessionmaker() as session:
        assert (await session.scalars(select(PhoneConflict))).all() == []


async def test_an_album_before_onboarding_ends_gets_one_answer(desk: DeskHarness) -> None:
    stranger = Person(4010, "Yerlan", language_code="en")
    desk.fake.album(stranger, 3)  # never started: each part is a message to guide back
    await desk.run()
    chat = desk.chat(stranger)
    hint, picker = await chat.replies(2)
    assert "finish setting up" in hint.text and picker.buttons()
    assert chat.unread() == []

    chat, _ = await reach_phone_step(desk, Person(4011, "Saule", language_code="en"), "en")
    desk.fake.album(chat.person, 3)  # photos instead of the phone
    await desk.run()
    assert offers_share_button(await chat.reply())
    assert chat.unread() == []  # one answer for the album, not one per photo
