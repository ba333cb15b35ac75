"""What the desk posts about a person outside their topic (the phone-conflict notice in
General, /find queries and answers) goes when they are erased: deleted, or edited to name
nobody once Telegram no longer lets the bot delete it."""

from datetime import timedelta

import pytest
from aiogram.types import Update
from sqlalchemy import select

from bot.clock import wall_clock
from bot.jobs import keep_only_what_is_needed
from care.rights.erasure import erase_user
from care.rights.filing import file_request
from storage.models import Mention, OutboxEntry, Request
from storage.people import users
from storage.vocabulary import RequestKind
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness
from tests.flow.onboarded import verified_user
from tests.flow.test_erasure import PHONE, ZHANERKE, press_erase
from tests.flow.test_onboarding import reach_phone_step

INTRUDER = Person(6003, "Serik", "Akhmetov", "serik_a", language_code="en")
ERASED_TEXT = "🗑 A message about a user whose data has been deleted."


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def named_in_general(desk: DeskHarness) -> tuple[int, dict[str, int]]:
    """Zhanerke, verified; another account tries her number (care is told in General); an
    agent looks her up with /find. Her user id, and the admin-chat message ids of the notice,
    the agent's query and the bot's answer."""
    user = await verified_user(desk, ZHANERKE, PHONE)
    chat, _ = await reach_phone_step(desk, INTRUDER, "en")
    chat.share_contact(PHONE)
    await desk.run()
    [notice] = [c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if "Phone conflict" in c.text]
    query = desk.agent_says(None, f"/find {PHONE}")
    await desk.run()
    answer = desk.fake.sent_to(ADMIN_CHAT_ID)[-1]
    assert "Zhanerke" in answer.text
    posts = {
        "notice": notice.result["message_id"],
        "query": query["message_id"],
        "answer": answer.result["message_id"],
    }
    return user.id, posts


async def deletion_card(desk: DeskHarness, user_id: int) -> int:
    """Zhanerke files a deletion request; the message id of its card in her topic."""
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_id(session, user_id)
        filed = await file_request(
            session, desk.care, user, RequestKind.DELETION, wall_clock(), "x"
        )
        request_id = filed.request.id
    await desk.run()
    async with desk.sessionmaker() as session:
        return (await session.get(Request, request_id)).card_message_id


async def rows(desk: DeskHarness, model) -> list:
    async with desk.sessionmaker() as session:
        return list((await session.scalars(select(model))).all())


def in_admin_chat(desk: DeskHarness, message_id: int) -> dict | None:
    return desk.fake.messages.get((ADMIN_CHAT_ID, message_id))


async def test_an_erasure_deletes_what_named_the_person_outside_their_topic(desk) -> None:
    user_id, posts = await named_in_general(desk)
    assert len(await rows(desk, Mention)) == 4  # the notice names both accounts
    card = await deletion_card(desk, user_id)

    press_erase(desk, card)
    await desk.run()

    deleted = {
        int(c.params["message_id"])
        for c in desk.fake.calls_of("deleteMessage")
        if int(c.params["chat_id"]) == ADMIN_CHAT_ID
    }
    assert deleted == set(posts.values())
    assert all(in_admin_chat(desk, message_id) is None for message_id in posts.values())
    assert await rows(desk, Mention) == [] and await rows(desk, OutboxEntry) == []
    async with desk.sessionmaker() as session:
        assert await users.get_by_telegram_id(session, INTRUDER.id) is not None  # only her


async def test_too_old_to_delete_the_bots_own_posts_are_edited_to_name_nobody(desk) -> None:
    """Telegram lets a bot delete a message within 48 hours only."""
    user_id, posts = await named_in_general(desk)
    card = await deletion_card(desk, user_id)
    desk.fake.fail("deleteMessage", 400, "Bad Request: message can't be deleted", times=3)

    press_erase(desk, card)
    await desk.run()

    assert in_admin_chat(desk, posts["notice"])["text"] == ERASED_TEXT
    assert in_admin_chat(desk, posts["answer"])["text"] == ERASED_TEXT
    # The agent's own query cannot be edited by the bot: it stays, and nothing is retried.
    assert in_admin_chat(desk, posts["query"])["text"] == f"/find {PHONE}"
    assert await rows(desk, Mention) == [] and await rows(desk, OutboxEntry) == []


async def test_an_answer_still_queued_when_the_person_is_erased_is_never_posted(desk) -> None:
    user = await verified_user(desk, ZHANERKE, PHONE)
    query = desk.agent_says(None, f"/find {PHONE}")
    for raw in desk.fake.take_updates():  # handled and committed, the answer not sent yet
        await desk.dispatcher.feed_update(desk.bot, Update.model_validate(raw))
    async with desk.sessionmaker.begin() as session:
        await erase_user(session, desk.care, await users.get_by_id(session, user.id), wall_clock())
    await desk.run()

    assert not [c for c in desk.fake.calls_of("sendMessage") if "Zhanerke" in (c.text or "")]
    assert in_admin_chat(desk, query["message_id"]) is None
    assert await rows(desk, Mention) == [] and await rows(desk, OutboxEntry) == []


async def test_retention_removing_an_unfinished_account_takes_its_notice_back(desk) -> None:
    """The account that tried her number never finished onboarding and went quiet: when
    retention removes it, the notice naming it goes too (her own /find stays: she is kept)."""
    _, posts = await named_in_general(desk)
    later = wall_clock() + timedelta(days=desk.care.unfinished_user_days + 1)

    purged = await keep_only_what_is_needed(
        desk.sessionmaker, desk.gate, desk.care, lambda: None, later
    )
    await desk.run(later)

    assert purged.users == 1
    assert in_admin_chat(desk, posts["notice"]) is None
    assert in_admin_chat(desk, posts["answer"]) is not None
    assert [m.what for m in await rows(desk, Mention)] == ["find-query", "find-answer"]


async def test_declining_the_policy_takes_back_the_notice_naming_the_account(desk) -> None:
    from tests.flow.test_onboarding import reach_notice

    await verified_user(desk, ZHANERKE, PHONE)
    chat, notice = await reach_notice(desk, INTRUDER, "en")
    chat.tap(notice, "✅ I agree")
    await desk.run()
    chat.share_contact(PHONE)
    await desk.run()
    [posted] = [c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if "Phone conflict" in c.text]
    chat.tap(notice, "✖️ I don't agree")  # the notice's own button, still there
    await desk.run()
    assert in_admin_chat(desk, posted.result["message_id"]) is None
    assert await rows(desk, Mention) == []
