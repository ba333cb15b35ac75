"""The data report shows everything the desk holds about a person: for a person with a full
history (every personal table filled), each column care.rights.report_scope calls shown reaches the
report's data, value for value."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import or_, select

from bot.clock import wall_clock
from care.people.mentions import Mentioned
from care.rights.announcements import move_and_announce
from care.rights.report_scope import SHOWN
from care.rights.reports import gather
from care.rights.requests import Action
from storage.models import Base, Campaign, Consent, Conversation, Delivery, Request
from storage.people import mentions, users
from storage.rights import requests as stored
from storage.vocabulary import Actor, RequestKind
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.test_erasure import a_full_history


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


def values_at(node: Any, path: str) -> list[Any]:
    """The values at `path` in the report's data: `a.b` is a key, `a[].b` each item's key."""
    if not path:
        return [node]
    head, _, rest = path.partition(".")
    child = node.get(head.removesuffix("[]")) if isinstance(node, dict) else None
    if child is None:
        return []
    items = child if head.endswith("[]") else [child]
    return [value for item in items for value in values_at(item, rest)]


def as_reported(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def rows_of(table, user_id: int, telegram_id: int):
    """Which rows of `table` are the person's."""
    if table.name == "users":
        return table.c.id == user_id
    if table.name == "phone_conflicts":
        return or_(table.c.telegram_id == telegram_id, table.c.owner_user_id == user_id)
    if table.name == "request_events":
        theirs = select(Request.id).where(Request.user_id == user_id)
        return table.c.request_id.in_(theirs)
    return table.c.user_id == user_id


async def everything_held(desk: DeskHarness, user_id: int) -> None:
    """What a_full_history leaves out: a ban, a blocked bot, blocked processing, offers, an
    older consent withdrawn, a closed conversation, an answered request, a broadcast, a
    mention in the care team's chat."""
    now = wall_clock()
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_id(session, user_id)
        user.banned_at, user.blocked_bot_at = now, now + timedelta(seconds=1)
        user.processing_blocked_at = now + timedelta(seconds=2)
        user.marketing_opt_in_at = now + timedelta(seconds=3)
        live = user.active_consent
        session.add(
            Consent(
                user_id=user.id,
                policy_version_id=live.policy_version_id,
                accepted_at=now - timedelta(days=9),
                withdrawn_at=now - timedelta(days=8),
            )
        )
        conversation = await session.scalar(
            select(Conversation).where(Conversation.user_id == user.id)
        )
        conversation.closed_at = now
        complaint = await stored.open_of_kind(session, user.id, RequestKind.COMPLAINT)
        agent = (AGENT.id, AGENT.first_name)
        await move_and_announce(session, desk.care, complaint, Action.TAKE, now, Actor.AGENT, agent)
        await move_and_announce(
            session, desk.care, complaint, Action.RESOLVE, now, Actor.AGENT, agent, "ok"
        )
        campaign = Campaign(
            kind="broadcast",
            audience="marketing",
            source={},
            created_by=AGENT.id,
            created_at=now,
            status="done",
        )
        session.add(campaign)
        await session.flush()
        session.add(
            Delivery(campaign_id=campaign.id, user_id=user.id, status="sent", updated_at=now)
        )
        mentions.add(session, [user.id], ADMIN_CHAT_ID, 777, Mentioned.FIND_ANSWER, now)


async def test_every_shown_column_reaches_the_report(desk) -> None:
    user, _ = await a_full_history(desk)
    await everything_held(desk, user.id)

    async with desk.sessionmaker() as session:
        user = await users.get_by_id(session, user.id)
        data = await gather(session, desk.care, user, "en")
        missing = []
        for column, paths in SHOWN.items():
            table = Base.metadata.tables[column.split(".")[0]]
            query = select(table.c[column.split(".")[1]]).where(
                rows_of(table, user.id, user.telegram_id)
            )
            held = [value for value in (await session.scalars(query)).all() if value is not None]
            assert held, f"the full history holds no {column}: the test would prove nothing"
            reported = [value for path in paths for value in values_at(data, path)]
            missing += [f"{column}={v!r}" for v in held if as_reported(v) not in reported]
    assert not missing, f"held but not in the report: {missing}"
