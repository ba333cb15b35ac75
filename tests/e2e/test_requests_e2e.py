"""Every request type filed, worked and closed by the real process, in kk, ru and en."""

import copy
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from care.common.deadlines import WorkCalendar
from care.common.texts import Catalog, format_day
from tests.e2e.conftest import ADMIN_CHAT_ID, start_bot, stopped_cleanly
from tests.e2e.walk import onboard
from tests.fake_telegram import FakeTelegram, Person
from tests.fake_telegram.conversation import Conversation

AGENT = Person(700, "Aliya", "Care", username="aliya_care")
CATALOG = Catalog(strict=True)
ADMIN = CATALOG.translator("ru")  # the admin chat speaks DEFAULT_LOCALE
REFERENCE = re.compile(r"Q-\d{4}-\d{6}")
DAYS = {"question": 3, "complaint": 3, "objection": 3, "correction": 1, "blocking": 1}


class Desk:
    """The agents' side of the admin chat, and the user's side of the dialogs."""

    def __init__(self, fake: FakeTelegram, chat: Conversation) -> None:
        self.fake, self.chat = fake, chat
        self.t = CATALOG.translator(chat.person.language_code)
        self.due: dict[str, str] = {}  # reference -> the due date as the user reads it

    async def file(self, kind: str, *answers: str) -> str:
        """File `kind` through its dialog; the reference from the confirmation."""
        chat, t = self.chat, self.t
        chat.say("/request")
        chat.tap(await chat.expect(t("intake-choose-kind")), t(f"request-kind-{kind}"))
        question = await chat.reply()
        if kind == "access":
            chat.tap(question, t("intake-button-confirm"))
        elif kind == "deletion":
            chat.tap(question, t("intake-button-delete"))
            chat.tap(await chat.reply(), t("intake-button-delete-for-good"))
        elif kind == "withdrawal":
            chat.tap(question, t("intake-button-all"))
            chat.tap(await chat.reply(), t("intake-button-confirm"))
        else:
            for answer in answers:
                chat.say(answer)
                question = await chat.reply()
            chat.tap(question, t("intake-button-no-files"))
        filed = await chat.expect(REFERENCE.pattern[:2])
        reference = REFERENCE.search(filed.text).group()
        if kind in DAYS:  # the clock counted in Kazakh working days, in the user's language
            today = datetime.now(ZoneInfo("Asia/Almaty")).date()
            due = WorkCalendar().add_working_days(today, DAYS[kind])
            assert format_day(due, t.locale) in filed.text
            self.due[reference] = format_day(due, t.locale)
        return reference

    async def card(self, reference: str) -> dict:
        calls = await self.fake.wait_until(
            lambda: [
                c
                for c in self.fake.sent_to(ADMIN_CHAT_ID)
                if c.method == "sendMessage" and c.text.startswith("📋") and reference in c.text
            ]
        )
        return self.fake.messages[(ADMIN_CHAT_ID, calls[-1].result["message_id"])]

    async def press(self, reference: str, action: str, shown: str | None = None) -> dict:
        """Press a card button once the card shows status `shown` (when given)."""
        label = ADMIN(f"card-button-{action}")

        def ready() -> dict | None:
            card = self.fake.messages[(ADMIN_CHAT_ID, message_id)]
            buttons = [
                b for row in card.get("reply_markup", {}).get("inline_keyboard", []) for b in row
            ]
            wanted = [
                b
                for b in buttons
                if b["text"] == label and (shown is None or b["callback_data"].endswith(shown))
            ]
            return wanted and card

        message_id = (await self.card(reference))["message_id"]
        card = await self.fake.wait_until(ready)
        button = next(
            b for row in card["reply_markup"]["inline_keyboard"] for b in row if b["text"] == label
        )
        self.fake.press(AGENT, card, button["callback_data"])
        return card

    async def answer_to(self, card: dict, data: str) -> str:
        """Press `data` on `card`; what the presser is told."""
        before = len(self.fake.calls_of("answerCallbackQuery"))
        self.fake.press(AGENT, card, data)
        answers = await self.fake.wait_until(
            lambda: (a := self.fake.calls_of("answerCallbackQuery")) and len(a) > before and a
        )
        return answers[-1].params["text"]

    async def agent_writes(self, reference: str, words: str) -> None:
        thread = (await self.card(reference))["message_thread_id"]
        prompts = len(self.fake.sent_to(ADMIN_CHAT_ID, thread))
        await self.fake.wait_until(lambda: len(self.fake.sent_to(ADMIN_CHAT_ID, thread)) >= prompts)
        self.fake.agent_message(AGENT, ADMIN_CHAT_ID, thread, text=words)

    async def prompted(
        self, reference: str, action: str, words: str, shown: str | None = None
    ) -> None:
        """Press a button that waits for the agent's next message, then write it."""
        await self.press(reference, action, shown)
        thread = (await self.card(reference))["message_thread_id"]
        prompt = ADMIN(f"card-prompt-{action}", reference=reference, agent="Aliya Care")
        await self.fake.wait_until(
            lambda: any(c.text == prompt for c in self.fake.sent_to(ADMIN_CHAT_ID, thread))
        )
        self.fake.agent_message(AGENT, ADMIN_CHAT_ID, thread, text=words)


