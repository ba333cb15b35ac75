"""The one place that reads the wall clock, so tests can pass their own `now`.

While an update is handled its moment is fixed once (`bot.middlewares.DatabaseSession` reads
the dispatcher's clock and hands handlers `now`); code below that still asks `utcnow()` gets
the same moment, so one update never sees two times, and a test that sets the clock sets it
for every module at once.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_update_moment: ContextVar[datetime | None] = ContextVar("update_moment", default=None)


def wall_clock() -> datetime:
    return datetime.now(UTC)


def utcnow() -> datetime:
    """The moment of the update being handled, else the wall clock."""
    return _update_moment.get() or wall_clock()


@contextmanager
def update_moment(now: datetime) -> Iterator[None]:
    """Fix `utcnow()` to `now` while one update is handled."""
    token = _update_moment.set(now)
    try:
        yield
    finally:
        _update_moment.reset(token)
