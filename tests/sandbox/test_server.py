"""The sandbox page's server without a browser or a bot: what the page asks, what it is told,
what is refused, and what is kept between runs."""

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.types import BufferedInputFile
from aiohttp import FormData
from aiohttp.test_utils import TestClient

from bot.clock import wall_clock
from sandbox.keeping import MESSAGE_ID_GAP, Folder, KeepingError
from sandbox.telegram import FakeTelegram
from sandbox.world import ADMIN_CHAT_ID, BOT_USERNAME, PRESETS, STAFF, TOKEN, World
from storage import updates
from storage.engine import build_engine, build_sessionmaker
from storage.migrate import upgrade_to_head
from tests.fake_telegram import FakeSession
from tests.sandbox.page_api import AGENT, TIMEZONE, bot, call, new_user


async def test_the_state_holds_the_demo_world(client: TestClient) -> None:
    state = await (await client.get("/api/state")).json()
    assert state["admin_chat"]["id"] == ADMIN_CHAT_ID
    assert {s["role"] for s in state["staff"]} == {"supervisor", "agent"}
    phones = [p["phone"] for p in state["presets"]]
    assert any(p.startswith("+770") for p in phones)  # a Kazakh mobile
    assert any(p.startswith("+79") for p in phones)  # a Russian number, to see it refused
    assert any(p.startswith("+7727") for p in phones)  # a Kazakh landline
    assert state["users"] == [] and state["messages"] == []
    assert state["timezone"] == TIMEZONE  # the page shows times as the bot writes them


async def test_the_page_and_its_files_are_served(client: TestClient) -> None:
    page = await client.get("/")
    assert page.status == 200 and "<html" in (await page.text()).lower()
    for name in ("js/main.js", "app.css"):
        assert (await client.get(f"/static/{name}")).status == 200


async def test_a_user_writes_and_the_bot_gets_a_command(client: TestClient, world: World) -> None:
    user = await new_user(client)
    await call(client, "send", chat_id=user, from_id=user, text="/start")
    [update] = world.fake.take_updates()
    message = update["message"]
    assert message["from"]["language_code"] == "kk"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"first_name": " ", "language_code": "kk", "phone": "+77011234567"},
         "Name cannot be empty."),
        ({"first_name": "A" * 65, "language_code": "kk", "phone": "+77011234567"},
         "Name can be at most 64 characters."),
        ({"first_name": "A", "last_name": 7, "language_code": "kk", "phone": "+77011234567"},
         "Last name must be text."),
        ({"first_name": "A", "language_code": "kazakh!", "phone": "+77011234567"},
         "A Telegram language is a code such as kk, ru or en."),
        ({"first_name": "A", "language_code": "kk", "phone": "call me"},
         "A phone number is digits, optionally starting with +."),
        ({"first_name": "A", "language_code": "kk"}, "Phone number is missing."),
    ],
)  # fmt: skip
async def test_a_bad_new_user_is_refused_in_the_page_s_words(
    client: TestClient, world: World, body: dict[str, Any], error: str
) -> None:
    """The sentence names the field as the page's form does, not by its JSON key."""
    answer = await call(client, "users", 400, **body)
    assert answer["error"] == error
    assert world.users == {}


async def test_an_empty_message_is_refused_in_words(client: TestClient) -> None:
    user = await new_user(client)
    answer = await call(client, "send", 400, chat_id=user, from_id=user, text="  ")
    assert answer["error"] == "The message cannot be empty."


async def test_nobody_writes_in_someone_elses_chat(client: TestClient, world: World) -> None:
    first, second = await new_user(client), await new_user(client, "+77012345678")
    await call(client, "send", 400, chat_id=first, from_id=second, text="hi")
    await call(client, "send", 400, chat_id=ADMIN_CHAT_ID, from_id=first, text="hi")
    await call(client, "send", 400, chat_id=first, from_id=first, text="   ")
    response = await client.post("/api/send", data=b"not json")
    assert response.status == 400
    assert world.fake.take_updates() == []


async def test_what_happens_reaches_the_page_live(client: TestClient, world: World) -> None:
    user = await new_user(client)
    events = await client.get("/api/events")
    assert events.headers["Content-Type"].startswith("text/event-stream")
    keyboard = {"keyboard": [[{"text": "Share", "request_contact": True}]]}
    await bot(world, "sendMessage", chat_id=user, text="<b>Hi</b>", reply_markup=keyboard)
    await bot(world, "answerCallbackQuery", callback_query_id="1", text="Done")
    seen = await read_events(events, 3)
    assert [kind for kind, _ in seen] == ["message", "keyboard", "toast"]
    assert seen[0][1]["text"] == "<b>Hi</b>"
    assert seen[1][1] == {"chat_id": user, "markup": keyboard}
    assert seen[2][1]["text"] == "Done"
    events.close()


