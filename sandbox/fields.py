"""What the page sends, read field by field: a wrong field is a ValueError whose message is the
English sentence the page shows, raised before anything changes."""

from typing import Any

from care.common.texts import units

LARGEST = 2**53  # ids beyond what JavaScript numbers hold exactly are no ids of ours
# Fields a person types, named as the page's forms name them; ids keep their JSON names.
LABELS = {
    "first_name": "Name",
    "last_name": "Last name",
    "language_code": "Language",
    "phone": "Phone number",
    "text": "The message",
    "caption": "The caption",
}


def label(name: str) -> str:
    return LABELS.get(name, name)


def integer(body: dict[str, Any], name: str, required: bool = True) -> int | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise ValueError(f"{name} is missing.")
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{name} must be a whole number.")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number.") from None
    if not -LARGEST < number < LARGEST:
        raise ValueError(f"{name} is out of range.")
    return number


def text(body: dict[str, Any], name: str, limit: int, required: bool = True) -> str:
    """A string of 1..`limit` characters as Telegram counts them (empty when not required)."""
    value = body.get(name)
    if value is None:
        if required:
            raise ValueError(f"{label(name)} is missing.")
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{label(name)} must be text.")
    value = value.strip()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{label(name)} holds characters that are not valid Unicode.") from None
    if required and not value:
        raise ValueError(f"{label(name)} cannot be empty.")
    if units(value) > limit:
        raise ValueError(f"{label(name)} can be at most {limit} characters.")
    return value


def boolean(body: dict[str, Any], name: str) -> bool:
    value = body.get(name)
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false.")
    return value


def choice(body: dict[str, Any], name: str, options: tuple[str, ...], default: str) -> str:
    value = body.get(name, default)
    if value not in options:
        raise ValueError(f"{name} must be one of: {', '.join(options)}.")
    return value
