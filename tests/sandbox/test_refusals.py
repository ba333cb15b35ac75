"""What the sandbox page's server refuses: every wrong field is a 400 with an English sentence
and changes nothing; only the page itself may act; the stand-in refuses what Telegram refuses."""

import json
from typing import Any

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient

from sandbox.web import MAX_JSON
from sandbox.world import ADMIN_CHAT_ID, World
from tests.sandbox.page_api import AGENT, bot, call, new_user

USER = 100001  # the first user a fresh world creates


def moved(world: World) -> tuple[Any, ...]:
    """Everything an action could change."""
    fake = world.fake
    return (
        json.dumps(world.state(), sort_keys=True),
        fake.pending_updates(),
        dict(fake.uploads),
        dict(fake.counters),
    )


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("users", {"first_name": "A", "language_code": "kk", "phone": "+7701", "last_name": 7}),
        ("users", {"first_name": "\ud800", "language_code": "en", "phone": "+77011112233"}),
        ("users", {"first_name": ["A"], "language_code": "kk", "phone": "+77011112233"}),
        ("users", {"first_name": "A", "language_code": "e n", "phone": "+77011112233"}),
        ("users", {"first_name": "A" * 65, "language_code": "en", "phone": "+77011112233"}),
        ("send", {"chat_id": 1e400, "from_id": USER, "text": "hi"}),
        ("send", {"chat_id": USER, "from_id": USER, "text": ["hi"]}),
        ("send", {"chat_id": USER, "from_id": USER, "text": 12345}),
        ("send", {"chat_id": USER + 0.7, "from_id": USER, "text": "hi"}),
        ("send", {"chat_id": USER, "from_id": USER, "text": "x" * 4097}),
        ("send", {"chat_id": USER, "from_id": USER, "text": "hi", "reply_to_message_id": 999}),
        ("send", {"chat_id": ADMIN_CHAT_ID, "from_id": AGENT.id, "text": "hi", "thread_id": 4242}),
        ("send", {"chat_id": ADMIN_CHAT_ID, "from_id": USER, "text": "hi"}),
        ("block", {"user_id": USER, "blocked": "false"}),
        ("block", {"user_id": 42, "blocked": True}),
        ("contact", {"from_id": USER, "phone": "", "owner": "self"}),
        ("contact", {"from_id": USER, "phone": None, "owner": "self"}),
        ("contact", {"from_id": USER, "phone": "1" * 100, "owner": "self"}),
        ("contact", {"from_id": USER, "phone": "☎️ 💥", "owner": "self"}),
        ("contact", {"from_id": USER, "phone": "+77011234567", "owner": "mine"}),
        ("contact", {"from_id": USER, "phone": "+77011234567", "first_name": "A" * 65}),
        ("press", {"chat_id": USER, "from_id": USER, "message_id": 1, "data": "x"}),
        ("edit", {"chat_id": USER, "from_id": USER, "message_id": 1, "text": "x" * 4097}),
        ("edit", {"chat_id": USER, "from_id": USER, "message_id": 1, "text": "hello"}),
    ],
)
async def test_a_wrong_field_is_a_sentence_and_changes_nothing(
    client: TestClient, world: World, path: str, body: dict[str, Any]
) -> None:
    await new_user(client)
    await call(client, "send", chat_id=USER, from_id=USER, text="hello")  # message 1
    before = moved(world)
    answer = await call(client, path, 400, **body)
    assert answer["error"].endswith(".") and "Error" not in answer["error"]
    assert moved(world) == before


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "application/json"),
        (b"not json", "application/json"),
        (b'{"chat_id": 1}', "text/plain"),
    ],
)
async def test_a_body_that_is_no_json_object_is_refused(
    client: TestClient, data: bytes, content_type: str
) -> None:
    response = await client.post("/api/send", data=data, headers={"Content-Type": content_type})
    assert response.status == 400
    assert (await response.json())["error"]


async def test_a_body_past_the_limit_is_refused_however_it_is_sent(
    client: TestClient, world: World
) -> None:
    """Without a Content-Length (a chunked body) too: what is read is limited, not the header."""
    body = {"first_name": "A", "language_code": "kk", "phone": "+77011234567"}
    data = json.dumps({**body, "padding": "x" * MAX_JSON}).encode()

    async def chunked():
        for start in range(0, len(data), 65536):
            yield data[start : start + 65536]

    for sent in (data, chunked()):
        response = await client.post(
            "/api/users", data=sent, headers={"Content-Type": "application/json"}
        )
        assert response.status == 400
        assert (await response.json())["error"] == "The request is too large."
    assert world.users == {}


async def test_a_refused_upload_stores_no_file(client: TestClient, world: World) -> None:
    await new_user(client)
    before = moved(world)
    for extra in ({"reply_to_message_id": "999"}, {"chat_id": "x"}, {"from_id": "42"}):
        form = FormData({"chat_id": str(USER), "from_id": str(USER), **extra})
        form.add_field("file", b"content", filename="a.pdf", content_type="application/pdf")
        response = await client.post("/api/upload", data=form)
        assert response.status == 400, await response.text()
    broken = await client.post(
        "/api/upload", data=b"--x", headers={"Content-Type": "multipart/form-data"}
    )
    assert broken.status == 400
    assert moved(world) == before


