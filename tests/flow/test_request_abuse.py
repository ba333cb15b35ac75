"""The user's side of requests under stress: forged and stale buttons, a request that closes
while the user writes, a newer policy version, consents that must stop at once, dialogs left
half-filled."""

from datetime import timedelta

import pytest

from bot.clock import wall_clock
from care.rights import intake
from care.rights.announcements import move_and_announce
from care.rights.filing import file_request
from care.rights.requests import Action
from handlers.rights import dialogs
from handlers.rights.request_keyboards import Mine, MyRequest
from storage.people import users
from storage.rights import requests as stored
from storage.vocabulary import Actor, RequestKind, RequestStatus
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user
from tests.flow.test_consent import publish

DANA = Person(2101, "Dana", "Omarova", "dana", language_code="en")
EVE = Person(2102, "Eve", "Attacker", "eve", language_code="en")
HUGE = 10**20  # bigger than any 64-bit id
INT32_PLUS = 3_000_000_000  # fits 64 bits, not the 32-bit primary key on PostgreSQL
BY_AGENT = (AGENT.id, AGENT.first_name)


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def file_for(desk: DeskHarness, person: Person, phone: str, kind: RequestKind) -> int:
    user = await verified_user(desk, person, phone)
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(
            session, desk.care, await session.merge(user), kind, wall_clock(), details="hi"
        )
        request_id = filed.request.id
    await desk.run()
    return request_id


async def row(desk: DeskHarness, request_id: int):
    async with desk.sessionmaker() as session:
        return await stored.get(session, request_id)


async def kinds_filed(desk: DeskHarness, person: Person) -> list[str]:
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, person.id)
        return [r.kind for r in await stored.for_user(session, user.id)]


async def marketing_of(desk: DeskHarness, person: Person):
    async with desk.sessionmaker() as session:
        return (await users.get_by_telegram_id(session, person.id)).marketing_opt_in_at


async def opt_in_to_marketing(desk: DeskHarness, person: Person) -> None:
    async with desk.sessionmaker.begin() as session:
        (await users.get_by_telegram_id(session, person.id)).marketing_opt_in_at = wall_clock()


async def agent_moves(desk: DeskHarness, request_id: int, *actions: Action) -> None:
    async with desk.sessionmaker.begin() as session:
        request = await stored.get(session, request_id)
        for action in actions:
            reason = "done" if action is Action.RESOLVE else None
            await move_and_announce(
                session, desk.care, request, action, wall_clock(), Actor.AGENT, BY_AGENT, reason
            )
    await desk.run()


def last_answer(desk: DeskHarness) -> str | None:
    calls = desk.fake.calls_of("answerCallbackQuery")
    return calls[-1].params.get("text") if calls else None


@pytest.mark.parametrize("number", [HUGE, INT32_PLUS, -1])
async def test_a_huge_id_in_a_my_button_is_answered_and_changes_nothing(
    desk, catalog, number
) -> None:
    """The id is out of the database's range: it never reaches a query (on PostgreSQL that
    would fail the update, and Telegram would resend it for ever)."""
    request_id = await file_for(desk, DANA, "+77020000001", RequestKind.QUESTION)
    message = desk.fake.sent_to(DANA.id)[-1].message
    desk.expect_failures = True
    for action in Mine:
        desk.fake.press(DANA, message, f"my:{action}:{number}")
    await desk.run()
    assert not desk.dispatcher["failures"], "a forged id crashed the update"
    answers = desk.fake.calls_of("answerCallbackQuery")
    assert [c.params.get("text") for c in answers] == [
        catalog.translator("en")("callback-expired")
    ] * len(Mine)
    assert (await row(desk, request_id)).status == RequestStatus.NEW


async def test_another_users_request_cannot_be_withdrawn(desk) -> None:
    theirs = await file_for(desk, DANA, "+77020000003", RequestKind.COMPLAINT)
    await file_for(desk, EVE, "+77020000004", RequestKind.QUESTION)
    message = desk.fake.sent_to(EVE.id)[-1].message
    desk.fake.press(EVE, message, MyRequest(action=Mine.WITHDRAW_SURE, request=theirs).pack())
    await desk.run()
    assert (await row(desk, theirs)).status == RequestStatus.NEW


