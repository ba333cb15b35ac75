"""What people write can be longer than Fluent allows an argument to be."""

from care.common.texts import Catalog

CATALOG = Catalog(strict=True)


def test_a_reason_longer_than_fluent_takes_is_shown_whole() -> None:
    reason = "Because the law says so. " * 200  # 5000 characters
    for t in CATALOG:
        text = t("request-reason", reason=reason)
        assert reason in text and "{???}" not in text


def test_short_arguments_are_formatted_as_usual() -> None:
    t = CATALOG.translator("en")
    assert t("request-reason", reason="Not ours") == "Reason: Not ours"
