"""The sandbox's demo world: an admin chat with topics, its staff, and the users someone at the
keyboard plays, around one `FakeTelegram`; it can be saved and read back between runs."""

import mimetypes
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sandbox.telegram import FakeTelegram, Person
from sandbox.telegram.detected import typed

TOKEN = "7000000001:sandbox-not-a-secret"
BOT_USERNAME = "qamqor_sandbox_bot"
ADMIN_CHAT_ID = -1001000000001
ADMIN_CHAT_TITLE = "Qamqor care (sandbox)"
FIRST_USER_ID = 100001
# The person at the keyboard acts as them in the admin chat; the first is the chat's creator,
# so a supervisor (broadcasts, policy changes), the second a plain agent.
STAFF = (
    (Person(900001, "Dana", "Supervisor", "dana_care", "en"), "supervisor"),
    (Person(900002, "Timur", "Agent", "timur_care", "en"), "agent"),
)
PRESETS = (
    {"label": "Kazakh mobile, Kazakh", "first_name": "Aruzhan", "last_name": "Serikqyzy",
     "language_code": "kk", "phone": "+77011234567"},
    {"label": "Kazakh mobile, Russian", "first_name": "Дмитрий", "last_name": "Ким",
     "language_code": "ru", "phone": "+77072345678"},
    {"label": "Kazakh mobile, English", "first_name": "Emma", "last_name": "Baker",
     "language_code": "en", "phone": "+77473456789"},
    {"label": "Russian number (refused)", "first_name": "Иван", "last_name": "Петров",
     "language_code": "ru", "phone": "+79161234567"},
    {"label": "Kazakh landline (refused)", "first_name": "Асель", "last_name": None,
     "language_code": "kk", "phone": "+77272501234"},
)  # fmt: skip
SNAPSHOT_VERSION = 1
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
PHONE = re.compile(r"^\+?[0-9 ()-]{5,20}$")


def checked_phone(phone: str) -> str:
    """A phone number as the page may type it (a new user's, a shared contact's)."""
    phone = phone.strip()
    if not PHONE.fullmatch(phone):
        raise ValueError("A phone number is digits, optionally starting with +.")
    return phone


@dataclass
class DemoUser:
    person: Person
    phone: str

    def as_json(self, blocked: bool) -> dict[str, Any]:
        person = self.person
        return {
            "id": person.id,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "language_code": person.language_code,
            "phone": self.phone,
            "blocked": blocked,
        }


