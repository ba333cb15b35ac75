"""Who may enter a handler, decided from the user and the policy version in force."""

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from care.onboarding import Stage, stage_of
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