async def test_a_blocked_user_cannot_act_until_unblocked(client: TestClient, world: World) -> None:
    await new_user(client)
    card = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}
    sent = await bot(world, "sendMessage", chat_id=USER, text="Agree?", reply_markup=card)
    await call(client, "block", user_id=USER, blocked=True)
    before = moved(world)
    press = {"chat_id": USER, "from_id": USER, "message_id": sent["message_id"], "data": "yes"}
    answer = await call(client, "press", 400, **press)
    assert "blocked" in answer["error"]
    await call(client, "contact", 400, from_id=USER, phone="+77011234567")
    assert moved(world) == before


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://evil.example"}, {"Host": "evil.example:8088"}],
)
async def test_only_the_page_itself_may_act(
    client: TestClient, world: World, headers: dict[str, str]
) -> None:
    body = {"first_name": "A", "language_code": "kk", "phone": "+77011234567"}
    response = await client.post("/api/users", json=body, headers=headers)
    assert response.status == 403
    assert world.users == {}


async def test_a_file_opens_without_running_its_scripts(client: TestClient, world: World) -> None:
    world.fake.upload("doc-u1", b"<script>fetch('/api/users')</script>", 'a"b ä.html')
    opened = await client.get("/api/files/doc-u1")
    assert opened.headers["Content-Security-Policy"] == "sandbox"
    assert opened.headers["X-Content-Type-Options"] == "nosniff"
    saved = await client.get("/api/files/doc-u1?download=1")
    assert (
        saved.headers["Content-Disposition"] == "attachment; filename*=UTF-8''a%22b%20%C3%A4.html"
    )


async def test_the_stand_in_reads_html_as_telegram_does(world: World) -> None:
    sent = await bot(
        world, "sendMessage", chat_id=USER, text="<b>Due</b> 🗓 <a href='https://x.kz'>here</a>",
        parse_mode="HTML",
    )  # fmt: skip
    assert sent["text"] == "Due 🗓 here"
    assert sent["entities"] == [
        {"type": "bold", "offset": 0, "length": 3},
        {"type": "text_link", "offset": 7, "length": 4, "url": "https://x.kz"},  # 🗓 is 2 units
    ]
    for text in ("<b>open", "<blink>x</blink>", "", "x" * 4097):
        status, body = await world.fake.handle(
            "sendMessage", {"chat_id": USER, "text": text, "parse_mode": "HTML"}
        )
        assert status == 400 and body["description"].startswith("Bad Request: "), text


async def test_the_stand_in_edits_only_what_telegram_would(
    client: TestClient, world: World
) -> None:
    await new_user(client)
    mine = (await call(client, "send", chat_id=USER, from_id=USER, text="hi"))["message"]
    photo = await bot(world, "sendPhoto", chat_id=USER, photo="photo-1")
    for message, problem in ((mine, "can't be edited"), (photo, "no text in the message")):
        status, body = await world.fake.handle(
            "editMessageText", {"chat_id": USER, "message_id": message["message_id"], "text": "x"}
        )
        assert status == 400 and problem in body["description"]


async def test_a_reply_quotes_without_its_own_reply(client: TestClient, world: World) -> None:
    await new_user(client)
    first = (await call(client, "send", chat_id=USER, from_id=USER, text="one"))["message"]
    body = {"chat_id": USER, "from_id": USER, "reply_to_message_id": first["message_id"]}
    second = (await call(client, "send", text="two", **body))["message"]
    body["reply_to_message_id"] = second["message_id"]
    third = (await call(client, "send", text="three", **body))["message"]
    assert third["reply_to_message"]["text"] == "two"
    assert "reply_to_message" not in third["reply_to_message"]


@pytest.mark.parametrize(
    "entities",
    [[None], "bold", [{"type": "bold", "offset": -1, "length": 2}],
     [{"type": "bold", "offset": 0, "length": 99}], [{"offset": 0, "length": 1}]],
)  # fmt: skip
async def test_entities_outside_the_text_are_refused(world: World, entities: Any) -> None:
    status, body = await world.fake.handle(
        "sendMessage", {"chat_id": USER, "text": "hi", "entities": entities}
    )
    assert status == 400 and "can't parse entities" in body["description"]


async def test_a_button_is_pressed_with_its_data_as_it_is(client: TestClient, world: World) -> None:
    await new_user(client)
    card = {"inline_keyboard": [[{"text": "Odd", "callback_data": " odd "}]]}
    sent = await bot(world, "sendMessage", chat_id=USER, text="?", reply_markup=card)
    press = {"chat_id": USER, "from_id": USER, "message_id": sent["message_id"]}
    await call(client, "press", **press, data=" odd ")
    assert world.fake.pending_updates()[-1]["callback_query"]["data"] == " odd "
