"""Keyboards, built per message from the user's translator."""

from aiogram.types import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from care.policy_notices import policy_buttons
from care.texts import Catalog, Translator
from handlers.callbacks import LanguageChoice

__all__ = ["language_picker", "main_menu", "policy_buttons", "share_phone"]

MENU_BUTTONS = (
    "menu-button-request",
    "menu-button-my-requests",
    "menu-button-care",
    "menu-button-my-data",
    "menu-button-privacy",
    "menu-button-language",
    "menu-button-help",
)


def language_picker(catalog: Catalog, selected: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for t in catalog:
        mark = "✓ " if t.locale == selected else ""
        builder.button(
            text=f"{mark}{t('language-name')}", callback_data=LanguageChoice(locale=t.locale)
        )
    builder.adjust(3)
    return builder.as_markup()


def share_phone(t: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("phone-button-share"), request_contact=True)]],
        resize_keyboard=True,
        is_persistent=True,
    )


def main_menu(t: Translator) -> ReplyKeyboardMarkup:
    request, mine, care, *rest = (KeyboardButton(text=t(msg_id)) for msg_id in MENU_BUTTONS)
    return ReplyKeyboardMarkup(
        keyboard=[[request, mine], [care], rest[:2], rest[2:]],
        resize_keyboard=True,
        is_persistent=True,
    )
