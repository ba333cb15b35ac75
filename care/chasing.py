"""Chasing pending requests: what happens to a request nobody moves (the scheduler's ticks)."""

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from care.desk import Desk
from care.requests import Action, Actor, Status, local_day, move
from storage import requests, users


async def expire_unanswered(
    session: AsyncSession, desk: Desk, now: datetime, limit: int = 100
) -> int:
    """Close the requests that waited for the user longer than the setting allows (working
    days); the user is told, in the language of the appeal. How many it closed."""
    after = desk.clocks.expire_unanswered_after
    if not after:
        return 0
    today, calendar = local_day(desk, now), desk.clocks.calendar
    closed = 0
    # N working days take at least N calendar days: a cheap bound first, then the calendar.
    for request_id in await requests.waiting_since(session, now - timedelta(days=after), limit):
        found = await requests.get(session, request_id)
        await users.lock(session, found.user_id)  # as the user's own updates do
        request = await requests.get(session, request_id, lock=True)
        if request.status != Status.AWAITING_USER or request.paused_since is None:
            continue  # the user answered meanwhile
        since = local_day(desk, request.paused_since)
        if calendar.working_days_between(since, today) < after:
            continue
        await move(session, desk, request, Action.EXPIRE, now, Actor.SYSTEM)
        closed += 1
    return closed