async def documents(fake: FakeTelegram, chat_id: int, count: int) -> list:
    def sent() -> list:
        found = [c for c in fake.calls_of("sendDocument") if c.params["chat_id"] == str(chat_id)]
        return found if len(found) >= count else []

    return await fake.wait_until(sent)


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_every_request_type_is_filed_worked_and_closed(
    telegram, launch, database, locale: str
) -> None:
    fake, process = await start_bot(telegram, launch)
    person = Person(5550001000 + len(locale), "Madina", "Seitova", "madina", language_code=locale)
    chat = Conversation(fake, person)
    phone = "+77051234567"
    await onboard(chat, phone)
    desk, t = Desk(fake, chat), CATALOG.translator(locale)

    # A question, taken and answered.
    question = await desk.file("question", "How long do you keep my messages?")
    first_card = copy.deepcopy(await desk.card(question))
    await desk.press(question, "take")
    kind = t("request-kind-question")
    taken = t("request-status-in_progress", reference=question, kind=kind, due=desk.due[question])
    await chat.expect(taken)
    await desk.prompted(question, "resolve", "Two years, then they are destroyed.", "in_progress")
    assert "Two years" in (await chat.expect(question)).text
    # A repeated press on the old card, and a forged one, change nothing and say why.
    take = first_card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert await desk.answer_to(first_card, take) == ADMIN("card-press-stale")
    assert await desk.answer_to(first_card, "rq:999:take:new") == ADMIN("card-press-forged")

    # A complaint, refused: the reason and where to complain further reach the user.
    complaint = await desk.file("complaint", "You called me at night.")
    await desk.prompted(complaint, "refuse", "We never call users.")
    refused = await chat.expect("We never call users.")
    assert complaint in refused.text and "eotinish.kz" in refused.text

    # An objection: the agent asks, the user adds information, the agent resolves.
    objection = await desk.file("objection", "I object to automatic scoring.")
    await desk.press(objection, "take")
    await desk.prompted(objection, "ask", "Which decision do you mean?", "in_progress")
    await chat.expect("Which decision do you mean?")
    chat.say("/requests")
    listing = await chat.expect(t("my-requests-title"))
    chat.tap(listing, objection)
    chat.tap(await chat.expect(objection), t("my-button-add-info"))
    await chat.reply()
    chat.say("The credit limit decision of 1 November.")
    await fake.wait_until(
        lambda: any("credit limit" in (c.text or "") for c in fake.sent_to(ADMIN_CHAT_ID))
    )
    added = await chat.expect(t("my-request-info-added", reference=objection))
    chat.tap(added, t("my-button-info-done"))  # only now it goes back to the agents
    await chat.expect(t("my-request-info-done"))
    await desk.prompted(
        objection, "resolve", "A person reviewed it; the limit stands.", "in_progress"
    )
    await chat.expect("A person reviewed it")

    # A correction: the agent corrects the name the bot holds, then resolves.
    correction = await desk.file("correction", "My surname is misspelt", "Seitova, not Seytova")
    await desk.press(correction, "take")
    await desk.agent_writes(correction, "/setname Madina Seitova")
    await desk.prompted(correction, "resolve", "Your surname is corrected.", "in_progress")
    await chat.expect("Your surname is corrected.")

    # Blocking: processing blocked, then unblocked; both are told to the user.
    blocking = await desk.file("blocking", "Stop using my data for analytics.")
    await desk.press(blocking, "block")
    await chat.expect(blocking)
    await desk.press(blocking, "unblock")
    await chat.expect(t("card-unblocked-notice", reference=blocking)[:25])
    assert await database.rows("SELECT processing_blocked_at FROM users") == [(None,)]

    # Access: the agent previews the report, approves it; the user gets it protected.
    access = await desk.file("access")
    await desk.press(access, "report")
    preview = await documents(fake, ADMIN_CHAT_ID, 2)
    assert all("protect_content" not in c.params for c in preview)  # agents may keep a copy
    await desk.press(access, "send-report")
    sent = await documents(fake, person.id, 2)
    assert all(c.params["protect_content"] in (True, "true") for c in sent)
    report = b"".join(content for c in sent for content in c.files.values()).decode()
    assert phone in report
    assert any(
        json.loads(content)
        for c in sent
        for name, content in c.files.items()
        if b"{" in content[:1]
    )

    # Consent withdrawal for all processing, kept on a legal ground.
    withdrawal = await desk.file("withdrawal")
    await desk.prompted(withdrawal, "keep", "Tax Code, Art. 48: payment records for 5 years.")
    await chat.expect("Tax Code, Art. 48")

    # Deletion: asked twice, then the data is depersonalized and the topic deleted.
    deletion = await desk.file("deletion")
    thread = (await desk.card(deletion))["message_thread_id"]
    await desk.press(deletion, "erase")
    await chat.expect(deletion)
    await fake.wait_until(lambda: fake.calls_of("deleteForumTopic"))
    assert thread not in fake.live_topics(ADMIN_CHAT_ID)

    await stopped_cleanly(process)
    tables = (
        "users",
        "care_log",
        "requests",
        "request_events",
        "request_attachments",
        "message_pairs",
        "phone_conflicts",
        "fsm_records",
        "outbox",
        "conversations",
    )
    stored = [row for table in tables for row in await database.rows(f"SELECT * FROM {table}")]
    everything = " ".join(str(value) for row in stored for value in row)
    for trace in (phone, phone[1:], "Madina", "Seitova", "madina", "credit limit", str(person.id)):
        assert trace not in everything, trace
    statuses = await database.rows("SELECT kind, status FROM requests ORDER BY id")
    assert statuses == [
        ("question", "resolved"),
        ("complaint", "refused"),
        ("objection", "resolved"),
        ("correction", "resolved"),
        ("blocking", "resolved"),
        ("access", "resolved"),
        ("withdrawal", "resolved"),
        ("deletion", "resolved"),
    ]

    # A fresh /start works from scratch, and the same number verifies again.
    _, process2 = await start_bot(telegram, launch)
    again = Conversation(fake, person)
    again.seen = len(fake.sent_to(person.id))
    await onboard(again, phone)
    await stopped_cleanly(process2)
