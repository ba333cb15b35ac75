"""Language-free callback data for inline buttons."""

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="lang"):
    locale: str


class PolicyAction(CallbackData, prefix="policy"):
    action: str  # read | accept | decline
    policy_id: int
