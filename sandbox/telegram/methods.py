"""The bot's side: answers to the Bot API methods that send, copy and edit messages."""

import ipaddress
import time
from typing import Any
from urllib.parse import urlsplit

from sandbox.telegram.markup import formatted
from sandbox.telegram.wire import CONTENT_KEYS, UNCOPYABLE_KEYS, ApiError, Call, flag, quoted


def on_this_machine(url: str) -> bool:
    """An http(s) URL whose host is localhost or a loopback address."""
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        return parts.hostname == "localhost" or ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:  # no IP address, or a broken [IPv6] host
        return False


class Methods:
    """Mixed into `FakeTelegram`: `_do_<method>` answers one Bot API method."""

    def _new_message(self, call: Call, **content: Any) -> dict[str, Any]:
        params = call.params
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            **{k: v for k, v in content.items() if v is not None},
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if flag(params.get("protect_content")):
            message["has_protected_content"] = True
        if params.get("message_thread_id"):
            message["message_thread_id"] = int(params["message_thread_id"])
            message["is_topic_message"] = True
        reply = params.get("reply_parameters")
        if reply:
            target = self.messages.get((chat_id, int(reply["message_id"])))
            if target is not None:
                message["reply_to_message"] = quoted(target)
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        call.messages.append(self._store(message))
        if isinstance(markup, dict) and ("keyboard" in markup or "remove_keyboard" in markup):
            self.keyboards[chat_id] = markup if "keyboard" in markup else None
            self.emit("keyboard", {"chat_id": chat_id, "markup": self.keyboards[chat_id]})
        return message

    def _source(self, chat_id: Any, message_id: Any) -> dict[str, Any]:
        source = self.messages.get((int(chat_id), int(message_id)))
        if source is None:
            raise ApiError(400, "Bad Request: message to copy not found")
        if any(key in source for key in UNCOPYABLE_KEYS):
            raise ApiError(400, "Bad Request: message can't be copied")
        return source

    def upload(self, file_id: str, content: bytes, name: str | None = None) -> dict[str, Any]:
        """A file Telegram holds (what a document in a message points at)."""
        self.uploads[file_id] = content
        if name:
            self.file_names[file_id] = name
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(content)}

    def _sent_file(self, call: Call, field: str, prefix: str) -> dict[str, Any]:
        """The file a send method carries: uploaded with the call, or an id Telegram holds."""
        value = str(call.params.get(field) or "")
        part = value.removeprefix("attach://") if value.startswith("attach://") else field
        if part in call.files:  # aiogram names the part `attach://<part>` in the field
            file_id = f"{prefix}-{self.count('file')}"
            return self.upload(file_id, call.files[part], call.file_names.get(part))
        file_id = value
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}"}

    def download(self, file_path: str) -> bytes:
        """The content behind a `file_path` getFile gave (raises KeyError when unknown)."""
        return self.uploads[file_path.removeprefix("documents/")]

    def _do_getFile(self, call: Call) -> dict[str, Any]:
        file_id = str(call.params["file_id"])
        if file_id not in self.uploads:
            raise ApiError(400, "Bad Request: invalid file_id")
        content = self.uploads[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(content),
            "file_path": f"documents/{file_id}",
        }

    def _do_getMe(self, call: Call) -> dict[str, Any]:
        return self.bot_user

    def _do_sendMessage(self, call: Call) -> dict[str, Any]:
        return self._new_message(call, **formatted(call.params, "text"))

    def _do_sendDocument(self, call: Call) -> dict[str, Any]:
        document = self._sent_file(call, "document", "doc")
        if name := self.file_names.get(document["file_id"]):
            document["file_name"] = name
        return self._new_message(call, document=document, **formatted(call.params, "caption"))

    def _do_sendPhoto(self, call: Call) -> dict[str, Any]:
        photo = [{**self._sent_file(call, "photo", "photo"), "width": 90, "height": 90}]
        return self._new_message(call, photo=photo, **formatted(call.params, "caption"))

    def _copy(self, call: Call, source: dict[str, Any], **override: Any) -> dict[str, Any]:
        content = {key: source[key] for key in CONTENT_KEYS if key in source}
        content.update(formatted(call.params, "caption"))
        return self._new_message(call, **content, **override)

    def _do_copyMessage(self, call: Call) -> dict[str, Any]:
        source = self._source(call.params["from_chat_id"], call.params["message_id"])
        return {"message_id": self._copy(call, source)["message_id"]}

    def _do_copyMessages(self, call: Call) -> list[dict[str, Any]]:
        ids = sorted(int(i) for i in call.params["message_ids"])
        sources = [self._source(call.params["from_chat_id"], i) for i in ids]
        group = self.new_album_id() if len(sources) > 1 else None
        return [
            {"message_id": self._copy(call, source, media_group_id=group)["message_id"]}
            for source in sources
        ]

    def _edit(self, call: Call, key: str) -> dict[str, Any]:
        chat_id, message_id = int(call.params["chat_id"]), int(call.params["message_id"])
        stored = self.messages.get((chat_id, message_id))
        if stored is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if stored["from"]["id"] != self.bot_id:
            raise ApiError(400, "Bad Request: message can't be edited")
        if key == "text" and "text" not in stored:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        content = formatted(call.params, key)
        markup = call.params.get("reply_markup")
        if stored.get(key) == content[key] and stored.get("reply_markup") == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        entities_key = "entities" if key == "text" else "caption_entities"
        updated = {**stored, key: content[key], "edit_date": int(time.time())}
        updated.pop(entities_key, None)
        if content[entities_key]:
            updated[entities_key] = content[entities_key]
        # An edit without a keyboard removes the inline keyboard, as Telegram does.
        updated.pop("reply_markup", None)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            updated["reply_markup"] = markup
        call.messages.append(self._store(updated))
        return updated

    def _do_editMessageText(self, call: Call) -> dict[str, Any] | bool:
        if "inline_message_id" in call.params:
            return True
        return self._edit(call, "text")

    def _do_editMessageCaption(self, call: Call) -> dict[str, Any] | bool:
        return self._edit(call, "caption")

    def _do_editMessageReplyMarkup(self, call: Call) -> dict[str, Any] | bool:
        key = (int(call.params.get("chat_id") or 0), int(call.params.get("message_id") or 0))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        updated = {**self.messages[key], "edit_date": int(time.time())}
        updated.pop("reply_markup", None)
        markup = call.params.get("reply_markup")
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            updated["reply_markup"] = markup
        return self._store(updated)

    def _do_deleteMessage(self, call: Call) -> bool:
        key = (int(call.params["chat_id"]), int(call.params["message_id"]))
        if self.messages.pop(key, None) is not None:
            self.emit("deleted", {"chat_id": key[0], "message_id": key[1]})
        return True

    def _do_answerCallbackQuery(self, call: Call) -> bool:
        if call.params.get("text"):
            toast = {
                "user_id": self.callbacks.get(str(call.params["callback_query_id"])),
                "text": call.params["text"],
                "show_alert": flag(call.params.get("show_alert")),
            }
            self.emit("toast", toast)
        return True

    def _ok(self, call: Call) -> bool:
        return True

    _do_setMyCommands = _ok
    _do_deleteMyCommands = _ok

    def _do_setMessageReaction(self, call: Call) -> bool:
        """Kept on the message (not a field of Telegram's Message) for the sandbox page."""
        key = (int(call.params["chat_id"]), int(call.params["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to react not found")
        emoji = [r.get("emoji") for r in call.params.get("reaction") or [] if r.get("emoji")]
        self._store({**self.messages[key], "reactions": emoji})
        return True

    def _do_deleteWebhook(self, call: Call) -> bool:
        self.webhook = None
        if flag(call.params.get("drop_pending_updates")):
            self._updates = []
        return True

    def _do_setWebhook(self, call: Call) -> bool:
        """Remembers the settings (a test reads them here or in `calls_of("setWebhook")`);
        an empty url removes the webhook, as Telegram does. Updates carry people's messages
        and phones: they are delivered on this machine only."""
        if not call.params.get("url"):
            return self._do_deleteWebhook(call)
        if not on_this_machine(str(call.params["url"])):
            raise ApiError(
                400, "Bad Request: bad webhook: the stand-in delivers to loopback addresses only"
            )
        self.webhook = {
            "url": str(call.params["url"]),
            "secret_token": call.params.get("secret_token"),
            "allowed_updates": call.params.get("allowed_updates"),
            "max_connections": call.params.get("max_connections"),
            "drop_pending_updates": flag(call.params.get("drop_pending_updates")),
        }
        if self.webhook["drop_pending_updates"]:
            self._updates = []
        return True