async def start_access_then(desk: DeskHarness, catalog, kind: RequestKind):
    """Dana opens the access dialog, then changes her mind and opens `kind`'s; returns the
    chat, translator, the access question (with its Confirm) and the new dialog's question."""
    await verified_user(desk, DANA, "+77020000008")
    chat, t = desk.chat(DANA), catalog.translator("en")
    chat.say("/request")
    await desk.run()
    kinds = await chat.reply()
    chat.tap(kinds, t("request-kind-access"))
    await desk.run()
    access_question = await chat.reply()
    chat.tap(kinds, t(f"request-kind-{kind}"))
    await desk.run()
    return chat, t, access_question, await chat.reply()


async def test_an_old_access_confirm_does_not_file_a_withdrawal_of_all_consent(
    desk, catalog
) -> None:
    chat, t, access_question, scope = await start_access_then(desk, catalog, RequestKind.WITHDRAWAL)
    chat.tap(scope, t("intake-button-all"))
    await desk.run()
    explained = await chat.reply()  # withdrawing all consent, with its own Confirm
    chat.tap(access_question, t("intake-button-confirm"))  # the OLD access button
    await desk.run()
    assert last_answer(desk) == t("callback-expired")
    assert await kinds_filed(desk, DANA) == []
    chat.tap(explained, t("intake-button-confirm"))  # the dialog itself still works
    await desk.run()
    assert await kinds_filed(desk, DANA) == ["withdrawal"]


async def test_an_old_access_confirm_is_not_the_deletions_first_confirmation(desk, catalog) -> None:
    chat, t, access_question, consequences = await start_access_then(
        desk, catalog, RequestKind.DELETION
    )
    chat.tap(access_question, t("intake-button-confirm"))  # the OLD access button
    await desk.run()
    assert last_answer(desk) == t("callback-expired")
    assert [c.text for c in chat.unread()] == []  # no second confirmation was asked
    chat.tap(consequences, t("intake-button-delete"))
    await desk.run()
    again = await chat.reply()
    assert again.text == t("intake-deletion-again")
    chat.tap(access_question, t("intake-button-confirm"))  # nor does it confirm the second
    await desk.run()
    assert await kinds_filed(desk, DANA) == []
    chat.tap(again, t("intake-button-delete-for-good"))
    await desk.run()
    assert await kinds_filed(desk, DANA) == ["deletion"]


async def test_information_sent_after_the_request_closed_still_reaches_the_agents(
    desk, catalog
) -> None:
    request_id = await file_for(desk, DANA, "+77020000009", RequestKind.QUESTION)
    await agent_moves(desk, request_id, Action.TAKE, Action.ASK)
    t, chat = catalog.translator("en"), desk.chat(DANA)
    press = MyRequest(action=Mine.ADD_INFO, request=request_id).pack()
    desk.fake.press(DANA, desk.fake.sent_to(DANA.id)[-1].message, press)
    await desk.run()
    await agent_moves(desk, request_id, Action.RESOLVE)  # meanwhile
    chat.seen = len(desk.fake.sent_to(DANA.id))
    copies = len(desk.fake.calls_of("copyMessage"))
    chat.say("here is my order number 4471")
    await desk.run()
    assert [c.text for c in chat.unread()] == [t("my-request-closed-relayed")]
    relayed = desk.fake.calls_of("copyMessage")[copies:]
    assert [c.chat_id for c in relayed] == [ADMIN_CHAT_ID]
    assert "4471" not in ((await row(desk, request_id)).details or "")
    chat.say("and one more thing")  # the dialog is over: plain care from now on
    await desk.run()
    assert len(desk.fake.calls_of("copyMessage")) == copies + 2
    assert [c.text for c in chat.unread()] == [t("my-request-closed-relayed")]


