"""Whether messages can reach a user (they may block the bot at any time)."""

from datetime import datetime

from storage.models import User


def mark_blocked(user: User, now: datetime) -> None:
    if user.blocked_bot_at is None:
        user.blocked_bot_at = now


def mark_reachable(user: User) -> None:
    user.blocked_bot_at = None
