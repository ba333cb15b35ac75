"""Every message exists in kk, ru and en with the same variables, and formats cleanly."""

from datetime import date
from pathlib import Path

import pytest
from fluent.runtime import FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from care.common.texts import LOCALES, Catalog, format_day, new_bundle, pick_locale

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
KAZAKH_LETTERS = set("әғқңөұүһі")


class Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def messages(locale: str) -> dict[str, ast.Message]:
    found: dict[str, ast.Message] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{path}: syntax errors {[j.annotations for j in junk]}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                assert entry.id.name not in found, f"{locale}: duplicate {entry.id.name}"
                found[entry.id.name] = entry
    return found


def variables(message: ast.Message) -> set[str]:
    visitor = Variables()
    visitor.visit(message)
    return visitor.names


CATALOGUES = {locale: messages(locale) for locale in LOCALES}


def test_every_locale_has_the_same_message_ids() -> None:
    ids = {locale: set(found) for locale, found in CATALOGUES.items()}
    assert ids["kk"] == ids["ru"] == ids["en"]
    assert len(ids["en"]) > 30


@pytest.mark.parametrize("msg_id", sorted(CATALOGUES["en"]))
def test_same_variables_in_every_locale(msg_id: str) -> None:
    seen = {locale: variables(CATALOGUES[locale][msg_id]) for locale in LOCALES}
    assert seen["kk"] == seen["ru"] == seen["en"], seen


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_formats_without_errors(locale: str) -> None:
    bundle = new_bundle(locale)
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    for msg_id, message in CATALOGUES[locale].items():
        args = {name: 3 for name in variables(message)}
        text, errors = bundle.format_pattern(bundle.get_message(msg_id).value, args)
        assert not errors, (locale, msg_id, errors)
        assert text.strip()


def test_kazakh_is_written_in_kazakh() -> None:
    catalog = Catalog()
    kk, ru = catalog.translator("kk"), catalog.translator("ru")
    prose = [
        m
        for m in CATALOGUES["kk"]
        if len(kk(m, **dict.fromkeys(variables(CATALOGUES["kk"][m]), 1))) > 40
    ]
    assert prose
    for msg_id in prose:
        args = dict.fromkeys(variables(CATALOGUES["kk"][msg_id]), 1)
        text = kk(msg_id, **args)
        assert text != ru(msg_id, **args)
        assert KAZAKH_LETTERS & set(text.lower()), f"{msg_id} has no Kazakh letters"


def test_catalog_formats_variables_and_matches_buttons_in_all_languages() -> None:
    catalog = Catalog()
    assert catalog.translator("en")("phone-verified", phone="+77011234567").startswith(
        "Number +77011234567"
    )
    assert catalog.variants("menu-button-help") == {"❓ Help", "❓ Помощь", "❓ Көмек"}


@pytest.mark.parametrize(
    ("code", "expected"),
    [("kk", "kk"), ("KK", "kk"), ("ru-RU", "ru"), ("en-US", "en"), ("uz", "ru"), (None, "ru")],
)
def test_pick_locale(code, expected) -> None:
    assert pick_locale(code, "ru") == expected


@pytest.mark.parametrize("locale", LOCALES)
def test_a_date_ending_a_sentence_ends_it_once(locale: str) -> None:
    """Russian's long date ended in "г.", and "до { $due }." showed "2 декабря 2026 г.."."""
    t = Catalog(strict=True).translator(locale)
    due = format_day(date(2026, 12, 2), locale)
    text = t("request-status-in_progress", reference="Q-2026-000001", kind="x", due=due)
    assert due in text and ".." not in text
