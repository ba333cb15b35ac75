"""The sandbox page's server: the page itself, its JSON API (what people do) and a stream of
server-sent events (what happens), beside the Bot API routes the bot polls."""

import asyncio
import contextlib
import json
import mimetypes
from collections.abc import Awaitable, Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from aiohttp import web

from sandbox.world import ADMIN_CHAT_ID, World

Action = Callable[[World, dict[str, Any]], dict[str, Any]]
PING_EVERY = 15.0  # seconds between comments on a quiet event stream (keeps proxies open)
OTHER_PERSON_ID = 555000001  # whose Telegram account "someone else's contact" belongs to


def static_dir() -> Path:
    return Path(str(files("sandbox") / "static"))


class Hub:
    """Fans what the Bot API stand-in tells out to every open page."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.queues: set[asyncio.Queue[tuple[str, dict[str, Any]]]] = set()
        world.fake.listeners.append(self.hear)

    def hear(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "status":  # blocked or unblocked: the page redraws the user
            kind, data = "user", self.world.user_json(data["user_id"])
        for queue in self.queues:
            queue.put_nowait((kind, data))

    async def stream(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self.queues.add(queue)
        try:
            await response.write(b"retry: 1000\n\n")
            while True:
                try:
                    kind, data = await asyncio.wait_for(queue.get(), PING_EVERY)
                except TimeoutError:
                    await response.write(b": ping\n\n")
                    continue
                await response.write(f"event: {kind}\ndata: {json.dumps(data)}\n\n".encode())
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.queues.discard(queue)
        return response


def command_entities(text: str) -> dict[str, Any]:
    """A text as Telegram delivers it: a leading /command carries its entity."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        length = len(text.split()[0].encode("utf-16-le")) // 2
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return content


def post(world: World, body: dict[str, Any], **content: Any) -> dict[str, Any]:
    """A message someone writes into a chat: a user in their private chat, staff in a topic."""
    chat_id, from_id = int(body["chat_id"]), int(body["from_id"])
    author = world.author(chat_id, from_id)
    reply_to = None
    if body.get("reply_to_message_id"):
        reply_to = world.fake.messages.get((chat_id, int(body["reply_to_message_id"])))
        if reply_to is None:
            raise ValueError("The message to reply to is gone.")
    if chat_id == ADMIN_CHAT_ID:
        thread = int(body["thread_id"]) if body.get("thread_id") else None
        if thread is not None and world.fake.topics.get((chat_id, thread), {}).get("deleted"):
            raise ValueError("That topic was deleted.")
        return world.fake.agent_message(author, chat_id, thread, reply_to, **content)
    if from_id in world.fake.blocked_by:
        raise ValueError("This user has blocked the bot: unblock it first.")
    if reply_to is not None:
        content["reply_to_message"] = reply_to
    return world.fake.user_message(author, **content)


def send(world: World, body: dict[str, Any]) -> dict[str, Any]:
    text = str(body.get("text") or "").strip()
    if not text or len(text) > 4096:
        raise ValueError("A message needs 1 to 4096 characters.")
    return {"message": post(world, body, **command_entities(text))}


def contact(world: World, body: dict[str, Any]) -> dict[str, Any]:
    from_id = int(body["from_id"])
    person = world.author(from_id, from_id)
    owner = {"self": from_id, "other": OTHER_PERSON_ID, "card": None}[body.get("owner", "self")]
    card: dict[str, Any] = {
        "phone_number": str(body["phone"]).strip(),
        "first_name": str(body.get("first_name") or person.first_name),
    }
    if owner is not None:
        card["user_id"] = owner
    return {"message": post(world, {"chat_id": from_id, "from_id": from_id}, contact=card)}


def press(world: World, body: dict[str, Any]) -> dict[str, Any]:
    chat_id, from_id = int(body["chat_id"]), int(body["from_id"])
    person = world.author(chat_id, from_id)
    message = world.fake.messages.get((chat_id, int(body["message_id"])))
    rows = (message or {}).get("reply_markup", {}).get("inline_keyboard", [])
    if not any(button.get("callback_data") == body["data"] for row in rows for button in row):
        raise ValueError("That button is no longer on the message.")
    world.fake.press(person, message, str(body["data"]))
    return {"ok": True}


