from datetime import date
from pathlib import Path

import pytest

from care.common.texts import split_for_telegram
from care.people.policies import PolicyFileError, load_policy_file

SHIPPED = Path(__file__).resolve().parents[2] / "policy" / "policy.toml"


def test_the_shipped_policy_file_has_every_language() -> None:
    seed = load_policy_file(SHIPPED)
    assert seed.version == "1.0" and seed.effective_date == date(2026, 11, 1)
    assert set(seed.texts) == {"kk", "ru", "en"}
    for summary, body in seed.texts.values():
        assert len(summary) < 1500 and len(body) > len(summary)


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("version = 1", "'version'"),
        ('version = "2"', "'effective_date'"),
        ('version = "2"\neffective_date = 2026-01-01', "[kk] is missing"),
        ('version = "2"\neffective_date = 2026-01-01\n[kk]\nsummary = "x"', "[kk] body"),
        ("version = ", "Invalid"),
    ],
)
def test_a_broken_policy_file_is_named(tmp_path: Path, content: str, complaint: str) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyFileError) as caught:
        load_policy_file(path)
    assert str(path) in str(caught.value) and complaint in str(caught.value)


def test_long_texts_are_split_at_breaks_under_the_limit() -> None:
    paragraph = "word " * 300
    text = "\n\n".join([paragraph.strip()] * 5)
    parts = split_for_telegram(text, limit=4000)
    assert all(len(p) <= 4000 for p in parts)
    assert "".join(p.replace(" ", "").replace("\n", "") for p in parts) == text.replace(
        " ", ""
    ).replace("\n", "")
    assert split_for_telegram("short") == ["short"]
    assert len(split_for_telegram("x" * 9000)) == 3
