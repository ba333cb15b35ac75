"""The sender under faults an outside review found: nothing hot-loops, sticks or mismatches."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from care import kinds
from care.outbound.outbox import Kind
from care.outbound.sender import LONGEST_BACKOFF, backoff
from storage.models import MessagePair, OutboxEntry
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness
from tests.flow.onboarded import verified_user

AIGERIM = Person(1001, "Aigerim", language_code="en")


def later(minutes: int = 15) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def to_admin(params) -> bool:
    return params.get("chat_id") == str(ADMIN_CHAT_ID)


async def rows(desk: DeskHarness) -> int:
    async with desk.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(OutboxEntry))


def test_backoff_is_capped_however_many_attempts() -> None:
    assert backoff(0) == timedelta(seconds=1)
    assert backoff(3) == timedelta(seconds=8)
    assert backoff(1024) == backoff(10**6) == timedelta(seconds=LONGEST_BACKOFF)


async def test_a_forbidden_admin_chat_never_holds_the_users_topic(desk: DeskHarness) -> None:
    await verified_user(desk, AIGERIM, "+77011234567")
    desk.fake.fail("copyMessage", 403, "Forbidden: user is deactivated", when=to_admin)
    desk.fake.text(AIGERIM, "first")
    await desk.run()
    assert [c.text for c in desk.fake.calls_of("copyMessage") if c.messages] == []
    desk.fake.text(AIGERIM, "second")
    await desk.run(later())  # retried like any outage, never parked waiting for a comeback
    assert [c.text for c in desk.fake.calls_of("copyMessage") if c.messages] == [
        "first",
        "second",
    ]
    assert await rows(desk) == 0


async def test_a_card_telegram_refused_follows_the_message(desk: DeskHarness) -> None:
    await verified_user(desk, AIGERIM, "+77011234567")
    desk.fake.fail("sendMessage", 429, "Too Many Requests", retry_after=3, when=to_admin)
    desk.fake.text(AIGERIM, "hello")
    await desk.run()
    thread = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    posts = [c.text for c in desk.topic_posts(thread)]
    assert posts[0] == "hello" and "+77011234567" in posts[1]  # the card came after all


async def test_a_part_telegram_skips_leaves_no_mismatched_copies(
    desk: DeskHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await verified_user(desk, AIGERIM, "+77011234567")
    desk.fake.text(AIGERIM, "hello")
    await desk.run()
    real = desk.fake._do_copyMessages
    monkeypatch.setattr(desk.fake, "_do_copyMessages", lambda call: real(call)[:-1])  # skipped
    desk.fake.album(AIGERIM, 3)
    await desk.run()
    await desk.albums.retry_pending(later())
    await desk.run(later())
    assert len(desk.fake.calls_of("copyMessages")) == 1  # never copied again
    async with desk.sessionmaker() as session:
        parts = (
            await session.scalars(
                select(MessagePair).where(MessagePair.media_group_id.is_not(None))
            )
        ).all()
    assert all(p.admin_message_id is None and p.given_up_at is not None for p in parts)


async def test_a_performer_that_keeps_crashing_rests_its_lane(
    desk: DeskHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await verified_user(desk, AIGERIM, "+77011234567")
    calls = []

    async def broken(context, entry):
        calls.append(entry.id)
        raise RuntimeError("a bug")

    monkeypatch.setattr(kinds.KINDS[Kind.COPY_IN], "send", broken)
    desk.fake.text(AIGERIM, "hello")
    await desk.run()
    assert len(calls) == 1  # not resent in a loop
    assert await rows(desk) == 1  # the copy is kept for a later retry (the ack went out)


async def test_an_edit_made_while_its_answer_waits_reaches_the_user(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, "en", show_agent_names=True)
    await verified_user(desk, AIGERIM, "+77011234567")
    desk.fake.text(AIGERIM, "my code?")
    await desk.run()
    thread = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    chat = desk.chat(AIGERIM)
    await chat.reply()  # the acknowledgement
    to_user = lambda params: params.get("chat_id") == str(AIGERIM.id)  # noqa: E731
    desk.fake.fail("sendMessage", 500, "Internal Server Error", when=to_user)
    answer = desk.agent_says(thread, "Your code is 1111")
    await desk.run()  # the signed answer waits for a retry
    desk.fake.edit(answer, text="Your code is 2222")
    await desk.run(later())
    delivered = await chat.reply()
    shown = desk.fake.messages[(AIGERIM.id, delivered.result["message_id"])]["text"]
    assert shown.startswith("Your code is 2222") and "Gulnara" in shown
