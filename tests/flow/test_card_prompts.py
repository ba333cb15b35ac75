"""What an agent writes while a card waits for their answer: notes stay notes, a prompt belongs
to its topic, a replaced prompt or dialog is named; long requests reach the admin chat whole."""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import wall_clock
from care.common.texts import units
from care.rights.cards import render
from care.rights.filing import file_request
from storage.models import CareLogEntry
from storage.people import users
from storage.vocabulary import RequestKind
from tests.fake_telegram import Person
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user
from tests.flow.test_cards import card_now, press, request_row, thread

DANA = Person(2001, "Dana", "Omarova", "dana", language_code="kk")
ERLAN = Person(2002, "Erlan", "Saparov", "erlan", language_code="ru")
PHONES = {DANA.id: "+77021234567", ERLAN.id: "+77051234502"}


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


async def filed(
    desk: DeskHarness, person: Person, kind: RequestKind, details: str = "Please"
) -> dict[str, Any]:
    """`person` (verified) files `kind`; returns its card as the fake holds it now."""
    async with desk.sessionmaker() as session:
        user = await users.get_by_telegram_id(session, person.id)
    user = user or await verified_user(desk, person, PHONES[person.id])
    async with desk.sessionmaker.begin() as session:
        result = await file_request(
            session, desk.care, await session.merge(user), kind, wall_clock(), details=details
        )
        request_id = result.request.id
    await desk.run()
    cards = [c for c in desk.fake.sent_to(ADMIN_CHAT_ID) if c.message.get("reply_markup")]
    card = [c for c in cards if c.text.startswith("📋")][-1]
    return {"id": request_id, "message_id": card.message["message_id"], "card": card}


def told(desk: DeskHarness, person: Person) -> list[str]:
    return [c.text for c in desk.fake.sent_to(person.id)]


def last_admin_text(desk: DeskHarness) -> str:
    return desk.fake.sent_to(ADMIN_CHAT_ID)[-1].text


def command(text: str) -> dict:
    return {"entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]}


async def notes(desk: DeskHarness) -> list[str]:
    async with desk.sessionmaker() as session:
        rows = await session.scalars(select(CareLogEntry).where(CareLogEntry.direction == "note"))
        return [row.text for row in rows]


@pytest.mark.parametrize("action", ["Resolve", "Refuse"])
async def test_a_note_while_a_card_waits_stays_a_note_and_a_bare_mark_is_refused(
    desk, action
) -> None:
    case = await filed(desk, DANA, RequestKind.COMPLAINT)
    press(desk, case, "Take")
    await desk.run()
    press(desk, case, action)
    await desk.run()
    topic, before = thread(desk, case), len(told(desk, DANA))

    desk.agent_says(topic, "!checked the passport")
    desk.agent_says(topic, "/note called the branch", **command("/note"))
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, topic, caption="!scan attached", photo=[_photo()])
    await desk.run()
    assert told(desk, DANA)[before:] == []  # nothing reached the user
    assert (await request_row(desk, case["id"])).status == "in_progress"
    assert await notes(desk) == ["checked the passport", "called the branch", "scan attached"]

    desk.agent_says(topic, " !  ")
    await desk.run()
    assert "not accepted" in last_admin_text(desk)
    assert (await request_row(desk, case["id"])).status == "in_progress"

    desk.agent_says(topic, "We fixed it")  # the card still waits: this is the answer
    await desk.run()
    row = await request_row(desk, case["id"])
    assert row.status == ("resolved" if action == "Resolve" else "refused")
    assert "We fixed it" in told(desk, DANA)[-1]


async def test_a_note_while_a_question_waits_is_not_sent_as_the_question(desk) -> None:
    case = await filed(desk, DANA, RequestKind.CORRECTION)
    press(desk, case, "Take")
    await desk.run()
    press(desk, case, "Ask")
    await desk.run()
    before = len(told(desk, DANA))
    desk.agent_says(thread(desk, case), "!ask about the old surname")
    await desk.run()
    assert told(desk, DANA)[before:] == []
    assert (await request_row(desk, case["id"])).status == "in_progress"
    desk.agent_says(thread(desk, case), "Which surname is right?")
    await desk.run()
    assert "Which surname is right?" in told(desk, DANA)[before:]
    assert (await request_row(desk, case["id"])).status == "awaiting_user"


async def test_prompts_in_two_topics_wait_side_by_side(desk) -> None:
    first = await filed(desk, DANA, RequestKind.OBJECTION)
    second = await filed(desk, ERLAN, RequestKind.OBJECTION)
    press(desk, first, "Refuse")
    await desk.run()
    press(desk, second, "Refuse")
    await desk.run()
    # Another topic's prompt is not replaced.
    assert not any("dropped" in c.text.lower() for c in desk.fake.sent_to(ADMIN_CHAT_ID))

    desk.agent_says(thread(desk, first), "Not automated")
    await desk.run()
    assert (await request_row(desk, first["id"])).status == "refused"
    assert "Not automated" in told(desk, DANA)[-1]
    assert (await request_row(desk, second["id"])).status == "new"

    desk.agent_says(thread(desk, second), "Out of scope")
    await desk.run()
    assert (await request_row(desk, second["id"])).status == "refused"
    assert "Out of scope" in told(desk, ERLAN)[-1]


