"""The wall clock, read only by the composition root and what runs outside an update.

Everything below `bot` takes the moment it acts at as an argument: the dispatcher reads this
clock once per update and hands handlers `now`, the sender reads it once per send and hands
its performer `now`, the scheduler's jobs read it once per tick. Tests pass their own clock.
"""

from datetime import UTC, datetime


def wall_clock() -> datetime:
    return datetime.now(UTC)
