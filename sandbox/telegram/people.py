"""The people's side of the fake Bot API: what users and agents do, queued as updates."""

import time
from typing import Any

from sandbox.telegram.detected import typed
from sandbox.telegram.wire import Person, quoted


class People:
    """Mixed into `FakeTelegram`: each call queues the update Telegram would send the bot."""

    def user_message(self, person: Person, **content: Any) -> dict[str, Any]:
        """Queue a private message from `person`; returns the message object."""
        self.private_chats[person.id] = person.as_private_chat()
        message = self._store(
            {
                "message_id": self.next_message_id(person.id),
                "date": int(time.time()),
                "chat": person.as_private_chat(),
                "from": person.as_user(),
                **content,
            }
        )
        self.push_update({"message": message})
        return message

    def agent_message(
        self,
        agent: Person,
        chat_id: int,
        thread_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """Queue a message an agent writes in the admin chat (in a topic when `thread_id`)."""
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": agent.as_user(),
            **content,
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
            # Telegram makes every topic message a reply to the topic's first message.
            reply_to = reply_to or self.messages.get((chat_id, thread_id))
        if reply_to is not None:
            message["reply_to_message"] = quoted(reply_to)
        self.push_update({"message": self._store(message)})
        return message

    def edit(self, message: dict[str, Any], **content: Any) -> dict[str, Any]:
        """Queue an `edited_message` update: someone edited what they had sent."""
        edited = {**message, **content, "edit_date": int(time.time())}
        self._store(edited)
        self.push_update({"edited_message": edited})
        return edited

    def text(self, person: Person, text: str, **extra: Any) -> dict[str, Any]:
        return self.user_message(person, **typed(text), **extra)

    def contact(
        self, person: Person, phone_number: str, user_id: int | None, first_name: str = "Contact"
    ) -> dict[str, Any]:
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": first_name}
        if user_id is not None:
            contact["user_id"] = user_id
        return self.user_message(person, contact=contact)

    @staticmethod
    def photo_content(n: int = 1, caption: str | None = None) -> dict[str, Any]:
        size = {"file_id": f"photo-{n}", "file_unique_id": f"p{n}", "width": 90, "height": 90}
        content: dict[str, Any] = {"photo": [size]}
        if caption is not None:
            content["caption"] = caption
        return content

    def photo(self, person: Person, caption: str | None = None) -> dict[str, Any]:
        return self.user_message(person, **self.photo_content(1, caption))

    def sticker(self, person: Person) -> dict[str, Any]:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self.user_message(person, sticker=sticker)

    def document(self, person: Person, name: str = "scan.pdf") -> dict[str, Any]:
        document = {"file_id": f"doc-{name}", "file_unique_id": f"d-{name}", "file_name": name}
        return self.user_message(person, document=document)

    def voice(self, person: Person) -> dict[str, Any]:
        return self.user_message(
            person, voice={"file_id": "voice-1", "file_unique_id": "v1", "duration": 3}
        )

    def new_album_id(self) -> str:
        return f"album-{self.count('album')}"

    def album(self, person: Person, size: int = 3) -> list[dict[str, Any]]:
        group = self.new_album_id()
        return [
            self.user_message(person, media_group_id=group, **self.photo_content(n))
            for n in range(1, size + 1)
        ]

    def press(self, person: Person, message: dict[str, Any], callback_data: str) -> None:
        """Queue a tap on an inline button of a message the bot sent."""
        query_id = str(self.count("callback"))
        self.callbacks[query_id] = person.id
        self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": person.as_user(),
                    "message": message,
                    "chat_instance": f"ci-{person.id}",
                    "data": callback_data,
                }
            }
        )

    def bot_status(self, person: Person, old: str, new: str) -> None:
        """Queue a `my_chat_member` update: the user blocked ("kicked") or restarted the bot."""
        if new == "kicked":
            self.blocked_by.add(person.id)
        else:
            self.blocked_by.discard(person.id)
        self.emit("status", {"user_id": person.id, "blocked": new == "kicked"})

        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"status": status, "user": self.bot_user}
            if status == "kicked":
                data["until_date"] = 0
            return data

        self.push_update(
            {
                "my_chat_member": {
                    "chat": person.as_private_chat(),
                    "from": person.as_user(),
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            }
        )

    def push_update(self, update: dict[str, Any]) -> int:
        self.last_update_id += 1
        update_id = self.last_update_id
        self._updates.append({"update_id": update_id, **update})
        self._notify()
        return update_id

    def take_updates(self) -> list[dict[str, Any]]:
        """Hand over every queued update (flow tests feed them to the dispatcher directly)."""
        taken, self._updates = self._updates, []
        return taken