def edit(world: World, body: dict[str, Any]) -> dict[str, Any]:
    chat_id, from_id = int(body["chat_id"]), int(body["from_id"])
    world.author(chat_id, from_id)
    message = world.fake.messages.get((chat_id, int(body["message_id"])))
    if message is None or message.get("from", {}).get("id") != from_id:
        raise ValueError("Only one's own messages can be edited.")
    text = str(body.get("text") or "").strip()
    if not text:
        raise ValueError("An edited message cannot be empty.")
    key = "text" if "text" in message else "caption"
    if key == "caption" and not any(k in message for k in ("photo", "document")):
        raise ValueError("Only texts and captions can be edited.")
    return {"message": world.fake.edit(message, **{key: text})}


def block(world: World, body: dict[str, Any]) -> dict[str, Any]:
    user_id = int(body["user_id"])
    person = world.author(user_id, user_id)
    blocked = bool(body["blocked"])
    if blocked != (user_id in world.fake.blocked_by):
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        world.fake.bot_status(person, old, new)
    return {"user": world.user_json(user_id)}


def create_user(world: World, body: dict[str, Any]) -> dict[str, Any]:
    user = world.create_user(
        str(body.get("first_name") or ""),
        str(body.get("language_code") or ""),
        str(body.get("phone") or ""),
        body.get("last_name") or None,
    )
    return {"user": world.user_json(user.person.id)}


def json_action(world: World, action: Action) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            return failure("The request body is not JSON.")
        if not isinstance(body, dict):
            return failure("The request body is not a JSON object.")
        return answer(lambda: action(world, body))

    return handler


def answer(work: Callable[[], dict[str, Any]]) -> web.Response:
    try:
        return web.json_response(work())
    except ValueError as exc:
        return failure(str(exc))
    except (KeyError, TypeError):
        return failure("A field is missing or has the wrong type.")


def failure(text: str) -> web.Response:
    return web.json_response({"error": text}, status=400)


def add_page(app: web.Application, world: World) -> Hub:
    """Add the page, its API and its event stream to `app`; returns the hub of open pages."""
    hub = Hub(world)
    static = static_dir()

    async def index(request: web.Request) -> web.FileResponse:
        return web.FileResponse(static / "index.html", headers={"Cache-Control": "no-cache"})

    async def state(request: web.Request) -> web.Response:
        return web.json_response(world.state())

    async def upload(request: web.Request) -> web.Response:
        form = await request.post()
        file = form.get("file")
        if not isinstance(file, web.FileField):
            return failure("Choose a file to send.")
        fields = {key: value for key, value in form.items() if isinstance(value, str)}

        def send_file() -> dict[str, Any]:
            world.author(int(fields["chat_id"]), int(fields["from_id"]))  # before storing it
            return {"message": post(world, fields, **attached(world, file, fields))}

        return answer(send_file)

    async def download(request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if file_id not in world.fake.uploads:
            raise web.HTTPNotFound(text="No such file.")
        name = world.fake.file_names.get(file_id) or file_id
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        headers = {"Content-Type": kind + ("; charset=utf-8" if kind.startswith("text/") else "")}
        if request.query.get("download"):
            headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return web.Response(body=world.fake.uploads[file_id], headers=headers)

    async def no_icon(request: web.Request) -> web.Response:
        return web.Response(status=204)  # browsers ask on every tab, an opened report's too

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


def attached(world: World, file: web.FileField, fields: dict[str, str]) -> dict[str, Any]:
    """A chosen file as message content: an image is a photo, anything else a document."""
    content = file.file.read()
    kind = file.content_type or mimetypes.guess_type(file.filename)[0] or ""
    number = world.fake.count("file")
    message: dict[str, Any] = {}
    if kind.startswith("image/"):
        stored = world.fake.upload(f"photo-u{number}", content, file.filename)
        message["photo"] = [{**stored, "width": 640, "height": 480}]
    else:
        stored = world.fake.upload(f"doc-u{number}", content, file.filename)
        message["document"] = {**stored, "file_name": file.filename, "mime_type": kind}
    with contextlib.suppress(KeyError):
        if fields["caption"].strip():
            message["caption"] = fields["caption"].strip()[:1024]
    return message