async def test_a_new_prompt_in_the_same_topic_names_the_one_it_replaces(desk) -> None:
    first = await filed(desk, DANA, RequestKind.OBJECTION)
    second = await filed(desk, DANA, RequestKind.COMPLAINT)
    press(desk, first, "Refuse")
    await desk.run()
    press(desk, second, "Refuse")
    await desk.run()
    reference = (await request_row(desk, first["id"])).reference
    dropped = [c.text for c in desk.fake.sent_to(ADMIN_CHAT_ID) if "dropped" in c.text.lower()]
    assert len(dropped) == 1 and reference in dropped[0]
    desk.agent_says(thread(desk, second), "Not ours")
    await desk.run()
    assert (await request_row(desk, second["id"])).status == "refused"
    assert (await request_row(desk, first["id"])).status == "new"


async def test_a_card_in_a_topic_leaves_a_policy_draft_in_general(desk) -> None:
    desk.care.state.supervisors.seed(AGENT.id)
    case = await filed(desk, DANA, RequestKind.OBJECTION)
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, text="/policy", **command("/policy"))
    await desk.run()
    press(desk, case, "Refuse")
    await desk.run()
    assert not any("dropped" in c.text.lower() for c in desk.fake.sent_to(ADMIN_CHAT_ID))
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, text="v2.0")
    await desk.run()
    assert "effective" in last_admin_text(desk).lower()  # the draft's next question
    desk.agent_says(thread(desk, case), "Not automated")
    await desk.run()
    assert (await request_row(desk, case["id"])).status == "refused"


async def test_without_topics_a_card_press_names_the_policy_draft_it_drops(
    sessionmaker, catalog
) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="en", topics=False)
    desk.care.state.supervisors.seed(AGENT.id)
    case = await filed(desk, DANA, RequestKind.OBJECTION)
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, text="/policy", **command("/policy"))
    await desk.run()
    press(desk, case, "Refuse")
    await desk.run()
    dropped = [c.text for c in desk.fake.sent_to(ADMIN_CHAT_ID) if "dropped" in c.text.lower()]
    assert len(dropped) == 1 and "/policy" in dropped[0]


async def test_a_long_request_reaches_the_admin_chat_whole(desk) -> None:
    words = " ".join(f"word{n}" for n in range(1400))  # about 10,000 characters
    case = await filed(desk, DANA, RequestKind.CORRECTION, details=words)
    posts = [c.text for c in desk.topic_posts(thread(desk, case))]
    at = next(n for n, text in enumerate(posts) if text.startswith("📋"))
    card, rest = posts[at], posts[at + 1 :]
    assert units(card) <= 4096
    assert rest and all(units(part) <= 4096 for part in rest)
    reference = (await request_row(desk, case["id"])).reference
    assert all(reference in part.splitlines()[0] for part in rest)
    shown = " ".join(
        [card.split("wrote: ", 1)[1].rsplit("\n", 1)[0]] + [part.split("\n", 1)[1] for part in rest]
    )
    assert " ".join(shown.split()) == words
    press(desk, case, "Take")  # an edit keeps the same cut: nothing falls between
    await desk.run()
    assert card_now(desk, case)["text"].split("wrote: ", 1)[1] == card.split("wrote: ", 1)[1]


async def test_a_request_that_fits_is_whole_on_its_card(desk) -> None:
    text = "x" * 2999 + "!"
    case = await filed(desk, DANA, RequestKind.COMPLAINT, details=text)
    assert text in case["card"].text
    assert not case["card"].text.rstrip().endswith("⤵")


def _photo() -> dict:
    return {"file_id": "photo-1", "file_unique_id": "u1", "width": 10, "height": 10}


@pytest.mark.parametrize(
    ("language", "answer", "reason"),
    [("en", "Answer:", "Reason:"), ("ru", "Ответ:", "Причина:"), ("kk", "Жауап:", "Себебі:")],
)
async def test_a_resolution_carries_an_answer_and_a_refusal_a_reason(
    sessionmaker, catalog, language, answer, reason
) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="en")
    person = Person(2100, "Aliya", None, None, language_code=language)
    PHONES[person.id] = "+77071234500"
    resolved = await filed(desk, person, RequestKind.QUESTION)
    press(desk, resolved, "Take")
    await desk.run()
    press(desk, resolved, "Resolve")
    await desk.run()
    desk.agent_says(thread(desk, resolved), "Ten days")
    await desk.run()
    assert f"{answer} Ten days" in told(desk, person)[-1] and reason not in told(desk, person)[-1]
    refused = await filed(desk, person, RequestKind.OBJECTION)
    press(desk, refused, "Refuse")
    await desk.run()
    desk.agent_says(thread(desk, refused), "Not automated")
    await desk.run()
    assert f"{reason} Not automated" in told(desk, person)[-1]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_the_longest_card_fits_telegram(sessionmaker, catalog, language) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale=language)
    case = await filed(desk, DANA, RequestKind.WITHDRAWAL, details="😀 " * 3000)
    request = await request_row(desk, case["id"])
    request.assignee_name, request.outcome = "Ж" * 129, "ж" * 4096
    text, _ = render(desk.care, request, wall_clock())
    assert units(text) <= 4096
    assert text.endswith(" …\n" + desk.care.admin_t("card-continued"))