async def test_marketing_stops_at_once_even_while_an_all_consent_withdrawal_is_open(
    desk, catalog
) -> None:
    """Dana is asked which consent to withdraw; meanwhile a withdrawal of all consent is filed
    (another device, or one filed before withdrawing all stopped marketing). Marketing only:
    the open request is shown, and marketing stops anyway, not in 15 working days."""
    await verified_user(desk, DANA, "+77020000011")
    await opt_in_to_marketing(desk, DANA)
    t, chat = catalog.translator("en"), desk.chat(DANA)
    chat.say("/request")
    await desk.run()
    chat.tap(await chat.reply(), t("request-kind-withdrawal"))
    await desk.run()
    scope = await chat.reply()
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        data = {"scope": "all"}
        await file_request(
            session, desk.care, user, RequestKind.WITHDRAWAL, wall_clock(), data=data
        )
    await desk.run()
    chat.seen = len(desk.fake.sent_to(DANA.id))
    chat.tap(scope, t("intake-button-marketing"))
    await desk.run()
    assert await marketing_of(desk, DANA) is None, "marketing went on while the request is open"
    told = [c.text for c in chat.unread()]
    assert told[0] == t("intake-marketing-outcome")
    request_id = await _only_request(desk)
    assert (await row(desk, request_id)).reference in told[1]  # the open one is shown
    assert await kinds_filed(desk, DANA) == ["withdrawal"]  # not a second


async def test_withdrawing_marketing_alongside_an_open_withdrawal_in_care(desk) -> None:
    """The domain rule itself, without Telegram."""
    await verified_user(desk, DANA, "+77020000015")
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        await file_request(session, desk.care, user, RequestKind.WITHDRAWAL, wall_clock())
        user.marketing_opt_in_at = wall_clock()
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        filed = await intake.withdraw_marketing(session, desk.care, user, wall_clock())
    assert not filed.created
    assert await marketing_of(desk, DANA) is None


async def test_withdrawing_all_consent_stops_marketing_at_once(desk, catalog) -> None:
    await verified_user(desk, DANA, "+77020000013")
    await opt_in_to_marketing(desk, DANA)
    t, chat = catalog.translator("en"), desk.chat(DANA)
    chat.say("/request")
    await desk.run()
    chat.tap(await chat.reply(), t("request-kind-withdrawal"))
    await desk.run()
    chat.tap(await chat.reply(), t("intake-button-all"))
    await desk.run()
    chat.tap(await chat.reply(), t("intake-button-confirm"))
    await desk.run()
    assert await marketing_of(desk, DANA) is None
    assert t("intake-marketing-outcome") in [c.text for c in chat.unread()]
    request_id = await _only_request(desk)
    assert (await row(desk, request_id)).status == RequestStatus.NEW  # the rest is for the agents


async def _only_request(desk: DeskHarness) -> int:
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        [request] = await stored.for_user(session, user.id)
        return request.id


