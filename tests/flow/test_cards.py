"""Request cards in the admin chat, pressed by an agent through the production dispatcher."""

from datetime import timedelta
from typing import Any

import pytest

from bot.clock import wall_clock
from care.rights.cards import CardAction, CardPress
from care.rights.filing import file_request
from storage.people import users
from storage.rights import requests as stored
from storage.vocabulary import RequestKind
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user

DANA = Person(2001, "Dana", "Omarova", "dana", language_code="kk")
PHONE = "+77021234567"


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def filed(desk: DeskHarness, kind: RequestKind, details: str = "Please") -> dict[str, Any]:
    """A verified Dana files `kind`; returns the card as the fake holds it now."""
    user = await verified_user(desk, DANA, PHONE)
    async with desk.sessionmaker.begin() as session:
        result = await file_request(
            session, desk.care, await session.merge(user), kind, wall_clock(), details=details
        )
        request_id = result.request.id
    await desk.run()
    card = next(c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if c.text.startswith("📋"))
    return {"id": request_id, "message_id": card.message["message_id"], "card": card}


def card_now(desk: DeskHarness, case: dict) -> dict[str, Any]:
    return desk.fake.messages[(ADMIN_CHAT_ID, case["message_id"])]


def thread(desk: DeskHarness, case: dict) -> int:
    return card_now(desk, case)["message_thread_id"]


def press(desk: DeskHarness, case: dict, label: str, message: dict | None = None) -> None:
    """Tap the button whose text holds `label` on the card as it is now (or an old copy)."""
    message = message or card_now(desk, case)
    for row in message.get("reply_markup", {}).get("inline_keyboard", []):
        for button in row:
            if label in button["text"]:
                desk.fake.press(AGENT, message, button["callback_data"])
                return
    raise AssertionError(f"no button {label!r} on the card")


def user_card_now(desk: DeskHarness, case: dict) -> str:
    """The user card at the top of the topic, as it reads now."""
    first = desk.topic_posts(thread(desk, case))[0]
    return desk.fake.messages[(ADMIN_CHAT_ID, first.result["message_id"])]["text"]


def answered(desk: DeskHarness) -> str:
    return desk.fake.calls_of("answerCallbackQuery")[-1].params["text"]


def told_dana(desk: DeskHarness) -> list[str]:
    return [c.text for c in desk.fake.sent_to(DANA.id)]


async def request_row(desk: DeskHarness, request_id: int):
    async with desk.sessionmaker() as session:
        return await stored.get(session, request_id)


async def test_take_edits_the_card_and_a_repeated_press_changes_nothing(desk) -> None:
    case = await filed(desk, RequestKind.COMPLAINT)
    old_card = dict(card_now(desk, case))
    press(desk, case, "Take")
    await desk.run()
    assert answered(desk) == "You took the request."
    edits = [c for c in desk.fake.calls_of("editMessageText") if c.params["text"].startswith("📋")]
    assert edits[-1].params["message_id"] == str(case["message_id"])
    assert "Gulnara Agent" in card_now(desk, case)["text"]

    press(desk, case, "Take", message=old_card)  # the same button again, from the old card
    await desk.run()
    assert "moved on" in answered(desk)
    async with desk.sessionmaker() as session:
        history = await stored.history(session, case["id"])
    assert [e.action for e in history] == ["file", "take"]


async def test_forged_presses_change_nothing_and_the_presser_is_told(desk) -> None:
    case = await filed(desk, RequestKind.QUESTION)
    card = card_now(desk, case)
    other = CardPress(request=case["id"] + 40, action=CardAction.TAKE, status="new").pack()
    desk.fake.press(AGENT, card, other)  # another request's id on this card
    await desk.run()
    assert "does not belong" in answered(desk)
    user_card = desk.fake.sent_to(ADMIN_CHAT_ID, thread(desk, case))[0].message
    genuine = CardPress(request=case["id"], action=CardAction.TAKE, status="new").pack()
    desk.fake.press(AGENT, user_card, genuine)  # the right data on another message
    await desk.run()
    assert "does not belong" in answered(desk)
    resolve = CardPress(request=case["id"], action=CardAction.BLOCK, status="new").pack()
    desk.fake.press(AGENT, card, resolve)  # a button this card never offered
    await desk.run()
    assert "no longer available" in answered(desk)
    private = desk.fake.sent_to(DANA.id)[-1].message  # a card's data pressed outside the chat
    desk.fake.press(DANA, private, genuine)
    await desk.run()
    assert (await request_row(desk, case["id"])).status == "new"


