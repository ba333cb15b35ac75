"""The operator's statement: what a data report tells the user besides their data (purposes,
legal grounds, sources, methods, recipients, storage terms) and where they may complain.

It lives in an editable TOML file, one section per language, because ministries are renamed
and operators differ: nothing of it is in code.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from care.common.texts import LOCALES

SECTIONS = (
    "operator",
    "purposes",
    "legal_grounds",
    "sources",
    "methods",
    "recipients",
    "storage_terms",
    "authority",
    "court",
)


class StatementFileError(Exception):
    """The statement file is unreadable or incomplete; the message says where."""


@dataclass(frozen=True)
class Statement:
    texts: dict[str, dict[str, str]]  # locale -> section -> text

    def section(self, locale: str, name: str) -> str:
        return self.texts.get(locale, self.texts["ru"])[name]

    def where_to_complain(self, locale: str) -> str:
        """The authorized body (name and contacts) and the court, for refusals and answers."""
        return f"{self.section(locale, 'authority')}\n{self.section(locale, 'court')}"


def load_statement(path: Path) -> Statement:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise StatementFileError(f"{path}: {exc}") from None
    texts: dict[str, dict[str, str]] = {}
    for locale in LOCALES:
        section = raw.get(locale)
        if not isinstance(section, dict):
            raise StatementFileError(f"{path}: section [{locale}] is missing")
        texts[locale] = {}
        for name in SECTIONS:
            value = section.get(name)
            if not (isinstance(value, str) and value.strip()):
                raise StatementFileError(f"{path}: [{locale}] {name} is missing")
            texts[locale][name] = value.strip()
    return Statement(texts)
