"""`parse_mode=HTML` as Telegram reads it: plain text plus entities (offsets in UTF-16 units),
or the 400 Telegram answers for markup it cannot parse."""

from html.parser import HTMLParser
from typing import Any

from care.common.texts import units
from sandbox.telegram.detected import with_addresses
from sandbox.telegram.wire import ApiError

# Telegram's supported tags and the entity each makes (`a` and `pre`/`code` are special).
TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
}


def unparsable(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {reason}")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[dict[str, Any]] = []
        self.open: list[tuple[str, int, dict[str, Any]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and ("class", "tg-spoiler") in attrs:
            tag = "tg-spoiler"
        if tag not in TAGS:
            raise unparsable(f'unsupported start tag "{tag}"')
        extra: dict[str, Any] = {}
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if not href:
                raise unparsable("empty link")
            extra["url"] = href
        if tag == "blockquote" and any(name == "expandable" for name, _ in attrs):
            extra["type"] = "expandable_blockquote"
        self.open.append((tag, units(self.text), extra))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.open and self.open[-1][0] == "tg-spoiler":
            tag = "tg-spoiler"
        if not self.open or self.open[-1][0] != tag:
            raise unparsable(f'unmatched end tag "{tag}"')
        _, start, extra = self.open.pop()
        length = units(self.text) - start
        if length:
            entity = {"type": TAGS[tag], "offset": start, "length": length, **extra}
            if tag == "code" and self._inside_pre(start):
                return  # <pre><code class="language-x"> is one pre entity
            self.entities.append(entity)

    def _inside_pre(self, start: int) -> bool:
        return any(tag == "pre" and begin <= start for tag, begin, _ in self.open)

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The text Telegram shows and its entities, in order of their start."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    if reader.open:
        unclosed = reader.open[-1][0]
        raise unparsable(f'unclosed start tag "{unclosed}"')
    return reader.text, sorted(reader.entities, key=lambda e: (e["offset"], -e["length"]))


def check_entities(entities: Any, length: int) -> None:
    """Entities the bot sent itself: a list of spans inside the text, as Telegram demands."""

    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if not isinstance(entities, list):
        raise unparsable("entities must be a list")
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("type"), str):
            raise unparsable("an entity without a type")
        offset, size = entity.get("offset"), entity.get("length")
        if not (whole(offset) and whole(size) and offset >= 0 and size > 0):
            raise unparsable("an entity without a place")
        if offset + size > length:
            raise unparsable("an entity past the end of the text")


def formatted(params: dict[str, Any], key: str) -> dict[str, Any]:
    """`text` or `caption` of a call with its entities, parsed when `parse_mode` asks."""
    entities_key = "entities" if key == "text" else "caption_entities"
    value = params.get(key)
    if value is None:
        return {}
    value = str(value)
    entities = params.get(entities_key)
    if str(params.get("parse_mode") or "").upper() == "HTML":
        value, entities = parse_html(value)
    elif entities is not None:
        check_entities(entities, units(value))
    limit = 4096 if key == "text" else 1024
    if key == "text" and not value.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if units(value) > limit:
        reason = "message is too long" if key == "text" else "message caption is too long"
        raise ApiError(400, f"Bad Request: {reason}")
    return {key: value, entities_key: with_addresses(value, entities) or None}
