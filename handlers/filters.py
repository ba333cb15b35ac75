"""Who may enter a handler, decided from the user and the policy version in force."""

from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, TelegramObject

from care.people.onboarding import Stage, stage_of
from storage.models import User


class AtStage(Filter):
    """Passes when the user is at one of the given onboarding stages."""

    def __init__(self, *stages: Stage) -> None:
        self.stages = stages

    async def __call__(
        self,
        event: TelegramObject,
        user: User | None = None,
        policy_in_force_id: int | None = None,
    ) -> bool:
        return stage_of(user, policy_in_force_id) in self.stages


class Verified(Filter):
    """Passes for a user whose phone is verified and who is not erased, whatever policy version
    they consented to: rights requests do not wait for consent to a newer version."""

    async def __call__(self, event: TelegramObject, user: User | None = None) -> bool:
        return user is not None and user.verified and user.erased_at is None


async def first_part(message: Message, state: FSMContext) -> bool:
    """False for the second and later parts of an album a guiding answer was given for: an
    album is one message, so it gets one answer (remembered in the chat's FSM data, within the
    update's transaction)."""
    group = message.media_group_id
    if group is None:
        return True
    if (await state.get_data()).get("answered_album") == group:
        return False
    await state.update_data(answered_album=group)
    return True