async def asked(desk: DeskHarness) -> dict[str, Any]:
    """A correction taken, with Ask pressed: the card waits for the question."""
    case = await filed(desk, DANA, RequestKind.CORRECTION)
    press(desk, case, "Take")
    await desk.run()
    press(desk, case, "Ask")
    await desk.run()
    return case


def copies_to(desk: DeskHarness, person: Person) -> list:
    return [c for c in desk.fake.calls if getattr(c, "chat_id", None) == person.id]


@pytest.mark.parametrize("text", ["!", " ! "])
async def test_a_bare_mark_is_no_question_either(desk, text) -> None:
    case = await asked(desk)
    before = len(copies_to(desk, DANA))
    desk.agent_says(thread(desk, case), text)
    await desk.run()
    assert copies_to(desk, DANA)[before:] == []
    assert "must be a message" in last_admin_text(desk)
    assert (await request_row(desk, case["id"])).status == "in_progress"


@pytest.mark.parametrize("waiting", [True, False])
async def test_an_album_captioned_as_a_note_is_a_note_in_every_part(desk, waiting) -> None:
    case = await asked(desk) if waiting else await filed(desk, DANA, RequestKind.COMPLAINT)
    topic, before = thread(desk, case), len(copies_to(desk, DANA))
    group = desk.fake.new_album_id()
    first = desk.fake.photo_content(1, caption="!internal: passport scan")
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, topic, media_group_id=group, **first)
    second = desk.fake.photo_content(2)
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, topic, media_group_id=group, **second)
    await desk.run()
    await desk.albums.drain()
    await desk.run()
    assert copies_to(desk, DANA)[before:] == []
    assert await notes(desk) == ["internal: passport scan", ""]
    status = (await request_row(desk, case["id"])).status
    assert status == ("in_progress" if waiting else "new")


async def test_a_card_too_old_to_show_prompts_in_its_own_topic(desk) -> None:
    """Telegram sends a press on an old message as an InaccessibleMessage: no thread."""
    desk.care.state.supervisors.seed(AGENT.id)
    case = await filed(desk, DANA, RequestKind.OBJECTION)
    desk.fake.agent_message(AGENT, ADMIN_CHAT_ID, None, text="/policy", **command("/policy"))
    await desk.run()  # a /policy draft waits in General
    card = card_now(desk, case)
    old = {"chat": card["chat"], "message_id": card["message_id"], "date": 0}
    refuse = next(
        button["callback_data"]
        for row in card["reply_markup"]["inline_keyboard"]
        for button in row
        if "Refuse" in button["text"]
    )
    desk.fake.press(AGENT, old, refuse)
    await desk.run()
    assert not any("dropped" in c.text.lower() for c in desk.fake.sent_to(ADMIN_CHAT_ID))
    assert "reason" in desk.topic_posts(thread(desk, case))[-1].text  # the prompt, in the topic
    desk.agent_says(thread(desk, case), "Not automated")
    await desk.run()
    assert (await request_row(desk, case["id"])).status == "refused"


async def test_a_continuation_part_is_sent_once_when_a_later_part_is_retried(desk) -> None:
    words = " ".join(f"word{n}" for n in range(1800))  # the card, then two more parts
    refused = {"left": 1}

    def once(params: dict) -> bool:
        if "(2/" in params.get("text", "") and refused["left"]:
            refused["left"] -= 1
            return True
        return False

    desk.fake.fail("sendMessage", 429, "Too Many Requests", retry_after=1, when=once)
    case = await filed(desk, DANA, RequestKind.CORRECTION, details=words)
    await desk.run(wall_clock() + timedelta(minutes=1))
    posts = [c.text for c in desk.topic_posts(thread(desk, case))]
    labels = [p.splitlines()[0] for p in posts if "continued (" in p.splitlines()[0]]
    total = int(labels[0].rsplit("/", 1)[1].rstrip(")"))
    assert total >= 2 and refused["left"] == 0
    assert sorted(labels) == sorted(set(labels)) and len(labels) == total


async def test_a_card_waiting_for_the_user_says_whose_answer_it_waits_for(desk) -> None:
    case = await asked(desk)
    desk.agent_says(thread(desk, case), "Which surname is right?")
    await desk.run()
    card = card_now(desk, case)["text"]
    assert "waiting for the user's answer" in card and "your answer" not in card


async def test_a_request_refused_straight_from_a_new_card_names_who_refused_it(desk) -> None:
    case = await filed(desk, DANA, RequestKind.OBJECTION)
    press(desk, case, "Refuse")
    await desk.run()
    desk.agent_says(thread(desk, case), "Not automated")
    await desk.run()
    row = await request_row(desk, case["id"])
    assert (row.status, row.assignee_id) == ("refused", AGENT.id)
    assert "Gulnara Agent" in card_now(desk, case)["text"]
