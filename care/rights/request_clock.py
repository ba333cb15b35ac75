"""A request's clock as a value: the day it arrived, the working days it may take, the working
days it stood still waiting for the user, when it is due and when it was closed.

Each step returns a new clock; nothing here reads the database, the desk or the wall clock.
Days are local days of the desk's time zone: a moment is turned into one only where a pause
starts or ends, so a wait that crosses midnight in Almaty counts Almaty's days, not UTC's."""

from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from care.common.deadlines import WorkCalendar
from storage.models import Request


@dataclass(frozen=True)
class RequestClock:
    received_on: date
    deadline_days: int
    due_on: date
    paused_days: int = 0  # working days spent waiting for the user, already added to due_on
    paused_since: datetime | None = None  # waiting for the user since then
    closed_on: date | None = None
    closed_working_days: int | None = None  # working days used, the pauses left out

    @classmethod
    def start(cls, received_on: date, deadline_days: int, calendar: WorkCalendar) -> "RequestClock":
        """The clock of a request that has just arrived."""
        due = calendar.add_working_days(received_on, deadline_days)
        return cls(received_on, deadline_days, due)

    @classmethod
    def of(cls, request: Request) -> "RequestClock":
        return cls(
            received_on=request.received_on,
            deadline_days=request.deadline_days,
            due_on=request.due_on,
            paused_days=request.paused_days,
            paused_since=request.paused_since,
            closed_on=request.closed_on,
            closed_working_days=request.closed_working_days,
        )

    def onto(self, request: Request) -> None:
        """Write this clock onto the stored record."""
        request.received_on, request.deadline_days = self.received_on, self.deadline_days
        request.due_on = self.due_on
        request.paused_days, request.paused_since = self.paused_days, self.paused_since
        request.closed_on, request.closed_working_days = self.closed_on, self.closed_working_days

    def pause(self, now: datetime) -> "RequestClock":
        """The request starts waiting for the user at `now`."""
        return replace(self, paused_since=now)

    def resume(
        self, at: datetime, calendar: WorkCalendar, tz: tzinfo, pause_enabled: bool
    ) -> "RequestClock":
        """The wait for the user ends at `at`. With pauses enabled, the working days it took
        (after the local day it began, up to and including the local day it ended) move the
        due date; without, the clock ran all along and only the wait is forgotten."""
        if self.paused_since is None:
            return self
        if not pause_enabled:
            return replace(self, paused_since=None)
        since, until = self.paused_since.astimezone(tz).date(), at.astimezone(tz).date()
        paused = self.paused_days + calendar.working_days_between(since, until)
        due = calendar.add_working_days(self.received_on, self.deadline_days + paused)
        return replace(self, paused_days=paused, paused_since=None, due_on=due)

    def close(self, on: date, calendar: WorkCalendar) -> "RequestClock":
        """The request is closed on the local day `on`: the working days it used, the days it
        waited for the user left out."""
        used = calendar.working_days_between(self.received_on, on)
        return replace(self, closed_on=on, closed_working_days=max(used - self.paused_days, 0))
