"""Hostile review (issue 7): forged and stale presses, racing dialogs, clocks. Each test states
the behaviour the issue asks for; a failure is a defect the review reports."""

from datetime import UTC, datetime

import pytest

from care.cards import CardAction, CardPress
from care.clock import utcnow
from care.requests import Action, Actor, RequestKind, file_request, move
from handlers.request_keyboards import Mine, MyRequest
from storage import requests as stored
from storage import users
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user

DANA = Person(2101, "Dana", "Omarova", "dana", language_code="en")
EVE = Person(2102, "Eve", "Attacker", "eve", language_code="en")
HUGE = 10**20  # bigger than any 64-bit id
INT32_PLUS = 3_000_000_000  # fits 64 bits, not the 32-bit primary key on PostgreSQL


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def file_for(desk: DeskHarness, person: Person, phone: str, kind: RequestKind, now=None):
    user = await verified_user(desk, person, phone)
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(
            session, desk.care, await session.merge(user), kind, now or utcnow(), details="hi"
        )
        request_id = filed.request.id
    await desk.run()
    return request_id


async def row(desk: DeskHarness, request_id: int):
    async with desk.sessionmaker() as session:
        return await stored.get(session, request_id)


def last_answer(desk: DeskHarness) -> str | None:
    calls = desk.fake.calls_of("answerCallbackQuery")
    return calls[-1].params.get("text") if calls else None


@pytest.mark.parametrize("number", [HUGE, INT32_PLUS])
async def test_a_huge_id_in_a_my_button_is_answered_not_found(desk, number) -> None:
    await file_for(desk, DANA, "+77020000001", RequestKind.QUESTION)
    message = desk.fake.sent_to(DANA.id)[-1].message
    desk.expect_failures = True
    desk.fake.press(DANA, message, f"my:show:{number}")
    await desk.run()
    assert not desk.dispatcher["failures"], "a forged id crashed the update"
    assert last_answer(desk) and "not" in last_answer(desk).lower()


@pytest.mark.parametrize("number", [HUGE, INT32_PLUS])
async def test_a_huge_id_on_a_card_is_answered_forged(desk, number) -> None:
    await file_for(desk, DANA, "+77020000002", RequestKind.QUESTION)
    card = next(c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if c.text.startswith("📋")).message
    desk.expect_failures = True
    desk.fake.press(AGENT, card, f"rq:{number}:take:new")
    await desk.run()
    assert not desk.dispatcher["failures"], "a forged id crashed the update"
    assert last_answer(desk) and "belong" in last_answer(desk)


async def test_another_users_request_cannot_be_withdrawn(desk) -> None:
    theirs = await file_for(desk, DANA, "+77020000003", RequestKind.COMPLAINT)
    await file_for(desk, EVE, "+77020000004", RequestKind.QUESTION)
    message = desk.fake.sent_to(EVE.id)[-1].message
    desk.fake.press(EVE, message, MyRequest(action=Mine.WITHDRAW_SURE, request=theirs).pack())
    await desk.run()
    assert (await row(desk, theirs)).status == "new"


async def test_a_card_action_that_does_not_exist_is_answered(desk) -> None:
    request_id = await file_for(desk, DANA, "+77020000005", RequestKind.QUESTION)
    card = next(c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if c.text.startswith("📋")).message
    before = len(desk.fake.calls_of("answerCallbackQuery"))
    desk.fake.press(AGENT, card, f"rq:{request_id}:nuke:new")
    await desk.run()
    # Telegram shows a spinner until the query is answered: every press gets an answer.
    assert len(desk.fake.calls_of("answerCallbackQuery")) == before + 1


async def test_a_card_press_from_another_group_is_answered_and_changes_nothing(desk) -> None:
    request_id = await file_for(desk, DANA, "+77020000006", RequestKind.QUESTION)
    desk.fake.add_group(-100777, is_forum=False)
    foreign = {"message_id": 1, "date": 0, "chat": {"id": -100777, "type": "supergroup"}}
    before = len(desk.fake.calls_of("answerCallbackQuery"))
    press = CardPress(request=request_id, action=CardAction.TAKE, status="new").pack()
    desk.fake.press(AGENT, foreign, press)
    await desk.run()
    assert (await row(desk, request_id)).status == "new"
    assert len(desk.fake.calls_of("answerCallbackQuery")) == before + 1


async def test_a_paused_request_is_not_listed_overdue(desk) -> None:
    """Waiting for the user stops the clock (the card says 'paused'); /overdue must agree."""
    filed_at = datetime(2026, 11, 2, 5, 0, tzinfo=UTC)  # Monday; 3 working days: due Thu 5th
    request_id = await file_for(desk, DANA, "+77020000007", RequestKind.QUESTION, filed_at)
    async with desk.sessionmaker.begin() as session:
        request = await stored.get(session, request_id)
        agent = (AGENT.id, AGENT.first_name)
        await move(session, desk.care, request, Action.TAKE, filed_at, Actor.AGENT, agent)
        await move(session, desk.care, request, Action.ASK, filed_at, Actor.AGENT, agent)
    await desk.run()
    desk.agent_says(None, "/overdue", entities=[_command("/overdue")])
    await desk.run()
    listing = desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text
    reference = (await row(desk, request_id)).reference
    assert reference not in listing, "a request whose clock is paused is listed overdue"


