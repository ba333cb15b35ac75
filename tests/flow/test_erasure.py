"""Deletion through the real outbox and the production dispatcher: no trace of the person stays
in any table, their topic is deleted, and the same account starts afresh."""

import json
import re
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from sqlalchemy import select, text

from bot.clock import wall_clock
from bot.fsm import update_session
from care.outbound.outbox import record, topic_lane
from care.people.onboarding import verify_contact
from care.people.profile import Profile
from care.rights.announcements import move_and_announce
from care.rights.card_actions import send_report
from care.rights.erasure import erase_user, forget_in
from care.rights.filing import file_request
from care.rights.reports import ReportPayload, ReportTo, SendReport, compile_report
from care.rights.requests import Action
from storage import fsm
from storage.models import (
    Base,
    Conversation,
    FsmRecord,
    MessagePair,
    OutboxEntry,
    PhoneConflict,
    Request,
    User,
)
from storage.people import users
from storage.rights import requests as stored
from storage.vocabulary import Actor, RequestKind, RequestStatus
from tests.fake_telegram import Person
from tests.flow.disk import ON_SQLITE_FILES, left_on_disk
from tests.flow.harness import ADMIN_CHAT_ID, AGENT, DeskHarness
from tests.flow.onboarded import verified_user

ZHANERKE = Person(5550123987, "Zhanerke", "Tleubergenova", "zhanerke_t", language_code="en")
PHONE = "+77011234567"
NEIGHBOUR = Person(6002, "Murat", "Kassymov", "murat_k", language_code="ru")
NEIGHBOUR_PHONE = "+77017654321"

WRITTEN = [  # everything the person (or an agent about them) wrote
    "my parcel never arrived",
    "receipt photo caption",
    "we are checking the parcel",
    "the courier was rude to me",
    "please delete everything about me",
    "half-written draft",
    "done as the subject asked",
]
FILES = ["photo-of-the-receipt", "attach-passport-scan", "attach-signed-statement"]


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="en")


def digits_pattern(number: str) -> re.Pattern[str]:
    """The national digits however they are written (+7 701 123-45-67, 87011234567, ...)."""
    national = number.removeprefix("+7")
    return re.compile(r"\D{0,3}".join(national))


async def traces(desk: DeskHarness, person: Person, phone: str, texts: list[str]) -> list[str]:
    """Every cell of every table (raw `SELECT *`) that still holds something of the person:
    their phone in any formatting, names, username, what was written, or their Telegram id as
    a number. The keyed subject hash is the one form of the id that is meant to stay."""
    needles = [person.first_name, person.last_name, person.username, *texts]
    needles = [n.lower() for n in needles if n]
    phone_digits = digits_pattern(phone)
    telegram_id = re.compile(rf"(?<!\d){person.id}(?!\d)")
    found = []
    async with desk.sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            result = await session.execute(text(f'SELECT * FROM "{table.name}"'))
            for row in result.mappings().all():
                for column, value in row.items():
                    if value is None or (table.name, column) == ("requests", "subject_hash"):
                        continue
                    cell = value if isinstance(value, str) else json.dumps(value, default=str)
                    where = f"{table.name}.{column}={cell[:80]!r}"
                    if any(needle in cell.lower() for needle in needles):
                        found.append(f"text in {where}")
                    if phone_digits.search(cell):
                        found.append(f"phone in {where}")
                    if telegram_id.search(cell):
                        found.append(f"telegram id in {where}")
    return found


