"""Language-free callback data for inline buttons."""

from aiogram.filters.callback_data import CallbackData

from care.notices.policy_notices import PolicyAction, PolicyButton

__all__ = ["LanguageChoice", "OffersChoice", "PolicyAction", "PolicyButton"]


class LanguageChoice(CallbackData, prefix="lang"):
    locale: str


class OffersChoice(CallbackData, prefix="offers"):
    on: bool
