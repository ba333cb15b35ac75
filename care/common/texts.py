"""Fluent catalogues: loading `locales/{kk,ru,en}` and formatting messages."""

import logging
from collections.abc import Iterator
from datetime import date, datetime, tzinfo
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from babel.dates import format_date as babel_date
from fluent.runtime import FluentBundle, FluentResource

from care.common.kazakh import Case, inflect

LOCALES = ("kk", "ru", "en")

log = logging.getLogger(__name__)


def _in_case(case: Case) -> Any:
    def apply(value: Any) -> str:
        return inflect(str(value), case)

    return apply


# Kazakh postpositions govern a case: `{ DATIVE($due) } дейін`, `{ ABLATIVE($date) } бастап`,
# `{ LOCATIVE($date) } күшіне енеді`.
FUNCTIONS = {case.name: _in_case(case) for case in Case}


def new_bundle(locale: str) -> FluentBundle:
    return FluentBundle([locale], functions=FUNCTIONS, use_isolating=False)


class CatalogError(Exception):
    """A locale's `.ftl` files are missing or unreadable; the message says where."""


class Translator:
    """Formats message ids in one locale; a callable handed to handlers as `t`."""

    def __init__(self, locale: str, bundle: FluentBundle, strict: bool = False) -> None:
        self.locale = locale
        self._bundle = bundle
        self.strict = strict  # tests: a missing message or a formatting error raises

    def __call__(self, msg_id: str, **args: Any) -> str:
        # A message with attributes only has no value: it is as good as missing.
        pattern = (
            self._bundle.get_message(msg_id).value if self._bundle.has_message(msg_id) else None
        )
        if pattern is None:
            if self.strict:
                raise KeyError(f"missing message {msg_id} in {self.locale}")
            log.error("missing message %s in %s", msg_id, self.locale)
            return "…"  # never a raw message id on a user's screen
        args, long_texts = set_aside_long_texts(args)
        text, errors = self._bundle.format_pattern(pattern, args)
        # FluentNone comes only from a pattern met again while it resolves: never the outer one.
        assert isinstance(text, str), f"message {msg_id} resolved to {text!r}"
        if errors and self.strict:
            raise ValueError(f"message {msg_id} in {self.locale}: {errors}")
        for error in errors:
            log.error("message %s in %s: %s", msg_id, self.locale, error)
        for marker, value in long_texts.items():
            text = text.replace(marker, value)
        return text


# fluent.runtime turns an argument longer than 2500 characters into "{???}"; what people wrote
# (a reason, a correction) can be longer, so it is put in after formatting.
LONG_TEXT = 1000


def set_aside_long_texts(args: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """`args` with long strings replaced by markers, and the markers with their strings."""
    long_texts: dict[str, str] = {}
    kept: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, str) and len(value) > LONG_TEXT:
            marker = f"\x00{name}\x00"
            long_texts[marker] = value
            value = marker
        kept[name] = value
    return kept, long_texts


class Catalog:
    """All three locales, loaded once at start."""

    def __init__(self, directory: Traversable | None = None, strict: bool = False) -> None:
        """Loads from `directory`, by default the `locales` package installed with the bot."""
        root = directory if directory is not None else packaged_locales()
        self._translators: dict[str, Translator] = {}
        for locale in LOCALES:
            bundle = new_bundle(locale)
            for source in read_sources(root / locale):
                bundle.add_resource(FluentResource(source))
            self._translators[locale] = Translator(locale, bundle, strict)

    def translator(self, locale: str) -> Translator:
        return self._translators.get(locale) or self._translators["ru"]

    def __iter__(self) -> Iterator[Translator]:
        return iter(self._translators.values())

    def variants(self, msg_id: str, **args: Any) -> set[str]:
        """The text of one message in every locale (to match reply-keyboard buttons)."""
        return {t(msg_id, **args) for t in self}


def packaged_locales() -> Traversable:
    try:
        return files("locales")
    except ModuleNotFoundError:
        raise CatalogError("the locales package is not installed") from None


def read_sources(folder: Traversable) -> list[str]:
    """The texts of the folder's `.ftl` files, in name order."""
    try:
        paths = sorted(
            (path for path in folder.iterdir() if path.name.endswith(".ftl")),
            key=lambda path: path.name,
        )
        sources = [path.read_text(encoding="utf-8") for path in paths]
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise CatalogError(f"cannot read {folder}: {reason}") from None
    if not sources:
        raise CatalogError(f"no .ftl files in {folder}")
    return sources


def pick_locale(telegram_code: str | None, default: str) -> str:
    """kk/ru/en from Telegram's `language_code` (`ru-RU` → `ru`), else the default."""
    code = (telegram_code or "").split("-")[0].lower()
    return code if code in LOCALES else default


# CLDR's long Russian date ends in "г.", which doubles the full stop of a sentence ending in a
# date ("до 2 декабря 2026 г.."): the year stands alone, as Russian interfaces write it.
# English for Kazakhstan writes the day first ("10 December 2026"), not the US "December 10".
# Kazakh keeps CLDR's "2026 ж. 10 желтоқсан": it ends in the month, whose case the catalogue
# picks (care.common.kazakh).
DAY_FORMATS = {"ru": "d MMMM y", "en": "d MMMM y"}


def format_day(value: date, locale: str) -> str:
    """A date as the language writes it, the one style of dates in every text (`23 марта
    2026`, `23 March 2026`, `2026 ж. 23 наурыз`)."""
    return babel_date(value, format=DAY_FORMATS.get(locale, "long"), locale=locale)


def format_moment(value: datetime, tz: tzinfo) -> str:
    """A stored UTC moment as local wall time, e.g. `22.11.2026 10:15`."""
    return value.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def units(text: str) -> int:
    """Text length as Telegram counts it: UTF-16 code units (an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    total = 0
    for n, char in enumerate(text):
        total += 2 if ord(char) > 0xFFFF else 1
        if total > limit:
            return n
    return len(text)


def cut_at_break(text: str, limit: int) -> tuple[str, str]:
    """The head of `text` that fits in `limit` UTF-16 units, cut at the last paragraph, line
    or space break when one lies in its second half; and the rest ("" when all fits)."""
    fit = _fitting(text, limit)
    if fit >= len(text):
        return text, ""
    window = text[:fit]
    cut = max(window.rfind("\n"), window.rfind(" "))
    cut = cut if cut > fit // 2 else fit
    return text[:cut].rstrip(), text[cut:].lstrip()


def split_for_telegram(text: str, limit: int = 4000) -> list[str]:
    """Cut long text into message-sized parts at paragraph, then line, then space breaks."""
    parts: list[str] = []
    rest = text.strip()
    while rest:
        head, rest = cut_at_break(rest, limit)
        parts.append(head)
    return parts
