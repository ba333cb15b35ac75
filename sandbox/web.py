"""The sandbox page's server: the page itself, its JSON API (what people do), the event stream
(`sandbox.events`) and the files, beside the Bot API routes the bot polls.

Every action reads its fields first (`sandbox.fields`) and changes nothing when one is wrong:
the answer is 400 with an English sentence. Only pages served from this address may act.
"""

import json
import mimetypes
from collections.abc import Awaitable, Callable
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from sandbox import fields
from sandbox.events import Hub
from sandbox.telegram.detected import typed
from sandbox.telegram.server import from_another_site
from sandbox.telegram.wire import quoted
from sandbox.world import ADMIN_CHAT_ID, World, checked_phone

Action = Callable[[World, dict[str, Any]], dict[str, Any]]
Send = Callable[..., dict[str, Any]]
OTHER_PERSON_ID = 555000001  # whose Telegram account "someone else's contact" belongs to
MAX_JSON = 2**20  # bytes of an action's body
TEXT, CAPTION = 4096, 1024  # Telegram's limits


def static_dir() -> Path:
    return Path(str(files("sandbox") / "static"))


def addressed(world: World, body: dict[str, Any]) -> Send:
    """Check who writes where (and in reply to what); returns what queues the message, so a
    file is stored only once everything else was found right."""
    chat_id, from_id = fields.integer(body, "chat_id"), fields.integer(body, "from_id")
    author = world.author(chat_id, from_id)
    reply_to = None
    if (reply_id := fields.integer(body, "reply_to_message_id", required=False)) is not None:
        reply_to = world.fake.messages.get((chat_id, reply_id))
        if reply_to is None:
            raise ValueError("The message to reply to is gone.")
    if chat_id == ADMIN_CHAT_ID:
        thread = fields.integer(body, "thread_id", required=False)
        topic = world.fake.topics.get((chat_id, thread or 0))
        if thread is not None and (topic is None or topic["deleted"]):
            raise ValueError("There is no such topic (it may have been deleted).")
        return lambda **content: world.fake.agent_message(
            author, chat_id, thread, reply_to, **content
        )
    extra = {"reply_to_message": quoted(reply_to)} if reply_to is not None else {}
    return lambda **content: world.fake.user_message(author, **extra, **content)


def send(world: World, body: dict[str, Any]) -> dict[str, Any]:
    text = fields.text(body, "text", TEXT)
    return {"message": addressed(world, body)(**typed(text))}


def contact(world: World, body: dict[str, Any]) -> dict[str, Any]:
    from_id = fields.integer(body, "from_id")
    person = world.author(from_id, from_id)
    owner = fields.choice(body, "owner", ("self", "other", "card"), "self")
    phone = checked_phone(fields.text(body, "phone", 32))
    name = fields.text(body, "first_name", 64, required=False) or person.first_name
    user_id = {"self": from_id, "other": OTHER_PERSON_ID, "card": None}[owner]
    return {"message": world.fake.contact(person, phone, user_id, name)}


def press(world: World, body: dict[str, Any]) -> dict[str, Any]:
    chat_id, from_id = fields.integer(body, "chat_id"), fields.integer(body, "from_id")
    person = world.author(chat_id, from_id)
    data = body.get("data")  # exactly as the button carries it, spaces and all
    message = world.fake.messages.get((chat_id, fields.integer(body, "message_id")))
    rows = (message or {}).get("reply_markup", {}).get("inline_keyboard", [])
    if not isinstance(data, str) or not any(
        button.get("callback_data") == data for row in rows for button in row
    ):
        raise ValueError("That button is no longer on the message.")
    world.fake.press(person, message, data)
    return {"ok": True}


def edit(world: World, body: dict[str, Any]) -> dict[str, Any]:
    chat_id, from_id = fields.integer(body, "chat_id"), fields.integer(body, "from_id")
    world.author(chat_id, from_id)
    message = world.fake.messages.get((chat_id, fields.integer(body, "message_id")))
    if message is None or message.get("from", {}).get("id") != from_id:
        raise ValueError("Only one's own messages can be edited.")
    if "text" in message:
        key, text = "text", fields.text(body, "text", TEXT)
    elif any(media in message for media in ("photo", "document")):
        key, text = "caption", fields.text(body, "text", CAPTION)
    else:
        raise ValueError("Only texts and captions can be edited.")
    if message.get(key) == text:
        raise ValueError("The message already says that.")
    old_entities = "entities" if key == "text" else "caption_entities"
    unmarked = {name: value for name, value in message.items() if name != old_entities}
    return {"message": world.fake.edit(unmarked, **typed(text, key))}


