"""Kazakh case endings of the date or number a postposition follows, and the dates in texts.

Expected forms follow the case tables of Kazakh grammar: the dative -ға/-ге after vowels and
voiced consonants, -қа/-ке after voiceless ones and б в г д; the ablative -дан/-ден after
vowels and ж з л р й у, -нан/-нен after м н ң, -тан/-тен after voiceless consonants and
б в г д; the locative -да/-де, -та/-те as the dative; back or front by the last vowel.
"""

import re
from calendar import monthrange
from datetime import date
from pathlib import Path

import pytest
from babel.dates import get_month_names

from care.common.kazakh import Case, inflect, last_spoken_word
from care.common.texts import Catalog, format_day

MONTHS = {  # nominative: dative, ablative, locative
    "қаңтар": ("қаңтарға", "қаңтардан", "қаңтарда"),
    "ақпан": ("ақпанға", "ақпаннан", "ақпанда"),
    "наурыз": ("наурызға", "наурыздан", "наурызда"),
    "сәуір": ("сәуірге", "сәуірден", "сәуірде"),
    "мамыр": ("мамырға", "мамырдан", "мамырда"),
    "маусым": ("маусымға", "маусымнан", "маусымда"),
    "шілде": ("шілдеге", "шілдеден", "шілдеде"),
    "тамыз": ("тамызға", "тамыздан", "тамызда"),
    "қыркүйек": ("қыркүйекке", "қыркүйектен", "қыркүйекте"),
    "қазан": ("қазанға", "қазаннан", "қазанда"),
    "қараша": ("қарашаға", "қарашадан", "қарашада"),
    "желтоқсан": ("желтоқсанға", "желтоқсаннан", "желтоқсанда"),
}

YEAR = "2026\u202fж."  # CLDR keeps the year and its "ж." together (a narrow no-break space)

NUMBERS = {  # the number: its last spoken word, dative, ablative, locative
    0: ("нөл", "0-ге", "0-ден", "0-де"),
    1: ("бір", "1-ге", "1-ден", "1-де"),
    2: ("екі", "2-ге", "2-ден", "2-де"),
    3: ("үш", "3-ке", "3-тен", "3-те"),
    4: ("төрт", "4-ке", "4-тен", "4-те"),
    5: ("бес", "5-ке", "5-тен", "5-те"),
    6: ("алты", "6-ға", "6-дан", "6-да"),
    7: ("жеті", "7-ге", "7-ден", "7-де"),
    8: ("сегіз", "8-ге", "8-ден", "8-де"),
    9: ("тоғыз", "9-ға", "9-дан", "9-да"),
    10: ("он", "10-ға", "10-нан", "10-да"),
    20: ("жиырма", "20-ға", "20-дан", "20-да"),
    30: ("отыз", "30-ға", "30-дан", "30-да"),
    40: ("қырық", "40-қа", "40-тан", "40-та"),
    50: ("елу", "50-ге", "50-ден", "50-де"),
    60: ("алпыс", "60-қа", "60-тан", "60-та"),
    70: ("жетпіс", "70-ке", "70-тен", "70-те"),
    80: ("сексен", "80-ге", "80-нен", "80-де"),
    90: ("тоқсан", "90-ға", "90-нан", "90-да"),
    100: ("жүз", "100-ге", "100-ден", "100-де"),
    1000: ("мың", "1000-ға", "1000-нан", "1000-да"),
    2026: ("алты", "2026-ға", "2026-дан", "2026-да"),
    2030: ("отыз", "2030-ға", "2030-дан", "2030-да"),
    2100: ("жүз", "2100-ге", "2100-ден", "2100-де"),
    15: ("бес", "15-ке", "15-тен", "15-те"),
}


def test_babel_prints_the_months_the_table_covers() -> None:
    assert set(get_month_names("wide", "format", "kk").values()) == set(MONTHS)


DAYS = [
    date(2026, month, day)
    for month in range(1, 13)
    for day in (1, 2, 9, 10, 15, 20, 28, 31)
    if day <= monthrange(2026, month)[1]
]


@pytest.mark.parametrize("value", DAYS, ids=str)
def test_a_printed_date_takes_the_case_of_its_month(value: date) -> None:
    day = value.day
    printed = format_day(value, "kk")
    name = printed.rsplit(" ", 1)[1]
    dative, ablative, locative = MONTHS[name]
    assert printed == f"{YEAR} {day} {name}"
    assert inflect(printed, Case.DATIVE) == f"{YEAR} {day} {dative}"
    assert inflect(printed, Case.ABLATIVE) == f"{YEAR} {day} {ablative}"
    assert inflect(printed, Case.LOCATIVE) == f"{YEAR} {day} {locative}"


@pytest.mark.parametrize("number", sorted(NUMBERS))
def test_a_number_takes_the_case_of_its_last_spoken_word(number: int) -> None:
    word, dative, ablative, locative = NUMBERS[number]
    assert last_spoken_word(number) == word
    assert inflect(str(number), Case.DATIVE) == dative
    assert inflect(str(number), Case.ABLATIVE) == ablative
    assert inflect(str(number), Case.LOCATIVE) == locative


def test_a_moment_takes_the_case_of_its_minutes_and_what_cannot_be_read_is_left() -> None:
    assert inflect("22.11.2026 10:15", Case.ABLATIVE) == "22.11.2026 10:15-тен"
    assert inflect("22.11.2026 10:40", Case.DATIVE) == "22.11.2026 10:40-қа"
    for unreadable in ("—", "2026 ж.", "Qamqor", ""):
        assert inflect(unreadable, Case.DATIVE) == unreadable


def test_the_filing_confirmation_puts_the_due_date_in_the_dative() -> None:
    kk = Catalog(strict=True).translator("kk")
    due = format_day(date(2026, 12, 10), "kk")
    text = kk("request-filed", reference="Q-2026-000001", kind="сұрақ", due=due)
    assert f"{YEAR} 10 желтоқсанға дейін" in text
    text = kk("request-status-in_progress", reference="Q-2026-000001", kind="сұрақ", due=due)
    assert text.endswith(f"{YEAR} 10 желтоқсанға дейін.")


def test_no_kazakh_postposition_follows_a_bare_variable() -> None:
    """`{ $due } дейін` prints "… желтоқсан дейін": the variable must go through its case."""
    folder = Path(__file__).resolve().parents[2] / "locales" / "kk"
    bare = re.compile(r"\{ \$\w+ \}\s+(дейін|бастап)")
    found = [
        f"{path.name}: {line.strip()}"
        for path in sorted(folder.glob("*.ftl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if bare.search(line)
    ]
    assert not found


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "10 December 2026"), ("ru", "10 декабря 2026"), ("kk", f"{YEAR} 10 желтоқсан")],
)
def test_one_day_style_per_language(locale: str, expected: str) -> None:
    assert format_day(date(2026, 12, 10), locale) == expected


@pytest.mark.parametrize(
    ("text", "case", "right"),
    [
        ("10.12.2026 09:00", Case.LOCATIVE, "10.12.2026 09:00-да"),  # сағат тоғызда
        ("10.12.2026 10:00", Case.ABLATIVE, "10.12.2026 10:00-нан"),  # сағат оннан
        ("10.12.2026 16:00", Case.DATIVE, "10.12.2026 16:00-ға"),  # сағат он алтыға
    ],
)
def test_a_time_on_the_hour_takes_the_ending_of_its_hour(text, case, right) -> None:
    assert inflect(text, case) == right
