"""The care repository's queries: the log window, what waits to be copied, and in what order."""

from datetime import UTC, datetime, timedelta

import pytest

from storage.desk import care
from storage.people import users

NOW = datetime(2026, 11, 22, 5, 30, tzinfo=UTC)


@pytest.fixture
async def two_users(session) -> tuple[int, int]:
    first = await users.add_user(session, 1, "ru", NOW)
    second = await users.add_user(session, 2, "kk", NOW)
    return first.id, second.id


async def test_recent_log_is_the_newest_entries_oldest_first(session, two_users) -> None:
    mine, other = two_users
    for n in range(5):
        await care.add_log(session, mine, "in", "text", NOW + timedelta(seconds=n), text=f"m{n}")
        await care.add_log(session, other, "in", "text", NOW, text=f"other {n}")
    await session.commit()
    session.expunge_all()

    assert [e.text for e in await care.recent_log(session, mine, 3)] == ["m2", "m3", "m4"]
    assert [e.text for e in await care.recent_log(session, mine, 50)] == [f"m{n}" for n in range(5)]
    assert [e.text for e in await care.recent_log(session, mine, 1)] == ["m4"]
    assert await care.recent_log(session, 999, 10) == []


async def test_count_log_since_counts_from_since_on_and_filters(session, two_users) -> None:
    mine, other = two_users
    since = NOW - timedelta(seconds=60)
    rows = [
        (since - timedelta(microseconds=1), "in", "message"),  # just outside the window
        (since, "in", "message"),  # on its edge: inside
        (NOW, "in", "throttled"),
        (NOW, "bot", "slow-down"),
        (NOW, "out", "message"),
    ]
    for at, direction, event in rows:
        await care.add_log(session, mine, direction, "text", at, event=event)
    await care.add_log(session, other, "in", "text", NOW)
    await session.commit()

    assert await care.count_log_since(session, mine, since) == 4
    assert await care.count_log_since(session, mine, since, direction="in") == 2
    assert await care.count_log_since(session, mine, since, event="slow-down") == 1
    assert await care.count_log_since(session, mine, since, direction="in", event="message") == 1
    assert await care.count_log_since(session, mine, since, direction="note") == 0
    assert await care.count_log_since(session, mine, NOW + timedelta(seconds=1)) == 0
    assert await care.count_log_since(session, other, since, direction="in") == 1


async def test_pairs_to_copy_are_oldest_first_and_skip_what_is_settled(session, two_users) -> None:
    mine, other = two_users

    async def pair(direction: str, given_up: datetime | None = None, **ids) -> int:
        made = await care.add_pair(session, mine, direction, NOW, **ids)
        made.given_up_at = given_up
        return made.id

    # User message ids run backwards so that no index order can pass for "oldest first".
    first = await pair("in", user_message_id=30)
    copied = await pair("in", user_message_id=25, admin_message_id=7)
    given_up = await pair("in", NOW, user_message_id=22)
    album_a = await pair("in", user_message_id=20, media_group_id="g1")
    second = await pair("in", user_message_id=15)
    album_b = await pair("in", user_message_id=10, media_group_id="g1")
    answer = await pair("out", admin_message_id=40)
    await pair("out", NOW, admin_message_id=41)  # an answer Telegram refused for good
    await care.add_pair(session, other, "in", NOW, user_message_id=5)
    await session.commit()
    session.expunge_all()

    def ids(pairs) -> list[int]:
        return [p.id for p in pairs]

    assert ids(await care.pairs_to_copy(session, mine, "in", media_group_id="g1")) == [
        album_a,
        album_b,
    ]
    named = [second, copied, first, given_up]  # named rows come back oldest first, unsettled
    assert ids(await care.pairs_to_copy(session, mine, "in", named)) == [first, second]
    assert ids(await care.pairs_to_copy(session, mine, "out", [answer, first])) == [answer]
    assert await care.pairs_to_copy(session, other, "in", [first]) == []


async def test_albums_waiting_for_the_album_tick(session) -> None:
    reachable = await users.add_user(session, 1, "ru", NOW)
    blocked = await users.add_user(session, 2, "ru", NOW)
    blocked.blocked_bot_at = NOW
    before = NOW + timedelta(minutes=1)

    async def pair(user, direction: str, created: datetime = NOW, given_up=None, **ids) -> None:
        made = await care.add_pair(session, user.id, direction, created, **ids)
        made.given_up_at = given_up

    await pair(reachable, "in", user_message_id=1)  # waits
    await pair(reachable, "in", user_message_id=2, media_group_id="g1")  # an album ...
    await pair(reachable, "in", user_message_id=3, media_group_id="g1")  # ... listed once
    await pair(reachable, "in", user_message_id=4, admin_message_id=9)  # copied
    await pair(reachable, "in", user_message_id=5, given_up=NOW)  # given up
    await pair(reachable, "in", before, user_message_id=6, media_group_id="late")  # too new
    await pair(reachable, "out", admin_message_id=10)  # waits
    await pair(reachable, "out", admin_message_id=11, media_group_id="g2", given_up=NOW)
    await pair(blocked, "in", user_message_id=1, media_group_id="g3")  # theirs still counts
    await pair(blocked, "out", admin_message_id=12)  # cannot reach them: skipped
    await session.commit()

    # Albums only (single messages wait in the outbox): answers to a blocked user's albums
    # are queued too, the outbox holds them until the user is back.
    assert sorted(await care.album_groups_waiting(session, before), key=str) == sorted(
        [(reachable.id, "in", "g1"), (blocked.id, "in", "g3")], key=str
    )