async def a_full_history(desk: DeskHarness) -> tuple[User, int]:
    """A verified person who wrote to care (text and a photo), got an answer, had phone
    conflicts both ways, filed a complaint and a deletion request with files, and has a
    half-filled dialog; returns them and the thread id of their topic."""
    user = await verified_user(desk, ZHANERKE, PHONE)
    neighbour = await verified_user(desk, NEIGHBOUR, NEIGHBOUR_PHONE)
    chat = desk.chat(ZHANERKE)
    chat.say(WRITTEN[0])
    receipt = {"file_id": FILES[0], "file_unique_id": "r1", "width": 90, "height": 90}
    desk.fake.user_message(ZHANERKE, photo=[receipt], caption=WRITTEN[1])
    await desk.run()
    thread_id = desk.fake.calls_of("createForumTopic")[-1].result["message_thread_id"]
    desk.agent_says(thread_id, WRITTEN[2])
    await desk.run()

    now = wall_clock()
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_id(session, user.id)
        neighbour = await users.get_by_id(session, neighbour.id)
        profile = Profile(ZHANERKE.first_name, ZHANERKE.last_name, ZHANERKE.username)
        taken = await verify_contact(session, user, ZHANERKE.id, NEIGHBOUR_PHONE, profile, now)
        theirs = Profile(NEIGHBOUR.first_name, NEIGHBOUR.last_name, NEIGHBOUR.username)
        tried = await verify_contact(session, neighbour, NEIGHBOUR.id, PHONE, theirs, now)
        assert taken.taken_by is not None and tried.taken_by is not None  # both refused
        await file_request(session, desk.care, user, RequestKind.COMPLAINT, now, WRITTEN[3])
        files = [("document", FILES[1], 901), ("photo", FILES[2], 902)]
        await file_request(
            session, desk.care, user, RequestKind.DELETION, now, WRITTEN[4], files=files
        )
        await fsm.put_state(session, f"fsm:{ZHANERKE.id}:{ZHANERKE.id}:default", "Intake:text")
        await fsm.put_data(
            session, f"fsm:{ZHANERKE.id}:{ZHANERKE.id}:default", {"draft": WRITTEN[5]}
        )
        await fsm.put_state(session, f"fsm:{ADMIN_CHAT_ID}:{AGENT.id}:default", "Card:reason")
    await desk.run()
    assert len(desk.fake.calls_of("sendDocument")) == 1  # the attachments reached the topic
    return user, thread_id


async def resolve_and_erase(desk: DeskHarness, user_id: int) -> None:
    """What the card's Erase button does: the deletion request is resolved, then the user is
    erased, in one transaction with one `now`."""
    now = wall_clock()
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_id(session, user_id)
        request = await stored.open_of_kind(session, user.id, RequestKind.DELETION)
        agent = (AGENT.id, AGENT.first_name)
        await move_and_announce(session, desk.care, request, Action.TAKE, now, Actor.AGENT, agent)
        await move_and_announce(
            session, desk.care, request, Action.RESOLVE, now, Actor.AGENT, agent, WRITTEN[6]
        )
        await erase_user(session, desk.care, user, now)


async def onboard(desk: DeskHarness, person: Person, phone: str) -> None:
    """/start → language → consent → the shared contact, through the dispatcher."""
    chat = desk.chat(person)
    chat.seen = len(desk.fake.sent_to(person.id))  # only what comes from now on
    chat.say("/start")
    await desk.run()
    chat.tap(await chat.reply(), "English")
    await desk.run()
    _saved, notice = await chat.replies(2)
    chat.tap(notice, "I agree")
    await desk.run()
    _thanks, ask = await chat.replies(2)
    assert any(button.get("request_contact") for button in ask.buttons())
    chat.share_contact(phone)
    await desk.run()
    assert "is confirmed" in (await chat.reply()).text


