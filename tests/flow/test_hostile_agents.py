"""Hostile review (issue 7), the agents' side and deletion: prompts that outlive their topic,
long texts through Fluent, erased users pressing old buttons."""


from care.cards import CardAction, CardPress
from care.clock import utcnow
from care.requests import RequestKind, file_request
from storage import requests as stored
from storage import users
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user

DANA = Person(2201, "Dana", "Omarova", "dana", language_code="en")
EVE = Person(2202, "Eve", "Other", "eve", language_code="en")


async def file_for(desk: DeskHarness, person: Person, phone: str, kind: RequestKind) -> int:
    user = await verified_user(desk, person, phone)
    async with desk.sessionmaker.begin() as session:
        filed = await file_request(
            session, desk.care, await session.merge(user), kind, utcnow(), details="hi"
        )
        request_id = filed.request.id
    await desk.run()
    return request_id


async def row(desk: DeskHarness, request_id: int):
    async with desk.sessionmaker() as session:
        return await stored.get(session, request_id)


def card_of(desk: DeskHarness, request_id: int) -> dict:
    for call in reversed(desk.fake.sent_to(ADMIN_CHAT_ID)):
        markup = call.message.get("reply_markup") or {}
        for line in markup.get("inline_keyboard", []):
            for button in line:
                if button.get("callback_data", "").startswith(f"rq:{request_id}:"):
                    return desk.fake.messages[(ADMIN_CHAT_ID, call.message["message_id"])]
    raise AssertionError("no card")


async def test_without_topics_a_pending_refusal_does_not_swallow_a_reply_to_another_user(
    sessionmaker, catalog
) -> None:
    """No forum: every conversation shares the General thread. An agent presses Refuse on
    Dana's card, then answers Eve by replying to Eve's message: that answer is for Eve."""
    desk = DeskHarness(sessionmaker, catalog, default_locale="en", topics=False)
    dana_request = await file_for(desk, DANA, "+77020001001", RequestKind.OBJECTION)
    await verified_user(desk, EVE, "+77020001002")
    desk.chat(EVE).say("where is my parcel?")
    await desk.run()
    eve_copy = desk.fake.sent_to(ADMIN_CHAT_ID)[-1].message
    card = card_of(desk, dana_request)
    press = CardPress(request=dana_request, action=CardAction.REFUSE, status="new").pack()
    desk.fake.press(AGENT, card, press)
    await desk.run()
    desk.fake.agent_message(
        AGENT, ADMIN_CHAT_ID, None, text="Eve, your parcel left today", reply_to=eve_copy
    )
    await desk.run()
    told_eve = [c.text for c in desk.fake.sent_to(EVE.id)]
    told_dana = [c.text for c in desk.fake.sent_to(DANA.id)]
    assert not any("Eve, your parcel" in (t or "") for t in told_dana), "Eve's answer went to Dana"
    assert "Eve, your parcel left today" in told_eve
    assert (await row(desk, dana_request)).status == "new"


async def test_a_long_correction_is_stored_as_written(desk, catalog) -> None:
    """The dialog accepts up to 3000 characters per answer; the details agents read must hold
    them, not a Fluent error marker."""
    await verified_user(desk, DANA, "+77020001003")
    chat, t = desk.chat(DANA), catalog.translator("en")
    chat.say("/request")
    await desk.run()
    chat.tap(await chat.reply(), t("request-kind-correction"))
    await desk.run()
    await chat.reply()
    chat.say("w" * 2600)
    chat.say("the right one")
    await desk.run()
    chat.tap((await chat.replies(2))[-1], t("intake-button-no-files"))
    await desk.run()
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        [request] = await stored.for_user(session, user.id)
    assert "{???}" not in (request.details or ""), f"details stored as {request.details!r}"
    card = [c.text for c in desk.fake.sent_to(ADMIN_CHAT_ID) if c.text.startswith("📋")][-1]
    assert "{???}" not in card


async def test_a_long_refusal_reason_reaches_the_user(desk) -> None:
    request_id = await file_for(desk, DANA, "+77020001004", RequestKind.OBJECTION)
    card = card_of(desk, request_id)
    press = CardPress(request=request_id, action=CardAction.REFUSE, status="new").pack()
    desk.fake.press(AGENT, card, press)
    await desk.run()
    desk.expect_failures = True
    reason = "Because " + "the law says so. " * 170  # ~2900 characters, one Telegram message
    desk.agent_says(card["message_thread_id"], reason)
    await desk.run()
    assert not desk.dispatcher["failures"], "the refusal failed"
    assert (await row(desk, request_id)).status == "refused"
    told = desk.fake.sent_to(DANA.id)[-1].text
    assert reason.strip() in told, f"the user read {told[:200]!r}"


async def test_an_erased_user_pressing_old_buttons_is_answered_and_changes_nothing(
    desk,
) -> None:
    request_id = await file_for(desk, DANA, "+77020001005", RequestKind.DELETION)
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        filed = await file_request(session, desk.care, user, RequestKind.COMPLAINT, utcnow())
        complaint = filed.request.id
    await desk.run()
    old_private = desk.fake.sent_to(DANA.id)[-1].message
    card = card_of(desk, request_id)
    desk.fake.press(
        AGENT, card, CardPress(request=request_id, action=CardAction.ERASE, status="new").pack()
    )
    await desk.run()
    before = len(desk.fake.calls_of("answerCallbackQuery"))
    for data in (
        f"my:show:{complaint}",
        f"my:sure:{complaint}",
        f"my:info:{complaint}",
        "is:confirm",
    ):
        desk.fake.press(DANA, old_private, data)
    await desk.run()
    assert len(desk.fake.calls_of("answerCallbackQuery")) == before + 4
    assert (await row(desk, complaint)).status == "withdrawn"  # by the erasure, not again
