"""Which shared contacts prove a Kazakh mobile number."""

import enum
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType


class PhoneVerdict(enum.Enum):
    OK = "ok"
    FORWARDED = "forwarded"  # a contact card without user_id: anyone's number
    NOT_OWN = "not-own"  # somebody else's Telegram contact
    NOT_KZ_MOBILE = "not-kz-mobile"  # Russian +7 9xx, a Kazakh landline, garbage


@dataclass(frozen=True)
class ContactCheck:
    verdict: PhoneVerdict
    phone: str | None = None  # E.164, only when verdict is OK


def kz_mobile_e164(raw: str) -> str | None:
    """The E.164 form of a Kazakh mobile number, or None for anything else."""
    digits = raw.strip()
    if not digits.startswith("+"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, None)
    except NumberParseException:
        return None
    if phonenumbers.region_code_for_number(number) != "KZ":
        return None
    if phonenumbers.number_type(number) != PhoneNumberType.MOBILE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_contact(sender_id: int, contact_user_id: int | None, phone_number: str) -> ContactCheck:
    """Accept only the sender's own contact carrying a Kazakh mobile number."""
    if contact_user_id is None:
        return ContactCheck(PhoneVerdict.FORWARDED)
    if contact_user_id != sender_id:
        return ContactCheck(PhoneVerdict.NOT_OWN)
    phone = kz_mobile_e164(phone_number)
    if phone is None:
        return ContactCheck(PhoneVerdict.NOT_KZ_MOBILE)
    return ContactCheck(PhoneVerdict.OK, phone)


def mask_phone(e164: str) -> str:
    """`+77011234567` → `+7 701 *** ** 67`: enough for agents to tell users apart."""
    national = e164.removeprefix("+7")
    return f"+7 {national[:3]} *** ** {national[-2:]}"
