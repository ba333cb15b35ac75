"""The sender under faults an outside review found: nothing hot-loops, sticks or mismatches."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import wall_clock
from care import kinds
from care.outbound.outbox import Kind
from care.outbound.sender import LONGEST_BACKOFF, backoff
from storage import outbox
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

    async def broken(context, entry, payload, now):
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


# ---- rows recorded by another version of the code ---------------------------------------


async def queue_raw(desk: DeskHarness, *rows: tuple[str, str, dict, int | None]) -> None:
    """(lane, kind, payload, user id) rows as the code before the payload models wrote them."""
    async with desk.sessionmaker.begin() as session:
        for lane, kind, payload, user_id in rows:
            await outbox.add(
                session, lane=lane, kind=kind, payload=payload, now=desk.clock(), user_id=user_id
            )


async def kept(desk: DeskHarness) -> list[OutboxEntry]:
    async with desk.sessionmaker() as session:
        return list((await session.scalars(select(OutboxEntry).order_by(OutboxEntry.id))).all())


async def test_rows_queued_before_the_payload_models_go_out_as_before(desk: DeskHarness) -> None:
    user = await verified_user(desk, AIGERIM, "+77011234567")
    desk.fake.text(AIGERIM, "hello")
    await desk.run()
    thread = desk.fake.calls_of("createForumTopic")[0].result["message_thread_id"]
    chat = desk.chat(AIGERIM)
    await chat.reply()  # the acknowledgement
    await queue_raw(
        desk,
        (f"topic:{user.id}", "notice", {"text": "<b>Heads up</b>", "html": True}, user.id),
        (f"topic:{user.id}", "notice", {"text": "plain"}, user.id),
        (f"chat:{AIGERIM.id}", "call", {"method": "SendMessage", "params": {
            "chat_id": AIGERIM.id, "text": "queued before the deploy"}}, user.id),
    )  # fmt: skip
    await desk.run()
    posts = desk.topic_posts(thread)[-2:]
    assert [(c.text, c.params.get("parse_mode")) for c in posts] == [
        ("Heads up", "HTML"),  # the fake reads the HTML as Telegram does
        ("plain", None),
    ]
    assert (await chat.reply()).text == "queued before the deploy"
    assert await rows(desk) == 0


async def test_a_row_that_no_longer_reads_is_kept_and_holds_only_its_own_lane(
    desk: DeskHarness,
) -> None:
    """Refused by its model (a renamed key) or of a kind this code does not know: never sent,
    never dropped, never a crash; retried with backoff like a row whose performer fails, and
    the rows behind it in its lane wait, in order, while other lanes go on."""
    user = await verified_user(desk, AIGERIM, "+77011234567")
    moment = wall_clock()
    desk.clock.set(moment)  # the sender's clock too: a retry is due when the test says
    await queue_raw(
        desk,
        (f"topic:{user.id}", "notice", {"txt": "my card is 4400 0000"}, user.id),
        (f"topic:{user.id}", "notice", {"text": "behind it"}, user.id),
        ("admin", "from-the-future", {"anything": 1}, None),
        (f"chat:{AIGERIM.id}", "call", {"method": "SendMessage", "params": {
            "chat_id": AIGERIM.id, "text": "another lane"}}, user.id),
    )  # fmt: skip
    await desk.run()
    assert (await desk.chat(AIGERIM).reply()).text == "another lane"
    assert desk.fake.calls_of("createForumTopic") == []  # nothing of the topic lane went out
    broken, behind, future = await kept(desk)
    assert (broken.attempts, broken.last_error) == (
        1,
        "unreadable: text: missing; txt: extra_forbidden",
    )
    assert "4400" not in broken.last_error
    assert (behind.attempts, behind.payload) == (0, {"text": "behind it"})
    assert (future.attempts, future.last_error) == (
        1,
        "unreadable: kind 'from-the-future' has no performer",
    )
    desk.clock.set(moment + backoff(0))
    await desk.run()  # tried again after its backoff, and kept again
    assert [row.attempts for row in await kept(desk)] == [2, 0, 2]
