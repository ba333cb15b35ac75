"""`/stats` periods and the percentiles taken from a histogram."""

import statistics
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from care.rights.stats import Period, parse_period, percentile

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("argument", "first", "last"),
    [
        (None, date(2026, 11, 1), TODAY),
        ("", date(2026, 11, 1), TODAY),
        ("7d", date(2026, 11, 17), TODAY),
        ("30D", date(2026, 10, 25), TODAY),
        ("1d", TODAY, TODAY),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-01-01..2026-03-31", date(2026, 1, 1), date(2026, 3, 31)),
        (" 2026-03-05 .. 2026-03-05 ", date(2026, 3, 5), date(2026, 3, 5)),
    ],
)
def test_periods(argument: str | None, first: date, last: date) -> None:
    assert parse_period(argument, TODAY) == Period(first, last)


def test_the_current_month_on_its_first_day_is_that_day() -> None:
    assert parse_period(None, date(2026, 12, 1)) == Period(date(2026, 12, 1), date(2026, 12, 1))


@pytest.mark.parametrize(
    "argument",
    [
        "0d",
        "9999d",
        "d",
        "7 days",
        "2026-13",
        "2026-00",
        "0000",
        "26",
        "2026-02-30..2026-03-01",
        "2026-03-31..2026-01-01",
        "2026-01-01..",
        "2026-1-1..2026-2-1",
        "20260101..20260201",
        "last week",
    ],
)
def test_malformed_periods(argument: str) -> None:
    assert parse_period(argument, TODAY) is None


def test_a_period_is_bounded_by_local_midnights_in_utc() -> None:
    window = Period(date(2026, 3, 1), date(2026, 3, 31)).window(ZoneInfo("Asia/Almaty"))
    assert window.start == datetime(2026, 2, 28, 19, 0, tzinfo=UTC)  # UTC+5
    assert window.end == datetime(2026, 3, 31, 19, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "values",
    [[3], [1, 2], [0, 0, 1, 5], [1, 1, 2, 3, 3, 3, 4, 9, 15, 15, 20], list(range(37))],
)
def test_percentiles_from_a_histogram_match_the_values_themselves(values: list[int]) -> None:
    histogram: dict[int, int] = {}
    for value in values:
        histogram[value] = histogram.get(value, 0) + 1
    assert percentile(histogram, 0.5) == pytest.approx(statistics.median(values))
    if len(values) > 1:
        p90 = statistics.quantiles(values, n=10, method="inclusive")[-1]
        assert percentile(histogram, 0.9) == pytest.approx(p90)


def test_no_values_no_percentile() -> None:
    assert percentile({}, 0.5) is None