async def test_deletion_leaves_no_trace_and_the_account_starts_afresh(desk) -> None:
    user, thread_id = await a_full_history(desk)
    assert await traces(desk, ZHANERKE, PHONE, WRITTEN + FILES)  # the check sees them first
    told_before = len(desk.fake.sent_to(ZHANERKE.id))

    await resolve_and_erase(desk, user.id)
    await desk.run()

    [deleted] = desk.fake.calls_of("deleteForumTopic")
    assert deleted.chat_id == ADMIN_CHAT_ID
    assert deleted.params["message_thread_id"] == str(thread_id)
    assert thread_id not in desk.fake.live_topics(ADMIN_CHAT_ID)
    last_words = [call.text for call in desk.fake.sent_to(ZHANERKE.id)[told_before:]]
    assert any("completed" in said and WRITTEN[6] in said for said in last_words)
    assert any("withdrawn" in said and "deleted at your request" in said for said in last_words)

    assert await traces(desk, ZHANERKE, PHONE, WRITTEN + FILES) == []
    async with desk.sessionmaker() as session:
        erased = await users.get_by_id(session, user.id)
        assert erased.erased_at is not None and erased.telegram_id == -user.id
        records = (await session.scalars(select(Request).order_by(Request.id))).all()
        assert [(r.kind, r.status) for r in records] == [
            (RequestKind.COMPLAINT, RequestStatus.WITHDRAWN),
            (RequestKind.DELETION, RequestStatus.RESOLVED),
        ]
        assert all(r.closed_at is not None and r.subject_hash for r in records)
        for model in (MessagePair, Conversation, OutboxEntry, PhoneConflict):
            assert (await session.scalars(select(model))).all() == [], model.__tablename__
        kept = (await session.scalars(select(FsmRecord.key))).all()
        assert kept == [f"fsm:{ADMIN_CHAT_ID}:{AGENT.id}:default"]  # the agent's own dialog
        neighbour = await users.get_by_telegram_id(session, NEIGHBOUR.id)
        assert neighbour.phone == NEIGHBOUR_PHONE and neighbour.first_name == "Murat"

    await onboard(desk, ZHANERKE, PHONE)  # the same account, the same number, a new user
    async with desk.sessionmaker() as session:
        fresh = await users.get_by_telegram_id(session, ZHANERKE.id)
    assert fresh.id != user.id and fresh.phone == PHONE and fresh.verified


async def test_a_request_after_erasure_links_to_the_old_record(desk) -> None:
    user, _ = await a_full_history(desk)
    await resolve_and_erase(desk, user.id)
    await desk.run()
    await onboard(desk, ZHANERKE, PHONE)

    async with desk.sessionmaker.begin() as session:
        fresh = await users.get_by_telegram_id(session, ZHANERKE.id)
        filed = await file_request(session, desk.care, fresh, RequestKind.ACCESS, wall_clock())
        old = (await stored.for_user(session, user.id))[0]
        assert filed.request.user_id != old.user_id
        assert filed.request.subject_hash == old.subject_hash


async def test_without_topics_the_conversation_just_goes(sessionmaker, catalog) -> None:
    desk = DeskHarness(sessionmaker, catalog, default_locale="en", topics=False)
    user = await verified_user(desk, ZHANERKE, PHONE)
    desk.chat(ZHANERKE).say(WRITTEN[0])
    await desk.run()
    async with desk.sessionmaker.begin() as session:
        await erase_user(session, desk.care, await users.get_by_id(session, user.id), wall_clock())
    await desk.run()
    assert desk.fake.calls_of("deleteForumTopic") == []
    assert await traces(desk, ZHANERKE, PHONE, WRITTEN[:1]) == []


async def test_state_kept_outside_the_database_is_forgotten(sessionmaker, catalog) -> None:
    storage = MemoryStorage()
    desk = DeskHarness(sessionmaker, catalog, fsm_storage=storage)
    user = await verified_user(desk, ZHANERKE, PHONE)
    key = StorageKey(bot_id=desk.bot.id, chat_id=ZHANERKE.id, user_id=ZHANERKE.id)
    await storage.set_state(key, "Intake:text")
    await storage.set_data(key, {"draft": WRITTEN[5]})
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_id(session, user.id)
        await erase_user(session, desk.care, user, wall_clock(), forget_in(storage, desk.bot.id))
    assert await storage.get_state(key) is None and await storage.get_data(key) == {}