async def test_a_new_policy_version_does_not_lock_a_user_out_of_their_requests(
    desk, catalog
) -> None:
    """Rights do not wait for consent to the newest policy: the list, withdrawing, adding
    information and filing (a deletion too) still work before the user accepts it."""
    t, chat = catalog.translator("en"), desk.chat(DANA)
    question = await file_for(desk, DANA, "+77020000012", RequestKind.QUESTION)
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        complaint = await file_request(
            session, desk.care, user, RequestKind.COMPLAINT, wall_clock()
        )
        complaint = complaint.request.id
    await desk.run()
    await agent_moves(desk, complaint, Action.TAKE, Action.ASK)
    await publish(desk, "2.0-review")
    references = {(await row(desk, i)).reference: i for i in (question, complaint)}

    chat.seen = len(desk.fake.sent_to(DANA.id))
    chat.say("/requests")
    await desk.run()
    listing = await chat.reply()
    assert all(reference in listing.text for reference in references)

    question_ref = (await row(desk, question)).reference
    chat.tap(listing, question_ref)
    await desk.run()
    chat.tap(await chat.reply(), t("my-button-withdraw"))
    await desk.run()
    chat.tap(await chat.reply(), t("my-button-withdraw-sure"))
    await desk.run()
    assert (await row(desk, question)).status == RequestStatus.WITHDRAWN

    chat.tap(listing, (await row(desk, complaint)).reference)
    await desk.run()
    chat.seen = len(desk.fake.sent_to(DANA.id)) - 1
    chat.tap(await chat.reply(), t("my-button-add-info"))
    await desk.run()
    await chat.reply()
    chat.say("the courier's name was Arman")
    await desk.run()
    assert "Arman" in (await row(desk, complaint)).details

    chat.say("/request")
    await desk.run()
    chat.seen = len(desk.fake.sent_to(DANA.id)) - 1
    chat.tap(await chat.reply(), t("request-kind-deletion"))
    await desk.run()
    chat.tap(await chat.reply(), t("intake-button-delete"))
    await desk.run()
    chat.tap(await chat.reply(), t("intake-button-delete-for-good"))
    await desk.run()
    assert "deletion" in await kinds_filed(desk, DANA)

    chat.say("hello")  # anything else still waits for the new version's consent
    await desk.run()
    assert "2.0-review" in desk.fake.sent_to(DANA.id)[-1].text


async def test_a_dialog_left_for_a_day_is_forgotten(desk, catalog) -> None:
    await verified_user(desk, DANA, "+77020000014")
    t, chat = catalog.translator("en"), desk.chat(DANA)
    chat.say("/request")
    await desk.run()
    chat.tap(await chat.reply(), t("request-kind-question"))
    await desk.run()
    question = await chat.reply()
    desk.clock.set(wall_clock() + dialogs.LIFETIME + timedelta(minutes=1))
    copies = len(desk.fake.calls_of("copyMessage"))
    chat.say("is my parcel late?")  # not an answer to a day-old question: a message to care
    await desk.run()
    assert len(desk.fake.calls_of("copyMessage")) == copies + 1
    assert await kinds_filed(desk, DANA) == []
    chat.tap(question, t("intake-button-cancel"))  # its buttons are gone too
    await desk.run()
    assert last_answer(desk) == t("callback-expired")


async def test_an_erased_user_pressing_old_buttons_is_answered_and_changes_nothing(
    desk,
) -> None:
    from care.rights.cards import CardAction, CardPress

    request_id = await file_for(desk, DANA, "+77020001005", RequestKind.DELETION)
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        filed = await file_request(session, desk.care, user, RequestKind.COMPLAINT, wall_clock())
        complaint = filed.request.id
    await desk.run()
    old_private = desk.fake.sent_to(DANA.id)[-1].message
    card = _card_of(desk, request_id)
    press = CardPress(request=request_id, action=CardAction.ERASE, status="new").pack()
    desk.fake.press(AGENT, card, press)
    await desk.run()
    before = len(desk.fake.calls_of("answerCallbackQuery"))
    presses = [f"my:show:{complaint}", f"my:sure:{complaint}", f"my:info:{complaint}"]
    for data in [*presses, "is:confirm:access", "is:confirm"]:
        desk.fake.press(DANA, old_private, data)
    await desk.run()
    assert len(desk.fake.calls_of("answerCallbackQuery")) == before + 5
    # By the erasure, not again.
    assert (await row(desk, complaint)).status == RequestStatus.WITHDRAWN


def _card_of(desk: DeskHarness, request_id: int) -> dict:
    for call in reversed(desk.fake.sent_to(ADMIN_CHAT_ID)):
        markup = call.message.get("reply_markup") or {}
        for line in markup.get("inline_keyboard", []):
            for button in line:
                if button.get("callback_data", "").startswith(f"rq:{request_id}:"):
                    return desk.fake.messages[(ADMIN_CHAT_ID, call.message["message_id"])]
    raise AssertionError("no card")