def block(world: World, body: dict[str, Any]) -> dict[str, Any]:
    user_id = fields.integer(body, "user_id")
    blocked = fields.boolean(body, "blocked")
    person = world.user(user_id)
    if blocked != (user_id in world.fake.blocked_by):
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        world.fake.bot_status(person, old, new)
    return {"user": world.user_json(user_id)}


def create_user(world: World, body: dict[str, Any]) -> dict[str, Any]:
    user = world.create_user(
        fields.text(body, "first_name", 64),
        fields.text(body, "language_code", 8),
        fields.text(body, "phone", 32),
        fields.text(body, "last_name", 64, required=False) or None,
    )
    return {"user": world.user_json(user.person.id)}


def answer(work: Callable[[], dict[str, Any]]) -> web.Response:
    try:
        return web.json_response(work())
    except ValueError as exc:
        return failure(str(exc))


def failure(text: str, status: int = 400) -> web.Response:
    return web.json_response({"error": text}, status=status)


async def read_at_most(request: web.Request, limit: int) -> bytes | None:
    """The body, or None past `limit` bytes: counted as read, since a chunked body has no
    Content-Length to trust."""
    if (request.content_length or 0) > limit:
        return None
    data = bytearray()
    while chunk := await request.content.read(limit + 1 - len(data)):
        data += chunk
        if len(data) > limit:
            return None
    return bytes(data)


def json_action(world: World, action: Action) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        if request.content_type != "application/json":
            return failure("Send the action as JSON (Content-Type: application/json).")
        data = await read_at_most(request, MAX_JSON)
        if data is None:
            return failure("The request is too large.")
        try:
            body = json.loads(data)
        except (ValueError, RecursionError):
            return failure("The request body is not JSON.")
        if not isinstance(body, dict):
            return failure("The request body is not a JSON object.")
        return answer(lambda: action(world, body))

    return handler


@web.middleware
async def same_origin(request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
    """Only the page itself acts (the same rule as the Bot API stand-in's: a loopback Host, no
    DNS rebinding, and no other site's Origin or Sec-Fetch-Site)."""
    if request.path.startswith("/api/") and from_another_site(request):
        return failure("The sandbox answers its own page only.", 403)
    return await handler(request)


def add_page(app: web.Application, world: World, timezone: str) -> Hub:
    """Add the page, its API and its event stream to `app`; returns the hub of open pages.
    The page shows times in `timezone` (the bot's TIMEZONE), as the bot writes them."""
    hub = Hub(world)
    static = static_dir()

    async def index(request: web.Request) -> web.FileResponse:
        return web.FileResponse(static / "index.html", headers={"Cache-Control": "no-cache"})

    async def no_icon(request: web.Request) -> web.Response:
        return web.Response(status=204)  # browsers ask on every tab, an opened report's too

    async def state(request: web.Request) -> web.Response:
        return web.json_response({**world.state(), "timezone": timezone})

    async def upload(request: web.Request) -> web.Response:
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            return failure("A file can be at most 50 MB.")
        except ValueError:
            return failure("Send the file as a multipart form.")
        file = form.get("file")
        if not isinstance(file, web.FileField):
            return failure("Choose a file to send.")
        body = {key: value for key, value in form.items() if isinstance(value, str)}

        def send_file() -> dict[str, Any]:
            queue = addressed(world, body)
            caption = fields.text(body, "caption", CAPTION, required=False)
            content = world.attach(file.filename, file.content_type, file.file.read(), caption)
            return {"message": queue(**content)}

        return answer(send_file)

    async def download(request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if file_id not in world.fake.uploads:
            raise web.HTTPNotFound(text="No such file.")
        name = world.fake.file_names.get(file_id) or file_id
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        headers = {
            "Content-Type": kind + ("; charset=utf-8" if kind.startswith("text/") else ""),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",  # a file's page runs no script here
        }
        if request.query.get("download"):
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return web.Response(body=world.fake.uploads[file_id], headers=headers)

    app.middlewares.append(same_origin)
    app.router.add_get("/", index)
    app.router.add_get("/favicon.ico", no_icon)
    app.router.add_static("/static", static, append_version=False)
    app.router.add_get("/api/state", state)
    app.router.add_get("/api/events", hub.stream)
    app.router.add_get("/api/files/{file_id}", download)
    app.router.add_post("/api/upload", upload)
    actions = {"users": create_user, "send": send, "contact": contact, "press": press}
    actions |= {"edit": edit, "block": block}
    for name, action in actions.items():
        app.router.add_post(f"/api/{name}", json_action(world, action))
    return hub
