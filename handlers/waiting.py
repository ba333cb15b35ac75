"""What waits for an agent's next message in the admin chat: a card's prompt (the question,
the answer, the reason, the legal ground) or a supervisor's /policy draft.

The dispatcher keeps FSM state per person *and topic* (`FSMStrategy.USER_IN_TOPIC`), so a card
pressed in one user's topic and another in the next wait side by side, and a draft in General
is not touched by a card in a topic. Starting a second one where one already waits (a second
card in the same topic, or any press in a chat without topics) replaces it: `dropped` says
which, so nobody believes a request was answered while it waits."""

from datetime import datetime, timedelta
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

from care.common.desk import Desk

PROMPT_TTL = timedelta(hours=1)  # a prompt forgotten longer than this takes nothing
DRAFT_TTL = timedelta(hours=24)  # a draft forgotten longer than this takes nothing


class CardPrompt(StatesGroup):
    answer = State()  # the agent's next message in the card's topic answers the press


class PolicyDraftState(StatesGroup):
    version = State()
    effective = State()
    text = State()  # data: the languages still to come
    summary = State()
    confirm = State()


def is_note(text: str) -> bool:
    """`!text`: an internal note (handlers.desk.agents keeps it), never an answer a user reads."""
    text = text.strip()
    return text.startswith("!") and bool(text[1:].strip())


def in_note_album(message: Any, data: dict[str, Any]) -> bool:
    """A later part of an album whose caption made it a note (Telegram captions the first
    part only): a note too, never an answer or a copy for the user."""
    group = getattr(message, "media_group_id", None)
    return group is not None and data.get("note_album") == group


def fresh(data: dict[str, Any], ttl: timedelta, now: datetime) -> bool:
    """Whether what `data` holds was started within `ttl` of `now`."""
    return "at" in data and now - datetime.fromisoformat(data["at"]) <= ttl


async def dropped(state: FSMContext, desk: Desk, now: datetime, request: int | None = None):
    """The sentence naming what still waits here and is about to be replaced, or None
    (nothing waits, it expired, or it is the same request's prompt)."""
    current, data = await state.get_state(), await state.get_data()
    if current == CardPrompt.answer.state and fresh(data, PROMPT_TTL, now):
        if data.get("request") == request:
            return None
        button = desk.admin_t(f"card-button-{data['action']}")
        reference = data.get("reference") or f"#{data['request']}"
        return desk.admin_t("admin-dropped-prompt", button=button, reference=reference)
    if current in PolicyDraftState.__all_states_names__ and fresh(data, DRAFT_TTL, now):
        return desk.admin_t("admin-dropped-policy-draft")
    return None
