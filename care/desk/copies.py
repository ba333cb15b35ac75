"""What a copy row carries (a user's message into their topic, an agent's to the user): the
message it names, or an album whose parts are read when it is sent."""

from typing import Self

from pydantic import model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from care.outbound.outbox import Payload
from storage.desk import care
from storage.vocabulary import Direction


class CopyPayload(Payload):
    """`pairs` and `messages` (pair ids and the original message ids, side by side) name one
    message; `group` names an album instead. `reply`: the original message it answers,
    resolved to its copy when sent."""

    pairs: list[int] | None = None
    messages: list[int] | None = None
    group: str | None = None
    reply: int | None = None

    @model_validator(mode="after")
    def _names_what_it_copies(self) -> Self:
        if self.group is None and (
            self.pairs is None or self.messages is None or len(self.pairs) != len(self.messages)
        ):
            raise ValueError("a copy names its messages (pairs beside messages) or its album")
        return self


async def sources(
    session: AsyncSession, user_id: int, payload: CopyPayload, direction: Direction
) -> list[tuple[int, int]]:
    """(pair id, original message id) of what a copy row carries: named in the row itself, or,
    for an album, its parts still waiting (read when it is sent)."""
    if payload.group is None:
        return list(zip(payload.pairs or (), payload.messages or (), strict=True))
    pairs = await care.pairs_to_copy(session, user_id, direction, media_group_id=payload.group)
    original = "user_message_id" if direction == Direction.IN else "admin_message_id"
    return [(pair.id, getattr(pair, original)) for pair in pairs]
