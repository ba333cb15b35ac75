"""Every command typed in the admin chat's General gets an answer, in the admin language."""

import pytest

from tests.flow.harness import ADMIN_CHAT_ID, DeskHarness


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog, default_locale="kk")


async def answer_to(desk: DeskHarness, text: str) -> str | None:
    before = len(desk.fake.sent_to(ADMIN_CHAT_ID))
    command = text.split()[0]
    desk.agent_says(
        None, text, entities=[{"type": "bot_command", "offset": 0, "length": len(command)}]
    )
    await desk.run()
    sent = desk.fake.sent_to(ADMIN_CHAT_ID)[before:]
    assert len(sent) <= 1
    return sent[0].text if sent else None


async def test_a_card_tool_in_general_says_where_it_works(desk: DeskHarness) -> None:
    t = desk.care.admin_t
    assert await answer_to(desk, "/setlang kk") == t("admin-tool-in-topic")
    assert await answer_to(desk, "/setname Aigerim") == t("admin-tool-in-topic")


async def test_cancel_with_nothing_open_says_so(desk: DeskHarness) -> None:
    assert await answer_to(desk, "/cancel") == desk.care.admin_t("admin-nothing-to-cancel")


async def test_an_unknown_command_is_named_and_pointed_to_help(desk: DeskHarness) -> None:
    t = desk.care.admin_t
    expected = t("admin-unknown-command", command="/unknowncmd")
    assert await answer_to(desk, "/unknowncmd") == expected
    assert "/unknowncmd" in expected and "/help" in expected


async def test_a_command_for_another_bot_is_left_to_it(desk: DeskHarness) -> None:
    assert await answer_to(desk, "/start@SomeOtherBot") is None
