import pytest

from care.people.phones import PhoneVerdict, check_contact, kz_mobile_e164, mask_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+77011234567", "+77011234567"),
        ("77011234567", "+77011234567"),  # Telegram often sends no plus
        (" +7 701 123 45 67 ", "+77011234567"),
        ("+77771234567", "+77771234567"),
        ("+77471234567", "+77471234567"),
        ("+79161234567", None),  # Russian mobile shares +7
        ("+77272501234", None),  # Almaty landline
        ("+77172123456", None),  # Astana landline
        ("+7701", None),
        ("not a number", None),
        ("", None),
    ],
)
def test_only_kazakh_mobiles_pass(raw: str, expected: str | None) -> None:
    assert kz_mobile_e164(raw) == expected


def test_the_senders_own_contact_is_accepted() -> None:
    check = check_contact(42, 42, "77011234567")
    assert (check.verdict, check.phone) == (PhoneVerdict.OK, "+77011234567")


def test_a_forwarded_card_is_refused_whatever_the_number() -> None:
    assert check_contact(42, None, "+77011234567").verdict is PhoneVerdict.FORWARDED


def test_someone_elses_contact_is_refused() -> None:
    check = check_contact(42, 43, "+77011234567")
    assert check.verdict is PhoneVerdict.NOT_OWN and check.phone is None


def test_own_contact_with_a_foreign_number_is_refused() -> None:
    assert check_contact(42, 42, "+79161234567").verdict is PhoneVerdict.NOT_KZ_MOBILE


def test_mask_keeps_operator_code_and_last_two_digits() -> None:
    assert mask_phone("+77011234567") == "+7 701 *** ** 67"