class World:
    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        fake.keep_calls = False
        self.users: dict[int, DemoUser] = {}
        self.staff = {person.id: (person, role) for person, role in STAFF}
        fake.add_group(ADMIN_CHAT_ID, ADMIN_CHAT_TITLE)
        fake.admins[ADMIN_CHAT_ID] = [person for person, role in STAFF if role == "supervisor"]

    def create_user(
        self, first_name: str, language_code: str, phone: str, last_name: str | None = None
    ) -> DemoUser:
        """A new person who has never written to the bot; ValueError names a bad field."""
        first_name, last_name = first_name.strip(), (last_name or "").strip() or None
        if not 1 <= len(first_name) <= 64 or len(last_name or "") > 64:
            raise ValueError("A name needs 1 to 64 characters.")
        if not LANGUAGE.fullmatch(language_code):
            raise ValueError("A Telegram language is a code such as kk, ru or en.")
        phone = checked_phone(phone)
        user_id = max(self.users, default=FIRST_USER_ID - 1) + 1
        username = f"user{user_id}"
        person = Person(user_id, first_name, last_name, username, language_code)
        user = self.users[user_id] = DemoUser(person, phone)
        self.fake.emit("user", self.user_json(user_id))
        return user

    def user_json(self, user_id: int) -> dict[str, Any]:
        return self.users[user_id].as_json(user_id in self.fake.blocked_by)

    def user(self, user_id: int) -> Person:
        if user_id not in self.users:
            raise ValueError("There is no such user.")
        return self.users[user_id].person

    def author(self, chat_id: int, from_id: int) -> Person:
        """Who writes in this chat: the user in their own private chat (unless they blocked
        the bot), staff in the admin chat; ValueError otherwise."""
        if chat_id == ADMIN_CHAT_ID and from_id in self.staff:
            return self.staff[from_id][0]
        if chat_id != from_id or from_id not in self.users:
            raise ValueError("Nobody by that id writes in that chat.")
        if from_id in self.fake.blocked_by:
            raise ValueError("This user has blocked the bot: unblock it first.")
        return self.users[from_id].person

    def attach(self, name: str, kind: str | None, content: bytes, caption: str) -> dict[str, Any]:
        """A file chosen on the computer as message content: an image is a photo, anything
        else a document."""
        kind = kind or mimetypes.guess_type(name)[0] or "application/octet-stream"
        number = self.fake.count("file")
        message: dict[str, Any] = typed(caption, "caption") if caption else {}
        if kind.startswith("image/"):
            stored = self.fake.upload(f"photo-u{number}", content, name)
            message["photo"] = [{**stored, "width": 640, "height": 480}]
        else:
            stored = self.fake.upload(f"doc-u{number}", content, name)
            message["document"] = {**stored, "file_name": name, "mime_type": kind}
        return message

    def state(self) -> dict[str, Any]:
        """Everything the page shows, as `GET /api/state` answers it."""
        fake = self.fake
        return {
            "bot": {k: fake.bot_user[k] for k in ("id", "first_name", "username")},
            "admin_chat": {"id": ADMIN_CHAT_ID, "title": ADMIN_CHAT_TITLE},
            "staff": [
                {"id": person.id, "first_name": person.first_name, "role": role}
                for person, role in self.staff.values()
            ],
            "users": [self.user_json(user_id) for user_id in self.users],
            "presets": list(PRESETS),
            "topics": [
                {"chat_id": chat, "thread_id": thread, **topic}
                for (chat, thread), topic in fake.topics.items()
            ],
            "messages": list(fake.messages.values()),
            "keyboards": {str(chat): markup for chat, markup in fake.keyboards.items()},
        }

    # ---- kept between runs (sandbox.keeping writes it) ---------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Everything but the files' contents, as JSON-ready data."""
        fake = self.fake
        return {
            "version": SNAPSHOT_VERSION,
            "users": [{"person": asdict(u.person), "phone": u.phone} for u in self.users.values()],
            "messages": list(fake.messages.values()),
            "topics": [[chat, thread, topic] for (chat, thread), topic in fake.topics.items()],
            "keyboards": [[chat, markup] for chat, markup in fake.keyboards.items()],
            "blocked_by": sorted(fake.blocked_by),
            "updates": fake.pending_updates(),
            "callbacks": fake.callbacks,
            "last_update_id": fake.last_update_id,
            "last_message_ids": [[chat, last] for chat, last in fake.last_message_ids.items()],
            "counters": fake.counters,
            "files": {file_id: fake.file_names.get(file_id) for file_id in fake.uploads},
        }

    def restore(self, saved: dict[str, Any], contents: Callable[[str], bytes]) -> None:
        """Read a snapshot back, the files' contents through `contents(file_id)`; ValueError
        when it is not a snapshot of this version."""
        if not isinstance(saved, dict) or saved.get("version") != SNAPSHOT_VERSION:
            raise ValueError("not a sandbox world of this version")
        fake = self.fake
        try:
            for user in saved["users"]:
                person = Person(**user["person"])
                self.users[person.id] = DemoUser(person, user["phone"])
                fake.private_chats[person.id] = person.as_private_chat()
            fake.messages = {(m["chat"]["id"], m["message_id"]): m for m in saved["messages"]}
            fake.topics = {(chat, thread): topic for chat, thread, topic in saved["topics"]}
            fake.keyboards = {chat: markup for chat, markup in saved["keyboards"]}
            fake.blocked_by = set(saved["blocked_by"])
            fake.requeue(saved["updates"])
            fake.callbacks.update(saved["callbacks"])
            fake.last_update_id = saved["last_update_id"]
            fake.last_message_ids = {chat: last for chat, last in saved["last_message_ids"]}
            fake.counters.update(saved["counters"])
            for file_id, name in saved["files"].items():
                fake.upload(file_id, contents(file_id), name)
        except (KeyError, TypeError, AttributeError, OSError) as exc:
            raise ValueError(f"damaged ({type(exc).__name__}: {exc})") from None
