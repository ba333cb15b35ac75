"""A database failure is not swallowed: the update is not confirmed, Telegram sends it again."""

import pytest
from aiogram.types import Update
from sqlalchemy.exc import OperationalError

from care.desk import inbound
from tests.fake_telegram import Person
from tests.flow.harness import DeskHarness
from tests.flow.onboarded import verified_user

AIGERIM = Person(1001, "Aigerim", language_code="en")


async def test_a_database_error_propagates_and_the_resent_update_is_handled(
    desk: DeskHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await verified_user(desk, AIGERIM, "+77011234567")
    desk.fake.text(AIGERIM, "hello")
    (raw,) = desk.fake.take_updates()
    real = inbound.relay_from_user

    async def locked(*args, **kwargs):
        raise OperationalError("UPDATE users", {}, Exception("database is locked"))

    monkeypatch.setattr(inbound, "relay_from_user", locked)
    with pytest.raises(OperationalError):
        await desk.dispatcher.feed_update(desk.bot, Update.model_validate(raw))
    assert not desk.dispatcher["failures"]  # no apology: the update is simply not done yet
    monkeypatch.setattr(inbound, "relay_from_user", real)

    await desk.dispatcher.feed_update(desk.bot, Update.model_validate(raw))  # sent again
    await desk.run()
    assert [c.text for c in desk.fake.calls_of("copyMessage")] == ["hello"]
