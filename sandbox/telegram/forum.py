"""Chats and forum topics as the bot sees them."""

import time
from typing import Any

from sandbox.telegram.wire import ADMIN_RIGHTS, ApiError, Call


class Forum:
    """Mixed into `FakeTelegram`: the admin chat, its administrators and its topics."""

    def emit_topic(self, chat_id: int, thread_id: int) -> None:
        topic = self.topics[(chat_id, thread_id)]
        self.emit("topic", {"chat_id": chat_id, "thread_id": thread_id, **topic})

    def _do_getChat(self, call: Call) -> dict[str, Any]:
        chat_id = int(call.params["chat_id"])
        if chat_id < 0 and chat_id not in self.groups:
            raise ApiError(400, "Bad Request: chat not found")
        chat = self._chat(chat_id)
        chat.update(accent_color_id=0, max_reaction_count=11)
        chat["accepted_gift_types"] = {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        }
        return chat

    def _do_getChatAdministrators(self, call: Call) -> list[dict[str, Any]]:
        chat_id = int(call.params["chat_id"])
        if chat_id not in self.groups:
            raise ApiError(400, "Bad Request: chat not found")
        admins = [
            {"status": "creator", "user": p.as_user(), "is_anonymous": False}
            for p in self.admins.get(chat_id, [])[:1]
        ]
        admins += [
            {"status": "administrator", "user": p.as_user(), **ADMIN_RIGHTS}
            for p in self.admins.get(chat_id, [])[1:]
        ]
        return [*admins, {"status": "administrator", "user": self.bot_user, **ADMIN_RIGHTS}]

    def _do_createForumTopic(self, call: Call) -> dict[str, Any]:
        chat_id = int(call.params["chat_id"])
        if not self.groups.get(chat_id, {}).get("is_forum"):
            raise ApiError(400, "Bad Request: the chat is not a forum")
        thread_id = self.next_message_id(chat_id)
        name = call.params["name"]
        self.topics[(chat_id, thread_id)] = {"name": name, "closed": False, "deleted": False}
        self.emit_topic(chat_id, thread_id)
        self._store(
            {
                "message_id": thread_id,
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self.bot_user,
                "message_thread_id": thread_id,
                "is_topic_message": True,
                "forum_topic_created": {"name": name, "icon_color": 7322096},
            }
        )
        return {"message_thread_id": thread_id, "name": name, "icon_color": 7322096}

    def _topic(self, call: Call) -> tuple[int, int]:
        key = (int(call.params["chat_id"]), int(call.params["message_thread_id"]))
        topic = self.topics.get(key)
        if topic is None or topic["deleted"]:
            raise ApiError(400, "Bad Request: TOPIC_ID_INVALID")
        return key

    def _change_topic(self, call: Call, **change: Any) -> bool:
        key = self._topic(call)
        topic = self.topics[key]
        if all(topic[name] == value for name, value in change.items()):
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic.update(change)
        self.emit_topic(*key)
        return True

    def _do_closeForumTopic(self, call: Call) -> bool:
        return self._change_topic(call, closed=True)

    def _do_reopenForumTopic(self, call: Call) -> bool:
        return self._change_topic(call, closed=False)

    def _do_deleteForumTopic(self, call: Call) -> bool:
        return self._change_topic(call, deleted=True)

    def _do_editForumTopic(self, call: Call) -> bool:
        return self._change_topic(call, name=call.params.get("name") or "")
