"""A request's clock as a value: pauses while the desk waits for the user, counted in the
desk's local working days, and the working days a closed request used."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from care.common.deadlines import WorkCalendar
from care.rights.request_clock import RequestClock
from storage.models import Request

KZ = WorkCalendar()
ALMATY = ZoneInfo("Asia/Almaty")
MONDAY = date(2026, 11, 2)  # a plain week: Monday 2 to Friday 6 November, no holiday


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ALMATY)


def nov(day: int) -> date:
    return date(2026, 11, day)


def resume(clock: RequestClock, moment: datetime, enabled: bool = True) -> RequestClock:
    return clock.resume(moment, KZ, ALMATY, pause_enabled=enabled)


def test_a_new_clock_is_due_after_its_working_days() -> None:
    clock = RequestClock.start(MONDAY, 3, KZ)
    assert clock == RequestClock(MONDAY, 3, nov(5))  # Tue, Wed, Thu
    assert clock.paused_days == 0
    assert clock.paused_since is None
    assert clock.closed_on is None
    assert clock.closed_working_days is None


def test_a_pause_only_notes_when_it_began_and_changes_nothing_in_place() -> None:
    clock = RequestClock.start(MONDAY, 3, KZ)
    paused = clock.pause(at(MONDAY))
    assert paused.paused_since == at(MONDAY)
    assert (paused.due_on, paused.paused_days) == (nov(5), 0)
    assert clock.paused_since is None  # a new value; the old one stands


def test_a_wait_answered_the_same_day_moves_nothing() -> None:
    clock = RequestClock.start(MONDAY, 3, KZ).pause(at(MONDAY, 10))
    resumed = resume(clock, at(MONDAY, 17))
    assert resumed == RequestClock(MONDAY, 3, nov(5))


def test_several_pauses_in_a_row_add_up() -> None:
    clock = RequestClock.start(MONDAY, 3, KZ)
    # Asked on Monday, answered on Wednesday: Tue and Wed stood still.
    clock = resume(clock.pause(at(MONDAY)), at(nov(4)))
    assert (clock.paused_days, clock.due_on, clock.paused_since) == (2, nov(9), None)
    # Asked again on Thursday, answered on Monday: Fri and Mon (the weekend never counted).
    clock = resume(clock.pause(at(nov(5))), at(nov(9)))
    assert (clock.paused_days, clock.due_on, clock.paused_since) == (4, nov(11), None)
    # The due date is always the received day plus the days allowed and the days paused.
    assert clock.due_on == KZ.add_working_days(MONDAY, 3 + 4)


def test_a_pause_across_midnight_counts_the_desks_days_not_utcs() -> None:
    clock = RequestClock.start(MONDAY, 3, KZ)
    # 23:30 on Tuesday to 00:30 on Wednesday in Almaty: both still Tuesday in UTC.
    asked, answered = at(nov(3), 23, 30), at(nov(4), 0, 30)
    assert asked.astimezone(UTC).date() == answered.astimezone(UTC).date() == nov(3)
    moved = resume(clock.pause(asked.astimezone(UTC)), answered.astimezone(UTC))
    assert (moved.paused_days, moved.due_on) == (1, nov(6))
    # 04:00 to 10:00 on Wednesday in Almaty: two days in UTC, one in Almaty.
    asked, answered = at(nov(4), 4), at(nov(4), 10)
    assert asked.astimezone(UTC).date() == nov(3)
    assert answered.astimezone(UTC).date() == nov(4)
    same = resume(clock.pause(asked.astimezone(UTC)), answered.astimezone(UTC))
    assert (same.paused_days, same.due_on) == (0, nov(5))


def test_a_pause_over_nauryz_counts_only_working_days() -> None:
    received = date(2026, 3, 19)  # Thursday; 21-25 March are Nauryz and its observed days
    clock = RequestClock.start(received, 3, KZ).pause(at(date(2026, 3, 20)))
    clock = resume(clock, at(date(2026, 3, 26)))  # Friday 20th to Thursday 26th
    assert clock.paused_days == 1
    assert clock.due_on == KZ.add_working_days(received, 4)


def test_with_pauses_disabled_the_clock_runs_while_the_user_is_awaited() -> None:
    clock = RequestClock.start(MONDAY, 3, KZ).pause(at(MONDAY))
    resumed = resume(clock, at(nov(4)), enabled=False)
    assert resumed == RequestClock(MONDAY, 3, nov(5))  # the wait is forgotten, nothing moved


def test_resuming_a_clock_that_was_not_paused_changes_nothing() -> None:
    clock = RequestClock.start(MONDAY, 3, KZ)
    assert resume(clock, at(nov(4))) is clock


def test_closing_counts_the_working_days_used_without_the_pauses() -> None:
    clock = resume(RequestClock.start(MONDAY, 3, KZ).pause(at(MONDAY)), at(nov(4)))
    closed = clock.close(nov(6), KZ)  # Tue..Fri used, Tue and Wed paused
    assert (closed.closed_on, closed.closed_working_days) == (nov(6), 2)
    assert (closed.paused_days, closed.due_on) == (2, nov(9))
    # Closed the day it arrived: nothing used.
    assert RequestClock.start(MONDAY, 3, KZ).close(MONDAY, KZ).closed_working_days == 0


def test_closing_never_counts_below_zero() -> None:
    clock = RequestClock(MONDAY, 3, nov(10), paused_days=3)
    assert clock.close(nov(3), KZ).closed_working_days == 0


def test_the_clock_reads_from_and_writes_onto_the_stored_request() -> None:
    request = Request(
        received_on=MONDAY, deadline_days=3, due_on=nov(5), paused_days=0, paused_since=None
    )
    clock = RequestClock.of(request)
    assert clock == RequestClock(MONDAY, 3, nov(5))
    later = resume(clock.pause(at(MONDAY)), at(nov(4))).close(nov(6), KZ)
    later.onto(request)
    assert (request.paused_days, request.paused_since, request.due_on) == (2, None, nov(9))
    assert (request.closed_on, request.closed_working_days) == (nov(6), 2)
    assert RequestClock.of(request) == later
