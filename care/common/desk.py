"""What the care desk needs to know about its deployment, built once in the root."""

from dataclasses import dataclass, field
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo

from care.common.deadlines import Clocks
from care.common.standing import DeskState
from care.common.statement import Statement, load_statement
from care.common.texts import Catalog, Translator
from storage.models import User


@cache
def packaged_statement() -> Statement:
    from importlib.resources import files

    return load_statement(files("policy") / "statement.toml")  # type: ignore[arg-type]


@dataclass(frozen=True)
class Desk:
    """The deployment's configuration, fixed at start; what the process learns as it runs
    (topics or replies, the supervisors, the admin chat's standing) is in `state`."""

    admin_chat_id: int
    catalog: Catalog
    tz: ZoneInfo
    admin_locale: str = "ru"
    flood_limit: int = 20  # messages a user may send ...
    flood_window: int = 60  # ... within this many seconds
    show_agent_names: bool = False
    clocks: Clocks = field(default_factory=Clocks)
    subject_key: bytes = b"qamqor-tests"  # the root passes the one from the settings
    statement: Statement = field(default_factory=packaged_statement)
    digest_at: time | None = time(9, 0)  # local time of the daily digest; None: no digest
    care_log_retention_days: int = 365  # texts of conversations closed longer ago go; 0: never
    unfinished_user_days: int = 30  # users who never verified, inactive this long, go; 0: never
    policy_notice_days: int = 10  # a new policy version takes effect this many days on at least
    broadcast_window: int = 50  # broadcast rows the outbox holds at most (2 x SEND_RATE)
    state: DeskState = field(default_factory=DeskState, compare=False)  # refreshed by ticks

    @property
    def admin_t(self) -> Translator:
        return self.catalog.translator(self.admin_locale)

    def user_t(self, user: User) -> Translator:
        return self.catalog.translator(user.language)

    def topic_link(self, thread_id: int | None, message_id: int | None = None) -> str | None:
        """`https://t.me/c/<chat>/<thread>` for a supergroup topic or message."""
        internal = str(self.admin_chat_id).removeprefix("-100")
        target = thread_id or message_id
        return f"https://t.me/c/{internal}/{target}" if target else None