async def test_an_old_access_confirm_does_not_file_a_withdrawal_of_all_consent(
    desk, catalog
) -> None:
    """A Confirm button left under the access explanation must not confirm another dialog."""
    await verified_user(desk, DANA, "+77020000008")
    chat, t = desk.chat(DANA), catalog.translator("en")
    chat.say("/request")
    await desk.run()
    kinds = await chat.reply()
    chat.tap(kinds, t("request-kind-access"))
    await desk.run()
    access_question = await chat.reply()
    chat.tap(kinds, t("request-kind-withdrawal"))  # the user changes their mind
    await desk.run()
    scope = await chat.reply()
    chat.tap(scope, t("intake-button-all"))
    await desk.run()
    await chat.reply()  # the explanation of withdrawing all consent, with its own Confirm
    chat.tap(access_question, t("intake-button-confirm"))  # the OLD access button
    await desk.run()
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        kinds_filed = [r.kind for r in await stored.for_user(session, user.id)]
    assert "withdrawal" not in kinds_filed, "the access button filed a withdrawal of consent"


async def test_information_sent_after_the_request_closed_still_reaches_the_agents(
    desk, catalog
) -> None:
    request_id = await file_for(desk, DANA, "+77020000009", RequestKind.QUESTION)
    async with desk.sessionmaker.begin() as session:
        request = await stored.get(session, request_id)
        agent = (AGENT.id, AGENT.first_name)
        await move(session, desk.care, request, Action.TAKE, utcnow(), Actor.AGENT, agent)
        await move(session, desk.care, request, Action.ASK, utcnow(), Actor.AGENT, agent)
    await desk.run()
    t = catalog.translator("en")
    chat = desk.chat(DANA)
    desk.fake.press(DANA, desk.fake.sent_to(DANA.id)[-1].message, "my:info:%d" % request_id)
    await desk.run()
    async with desk.sessionmaker.begin() as session:  # an agent resolves meanwhile
        request = await stored.get(session, request_id)
        agent = (AGENT.id, AGENT.first_name)
        await move(session, desk.care, request, Action.RESOLVE, utcnow(), Actor.AGENT, agent, "ok")
    await desk.run()
    chat.say("here is my order number 4471")
    await desk.run()
    assert t("my-request-closed") in [c.text for c in desk.fake.sent_to(DANA.id)]
    relayed = [c for c in desk.fake.calls_of("copyMessage") + desk.fake.calls_of("sendMessage")]
    assert any(
        c.chat_id == ADMIN_CHAT_ID and "4471" in (c.text or "") for c in relayed
    ) or desk.fake.calls_of("copyMessage"), "the user's message was dropped"


async def test_a_long_refusal_reason_still_reaches_the_user(desk) -> None:
    request_id = await file_for(desk, DANA, "+77020000010", RequestKind.OBJECTION)
    card = next(c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if c.text.startswith("📋")).message
    desk.fake.press(
        AGENT, card, CardPress(request=request_id, action=CardAction.REFUSE, status="new").pack()
    )
    await desk.run()
    desk.agent_says(card["message_thread_id"], "x" * 4000)
    await desk.run()
    assert (await row(desk, request_id)).status == "refused"
    too_long = [c for c in desk.fake.sent_to(DANA.id) if len(c.text or "") > 4096]
    assert not too_long, f"a {len(too_long[0].text)}-character message Telegram refuses"


def _command(text: str) -> dict:
    return {"type": "bot_command", "offset": 0, "length": len(text)}


async def test_marketing_stops_at_once_even_while_an_all_consent_withdrawal_is_open(desk) -> None:
    from care import intake

    user = await verified_user(desk, DANA, "+77020000011")
    async with desk.sessionmaker.begin() as session:
        user = await session.merge(user)
        user.marketing_opt_in_at = utcnow()
        await intake.file_from_dialog(
            session, desk.care, user, RequestKind.WITHDRAWAL, {}, utcnow()
        )
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        await intake.withdraw_marketing(session, desk.care, user, utcnow())
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
    assert user.marketing_opt_in_at is None, "marketing goes on for the 15 days of the request"


async def test_a_new_policy_version_does_not_lock_a_user_out_of_their_requests(desk) -> None:
    """Rights do not depend on agreeing to the newest policy: /requests and a pending
    'add information' must still work for a user who has not (yet) accepted it."""
    from tests.flow.test_consent import publish

    await file_for(desk, DANA, "+77020000012", RequestKind.DELETION)
    await publish(desk, "2.0-review")
    chat = desk.chat(DANA)
    chat.seen = len(desk.fake.sent_to(DANA.id))
    chat.say("/requests")
    await desk.run()
    told = [c.text for c in chat.unread()]
    assert any("Q-" in (text or "") for text in told), f"the user read {told}"
