"""Walking a person through onboarding, and an agent through buttons, against the real
process."""

from tests.e2e.database import Database
from tests.fake_telegram import Call, FakeTelegram
from tests.fake_telegram.conversation import Conversation

LANGUAGE = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
ACCEPT = {"kk": "Келісемін", "ru": "Принимаю", "en": "I agree"}
VERIFIED = {"kk": "расталды", "ru": "подтверждён", "en": "is confirmed"}
MENU = {"kk": "🗂 Менің деректерім", "ru": "🗂 Мои данные", "en": "🗂 My data"}
HOLDS = {"kk": "Qamqor сіз туралы", "ru": "Что Qamqor хранит", "en": "What Qamqor holds"}


def with_buttons(fake: FakeTelegram, chat_id: int, prefix: str) -> tuple[Call, str] | None:
    """The newest message in a chat with an inline button whose data starts with `prefix`:
    the message and that data."""
    for call in reversed(fake.sent_to(chat_id)):
        for button in call.buttons():
            if button.get("callback_data", "").startswith(prefix):
                return call, button["callback_data"]
    return None


def has_share_button(call) -> bool:
    return any(button.get("request_contact") for button in call.buttons())


async def to_phone_step(chat: Conversation, locale: str) -> None:
    chat.say("/start")
    picker = await chat.reply()
    assert f"✓ {LANGUAGE[locale]}" in [b["text"] for b in picker.buttons()]
    chat.tap(picker, LANGUAGE[locale])
    _saved, notice = await chat.replies(2)
    assert "1.0" in notice.text
    chat.tap(notice, ACCEPT[locale])
    _thanks, request = await chat.replies(2)
    assert has_share_button(request)


async def phone_in_db(database: Database, telegram_id: int) -> str | None:
    return await database.scalar("SELECT phone FROM users WHERE telegram_id = :id", id=telegram_id)


async def onboard(chat: Conversation, phone: str) -> None:
    """Take a new person all the way to the main menu."""
    locale = chat.person.language_code
    await to_phone_step(chat, locale)
    chat.share_contact(phone)
    assert VERIFIED[locale] in (await chat.reply()).text