async def test_the_database_storage_can_be_told_too(desk) -> None:
    """Handlers may pass `forget_in(fsm_storage, bot.id)` whatever the storage: the database
    one forgets in the update's own transaction."""
    user = await verified_user(desk, ZHANERKE, PHONE)
    key = f"fsm:{ZHANERKE.id}:{ZHANERKE.id}:default"
    async with desk.sessionmaker.begin() as session:
        await fsm.put_state(session, key, "Intake:text")
    storage = desk.dispatcher.fsm.storage
    async with desk.sessionmaker.begin() as session:
        token = update_session.set(session)  # as the session middleware does
        try:
            user = await users.get_by_id(session, user.id)
            await erase_user(
                session, desk.care, user, wall_clock(), forget_in(storage, desk.bot.id)
            )
        finally:
            update_session.reset(token)
    async with desk.sessionmaker() as session:
        assert await fsm.get_record(session, key) is None


async def test_no_report_is_compiled_or_sent_for_an_erased_person(desk) -> None:
    """The agent previews and sends an access report, and the person is erased before the
    sender gets to either: nothing goes out. A report row handed to the sender after the
    erasure compiles nothing either."""
    user = await verified_user(desk, ZHANERKE, PHONE)
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_id(session, user.id)
        access = (
            await file_request(session, desk.care, user, RequestKind.ACCESS, wall_clock())
        ).request
        await file_request(session, desk.care, user, RequestKind.DELETION, wall_clock(), WRITTEN[4])
    await desk.run()
    now, agent = wall_clock(), (AGENT.id, AGENT.first_name)
    async with desk.sessionmaker.begin() as session:
        user = await users.get_by_id(session, user.id)
        access = await stored.get(session, access.id)
        preview = ReportPayload(request=access.id, to=ReportTo.TOPIC)
        await record(session, preview, topic_lane(user.id), user.id, now)
        await send_report(session, desk.care, access, user, agent, now)
    await resolve_and_erase(desk, user.id)
    await desk.run()

    assert desk.fake.calls_of("sendDocument") == []
    async with desk.sessionmaker() as session:
        assert await compile_report(session, desk.care, access.id, wall_clock()) is None
    for to in ReportTo:
        payload = ReportPayload(request=access.id, to=to)
        entry = OutboxEntry(payload=payload.stored(), user_id=user.id)
        assert await SendReport().send(desk.sender.context, entry, payload, wall_clock()) is None
    assert desk.fake.calls_of("sendDocument") == []


def press_erase(desk: DeskHarness, card_message_id: int) -> None:
    """The agent presses 🗑 on the deletion request's card, as it is now."""
    card = desk.fake.messages[(ADMIN_CHAT_ID, card_message_id)]
    for row in card["reply_markup"]["inline_keyboard"]:
        for button in row:
            if "Delete" in button["text"]:
                desk.fake.press(AGENT, card, button["callback_data"])
                return
    raise AssertionError("no erase button on the card")


@ON_SQLITE_FILES
async def test_erased_data_is_not_left_in_the_database_files(desk, engine) -> None:
    """After the erasing update commits, no file of the database holds the phone, names,
    username or what was written: deleted content is overwritten (secure_delete) and the
    write-ahead log is checkpointed and truncated."""
    user, _ = await a_full_history(desk)
    database = Path(engine.url.database)
    person = [ZHANERKE.first_name, ZHANERKE.last_name, ZHANERKE.username]
    personal = [PHONE, PHONE.removeprefix("+7"), *person]
    needles = personal + WRITTEN[:6] + FILES
    assert left_on_disk(database, needles)  # the check sees them first
    async with desk.sessionmaker() as session:
        request = await stored.open_of_kind(session, user.id, RequestKind.DELETION)

    press_erase(desk, request.card_message_id)
    await desk.run()

    async with desk.sessionmaker() as session:
        assert (await users.get_by_id(session, user.id)).erased_at is not None
    assert left_on_disk(database, needles) == []