async def test_refusal_needs_a_reason_and_the_user_reads_it_with_where_to_complain(desk) -> None:
    case = await filed(desk, RequestKind.OBJECTION)
    press(desk, case, "Refuse")
    await desk.run()
    prompt = desk.fake.sent_to(ADMIN_CHAT_ID, thread(desk, case))[-1].text
    assert "reason" in prompt and "will see it" in prompt
    desk.agent_says(thread(desk, case), "   ")
    await desk.run()
    assert "empty reason is not accepted" in desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text
    assert (await request_row(desk, case["id"])).status == "new"
    desk.agent_says(thread(desk, case), "No automated decisions are made about you")
    await desk.run()
    assert (await request_row(desk, case["id"])).status == "refused"
    last = told_dana(desk)[-1]
    assert "No automated decisions are made about you" in last and "eotinish.kz" in last
    # The reason reached the user once, in the notice: it was not also relayed as a message.
    assert sum("No automated decisions" in text for text in told_dana(desk)) == 1


async def test_a_prompt_forgotten_for_over_an_hour_takes_nothing(desk) -> None:
    case = await filed(desk, RequestKind.OBJECTION)
    press(desk, case, "Refuse")
    await desk.run()
    desk.clock.set(wall_clock() + timedelta(hours=2))
    desk.agent_says(thread(desk, case), "Good morning! How can I help?")
    await desk.run()
    assert (await request_row(desk, case["id"])).status == "new"  # not refused with it
    assert told_dana(desk)[-1] == "Good morning! How can I help?"  # an answer like any other


async def test_ask_relays_the_next_message_as_the_question_and_cancel_stops(desk) -> None:
    case = await filed(desk, RequestKind.CORRECTION, "My name is wrong")
    press(desk, case, "Take")
    await desk.run()
    press(desk, case, "Resolve")
    await desk.run()
    desk.agent_says(thread(desk, case), "/cancel", entities=[_command("/cancel")])
    await desk.run()
    assert "Cancelled" in desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text
    assert (await request_row(desk, case["id"])).status == "in_progress"

    press(desk, case, "Ask")
    await desk.run()
    desk.agent_says(thread(desk, case), "Which name should it be?")
    await desk.run()
    assert "Which name should it be?" in told_dana(desk)
    assert (await request_row(desk, case["id"])).status == "awaiting_user"
    assert "question is sent" in desk.fake.sent_to(ADMIN_CHAT_ID, thread(desk, case))[-1].text
    desk.agent_says(thread(desk, case), "And a plain answer")  # the prompt is spent: relayed
    await desk.run()
    assert "And a plain answer" in told_dana(desk)


async def test_correction_applies_name_and_language_and_records_them(desk) -> None:
    case = await filed(desk, RequestKind.CORRECTION, "My name is wrong")
    desk.agent_says(thread(desk, case), "/setname Aruzhan Bekova", entities=[_command("/setname")])
    desk.agent_says(thread(desk, case), "/setlang ru", entities=[_command("/setlang")])
    desk.agent_says(thread(desk, case), "/setlang xx", entities=[_command("/setlang")])
    await desk.run()
    replies = [c.text for c in desk.fake.sent_to(ADMIN_CHAT_ID, thread(desk, case))[-3:]]
    assert "Aruzhan Bekova" in replies[0] and "ru" in replies[1] and "/setlang" in replies[2]
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        history = await stored.history(session, case["id"])
    assert (user.first_name, user.last_name, user.language) == ("Aruzhan", "Bekova", "ru")
    assert [e.action for e in history] == ["file", "correct", "correct"]
    press(desk, case, "Resolve")
    await desk.run()
    desk.agent_says(thread(desk, case), "Your name is corrected")
    await desk.run()
    assert (await request_row(desk, case["id"])).status == "resolved"
    assert "Your name is corrected" in told_dana(desk)[-1]


