"""The law's clocks: deadlines counted in Kazakh working days (Law 94-V).

Weekends, public holidays and the weekend-transfer rule come from the `holidays` package
(country KZ); the operator adds the days a government decree moves (the package lists decree
transfers only up to 2025) as extra days off and extra working days.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

from storage.vocabulary import RequestKind


class WorkCalendar:
    def __init__(
        self, extra_days_off: Iterable[date] = (), extra_working_days: Iterable[date] = ()
    ) -> None:
        self.extra_days_off = frozenset(extra_days_off)
        self.extra_working_days = frozenset(extra_working_days)
        self._kz = holidays.country_holidays("KZ")  # fills each year when first asked

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return self._kz.is_working_day(day)

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (the day a request arrives does not count;
        one that arrives on a day off starts counting from the next working day)."""
        if days < 0:
            raise ValueError("a deadline counts forward")
        day = start
        while days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def working_days_left(self, today: date, due: date) -> int:
        """Working days from `today` to `due`; negative once overdue."""
        if due >= today:
            return self.working_days_between(today, due)
        return -self.working_days_between(due, today)

    def due_date(self, received: date, days: int, paused: Iterable[tuple[date, date]] = ()) -> date:
        """When a request received on `received` with a `days` clock is due; each pause (while
        it waited for the user, from one local date to another) moves it by the working days
        it took."""
        extra = sum(self.working_days_between(since, until) for since, until in paused)
        return self.add_working_days(received, days + extra)


# The law's defaults (settings override each): working days per request type.
DEFAULT_DAYS: dict[str, int] = {
    RequestKind.ACCESS: 3,
    RequestKind.CORRECTION: 1,
    RequestKind.DELETION: 1,
    RequestKind.BLOCKING: 1,
    RequestKind.WITHDRAWAL: 15,
    RequestKind.OBJECTION: 3,
    RequestKind.COMPLAINT: 3,
    RequestKind.QUESTION: 3,
}


@dataclass
class Clocks:
    """How long each type of request may take, and whether waiting for the user stops it."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_DAYS))
    pause_while_awaiting_user: bool = True
    expire_unanswered_after: int = 10  # working days waiting for the user; 0: never
    remind_user_after: tuple[int, ...] = (2, 5)  # working days waiting: remind the user

    def days_for(self, kind: str) -> int:
        return self.days.get(kind, DEFAULT_DAYS[kind])
