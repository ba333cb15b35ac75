"""Who may enter a handler: decided from the update and what aiogram's handler data carries
(the user, the policy version in force, the desk, the catalogue), read when the filter runs,
so routers are declared once at module level (handlers.routes). Each is a coroutine and cheap:
every update meets dozens of them on the event loop (bot.inline_filters)."""

from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from care.common.desk import Desk
from care.common.texts import Catalog
from care.people.onboarding import Stage, stage_of
from care.people.supervisors import is_supervisor
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


class AdminChat(Filter):
    """A message in the admin chat, or a press on a button of one."""

    async def __call__(self, event: Message | CallbackQuery, desk: Desk) -> bool:
        message = event.message if isinstance(event, CallbackQuery) else event
        return message is not None and message.chat.id == desk.admin_chat_id


class ByPeople(Filter):
    """A message a person wrote: not a bot's, except the admin chat's own (an anonymous
    administrator posts as the chat, through Telegram's GroupAnonymousBot)."""

    async def __call__(self, message: Message, desk: Desk) -> bool:
        if message.from_user is None or not message.from_user.is_bot:
            return True
        return message.sender_chat is not None and message.sender_chat.id == desk.admin_chat_id


class IsSupervisor(Filter):
    """From an administrator of the admin chat (care.people.supervisors); while the list is
    unknown, from nobody. `anonymous`: whether a message posted as the admin chat itself
    counts (only its administrators can post so)."""

    def __init__(self, *, anonymous: bool) -> None:
        self.anonymous = anonymous

    async def __call__(self, event: Message | CallbackQuery, desk: Desk) -> bool:
        sender_chat = getattr(event, "sender_chat", None)  # a button press has none
        anonymous = (
            self.anonymous and sender_chat is not None and sender_chat.id == desk.admin_chat_id
        )
        person = event.from_user
        return is_supervisor(desk.state.supervisors, person.id if person else None, anonymous)


class MenuButton(Filter):
    """A reply-keyboard button's text in any locale (the user may have switched language since
    the keyboard was sent). The texts are read from the dispatcher's catalogue the first time
    and kept while that catalogue is the one in the data."""

    def __init__(self, *msg_ids: str) -> None:
        self.msg_ids = msg_ids
        self._catalog: Catalog | None = None
        self._texts: frozenset[str] = frozenset()

    async def __call__(self, message: Message, catalog: Catalog) -> bool:
        return message.text in self.texts(catalog)

    def texts(self, catalog: Catalog) -> frozenset[str]:
        if catalog is not self._catalog:
            self._texts = frozenset().union(*(catalog.variants(m) for m in self.msg_ids))
            self._catalog = catalog
        return self._texts


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
