"""A user's side of a chat with the bot: say things, read replies in order, tap buttons."""

from typing import Any

from sandbox.telegram import Call, FakeTelegram, Person


class Conversation:
    def __init__(self, fake: FakeTelegram, person: Person, timeout: float = 10.0) -> None:
        self.fake = fake
        self.person = person
        self.timeout = timeout
        self.seen = 0

    def say(self, text: str) -> dict[str, Any]:
        return self.fake.text(self.person, text)

    def share_contact(self, phone: str, user_id: int | None = -1) -> dict[str, Any]:
        """The user's own contact by default; pass another id or None (a forwarded card)."""
        owner = self.person.id if user_id == -1 else user_id
        return self.fake.contact(self.person, phone, owner, self.person.first_name)

    async def reply(self) -> Call:
        """The next message the bot sent to this user (waits, bounded)."""
        sent = await self.fake.wait_until(
            lambda: (s := self.fake.sent_to(self.person.id)) and len(s) > self.seen and s,
            self.timeout,
        )
        call = sent[self.seen]
        self.seen += 1
        return call

    async def expect(self, needle: str) -> Call:
        """The next message to this user that holds `needle`, skipping others (waits, bounded)."""

        def found() -> int | None:
            sent = self.fake.sent_to(self.person.id)
            return next(
                (i + 1 for i in range(self.seen, len(sent)) if needle in (sent[i].text or "")),
                None,
            )

        index = await self.fake.wait_until(found, self.timeout)
        self.seen = index
        return self.fake.sent_to(self.person.id)[index - 1]

    async def replies(self, count: int) -> list[Call]:
        return [await self.reply() for _ in range(count)]

    def unread(self) -> list[Call]:
        return self.fake.sent_to(self.person.id)[self.seen :]

    def tap(self, call: Call, label: str) -> None:
        """Tap the inline button whose text contains `label` on a message the bot sent."""
        for button in call.buttons():
            if label in button["text"] and "callback_data" in button:
                self.fake.press(self.person, call.result, button["callback_data"])
                return
        raise AssertionError(f"no inline button {label!r} in {call.buttons()}")