async def test_the_access_report_is_previewed_then_sent_protected_in_the_appeal_language(
    desk,
) -> None:
    case = await filed(desk, RequestKind.ACCESS, "What do you hold <b>about me</b>?")
    press(desk, case, "Prepare")
    await desk.run()
    previews = [c for c in desk.fake.calls_of("sendDocument") if c.chat_id == ADMIN_CHAT_ID]
    assert len(previews) == 2
    assert previews[0].messages[0]["message_thread_id"] == thread(desk, case)
    press(desk, case, "Send the report")
    await desk.run()
    sent = [c for c in desk.fake.calls_of("sendDocument") if c.chat_id == DANA.id]
    assert len(sent) == 2 and all(c.params["protect_content"] in (True, "true") for c in sent)
    html, data = (next(iter(c.files.values())).decode() for c in sent)
    assert PHONE in html and PHONE in data
    assert "Qamqor-дағы дербес деректеріңіз" in html  # Dana appealed in Kazakh
    assert "&lt;b&gt;about me&lt;/b&gt;" in html and "<b>about me" not in html
    assert '"phone": "+77021234567"' in data
    assert (await request_row(desk, case["id"])).status == "resolved"


async def test_blocking_and_unblocking_are_told_to_the_user(desk) -> None:
    case = await filed(desk, RequestKind.BLOCKING)
    press(desk, case, "Block")
    await desk.run()
    assert "Өңдеу" in told_dana(desk)[-1] or "бұғатталды" in told_dana(desk)[-1]
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
    assert user.processing_blocked_at is not None
    assert "Processing blocked since" in user_card_now(desk, case)
    blocked_card = dict(card_now(desk, case))
    press(desk, case, "Unblock")
    await desk.run()
    assert "бұғаттан шығарылды" in told_dana(desk)[-1]
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
    assert user.processing_blocked_at is None
    assert "Processing blocked" not in user_card_now(desk, case)
    assert "reply_markup" not in card_now(desk, case)  # nothing left to press
    press(desk, case, "Unblock", message=blocked_card)  # repeated
    await desk.run()
    assert "no longer available" in answered(desk)


async def test_deletion_resolves_then_erases(desk) -> None:
    case = await filed(desk, RequestKind.DELETION)
    thread_id = thread(desk, case)
    press(desk, case, "Delete")
    await desk.run()
    request = await request_row(desk, case["id"])
    assert request.status == "resolved" and request.details is None  # a depersonalized record
    async with desk.sessionmaker() as session:
        assert await users.get_by_telegram_id(session, DANA.id) is None  # the account is gone
    deleted = desk.fake.calls_of("deleteForumTopic")
    assert [c.params["message_thread_id"] for c in deleted] == [str(thread_id)]
    assert "Q-" in told_dana(desk)[-1]  # the user heard that it was done, in the appeal's language


async def test_keeping_data_on_a_legal_ground_stops_marketing(desk) -> None:
    case = await filed(desk, RequestKind.WITHDRAWAL)
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
        user.marketing_opt_in_at = wall_clock()
    press(desk, case, "Keep")
    await desk.run()
    desk.agent_says(thread(desk, case), "Tax Code of the RK, Art. 48")
    await desk.run()
    assert "Tax Code of the RK, Art. 48" in told_dana(desk)[-1]
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, DANA.id)
    assert user.marketing_opt_in_at is None
    assert (await request_row(desk, case["id"])).status == "resolved"


async def test_the_user_card_lists_open_requests_and_follows_them(desk) -> None:
    case = await filed(desk, RequestKind.QUESTION)
    first = desk.fake.sent_to(ADMIN_CHAT_ID, thread(desk, case))[0]
    card_id = first.message["message_id"]
    assert "User #" in first.text
    assert "Q-" in desk.fake.messages[(ADMIN_CHAT_ID, card_id)]["text"]
    press(desk, case, "Refuse")
    await desk.run()
    desk.agent_says(thread(desk, case), "Out of scope")
    await desk.run()
    assert "No open requests" in desk.fake.messages[(ADMIN_CHAT_ID, card_id)]["text"]


def _command(text: str) -> dict:
    return {"type": "bot_command", "offset": 0, "length": len(text)}