async def read_events(response: Any, count: int) -> list[tuple[str, Any]]:
    """The next `count` named events of a server-sent event stream (bounded)."""
    seen: list[tuple[str, Any]] = []
    kind = None
    async with asyncio.timeout(5):
        while len(seen) < count:
            line = (await response.content.readline()).decode().strip()
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: ") and kind:
                seen.append((kind, json.loads(line.removeprefix("data: "))))
    return seen


async def test_a_protected_report_opens_as_a_page(client: TestClient, world: World) -> None:
    user = await new_user(client)
    status, body = await world.fake.handle(
        "sendDocument",
        {"chat_id": user, "protect_content": "true"},
        {"document": b"<html><body>+77011234567</body></html>"},
        {"document": "report.html"},
    )
    assert status == 200
    message = body["result"]
    assert message["has_protected_content"] is True
    document = message["document"]
    assert document["file_name"] == "report.html"
    opened = await client.get(f"/api/files/{document['file_id']}")
    assert opened.headers["Content-Type"].startswith("text/html")
    assert "+77011234567" in await opened.text()
    saved = await client.get(f"/api/files/{document['file_id']}?download=1")
    assert "attachment" in saved.headers["Content-Disposition"]
    assert (await client.get("/api/files/nothing-here")).status == 404


async def test_what_the_bot_uploads_opens_by_its_name(client: TestClient, world: World) -> None:
    """aiogram sends a file as `document=attach://<part>` beside a part of that name."""
    user = await new_user(client)
    bot = Bot(TOKEN, session=FakeSession(world.fake))
    report = BufferedInputFile(b"<p>+77011234567</p>", filename="report.html")
    sent = await bot.send_document(user, report, protect_content=True)
    assert sent.has_protected_content and sent.document.file_name == "report.html"
    opened = await client.get(f"/api/files/{sent.document.file_id}")
    assert opened.status == 200 and await opened.text() == "<p>+77011234567</p>"
    photo = await bot.send_photo(user, BufferedInputFile(b"png", filename="p.png"))
    assert world.fake.uploads[photo.photo[-1].file_id] == b"png"
    assert (await client.get("/favicon.ico")).status == 204


async def test_a_chosen_image_is_a_photo_and_a_file_a_document(
    client: TestClient, world: World
) -> None:
    user = await new_user(client)
    for name, kind, key in (("a.png", "image/png", "photo"), ("a.pdf", "application/pdf", None)):
        form = FormData({"chat_id": str(user), "from_id": str(user), "caption": "scan"})
        form.add_field("file", b"content", filename=name, content_type=kind)
        answer = await (await client.post("/api/upload", data=form)).json()
        message = answer["message"]
        assert message["caption"] == "scan"
        file_id = message["photo"][-1]["file_id"] if key else message["document"]["file_id"]
        assert world.fake.uploads[file_id] == b"content"
        assert (key or "document") in message


