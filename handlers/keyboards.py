"""Keyboards, built per message from the user's translator."""

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from care.common.texts import Catalog, Translator
from care.notices.policy_notices import policy_buttons
from handlers.callbacks import LanguageChoice, OffersChoice

__all__ = ["language_picker", "main_menu", "offers_toggle", "policy_buttons", "share_phone"]

MENU_BUTTONS = (
    "menu-button-request",
    "menu-button-my-requests",
    "menu-button-care",
    "menu-button-offers",
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
    request, mine, care, offers, *rest = (KeyboardButton(text=t(m)) for m in MENU_BUTTONS)
    return ReplyKeyboardMarkup(
        keyboard=[[request, mine], [care, offers], rest[:2], rest[2:]],
        resize_keyboard=True,
        is_persistent=True,
    )


def offers_toggle(t: Translator, on: bool) -> InlineKeyboardMarkup:
    """The one button that flips the user's offers setting."""
    label = "offers-button-off" if on else "offers-button-on"
    button = InlineKeyboardButton(text=t(label), callback_data=OffersChoice(on=not on).pack())
    return InlineKeyboardMarkup(inline_keyboard=[[button]])
