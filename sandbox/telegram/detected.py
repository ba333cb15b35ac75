"""What Telegram marks in a text by itself, as entities (offsets in UTF-16 units): a leading
/command in what a person typed, and web and e-mail addresses in any message, a person's or
the bot's, beside the entities its sender gave."""

import re
from typing import Any

from care.common.texts import units

# A web address written with its scheme or starting with www., or an e-mail address (tried
# only where a word starts: a long word is read once, not once per letter).
ADDRESS = re.compile(
    r"(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<url>\b(?:https?://|www\.)[^\s<>\"]+)",
    re.IGNORECASE,
)
SENTENCE_END = ".,;:!?)]}'\"»”’"  # after an address: the sentence's, not the address's
# Entities an address found inside is no address of its own: links, code, commands, names.
WHOLE = {
    "url",
    "email",
    "text_link",
    "code",
    "pre",
    "mention",
    "text_mention",
    "hashtag",
    "cashtag",
    "bot_command",
    "phone_number",
    "custom_emoji",
}


def addresses(text: str) -> list[dict[str, Any]]:
    """The `url` and `email` entities of a text."""
    found = []
    for match in ADDRESS.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "url":
            value = value.rstrip(SENTENCE_END)
            if value.lower() in ("http://", "https://", "www"):
                continue
        start = units(text[: match.start()])
        found.append({"type": kind, "offset": start, "length": units(value)})
    return found


def with_addresses(text: str, entities: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The sender's entities and the addresses found outside links and code, by their start."""
    given = list(entities or [])
    taken = [(e["offset"], e["offset"] + e["length"]) for e in given if e.get("type") in WHOLE]
    for found in addresses(text):
        start, end = found["offset"], found["offset"] + found["length"]
        if not any(start < other_end and other_start < end for other_start, other_end in taken):
            given.append(found)
    return sorted(given, key=lambda e: (e["offset"], -e["length"]))


def typed(text: str, key: str = "text") -> dict[str, Any]:
    """A text (or caption) as Telegram delivers what a person typed, with its entities: a
    leading /command, and the addresses in it."""
    entities_key = "entities" if key == "text" else "caption_entities"
    entities = []
    command = text.split()[0] if text.strip() else ""
    if command.startswith("/") and len(command) > 1:
        entities.append({"type": "bot_command", "offset": 0, "length": units(command)})
    content: dict[str, Any] = {key: text}
    if entities := with_addresses(text, entities):
        content[entities_key] = entities
    return content
