"""Working-day arithmetic the way the law counts it."""

from datetime import date

import pytest

from care.common.deadlines import WorkCalendar

KZ = WorkCalendar()


def test_a_plain_week() -> None:
    # Monday 2026-11-23: three working days later is Thursday.
    assert KZ.add_working_days(date(2026, 11, 23), 3) == date(2026, 11, 26)
    # Friday: the weekend does not count.
    assert KZ.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_a_request_that_arrives_on_a_day_off_starts_the_next_working_day() -> None:
    assert KZ.add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # a Saturday


def test_nauryz_is_not_counted() -> None:
    # 2026: 21-25 March are Nauryz and its observed days; Friday 20 March + 1 working day.
    assert not KZ.is_working_day(date(2026, 3, 23))
    assert KZ.add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)
    assert KZ.add_working_days(date(2026, 3, 19), 3) == date(2026, 3, 27)


def test_the_new_year_is_not_counted() -> None:
    # 1-2 January 2026 are holidays (a Thursday and a Friday), then the weekend.
    assert KZ.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)


def test_a_weekend_transfer_from_the_calendar() -> None:
    # 2025: 3 January (a Friday) was a day off, and Sunday 5 January a working day instead.
    assert not KZ.is_working_day(date(2025, 1, 3))
    assert KZ.is_working_day(date(2025, 1, 5))
    assert KZ.add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 5)


def test_decree_days_are_settings() -> None:
    decree = WorkCalendar(
        extra_days_off=[date(2026, 12, 18)],  # a Friday given off ...
        extra_working_days=[date(2026, 12, 26)],  # ... worked on the next Saturday
    )
    assert not decree.is_working_day(date(2026, 12, 18))
    assert decree.is_working_day(date(2026, 12, 26))
    assert KZ.add_working_days(date(2026, 12, 17), 1) == date(2026, 12, 18)
    assert decree.add_working_days(date(2026, 12, 17), 1) == date(2026, 12, 21)
    assert decree.add_working_days(date(2026, 12, 25), 1) == date(2026, 12, 26)


def test_a_pause_moves_the_due_date_by_the_working_days_it_took() -> None:
    received = date(2026, 11, 23)  # Monday; 3 working days: due Thursday 26
    assert KZ.due_date(received, 3) == date(2026, 11, 26)
    # Waited for the user from Tuesday to Friday: 3 working days (Wed, Thu, Fri).
    paused = [(date(2026, 11, 24), date(2026, 11, 27))]
    assert KZ.working_days_between(*paused[0]) == 3
    assert KZ.due_date(received, 3, paused) == date(2026, 12, 1)
    assert KZ.working_days_between(date(2026, 11, 27), date(2026, 11, 27)) == 0


def test_a_deadline_never_counts_backwards() -> None:
    with pytest.raises(ValueError):
        KZ.add_working_days(date(2026, 11, 23), -1)
    assert KZ.add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)
