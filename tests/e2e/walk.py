"""Walking a person through onboarding against the real process."""

from sqlalchemy import create_engine, text

from tests.fake_telegram.conversation import Conversation

LANGUAGE = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
ACCEPT = {"kk": "Келісемін", "ru": "Принимаю", "en": "I agree"}
VERIFIED = {"kk": "расталды", "ru": "подтверждён", "en": "is confirmed"}
MENU = {"kk": "🗂 Менің деректерім", "ru": "🗂 Мои данные", "en": "🗂 My data"}
HOLDS = {"kk": "Qamqor сіз туралы", "ru": "Что Qamqor хранит", "en": "What Qamqor holds"}


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


def phone_in_db(tmp_path, telegram_id: int) -> str | None:
    engine = create_engine(f"sqlite:///{tmp_path}/data/qamqor.db")
    with engine.connect() as connection:
        phone = connection.scalar(
            text("SELECT phone FROM users WHERE telegram_id = :id"), {"id": telegram_id}
        )
    engine.dispose()
    return phone


async def onboard(chat: Conversation, phone: str) -> None:
    """Take a new person all the way to the main menu."""
    locale = chat.person.language_code
    await to_phone_step(chat, locale)
    chat.share_contact(phone)
    assert VERIFIED[locale] in (await chat.reply()).text
