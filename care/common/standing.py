"""What this process knows of the admin chat: whether it has topics, whether it answers and what
rights the bot lacks there (`care.desk.admin_chat` learns it; `/healthz` reports it), and who
administers it (`care.people.supervisors` learns it). Runtime state, refreshed by the
scheduler's ticks, kept apart from the desk's configuration as `Desk.state`."""

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Right(enum.StrEnum):
    """A right the bot needs in the admin chat (named as in ChatMemberAdministrator)."""

    MANAGE_TOPICS = "can_manage_topics"


# A missing right as the agents are told (a message id) and as `/healthz` says it.
NOTICE = {Right.MANAGE_TOPICS: "admin-right-missing-topics"}
HEALTH = {Right.MANAGE_TOPICS: "the bot may not manage topics (users' messages wait)"}


@dataclass
class AdminChatStanding:
    """What this process last learnt about the admin chat."""

    unreachable: str | None = None  # why the last look failed; None: it answered
    logged_at: datetime | None = None  # when the failure was last logged
    looked: bool = False
    missing: set[Right] = field(default_factory=set)

    def failing(self) -> list[str]:
        """What makes the bot unhealthy (`/healthz` answers 503)."""
        return ["admin chat: not reachable"] if self.unreachable is not None else []

    def warnings(self) -> list[str]:
        """What the bot works around, said by a healthy `/healthz`."""
        return [f"admin chat: {HEALTH[right]}" for right in sorted(self.missing)]


@dataclass
class Supervisors:
    """The admin chat's administrators as last learnt; empty until known."""

    ids: frozenset[int] = field(default_factory=frozenset)
    refreshed_at: datetime | None = None

    def __contains__(self, telegram_id: int) -> bool:
        return telegram_id in self.ids

    def seed(self, *telegram_ids: int) -> None:
        """Tests (and a first start before the API answers) name the administrators."""
        self.ids = frozenset(telegram_ids)


@dataclass
class DeskState:
    """The desk's runtime state: all of it the ticks refresh, none of it configuration."""

    topics: bool = True  # the admin chat is a forum; otherwise replies to headers
    # The admin chat's administrators, empty until known: nobody may publish or broadcast.
    supervisors: Supervisors = field(default_factory=Supervisors)
    # Whether the admin chat answers and what rights the bot lacks there.
    standing: AdminChatStanding = field(default_factory=AdminChatStanding)
