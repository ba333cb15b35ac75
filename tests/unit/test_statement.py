"""The operator's statement file: shipped complete, broken ones named."""

from pathlib import Path

import pytest

from bot.settings import packaged_file
from care.common.statement import SECTIONS, StatementFileError, load_statement
from care.common.texts import LOCALES


def test_the_shipped_statement_has_every_section_in_every_language() -> None:
    statement = load_statement(packaged_file("statement.toml"))
    for locale in LOCALES:
        for name in SECTIONS:
            assert statement.section(locale, name)
    # The authorized body is named in the file, not in code (ministries are renamed).
    assert "eotinish.kz" in statement.where_to_complain("kk")
    assert "Министерство" in statement.where_to_complain("ru")


def test_a_missing_section_is_named(tmp_path: Path) -> None:
    source = packaged_file("statement.toml").read_text(encoding="utf-8")
    broken = tmp_path / "statement.toml"
    broken.write_text(source.replace('court = "You may', 'courts = "You may'), encoding="utf-8")
    with pytest.raises(StatementFileError, match=r"\[en\] court is missing"):
        load_statement(broken)


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(StatementFileError, match=r"statement\.toml"):
        load_statement(tmp_path / "statement.toml")