async def test_buttons_edits_and_blocking(client: TestClient, world: World) -> None:
    user = await new_user(client)
    card = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}
    sent = await bot(world, "sendMessage", chat_id=user, text="Agree?", reply_markup=card)
    world.fake.take_updates()
    press = {"chat_id": user, "from_id": user, "message_id": sent["message_id"]}
    await call(client, "press", 400, **press, data="forged")
    await call(client, "press", **press, data="yes")
    [update] = world.fake.take_updates()
    assert update["callback_query"]["data"] == "yes"

    await call(client, "edit", 400, **press, text="not mine")  # the bot's message
    mine = (await call(client, "send", chat_id=user, from_id=user, text="helo"))["message"]
    edited = await call(
        client, "edit", chat_id=user, from_id=user, message_id=mine["message_id"], text="hello"
    )
    assert edited["message"]["text"] == "hello" and edited["message"]["edit_date"]
    assert "edited_message" in world.fake.take_updates()[-1]

    blocked = await call(client, "block", user_id=user, blocked=True)
    assert blocked["user"]["blocked"] is True
    [update] = world.fake.take_updates()
    assert update["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    await call(client, "send", 400, chat_id=user, from_id=user, text="hi")
    await call(client, "block", user_id=user, blocked=False)
    assert world.fake.take_updates()[0]["my_chat_member"]["new_chat_member"]["status"] == "member"


async def test_contacts_one_s_own_someone_else_s_and_a_card(
    client: TestClient, world: World
) -> None:
    user = await new_user(client)
    owners = []
    for owner in ("self", "other", "card"):
        body = {"from_id": user, "phone": "+77011234567", "first_name": "A", "owner": owner}
        contact = (await call(client, "contact", **body))["message"]["contact"]
        owners.append(contact.get("user_id"))
    assert owners[0] == user and owners[1] not in (user, None) and owners[2] is None


async def test_an_agent_writes_in_a_topic(client: TestClient, world: World) -> None:
    topic = await bot(world, "createForumTopic", chat_id=ADMIN_CHAT_ID, name="Aruzhan")
    thread = topic["message_thread_id"]
    answer = await call(
        client, "send", chat_id=ADMIN_CHAT_ID, from_id=AGENT.id, thread_id=thread, text="!note"
    )
    message = answer["message"]
    assert message["message_thread_id"] == thread
    assert message["reply_to_message"]["forum_topic_created"]["name"] == "Aruzhan"
    await bot(world, "deleteForumTopic", chat_id=ADMIN_CHAT_ID, message_thread_id=thread)
    body = {"chat_id": ADMIN_CHAT_ID, "from_id": AGENT.id, "thread_id": thread, "text": "x"}
    await call(client, "send", 400, **body)


async def test_the_world_is_kept_between_runs(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    user = await new_user(client)
    await call(client, "send", chat_id=user, from_id=user, text="/start")
    await bot(world, "sendMessage", chat_id=user, text="hi", reply_markup={"remove_keyboard": True})
    await bot(world, "createForumTopic", chat_id=ADMIN_CHAT_ID, name="Aruzhan")
    world.fake.upload("doc-1", b"bytes", "a.txt")
    folder = Folder(tmp_path)
    folder.save(world)

    again = World(FakeTelegram(TOKEN, BOT_USERNAME))
    folder.load(again)
    assert again.state() == world.state()
    assert again.fake.pending_updates() == world.fake.pending_updates()  # the bot has it next
    assert again.fake.uploads == {"doc-1": b"bytes"}
    await folder.catch_up(again)  # no database yet: the world's numbers stand
    update = again.fake.push_update({"message": {}})
    assert update == world.fake.last_update_id + 1
    # Message ids leave a gap: a world saved just before a crash may be behind the database.
    next_message = again.fake.user_message(again.users[user].person, text="again")
    assert next_message["message_id"] == world.fake.last_message_ids[user] + MESSAGE_ID_GAP + 1
    assert again.create_user("B", "ru", "+77012345678").person.id == user + 1


async def test_numbering_goes_on_past_what_the_bot_handled(world: World, tmp_path: Path) -> None:
    """A world behind the bot's database (a crash within a second of a change) numbers
    updates past the newest the bot handled, which it would otherwise skip."""
    folder = Folder(tmp_path)
    folder.save(world)
    engine = build_engine(folder.database_url)
    await upgrade_to_head(engine)
    async with build_sessionmaker(engine).begin() as session:
        await updates.first_time(session, 500, wall_clock())
    await engine.dispose()
    await folder.catch_up(world)
    assert world.fake.push_update({"message": {}}) == 501


@pytest.mark.parametrize("content", ["garbage{", "{}", "[]", "null", '{"version": 1}'])
def test_a_damaged_world_is_one_line(world: World, tmp_path: Path, content: str) -> None:
    folder = Folder(tmp_path)
    folder.world.write_text(content)
    with pytest.raises(KeepingError) as refused:
        folder.load(world)
    assert "--fresh" in str(refused.value) and "\n" not in str(refused.value)
    assert world.users == {}


def test_a_database_without_its_world_is_refused(world: World, tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    folder.database.write_bytes(b"")
    with pytest.raises(KeepingError, match="--fresh"):
        folder.load(world)


def test_one_sandbox_per_folder_and_fresh_forgets_only_its_own(tmp_path: Path) -> None:
    first, second = Folder(tmp_path), Folder(tmp_path)
    first.claim()
    with pytest.raises(KeepingError, match="another sandbox"):
        second.claim()
    for path in (first.database, first.world, tmp_path / "notes.txt"):
        path.write_text("x")
    first.files.mkdir()
    first.forget()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "sandbox.lock"]


def test_the_presets_are_users_the_page_can_create(world: World) -> None:
    for preset in PRESETS:
        body = {k: v for k, v in preset.items() if k != "label"}
        world.create_user(**body)
    assert len(world.users) == len(PRESETS)


async def test_only_the_supervisor_administers_the_admin_chat(world: World) -> None:
    """The bot takes administrators for supervisors (broadcasts, policy changes)."""
    admins = await bot(world, "getChatAdministrators", chat_id=ADMIN_CHAT_ID)
    roles = dict((person.id, role) for person, role in STAFF)
    people = [a["user"]["id"] for a in admins if not a["user"]["is_bot"]]
    assert [roles[p] for p in people] == ["supervisor"]
