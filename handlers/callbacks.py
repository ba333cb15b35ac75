"""Language-free callback data for inline buttons."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from care.cards import RowId


class LanguageChoice(CallbackData, prefix="lang"):
    locale: str


class PolicyButton(StrEnum):
    READ = "read"
    ACCEPT = "accept"
    DECLINE = "decline"


class PolicyAction(CallbackData, prefix="policy"):
    action: PolicyButton
    policy_id: RowId  # the version the notice showed


class OffersChoice(CallbackData, prefix="offers"):
    on: bool
